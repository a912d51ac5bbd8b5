/**
 * The household budget under load, on a PostgreSQL server (a throw-away database):
 * - issuing vouchers (Zoetermeer's ~57,000 households) in vouchers/s, and what 8.2 million take;
 * - letters (A4 PDF with QR code) per second;
 * - pledges/s from distinct households at concurrency 20, with p50/p95/p99 latency;
 * - in the same run the raw single-row insert rate at the same concurrency (pgbench with a
 *   custom script when it is installed, else a node loop), and the ratio pledge : raw insert;
 *   after 2,000 pledges to warm up, pledges and raw inserts alternate in three rounds, each ratio
 *   comparing neighbours.
 * With the server on this machine it also prints the server's CPU time per pledge and per raw
 * insert (from /proc): on a small machine both compete with this process for the same cores.
 * Then the transparency figures per buurt: from their rollup as the pledges left it (no fold has
 * run: the rows each batch appended), after folding it (as the `budgets-fold-figures` job does
 * every few seconds), and recomputed from the ledger and the vouchers as before the rollup.
 * Ends with verify-ledger and drops its database.
 *
 *   npx tsx bench/pledges.ts                      # postgres://postgres@127.0.0.1:5432/test
 *   BENCH_DATABASE_URL=postgres://… npx tsx bench/pledges.ts
 *   BENCH_PLEDGES=40000 BENCH_LETTERS=100 PLEDGE_BATCHES_IN_FLIGHT=1 npx tsx bench/pledges.ts
 *   BENCH_CPU_PROFILE=/tmp/pledges.cpuprofile npx tsx bench/pledges.ts   # this process, in DevTools
 *   BENCH_MATCH=1 npx tsx bench/pledges.ts        # with match funding: see below
 *
 * With BENCH_MATCH=1 each round's pledges are split in two halves: the first with no match rule
 * in force (the figures above, over those halves), the second with a rule in force in every wijk
 * (1:1, caps that never bind, so every pledge is matched: the rule's lock, its running total and
 * the match's journal), printed beside them.
 */
import { CLI_ACTING } from '../src/access/index.js';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import type { Db } from '../src/db/database.js';
import {
  foldFigures,
  figuresPerBuurt,
  issueVouchers,
  pledgeHouseholdBudget,
  printLetters,
  setBudgetYear,
  setSupportGoal,
  verifyLedger,
  type BudgetsModule,
} from '../src/modules/budgets/index.js';
import { findBuurtFiguresFromLedger } from '../src/modules/budgets/budgets.test-helpers.js';
import {
  createMatchFunding,
  createOpenInitiative,
  ledger,
} from '../src/modules/budgets/budgets.test-helpers.js';
import { openBudgetsBench } from './bench-database.js';

const CONCURRENCY = 20;
const PLEDGES = Number(process.env.BENCH_PLEDGES ?? 30_000);
/**
 * Pledges and raw inserts alternate in rounds: this host's speed drifts by a third within
 * minutes, so each round's ratio compares two neighbouring measurements.
 */
const ROUNDS = 3;
/** Pledges before the rounds, not counted: the first ones also compile this process's code. */
const WARM_UP = 2000;
const RAW_SECONDS = 5;
const LETTERS = Number(process.env.BENCH_LETTERS ?? 20_000);
const MATCH = process.env.BENCH_MATCH === '1';
const script = path.join('/tmp', `buurtkracht-bench-${process.pid}.sql`);

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0;
}

/** The table the raw inserts go to. */
async function createRawTable(db: Db): Promise<void> {
  await sql`create table bench_raw (id bigint generated always as identity primary key, v double precision not null, at timestamptz not null default now())`.execute(
    db,
  );
}

/** Raw single-row inserts at the same concurrency for `seconds`: pgbench when installed, else a node loop. */
async function rawInsertRate(db: Db, seconds: number): Promise<{ rate: number; how: string }> {
  try {
    writeFileSync(script, 'insert into bench_raw (v) values (random());\n');
    const out = execFileSync(
      'pgbench',
      ['-n', '-f', script, '-c', String(CONCURRENCY), '-j', '4', '-T', String(seconds), bench.url],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const tps = /tps = ([0-9.]+)/.exec(out);
    if (tps?.[1]) return { rate: Number(tps[1]), how: `pgbench -c 20 -j 4 -T ${seconds}, custom script` };
  } catch {
    // No pgbench: measure with a node loop below.
  }
  let done = 0;
  const until = performance.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (performance.now() < until) {
        await sql`insert into bench_raw (v) values (${Math.random()})`.execute(db);
        done++;
      }
    }),
  );
  return { rate: done / seconds, how: `node loop of single-row inserts, 20 at a time, ${seconds} s` };
}

