// Pledging: a household gives its budget, exactly once (the database decides, in batches).

import type { Queryable } from '../../db/database.js';
import { amsterdamDate } from '../../shared/dates.js';
import { ConflictError, UnprocessableError } from '../../shared/errors.js';
import type { Acting } from '../../access/index.js';
import type { PledgeChannel } from './budget.js';
import { budgetsPermissions } from './budgets.permissions.js';
import * as repo from './budgets.repository.js';
import { checkCode, generateReceipt, hashCode } from './voucher-code.js';
import { isUuid, pgCode, runCommand, type BudgetsContext, type QueuedPledge } from './budgets.context.js';
import { CodeFormatError, noteFailedLookup, UnknownCodeError, type Receipt } from './codes.service.js';

export interface PledgeInput {
  code: string;
  initiativeId: string;
  channel: PledgeChannel;
}

export interface PledgeResult {
  receipt: Receipt;
  /** False when this was a repeat of a pledge already made (a double click, a retry). */
  created: boolean;
  /** Whether this pledge made the initiative reach its goal. */
  funded: boolean;
}

/** 409 that names the pledge already made with this code. */
export class AlreadyPledgedError extends ConflictError {
  constructor(readonly existing: Receipt) {
    super('budgets.errors.alreadyPledged', { receipt: existing.receipt, title: existing.initiativeTitle });
  }
}

/**
 * A household gives its whole amount to one initiative: exactly once. The database decides, in
 * `budget_pledge_batch` (migration 0007): it locks the voucher, so every attempt with one code —
 * from any process — runs one after another, checks the year, the initiative and the scope,
 * adds to the goal's running total under the goal's row lock, and writes the pledge with its
 * journal; a partial unique index (one active or funded pledge per voucher) backs the lock up.
 * Pledges arriving together share one call (`ctx.pledges`, group commit). The same choice made
 * again returns the same receipt; another choice is refused naming the receipt. The pledge that
 * reaches the goal runs alone, in a transaction that also moves the initiative to funded; so do
 * pledges recorded by staff at the service desk (`staff`: checked and audited).
 */
export async function pledgeHouseholdBudget(
  ctx: BudgetsContext,
  input: PledgeInput,
  /** Staff at the service desk, recording a household's pledge on its behalf. */
  desk?: Acting,
): Promise<PledgeResult> {
  const checked = checkCode(input.code);
  if (!checked.ok) throw new CodeFormatError(checked);
  const item: QueuedPledge = {
    codeHash: hashCode(ctx.voucherKey, checked.code),
    initiativeId: isUuid(input.initiativeId) ? input.initiativeId.toLowerCase() : null,
    channel: input.channel,
  };
  let mayFund = false;
  for (let attempt = 0; ; attempt++) {
    let row: repo.PledgeOutcomeRow;
    try {
      row = desk
        ? await pledgeAtDesk(ctx, desk, item)
        : mayFund
          ? await ctx.db.transaction().execute((trx) => pledgeInTransaction(ctx, trx, item, null))
          : await ctx.pledges.submit(item);
    } catch (error) {
      // Deadlocks and serialization failures are retried, as defence in depth.
      const code = pgCode(error);
      if ((code === '40P01' || code === '40001') && attempt < 3) continue;
      throw error;
    }
    // This pledge reaches the goal: again, alone, in a transaction that also funds it.
    if (row.outcome === 'reaches_goal' && !mayFund) {
      mayFund = true;
      continue;
    }
    // A random receipt number that exists already: again with another.
    if (row.outcome === 'receipt_taken' && attempt < 5) continue;
    return pledgeResult(ctx, row);
  }
}

/** Sends a batch of pledges (the group commit of `ctx.pledges`). */
export async function sendPledgeBatch(
  ctx: Pick<BudgetsContext, 'db' | 'now'>,
  items: readonly QueuedPledge[],
): Promise<repo.PledgeOutcomeRow[]> {
  const at = ctx.now();
  const today = amsterdamDate(at);
  const year = Number(today.slice(0, 4));
  // Goals are locked in item order: sorted by initiative, batches never wait on each other in
  // a circle (the vouchers are locked first, in hash order, by the database).
  const order = items
    .map((item, i) => ({ item, i }))
    .sort((x, y) => (x.item.initiativeId ?? '').localeCompare(y.item.initiativeId ?? '') || x.i - y.i);
  const rows = await repo.pledgeBatch(ctx.db, {
    items: order.map(({ item }) => ({ ...item, receipt: generateReceipt(year) })),
    staffAccountId: null,
    today,
    at,
    mayFund: false,
  });
  const answers: repo.PledgeOutcomeRow[] = new Array<repo.PledgeOutcomeRow>(items.length);
  for (const [n, { i }] of order.entries()) {
    const row = rows[n];
    if (row) answers[i] = row;
  }
  return answers;
}

