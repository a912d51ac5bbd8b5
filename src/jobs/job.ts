import type { Logger } from 'pino';
import { z } from 'zod';

/** The payload of a job that needs no data (most scheduled jobs). */
export const noPayload = z.object({});
export type NoPayload = z.infer<typeof noPayload>;

/** What a job's handler gets besides its data. */
export interface JobContext {
  /** The run's id (pg-boss job id), for logs. */
  readonly runId: string;
  readonly log: Logger;
}

/**
 * When a job runs by itself. Across every app process on one database there is one run per
 * tick, never one per process.
 * - `cron`: five fields, in Europe/Amsterdam time unless `timezone` says otherwise
 *   (`30 3 * * *` is 03:30 every night, summer and winter).
 * - `everySeconds`: for sub-minute work such as draining the mail outbox.
 */
export type JobSchedule =
  { readonly cron: string; readonly timezone?: string } | { readonly everySeconds: number };

/** A job as a module declares it; turned into a {@link Job} by {@link defineJob}. */
export interface JobDefinition<T extends object> {
  /** Queue name: lowercase words and hyphens, prefixed by the owner (`privacy-retention`). */
  readonly name: string;
  /**
   * Schema of the job's data. Data is stored as JSON until the job runs, so it holds ids, never
   * personal data (the queue is outside the personal data register).
   */
  readonly payload: z.ZodType<T>;
  readonly run: (data: T, context: JobContext) => Promise<void>;
  readonly schedule?: JobSchedule;
  /**
   * Also run once soon after start-up, at most once an hour across all processes: a nightly
   * job still runs on a laptop that was off at night.
   */
  readonly runAtStartup?: boolean;
  /**
   * At most one run waiting and one running across all processes; a request for another run
   * while one waits is dropped. For jobs that sweep a table (outbox, retention).
   */
  readonly exclusive?: boolean;
  /** Retries after a failure, with the delay doubling when `backoff` (default 2, 30 s, true). */
  readonly retry?: { readonly limit: number; readonly delaySeconds: number; readonly backoff?: boolean };
  /** A run taking longer than this counts as failed and is retried (default 15 minutes). */
  readonly timeoutSeconds?: number;
}

/** A defined job: what `JobRunner` registers. `T` is its data, a JSON object. */
export interface Job<T extends object = object> {
  readonly name: string;
  readonly schedule: JobSchedule | undefined;
  readonly runAtStartup: boolean;
  readonly exclusive: boolean;
  readonly retry: { readonly limit: number; readonly delaySeconds: number; readonly backoff: boolean };
  readonly timeoutSeconds: number;
  /** Checks data before it is queued; throws when it does not fit the payload schema. */
  parse(data: unknown): T;
  /** Parses the stored data and runs the handler. */
  execute(data: unknown, context: JobContext): Promise<void>;
}

const JOB_NAME = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

/**
 * Checks a job declaration and wraps it so that jobs with different data fit in one list.
 * Throws at start-up, not at 03:30, when the declaration is wrong.
 */
export function defineJob<T extends object>(definition: JobDefinition<T>): Job<T> {
  const { name, payload, schedule } = definition;
  if (!JOB_NAME.test(name) || name.length > 50) {
    throw new Error(`Job name "${name}" must be lowercase words joined by hyphens, at most 50 characters`);
  }
  if (schedule && 'everySeconds' in schedule) {
    if (!Number.isInteger(schedule.everySeconds) || schedule.everySeconds < 1) {
      throw new Error(`Job ${name}: everySeconds must be a whole number of seconds, at least 1`);
    }
  }
  if ((schedule || definition.runAtStartup) && !payload.safeParse({}).success) {
    throw new Error(`Job ${name} runs by itself with empty data, so its payload must accept {}`);
  }
  const retry = {
    limit: definition.retry?.limit ?? 2,
    delaySeconds: definition.retry?.delaySeconds ?? 30,
    backoff: definition.retry?.backoff ?? true,
  };
  const timeoutSeconds = definition.timeoutSeconds ?? 15 * 60;
  // pg-boss refuses expirations of 24 hours or more.
  if (!Number.isInteger(timeoutSeconds) || timeoutSeconds < 1 || timeoutSeconds >= 24 * 3600) {
    throw new Error(`Job ${name}: timeoutSeconds must be between 1 second and 24 hours`);
  }
  return {
    name,
    schedule,
    runAtStartup: definition.runAtStartup ?? false,
    exclusive: definition.exclusive ?? false,
    retry,
    timeoutSeconds,
    parse: (data) => payload.parse(data),
    execute: async (data, context) => definition.run(payload.parse(data), context),
  };
}
