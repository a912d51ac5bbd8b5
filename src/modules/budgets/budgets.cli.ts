import { CLI_ACTING } from '../../access/index.js';
import fs from 'node:fs/promises';
import {
  CliError,
  checkIsFile,
  defineCommand,
  isoDate,
  requiredGemeente,
  requiredYear,
  UsageError,
  type CliCommand,
  type CliContext,
  type CliOption,
} from '../../cli/command.js';
import type { Config } from '../../config.js';
import type { PlacesModule } from '../places/index.js';
import { createProgress } from '../../cli/progress.js';
import { parseEuros } from '../../shared/money.js';
import { LettersFileError, printLettersToFile } from './budgets.letters.js';
import { closeYear, setBudgetYear, verifyLedger } from './years.service.js';
import { HouseholdImportError, importHouseholds, issueVouchers } from './vouchers.service.js';
import { setSupportGoal } from './goals.service.js';
import { type BudgetsContext } from './budgets.context.js';

/** The options of every command about one gemeente's budget year. */
const GEMEENTE_AND_YEAR = {
  gemeente: { type: 'string', valueName: 'code', help: 'CBS code of the gemeente (required)' },
  year: { type: 'string', valueName: 'year', help: 'the budget year (required)' },
} as const satisfies Record<string, CliOption>;

/**
 * Runs a budget use case with the module as the pages use it; its refusals (DomainError) are
 * worded by the runner, one plain line, exit 1.
 */
async function withBudgets<T>(
  ctx: CliContext,
  fn: (budget: { ctx: BudgetsContext; places: PlacesModule }, config: Config) => Promise<T>,
): Promise<T> {
  const { budgets, places } = await ctx.modules();
  return fn({ ctx: budgets.context, places }, ctx.config());
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
    // The amount's range and the dates are the budget year's rules, which the service checks
    // (as for the page); a refusal names each field, in words. Here only what is no amount at all.
    const amountCents = parseEuros(values.amount ?? '10');
    if (amountCents === undefined)
      throw new UsageError('--amount must be an amount in euros, such as 10 or 12.50');
    const scope = values.scope ?? 'buurt';
    if (scope !== 'buurt' && scope !== 'wijk') throw new UsageError('--scope must be buurt or wijk');
    const opensOn = values.opens ?? `${year}-01-01`;
    const closesOn = values.closes ?? `${year}-12-31`;
    await withBudgets(ctx, ({ ctx: budget }) =>
      setBudgetYear(budget, CLI_ACTING, {
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
      setSupportGoal(budget, CLI_ACTING, { initiativeId, year, goalCents, deadline }),
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
    await checkIsFile(ctx.resolvePath(file));
    const text = await fs.readFile(ctx.resolvePath(file), 'utf8');
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
    ...GEMEENTE_AND_YEAR,
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
        return await issueVouchers(budget, CLI_ACTING, {
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
Without --reprint only vouchers without a printed letter are printed, and those whose letter has
a code of the old, case-sensitive format (printed before migration 0011; those codes no longer work). With --reprint every voucher
of the year gets a new code and a new letter, and the codes of earlier letters STOP WORKING.

The PDF is written to <file>.partial and renamed to <file> only when it is complete; only then
do its letters count as printed. A run that fails or is stopped leaves no <file> and prints
nothing: running the same command again prints those households' letters, with new codes.
An existing <file> is never overwritten (it may be the only copy of working codes), and with
nothing to print no file is written.`,
  arguments: [],
  options: {
    ...GEMEENTE_AND_YEAR,
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
          file: ctx.resolvePath(outFile),
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
          : '') +
        (result.oldFormat > 0
          ? `${result.oldFormat.toLocaleString('en-US')} of them replace letters with codes of the old, case-sensitive ` +
            'format, which no longer work: send these to the households again.\n'
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
    ...GEMEENTE_AND_YEAR,
  },
  usesDatabase: true,
  async run(ctx, { values }) {
    const gemeente = requiredGemeente(values.gemeente);
    const year = requiredYear(values.year);
    const figures = await withBudgets(ctx, ({ ctx: budget }) =>
      closeYear(budget, CLI_ACTING, { municipalityCode: gemeente, year }),
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
equals the funded pledges and reached the goal, that the vouchers and lapsed accounts match
the vouchers, and that the transparency figures (the rollup budget_figures) equal what the ledger
and the vouchers say, per gemeente, year and buurt. Exits 0 when all hold, 1 with the first
violation.`,
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

/** The household budget's commands, in the order of a year's work. */
export const budgetsCommands: readonly CliCommand[] = [
  budgetYearCommand,
  supportGoalCommand,
  importHouseholdsCommand,
  issueVouchersCommand,
  lettersCommand,
  closeYearCommand,
  verifyLedgerCommand,
];
