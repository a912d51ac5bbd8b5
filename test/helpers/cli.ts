import { PassThrough } from 'node:stream';
import { runCli } from '../../src/cli/run.js';

/** What one command line printed, and its exit code. */
export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs a `buurtkracht` command line in this process, as `bin/buurtkracht.js` would in its own
 * (the same runner, argument parsing and exit codes), with `env` as its whole environment and
 * its output captured. Spawning a process per command costs seconds of start-up; only the
 * smoke test of the entry point itself spawns one.
 */
export async function runCliInProcess(
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  signal: AbortSignal = new AbortController().signal,
): Promise<CliRun> {
  const stdout = capture();
  const stderr = capture();
  const code = await runCli(args, { stdout: stdout.stream, stderr: stderr.stream, env, signal });
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}

function capture(): { stream: PassThrough; text(): string } {
  const stream = new PassThrough();
  const chunks: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  return { stream, text: () => Buffer.concat(chunks).toString('utf8') };
}
