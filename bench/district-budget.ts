/**
 * The district budget at the scale of the Netherlands: a year of decisions for every wijk
 * (~3,300 wijken × 100 decisions, loaded in bulk through the module's test helpers, with their
 * money in the ledger), on a PostgreSQL server (a throw-away database with the national CBS
 * places). Then, as a visitor asks for them (`app.inject`: server time, no network): the
 * register page and the CSV of one wijk and of the largest gemeente, p50/p95 beside the ceiling
 * page (`/buurtbudget`, which reads no data), first views (the process's cache empty: every
 * wijk's register once) and warm views; and decisions per second through the service (a
 * manager within the mandate, maintenance orders), one at a time and 8 at a time over 8 wijken.
 * verify-ledger checks the ledger afterwards. Prints the figures, drops the database.
 *
 *   npm run bench:district                                  # postgres://postgres@127.0.0.1:5432/test
 *   BENCH_WIJKEN=100 BENCH_DECISIONS=20 npm run bench:district   # a smoke run
 *   BENCH_DATABASE_URL=postgres://… npm run bench:district
 */
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import { CLI_ACTING, type Acting } from '../src/access/index.js';
import { buildApp } from '../src/app.js';
import { verifyLedger } from '../src/modules/budgets/index.js';
import {
  allocate,
  decide,
  loadDecisions,
  setMandate,
  type BulkWijk,
  type DecisionInput,
} from '../src/modules/district-budget/district-budget.test-helpers.js';
import { createStaff } from '../src/modules/initiatives/initiatives.test-helpers.js';
import { openBudgetsBench } from './bench-database.js';

/** A wijk's register page may take this long at the 95th percentile (issue 14). */
const GOAL_P95_MS = 20;
const LIMIT = Number(process.env.BENCH_WIJKEN ?? Infinity);
const PER_WIJK = Number(process.env.BENCH_DECISIONS ?? 100);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 200);
const SERVICE_DECISIONS = Number(process.env.BENCH_SERVICE_DECISIONS ?? 400);

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
}

function spread(times: readonly number[], goal?: number): string {
  const sorted = [...times].sort((a, b) => a - b);
  const p95 = percentile(sorted, 0.95);
  const verdict = goal === undefined ? '' : ` (goal p95 ≤ ${goal} ms: ${p95 <= goal ? 'met' : 'NOT met'})`;
  return `p50 ${percentile(sorted, 0.5).toFixed(2)} ms, p95 ${p95.toFixed(2)} ms${verdict}`;
}

