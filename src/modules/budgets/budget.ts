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
