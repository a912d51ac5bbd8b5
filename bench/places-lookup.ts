/**
 * Point → buurt and place-page speed, reproducible: `npm run bench:places`
 * (or `npx tsx bench/places-lookup.ts [--lookups 1000000] [--requests 5000] [--concurrency 10]
 * [--database-url postgres://…]`).
 *
 * 1. The demo buurten (three gemeenten, 174 buurten) loaded into a throw-away in-memory PGlite,
 *    then the in-memory SpatialIndex: lookups per second for random points.
 * 2. A synthetic country: 14,500 buurt polygons tiling the Netherlands' bounding box, the
 *    number of buurten CBS counts, to show lookup speed at national scale.
 * 3. `GET /buurten/BU06370002` over real HTTP on 127.0.0.1: requests per second and latency
 *    percentiles at a fixed concurrency.
 *
 * Random points come from a seeded generator, so every run asks the same questions.
 */
import crypto from 'node:crypto';
import { once } from 'node:events';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { Worker } from 'node:worker_threads';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { openDatabase } from '../src/db/database.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { loadDemoPlacesIfEmpty } from '../src/modules/places/index.js';
import {
  bboxOf,
  findAllBuurtBoundaries,
  mergeBBoxes,
  SpatialIndex,
  type BBox,
  type IndexedBoundary,
  type Position,
} from '../src/modules/places/places.test-helpers.js';
import { datasetsDir } from '../src/shared/paths.js';

const { values: args } = parseArgs({
  options: {
    lookups: { type: 'string', default: '1000000' },
    // A PostgreSQL database to compare with (the demo places are loaded into it when it has none).
    'database-url': { type: 'string' },
    requests: { type: 'string', default: '5000' },
    concurrency: { type: 'string', default: '10' },
  },
});
function positiveInteger(name: string, value: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 1) throw new Error(`--${name} must be a whole number above 0`);
  return n;
}
const LOOKUPS = positiveInteger('lookups', args.lookups);
const REQUESTS = positiveInteger('requests', args.requests);
const CONCURRENCY = positiveInteger('concurrency', args.concurrency);
/** The HTTP part stops early when it takes longer than this, whatever the request count. */
const HTTP_TIME_LIMIT_MS = 60_000;

/** mulberry32: a small seeded generator, so that runs compare like with like. */
function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const fmt = (n: number, digits = 0) =>
  n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

/** `count` points, uniformly within one of `boxes` chosen at random for each point. */
function randomPoints(boxes: readonly BBox[], count: number, seed: number): Float64Array {
  const random = seededRandom(seed);
  const points = new Float64Array(count * 2);
  for (let i = 0; i < count; i++) {
    const b = boxes[Math.floor(random() * boxes.length)]!;
    points[2 * i] = b.minLon + random() * (b.maxLon - b.minLon);
    points[2 * i + 1] = b.minLat + random() * (b.maxLat - b.minLat);
  }
  return points;
}

interface LookupFigures {
  lookups: number;
  hits: number;
  ms: number;
  /** CPU time of the process: steadier than wall time when other work shares the machine. */
  cpuMs: number;
}

function measureLookups(index: SpatialIndex, points: Float64Array): LookupFigures {
  const count = points.length / 2;
  // Warm-up, so the JIT has compiled the hot path before the clock runs.
  for (let i = 0; i < Math.min(count, 50_000); i++) index.lookup(points[2 * i]!, points[2 * i + 1]!);
  let hits = 0;
  const cpu = process.cpuUsage();
  const start = performance.now();
  for (let i = 0; i < count; i++) {
    if (index.lookup(points[2 * i]!, points[2 * i + 1]!) !== undefined) hits++;
  }
  const ms = performance.now() - start;
  const used = process.cpuUsage(cpu);
  return { lookups: count, hits, ms, cpuMs: (used.user + used.system) / 1000 };
}

function printLookups(title: string, f: LookupFigures): void {
  const perSecond = (f.lookups / f.ms) * 1000;
  console.log(`  ${title}`);
  console.log(
    `    ${fmt(f.lookups)} lookups in ${fmt(f.ms)} ms: ${fmt(perSecond)} lookups/s, ` +
      `${fmt((f.ms * 1e6) / f.lookups)} ns each (CPU ${fmt((f.cpuMs * 1e6) / f.lookups)} ns)`,
  );
  console.log(
    `    hits ${fmt(f.hits)} (${fmt((f.hits / f.lookups) * 100, 1)}%), misses ${fmt(f.lookups - f.hits)}`,
  );
}

