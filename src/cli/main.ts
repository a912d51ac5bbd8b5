import { EXIT_INTERRUPTED, runCli } from './run.js';

/** The `buurtkracht` entry point: the process's streams, environment and Ctrl-C. */
const controller = new AbortController();
const onInterrupt = (): void => {
  if (controller.signal.aborted) {
    // A second Ctrl-C: the person insists. A PostgreSQL server rolls back on its own.
    process.stderr.write('Stopped.\n');
    process.exit(EXIT_INTERRUPTED);
  }
  process.stderr.write(
    '\nInterrupted: stopping at the next safe point and closing the database. ' +
      'Press Ctrl-C again to stop at once.\n',
  );
  controller.abort();
};
// Left in place to the end: Node's signal handles do not keep the process alive.
process.on('SIGINT', onInterrupt);
process.on('SIGTERM', onInterrupt);

process.exitCode = await runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  signal: controller.signal,
});
