import fs from 'node:fs';
import path from 'node:path';
import { ConfigError, loadConfig, type Config } from '../config.js';
import { DataDirLockedError } from '../db/data-dir-lock.js';
import { openDatabase, type Database } from '../db/database.js';
import { migrateToLatest } from '../db/migrate.js';
import { checkSecretKey, SecretKeyMismatchError } from '../db/secret-key-check.js';
import { ImportFileError } from '../modules/places/index.js';
import { projectRoot } from '../shared/paths.js';
import {
  CliError,
  commands,
  DATABASE_HELP,
  findCommand,
  formatRows,
  UsageError,
  type CliCommand,
  type CliContext,
} from './commands.js';

/** Exit codes: scripts rely on them. */
const EXIT_OK = 0;
const EXIT_FAILURE = 1;
const EXIT_USAGE = 2;
/** 128 + SIGINT, what shells report for a command stopped with Ctrl-C. */
const EXIT_INTERRUPTED = 130;

interface CliIo {
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
  env: NodeJS.ProcessEnv;
  signal: AbortSignal;
}

function overviewHelp(): string {
  return [
    'Usage: buurtkracht <command> [options]',
    'Buurtkracht on the command line: run `buurtkracht <command> --help` for a command.',
    `Commands:\n${formatRows(commands.map((c) => [c.name, c.summary]))}`,
    `Options:\n${formatRows([
      ['-h, --help', 'show this list'],
      ['    --version', 'show the version'],
    ])}`,
    DATABASE_HELP,
  ].join('\n\n');
}

function version(): string {
  const parsed: unknown = JSON.parse(fs.readFileSync(path.join(projectRoot, 'package.json'), 'utf8'));
  return typeof parsed === 'object' &&
    parsed !== null &&
    'version' in parsed &&
    typeof parsed.version === 'string'
    ? parsed.version
    : 'unknown';
}

/** The database for the user, without the password a DATABASE_URL may hold. */
function describeDatabase(config: Config): string {
  if (!config.databaseUrl) return `the embedded database in ${config.dataDir}`;
  try {
    const url = new URL(config.databaseUrl);
    return `the PostgreSQL database ${url.pathname.replace(/^\//, '')} on ${url.host}`;
  } catch {
    return 'the PostgreSQL server of DATABASE_URL';
  }
}

/** The context of one command run; `close()` releases what the command opened. */
function createContext(command: CliCommand, io: CliIo): CliContext & { close(): Promise<void> } {
  let config: Config | undefined;
  let opening: Promise<Database> | undefined;
  const readConfig = (): Config => (config ??= loadConfig(io.env));
  return {
    stdout: io.stdout,
    stderr: io.stderr,
    signal: io.signal,
    config: readConfig,
    async checkpoint() {
      await new Promise((resolve) => setImmediate(resolve));
      io.signal.throwIfAborted();
    },
    describeDatabase: () => describeDatabase(readConfig()),
    database() {
      opening ??= (async () => {
        const c = readConfig();
        const database = await openDatabase({
          databaseUrl: c.databaseUrl,
          dataDir: c.dataDir,
          // One command at a time needs few connections; leave the server's pool its share.
          poolSize: 2,
          purpose: command.name,
        });
        try {
          const applied = await migrateToLatest(database.db);
          if (applied.length > 0)
            io.stderr.write(
              `Database schema updated (${applied.length} migration${applied.length === 1 ? '' : 's'}).\n`,
            );
          // Codes printed or checked with another key than the servers' would silently not work.
          await checkSecretKey(database.db, c);
        } catch (error) {
          await database.close();
          throw error;
        }
        return database;
      })();
      return opening;
    },
    async close() {
      const database = await opening?.catch(() => undefined);
      await database?.close();
    },
  };
}

const wantsHelp = (argv: readonly string[]): boolean => {
  const end = argv.indexOf('--');
  return (end === -1 ? argv : argv.slice(0, end)).some((a) => a === '--help' || a === '-h');
};

/** Message and exit code for a failed command; a stack trace only for what nobody expected. */
function describeFailure(command: CliCommand, error: unknown, signal: AbortSignal): [string, number] {
  if (error instanceof UsageError) {
    return [
      `buurtkracht ${command.name}: ${error.message}\nUsage: buurtkracht ${command.usage}\n` +
        `Run \`buurtkracht ${command.name} --help\` for more.`,
      EXIT_USAGE,
    ];
  }
  if (error instanceof ConfigError)
    return [`${error.message}\nSee .env.example for every setting.`, EXIT_FAILURE];
  if (
    error instanceof DataDirLockedError ||
    error instanceof SecretKeyMismatchError ||
    error instanceof ImportFileError ||
    error instanceof CliError
  ) {
    return [error.message, EXIT_FAILURE];
  }
  if (signal.aborted) {
    return [
      'Interrupted: the step in progress was rolled back; steps reported as done above are kept.',
      EXIT_INTERRUPTED,
    ];
  }
  const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
  return [`buurtkracht ${command.name} failed unexpectedly:\n${detail}`, EXIT_FAILURE];
}

/**
 * Runs one command line (`argv` without node and the script) and returns the exit code:
 * 0 done, 1 failed (the message on stderr), 2 the command line was wrong, 130 interrupted.
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined) {
    io.stderr.write(`${overviewHelp()}\n`);
    return EXIT_USAGE;
  }
  if (name === '--help' || name === '-h' || name === 'help') {
    const topic = name === 'help' && rest[0] !== undefined ? findCommand(rest[0]) : undefined;
    io.stdout.write(topic ? topic.help : `${overviewHelp()}\n`);
    return EXIT_OK;
  }
  if (name === '--version') {
    io.stdout.write(`${version()}\n`);
    return EXIT_OK;
  }
  const command = findCommand(name);
  if (!command) {
    io.stderr.write(
      `buurtkracht: unknown ${name.startsWith('-') ? 'option' : 'command'} ${name}\n` +
        `Commands: ${commands.map((c) => c.name).join(', ')}. Run \`buurtkracht --help\` for the list.\n`,
    );
    return EXIT_USAGE;
  }
  if (wantsHelp(rest)) {
    io.stdout.write(command.help);
    return EXIT_OK;
  }
  const ctx = createContext(command, io);
  try {
    await command.run(ctx, rest);
    return EXIT_OK;
  } catch (error) {
    const [message, code] = describeFailure(command, error, io.signal);
    io.stderr.write(`${message}\n`);
    return code;
  } finally {
    await ctx.close();
  }
}

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