/**
 * CPU time (µs) used so far by the PostgreSQL server's processes, when the server runs on this
 * machine (read from /proc); undefined when it does not or /proc cannot tell.
 */
function serverCpuMicros(): number | undefined {
  if (!['127.0.0.1', 'localhost', '[::1]'].includes(new URL(bench.url).hostname)) return undefined;
  let ticks = 0;
  let found = false;
  try {
    for (const pid of readdirSync('/proc')) {
      if (!/^\d+$/.test(pid)) continue;
      let stat: string;
      try {
        stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      } catch {
        continue; // the process ended meanwhile
      }
      // pid (comm) state ppid … utime stime cutime cstime: fields 14–17, the last two the time of
      // ended children (pgbench's connections end before the second reading: the postmaster has it).
      const close = stat.lastIndexOf(')');
      if (!stat.slice(stat.indexOf('(') + 1, close).startsWith('postgres')) continue;
      const fields = stat.slice(close + 2).split(' ');
      ticks += Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]);
      found = true;
    }
  } catch {
    return undefined;
  }
  // Linux counts in clock ticks of 1/100 s (USER_HZ).
  return found ? ticks * 10_000 : undefined;
}

/** Adds the server's CPU between two readings of `serverCpuMicros` to a sum (undefined when unknown). */
function added(
  sum: number | undefined,
  before: number | undefined,
  after: number | undefined,
): number | undefined {
  return sum === undefined || before === undefined || after === undefined ? undefined : sum + after - before;
}

/** The server's CPU per item, from a sum of `added`. */
function perItem(micros: number | undefined, items: number): string {
  if (micros === undefined) return 'n/a (server not on this machine)';
  return `${(micros / items).toFixed(0)} µs`;
}

/** BENCH_CPU_PROFILE=file.cpuprofile: this process's CPU profile of the pledges, for Chrome's DevTools. */
async function startProfile(): Promise<{ stop(): Promise<void> } | undefined> {
  const file = process.env.BENCH_CPU_PROFILE;
  if (!file) return undefined;
  const { Session } = await import('node:inspector/promises');
  const { writeFile } = await import('node:fs/promises');
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  return {
    async stop() {
      const { profile } = await session.post('Profiler.stop');
      await writeFile(file, JSON.stringify(profile));
      session.disconnect();
    },
  };
}

