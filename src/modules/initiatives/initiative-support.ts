import type { IsoDate } from '../../shared/dates.js';

/**
 * How households support an initiative through the household budget, as the household budget
 * (budgets) sums it up: plain figures, never its rows.
 */
export interface SupportSummary {
  goalCents: number;
  /**
   * What counts towards the goal: what households gave and the district budget matched to it
   * (match funding). A pledge released at the deadline no longer counts, nor does its match.
   */
  givenCents: number;
  /** The part of `givenCents` from the district budget (match funding); 0 without it. */
  matchedCents: number;
  /** How many households gave `givenCents` (one pledge each). */
  households: number;
  /** The last day to give. */
  deadline: IsoDate;
  state: 'open' | 'funded' | 'not_funded';
  /** Whether a household may give now: open, and the deadline not passed. */
  acceptsPledges: boolean;
  /** The day it was funded, or the day its pledges were released; undefined while open. */
  endedOn: IsoDate | undefined;
}

/**
 * The port through which initiatives shows its support. Initiatives is built before the
 * household budget (which depends on it), so it declares what it needs here and receives the
 * implementation late-bound (`createModules` passes `() => budgets.initiativeSupport`).
 */
export interface InitiativeSupport {
  /**
   * The support of these initiatives, read at once for a whole list (one query, not one per
   * initiative); an initiative without a support goal has no entry.
   */
  supportOf(initiativeIds: readonly string[]): Promise<ReadonlyMap<string, SupportSummary>>;
  /** Where a household starts giving its budget to this initiative (the code is asked there). */
  giveHref(reference: string): string;
}