/**
 * A grid of `columns` × `rows` buurten tiling `box`. Each edge between grid corners is a
 * wiggly line of `pointsPerEdge` segments computed from the edge's own position, so both
 * neighbours share it exactly: no gaps, no overlaps, and polygons as detailed as real ones.
 */
function syntheticCountry(
  box: BBox,
  columns: number,
  rows: number,
  pointsPerEdge: number,
): IndexedBoundary[] {
  const dx = (box.maxLon - box.minLon) / columns;
  const dy = (box.maxLat - box.minLat) / rows;
  const lon = (c: number) => box.minLon + c * dx;
  const lat = (r: number) => box.minLat + r * dy;
  // At most a fifth of a cell, fading to nothing at the corners (the sine envelope), so that
  // edges meeting at a corner stay in disjoint cones and never cross.
  const wiggle = (a: number, b: number, k: number) =>
    0.2 * Math.sin((Math.PI * k) / pointsPerEdge) * Math.sin(a * 12.9898 + b * 78.233 + k * 37.719);
  /** The horizontal edge at row `r` from column `c` eastwards, without its far corner. */
  const horizontal = (c: number, r: number): Position[] =>
    Array.from({ length: pointsPerEdge }, (_, k) => [
      lon(c) + (k / pointsPerEdge) * dx,
      lat(r) + (r === 0 || r === rows ? 0 : wiggle(c, r, k) * dy),
    ]);
  /** The vertical edge at column `c` from row `r` northwards, without its far corner. */
  const vertical = (c: number, r: number): Position[] =>
    Array.from({ length: pointsPerEdge }, (_, k) => [
      lon(c) + (c === 0 || c === columns ? 0 : wiggle(r + 1000, c, k) * dx),
      lat(r) + (k / pointsPerEdge) * dy,
    ]);
  const items: IndexedBoundary[] = [];
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < columns; c++) {
      // Counter-clockwise from the south-west corner: the shared edges are walked backwards
      // on the north and west sides, each starting at its own corner.
      const ring: Position[] = [
        ...horizontal(c, r),
        ...vertical(c + 1, r),
        [lon(c + 1), lat(r + 1)],
        ...horizontal(c, r + 1)
          .slice(1)
          .reverse(),
        [lon(c), lat(r + 1)],
        ...vertical(c, r).slice(1).reverse(),
        [lon(c), lat(r)],
      ];
      const n = items.length;
      const code = `BU${String(Math.floor(n / 100)).padStart(4, '0')}${String(n % 100).padStart(4, '0')}`;
      items.push({ code, boundary: { type: 'Polygon', coordinates: [ring] } });
    }
  }
  return items;
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/**
 * The load generator, in a worker thread: the server keeps its own event loop, as it would
 * with the clients elsewhere (the two still share this machine's cores).
 */
