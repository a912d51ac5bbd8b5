import { budgetsPermissions } from './budgets.permissions.js';
import { DEMO_ACTING } from '../../access/index.js';
import fs from 'node:fs/promises';
import path from 'node:path';
import { sql } from 'kysely';
import { amsterdamDate } from '../../shared/dates.js';
import { displayName, type PlacesModule } from '../places/index.js';
import * as repo from './budgets.repository.js';
import { printLettersToFile } from './budgets.letters.js';
import { countLetters, issueVouchers } from './vouchers.service.js';
import { setSupportGoal } from './goals.service.js';
import { type BudgetsContext, type BuurtHouseholds } from './budgets.context.js';
import { formatCode } from './voucher-code.js';

/** The demo's gemeente: Zoetermeer, where the demo accounts and most demo initiatives are. */
export const DEMO_GEMEENTE = 'GM0637';
/** How many letters the demo prints (and logs the codes of), all in one buurt. */
export const DEMO_LETTERS = 12;
/** The demo letters in the data folder. */
export const DEMO_LETTERS_FILE = 'demo-brieven.pdf';
/** Goals for the demo initiatives in turn: the first small enough to fund with the demo codes. */
const DEMO_GOALS_CENTS = [5_000, 25_000, 60_000];

export interface DemoBudget {
  year: number;
  /** Initiatives open for support that got a goal. */
  goals: number;
  vouchers: number;
  /** The buurt of the demo letters, when one has initiatives open for support. */
  letters?: DemoLetters;
}

/** The demo's printed letters: their buurt, the PDF and the codes (for the log). */
export interface DemoLetters {
  buurtCode: string;
  file: string;
  codes: string[];
}

export interface DemoBudgetDeps {
  places: PlacesModule;
  dataDir: string;
  publicUrl: string;
  /** Print demo letters and return their codes (for the log); false in production, where codes are live. */
  letters: boolean;
}

/**
 * The demo household budget, once: Zoetermeer's year for the current year (EUR 10, own buurt,
 * 1 January to 31 December), goals on its initiatives open for support, anonymous vouchers
 * from the CBS counts, and printed letters for a few households of the buurt with the most
 * initiatives open for support, so a visitor can pledge at once (unless `deps.letters` is
 * false: then every voucher waits for `buurtkracht letters`). Nothing when any budget year
 * exists: a database with years of its own is no demo, and a second start changes nothing.
 */
export async function seedDemoBudget(
  ctx: BudgetsContext,
  deps: DemoBudgetDeps,
): Promise<DemoBudget | undefined> {
  const year = Number(amsterdamDate(ctx.now()).slice(0, 4));
  const terms = {
    municipality_code: DEMO_GEMEENTE,
    year,
    amount_cents: 1000,
    scope: 'buurt' as const,
    opens_on: `${year}-01-01`,
    closes_on: `${year}-12-31`,
  };
  if (!(await claimDemoYear(ctx, terms))) return undefined;
  const open = await repo.findInitiativesOpenForSupport(ctx.db, DEMO_GEMEENTE);
  const lettersBuurt = mostCommon(open.map((o) => o.buurt_code));
  // The letters' buurt first, so its first initiative gets the smallest goal.
  const toOpen = open
    .filter((o) => !o.has_goal)
    .sort((a, b) => Number(b.buurt_code === lettersBuurt) - Number(a.buurt_code === lettersBuurt));
  for (const [n, initiative] of toOpen.entries()) {
    const goalCents = DEMO_GOALS_CENTS[n % DEMO_GOALS_CENTS.length] ?? 10_000;
    await setSupportGoal(ctx, DEMO_ACTING, {
      initiativeId: initiative.id,
      year,
      goalCents,
      deadline: terms.closes_on,
    });
  }
  const buurt = (await ctx.buurtenOf(DEMO_GEMEENTE)).find((b) => b.code === lettersBuurt);
  const letters = buurt && deps.letters ? await printDemoLetters(ctx, deps, { year, buurt }) : undefined;
  // Then every household of the gemeente: the letters' buurt is topped up, the rest issued.
  const issued = await issueVouchers(ctx, DEMO_ACTING, { municipalityCode: DEMO_GEMEENTE, year });
  const vouchers = issued.issued + issued.alreadyIssued;
  return { year, goals: toOpen.length, vouchers, ...(letters ? { letters } : {}) };
}

/**
 * Creates the demo year when there is no budget year at all. The advisory lock makes this the
 * claim: of several processes starting at once, exactly one creates it and seeds the rest.
 */
