import crypto from 'node:crypto';
import path from 'node:path';
import pg from 'pg';
import { loadConfig, type Config } from '../src/config.js';
import { openDatabase, type Database } from '../src/db/database.js';
import { migrateToLatest } from '../src/db/migrate.js';
import type { BudgetsContext } from '../src/modules/budgets/index.js';
import { createTestModules } from '../test/helpers/modules.js';
import { importPlacesFile } from '../src/modules/places/index.js';
import { datasetsDir } from '../src/shared/paths.js';

/** A throw-away database on the benchmark's PostgreSQL server, dropped by `drop()`. */
export interface BenchDatabase {
  /** The new database's URL. */
  url: string;
  /** The server's URL without credentials, for the report. */
  display: string;
  drop(): Promise<void>;
}

const base = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

async function admin(query: string): Promise<void> {
  const client = new pg.Client({ connectionString: base });
  await client.connect();
  try {
    await client.query(query);
  } finally {
    await client.end();
  }
}

/** Creates `bk_bench_<random>` next to BENCH_DATABASE_URL's database (default: the local test server). */
export async function benchDatabase(): Promise<BenchDatabase> {
  const name = `bk_bench_${crypto.randomBytes(4).toString('hex')}`;
  const url = new URL(base);
  url.pathname = `/${name}`;
  await admin(`create database ${name}`);
  return {
    url: url.toString(),
    display: base.replace(/\/\/[^@]*@/, '//'),
    drop: () => admin(`drop database if exists ${name} with (force)`),
  };
}

/**
 * A throw-away database with the schema and the national CBS places, and the household
 * budget's context on it (as the command line builds it).
 */
export async function openBudgetsBench(poolSize: number): Promise<{
  bench: BenchDatabase;
  database: Database;
  ctx: BudgetsContext;
  config: Config;
}> {
  const bench = await benchDatabase();
  const config = loadConfig({
    NODE_ENV: 'test',
    DEMO: 'false',
    LOG_LEVEL: 'silent',
    DATABASE_URL: bench.url,
    SECRET_KEY: 'bench-secret-key-0123456789abcdefghijklmn',
    ...(process.env.PLEDGE_BATCHES_IN_FLIGHT
      ? { PLEDGE_BATCHES_IN_FLIGHT: process.env.PLEDGE_BATCHES_IN_FLIGHT }
      : {}),
  });
  const database = await openDatabase({ databaseUrl: bench.url, dataDir: 'unused', poolSize });
  await migrateToLatest(database.db);
  await importPlacesFile(database.db, path.join(datasetsDir, 'cbs', 'kwb-2023-nl.csv'));
  return { bench, database, ctx: createTestModules(config, database).budgets.context, config };
}
