import PgBoss from 'pg-boss';
import type { Logger } from 'pino';
import type { Db, Queryable } from '../db/database.js';
import { PoolBossConnection, transactionBossConnection } from './boss-connection.js';
import type { Job } from './job.js';

export interface JobRunnerOptions {
  /** The app's database; the queue lives beside the app's tables in the schema `pgboss`. */
  db: Db;
  log: Logger;
  /** How often each worker asks for new runs (default 2 s; at least 0.5 s). */
  pollingIntervalSeconds?: number;
  /** How often each process looks at the cron schedules (default 30 s; 1 to 45 s). */
  cronCheckSeconds?: number;
}

/** Options for queueing a run by hand. */
export interface EnqueueOptions {
  /**
   * The caller's transaction: the run is queued only if it commits. Inside a transaction this is
   * required, not optional: on PGlite the transaction holds the only connection, so queueing
   * through the pool would wait for it forever.
   */
  db?: Queryable;
  /** Wait this long before running. */
  startAfterSeconds?: number;
  /** With `singletonSeconds`: at most one run with this key per time slot, across processes. */
  singletonKey?: string;
  singletonSeconds?: number;
}

type RunnerState = 'idle' | 'starting' | 'running' | 'stopping' | 'stopped';

const SCHEMA = 'pgboss';
const DEFAULT_TIMEZONE = 'Europe/Amsterdam';
const STARTUP_SLOT_SECONDS = 3600;
const STOP_TIMEOUT_MS = 10_000;

/**
 * Runs the app's background jobs with pg-boss (v10), inside the app process and through the
 * app's own database, on PGlite and on PostgreSQL. Safe with several app processes on one
 * PostgreSQL server: pg-boss's schedule and singleton rules give one run per tick in total.
 *
 * Lifecycle: `define` every job, then `start` (after migrations), `enqueue` while running, and
 * `stop` before the database closes.
 */
export class JobRunner {
  readonly #log: Logger;
  readonly #connection: PoolBossConnection;
  readonly #boss: PgBoss;
  readonly #pollingIntervalSeconds: number;
  readonly #jobs = new Map<string, Job>();
  readonly #workers = new Map<string, string>();
  readonly #timers: NodeJS.Timeout[] = [];
  readonly #running = new Set<Promise<void>>();
  #state: RunnerState = 'idle';

