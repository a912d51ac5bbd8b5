import type { Stats } from 'node:fs';
import fs from 'node:fs/promises';
import { parseArgs } from 'node:util';
import type { Config } from '../config.js';
import type { Database } from '../db/database.js';
import { isIsoDate } from '../shared/dates.js';
import type { DomainError } from '../shared/errors.js';

/**
 * How a `buurtkracht` command is declared. Each module declares its commands with
 * `defineCommand({...})` in its own `<module>.cli.ts` and lists them in its manifest; their
 * usage line and `--help` text are generated from the same declaration, and the runner
 * (`run.ts`) gives every command the same argument parsing, database handling, error wording
 * and exit codes. This file imports no module, so every module can use it.
 */

/**
 * What `ctx.modules()` gives a command: every module, built once over the command's database.
 * Declared empty here and filled in by `src/modules/index.ts` (declaration merging), so that
 * this file, below the modules, never imports them.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface CliModules {}

/** Where a command writes: the process's stdout or stderr, or a buffer when a test runs it. */
export type CliOutput = NodeJS.WritableStream & { readonly isTTY?: boolean };

/** What a command gets from the runner. */
export interface CliContext {
  /** Results (summaries, tables): what a script would capture. */
  readonly stdout: CliOutput;
  /** Progress, notes and errors. */
  readonly stderr: CliOutput;
  /**
   * Aborted on Ctrl-C. A command checks it at safe points (between batches, inside its
   * transaction) and throws, so that open work is rolled back rather than cut off.
   */
  readonly signal: AbortSignal;
  /**
   * A safe point between steps: lets a pending Ctrl-C arrive, then throws if there was one.
   * Needed because the embedded database answers without returning to the event loop, so
   * signals wait until the command yields.
   */
  checkpoint(): Promise<void>;
  /** The configuration from the environment; a ConfigError ends the run with its message. */
  config(): Config;
  /**
   * The database of the configuration, opened once with the command's name as its purpose and
   * migrated to the latest schema. The runner closes it when the command ends, however it ends.
   * Throws DataDirLockedError while another process (the server) holds the embedded database.
   */
  database(): Promise<Database>;
  /** Where the database is, for summaries: never includes a password. */
  describeDatabase(): string;
  /**
   * Every module, built once over `database()` (opened and migrated on first use), so a
   * command calls the same services as the pages. A DomainError a command lets through is
   * worded by the runner from the modules' own messages, in English.
   */
  modules(): Promise<CliModules>;
  /** A DomainError in plain English, from the modules' messages (to add a hint of one's own). */
  describe(error: DomainError): string;
  /**
   * A file name from the command line as a full path: relative to the folder the command was
   * given in (which is not the server's when the running server carries the command out).
   */
  resolvePath(file: string): string;
}

/** Exit codes: scripts rely on them. */
export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;
/** 128 + SIGINT, what shells report for a command stopped with Ctrl-C. */
export const EXIT_INTERRUPTED = 130;

/** The command line was wrong: the runner prints the message and the command's usage, exit 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** An expected failure (a missing file, a refused value): the runner prints only the message, exit 1. */
export class CliError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CliError';
  }
}

/** An option as `node:util` parseArgs takes it, plus what `--help` shows for it. */
export interface CliOption {
  type: 'string' | 'boolean';
  short?: string;
  multiple?: boolean;
  /** One line for `--help`. */
  help: string;
  /** Name of a string option's value in `--help`: `--year <year>`. */
  valueName?: string;
}

export interface CliArgument {
  name: string;
  help: string;
  /** Optional arguments come after the required ones. */
  optional?: boolean;
  /** Takes every remaining argument (`<file>...`); only the last argument may. */
  variadic?: boolean;
}

/** A command as the runner and `--help` see it. */
export interface CliCommand {
  readonly name: string;
  /** One line for the list of commands. */
  readonly summary: string;
  /** `import-places <file>... [options]`, generated from the declaration. */
  readonly usage: string;
  /** The full `--help` text. */
  readonly help: string;
  /** Whether it opens the database (then, with the embedded one, a running server may carry it out). */
  readonly usesDatabase: boolean;
  /** Parses the arguments after the command's name and runs it; throws UsageError on bad input. */
  run(ctx: CliContext, argv: readonly string[]): Promise<void>;
}

type ParsedArgs<O extends Record<string, CliOption>> = ReturnType<
  typeof parseArgs<{ args: string[]; options: O; allowPositionals: true; strict: true }>
>;

export interface CommandSpec<O extends Record<string, CliOption>> {
  name: string;
  summary: string;
  /** Paragraphs after the usage line: what it does, what it guarantees. */
  description: string;
  arguments: readonly CliArgument[];
  options: O;
  examples?: readonly string[];
  /** Adds the note on DATABASE_URL / BUURTKRACHT_DATA_DIR to `--help`. */
  usesDatabase: boolean;
  run(ctx: CliContext, args: { values: ParsedArgs<O>['values']; positionals: string[] }): Promise<void>;
}

const HELP_OPTION: CliOption = { type: 'boolean', short: 'h', help: 'show this help' };

function optionLabel(name: string, option: CliOption): string {
  const long = `--${name}${option.type === 'string' ? ` <${option.valueName ?? 'value'}>` : ''}`;
  return option.short ? `-${option.short}, ${long}` : `    ${long}`;
}

function argumentLabel(arg: CliArgument): string {
  return `<${arg.name}>${arg.variadic ? '...' : ''}`;
}

