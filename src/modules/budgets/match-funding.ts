import type { Queryable } from '../../db/database.js';
import { ConflictError, UnprocessableError } from '../../shared/errors.js';
import { formatEuros } from '../../shared/money.js';
import { levelOfCode, municipalityCodeOf } from '../../shared/place-codes.js';
import * as repo from './match-funding.repository.js';

/**
 * A match-funding rule as the district budget sets it (a top-up decision): per wijk and year,
 * so many district cents per household cent, up to a cap per initiative and one for the wijk,
 * paid from what the decision granted (its ledger reference, `decision:<id>`).
 */
export interface MatchRuleInput {
  wijkCode: string;
  year: number;
  /** District cents per household cent as a fraction: 1/1 one euro per euro, 1/2 fifty cents, 2/1 two euros. */
  ratio: { numerator: number; denominator: number };
  /**
   * The most one initiative holds of match funding in the wijk and year: what it received under
   * earlier rules of the year counts too.
   */
  initiativeCapCents: number;
  /** The most the wijk gives under this rule: the amount the decision reserved. */
  wijkCapCents: number;
  /** The reserving decision's ledger reference, `decision:<id>`: its district_granted pays the matches. */
  decisionReference: string;
}

export interface MatchRule extends MatchRuleInput {
  id: string;
  municipalityCode: string;
  /** Matched cents still counting against the wijk cap: pledges waiting or funded (a release gives them back). */
  usedCents: number;
  startedAt: Date;
  /** When it stopped matching new pledges; undefined while in force. */
  endedAt: Date | undefined;
}

/** How a decision's match funding was used, per initiative. */
export interface MatchUse {
  decisionReference: string;
  waitingCents: number;
  fundedCents: number;
  releasedCents: number;
  initiatives: {
    initiativeId: string;
    reference: string;
    title: string;
    /** Matched to pledges that wait for the goal or the deadline (in escrow). */
    waitingCents: number;
    /** Matched to pledges of a funded initiative (paid out with them). */
    fundedCents: number;
    /** Matched, then given back to the decision when the deadline passed. */
    releasedCents: number;
    /** Pledges that received a match. */
    pledges: number;
  }[];
}

/**
 * Match funding as the household budget offers it to the district budget (`BudgetsModule.matchFunding`).
 * The match itself happens in the pledge batch (migration 0016): the rule's row lock keeps the
 * caps exact under any concurrency; matched cents count towards the goal and move with the
 * pledges (`match` district_granted → escrow, `match_fund` escrow → funded, `match_release`
 * escrow → district_granted, each line with the wijk and the decision's reference).
 */
export interface MatchFunding {
  /**
   * Puts a rule in force for its wijk and year, in the caller's transaction (its command step).
   * The same decision again changes the terms of its rule (caps never below what is used); another
   * decision ends the rule in force and starts its own. The decision's district_granted balance
   * must cover the new cap less what its rule already used: post the grant first.
   */
  setRule(trx: Queryable, rule: MatchRuleInput, at: Date): Promise<MatchRule>;
  /**
   * Ends the rule in force for a wijk and year (no new matches); undefined when there is none.
   * Matches already made stay with their pledges: funded with them, or back to the decision's
   * district_granted at the deadline.
   */
  endRule(trx: Queryable, wijkCode: string, year: number, at: Date): Promise<MatchRule | undefined>;
  /** The rule in force for a wijk and year. */
  ruleOf(wijkCode: string, year: number): Promise<MatchRule | undefined>;
  /** Every rule of these wijken in a year, in force or ended, newest first. */
  rulesOf(wijkCodes: readonly string[], year: number): Promise<MatchRule[]>;
  /** How the matches of a decision's rules were used, per initiative. */
  usedOf(decisionReference: string): Promise<MatchUse>;
}

const MAX_RATIO_TERM = 100;
const MAX_CAP_CENTS = 100_000_000_00;

/** The rule's terms as they may be stored; an UnprocessableError naming the first that is not. */
export function checkMatchRule(rule: MatchRuleInput): void {
  const whole = (n: number, max: number) => Number.isSafeInteger(n) && n >= 1 && n <= max;
  if (levelOfCode(rule.wijkCode) !== 'wijk') throw new UnprocessableError('budgets.errors.match.wijk');
  if (!Number.isInteger(rule.year) || rule.year < 2000 || rule.year > 2100)
    throw new UnprocessableError('budgets.errors.match.year');
  if (!whole(rule.ratio.numerator, MAX_RATIO_TERM) || !whole(rule.ratio.denominator, MAX_RATIO_TERM))
    throw new UnprocessableError('budgets.errors.match.ratio');
  if (!whole(rule.initiativeCapCents, MAX_CAP_CENTS) || !whole(rule.wijkCapCents, MAX_CAP_CENTS))
    throw new UnprocessableError('budgets.errors.match.cap');
  if (!/^decision:\S+$/.test(rule.decisionReference))
    throw new UnprocessableError('budgets.errors.match.reference');
}