  constructor(options: JobRunnerOptions) {
    this.#log = options.log;
    this.#connection = new PoolBossConnection(options.db);
    this.#pollingIntervalSeconds = options.pollingIntervalSeconds ?? 2;
    this.#boss = new PgBoss({
      db: this.#connection,
      schema: SCHEMA,
      pollingIntervalSeconds: this.#pollingIntervalSeconds,
      cronMonitorIntervalSeconds: options.cronCheckSeconds ?? 30,
      // The worker that turns a schedule's tick into a run: as prompt as the other workers.
      cronWorkerIntervalSeconds: Math.min(45, Math.max(1, Math.ceil(this.#pollingIntervalSeconds))),
      // Finished runs are history for operators, not data anyone needs for long.
      deleteAfterDays: 7,
    });
    this.#boss.on('error', (error) => this.#log.error({ err: error }, 'job queue error'));
  }

  /** Registers a job. Only before `start`: workers and schedules are set up there. */
  define(job: Job): void {
    if (this.#state !== 'idle') throw new Error(`Job ${job.name} defined after the job runner started`);
    if (this.#jobs.has(job.name)) throw new Error(`Job ${job.name} is defined twice`);
    this.#jobs.set(job.name, job);
  }

  /** The names of the defined jobs. */
  get jobNames(): string[] {
    return [...this.#jobs.keys()];
  }

  /**
   * Installs or upgrades pg-boss's tables (once, whichever process comes first), creates a
   * queue per job, records the cron schedules and starts the workers.
   */
  async start(): Promise<void> {
    if (this.#state !== 'idle') throw new Error('The job runner can be started once');
    this.#state = 'starting';
    const boss = this.#boss;
    await boss.start();
    for (const job of this.#jobs.values()) {
      const queue: PgBoss.Queue = {
        name: job.name,
        policy: job.exclusive ? 'stately' : 'standard',
        retryLimit: job.retry.limit,
        retryDelay: job.retry.delaySeconds,
        retryBackoff: job.retry.backoff,
        expireInSeconds: job.timeoutSeconds,
      };
      const { schedule } = job;
      await retryOnDeadlock(async () => {
        await boss.createQueue(job.name, queue);
        // createQueue leaves an existing queue alone; a changed declaration must still apply.
        await boss.updateQueue(job.name, queue);
        if (schedule && 'cron' in schedule) {
          await boss.schedule(job.name, schedule.cron, {}, { tz: schedule.timezone ?? DEFAULT_TIMEZONE });
        } else {
          // A schedule dropped from the code must stop firing.
          await boss.unschedule(job.name);
        }
      });
      const workerId = await boss.work(
        job.name,
        { pollingIntervalSeconds: this.#pollingIntervalSeconds, batchSize: 1 },
        (runs) => this.#execute(job, runs),
      );
      this.#workers.set(job.name, workerId);
    }
    this.#state = 'running';
    for (const job of this.#jobs.values()) {
      const { schedule } = job;
      if (schedule && 'everySeconds' in schedule) {
        // One run per slot of N seconds in total: every process offers one, the singleton
        // index keeps the first.
        const tick = () => this.#offer(job, 'every', schedule.everySeconds);
        tick();
        this.#timers.push(setInterval(tick, schedule.everySeconds * 1000));
      }
      if (job.runAtStartup) this.#offer(job, 'startup', STARTUP_SLOT_SECONDS);
    }
    this.#log.info({ jobs: this.jobNames }, 'job runner started');
  }

  /**
   * Queues one run of a defined job now (or after `startAfterSeconds`). Returns the run's id, or
   * null when a singleton or exclusive rule dropped it because an equal run is already waiting.
   */
  async enqueue<T extends object>(
    job: Job<T>,
    data: T,
    options: EnqueueOptions = {},
  ): Promise<string | null> {
    if (this.#state !== 'running') {
      throw new Error(`Job ${job.name} queued while the job runner is not running`);
    }
    // Checked with the registered declaration: a caller may hold another instance of the job.
    const registered = this.#jobs.get(job.name);
    if (!registered) throw new Error(`Job ${job.name} is not defined in this job runner`);
    const payload = registered.parse(data);
    const sendOptions: PgBoss.SendOptions = {
      ...(options.db ? { db: transactionBossConnection(options.db) } : {}),
      ...(options.startAfterSeconds !== undefined ? { startAfter: options.startAfterSeconds } : {}),
      ...(options.singletonKey !== undefined ? { singletonKey: options.singletonKey } : {}),
      ...(options.singletonSeconds !== undefined ? { singletonSeconds: options.singletonSeconds } : {}),
    };
    const id = await this.#boss.send(job.name, payload, sendOptions);
    // Outside a transaction the run is visible now: wake this process's worker for it.
    const worker = this.#workers.get(job.name);
    if (id && !options.db && worker) this.#boss.notifyWorker(worker);
    return id;
  }

  /**
   * Stops taking new runs, lets a run in progress finish (up to about 8 s; after that it counts
   * as failed and is retried later, by any process), and lets pg-boss's last queries end, so the
   * database can close next. Returns within 10 s, inside main.ts's 15 s for the whole shutdown.
   */
  async stop(): Promise<void> {
    if (this.#state === 'idle') {
      this.#state = 'stopped';
      return;
    }
    if (this.#state !== 'running' && this.#state !== 'starting') return;
    this.#state = 'stopping';
    const deadline = Date.now() + STOP_TIMEOUT_MS;
    for (const timer of this.#timers) clearInterval(timer);
    await this.#boss.stop({ graceful: true, timeout: STOP_TIMEOUT_MS - 2000, close: false });
    // pg-boss returns before its workers' last fetch or completion has come back, and a run
    // that outlived its grace is still going: wait for both, up to the deadline.
    while ((this.#connection.busy || this.#running.size > 0) && Date.now() < deadline) {
      await this.#connection.drain(Math.max(0, deadline - Date.now()));
      await Promise.race([Promise.allSettled([...this.#running]), sleep(Math.max(0, deadline - Date.now()))]);
      await sleep(100);
    }
    this.#connection.close();
    this.#state = 'stopped';
    this.#log.info('job runner stopped');
  }

  #offer(job: Job, key: string, slotSeconds: number): void {
    this.#boss.send(job.name, {}, { singletonKey: key, singletonSeconds: slotSeconds }).then(
      (id) => {
        const worker = this.#workers.get(job.name);
        if (id && worker && this.#state === 'running') this.#boss.notifyWorker(worker);
      },
      (error: unknown) => this.#log.error({ err: error, job: job.name }, 'could not queue a scheduled run'),
    );
  }

  async #execute(job: Job, runs: PgBoss.Job<unknown>[]): Promise<void> {
    // pg-boss may hand over a run fetched just before stop; failing it returns it to the queue.
    if (this.#state !== 'running') throw new Error('The job runner is stopping');
    for (const run of runs) {
      const log = this.#log.child({ job: job.name, runId: run.id });
      const started = Date.now();
      const execution = job.execute(run.data, { runId: run.id, log });
      const tracked = execution.then(
        () => undefined,
        () => undefined,
      );
      this.#running.add(tracked);
      try {
        await execution;
        log.debug({ ms: Date.now() - started }, 'job done');
      } catch (error) {
        log.error({ err: error, ms: Date.now() - started }, 'job failed; it is retried if retries remain');
        throw error;
      } finally {
        this.#running.delete(tracked);
      }
    }
  }
}

/**
 * Two processes creating the same new queue at once deadlock inside pg-boss's create_queue (one
 * waits on the other's queue row, the other on a table lock for the partition's foreign key).
 * PostgreSQL aborts one of them; by then the other has created the queue, so trying again
 * finds it and returns.
 */
async function retryOnDeadlock(step: () => Promise<void>): Promise<void> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      await step();
      return;
    } catch (error) {
      const deadlock =
        typeof error === 'object' && error !== null && 'code' in error && error.code === '40P01';
      if (!deadlock || attempt >= 5) throw error;
      await sleep(50 + Math.random() * 200 * attempt);
    }
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
