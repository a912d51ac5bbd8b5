import type { Stats } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Config } from '../config.js';
import type { Database } from '../db/database.js';
import { createAdministrator, describeError } from '../modules/identity/index.js';
import { platformPrivacyRequests } from '../modules/privacy-requests/index.js';
import { DomainError } from '../shared/errors.js';
import { importFormatOf, importPlaces, readPlacesFile, type ImportResult } from '../modules/places/index.js';
import { PLACE_LEVELS, type PlaceInput, type PlaceLevel } from '../modules/places/place.js';
import {
  closeYear,
  createBudgetsCliContext,
  describeBudgetError,
  HouseholdImportError,
  importHouseholds,
  issueVouchers,
  LettersFileError,
  printLettersToFile,
  setBudgetYear,
  setSupportGoal,
  verifyLedger,
} from '../modules/budgets/index.js';
import { isIsoDate } from '../shared/dates.js';
import { parseEuros } from '../shared/money.js';
import { createProgress } from './progress.js';

/**
 * The `buurtkracht` commands. A new command (create-admin, issue-vouchers, letters,
 * close-year, verify-ledger …) is one `defineCommand({...})` added to `commands` below; its
 * usage line and `--help` text are generated from the same declaration, and the runner in
 * `main.ts` gives every command the same argument parsing, database handling and exit codes.
 */

/** What a command gets from the runner. */
export interface CliContext {
  /** Results (summaries, tables): what a script would capture. */
  readonly stdout: NodeJS.WriteStream;
  /** Progress, notes and errors. */
  readonly stderr: NodeJS.WriteStream;
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
}

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
  '                         stop the server first: one process at a time may use it',
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
// import-places

const LEVEL_PLURALS: Record<PlaceLevel, string> = { gemeente: 'gemeenten', wijk: 'wijken', buurt: 'buurten' };

function parseYear(value: string): number {
  const year = Number(value);
  if (!/^[0-9]{4}$/.test(value) || year < 1990 || year > 2100) {
    throw new UsageError(`--year must be a year such as 2023 (got ${JSON.stringify(value)})`);
  }
  return year;
}

