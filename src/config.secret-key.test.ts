import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

describe('SECRET_KEY', () => {
  it('is required in production', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(ConfigError);
    expect(() => loadConfig({ NODE_ENV: 'production', SECRET_KEY: 'too-short' })).toThrow(/at least 32/);
    const given = loadConfig({ NODE_ENV: 'production', SECRET_KEY: 'x'.repeat(40) });
    expect(given.secretKey).toBe('x'.repeat(40));
    expect(given.secretKeyFile).toBeUndefined();
  });

  it('is generated once into the data folder elsewhere, and kept', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bk-secret-'));
    try {
      const first = loadConfig({ NODE_ENV: 'development', BUURTKRACHT_DATA_DIR: dir }).secretKey;
      expect(first.length).toBeGreaterThanOrEqual(32);
      // Named in the message of a process refused for having another key than the database's.
      expect(loadConfig({ NODE_ENV: 'development', BUURTKRACHT_DATA_DIR: dir }).secretKeyFile).toBe(
        path.join(dir, 'secret.key'),
      );
      expect(loadConfig({ NODE_ENV: 'development', BUURTKRACHT_DATA_DIR: dir }).secretKey).toBe(first);
      expect(fs.statSync(path.join(dir, 'secret.key')).mode & 0o777).toBe(0o600);
      expect(fs.readdirSync(dir)).toEqual(['secret.key']);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('session timeouts', () => {
  it('default to 30 idle minutes and 12 hours', () => {
    const config = loadConfig({ NODE_ENV: 'test', SECRET_KEY: 'x'.repeat(40) });
    expect(config.session).toEqual({ idleMinutes: 30, absoluteHours: 12 });
  });
});
