// Budget years: setting one up, closing it, and the figures per buurt it leaves.

import type { Queryable } from '../../db/database.js';
import { amsterdamDate } from '../../shared/dates.js';
import { ConflictError, NotFoundError, ValidationError } from '../../shared/errors.js';
import type { Acting } from '../../access/index.js';
import { checkBudgetYearTerms, isYearOpen, type BudgetScope } from './budget.js';
import { budgetsPermissions } from './budgets.permissions.js';
import * as repo from './budgets.repository.js';
import {
  ledgerLine,
  pgCode,
  runCommand,
  todayOf,
  yearRecord,
  type BudgetsContext,
} from './budgets.context.js';
import { releaseExpiredSupport, toSupportSummary } from './goals.service.js';

export interface BudgetYearInput {
  municipalityCode: string;
  year: number;
  amountCents: number;
  scope: BudgetScope;
  opensOn: string;
  closesOn: string;
}

/**
 * Sets up (or changes) a gemeente's budget year. Amount and scope are locked by the database
 * once vouchers (amount) or pledges (amount and scope) refer to them: a ConflictError then.
 */
export async function setBudgetYear(
  ctx: BudgetsContext,
  acting: Acting,
  input: BudgetYearInput,
): Promise<void> {
  try {
    await runCommand(ctx, acting, 'budgets.year.set', async (step) => {
      step.authorize(budgetsPermissions['budgets.administer'], input.municipalityCode);
      const issues = checkBudgetYearTerms(input);
      if (issues.length > 0) throw new ValidationError(issues);
      await repo.upsertBudgetYear(step.trx, {
        municipality_code: input.municipalityCode,
        year: input.year,
        amount_cents: input.amountCents,
        scope: input.scope,
        opens_on: input.opensOn,
        closes_on: input.closesOn,
      });
      step.record(yearRecord(input, { ...input }));
    });
  } catch (error) {
    // The gemeente itself is unknown (the year's own foreign key to the places).
    if (
      pgCode(error) === '23503' &&
      Reflect.get(Object(error), 'constraint') === 'budget_year_municipality_code_fkey'
    )
      throw new NotFoundError('errors.placeNotFound', { code: input.municipalityCode });
    // Otherwise vouchers or pledges hold the year's amount and scope (their foreign keys).
    if (pgCode(error) === '23001' || pgCode(error) === '23503')
      throw new ConflictError('budgets.errors.yearLocked');
    throw error;
  }
}

export interface BuurtFigures {
  buurtCode: string;
  vouchers: number;
  issuedCents: number;
  pledgedCents: number;
  fundedCents: number;
  releasedCents: number;
  lapsedCents: number;
  lapsedVouchers: number;
}

/**
 * Closes a budget year: releases what passed its deadline, refuses while pledges still wait
 * for a later deadline, then lets every unused or released voucher lapse (money to the lapsed
 * account, per buurt) and returns the figures per buurt. Pledges may arrive meanwhile (a year
 * can be closed before its closing date): the close waits for those in flight, and those after
 * it find their voucher lapsed.
 */
export async function closeYear(
  ctx: BudgetsContext,
  acting: Acting,
  input: { municipalityCode: string; year: number },
): Promise<BuurtFigures[]> {
  // The deadline job's own work, first (its own transactions, as the job would).
  await releaseExpiredSupport(ctx);
  await runCommand(ctx, acting, 'budgets.year.closed', async (step) => {
    step.authorize(budgetsPermissions['budgets.administer'], input.municipalityCode);
    const { trx } = step;
    const year = await repo.lockBudgetYear(trx, input.municipalityCode, input.year);
    if (!year) throw new NotFoundError('budgets.errors.noYear', { year: String(input.year) });
    if (year.closed_at) throw new ConflictError('budgets.errors.yearClosed');
    // Pledges are made under their vouchers' locks: holding all of the year's, the statements
    // below see every pledge made, and none is made until this transaction ends.
    await repo.lockVouchersOfYear(trx, input.municipalityCode, input.year);
    const waiting = await repo.countActivePledgesOfYear(trx, input.municipalityCode, input.year);
    if (waiting > 0) throw new ConflictError('budgets.errors.pledgesWaiting', { count: waiting });
    const at = ctx.now();
    const lapsed = await repo.lapseVouchers(trx, input.municipalityCode, input.year, at);
    await repo.insertJournal(
      trx,
      lapsed.flatMap((b) => [
        ledgerLine('lapse', 'vouchers', input, b.buurt_code, -b.cents),
        ledgerLine('lapse', 'lapsed', input, b.buurt_code, b.cents),
      ]),
      at,
    );
    await repo.markYearClosed(trx, input.municipalityCode, input.year, at);
    step.record(yearRecord(input, { lapsedVouchers: lapsed.reduce((n, b) => n + b.n, 0) }));
  });
  await repo.foldBudgetFigures(ctx.db, input);
  return figuresPerBuurt(ctx.db, input.municipalityCode, input.year);
}

/**
 * Figures per buurt (transparency pages, CSV, year report), read from their rollup: the same
 * sums as the ledger's and the vouchers' (verify-ledger checks it), at the cost of a few rows
 * per buurt, however long the ledger.
 */