async function checkIsFile(file: string): Promise<void> {
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

function yearsOf(places: readonly PlaceInput[]): string {
  return [...new Set(places.map((p) => p.year))].sort((a, b) => a - b).join(', ');
}

const importPlacesCommand = defineCommand({
  name: 'import-places',
  summary: 'Import CBS gemeenten, wijken and buurten: boundaries (GeoJSON) or figures (CSV).',
  description: `
A .geojson (or .json) file is a CBS buurt or wijk FeatureCollection in WGS84 with code,
name, households, inhabitants and year per feature. A .csv file is the CBS figures file
(code,name,level,parentCode,municipalityCode,households,inhabitants); its year comes from
its name (kwb-2023-nl.csv) or from --year.

Every file is checked completely before anything is written, and each file is written in
one transaction: a file with a problem is refused as a whole, naming the line or feature
and what is wrong. Importing a file again updates the places it holds and changes nothing
else; values a file leaves empty (the CSV has no boundaries) keep what is stored.`,
  arguments: [
    {
      name: 'file',
      variadic: true,
      help: 'a .geojson/.json boundary file or a .csv figures file; several are imported in order',
    },
  ],
  options: {
    year: {
      type: 'string',
      valueName: 'year',
      help: 'year of the figures in a CSV whose name has no year',
    },
  },
  examples: [
    'import-places datasets/cbs/kwb-2023-nl.csv',
    'import-places datasets/cbs/GM0637-zoetermeer-wijken.geojson datasets/cbs/GM0637-zoetermeer.geojson',
    'import-places figures.csv --year 2024',
  ],
  usesDatabase: true,
  async run(ctx, { values, positionals: files }) {
    const year = values.year === undefined ? undefined : parseYear(values.year);
    if (year !== undefined) {
      const geojson = files.find((f) => importFormatOf(path.basename(f)) === 'geojson');
      if (geojson) {
        throw new UsageError(
          `--year applies to a figures CSV only; ${geojson} gives the year of each feature itself`,
        );
      }
    }
    // Check every file before the database is opened: a refused file then writes nothing
    // and needs no lock, and a typo in the last file does not leave the first ones imported.
    const checked: { name: string; places: PlaceInput[] }[] = [];
    for (const file of files) {
      await checkIsFile(file);
      checked.push({ name: path.basename(file), places: await readPlacesFile(file, year) });
    }

    const database = await ctx.database();
    for (const { name, places } of checked) {
      await ctx.checkpoint();
      const progress = createProgress(`Importing ${name}`, places.length, ctx.stderr);
      let result: ImportResult;
      try {
        result = await importPlaces(database.db, name, places, (done) => {
          // Thrown inside the import's transaction, so an interrupted file is rolled back whole
          // (on a PostgreSQL server; the embedded database finishes the file first).
          ctx.signal.throwIfAborted();
          progress.update(done);
        });
      } finally {
        progress.stop();
      }
      // Each file's summary as soon as it is in, so an interruption leaves no doubt which are.
      const rows = PLACE_LEVELS.map(
        (level) => [LEVEL_PLURALS[level], result.byLevel[level].toLocaleString('en-US').padStart(8)] as const,
      );
      ctx.stdout.write(
        `Imported ${name} (${yearsOf(places)}): ${result.places.toLocaleString('en-US')} places\n` +
          `${formatRows(rows)}\n`,
      );
    }
    ctx.stdout.write(`Database: ${ctx.describeDatabase()}.\n`);
  },
});

// ---------------------------------------------------------------------------------------------
// create-admin

const createAdminCommand = defineCommand({
  name: 'create-admin',
  summary: 'Create the first administrator of a gemeente and print their one-time set-up link.',
  description: `
Creates an administrator account for the gemeente (its places must have been imported) and
prints a link, valid for 7 days and usable once, where the administrator chooses their own
password. No password is ever given on the command line. The link starts with PUBLIC_URL.
The administrator then invites the other staff from /beheer/medewerkers. The creation is
recorded in the audit log (channel cli).`,
  arguments: [],
  options: {
    email: { type: 'string', valueName: 'address', help: "the administrator's e-mail address (required)" },
    gemeente: { type: 'string', valueName: 'code', help: 'CBS code of the gemeente, e.g. GM0637 (required)' },
    name: {
      type: 'string',
      valueName: 'name',
      help: 'name shown to colleagues (default: the address; they can change it)',
    },
  },
  examples: ['create-admin --email beheer@zoetermeer.nl --gemeente GM0637 --name "Anouk de Vries"'],
  usesDatabase: true,
  async run(ctx, { values }) {
    if (!values.email) throw new UsageError('--email is required');
    if (!values.gemeente) throw new UsageError('--gemeente is required');
    const config = ctx.config();
    const database = await ctx.database();
    try {
      const { account, setupUrl } = await createAdministrator(
        { config, database },
        { email: values.email, gemeente: values.gemeente, displayName: values.name },
      );
      ctx.stdout.write(
        `Created administrator ${account.email} for ${values.gemeente.toUpperCase()}.\n` +
          `Send them this link to choose a password (valid 7 days, once):\n  ${setupUrl}\n`,
      );
    } catch (error) {
      if (error instanceof DomainError) {
        const hint =
          error.messageKey === 'errors.placeNotFound'
            ? '\nImport its places first, e.g. buurtkracht import-places datasets/cbs/kwb-2023-nl.csv'
            : '';
        throw new CliError(`${describeError(error)}${hint}`);
      }
      throw error;
    }
  },
});

// ---------------------------------------------------------------------------------------------
// privacy-export, privacy-erase: the platform administrator's part of AVG/GDPR requests

/** Runs a privacy request; a malformed address becomes one plain line, exit 1. */
async function withPrivacyRequests<T>(
  ctx: CliContext,
  fn: (requests: ReturnType<typeof platformPrivacyRequests>) => Promise<T>,
): Promise<T> {
  const requests = platformPrivacyRequests({ config: ctx.config(), database: await ctx.database() });
  try {
    return await fn(requests);
  } catch (error) {
    if (error instanceof DomainError) throw new CliError(describeError(error));
    throw error;
  }
}

const PRIVACY_SCOPE = `
Administrators of a gemeente handle their own gemeente's part at /beheer/privacy. This command
reaches every gemeente, and the data that belongs to none (a resident's sign-in links and
sessions, and the mail that sent them): that part only the platform's administrator handles.`;

const privacyExportCommand = defineCommand({
  name: 'privacy-export',
  summary: "Print one person's data, in every gemeente, as JSON (AVG art. 15).",
  description: `
Collects what the personal data register holds about the person with this e-mail address and
prints it as JSON, entry by entry, with purpose, legal basis and retention.
${PRIVACY_SCOPE}
Stored mail never holds a working link, so neither does the export. Recorded in the audit log
(channel cli), without the address.`,
  arguments: [],
  options: {
    email: { type: 'string', valueName: 'address', help: "the person's e-mail address (required)" },
  },
  examples: ['privacy-export --email bewoner@example.nl > persoonsgegevens.json'],
  usesDatabase: true,
  async run(ctx, { values }) {
    const { email } = values;
    if (!email) throw new UsageError('--email is required');
    const data = await withPrivacyRequests(ctx, (requests) => requests.exportData(email));
    ctx.stdout.write(`${JSON.stringify(data, null, 2)}\n`);
  },
});

const privacyEraseCommand = defineCommand({
  name: 'privacy-erase',
  summary: "Erase one person's data, in every gemeente (AVG art. 17).",
  description: `
Erases what the personal data register holds about the person with this e-mail address, as
each entry declares (deleted or anonymised), in one transaction; what the law makes us keep
stays, and is listed with the reason. This cannot be undone, so it asks for --yes.
${PRIVACY_SCOPE}
Recorded in the audit log (channel cli) and the erasure log, without the address.`,
  arguments: [],
  options: {
    email: { type: 'string', valueName: 'address', help: "the person's e-mail address (required)" },
    yes: { type: 'boolean', help: 'erase for good (required: this cannot be undone)' },
  },
  examples: ['privacy-erase --email bewoner@example.nl --yes'],
  usesDatabase: true,
  async run(ctx, { values }) {
    const { email } = values;
    if (!email) throw new UsageError('--email is required');
    if (!values.yes) throw new UsageError('an erasure cannot be undone: add --yes to erase');
    const report = await withPrivacyRequests(ctx, (requests) => requests.eraseData(email));
    const lines = [
      `Request ${report.requestId}.`,
      ...(report.erased.length === 0 ? ['Nothing to erase.'] : []),
      ...report.erased.map(
        (e) => `  ${e.entryId}: ${e.rows} ${e.action === 'delete' ? 'deleted' : 'anonymised'}`,
      ),
      ...(report.kept.length > 0 ? ['Kept:'] : []),
      ...report.kept.map((k) => `  ${k.entryId}: ${k.rows}, because ${k.reason}`),
    ];
    ctx.stdout.write(`${lines.join('\n')}\n`);
  },
});

// ---------------------------------------------------------------------------------------------
// the household budget (buurtbudget): budget-year, support-goal, issue-vouchers, letters,
// close-year, verify-ledger

function requiredGemeente(value: string | undefined): string {
  if (!value) throw new UsageError('--gemeente is required');
  const code = value.trim().toUpperCase();
  if (!/^GM[0-9]{4}$/.test(code))
    throw new UsageError(`--gemeente must be a code such as GM0637 (got ${JSON.stringify(value)})`);
  return code;
}

function requiredYear(value: string | undefined): number {
  if (!value) throw new UsageError('--year is required');
  return parseYear(value);
}

function isoDate(name: string, value: string): string {
  if (!isIsoDate(value)) {
    throw new UsageError(`--${name} must be a date such as 2026-12-31 (got ${JSON.stringify(value)})`);
  }
  return value;
}

/** Runs a budget use case; its refusals (DomainError) become one plain line, exit 1. */
async function withBudgets<T>(
  ctx: CliContext,
  fn: (budget: ReturnType<typeof createBudgetsCliContext>, config: Config) => Promise<T>,
): Promise<T> {
  const config = ctx.config();
  const database = await ctx.database();
  try {
    return await fn(createBudgetsCliContext({ config, database }), config);
  } catch (error) {
    if (error instanceof DomainError) throw new CliError(describeBudgetError(error));
    throw error;
  }
}

const money = (cents: number) => `EUR ${(cents / 100).toFixed(2)}`;

const budgetYearCommand = defineCommand({
  name: 'budget-year',
  summary: 'Set up the household budget year of a gemeente: amount, scope and dates.',
  description: `
Creates or changes the household budget (buurtbudget) year of a gemeente. The amount is locked
once vouchers are issued, the scope (buurt or wijk) once the first pledge is in: the database
refuses a change then. Recorded in the audit log (channel cli).`,
  arguments: [],
  options: {
    gemeente: { type: 'string', valueName: 'code', help: 'CBS code of the gemeente, e.g. GM0637 (required)' },
    year: { type: 'string', valueName: 'year', help: 'the budget year (required)' },
    amount: { type: 'string', valueName: 'euros', help: 'amount per household in euros (default 10)' },
    scope: { type: 'string', valueName: 'buurt|wijk', help: 'where a household may give (default buurt)' },
    opens: { type: 'string', valueName: 'date', help: 'first day of pledging (default 1 January)' },
    closes: { type: 'string', valueName: 'date', help: 'last day of pledging (default 31 December)' },
  },
  examples: ['budget-year --gemeente GM0637 --year 2026 --amount 10 --scope buurt'],
  usesDatabase: true,
  async run(ctx, { values }) {
    const gemeente = requiredGemeente(values.gemeente);
    const year = requiredYear(values.year);
    const amountCents = parseEuros(values.amount ?? '10');
    if (amountCents === undefined || amountCents < 1 || amountCents > 100_000) {
      throw new UsageError('--amount must be an amount in euros between 0.01 and 1000');
    }
    const scope = values.scope ?? 'buurt';
    if (scope !== 'buurt' && scope !== 'wijk') throw new UsageError('--scope must be buurt or wijk');
    const opensOn = isoDate('opens', values.opens ?? `${year}-01-01`);
    const closesOn = isoDate('closes', values.closes ?? `${year}-12-31`);
    if (closesOn < opensOn) throw new UsageError('--closes must not lie before --opens');
    await withBudgets(ctx, ({ ctx: budget }) =>
      setBudgetYear(budget, 'cli', {
        municipalityCode: gemeente,
        year,
        amountCents,
        scope,
        opensOn,
        closesOn,
      }),
    );
    ctx.stdout.write(
      `Budget year ${year} of ${gemeente}: ${money(amountCents)} per household, ${scope}, ${opensOn} to ${closesOn}.\n`,
    );
  },
});

const supportGoalCommand = defineCommand({
  name: 'support-goal',
  summary: 'Set the goal and deadline of an initiative open for household pledges.',
  description: `
Sets (or, while it is still open, changes) the goal amount and the deadline for household
pledges of an initiative. Pledges are possible while the initiative is open for support, until
the goal is reached (funded) or the deadline passes (its pledges are released).`,
  arguments: [],
  options: {
    initiative: { type: 'string', valueName: 'id', help: 'id (uuid) of the initiative (required)' },
    year: { type: 'string', valueName: 'year', help: 'the budget year the pledges come from (required)' },
    goal: { type: 'string', valueName: 'euros', help: 'goal amount in euros (required)' },
    deadline: { type: 'string', valueName: 'date', help: 'last day for pledges (required)' },
  },
  usesDatabase: true,
  async run(ctx, { values }) {
    if (!values.initiative) throw new UsageError('--initiative is required');
    const year = requiredYear(values.year);
    const goalCents = parseEuros(values.goal ?? '');
    if (goalCents === undefined || goalCents < 1) throw new UsageError('--goal must be an amount in euros');
    const deadline = isoDate('deadline', values.deadline ?? '');
    const initiativeId = values.initiative;
    await withBudgets(ctx, ({ ctx: budget }) =>
      setSupportGoal(budget, 'cli', { initiativeId, year, goalCents, deadline }),
    );
    ctx.stdout.write(`Goal ${money(goalCents)} until ${deadline} set.\n`);
  },
});

const importHouseholdsCommand = defineCommand({
  name: 'import-households',
  summary: 'Import the household register of a gemeente (CSV): the letters then carry addresses.',
  description: `
Reads a CSV (comma or semicolon) with the columns adres, postcode, huisnummer, plaats (optional)
and buurtcode, or lat and lon instead of buurtcode (the buurt is then found by point lookup).
Every row is checked first; any bad row stops the import and is reported with its line number,
so nothing is ever half-imported. An address imported before is updated. After an import,
issue-vouchers issues one voucher per registered household.`,
  arguments: [{ name: 'file', help: 'the register, a .csv file' }],
  options: {
    gemeente: { type: 'string', valueName: 'code', help: 'CBS code of the gemeente (required)' },
  },
  examples: ['import-households huishoudens.csv --gemeente GM0637'],
  usesDatabase: true,
  async run(ctx, { values, positionals }) {
    const gemeente = requiredGemeente(values.gemeente);
    const file = positionals[0] ?? '';
    await checkIsFile(file);
    const text = await fs.readFile(file, 'utf8');
    const result = await withBudgets(ctx, async ({ ctx: budget, places }) => {
      await places.start();
      try {
        return await importHouseholds(budget, { municipalityCode: gemeente, text });
      } catch (error) {
        if (error instanceof HouseholdImportError) throw new CliError(error.message);
        throw error;
      }
    });
    ctx.stdout.write(`Imported ${result.households.toLocaleString('en-US')} households of ${gemeente}.\n`);
  },
});

const issueVouchersCommand = defineCommand({
  name: 'issue-vouchers',
  summary: 'Issue the household vouchers of a gemeente for a year, from the CBS household counts.',
  description: `
Issues one anonymous voucher per household of every buurt (CBS household counts), moving the
money from the gemeente's pool to the vouchers in the ledger. A second run only tops up buurten
that have fewer vouchers than households. The codes are printed by \`letters\`, which gives each
voucher its code at print time (only a keyed hash of a code is ever stored).`,
  arguments: [],
  options: {
    gemeente: { type: 'string', valueName: 'code', help: 'CBS code of the gemeente (required)' },
    year: { type: 'string', valueName: 'year', help: 'the budget year (required)' },
  },
  examples: ['issue-vouchers --gemeente GM0637 --year 2026'],
  usesDatabase: true,
  async run(ctx, { values }) {
    const gemeente = requiredGemeente(values.gemeente);
    const year = requiredYear(values.year);
    const started = performance.now();
    let progress: ReturnType<typeof createProgress> | undefined;
    const result = await withBudgets(ctx, async ({ ctx: budget }) => {
      try {
        return await issueVouchers(budget, {
          municipalityCode: gemeente,
          year,
          onProgress: (done, total) => {
            progress ??= createProgress('Vouchers', total, ctx.stderr);
            progress.update(done);
          },
        });
      } finally {
        progress?.stop();
      }
    });
    const seconds = (performance.now() - started) / 1000;
    ctx.stdout.write(
      `Issued ${result.issued.toLocaleString('en-US')} vouchers in ${result.buurten} buurten of ${gemeente} ` +
        `(${result.alreadyIssued.toLocaleString('en-US')} existed already) in ${seconds.toFixed(1)} s.\n` +
        `Print their letters: buurtkracht letters --gemeente ${gemeente} --year ${year} --out letters.pdf\n`,
    );
  },
});

const lettersCommand = defineCommand({
  name: 'letters',
  summary: 'Print the household letters (A4 PDF, code and QR code) and give each voucher its code.',
  description: `
Writes one A4 page per household: address block when the register has one, the code, a QR code
that opens /buurtbudget with the code filled in, and a plain explanation. Issue and print are one
step: each voucher gets a new code as its letter is written, and only a keyed hash is stored.
Without --reprint only vouchers without a printed letter are printed. With --reprint every voucher
of the year gets a new code and a new letter, and the codes of earlier letters STOP WORKING.

The PDF is written to <file>.partial and renamed to <file> only when it is complete; only then
do its letters count as printed. A run that fails or is stopped leaves no <file> and prints
nothing: running the same command again prints those households' letters, with new codes.
An existing <file> is never overwritten (it may be the only copy of working codes), and with
nothing to print no file is written.`,
  arguments: [],
  options: {
    gemeente: { type: 'string', valueName: 'code', help: 'CBS code of the gemeente (required)' },
    year: { type: 'string', valueName: 'year', help: 'the budget year (required)' },
    out: { type: 'string', valueName: 'file', help: 'the PDF to write (required)' },
    reprint: { type: 'boolean', help: 'new codes and letters for every voucher; old codes stop working' },
  },
  examples: ['letters --gemeente GM0637 --year 2026 --out letters.pdf'],
  usesDatabase: true,
  async run(ctx, { values }) {
    const gemeente = requiredGemeente(values.gemeente);
    const year = requiredYear(values.year);
    if (!values.out) throw new UsageError('--out is required');
    const outFile = values.out;
    const reprint = values.reprint ?? false;
    const started = performance.now();
    let progress: ReturnType<typeof createProgress> | undefined;
    let printing = false;
    const notPrinted = (again: string): string =>
      `No letters file was written and no voucher was marked printed: ${again} prints these ` +
      `households' letters, with new codes.`;
    const result = await withBudgets(ctx, async ({ ctx: budget, places }, config) => {
      const detail = await places.getPlaceDetail(gemeente);
      const buurtNames = new Map<string, string>();
      for (const wijk of detail.children) {
        for (const b of (await places.getPlaceDetail(wijk.code)).children)
          buurtNames.set(b.code, b.name ?? b.code);
      }
      try {
        return await printLettersToFile(budget, {
          municipalityCode: gemeente,
          municipalityName: detail.name ?? gemeente,
          year,
          reprint,
          publicUrl: config.publicUrl,
          buurtNames,
          file: outFile,
          signal: ctx.signal,
          onStalePartial: (partial) =>
            ctx.stderr.write(
              `Overwriting ${partial}, left by an earlier run that did not finish. Its letters never ` +
                `counted as printed, and their households get new codes when printed: do not use that file.\n`,
            ),
          onStart: (total) => {
            printing = total > 0;
            progress = createProgress('Letters', total, ctx.stderr);
          },
          onProgress: (done) => progress?.update(done),
        });
      } catch (error) {
        progress?.stop();
        if (error instanceof LettersFileError) {
          throw new CliError(`${error.message}\n${notPrinted('once that is fixed, the same command')}`);
        }
        if (printing) ctx.stderr.write(`${notPrinted('running the same command again')}\n`);
        throw error;
      } finally {
        progress?.stop();
      }
    });
    if (result.letters === 0) {
      ctx.stdout.write(
        `Every voucher already has a printed letter: nothing written to ${outFile}. ` +
          'Use --reprint to replace them all.\n',
      );
      return;
    }
    const seconds = (performance.now() - started) / 1000;
    ctx.stdout.write(
      `Wrote ${result.letters.toLocaleString('en-US')} letters to ${outFile} in ${seconds.toFixed(1)} s ` +
        `(${Math.round(result.letters / Math.max(seconds, 0.001)).toLocaleString('en-US')} letters/s).\n` +
        (result.revoked > 0
          ? `${result.revoked.toLocaleString('en-US')} codes printed earlier were revoked: those letters no longer work.\n`
          : ''),
    );
  },
});

const closeYearCommand = defineCommand({
  name: 'close-year',
  summary: 'Close a household budget year: unused and released vouchers lapse; a report per buurt.',
  description: `
Releases the pledges of initiatives whose deadline passed, refuses while pledges still wait for a
later deadline, then lets every unused or released voucher lapse (to the lapsed account) and
prints per buurt: vouchers issued, pledged, funded, released and lapsed.`,
  arguments: [],
  options: {
    gemeente: { type: 'string', valueName: 'code', help: 'CBS code of the gemeente (required)' },
    year: { type: 'string', valueName: 'year', help: 'the budget year (required)' },
  },
  usesDatabase: true,
  async run(ctx, { values }) {
    const gemeente = requiredGemeente(values.gemeente);
    const year = requiredYear(values.year);
    const figures = await withBudgets(ctx, ({ ctx: budget }) =>
      closeYear(budget, 'cli', { municipalityCode: gemeente, year }),
    );
    const rows = figures.map((f) =>
      [
        f.buurtCode,
        f.vouchers,
        money(f.issuedCents),
        money(f.pledgedCents),
        money(f.fundedCents),
        money(f.releasedCents),
        money(f.lapsedCents),
      ].join('\t'),
    );
    ctx.stdout.write(
      `Closed ${year} of ${gemeente}.\nbuurt\tvouchers\tissued\tpledged\tfunded\treleased\tlapsed\n${rows.join('\n')}\n`,
    );
  },
});

const verifyLedgerCommand = defineCommand({
  name: 'verify-ledger',
  summary: 'Check every invariant of the household budget ledger; exit 1 with the first violation.',
  description: `
Checks that every journal balances, that no voucher is below zero or above its amount (and that
its balance matches its pledge), that escrow equals the active pledges per initiative, that funded
equals the funded pledges and reached the goal, and that the vouchers and lapsed accounts match
the vouchers. Exits 0 when all hold, 1 with the first violation.`,
  arguments: [],
  options: {},
  usesDatabase: true,
  async run(ctx) {
    const database = await ctx.database();
    const violation = await verifyLedger(database.db);
    if (violation) throw new CliError(`Ledger check failed: ${violation}`);
    ctx.stdout.write('Ledger OK: every invariant holds.\n');
  },
});

/** Every command, in the order `buurtkracht --help` lists them. */
export const commands: readonly CliCommand[] = [
  importPlacesCommand,
  createAdminCommand,
  privacyExportCommand,
  privacyEraseCommand,
  budgetYearCommand,
  supportGoalCommand,
  importHouseholdsCommand,
  issueVouchersCommand,
  lettersCommand,
  closeYearCommand,
  verifyLedgerCommand,
];

/** The command of that name, or undefined. */
export function findCommand(name: string): CliCommand | undefined {
  return commands.find((c) => c.name === name);
}
