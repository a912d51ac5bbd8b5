import { cliActing } from '../../access/index.js';
import {
  CliError,
  defineCommand,
  requiredGemeente,
  requiredYear,
  UsageError,
  type CliCommand,
} from '../../cli/command.js';
import { DomainError, NotFoundError, ValidationError } from '../../shared/errors.js';
import { parseEuros } from '../../shared/money.js';
import { allocate, closeYear, listBudgets, setMandate } from './district-budget.service.js';

// The district budget's `buurtkracht` commands: the same service commands as the settings pages
// (permission, audit entry with channel cli). Refusals are the service's DomainErrors, worded by
// the runner from the module's messages; only what is no value at all is a usage error here.

const money = (cents: number) => `EUR ${(cents / 100).toFixed(2)}`;

/** An amount in euros from the command line, or the service's own refusal of an amount. */
function euros(value: string | undefined, option: string): number {
  if (value === undefined) throw new UsageError(`--${option} is required`);
  const cents = parseEuros(value);
  if (cents === undefined || cents <= 0)
    throw new ValidationError([{ field: option, message: 'districtBudget.errors.amount' }]);
  return cents;
}

/** `--wijk wk063701`: upper-cased; whether it exists is the service's to say. */
function requiredWijk(value: string | undefined): string {
  if (!value) throw new UsageError('--wijk is required');
  return value.trim().toUpperCase();
}

const allocateCommand = defineCommand({
  name: 'district-allocate',
  summary: 'Allocate money from the gemeente to a wijk’s district budget (wijkbudget) for a year.',
  description: `
Moves the amount from the gemeente to the wijk's budget of the year in the ledger (district_source
→ district_budget), creating the wijk's budget year when it has none. Another allocation adds to it.
Refused for an unknown wijk or a closed year. Recorded in the audit log (channel cli).`,
  arguments: [],
  options: {
    wijk: { type: 'string', valueName: 'code', help: 'CBS code of the wijk, e.g. WK063701 (required)' },
    year: { type: 'string', valueName: 'year', help: 'the budget year (required)' },
    amount: { type: 'string', valueName: 'euros', help: 'the amount in euros, e.g. 25000 (required)' },
  },
  examples: ['district-allocate --wijk WK063701 --year 2026 --amount 25000'],
  usesDatabase: true,
  async run(ctx, { values }) {
    const wijkCode = requiredWijk(values.wijk);
    const year = requiredYear(values.year);
    const amountCents = euros(values.amount, 'amount');
    const { districtBudget } = await ctx.modules();
    await allocate(districtBudget.context, cliActing('district-allocate'), { wijkCode, year, amountCents });
    ctx.stdout.write(`Allocated ${money(amountCents)} to the district budget ${year} of ${wijkCode}.\n`);
  },
});

const mandateCommand = defineCommand({
  name: 'district-mandate',
  summary: 'Set (or remove) a district manager’s mandate in a gemeente.',
  description: `
The mandate is the most a manager may decide alone: per decision, and with the decisions for the
same recipient, initiative or purpose in the last 12 months. Above it a second person approves.
Recorded in the audit log (channel cli).`,
  arguments: [],
  options: {
    email: { type: 'string', valueName: 'address', help: 'e-mail address of the staff account (required)' },
    gemeente: { type: 'string', valueName: 'code', help: 'CBS code of the gemeente (required)' },
    limit: { type: 'string', valueName: 'euros', help: 'the mandate in euros (required, unless --remove)' },
    remove: { type: 'boolean', help: 'take the mandate away' },
  },
  examples: [
    'district-mandate --email w.wijkmanager@zoetermeer.nl --gemeente GM0637 --limit 5000',
    'district-mandate --email w.wijkmanager@zoetermeer.nl --gemeente GM0637 --remove',
  ],
  usesDatabase: true,
  async run(ctx, { values }) {
    const municipalityCode = requiredGemeente(values.gemeente);
    if (!values.email) throw new UsageError('--email is required');
    if (values.remove === true && values.limit !== undefined)
      throw new UsageError('give --limit or --remove, not both');
    const limitCents = values.remove === true ? null : euros(values.limit, 'limit');
    const { districtBudget, identity } = await ctx.modules();
    const accountId = await identity.service.findAccountIdByEmail(values.email);
    if (accountId === undefined) throw new NotFoundError('districtBudget.errors.staffUnknown');
    await setMandate(districtBudget.context, cliActing('district-mandate'), {
      accountId,
      municipalityCode,
      limitCents,
    });
    ctx.stdout.write(
      limitCents === null
        ? `Mandate of ${values.email} in ${municipalityCode} removed.\n`
        : `Mandate of ${values.email} in ${municipalityCode}: ${money(limitCents)}.\n`,
    );
  },
});

const closeYearCommand = defineCommand({
  name: 'district-close-year',
  summary: 'Close the district budget year of every wijk of a gemeente: carry over or lapse what is left.',
  description: `
For each wijk of the gemeente with a budget in the year (and not yet closed): what is left carries
over to the next year as far as the gemeente's carry-over setting (0 to 3 years) allows, the rest
lapses. Granted and committed money stays with its decisions. A wijk with decisions waiting for a
second approval is refused and named; the others are closed. Each wijk's close is one command in
the audit log (channel cli).`,
  arguments: [],
  options: {
    gemeente: { type: 'string', valueName: 'code', help: 'CBS code of the gemeente (required)' },
    year: { type: 'string', valueName: 'year', help: 'the budget year to close (required)' },
  },
  examples: ['district-close-year --gemeente GM0637 --year 2026'],
  usesDatabase: true,
  async run(ctx, { values }) {
    const municipalityCode = requiredGemeente(values.gemeente);
    const year = requiredYear(values.year);
    const { districtBudget } = await ctx.modules();
    const budgets = await listBudgets(districtBudget.context, {
      year,
      municipalityCodes: [municipalityCode],
    });
    if (budgets.length === 0)
      throw new NotFoundError('districtBudget.errors.noBudgetGemeente', { year: String(year) });
    let carried = 0;
    let lapsed = 0;
    let refused = 0;
    for (const budget of budgets) {
      if (budget.closed) {
        ctx.stdout.write(`${budget.wijkCode}: already closed.\n`);
        continue;
      }
      await ctx.checkpoint();
      try {
        const result = await closeYear(districtBudget.context, cliActing('district-close-year'), {
          wijkCode: budget.wijkCode,
          year,
        });
        carried += result.carriedCents;
        lapsed += result.lapsedCents;
        ctx.stdout.write(
          `${budget.wijkCode}: ${money(result.carriedCents)} carried over, ${money(result.lapsedCents)} lapsed.\n`,
        );
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        refused++;
        // A refusal of one wijk (decisions still waiting) leaves the others to close.
        ctx.stderr.write(`${budget.wijkCode}: ${ctx.describe(error)}\n`);
      }
    }
    ctx.stdout.write(
      `District budget ${year} of ${municipalityCode}: ${money(carried)} carried over, ${money(lapsed)} lapsed.\n`,
    );
    if (refused > 0) throw new CliError(`${refused} wijk(en) not closed: see above.`);
  },
});

export const districtBudgetCommands: readonly CliCommand[] = [
  allocateCommand,
  mandateCommand,
  closeYearCommand,
];
