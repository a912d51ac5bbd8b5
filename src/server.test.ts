import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { sql } from 'kysely';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../test/helpers/database.js';
import { loadConfig } from './config.js';
import type { Database } from './db/database.js';
import { checkSecretKey, SecretKeyMismatchError } from './db/secret-key-check.js';
import { DEMO_PASSWORD } from './modules/identity/index.js';
import { startServer } from './server.js';

const SECRET_KEY = 'server-test-secret-key-0123456789-abcdefgh';

let dataDir: string;
beforeAll(async () => {
  dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'buurtkracht-server-'));
});
afterAll(async () => {
  await fs.rm(dataDir, { recursive: true, force: true });
});

/** Starts the app process's start-up in-process on a fresh database; returns what it logged. */
async function start(env: Record<string, string>, database: Database) {
  const lines: string[] = [];
  const log = pino(
    { level: 'info' },
    new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString());
        done();
      },
    }),
  );
  const config = loadConfig({
    SECRET_KEY,
    BUURTKRACHT_DATA_DIR: dataDir,
    PORT: '0',
    LOG_LEVEL: 'info',
    ...env,
  });
  const server = await startServer({ config, database, log });
  await server.close();
  const logged = lines.map((l) => JSON.parse(l) as { msg: string; codes?: unknown; level: number });
  return { logged, text: lines.join('') };
}

async function countDemo(database: Database) {
  const { rows } = await sql<{ accounts: number; initiatives: number; years: number; printed: number }>`
    select (select count(*)::int from staff_account) as accounts,
      (select count(*)::int from initiative) as initiatives,
      (select count(*)::int from budget_year) as years,
      (select count(*)::int from voucher where printed_at is not null) as printed
  `.execute(database.db);
  return rows[0];
}

describe('the demo in production', () => {
  it('is not loaded unless asked for', async () => {
    const database = await createTestDatabase();
    try {
      const { logged } = await start({ NODE_ENV: 'production' }, database);
      expect(await countDemo(database)).toEqual({ accounts: 0, initiatives: 0, years: 0, printed: 0 });
      // The log says so, and loads nothing of it.
      expect(logged.filter((l) => l.msg.includes('demo')).map((l) => l.msg)).toEqual([
        'no demo loaded: DEMO is off (the default in production)',
      ]);
    } finally {
      await database.close();
    }
  });

  it('with DEMO=true loads places, initiatives and the budget, but no staff accounts and no codes', async () => {
    const database = await createTestDatabase();
    try {
      const { logged, text } = await start({ NODE_ENV: 'production', DEMO: 'true' }, database);
      const counts = await countDemo(database);
      expect(counts?.initiatives).toBeGreaterThan(0);
      expect(counts?.years).toBe(1);
      // Nobody can sign in with the published password, and no working code is in the log.
      expect(counts?.accounts).toBe(0);
      expect(counts?.printed).toBe(0);
      expect(text).not.toContain(DEMO_PASSWORD);
      expect(logged.filter((l) => l.codes !== undefined)).toEqual([]);
      expect(await fs.readdir(dataDir)).toEqual([]);
      expect(logged.map((l) => l.msg)).toContain('demo loaded without staff accounts (production)');
    } finally {
      await database.close();
    }
  });
});

describe('one SECRET_KEY per database', () => {
  it('refuses to start with another key than the database was set up with, before listening', async () => {
    const database = await createTestDatabase();
    try {
      await checkSecretKey(database.db, { secretKey: 'y'.repeat(40), secretKeyFile: undefined });
      const refused = start({ NODE_ENV: 'test', DEMO: 'false' }, database);
      await expect(refused).rejects.toThrow(SecretKeyMismatchError);
      await expect(refused).rejects.toThrow(/set the same SECRET_KEY on every app process and for the CLI/i);
      // The key it has was not recorded instead: the first one stays.
      await expect(
        checkSecretKey(database.db, { secretKey: 'y'.repeat(40), secretKeyFile: undefined }),
      ).resolves.toBeUndefined();
    } finally {
      await database.close();
    }
  });
});
