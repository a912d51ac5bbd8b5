import { isIsoDate } from '../../shared/dates.js';
import type { FieldIssue } from '../../shared/errors.js';
/**
 * The household budget (buurtbudget): the words and pure rules. Each household gets a yearly
 * amount that it gives once, whole, to one initiative in its own buurt or wijk.
 */

/** Where a household may give: initiatives in its own buurt, or anywhere in its own wijk. */
export type BudgetScope = 'buurt' | 'wijk';
export const BUDGET_SCOPES: readonly BudgetScope[] = ['buurt', 'wijk'];

/** A pledge waits (active) until its initiative is funded, or is released at its deadline. */
export type PledgeStatus = 'active' | 'funded' | 'released';
/** Where a pledge was made: the resident's pages, the API, or staff at the service desk. */
export type PledgeChannel = 'online' | 'api' | 'service_desk';
/** A support goal is open, reached (funded) or past its deadline (expired). */
export type SupportState = 'open' | 'funded' | 'expired';

/** What a household's code means right now. */
export type VoucherState = 'unused' | 'pledged' | 'funded' | 'released' | 'lapsed';

/**
 * The state of a voucher from its pledges (newest first) and whether the year closed on it:
 * a pledge that still counts wins; a released one lets the household choose again.
 */
export function voucherState(lapsed: boolean, pledges: readonly { status: PledgeStatus }[]): VoucherState {
  const counting = pledges.find((p) => p.status !== 'released');
  if (counting) return counting.status === 'funded' ? 'funded' : 'pledged';
  if (lapsed) return 'lapsed';
  return pledges.length > 0 ? 'released' : 'unused';
}

/** Whether pledging is possible on `today` (YYYY-MM-DD) in a budget year. */
export function isYearOpen(
  year: { opensOn: string; closesOn: string; closed: boolean },
  today: string,
): boolean {
  return !year.closed && today >= year.opensOn && today <= year.closesOn;
}

/** Whether the pledges, with one more, reach the goal. Whole pledges: the last may overshoot. */
export function reachesGoal(pledgedCents: number, goalCents: number): boolean {
  return pledgedCents >= goalCents;
}

/** The database's ceiling for a household's amount: EUR 1,000. */
export const MAX_AMOUNT_CENTS = 100_000;

/** A budget year's terms as a person gives them (the amount may not have parsed as money). */
export interface BudgetYearTerms {
  year: number;
  /** Undefined when what was typed is no amount at all. */
  amountCents: number | undefined;
  scope: string;
  opensOn: string;
  closesOn: string;
}

/**
 * The rules of a budget year's terms, checked once for the page, the command line and the
 * service (the database holds the amount's range and the order of the dates too): an amount of
 * EUR 0.01 to 1,000, a scope of buurt or wijk, and an opening and a last day inside the year,
 * the last not before the first. Each problem names its field and message.
 */
export function checkBudgetYearTerms(terms: BudgetYearTerms): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const { year, amountCents } = terms;
  if (
    amountCents === undefined ||
    !Number.isInteger(amountCents) ||
    amountCents < 1 ||
    amountCents > MAX_AMOUNT_CENTS
  )
    issues.push({ field: 'amount', message: 'budgets.admin.amountInvalid' });
  if (!BUDGET_SCOPES.some((scope) => scope === terms.scope))
    issues.push({ field: 'scope', message: 'budgets.admin.scopeInvalid' });
  const inYear = (date: string) => isIsoDate(date) && date.startsWith(`${year}-`);
  for (const [field, example] of [
    ['opensOn', `${year}-01-01`],
    ['closesOn', `${year}-12-31`],
  ] as const) {
    if (!inYear(terms[field]))
      issues.push({ field, message: 'budgets.admin.dateInvalid', params: { year: String(year), example } });
  }
  if (inYear(terms.opensOn) && inYear(terms.closesOn) && terms.closesOn < terms.opensOn)
    issues.push({ field: 'closesOn', message: 'budgets.admin.closesBeforeOpens' });
  return issues;
}
