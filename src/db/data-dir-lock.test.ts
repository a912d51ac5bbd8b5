import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DataDirLockedError, lockDataDir } from './data-dir-lock.js';

const dirs: string[] = [];
function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bk-lock-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

describe('data folder lock', () => {
  it('refuses a second holder while a live process holds the folder, naming it', async () => {
    const dir = tempDir();
    const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
    try {
      fs.writeFileSync(
        path.join(dir, 'buurtkracht.lock'),
        JSON.stringify({
          pid: child.pid,
          hostname: os.hostname(),
          purpose: 'server',
          startedAt: '',
          url: 'http://127.0.0.1:3000',
        }),
      );
      expect(() => lockDataDir(dir, 'import-places')).toThrow(DataDirLockedError);
      expect(() => lockDataDir(dir, 'import-places')).toThrow(/stop that process first/);
      expect(() => lockDataDir(dir, 'import-places')).toThrow(/http:\/\/127\.0\.0\.1:3000/);
    } finally {
      child.kill();
    }
  });

  it('takes over the lock of a process that died', () => {
    const dir = tempDir();
    fs.writeFileSync(
      path.join(dir, 'buurtkracht.lock'),
      JSON.stringify({ pid: 2 ** 22 + 12345, hostname: os.hostname(), purpose: 'server', startedAt: '' }),
    );
    const lock = lockDataDir(dir, 'server');
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'buurtkracht.lock'), 'utf8')).pid).toBe(process.pid);
    lock.release();
    expect(fs.existsSync(path.join(dir, 'buurtkracht.lock'))).toBe(false);
  });

  it('lets the next process in after release', () => {
    const dir = tempDir();
    lockDataDir(dir, 'server').release();
    const again = lockDataDir(dir, 'server');
    again.release();
  });
});
