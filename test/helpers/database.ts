import fs from 'node:fs/promises';
import { inject } from 'vitest';
import { openDatabase, type Database } from '../../src/db/database.js';
import { databaseUrl, randomSuffix, runDatabasePrefix, testEngine, withAdminClient } from './engines.js';

/**
 * A fresh database for one test file, migrated and holding the demo places: a PGlite copy of
 * the run's template, or a PostgreSQL database cloned from the template database.
 */
export async function createTestDatabase(): Promise<Database> {
  if (testEngine() === 'postgresql') {
    const base = process.env.TEST_DATABASE_URL;
    if (!base) throw new Error('TEST_DATABASE_URL is not set');
    const template = inject('pgTemplate');
    const name = `${runDatabasePrefix(template)}${randomSuffix()}`;
    await withAdminClient(base, (c) => c.query(`create database ${name} template ${template}`));
    const database = await openDatabase({
      databaseUrl: databaseUrl(base, name),
      dataDir: 'unused',
      poolSize: 5,
    });
    return {
      ...database,
      async close() {
        await database.close();
        await withAdminClient(base, (c) => c.query(`drop database if exists ${name} with (force)`));
      },
    };
  }
  const dump = await fs.readFile(inject('pgliteTemplate'));
  return openDatabase({ dataDir: 'memory://', loadDataDir: new Blob([dump]) });
}