async function claimDemoYear(ctx: BudgetsContext, terms: Omit<repo.BudgetYearRow, 'closed_at'>) {
  return ctx.commands.run(
    DEMO_ACTING,
    'budgets.year.set',
    async (step) => {
      step.authorize(budgetsPermissions['budgets.administer'], terms.municipality_code);
      await sql`select pg_advisory_xact_lock(hashtext('buurtkracht:demo-budget'))`.execute(step.trx);
      if ((await repo.countBudgetYears(step.trx)) > 0) {
        step.recordNothing('another process claimed the demo year: nothing changed');
        return false;
      }
      await repo.upsertBudgetYear(step.trx, terms);
      step.record({
        subject: { type: 'budget_year', id: `${terms.municipality_code}/${terms.year}` },
        municipalityCodes: [terms.municipality_code],
        details: { amountCents: terms.amount_cents, scope: terms.scope, demo: true },
      });
      return true;
    },
    { trx: ctx.db },
  );
}

/**
 * Issues the first vouchers of the buurt on their own, so that they are the only ones without
 * a letter, and prints those: the codes go into the PDF and back to the caller for the log.
 */
async function printDemoLetters(
  ctx: BudgetsContext,
  deps: DemoBudgetDeps,
  run: { year: number; buurt: BuurtHouseholds },
): Promise<DemoLetters> {
  const only: BuurtHouseholds = { ...run.buurt, households: Math.min(DEMO_LETTERS, run.buurt.households) };
  await issueVouchers({ ...ctx, buurtenOf: () => Promise.resolve([only]) }, DEMO_ACTING, {
    municipalityCode: DEMO_GEMEENTE,
    year: run.year,
  });
  return printDemoFile(ctx, deps, { year: run.year, buurtCodes: [run.buurt.code], oldFormatOnly: false });
}

/**
 * The demo's letters again, with new codes, when their codes are of the old format (migration
 * 0011 marked them): on a later start of a demo database, so its visitor still has codes that
 * work. Only a demo's handful: a gemeente's worth of letters to print is no demo. Undefined when
 * there is nothing to reprint.
 */
export async function reissueDemoLetters(
  ctx: BudgetsContext,
  deps: DemoBudgetDeps,
): Promise<DemoLetters | undefined> {
  if (!deps.letters) return undefined;
  // Every start with the demo asks: only the years, not each year's counts of vouchers.
  for (const year of await repo.findBudgetYearNumbers(ctx.db, DEMO_GEMEENTE)) {
    const filter = { municipalityCode: DEMO_GEMEENTE, year, reprint: false, oldFormatOnly: true };
    const count = await countLetters(ctx, filter);
    if (count === 0 || count > DEMO_LETTERS) continue;
    const buurtCodes = (await ctx.buurtenOf(DEMO_GEMEENTE)).map((b) => b.code);
    return printDemoFile(ctx, deps, { year, buurtCodes, oldFormatOnly: true });
  }
  return undefined;
}

/** The demo's letters file, overwritten: the codes go into the PDF and back for the log. */
async function printDemoFile(
  ctx: BudgetsContext,
  deps: DemoBudgetDeps,
  run: { year: number; buurtCodes: string[]; oldFormatOnly: boolean },
): Promise<DemoLetters> {
  const names = new Map(
    (await deps.places.findPlaces([DEMO_GEMEENTE, ...run.buurtCodes])).map((p) => [p.code, displayName(p)]),
  );
  await fs.mkdir(deps.dataDir, { recursive: true });
  const file = path.resolve(deps.dataDir, DEMO_LETTERS_FILE);
  const codes: string[] = [];
  let buurtCode = run.buurtCodes[0] ?? '';
  await printLettersToFile(ctx, {
    municipalityCode: DEMO_GEMEENTE,
    municipalityName: names.get(DEMO_GEMEENTE) ?? DEMO_GEMEENTE,
    year: run.year,
    reprint: false,
    oldFormatOnly: run.oldFormatOnly,
    publicUrl: deps.publicUrl,
    buurtNames: names,
    file,
    // A data folder whose database was removed may still hold the last demo's letters.
    overwrite: true,
    onLetter: (letter) => {
      buurtCode = letter.buurtCode;
      codes.push(formatCode(letter.code));
    },
  });
  return { buurtCode, file, codes };
}

/** The value that occurs most often (the first of equals), or undefined for none. */
function mostCommon(values: readonly string[]): string | undefined {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  let best: string | undefined;
  for (const [v, n] of counts) if (best === undefined || n > (counts.get(best) ?? 0)) best = v;
  return best;
}
