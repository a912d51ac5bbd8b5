// Support goals: set by staff, released at their deadline, and the support initiatives show.

import type { Queryable } from '../../db/database.js';
import { amsterdamDate } from '../../shared/dates.js';
import { formatEuros } from '../../shared/money.js';
import { ConflictError, NotFoundError } from '../../shared/errors.js';
import type { SupportSummary } from '../initiatives/index.js';
import type { Acting } from '../../access/index.js';
import { reachesGoal, type BudgetScope } from './budget.js';
import { budgetsPermissions } from './budgets.permissions.js';
import * as repo from './budgets.repository.js';
import * as matchRepo from './match-funding.repository.js';
import { isUuid, ledgerLine, pgCode, runCommand, todayOf, type BudgetsContext } from './budgets.context.js';
import type { SupportOption, VoucherLookup } from './codes.service.js';

/**
 * Staff set an initiative's goal and deadline for household pledges (its stage must be open
 * for support before anyone can pledge). Changing it is possible while it is still open.
 */
export async function setSupportGoal(
  ctx: BudgetsContext,
  acting: Acting,
  input: { initiativeId: string; year: number; goalCents: number; deadline: string },
): Promise<void> {
  try {
    await runCommand(ctx, acting, 'budgets.support_goal.set', async (step) => {
      const { trx } = step;
      const initiative = isUuid(input.initiativeId)
        ? await repo.findInitiativeForGoal(trx, input.initiativeId)
        : undefined;
      if (!initiative) throw new NotFoundError('budgets.errors.initiativeNotFound');
      step.authorize(budgetsPermissions['budgets.support_goal'], initiative.buurt_code);
      const result = await repo.upsertSupportGoal(trx, {
        initiativeId: initiative.id,
        municipalityCode: initiative.municipality_code,
        year: input.year,
        goalCents: input.goalCents,
        deadline: input.deadline,
      });
      // A goal reached or expired is settled; an open one must stay above what was given, or
      // the next pledge would be funded by a goal that was lowered under it.
      if (!result.applied && result.state !== 'open') throw new ConflictError('budgets.errors.goalSettled');
      if (!result.applied) {
        throw new ConflictError('budgets.errors.goalBelowPledged', {
          pledged: formatEuros(result.pledged_cents),
        });
      }
      step.record({
        subject: { type: 'initiative', id: initiative.id },
        municipalityCodes: [initiative.municipality_code],
        details: { goalCents: input.goalCents, deadline: input.deadline, year: input.year },
      });
    });
  } catch (error) {
    if (pgCode(error) === '23503')
      throw new NotFoundError('budgets.errors.noYear', { year: String(input.year) });
    throw error;
  }
}

/**
 * The deadline job: every open goal whose deadline passed is expired, its pledges released
 * (the households may give again this year) and the initiative moved to not funded. One
 * transaction per initiative, holding its goal row, so a pledge in flight waits and then sees it.
 */
export async function releaseExpiredSupport(ctx: BudgetsContext): Promise<number> {
  const ids = await repo.findExpiredSupport(ctx.db, todayOf(ctx));
  let released = 0;
  for (const id of ids) {
    await ctx.db.transaction().execute(async (trx) => {
      const state = await repo.lockSupportState(trx, id);
      // Read after the lock, with a fresh snapshot: every pledge committed before it is seen.
      const support = await repo.findSupport(trx, id);
      if (state !== 'open' || !support || support.deadline >= todayOf(ctx)) return;
      const at = ctx.now();
      const pledges = await repo.findActivePledges(trx, id);
      const ref = { municipalityCode: support.municipality_code, year: support.year };
      const releasedCents = await repo.settlePledges(trx, id, 'released', at);
      const matched = matchedPerRule(pledges);
      await repo.expireSupport(
        trx,
        id,
        { pledgedCents: releasedCents, matchedCents: matched.reduce((n, m) => n + m.cents, 0) },
        at,
      );
      // Matches go back to the decisions that paid them, and count against their caps no longer
      // (goal → rule: the batches' lock order).
      const rules = await matchRepo.returnMatchUse(trx, matched);
      for (const m of matched) {
        const rule = rules.find((r) => r.id === m.ruleId);
        if (!rule) throw new Error(`match rule ${m.ruleId} not found`);
        const district = { wijkCode: rule.wijk_code, reference: rule.decision_reference };
        await repo.insertJournal(
          trx,
          [
            {
              ...ledgerLine('match_release', 'escrow', ref, null, -m.cents, { initiativeId: id }),
              ...district,
            },
            {
              ...ledgerLine('match_release', 'district_granted', ref, null, m.cents, { initiativeId: id }),
              ...district,
            },
          ],
          at,
        );
      }
      await repo.insertJournal(
        trx,
        pledges.flatMap((p) => [
          ledgerLine('release', 'escrow', ref, p.buurt_code, -p.amount_cents, {
            voucherId: p.voucher_id,
            initiativeId: id,
          }),
          ledgerLine('release', 'vouchers', ref, p.buurt_code, p.amount_cents, {
            voucherId: p.voucher_id,
            initiativeId: id,
          }),
        ]),
        at,
      );
      if (support.stage === 'open_for_support') {
        await ctx.moveInitiative(
          trx,
          id,
          'not_funded',
          'De einddatum is voorbij voordat het doel bereikt was',
        );
      }
      released += pledges.length;
    });
  }
  return released;
}