const LOAD_WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const { url, requests, concurrency, timeLimitMs } = workerData;
(async () => {
  for (let i = 0; i < 200; i++) await (await fetch(url)).arrayBuffer();
  const latencies = [];
  let errors = 0;
  let next = 0;
  const deadline = performance.now() + timeLimitMs;
  const start = performance.now();
  const client = async () => {
    while (next < requests && performance.now() < deadline) {
      next++;
      const t0 = performance.now();
      const res = await fetch(url);
      await res.arrayBuffer();
      latencies.push(performance.now() - t0);
      if (res.status !== 200) errors++;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, client));
  parentPort.postMessage({ latencies, errors, ms: performance.now() - start });
})();
`;

interface LoadResult {
  latencies: number[];
  errors: number;
  ms: number;
}

function isLoadResult(value: unknown): value is LoadResult {
  return (
    typeof value === 'object' && value !== null && 'latencies' in value && Array.isArray(value.latencies)
  );
}

async function measureHttp(baseUrl: string, path: string): Promise<void> {
  const url = `${baseUrl}${path}`;
  const first = await fetch(url);
  const body = await first.text();
  if (first.status !== 200) throw new Error(`GET ${path} answered ${first.status}`);
  console.log(`  GET ${path}: ${fmt(body.length)} bytes of HTML`);

  const worker = new Worker(LOAD_WORKER, {
    eval: true,
    workerData: { url, requests: REQUESTS, concurrency: CONCURRENCY, timeLimitMs: HTTP_TIME_LIMIT_MS },
  });
  const [message] = await once(worker, 'message');
  await worker.terminate();
  if (!isLoadResult(message)) throw new Error('the load generator sent no figures');
  const { errors, ms } = message;
  const latencies = [...message.latencies].sort((a, b) => a - b);
  console.log(
    `    ${fmt(latencies.length)} requests at concurrency ${CONCURRENCY} in ${fmt(ms)} ms: ` +
      `${fmt((latencies.length / ms) * 1000)} requests/s, ${errors} errors`,
  );
  console.log(
    `    latency p50 ${fmt(percentile(latencies, 50), 2)} ms, p95 ${fmt(percentile(latencies, 95), 2)} ms, ` +
      `p99 ${fmt(percentile(latencies, 99), 2)} ms, max ${fmt(latencies.at(-1) ?? NaN, 2)} ms`,
  );
}

async function main(): Promise<void> {
  const cpus = os.cpus();
  console.log('Buurtkracht places benchmark');
  console.log(
    `  machine: ${cpus.length} × ${cpus[0]?.model.trim() ?? 'unknown CPU'}, ` +
      `${fmt(os.totalmem() / 2 ** 30, 1)} GiB RAM, ${os.platform()} ${os.arch()}, Node ${process.version}`,
  );
  // Other work on the machine skews every figure below; this says how busy it was.
  console.log(
    `  load average at start: ${os
      .loadavg()
      .map((l) => fmt(l, 2))
      .join(', ')} (1, 5, 15 min)`,
  );

  const engine = args['database-url'] ? 'PostgreSQL' : 'in-memory PGlite';
  console.log(`\n1. Demo buurten (${engine} → SpatialIndex)`);
  let t0 = performance.now();
  const database = await openDatabase({
    databaseUrl: args['database-url'],
    dataDir: 'memory://',
    purpose: 'bench',
  });
  try {
    await migrateToLatest(database.db);
    await loadDemoPlacesIfEmpty(database.db, datasetsDir);
    const loadMs = performance.now() - t0;
    const boundaries = await findAllBuurtBoundaries(database.db);
    t0 = performance.now();
    const demoIndex = SpatialIndex.build(boundaries);
    const buildMs = performance.now() - t0;
    console.log(
      `  ${demoIndex.size} buurten with a boundary; database ready in ${fmt(loadMs)} ms, index built in ${fmt(buildMs, 2)} ms`,
    );

    // One bounding box per gemeente: the three lie far apart, so one box around all would be
    // mostly farmland between them and measure misses rather than lookups.
    const byGemeente = new Map<string, BBox[]>();
    for (const b of boundaries) {
      const gm = `GM${b.code.slice(2, 6)}`;
      byGemeente.set(gm, [...(byGemeente.get(gm) ?? []), bboxOf(b.boundary)]);
    }
    const gemeenteBoxes = [...byGemeente.values()].flatMap((boxes) => {
      const merged = mergeBBoxes(boxes);
      return merged ? [merged] : [];
    });
    printLookups(
      `random points in the bounding box of each of the ${gemeenteBoxes.length} gemeenten`,
      measureLookups(demoIndex, randomPoints(gemeenteBoxes, LOOKUPS, 1)),
    );
    const all = mergeBBoxes(gemeenteBoxes);
    if (all) {
      printLookups(
        'random points in one bounding box around all three (mostly between them: misses)',
        measureLookups(demoIndex, randomPoints([all], LOOKUPS, 2)),
      );
    }

    console.log('\n2. National scale: 14,500 synthetic buurten tiling the Netherlands');
    const netherlands: BBox = { minLon: 3.31, minLat: 50.75, maxLon: 7.23, maxLat: 53.56 };
    for (const pointsPerEdge of [1, 16]) {
      t0 = performance.now();
      const country = syntheticCountry(netherlands, 145, 100, pointsPerEdge);
      const countryIndex = SpatialIndex.build(country);
      const first = country[0]?.boundary;
      const vertices = first?.type === 'Polygon' ? (first.coordinates[0]?.length ?? 0) : 0;
      printLookups(
        `${fmt(countryIndex.size)} polygons of ${vertices} positions each (index built in ${fmt(performance.now() - t0)} ms)`,
        measureLookups(countryIndex, randomPoints([netherlands], LOOKUPS, 3)),
      );
    }

    console.log(`\n3. HTTP on 127.0.0.1 (Fastify; Node fetch in a worker thread; ${engine})`);
    const config = loadConfig({
      NODE_ENV: 'production',
      PORT: '0',
      LOG_LEVEL: 'silent',
      DEMO: 'false',
      // Given, so that loading the config writes no key file into a data folder.
      SECRET_KEY: crypto.randomBytes(48).toString('base64url'),
      BUURTKRACHT_DATA_DIR: os.tmpdir(),
    });
    const { app } = await buildApp({ config, database });
    try {
      const address = await app.listen({ port: 0, host: '127.0.0.1' });
      await measureHttp(address, '/buurten/BU06370002');
    } finally {
      await app.close();
    }
  } finally {
    await database.close();
  }
}

await main();
