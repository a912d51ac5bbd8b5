import { sql } from 'kysely';
import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createTestDatabase } from '../../test/helpers/database.js';
import { openDatabase, type Database } from '../db/database.js';
import { PoolBossConnection } from './boss-connection.js';
import { defineJob, type Job } from './job.js';
import { JobRunner } from './job-runner.js';

const log = pino({ level: 'silent' });
const noData = z.object({});

let database: Database;
const runners: JobRunner[] = [];
const extraDatabases: Database[] = [];

beforeAll(async () => {
  database = await createTestDatabase();
});
afterEach(async () => {
  for (const runner of runners.splice(0)) await runner.stop();
  for (const extra of extraDatabases.splice(0)) await extra.close();
});
afterAll(async () => {
  await database.close();
});

/** A runner as a test app process would have it, polling fast so tests stay short. */
async function startRunner(jobs: Job[], db = database): Promise<JobRunner> {
  const runner = new JobRunner({ db: db.db, log, pollingIntervalSeconds: 0.5, cronCheckSeconds: 1 });
  for (const job of jobs) runner.define(job);
  runners.push(runner);
  await runner.start();
  return runner;
}

/**
 * A second "app process": its own pool to the same PostgreSQL database. PGlite serves one
 * process, so there the second runner shares the database object (pg-boss still coordinates
 * purely through the tables, as between processes).
 */
async function secondProcessDatabase(first: Database): Promise<Database> {
  if (first.engine === 'pglite') return first;
  const other = await openDatabase({
    databaseUrl: first.url,
    dataDir: 'unused',
    poolSize: 3,
  });
  extraDatabases.push(other);
  return other;
}

