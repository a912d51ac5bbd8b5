/**
 * Background jobs: declare with `defineJob`, register with `JobRunner.define`, queue a run by
 * hand with `JobRunner.enqueue`. main.ts owns the one runner of a process.
 */
export {
  defineJob,
  noPayload,
  type Job,
  type NoPayload,
  type JobContext,
  type JobDefinition,
  type JobSchedule,
} from './job.js';
export { JobRunner, type EnqueueOptions, type JobRunnerOptions } from './job-runner.js';
