import path from 'node:path';
import { PassThrough } from 'node:stream';
import type { CliCommand, CliContext } from '../../src/cli/command.js';
import { describeDomainError, runCli } from '../../src/cli/run.js';
import type { Config } from '../../src/config.js';
import type { Database } from '../../src/db/database.js';
import { createAppI18n, type Modules } from '../../src/modules/index.js';
import { DomainError } from '../../src/shared/errors.js';

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
  cwd?: string,
): Promise<CliRun> {
  const stdout = capture();
  const stderr = capture();
  const code = await runCli(args, {
    stdout: stdout.stream,
    stderr: stderr.stream,
    env,
    signal,
    ...(cwd ? { cwd } : {}),
  });
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}

function capture(): { stream: PassThrough; text(): string } {
  const stream = new PassThrough();
  const chunks: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  return { stream, text: () => Buffer.concat(chunks).toString('utf8') };
}

/**
 * Runs one command against an app a test already built (its database and modules), the way
 * the runner would, with the output captured; resolves with what it printed, or what it threw.
 */
export async function runCommandOn(
  t: { config: Config; database: Database; modules: Modules },
  command: CliCommand | undefined,
  argv: readonly string[],
): Promise<{ stdout: string; error?: Error }> {
  if (!command) throw new Error('no such command');
  const out = capture();
  const english = createAppI18n(t.modules);
  const ctx: CliContext = {
    stdout: out.stream,
    stderr: out.stream,
    signal: new AbortController().signal,
    checkpoint: async () => undefined,
    config: () => t.config,
    database: async () => t.database,
    describeDatabase: () => 'the test database',
    modules: async () => t.modules,
    describe: (error) => describeDomainError(error, english),
    resolvePath: (file) => path.resolve(file),
  };
  try {
    await command.run(ctx, argv);
    return { stdout: out.text() };
  } catch (error) {
    const failure = error instanceof DomainError ? new Error(ctx.describe(error)) : error;
    return { stdout: out.text(), error: failure instanceof Error ? failure : new Error(String(failure)) };
  }
}