/**
 * The match of one pledge, as budget_pledge_batch computes it (the database is the one that
 * decides; this is its rule in words, for tests and pages): floor(amount × ratio), but no more
 * than what is left under the initiative's cap and the wijk's, nor than the goal still needs.
 */
export function matchOf(
  amountCents: number,
  rule: { numerator: number; denominator: number; initiativeLeftCents: number; wijkLeftCents: number },
  goalLeftAfterPledgeCents: number,
): number {
  return Math.max(
    0,
    Math.min(
      Math.floor((amountCents * rule.numerator) / rule.denominator),
      rule.initiativeLeftCents,
      rule.wijkLeftCents,
      goalLeftAfterPledgeCents,
    ),
  );
}

function toRule(r: repo.MatchRuleRow): MatchRule {
  return {
    id: r.id,
    municipalityCode: r.municipality_code,
    wijkCode: r.wijk_code,
    year: r.year,
    ratio: { numerator: r.ratio_numerator, denominator: r.ratio_denominator },
    initiativeCapCents: r.initiative_cap_cents,
    wijkCapCents: r.cap_cents,
    decisionReference: r.decision_reference,
    usedCents: r.used_cents,
    startedAt: r.started_at,
    endedAt: r.ended_at ?? undefined,
  };
}

async function setRule(trx: Queryable, rule: MatchRuleInput, at: Date): Promise<MatchRule> {
  checkMatchRule(rule);
  const terms: repo.MatchTerms = {
    ratioNumerator: rule.ratio.numerator,
    ratioDenominator: rule.ratio.denominator,
    initiativeCapCents: rule.initiativeCapCents,
    capCents: rule.wijkCapCents,
  };
  const current = await repo.lockCurrentMatchRule(trx, rule.wijkCode, rule.year);
  const same = current?.decision_reference === rule.decisionReference ? current : undefined;
  if (same) {
    if (rule.wijkCapCents < same.used_cents)
      throw new ConflictError('budgets.errors.match.capBelowUsed', { used: formatEuros(same.used_cents) });
    if (rule.initiativeCapCents < (await repo.findLargestInitiativeMatch(trx, same.id)))
      throw new ConflictError('budgets.errors.match.initiativeCapBelowUsed');
  }
  const granted = await repo.findGrantedBalance(trx, rule.wijkCode, rule.decisionReference);
  if (rule.wijkCapCents - (same?.used_cents ?? 0) > granted)
    throw new ConflictError('budgets.errors.match.notGranted', { granted: formatEuros(granted) });
  if (same) return toRule(await repo.updateMatchTerms(trx, same.id, terms));
  if (current) await repo.endMatchRule(trx, current.id, at);
  return toRule(
    await repo.insertMatchRule(trx, {
      ...terms,
      municipalityCode: municipalityCodeOf(rule.wijkCode),
      wijkCode: rule.wijkCode,
      year: rule.year,
      decisionReference: rule.decisionReference,
      at,
    }),
  );
}

/** The match-funding API over a database (reads) — writes go through the caller's transaction. */
export function createMatchFunding(db: Queryable): MatchFunding {
  return {
    setRule,
    async endRule(trx, wijkCode, year, at) {
      const current = await repo.lockCurrentMatchRule(trx, wijkCode, year);
      return current ? toRule(await repo.endMatchRule(trx, current.id, at)) : undefined;
    },
    async ruleOf(wijkCode, year) {
      const row = await repo.findCurrentMatchRule(db, wijkCode, year);
      return row ? toRule(row) : undefined;
    },
    async rulesOf(wijkCodes, year) {
      return (await repo.findMatchRulesOfWijken(db, wijkCodes, year)).map(toRule);
    },
    async usedOf(decisionReference) {
      const rows = await repo.findMatchUse(db, decisionReference);
      const sum = (f: (r: repo.MatchUseRow) => number) => rows.reduce((n, r) => n + f(r), 0);
      return {
        decisionReference,
        waitingCents: sum((r) => r.waiting_cents),
        fundedCents: sum((r) => r.funded_cents),
        releasedCents: sum((r) => r.released_cents),
        initiatives: rows.map((r) => ({
          initiativeId: r.initiative_id,
          reference: r.reference,
          title: r.title,
          waitingCents: r.waiting_cents,
          fundedCents: r.funded_cents,
          releasedCents: r.released_cents,
          pledges: r.pledges,
        })),
      };
    },
  };
}
