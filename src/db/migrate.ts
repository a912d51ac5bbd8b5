import { Migrator, sql, type Kysely } from 'kysely';
import type { Queryable } from './db.js';
import { migrations } from './migrations/index.js';

/**
 * Whether the database has applied exactly these migrations: then there is nothing to do, and
 * the migrator's own check is skipped (it reads every column of every table, twice, which on
 * the embedded database is most of a start). Anything else (a new database, a migration to
 * apply, one the code does not know) goes to the migrator, which migrates or says what is wrong.
 * Applied migrations are recorded in the transaction that applies them, so a complete record
 * means a complete schema, whatever other processes are doing.
 */
async function allApplied(db: Queryable, names: readonly string[]): Promise<boolean> {
  const { rows: found } = await sql<{
    present: boolean;
  }>`select to_regclass('kysely_migration') is not null as present`.execute(db);
  if (found[0]?.present !== true) return false;
  const { rows } = await sql<{ name: string }>`select name from kysely_migration`.execute(db);
  const applied = new Set(rows.map((r) => r.name));
  return applied.size === names.length && names.every((n) => applied.has(n));
}

/**
 * Brings the schema up to date. Safe with several app processes at once: Kysely takes a
 * PostgreSQL advisory lock, so one process migrates and the others wait.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the migrator is schema-agnostic
export async function migrateToLatest(db: Kysely<any>): Promise<string[]> {
  if (await allApplied(db, Object.keys(migrations))) return [];
  const migrator = new Migrator({
    db,
    provider: { getMigrations: () => Promise.resolve(migrations) },
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error');
    throw new Error(`Migration ${failed?.migrationName ?? '?'} failed: ${String(error)}`, {
      cause: error,
    });
  }
  return (results ?? []).map((r) => r.migrationName);
}

/** The tables the migrator keeps its own record in (Kysely's defaults). */
export const MIGRATION_TABLES = ['kysely_migration', 'kysely_migration_lock'] as const;