export async function figuresPerBuurt(
  db: Queryable,
  municipalityCode: string,
  year: number,
): Promise<BuurtFigures[]> {
  const rows = await repo.findBuurtFigures(db, municipalityCode, year);
  return rows.map((r) => ({
    buurtCode: r.buurt_code,
    vouchers: r.vouchers,
    issuedCents: r.issued_cents,
    pledgedCents: r.pledged_cents,
    fundedCents: r.funded_cents,
    releasedCents: r.released_cents,
    lapsedCents: r.lapsed_cents,
    lapsedVouchers: r.lapsed_vouchers,
  }));
}

/**
 * Folds the figures' rollup (every gemeente and year): the rows the ledger's and the vouchers'
 * statements appended become one per buurt. The figures stay the same; reading them stays cheap.
 * Answers the number of buurten folded.
 */
export function foldFigures(db: Queryable): Promise<number> {
  return repo.foldBudgetFigures(db);
}

/** A budget year's terms, for pages. */
export async function getBudgetYear(
  db: Queryable,
  municipalityCode: string,
  year: number,
): Promise<repo.BudgetYearRow | undefined> {
  return repo.findBudgetYear(db, municipalityCode, year);
}

/** The first broken ledger invariant, or undefined when all hold. */
export function verifyLedger(db: Queryable): Promise<string | undefined> {
  return repo.findLedgerViolation(db);
}

/** The household budget of a place in one year: its households' figures and how many initiatives it can give to. */
export interface PlaceBudget {
  year: number;
  /** Whether households may give now. */
  yearOpen: boolean;
  /** Households of the place with a code (a voucher) this year. */
  households: number;
  availableCents: number;
  /** What its households gave (to initiatives in their buurt or wijk), released pledges included. */
  givenCents: number;
  /** What went to funded initiatives in the place. */
  fundedCents: number;
  initiativesFunded: number;
  /** How many of the place's initiatives households can give to now (their section lists them). */
  openForSupport: number;
}

/**
 * The household budget of a place (a gemeente, wijk or buurt, by its buurten) in the current
 * year, or the last year before it; undefined when its gemeente has had none. The figures are
 * the transparency figures' (`figuresPerBuurt`), summed over the place's buurten.
 */
export async function getPlaceBudget(
  ctx: Pick<BudgetsContext, 'db' | 'now'>,
  place: { municipalityCode: string; buurtCodes: readonly string[] },
): Promise<PlaceBudget | undefined> {
  const day = amsterdamDate(ctx.now());
  const years = await listBudgetYears(ctx.db, [place.municipalityCode]);
  const year = years.find((y) => y.year <= Number(day.slice(0, 4)));
  if (!year) return undefined;
  const ref = { municipalityCode: place.municipalityCode, year: year.year };
  const [figures, support] = await Promise.all([
    figuresPerBuurt(ctx.db, ref.municipalityCode, ref.year),
    repo.findSupportSummariesInBuurten(ctx.db, { ...ref, buurtCodes: place.buurtCodes }),
  ]);
  const inPlace = new Set(place.buurtCodes);
  const own = figures.filter((f) => inPlace.has(f.buurtCode));
  const sum = (pick: (f: BuurtFigures) => number) => own.reduce((n, f) => n + pick(f), 0);
  const summaries = support.map((row) => toSupportSummary(row, day));
  return {
    year: year.year,
    yearOpen: isYearOpen(year, day),
    households: sum((f) => f.vouchers),
    availableCents: sum((f) => f.issuedCents),
    givenCents: sum((f) => f.pledgedCents),
    fundedCents: sum((f) => f.fundedCents),
    initiativesFunded: summaries.filter((s) => s.state === 'funded').length,
    openForSupport: summaries.filter((s) => s.acceptsPledges).length,
  };
}

/** A budget year as the admin pages show it, with what already locks its terms. */
export interface BudgetYearSummary {
  municipalityCode: string;
  year: number;
  amountCents: number;
  scope: BudgetScope;
  opensOn: string;
  closesOn: string;
  closed: boolean;
  vouchers: number;
  /** Vouchers exist: their foreign key holds the amount. */
  amountLocked: boolean;
  /** A pledge was made: its foreign key holds the scope too. */
  scopeLocked: boolean;
}

/** The budget years of these gemeenten (or one year of them), newest first per gemeente. */
export async function listBudgetYears(
  db: Queryable,
  municipalityCodes: readonly string[],
  year?: number,
): Promise<BudgetYearSummary[]> {
  const rows = await repo.findBudgetYearSummaries(db, municipalityCodes, year);
  return rows.map((r) => ({
    municipalityCode: r.municipality_code,
    year: r.year,
    amountCents: r.amount_cents,
    scope: r.scope,
    opensOn: r.opens_on,
    closesOn: r.closes_on,
    closed: r.closed_at !== null,
    vouchers: r.vouchers,
    amountLocked: r.vouchers > 0 || r.pledged,
    scopeLocked: r.pledged,
  }));
}

/** Whether residents can give their household budget today, in some gemeente (the home page's task). */
export function isAnyYearOpen(ctx: BudgetsContext): Promise<boolean> {
  return repo.existsOpenBudgetYear(ctx.db, todayOf(ctx));
}

/** Every gemeente and year with a household budget: each has a figures file. */
export async function listYearsWithFigures(
  ctx: BudgetsContext,
): Promise<{ municipalityCode: string; year: number }[]> {
  const rows = await repo.findAllBudgetYears(ctx.db);
  return rows.map((r) => ({ municipalityCode: r.municipality_code, year: r.year }));
}
