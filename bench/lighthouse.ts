// Lighthouse 12 in mobile mode (its default: a mid-range phone on slow 4G, simulated) on the
// public pages of the built app with the demo, each as a first visit (empty cache). Prints
// performance, accessibility, largest contentful paint and bytes transferred beside the goal.
// Map tiles are left out (MAP_TILE_URL is emptied): they come from another server, not this app.
// Needs Chromium (CHROMIUM_PATH, default /usr/bin/chromium).
// Run: npm run bench:lighthouse [-- --runs 3] [-- /one/page …]
import { spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import { buildIsCurrent } from '../scripts/build-stamp.js';
import { freePort } from '../test/helpers/processes.js';

const lighthouseVersion = (createRequire(import.meta.url)('lighthouse/package.json') as { version: string })
  .version;
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const runsPerPage = Number(process.argv[process.argv.indexOf('--runs') + 1]) || 3;
const GOAL = { performance: 95, accessibility: 100, kb: 150 };

async function waitForHealth(url: string, exited: () => boolean): Promise<void> {
  for (const until = Date.now() + 300_000; Date.now() < until;) {
    if (exited()) throw new Error('the server stopped');
    try {
      if ((await fetch(`${url}/health`)).ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('the server did not answer within 300 s');
}

if (!buildIsCurrent()) {
  process.stdout.write('building first (npm run build)…\n');
  if (spawnSync('npm', ['run', 'build', '--silent'], { stdio: 'inherit' }).status !== 0) process.exit(1);
}

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bk-bench-lighthouse-'));
const port = await freePort();
const base = `http://127.0.0.1:${port}`;
const server = spawn(process.execPath, ['dist/main.js'], {
  env: {
    ...process.env,
    PORT: String(port),
    BUURTKRACHT_DATA_DIR: dataDir,
    DATABASE_URL: '',
    MAP_TILE_URL: '',
    LOG_LEVEL: 'warn',
  },
  stdio: ['ignore', 'ignore', 'inherit'],
});
let chrome: chromeLauncher.LaunchedChrome | undefined;
try {
  await waitForHealth(base, () => server.exitCode !== null);
  const list = await (await fetch(`${base}/initiatieven`)).text();
  const initiative = /href="(\/initiatieven\/INI-[^"?]+)"/.exec(list)?.[1];
  if (!initiative) throw new Error('no initiative on /initiatieven');
  const all = ['/', '/initiatieven', initiative, '/buurten/BU06370002', '/buurtbudget'];
  const only = process.argv.slice(2).filter((a) => a.startsWith('/'));
  const pages = only.length > 0 ? only : all;

  chrome = await chromeLauncher.launch({
    chromePath: CHROMIUM,
    chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
  });
  const audit = async (page: string) => {
    const result = await lighthouse(`${base}${page}`, {
      port: chrome?.port,
      output: 'json',
      logLevel: 'error',
      onlyCategories: ['performance', 'accessibility'],
    });
    if (!result) throw new Error(`no result for ${page}`);
    return result.lhr;
  };
  // The first audit in a fresh browser carries the browser's own start-up work: not counted.
  await audit('/');
  const header = `${'page'.padEnd(28)} ${'perf'.padStart(5)} ${'a11y'.padStart(5)} ${'LCP'.padStart(7)} ${'TBT'.padStart(6)} ${'KB'.padStart(6)}  requests`;
  const rows: string[] = [];
  for (const page of pages) {
    const runs = [];
    for (let i = 0; i < runsPerPage; i++) runs.push(await audit(page));
    // The run with the median performance score, as Lighthouse's own advice for noisy machines.
    runs.sort((a, b) => (a.categories.performance?.score ?? 0) - (b.categories.performance?.score ?? 0));
    const lhr = runs[Math.floor(runs.length / 2)];
    if (!lhr) throw new Error(`no run for ${page}`);
    const score = (id: string) => Math.round((lhr.categories[id]?.score ?? 0) * 100);
    const numeric = (id: string) => lhr.audits[id]?.numericValue ?? NaN;
    const requests = lhr.audits['network-requests']?.details;
    const items = requests && 'items' in requests ? requests.items : [];
    const a11yFailures = Object.values(lhr.audits)
      .filter((a) => a.score === 0 && lhr.categories.accessibility?.auditRefs.some((r) => r.id === a.id))
      .map((a) => a.id);
    const problem =
      lhr.runtimeError?.code ?? lhr.audits['largest-contentful-paint']?.errorMessage ?? undefined;
    const perfScores = runs.map((r) => Math.round((r.categories.performance?.score ?? 0) * 100));
    rows.push(
      `${page.padEnd(28)} ${String(score('performance')).padStart(5)} ${String(score('accessibility')).padStart(5)} ` +
        `${(numeric('largest-contentful-paint') / 1000).toFixed(1).padStart(6)}s ${Math.round(numeric('total-blocking-time')).toString().padStart(4)}ms ` +
        `${(numeric('total-byte-weight') / 1024).toFixed(0).padStart(6)}  ${items.length}` +
        `  (perf of each run: ${perfScores.join(', ')})` +
        (a11yFailures.length > 0 ? `  (a11y: ${a11yFailures.join(', ')})` : '') +
        (problem ? `  (${problem})` : ''),
    );
  }
  process.stdout.write(
    [
      `Lighthouse ${lighthouseVersion} mobile (simulated slow 4G, mid-range phone), first visit, median of ${runsPerPage} runs, map tiles aside`,
      header,
      ...rows,
      `${'goal'.padEnd(28)} ${`≥${GOAL.performance}`.padStart(5)} ${String(GOAL.accessibility).padStart(5)} ${''.padStart(7)} ${''.padStart(6)} ${`≤${GOAL.kb}`.padStart(6)}`,
    ].join('\n') + '\n',
  );
} finally {
  chrome?.kill();
  server.kill('SIGTERM');
  await new Promise((r) => server.once('exit', r));
  fs.rmSync(dataDir, { recursive: true, force: true });
}