/**
 * A pledge recorded by staff at the service desk, as a command: the database decides it (with
 * funding, as the slow path does), then staff must hold the desk's permission for the voucher's
 * buurt (refusing rolls the pledge back), and a pledge made is audited in its transaction.
 */
function pledgeAtDesk(ctx: BudgetsContext, desk: Acting, item: QueuedPledge): Promise<repo.PledgeOutcomeRow> {
  return runCommand(ctx, desk, 'budgets.pledge.service_desk', async (step) => {
    const { actor } = step.acting;
    const staffAccountId = typeof actor !== 'string' && actor.kind === 'staff' ? actor.accountId : null;
    const row = await pledgeInTransaction(ctx, step.trx, item, staffAccountId, (buurtCode) =>
      buurtCode === null
        ? // The code matched no voucher: nothing changed, and there is no place to check.
          step.authorizeAnywhere(budgetsPermissions['budgets.desk'])
        : step.authorize(budgetsPermissions['budgets.desk'], buurtCode),
    );
    if (row.receipt !== null && (row.outcome === 'created' || row.outcome === 'funded')) {
      step.record({
        subject: { type: 'pledge', id: row.receipt },
        municipalityCodes: row.municipality_code ? [row.municipality_code] : [],
        details: { initiative: row.initiative_reference, amountCents: row.amount_cents },
      });
    } else {
      step.recordNothing('refused or given before: no pledge was made');
    }
    return row;
  });
}

/** The slow path: the pledge that funds an initiative, and every pledge made by staff. */
async function pledgeInTransaction(
  ctx: BudgetsContext,
  trx: Queryable,
  item: QueuedPledge,
  staffAccountId: string | null,
  /** Checks, before the initiative moves, that staff may act for the voucher's buurt. */
  authorize?: (voucherBuurtCode: string | null) => void,
): Promise<repo.PledgeOutcomeRow> {
  const at = ctx.now();
  const today = amsterdamDate(at);
  const [row] = await repo.pledgeBatch(trx, {
    items: [{ ...item, receipt: generateReceipt(Number(today.slice(0, 4))) }],
    staffAccountId,
    today,
    at,
    mayFund: true,
  });
  if (!row) throw new Error('budget_pledge_batch answered no row');
  // Staff may act only for households of their own area; refusing rolls the pledge back.
  authorize?.(row.voucher_buurt_code);
  if (row.outcome === 'funded' && row.initiative_id !== null) {
    await ctx.moveInitiative(
      trx,
      row.initiative_id,
      'funded',
      'Doel bereikt met bijdragen uit het buurtbudget',
    );
  }
  return row;
}

/** What the database answered, as a result or the refusal the resident sees. */
async function pledgeResult(ctx: BudgetsContext, row: repo.PledgeOutcomeRow): Promise<PledgeResult> {
  const receipt = (): Receipt => {
    if (
      row.receipt === null ||
      row.status === null ||
      row.amount_cents === null ||
      row.initiative_id === null ||
      row.channel === null ||
      row.created_at === null
    ) {
      throw new Error(`budget_pledge answered ${row.outcome} without a receipt`);
    }
    return {
      receipt: row.receipt,
      status: row.status,
      amountCents: row.amount_cents,
      initiativeId: row.initiative_id,
      initiativeReference: row.initiative_reference ?? '',
      initiativeTitle: row.initiative_title ?? '',
      channel: row.channel,
      createdAt: row.created_at,
    };
  };
  switch (row.outcome) {
    case 'created':
    case 'funded':
      return { receipt: receipt(), created: true, funded: row.outcome === 'funded' };
    case 'same':
      return { receipt: receipt(), created: false, funded: row.status === 'funded' };
    case 'already':
      throw new AlreadyPledgedError(receipt());
    case 'unknown_code':
      await noteFailedLookup(ctx);
      throw new UnknownCodeError();
    case 'lapsed':
      throw new ConflictError('budgets.errors.lapsed');
    case 'year_not_open':
      throw new UnprocessableError('budgets.errors.yearNotOpen');
    case 'already_funded':
      throw new UnprocessableError('budgets.errors.alreadyFunded', { title: row.initiative_title ?? '' });
    case 'not_in_scope':
      throw new UnprocessableError('budgets.errors.notInScope');
    case 'not_open':
      throw new UnprocessableError('budgets.errors.notOpen');
    case 'reaches_goal':
    case 'receipt_taken':
      throw new Error(`budget_pledge_batch kept answering ${row.outcome}`);
  }
}