async function waitFor(check: () => boolean, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await sleep(50);
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('running a queued job', () => {
  it('runs it once with its data', async () => {
    const seen: number[] = [];
    const job = defineJob({
      name: 'test-queued',
      payload: z.object({ n: z.number() }),
      run: async ({ n }) => {
        seen.push(n);
      },
    });
    const runner = await startRunner([job]);
    expect(await runner.enqueue(job, { n: 7 })).toEqual(expect.any(String));
    await waitFor(() => seen.length > 0);
    await sleep(700);
    expect(seen).toEqual([7]);
  });

  it('refuses data that does not fit the payload before queueing it', async () => {
    const job = defineJob({ name: 'test-typed', payload: z.object({ n: z.number() }), run: async () => {} });
    const runner = await startRunner([job]);
    await expect(runner.enqueue(job, JSON.parse('{"n":"seven"}'))).rejects.toThrow();
  });

  it('retries a failed run', async () => {
    let attempts = 0;
    const job = defineJob({
      name: 'test-retry',
      payload: noData,
      retry: { limit: 2, delaySeconds: 0, backoff: false },
      run: async () => {
        attempts += 1;
        if (attempts === 1) throw new Error('the first attempt fails');
      },
    });
    const runner = await startRunner([job]);
    await runner.enqueue(job, {});
    await waitFor(() => attempts >= 2);
    await sleep(700);
    expect(attempts).toBe(2);
  });
});

describe('queueing inside a transaction', () => {
  it('queues the run only when the transaction commits, without a deadlock on one connection', async () => {
    const seen: string[] = [];
    const job = defineJob({
      name: 'test-transactional',
      payload: z.object({ label: z.string() }),
      run: async ({ label }) => {
        seen.push(label);
      },
    });
    const runner = await startRunner([job]);
    await database.db
      .transaction()
      .execute(async (trx) => {
        await runner.enqueue(job, { label: 'rolled back' }, { db: trx });
        throw new Error('roll back');
      })
      .catch(() => undefined);
    await database.db.transaction().execute(async (trx) => {
      await runner.enqueue(job, { label: 'committed' }, { db: trx });
    });
    await waitFor(() => seen.length > 0);
    await sleep(1200);
    expect(seen).toEqual(['committed']);
  });
});

describe('schedules with two app processes on one database', () => {
  // A database of its own, so that both processes also race to install pg-boss's tables.
  let fresh: Database;
  beforeAll(async () => {
    fresh = await createTestDatabase();
  });
  afterAll(async () => {
    await fresh.close();
  });

  it('runs a cron job once per tick, not once per process', async () => {
    // pg-boss fires an every-minute cron right away; keep the test inside one minute.
    const second = new Date().getUTCSeconds();
    if (second >= 48) await sleep((61 - second) * 1000);
    const runs: string[] = [];
    const makeJob = () =>
      defineJob({
        name: 'test-cron',
        payload: noData,
        schedule: { cron: '* * * * *' },
        run: async (_data, { runId }) => {
          runs.push(runId);
        },
      });
    const other = await secondProcessDatabase(fresh);
    await Promise.all([startRunner([makeJob()], fresh), startRunner([makeJob()], other)]);
    await waitFor(() => runs.length > 0);
    await sleep(4000);
    expect(runs).toHaveLength(1);
  });

  it('runs an every-N-seconds job once per slot, not once per process', async () => {
    let runs = 0;
    const makeJob = () =>
      defineJob({
        name: 'test-every',
        payload: noData,
        schedule: { everySeconds: 2 },
        run: async () => {
          runs += 1;
        },
      });
    const other = await secondProcessDatabase(fresh);
    const started = Date.now();
    const [a, b] = await Promise.all([startRunner([makeJob()], fresh), startRunner([makeJob()], other)]);
    await sleep(5000);
    await Promise.all([a.stop(), b.stop()]);
    const slots = Math.floor(Date.now() / 2000) - Math.floor(started / 2000) + 1;
    expect(runs).toBeGreaterThanOrEqual(2);
    expect(runs).toBeLessThanOrEqual(slots);
  });

  it('runs a start-up job once even when both processes start', async () => {
    let runs = 0;
    const makeJob = () =>
      defineJob({
        name: 'test-startup',
        payload: noData,
        runAtStartup: true,
        run: async () => {
          runs += 1;
        },
      });
    const other = await secondProcessDatabase(fresh);
    await Promise.all([startRunner([makeJob()], fresh), startRunner([makeJob()], other)]);
    await waitFor(() => runs > 0);
    await sleep(1500);
    expect(runs).toBe(1);
  });
});

describe('stopping', () => {
  it('lets a run in progress finish before it returns', async () => {
    let finished = false;
    let started = false;
    const job = defineJob({
      name: 'test-slow',
      payload: noData,
      run: async () => {
        started = true;
        await sleep(800);
        finished = true;
      },
    });
    const runner = await startRunner([job]);
    await runner.enqueue(job, {});
    await waitFor(() => started);
    await runner.stop();
    expect(finished).toBe(true);
    // The database is still usable by the app afterwards.
    await expect(sql`select 1 as one`.execute(database.db)).resolves.toBeDefined();
  });
});

describe('declaring jobs', () => {
  it('refuses a badly named job, and a scheduled job whose payload needs data', () => {
    expect(() => defineJob({ name: 'Bad Name', payload: noData, run: async () => {} })).toThrow(/lowercase/);
    expect(() =>
      defineJob({
        name: 'needs-data',
        payload: z.object({ id: z.string() }),
        schedule: { cron: '0 3 * * *' },
        run: async () => {},
      }),
    ).toThrow(/must accept \{\}/);
  });
});

describe('the pg-boss connection', () => {
  it('leaves no aborted transaction behind when a statement in a BEGIN … COMMIT string fails', async () => {
    const connection = new PoolBossConnection(database.db);
    await expect(connection.executeSql('BEGIN; SELECT 1; SELECT 1/0; COMMIT;', [])).rejects.toThrow(
      /division by zero/,
    );
    const { rows } = await connection.executeSql('select 41 + 1 as answer', []);
    expect(rows).toEqual([{ answer: 42 }]);
  });
});
