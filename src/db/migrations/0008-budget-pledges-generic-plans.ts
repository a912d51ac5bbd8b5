import { sql, type Kysely } from 'kysely';

// budget_pledge_batch keeps its statements' plans. PL/pgSQL plans each statement with the
// call's own arrays ("custom plans") and keeps doing so while a custom plan looks cheaper than
// the generic one, which for arrays it nearly always does: every batch was planned again,
// statement by statement, about a third of the database's time per pledge (measured with perf
// under bench/pledges.ts). The generic plans are the same plans, index lookups by each item.

const signature = sql.raw(
  'budget_pledge_batch(bytea[], uuid[], text[], text[], uuid, date, timestamptz, boolean)',
);

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter function ${signature} set plan_cache_mode = force_generic_plan`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter function ${signature} reset plan_cache_mode`.execute(db);
}
