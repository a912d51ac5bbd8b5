import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

describe('configuration', () => {
  it('starts with no settings at all: embedded database, port 3000, demo on', () => {
    const config = loadConfig({});
    expect(config.port).toBe(3000);
    expect(config.databaseUrl).toBeUndefined();
    expect(config.dataDir).toMatch(/data$/);
    expect(config.demo).toBe(true);
    expect(config.publicUrl).toBe('http://127.0.0.1:3000');
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('has the demo on by default except in production, where it must be asked for', () => {
    const key = { SECRET_KEY: 'x'.repeat(40) };
    expect(loadConfig({ ...key, NODE_ENV: 'development' }).demo).toBe(true);
    expect(loadConfig({ ...key, NODE_ENV: 'test' }).demo).toBe(true);
    expect(loadConfig({ ...key, NODE_ENV: 'production' }).demo).toBe(false);
    expect(loadConfig({ ...key, NODE_ENV: 'production', DEMO: '' }).demo).toBe(false);
    expect(loadConfig({ ...key, NODE_ENV: 'production', DEMO: 'true' }).demo).toBe(true);
    expect(loadConfig({ ...key, NODE_ENV: 'development', DEMO: 'false' }).demo).toBe(false);
  });

  it('lists every problem at once, naming each setting', () => {
    let error: unknown;
    try {
      loadConfig({ PORT: 'abc', DATABASE_URL: 'mysql://x', DEMO: 'maybe', LOG_LEVEL: 'loud' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    for (const name of ['PORT', 'DATABASE_URL', 'DEMO', 'LOG_LEVEL']) expect(problems).toContain(name);
  });

  it('sends two pledge batches ahead by default, on their own connection (not the pool)', () => {
    expect(loadConfig({}).pledgeBatchesInFlight).toBe(2);
    expect(loadConfig({ PLEDGE_BATCHES_IN_FLIGHT: '8', DATABASE_POOL_SIZE: '4' }).pledgeBatchesInFlight).toBe(
      8,
    );
    expect(() => loadConfig({ PLEDGE_BATCHES_IN_FLIGHT: '0' })).toThrow(/PLEDGE_BATCHES_IN_FLIGHT/);
  });

  it('refuses a tile URL without {z}/{x}/{y}', () => {
    expect(() => loadConfig({ MAP_TILE_URL: 'https://tiles.example/tile.png' })).toThrow(/MAP_TILE_URL/);
  });

  it('accepts an empty tile URL: boundaries without tiles', () => {
    expect(loadConfig({ MAP_TILE_URL: '' }).map.tileUrl).toBe('');
  });

  it('trusts X-Forwarded-For only from the proxies listed in TRUST_PROXY', () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: 'false' }).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: '10.0.0.5, 10.1.0.0/16,fd00::/8,loopback' }).trustProxy).toEqual([
      '10.0.0.5',
      '10.1.0.0/16',
      'fd00::/8',
      'loopback',
    ]);
  });

  it.each([
    ['true', /TRUST_PROXY: true would trust every X-Forwarded-For entry.*10\.0\.0\.5/],
    ['yes', /TRUST_PROXY: true would trust every X-Forwarded-For entry/],
    ['1', /TRUST_PROXY: a number of hops would trust whoever connects/],
    ['2', /TRUST_PROXY: a number of hops/],
    ['proxy.internal', /TRUST_PROXY: "proxy.internal": not an IP address, CIDR range/],
    ['10.0.0.0/0', /TRUST_PROXY: "10.0.0.0\/0"/],
    ['10.0.0.0/33', /TRUST_PROXY: "10.0.0.0\/33"/],
  ])('refuses TRUST_PROXY=%s, saying what to set instead', (value, message) => {
    expect(() => loadConfig({ TRUST_PROXY: value })).toThrow(message);
  });
});
