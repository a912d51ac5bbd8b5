/**
 * The command-line runner: parses a command line, runs the command with its context and
 * returns the exit code. It has no side effects on import, so tests run commands in-process
 * with their output captured; `main.ts` is the entry point that wires it to the process.
 */
import fs from 'node:fs';
import path from 'node:path';
import { ConfigError, loadConfig, type Config } from '../config.js';
import { DataDirLockedError, liveHolderOf } from '../db/data-dir-lock.js';
import { openDatabase, type Database } from '../db/database.js';
import { migrateToLatest } from '../db/migrate.js';
import { checkSecretKey, SecretKeyMismatchError } from '../db/secret-key-check.js';
import { projectRoot } from '../shared/paths.js';
import { systemClock } from '../shared/clock.js';
import { DomainError } from '../shared/errors.js';
import { coreMessages } from '../web/i18n/core.messages.js';
import { I18n } from '../web/i18n/i18n.js';
import {
  createAppI18n,
  createModules,
  moduleCommands,
  type ModuleLog,
  type Modules,
} from '../modules/index.js';
import {
  CliError,
  DATABASE_HELP,
  EXIT_FAILURE,
  EXIT_INTERRUPTED,
  EXIT_OK,
  EXIT_USAGE,
  formatRows,
  UsageError,
  type CliCommand,
  type CliContext,
  type CliOutput,
} from './command.js';
import { commandSocketPath, forwardCommand } from './remote.js';

export { EXIT_INTERRUPTED } from './command.js';

/** Every command, in the order `buurtkracht --help` lists them: the modules' own. */
const commands: readonly CliCommand[] = moduleCommands;

function findCommand(name: string): CliCommand | undefined {
  return commands.find((c) => c.name === name);
}

/** What a command line runs with: the process's own, or buffers and a fake environment in tests. */
export interface CliIo {
  stdout: CliOutput;
  stderr: CliOutput;
  env: NodeJS.ProcessEnv;
  signal: AbortSignal;
  /** Where relative file names point (default: this process's working folder). */
  cwd?: string;
}

/**
 * A running server's own database and modules, for a command it carries out for a client
 * (`remote.ts`): nothing is opened, migrated or closed, and the server's caches see the change.
 */
export interface HostedRun {
  config: Config;
  database: Database;
  modules: Modules;
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

/**
 * A DomainError in plain English, from the messages of the modules that raised it: the
 * command line speaks to operators, and a refusal reads as it does on the pages.
 */
export function describeDomainError(error: DomainError, english: I18n): string {
  const issues = error.issues.map((i) => english.translate('en', i.message, i.params));
  return issues.length > 0 ? issues.join(' ') : english.translate('en', error.messageKey, error.params);
}

/** The context of one command run; `close()` releases what the command opened. */
function createContext(
  command: CliCommand,
  io: CliIo,
  hosted: HostedRun | undefined,
): CliContext & { close(): Promise<void> } {
  let config: Config | undefined = hosted?.config;
  let opening: Promise<Database> | undefined = hosted && Promise.resolve(hosted.database);
  let building: Promise<Modules> | undefined = hosted && Promise.resolve(hosted.modules);
  let english = hosted ? createAppI18n(hosted.modules) : new I18n([coreMessages]);
  const cwd = io.cwd ?? process.cwd();
  const readConfig = (): Config => (config ??= loadConfig(io.env));
  const database = (): Promise<Database> => {
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
  };
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
    database,
    modules() {
      building ??= (async () => {
        const c = readConfig();
        const modules = createModules({
          config: c,
          database: await database(),
          // Pages are never rendered here: no asset URLs.
          web: { asset: () => '', map: c.map },
          clock: systemClock,
          log: cliLog(io.stderr),
        });
        english = createAppI18n(modules);
        return modules;
      })();
      return building;
    },
    describe: (error) => describeDomainError(error, english),
    resolvePath: (file) => path.resolve(cwd, file),
    async close() {
      // The server's own database stays open for it.
      if (hosted) return;
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
function describeFailure(
  command: CliCommand,
  error: unknown,
  signal: AbortSignal,
  describe: (error: DomainError) => string,
): [string, number] {
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
    error instanceof CliError
  ) {
    return [error.message, EXIT_FAILURE];
  }
  if (error instanceof DomainError) return [describe(error), EXIT_FAILURE];
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
 * With the embedded database held by a running server on this machine, hands the command
 * line to that server (`remote.ts`) and returns its exit code; undefined to run it here.
 */
async function forwardToServer(argv: readonly string[], io: CliIo): Promise<number | undefined> {
  let config: Config;
  try {
    config = loadConfig(io.env);
  } catch {
    return undefined; // The local run reports the configuration error.
  }
  if (config.databaseUrl) return undefined;
  const holder = liveHolderOf(config.dataDir);
  if (holder?.purpose !== 'server') return undefined;
  const socketPath = commandSocketPath(config.dataDir);
  if (!fs.existsSync(socketPath)) return undefined;
  io.stderr.write(
    `The server (process ${holder.pid}) holds the embedded database in ${config.dataDir}: ` +
      `it carries out this command.\n`,
  );
  return forwardCommand(socketPath, argv, {
    stdout: io.stdout,
    stderr: io.stderr,
    signal: io.signal,
    cwd: io.cwd ?? process.cwd(),
  });
}

/**
 * Runs one command line (`argv` without node and the script) and returns the exit code:
 * 0 done, 1 failed (the message on stderr), 2 the command line was wrong, 130 interrupted.
 * `hosted`: the server runs it for a client, on its own database and modules.
 */
export async function runCli(argv: readonly string[], io: CliIo, hosted?: HostedRun): Promise<number> {
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
  if (command.usesDatabase && !hosted) {
    const forwarded = await forwardToServer(argv, io);
    if (forwarded !== undefined) return forwarded;
  }
  const ctx = createContext(command, io, hosted);
  try {
    await command.run(ctx, rest);
    return EXIT_OK;
  } catch (error) {
    const [message, code] = describeFailure(command, error, io.signal, ctx.describe);
    io.stderr.write(`${message}\n`);
    return code;
  } finally {
    await ctx.close();
  }
}

/** What the modules log (a guessing alarm, say), as plain lines on stderr. */
function cliLog(stderr: CliOutput): ModuleLog {
  const line =
    (level: string) =>
    (details: object, message: string): void => {
      stderr.write(`${level}${message} ${JSON.stringify(details)}\n`);
    };
  return { info: line(''), warn: line('Warning: '), error: line('Error: ') };
}
