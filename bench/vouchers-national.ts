/**
 * Issuing vouchers for all of the Netherlands on one machine: a budget year for every gemeente
 * and one anonymous voucher per household from the CBS figures (about 8.2 million), each batch
 * with its ledger journal, on a PostgreSQL server (a throw-away database). Prints vouchers/s,
 * the total time, the database's size, and verify-ledger's verdict; then drops the database.
 *
 *   npx tsx bench/vouchers-national.ts                  # postgres://postgres@127.0.0.1:5432/test
 *   BENCH_DATABASE_URL=postgres://… npx tsx bench/vouchers-national.ts
 *   BENCH_GEMEENTEN=40 npx tsx bench/vouchers-national.ts   # the first 40 gemeenten only
 */
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import { issueVouchers, setBudgetYear, verifyLedger } from '../src/modules/budgets/index.js';
import { openBudgetsBench } from './bench-database.js';

const limit = Number(process.env.BENCH_GEMEENTEN ?? Infinity);
const { bench, database, ctx } = await openBudgetsBench(4);
try {
  const { rows } = await sql<{ code: string }>`
    select code from place where level = 'gemeente' order by code
  `.execute(database.db);
  const gemeenten = rows.map((r) => r.code).slice(0, limit);
  const year = new Date().getFullYear();
  let issued = 0;
  const t0 = performance.now();
  for (const [n, code] of gemeenten.entries()) {
    await setBudgetYear(ctx, 'cli', {
      municipalityCode: code,
      year,
      amountCents: 1000,
      scope: 'buurt',
      opensOn: `${year}-01-01`,
      closesOn: `${year}-12-31`,
    });
    issued += (await issueVouchers(ctx, { municipalityCode: code, year })).issued;
    if ((n + 1) % 25 === 0 || n + 1 === gemeenten.length) {
      const s = (performance.now() - t0) / 1000;
      process.stderr.write(
        `  ${n + 1}/${gemeenten.length} gemeenten, ${issued} vouchers, ${Math.round(issued / s)}/s\n`,
      );
    }
  }
  const seconds = (performance.now() - t0) / 1000;
  const size = await sql<{ size: string }>`
    select pg_size_pretty(pg_database_size(current_database())) as size
  `.execute(database.db);
  const t1 = performance.now();
  const violation = await verifyLedger(database.db);
  const verifySeconds = (performance.now() - t1) / 1000;

  console.log(`engine: postgresql (${bench.display})`);
  console.log(
    `vouchers issued (${gemeenten.length} gemeenten, one budget year each)  ${issued} in ${(seconds / 60).toFixed(1)} min ` +
      `= ${Math.round(issued / seconds)} vouchers/s`,
  );
  console.log(`database size afterwards  ${size.rows[0]?.size ?? '?'}`);
  console.log(`verify-ledger: ${violation ?? 'OK'} (${verifySeconds.toFixed(1)} s)`);
} finally {
  await database.close();
  await bench.drop();
}