/** Aligns `[label, text]` rows into two columns. */
export function formatRows(rows: readonly (readonly [string, string])[], indent = 2): string {
  const width = Math.max(...rows.map(([label]) => label.length)) + 3;
  return rows.map(([label, text]) => `${' '.repeat(indent)}${label.padEnd(width)}${text}`).join('\n');
}

/** The note every database command's help ends with. */
export const DATABASE_HELP = [
  'Database (from the environment, as for the server):',
  '  DATABASE_URL           a PostgreSQL server, postgres://user:pass@host:5432/db',
  '  BUURTKRACHT_DATA_DIR   otherwise the embedded database in this folder (default ./data);',
  '                         while the server runs, it carries the command out itself',
].join('\n');

function parseErrorMessage(error: unknown): string | undefined {
  if (!(error instanceof Error) || !('code' in error) || typeof error.code !== 'string') return undefined;
  if (!error.code.startsWith('ERR_PARSE_ARGS_')) return undefined;
  // Node's own text suggests `--` tricks nobody needs here; keep the first sentence plain.
  const unknown = /Unknown option '([^']+)'/.exec(error.message);
  if (unknown) return `unknown option ${unknown[1]}`;
  const missing = /Option '([^']+)' argument missing/.exec(error.message);
  if (missing) return `option ${missing[1]} needs a value`;
  return error.message.split('. ')[0];
}

/**
 * Declares a command: its arguments and options are parsed (strictly: an unknown option is a
 * usage error) and typed for `run`, and its usage and help text are generated from the same
 * declaration so they never drift apart.
 */
export function defineCommand<const O extends Record<string, CliOption>>(spec: CommandSpec<O>): CliCommand {
  const required = spec.arguments.filter((a) => !a.optional).length;
  const max = spec.arguments.some((a) => a.variadic) ? Infinity : spec.arguments.length;
  const argsUsage = spec.arguments.map((a) => (a.optional ? `[${argumentLabel(a)}]` : argumentLabel(a)));
  const usage = [spec.name, ...argsUsage, '[options]'].join(' ');
  const sections = [`Usage: buurtkracht ${usage}`, `${spec.summary}\n\n${spec.description.trim()}`];
  if (spec.arguments.length > 0) {
    sections.push(`Arguments:\n${formatRows(spec.arguments.map((a) => [argumentLabel(a), a.help]))}`);
  }
  const optionRows = Object.entries({ ...spec.options, help: HELP_OPTION }).map(
    ([name, option]) => [optionLabel(name, option), option.help] as const,
  );
  sections.push(`Options:\n${formatRows(optionRows)}`);
  if (spec.examples && spec.examples.length > 0) {
    sections.push(`Examples:\n${spec.examples.map((e) => `  buurtkracht ${e}`).join('\n')}`);
  }
  if (spec.usesDatabase) sections.push(DATABASE_HELP);

  return {
    name: spec.name,
    summary: spec.summary,
    usage,
    help: `${sections.join('\n\n')}\n`,
    usesDatabase: spec.usesDatabase,
    async run(ctx, argv) {
      let parsed: ParsedArgs<O>;
      try {
        parsed = parseArgs({ args: [...argv], options: spec.options, allowPositionals: true, strict: true });
      } catch (error) {
        const message = parseErrorMessage(error);
        if (message) throw new UsageError(message);
        throw error;
      }
      const { positionals } = parsed;
      if (positionals.length < required) {
        const missing = spec.arguments.slice(positionals.length).find((a) => !a.optional);
        throw new UsageError(`missing ${missing ? argumentLabel(missing) : 'argument'}`);
      }
      if (positionals.length > max) {
        throw new UsageError(`unexpected argument ${JSON.stringify(positionals[max])}`);
      }
      await spec.run(ctx, { values: parsed.values, positionals });
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Option values that several modules' commands take

/** `--year 2026`: a four-digit year. */
export function parseYear(value: string): number {
  const year = Number(value);
  if (!/^[0-9]{4}$/.test(value) || year < 1990 || year > 2100) {
    throw new UsageError(`--year must be a year such as 2023 (got ${JSON.stringify(value)})`);
  }
  return year;
}

export function requiredYear(value: string | undefined): number {
  if (!value) throw new UsageError('--year is required');
  return parseYear(value);
}

/** `--gemeente gm0637`: a CBS gemeente code, upper-cased. */
export function requiredGemeente(value: string | undefined): string {
  if (!value) throw new UsageError('--gemeente is required');
  const code = value.trim().toUpperCase();
  if (!/^GM[0-9]{4}$/.test(code))
    throw new UsageError(`--gemeente must be a code such as GM0637 (got ${JSON.stringify(value)})`);
  return code;
}

/** `--deadline 2026-12-31`: a calendar date. */
export function isoDate(name: string, value: string): string {
  if (!isIsoDate(value)) {
    throw new UsageError(`--${name} must be a date such as 2026-12-31 (got ${JSON.stringify(value)})`);
  }
  return value;
}

/** A file argument that must exist and be a file: a plain CliError otherwise. */
export async function checkIsFile(file: string): Promise<void> {
  let stat: Stats;
  try {
    stat = await fs.stat(file);
  } catch (error) {
    const code = error instanceof Error && 'code' in error ? error.code : undefined;
    throw new CliError(
      code === 'ENOENT' ? `${file}: no such file` : `${file}: cannot be read (${String(error)})`,
    );
  }
  if (!stat.isFile()) throw new CliError(`${file} is not a file`);
}
