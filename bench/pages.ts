/**
 * How fast the public pages are served, beside a ceiling: `/buurtbudget`, the layout rendered
 * without reading the database. For each engine (PGlite always; PostgreSQL when
 * BENCH_DATABASE_URL's server, by default 127.0.0.1:5432, answers) it loads the demo, counts
 * the queries each page sends once warm (in-process, with a counting Kysely plugin), then
 * starts the app as its own process and measures every page with autocannon at concurrency 10,
 * in ROUNDS rounds that each measure the ceiling right before the page (the machine's load
 * moves; the share of the ceiling is taken per round), and prints the medians.
 * Goal (issue 13): ≥ 50% of the ceiling's rate and p97.5 ≤ 20 ms.
 *
 *   npm run bench:pages                     # DURATION=2 (seconds per run), ROUNDS=3
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import type { KyselyPlugin, PluginTransformQueryArgs, PluginTransformResultArgs } from 'kysely';
import { pino } from 'pino';
import { loadConfig } from '../src/config.js';
import { openDatabase, type Database } from '../src/db/database.js';
import { startServer } from '../src/server.js';
import { benchDatabase, type BenchDatabase } from './bench-database.js';

const CONNECTIONS = 10;
const DURATION_S = Number(process.env.DURATION ?? 2);
const ROUNDS = Number(process.env.ROUNDS ?? 3);
const SECRET_KEY = 'bench-secret-key-0123456789abcdefghijklmn';
const GOAL_SHARE = 0.5;
const GOAL_P975_MS = 20;
const root = path.resolve(import.meta.dirname, '..');

/** Counts every query the app sends through its Kysely (reads too). */
class QueryCounter implements KyselyPlugin {
  count = 0;
  transformQuery(args: PluginTransformQueryArgs) {
    this.count++;
    return args.node;
  }
  transformResult(args: PluginTransformResultArgs) {
    return Promise.resolve(args.result);
  }
}

interface Page {
  label: string;
  url: string;
}

interface Run {
  rate: number;
  p50: number;
  p975: number;
  failures: number;
}

interface Row extends Page, Run {
  /** The page's rate over the ceiling's, measured just before it (median of the rounds). */
  share: number;
  queries: number;
  /** Server time per request in-process (app.inject), no network. */
  serverMs: number;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject()));
    });
  });
}

async function serverAnswers(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = net.connect({ host: hostname, port: Number(port || 5432) });
    socket.setTimeout(1000);
    socket.on('connect', () => (socket.destroy(), resolve(true)));
    socket.on('error', () => resolve(false));
    socket.on('timeout', () => (socket.destroy(), resolve(false)));
  });
}

function envFor(target: { dataDir: string; databaseUrl?: string }, port: number): Record<string, string> {
  return {
    NODE_ENV: 'development',
    DEMO: 'true',
    LOG_LEVEL: 'warn',
    SECRET_KEY,
    PORT: String(port),
    HOST: '127.0.0.1',
    BUURTKRACHT_DATA_DIR: target.dataDir,
    ...(target.databaseUrl ? { DATABASE_URL: target.databaseUrl } : {}),
  };
}

async function json(url: string): Promise<unknown> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: ${response.status}`);
  return response.json();
}

/** The pages, with a wijk, a buurt and an initiative of the demo found through the API. */
async function pagesOf(base: string): Promise<Page[]> {
  const gemeente = (await json(`${base}/api/v1/places/GM0637`)) as { children: { code: string }[] };
  const wijk = gemeente.children[0]?.code ?? 'WK063700';
  const wijkDetail = (await json(`${base}/api/v1/places/${wijk}`)) as { children: { code: string }[] };
  const buurt = wijkDetail.children[0]?.code ?? 'BU06370000';
  const initiatives = (await json(`${base}/api/v1/initiatives`)) as { items: { reference: string }[] };
  const reference = initiatives.items[0]?.reference ?? 'INI-2026-0001';
  return [
    { label: 'ceiling /buurtbudget', url: '/buurtbudget' },
    { label: 'home', url: '/' },
    { label: 'gemeente', url: '/gemeenten/GM0637' },
    { label: 'wijk', url: `/wijken/${wijk}` },
    { label: 'buurt', url: `/buurten/${buurt}` },
    { label: 'initiatives', url: '/initiatieven' },
    { label: 'an initiative', url: `/initiatieven/${reference}` },
    { label: 'figures', url: '/buurtbudget/cijfers/GM0637' },
  ];
}

/**
 * Loads the demo in this process and counts the queries of each page once it is warm: 20
 * requests each, after 5 to warm up. The ceiling must send none.
 */
async function countQueries(target: {
  dataDir: string;
  databaseUrl?: string;
}): Promise<{ pages: Page[]; queries: Map<string, number>; serverMs: Map<string, number> }> {
  const port = await freePort();
  const config = loadConfig(envFor(target, port));
  const opened = await openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    poolSize: 10,
    purpose: 'bench-pages',
  });
  const counter = new QueryCounter();
  const database: Database = { ...opened, db: opened.db.withPlugin(counter) };
  const started = performance.now();
  const server = await startServer({ config, database, log: pino({ level: 'warn' }) });
  console.log(`  demo ready in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  try {
    const pages = await pagesOf(server.address);
    const queries = new Map<string, number>();
    const serverMs = new Map<string, number>();
    for (const page of pages) {
      for (let i = 0; i < 20; i++) await server.app.inject({ url: page.url });
      const before = counter.count;
      const start = performance.now();
      for (let i = 0; i < 50; i++) {
        const response = await server.app.inject({ url: page.url });
        if (response.statusCode !== 200) throw new Error(`${page.url}: ${response.statusCode}`);
      }
      serverMs.set(page.url, (performance.now() - start) / 50);
      queries.set(page.url, (counter.count - before) / 50);
    }
    return { pages, queries, serverMs };
  } finally {
    await server.close();
    await opened.close();
  }
}