const { bench, database, config } = await openBudgetsBench(8);
try {
  const year = new Date().getFullYear();
  // Every wijk with one of its buurten (maintenance orders name one).
  const { rows } = await sql<{ wijk: string; gemeente: string; buurt: string }>`
    select w.code as wijk, w.municipality_code as gemeente, min(b.code) as buurt
    from place w join place b on b.parent_code = w.code and b.level = 'buurt'
    where w.level = 'wijk' group by w.code, w.municipality_code order by w.code`.execute(database.db);
  const wijken: BulkWijk[] = rows
    .slice(0, LIMIT)
    .map((r) => ({ wijkCode: r.wijk, municipalityCode: r.gemeente, buurtCode: r.buurt }));
  const built = await buildApp({ config, database });
  const { app, modules } = built;
  const ledger = modules.budgets.ledger;

  const t0 = performance.now();
  const loaded = await loadDecisions(database.db, ledger, {
    wijken,
    year,
    perWijk: PER_WIJK,
    allocationCents: 100_000_000,
    at: new Date(),
    batch: 50,
  });
  const loadSeconds = (performance.now() - t0) / 1000;
  const size = await sql<{ size: string }>`
    select pg_size_pretty(pg_database_size(current_database())) as size`.execute(database.db);
  await sql`analyze`.execute(database.db);

  // The gemeente with the most decisions, and a wijk of it.
  const largest = await sql<{ code: string; n: number }>`
    select municipality_code as code, count(*)::int as n from district_decision
    group by municipality_code order by n desc limit 1`.execute(database.db);
  const big = largest.rows[0];
  if (!big) throw new Error('nothing loaded');
  const wijk = wijken.find((w) => w.municipalityCode === big.code)?.wijkCode ?? '';

  async function timed(url: string): Promise<number> {
    const start = performance.now();
    const response = await app.inject({ method: 'GET', url });
    const ms = performance.now() - start;
    if (response.statusCode !== 200) throw new Error(`${url} answered ${response.statusCode}`);
    return ms;
  }
  async function measure(url: string): Promise<number[]> {
    for (let i = 0; i < 20; i++) await timed(url);
    const times: number[] = [];
    for (let i = 0; i < REQUESTS; i++) times.push(await timed(url));
    return times;
  }

  const pages: { label: string; url: string; goal?: number }[] = [
    { label: 'ceiling /buurtbudget', url: '/buurtbudget' },
    { label: `register ${wijk}`, url: `/wijkbudget/${wijk}/besluiten?jaar=${year}`, goal: GOAL_P95_MS },
    { label: `CSV ${wijk}`, url: `/open-data/wijkbudget-besluiten.csv?plaats=${wijk}&jaar=${year}` },
    { label: `overview ${wijk}`, url: `/wijkbudget/${wijk}?jaar=${year}` },
    { label: `register ${big.code}`, url: `/wijkbudget/${big.code}/besluiten?jaar=${year}` },
    { label: `CSV ${big.code}`, url: `/open-data/wijkbudget-besluiten.csv?plaats=${big.code}&jaar=${year}` },
    { label: `overview ${big.code}`, url: `/wijkbudget/${big.code}?jaar=${year}` },
  ];
  // The process warmed on other places first (routes, templates), so the first views below
  // measure the reads, not the first request of the process.
  const others = wijken.filter((w) => w.municipalityCode !== big.code).slice(0, 5);
  for (const w of others)
    for (const url of [
      '/buurtbudget',
      `/wijkbudget/${w.wijkCode}?jaar=${year}`,
      `/wijkbudget/${w.wijkCode}/besluiten?jaar=${year}`,
      `/open-data/wijkbudget-besluiten.csv?plaats=${w.wijkCode}&jaar=${year}`,
    ])
      await timed(url);
  // The largest gemeente's register and CSV at their first view (nothing of it cached yet).
  const bigFirst = {
    register: await timed(`/wijkbudget/${big.code}/besluiten?jaar=${year}`),
    csv: await timed(`/open-data/wijkbudget-besluiten.csv?plaats=${big.code}&jaar=${year}`),
  };
  const warm = [];
  for (const page of pages) warm.push({ ...page, times: await measure(page.url) });

  // First views: every wijk's register once, with the process's cache empty for it.
  const firstWijken = wijken
    .filter((w) => !others.includes(w) && w.municipalityCode !== big.code)
    .slice(0, 500);
  const first: number[] = [];
  for (const w of firstWijken) first.push(await timed(`/wijkbudget/${w.wijkCode}/besluiten?jaar=${year}`));
  const firstCsv: number[] = [];
  for (const w of firstWijken.slice(0, 100))
    firstCsv.push(await timed(`/open-data/wijkbudget-besluiten.csv?plaats=${w.wijkCode}&jaar=${year}`));

  // Decisions through the service: a manager of 8 wijken with a mandate above every amount.
  const serviceWijken = wijken.filter((w) => w.municipalityCode === big.code).slice(0, 8);
  const manager = await createStaff(
    modules.identity,
    'Bench Wijkmanager',
    serviceWijken.map((w) => ({ role: 'district_manager' as const, placeCode: w.wijkCode })),
  );
  await setMandate(modules.districtBudget.context, CLI_ACTING, {
    accountId: manager.accountId,
    municipalityCode: big.code,
    limitCents: 1_000_000_000,
  });
  for (const w of serviceWijken)
    await allocate(modules.districtBudget.context, CLI_ACTING, {
      wijkCode: w.wijkCode,
      year,
      amountCents: 1_000_000_000,
    });
  const acting: Acting = { actor: manager, channel: 'web', ip: '192.0.2.1' };
  let n = 0;
  const input = (w: BulkWijk): DecisionInput => {
    n++;
    return {
      kind: 'maintenance',
      wijkCode: w.wijkCode,
      year,
      title: `Bench onderhoud ${n}`,
      purpose: `Bench herstel ${n.toString(36).replace(/[0-9]/g, (d) => 'qrstuvwxyz'[Number(d)] ?? 'z')}`,
      reason: 'Benchmark: een onderhoudsopdracht binnen het mandaat.',
      recipientKind: 'organisation',
      recipient: `Bench Aannemer ${n}`,
      amountCents: 10_000 + n,
      buurtCode: w.buurtCode,
    };
  };
  const one = serviceWijken[0];
  if (!one) throw new Error('no wijk for the service');
  const s0 = performance.now();
  for (let i = 0; i < SERVICE_DECISIONS; i++)
    await decide(modules.districtBudget.context, acting, input(one));
  const sequential = SERVICE_DECISIONS / ((performance.now() - s0) / 1000);
  const s1 = performance.now();
  await Promise.all(
    serviceWijken.map(async (w) => {
      for (let i = 0; i < SERVICE_DECISIONS / serviceWijken.length; i++)
        await decide(modules.districtBudget.context, acting, input(w));
    }),
  );
  const parallel = SERVICE_DECISIONS / ((performance.now() - s1) / 1000);
  await built.app.close();

  const v0 = performance.now();
  const violation = await verifyLedger(database.db);
  const verifySeconds = (performance.now() - v0) / 1000;

  console.log(`engine: postgresql (${bench.display})`);
  console.log(
    `decisions loaded in bulk: ${loaded.decisions} (${wijken.length} wijken × ${PER_WIJK}) in ${loadSeconds.toFixed(1)} s ` +
      `= ${Math.round(loaded.decisions / loadSeconds)}/s, with their ledger journals; database ${size.rows[0]?.size ?? '?'}`,
  );
  console.log(`largest gemeente: ${big.code}, ${big.n} decisions`);
  console.log(`server time (app.inject), ${REQUESTS} requests each after 20 to warm up:`);
  const width = Math.max(...warm.map((w) => w.label.length));
  for (const w of warm) console.log(`  ${w.label.padEnd(width)}  ${spread(w.times, w.goal)}`);
  console.log(
    `  first view of a wijk's register (cache empty), ${first.length} wijken: ${spread(first, GOAL_P95_MS)}`,
  );
  console.log(`  first view of a wijk's CSV, ${firstCsv.length} wijken: ${spread(firstCsv)}`);
  console.log(
    `  first view of ${big.code}: register ${bigFirst.register.toFixed(1)} ms, CSV ${bigFirst.csv.toFixed(1)} ms`,
  );
  console.log(
    `decisions through the service (maintenance orders within the mandate, each a command with its audit entry ` +
      `and ledger journal): ${Math.round(sequential)}/s one at a time in one wijk, ${Math.round(parallel)}/s ` +
      `8 at a time over 8 wijken`,
  );
  console.log(`verify-ledger: ${violation ?? 'OK'} (${verifySeconds.toFixed(1)} s)`);
} finally {
  await database.close();
  await bench.drop();
}
