import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { ensureAssets } from '../scripts/build-assets.js';
import { openDatabase } from '../src/db/database.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { loadDemoPlacesIfEmpty } from '../src/modules/places/index.js';
import { datasetsDir } from '../src/shared/paths.js';
import { databaseUrl, randomSuffix, runDatabasePrefix, withAdminClient } from './helpers/engines.js';

/**
 * Builds the assets when they are stale, and one migrated database with the demo places per test run, so each test file can start
 * from a copy in well under a second: a PGlite dump file, and (with TEST_DATABASE_URL) a
 * PostgreSQL template database. Tests never share a database.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  // The app serves only built assets: build them unless dist/public is current (a second or so).
  await ensureAssets();
  const engine = project.config.env?.BK_TEST_ENGINE ?? 'pglite';
  if (engine === 'postgresql') {
    const base = process.env.TEST_DATABASE_URL;
    if (!base) throw new Error('The postgresql test project needs TEST_DATABASE_URL');
    const template = `bk_template_${randomSuffix()}`;
    await withAdminClient(base, (c) => c.query(`create database ${template}`));
    const database = await openDatabase({
      databaseUrl: databaseUrl(base, template),
      dataDir: 'unused',
      poolSize: 2,
    });
    await migrateToLatest(database.db);
    await loadDemoPlacesIfEmpty(database.db, datasetsDir);
    await database.close();
    project.provide('pgTemplate', template);
    return async () => {
      await withAdminClient(base, async (c) => {
        const { rows } = await c.query<{ datname: string }>(
          `select datname from pg_database where datname like $1 or datname = $2`,
          [`${runDatabasePrefix(template).replaceAll('_', '\\_')}%`, template],
        );
        for (const { datname } of rows) await c.query(`drop database if exists ${datname} with (force)`);
      });
    };
  }
  const database = await openDatabase({ dataDir: 'memory://' });
  await migrateToLatest(database.db);
  await loadDemoPlacesIfEmpty(database.db, datasetsDir);
  if (!database.dump) throw new Error('PGlite must support dumps');
  const dump = await database.dump();
  await database.close();
  const file = path.join(os.tmpdir(), `buurtkracht-template-${process.pid}-${randomSuffix()}.tar`);
  await fs.writeFile(file, Buffer.from(await dump.arrayBuffer()));
  project.provide('pgliteTemplate', file);
  return async () => {
    await fs.rm(file, { force: true });
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteTemplate: string;
    pgTemplate: string;
  }
}