async function startApp(env: Record<string, string>, base: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the app stopped (${child.exitCode})`);
    const ok = await fetch(`${base}/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return child;
    if (Date.now() > deadline) throw new Error('the app did not start within 2 minutes');
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function stopApp(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}

async function measure(base: string, page: Page): Promise<Run> {
  const result = await autocannon({
    url: `${base}${page.url}`,
    connections: CONNECTIONS,
    duration: DURATION_S,
  });
  return {
    rate: result.requests.average,
    p50: result.latency.p50,
    p975: result.latency.p97_5,
    failures: result.non2xx + result.errors + result.timeouts,
  };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

function medianRun(runs: readonly Run[]): Run {
  return {
    rate: median(runs.map((r) => r.rate)),
    p50: median(runs.map((r) => r.p50)),
    p975: median(runs.map((r) => r.p975)),
    failures: runs.reduce((n, r) => n + r.failures, 0),
  };
}

async function runEngine(name: string, target: { dataDir: string; databaseUrl?: string }): Promise<Row[]> {
  console.log(`${name}:`);
  const { pages, queries, serverMs } = await countQueries(target);
  const extra = (page: Page) => ({
    queries: queries.get(page.url) ?? NaN,
    serverMs: serverMs.get(page.url) ?? NaN,
  });
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const child = await startApp(envFor(target, port), base);
  try {
    const [ceiling, ...others] = pages;
    if (!ceiling) return [];
    // Warm up: the first requests fill the caches and JIT-compile the routes.
    for (const page of pages) {
      await autocannon({ url: `${base}${page.url}`, connections: CONNECTIONS, amount: 300 });
    }
    const ceilingRuns: Run[] = [];
    const rows: Row[] = [];
    for (const page of others) {
      const runs: Run[] = [];
      const shares: number[] = [];
      for (let round = 0; round < ROUNDS; round++) {
        const c = await measure(base, ceiling);
        const p = await measure(base, page);
        ceilingRuns.push(c);
        runs.push(p);
        shares.push(c.rate > 0 ? p.rate / c.rate : 0);
      }
      rows.push({ ...page, ...medianRun(runs), share: median(shares), ...extra(page) });
    }
    return [{ ...ceiling, ...medianRun(ceilingRuns), share: 1, ...extra(ceiling) }, ...rows];
  } finally {
    await stopApp(child);
  }
}

function printTable(name: string, rows: readonly Row[]): void {
  console.log(
    `\n${name}: concurrency ${CONNECTIONS}, ${ROUNDS} rounds of ${DURATION_S} s per page, each after the ceiling; goal ≥ ${GOAL_SHARE * 100}% of the ceiling, p97.5 ≤ ${GOAL_P975_MS} ms`,
  );
  const header = [
    'page',
    'url',
    'req/s',
    'p50 ms',
    'p97.5 ms',
    '% ceiling',
    'queries/req',
    'server ms',
    'goal',
  ];
  const lines = rows.map((r, i) => {
    const met = r.share >= GOAL_SHARE && r.p975 <= GOAL_P975_MS && r.failures === 0;
    return [
      r.label,
      r.url,
      r.rate.toFixed(0),
      String(r.p50),
      String(r.p975),
      `${(r.share * 100).toFixed(0)}%`,
      r.queries.toFixed(2),
      r.serverMs.toFixed(2),
      i === 0 ? (r.queries === 0 ? 'reads nothing' : 'READS THE DATABASE') : met ? 'met' : 'NOT MET',
    ].concat(r.failures > 0 ? [`${r.failures} failed`] : []);
  });
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => (l[i] ?? '').length)));
  for (const line of [header, ...lines]) {
    console.log(
      line.map((cell, i) => (i < 2 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0))).join('  '),
    );
  }
}

const results: { name: string; rows: Row[] }[] = [];
const pgliteDir = await fs.mkdtemp(path.join(os.tmpdir(), 'bk-bench-pages-'));
try {
  results.push({ name: 'PGlite', rows: await runEngine('PGlite', { dataDir: pgliteDir }) });
} finally {
  await fs.rm(pgliteDir, { recursive: true, force: true });
}

const serverUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
if (await serverAnswers(serverUrl)) {
  let bench: BenchDatabase | undefined;
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'bk-bench-pages-pg-'));
  try {
    bench = await benchDatabase();
    results.push({
      name: `PostgreSQL (${bench.display})`,
      rows: await runEngine('PostgreSQL', { dataDir, databaseUrl: bench.url }),
    });
  } finally {
    await bench?.drop();
    await fs.rm(dataDir, { recursive: true, force: true });
  }
} else {
  console.log(`\nPostgreSQL: no server answers at ${serverUrl.replace(/\/\/[^@]*@/, '//')}; skipped`);
}

for (const { name, rows } of results) printTable(name, rows);