/** The matched cents of these pledges per rule, in rule order (the order rules are locked in). */
function matchedPerRule(pledges: readonly repo.ActivePledgeRow[]): { ruleId: string; cents: number }[] {
  const perRule = new Map<string, number>();
  for (const p of pledges) {
    if (p.match_rule_id !== null && p.matched_cents > 0)
      perRule.set(p.match_rule_id, (perRule.get(p.match_rule_id) ?? 0) + p.matched_cents);
  }
  return [...perRule]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([ruleId, cents]) => ({ ruleId, cents }));
}

/** The id of an initiative by its reference (INI-2026-0042), whether or not it has a goal yet. */
export async function findInitiativeByReference(
  db: Queryable,
  reference: string,
): Promise<string | undefined> {
  return repo.findInitiativeIdByReference(db, reference);
}

/** An initiative's support state by reference (the staff desk picks by reference). */
export async function findSupportByReference(
  db: Queryable,
  reference: string,
): Promise<{ initiativeId: string; title: string } | undefined> {
  const row = await repo.findSupportByReference(db, reference);
  return row ? { initiativeId: row.initiative_id, title: row.title } : undefined;
}

export function toSupportSummary(row: repo.SupportSummaryRow, today: string): SupportSummary {
  const state = row.state === 'funded' ? 'funded' : row.state === 'expired' ? 'not_funded' : 'open';
  return {
    goalCents: row.goal_cents,
    givenCents: row.given_cents,
    matchedCents: row.matched_cents,
    households: row.households,
    deadline: row.deadline,
    state,
    acceptsPledges:
      state === 'open' &&
      row.stage === 'open_for_support' &&
      row.deadline >= today &&
      !reachesGoal(row.given_cents, row.goal_cents),
    endedOn: state !== 'open' && row.settled_at ? amsterdamDate(row.settled_at) : undefined,
  };
}

/**
 * The household-budget support of these initiatives, by id (the port `InitiativeSupport` that
 * initiatives shows): one query for a whole list. Initiatives without a goal have no entry.
 */
export async function summarizeSupport(
  ctx: Pick<BudgetsContext, 'db' | 'now'>,
  initiativeIds: readonly string[],
): Promise<Map<string, SupportSummary>> {
  const ids = [...new Set(initiativeIds)].filter(isUuid);
  const rows = await repo.findSupportSummaries(ctx.db, ids);
  const day = amsterdamDate(ctx.now());
  return new Map(rows.map((r) => [r.initiative_id, toSupportSummary(r, day)]));
}

/**
 * The initiative a household came to give to (the initiative page's give link), for its code:
 * the option to confirm, or why this code cannot give to it (outside its buurt or wijk, or no
 * longer open). Undefined for an unknown reference, an initiative without a support goal, or a
 * code that cannot give now at all (given already, or the year not open): its state says why.
 */
export async function supportChosenByLink(
  ctx: Pick<BudgetsContext, 'db' | 'now'>,
  lookup: VoucherLookup,
  reference: string,
): Promise<
  | { option: SupportOption }
  | { refused: 'outside_scope' | 'not_open'; title: string; scope: BudgetScope }
  | undefined
> {
  const mayGive = (lookup.state === 'unused' || lookup.state === 'released') && lookup.yearOpen;
  const row = mayGive ? await repo.findSupportByReference(ctx.db, reference) : undefined;
  if (!row) return undefined;
  const option = lookup.options.find((o) => o.initiativeId === row.initiative_id);
  if (option) return { option };
  const open =
    row.state === 'open' &&
    row.stage === 'open_for_support' &&
    row.deadline >= amsterdamDate(ctx.now()) &&
    !reachesGoal(row.pledged_cents, row.goal_cents);
  return { refused: open ? 'outside_scope' : 'not_open', title: row.title, scope: lookup.scope };
}