const { bench, database, ctx } = await openBudgetsBench(CONCURRENCY + 2);
try {
  // The bench runs "now": the year is open today.
  const year = new Date().getFullYear();
  await setBudgetYear(ctx, CLI_ACTING, {
    municipalityCode: 'GM0637',
    year,
    amountCents: 1000,
    scope: 'buurt',
    opensOn: `${year}-01-01`,
    closesOn: `${year}-12-31`,
  });

  let t0 = performance.now();
  const issued = await issueVouchers(ctx, CLI_ACTING, { municipalityCode: 'GM0637', year });
  const issueSeconds = (performance.now() - t0) / 1000;
  const issueRate = issued.issued / issueSeconds;

  // Letters: the first LETTERS vouchers' codes printed into a discarded PDF; all codes kept.
  const codes: { code: string; buurt: string }[] = [];
  const sink = new Writable({
    write(_chunk, _encoding, done) {
      done();
    },
  });
  const { issueLetterCodes, LetterWriter } = await import('../src/modules/budgets/budgets.test-helpers.js');
  const writer = new LetterWriter(sink, {
    municipalityName: 'Zoetermeer',
    year,
    amountCents: 1000,
    scope: 'buurt',
    closesOn: `${year}-12-31`,
    publicUrl: 'https://buurtkracht.example',
  });
  t0 = performance.now();
  let printed = 0;
  for await (const batch of issueLetterCodes(ctx, { municipalityCode: 'GM0637', year, reprint: false })) {
    for (const l of batch) {
      codes.push({ code: l.code, buurt: l.buurtCode });
      if (printed < LETTERS) {
        writer.add({ code: l.code, buurtName: l.buurtCode, address: null });
        printed++;
      }
    }
  }
  await writer.end(sink);
  const lettersSeconds = (performance.now() - t0) / 1000;
  void printLetters; // the CLI path; here the writer is driven directly to count pages only

  // One initiative per buurt with a goal no bench reaches, open until the end of the year.
  const initiativeOf = new Map<string, string>();
  const wijken = new Set<string>();
  for (const buurt of new Set(codes.map((c) => c.buurt))) {
    const { rows } = await sql<{
      parent_code: string;
    }>`select parent_code from place where code = ${buurt}`.execute(database.db);
    const wijk = rows[0]?.parent_code ?? '';
    wijken.add(wijk);
    const i = await createOpenInitiative(database.db, { buurt, wijk });
    await setSupportGoal(ctx, CLI_ACTING, {
      initiativeId: i.id,
      year,
      goalCents: 1_000_000_000,
      deadline: `${year}-12-31`,
    });
    initiativeOf.set(buurt, i.id);
  }

  // Households from all over the city, in random order (codes come out grouped by buurt; in
  // that order every worker would queue on the same initiative's goal row).
  const todo = codes
    .map((c) => ({ c, r: Math.random() }))
    .sort((a, b) => a.r - b.r)
    .slice(0, WARM_UP + PLEDGES)
    .map((x) => x.c);
  const warmUp = todo.splice(0, WARM_UP);
  const latencies: number[] = [];
  const matchLatencies: number[] = [];

  // Match funding (BENCH_MATCH=1): a top-up decision per wijk granting more than can be
  // matched, its rule put in force before each matched half and ended after it.
  const matchFunding: BudgetsModule['matchFunding'] = createMatchFunding(database.db);
  const MATCH_CAP = 10_000_000_000;
  const decisions = new Map<string, string>();
  if (MATCH) {
    for (const wijk of wijken) {
      const reference = `decision:bench-${wijk}`;
      const base = { municipalityCode: 'GM0637', year, wijkCode: wijk };
      await ledger.post(
        database.db,
        [
          { ...base, kind: 'allocate', account: 'district_source', reference: null, amountCents: -MATCH_CAP },
          { ...base, kind: 'allocate', account: 'district_budget', reference: null, amountCents: MATCH_CAP },
          { ...base, kind: 'grant', account: 'district_budget', reference, amountCents: -MATCH_CAP },
          { ...base, kind: 'grant', account: 'district_granted', reference, amountCents: MATCH_CAP },
        ],
        new Date(),
      );
      decisions.set(wijk, reference);
    }
  }
  const setRules = (on: boolean) =>
    database.db.transaction().execute(async (trx) => {
      for (const [wijk, reference] of decisions) {
        if (on) {
          await matchFunding.setRule(
            trx,
            {
              wijkCode: wijk,
              year,
              ratio: { numerator: 1, denominator: 1 },
              // A tenth of the grant each time: what earlier rounds matched has left it.
              initiativeCapCents: MATCH_CAP / 10,
              wijkCapCents: MATCH_CAP / 10,
              decisionReference: reference,
            },
            new Date(),
          );
        } else {
          await matchFunding.endRule(trx, wijk, year, new Date());
        }
      }
    });

  /** Pledges the items at concurrency 20 and answers the seconds it took. */
  const pledgeAll = async (items: typeof todo, times = latencies): Promise<number> => {
    let next = 0;
    const start0 = performance.now();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        for (;;) {
          const item = items[next++];
          if (!item) return;
          const start = performance.now();
          await pledgeHouseholdBudget(ctx, {
            code: item.code,
            initiativeId: initiativeOf.get(item.buurt) ?? '',
            channel: 'api',
          });
          times.push(performance.now() - start);
        }
      }),
    );
    return (performance.now() - start0) / 1000;
  };

  await pledgeAll(warmUp);
  latencies.length = 0;
  await createRawTable(database.db);
  const rounds: { pledges: number; pledgeSeconds: number; raw: number }[] = [];
  let cpuMicros = 0;
  let serverPledgeMicros: number | undefined = 0;
  let serverRawMicros: number | undefined = 0;
  let batches = 0;
  let rawHow = '';
  const matchRounds: { pledges: number; seconds: number }[] = [];
  let matchServerMicros: number | undefined = 0;
  let matchBatches = 0;
  const profile = await startProfile();
  for (let round = 0; round < ROUNDS; round++) {
    const all = todo.slice(
      Math.floor((round * todo.length) / ROUNDS),
      Math.floor(((round + 1) * todo.length) / ROUNDS),
    );
    const items = MATCH ? all.slice(0, all.length >> 1) : all;
    const batches0 = ctx.pledges.sent.batches;
    const server0 = serverCpuMicros();
    const cpu0 = process.cpuUsage();
    const seconds = await pledgeAll(items);
    const cpu = process.cpuUsage(cpu0);
    const server1 = serverCpuMicros();
    batches += ctx.pledges.sent.batches - batches0;
    const raw = await rawInsertRate(database.db, RAW_SECONDS);
    const server2 = serverCpuMicros();
    rounds.push({ pledges: items.length, pledgeSeconds: seconds, raw: raw.rate });
    cpuMicros += cpu.user + cpu.system;
    serverPledgeMicros = added(serverPledgeMicros, server0, server1);
    serverRawMicros = added(serverRawMicros, server1, server2);
    rawHow = raw.how;
    if (MATCH) {
      const matched = all.slice(all.length >> 1);
      await setRules(true);
      const b0 = ctx.pledges.sent.batches;
      const s0 = serverCpuMicros();
      const seconds = await pledgeAll(matched, matchLatencies);
      matchServerMicros = added(matchServerMicros, s0, serverCpuMicros());
      matchBatches += ctx.pledges.sent.batches - b0;
      await setRules(false);
      matchRounds.push({ pledges: matched.length, seconds });
    }
  }
  await profile?.stop();
  const pledged = rounds.reduce((sum, r) => sum + r.pledges, 0);
  const pledgeSeconds = rounds.reduce((sum, r) => sum + r.pledgeSeconds, 0);
  const pledgeRate = pledged / pledgeSeconds;
  const rawInserts = rounds.reduce((sum, r) => sum + r.raw * RAW_SECONDS, 0);
  const rawRate = rawInserts / (ROUNDS * RAW_SECONDS);
  const ratios = rounds.map((r) => r.raw / (r.pledges / r.pledgeSeconds));
  latencies.sort((a, b) => a - b);

  // The transparency page's figures per buurt: from the rollup as the pledges left it, after
  // folding it, and recomputed from the ledger and the vouchers (the way before the rollup).
  const medianMs = async (read: () => Promise<unknown>): Promise<number> => {
    const times: number[] = [];
    for (let i = 0; i < 5; i++) {
      const start = performance.now();
      await read();
      times.push(performance.now() - start);
    }
    return percentile(
      times.sort((a, b) => a - b),
      0.5,
    );
  };
  const rollupRows = async () =>
    (await sql<{ n: number }>`select count(*)::int as n from budget_figures`.execute(database.db)).rows[0]
      ?.n ?? 0;
  const unfoldedRows = await rollupRows();
  const unfolded = await medianMs(() => figuresPerBuurt(database.db, 'GM0637', year));
  const t2 = performance.now();
  await foldFigures(database.db);
  const foldMs = performance.now() - t2;
  const foldedRows = await rollupRows();
  const folded = await medianMs(() => figuresPerBuurt(database.db, 'GM0637', year));
  const fromLedger = await medianMs(() => findBuurtFiguresFromLedger(database.db, 'GM0637', year));
  const { rows: ledgerLines } = await sql<{ n: number }>`select count(*)::int as n from ledger_line`.execute(
    database.db,
  );
  const violation = await verifyLedger(database.db);

  console.log(`engine: postgresql (${bench.display})`);
  console.log(
    `vouchers issued       ${issued.issued} in ${issueSeconds.toFixed(2)} s = ${Math.round(issueRate)} vouchers/s ` +
      `(8.2 million: ${(8_200_000 / issueRate / 60).toFixed(1)} min)`,
  );
  console.log(
    `letters               ${printed} in ${lettersSeconds.toFixed(2)} s = ${Math.round(printed / lettersSeconds)} letters/s (codes for ${codes.length} vouchers in the same run)`,
  );
  console.log(
    `pledges (distinct households, concurrency ${CONCURRENCY}${MATCH ? ', no match rule' : ''})  ${pledged} in ${pledgeSeconds.toFixed(2)} s = ` +
      `${Math.round(pledgeRate)} pledges/s; p50 ${percentile(latencies, 0.5).toFixed(1)} ms, ` +
      `p95 ${percentile(latencies, 0.95).toFixed(1)} ms, p99 ${percentile(latencies, 0.99).toFixed(1)} ms`,
  );
  console.log(
    `  this process's CPU per pledge ${(cpuMicros / pledged).toFixed(0)} µs (the server's runs beside it on the same cores)`,
  );
  console.log(`  the server's CPU per pledge ${perItem(serverPledgeMicros, pledged)}`);
  console.log(
    `  ${batches} batches (one statement and one commit each): ${(pledged / batches).toFixed(1)} pledges per commit`,
  );
  if (MATCH) {
    const matchedPledges = matchRounds.reduce((sum, r) => sum + r.pledges, 0);
    const matchSeconds = matchRounds.reduce((sum, r) => sum + r.seconds, 0);
    matchLatencies.sort((a, b) => a - b);
    const { rows: m } = await sql<{ n: number }>`
      select count(*)::int as n from pledge where matched_cents > 0`.execute(database.db);
    console.log(
      `pledges with match funding (1:1 in every wijk, ${m[0]?.n ?? 0} matched)  ${matchedPledges} in ${matchSeconds.toFixed(2)} s = ` +
        `${Math.round(matchedPledges / matchSeconds)} pledges/s (without: ${Math.round(pledgeRate)}); ` +
        `p50 ${percentile(matchLatencies, 0.5).toFixed(1)} ms, p95 ${percentile(matchLatencies, 0.95).toFixed(1)} ms, ` +
        `p99 ${percentile(matchLatencies, 0.99).toFixed(1)} ms`,
    );
    console.log(
      `  the server's CPU per pledge ${perItem(matchServerMicros, matchedPledges)} (without: ${perItem(serverPledgeMicros, pledged)}); ` +
        `${(matchedPledges / matchBatches).toFixed(1)} pledges per commit`,
    );
    for (const [i, r] of matchRounds.entries()) {
      const plain = rounds[i];
      console.log(
        `  round ${i + 1}: ${Math.round(r.pledges / r.seconds)} pledges/s with match funding, ` +
          `${plain ? Math.round(plain.pledges / plain.pledgeSeconds) : 0} without`,
      );
    }
  }
  console.log(`raw single-row inserts ${Math.round(rawRate)} rows/s (${rawHow}, ${ROUNDS} rounds)`);
  console.log(`  the server's CPU per raw insert ${perItem(serverRawMicros, rawInserts)}`);
  for (const [i, r] of rounds.entries()) {
    console.log(
      `  round ${i + 1}: ${Math.round(r.pledges / r.pledgeSeconds)} pledges/s, then ${Math.round(r.raw)} raw inserts/s: 1 : ${(ratios[i] ?? 0).toFixed(2)}`,
    );
  }
  console.log(
    `ratio pledge : raw insert = 1 : ${(rawRate / pledgeRate).toFixed(2)} (all rounds); median of the rounds 1 : ${percentile(
      [...ratios].sort((a, b) => a - b),
      0.5,
    ).toFixed(2)}`,
  );
  console.log(`transparency figures per buurt (${ledgerLines[0]?.n ?? 0} ledger lines), median of 5:`);
  console.log(`  from the rollup as the pledges left it (${unfoldedRows} rows)  ${unfolded.toFixed(1)} ms`);
  console.log(
    `  from the rollup folded (${foldedRows} rows; the fold took ${foldMs.toFixed(0)} ms)  ${folded.toFixed(1)} ms`,
  );
  console.log(
    `  recomputed from the ledger and the vouchers (before the rollup)  ${fromLedger.toFixed(1)} ms`,
  );
  console.log(`verify-ledger: ${violation ?? 'OK'}`);
} finally {
  await database.close();
  await bench.drop();
}
