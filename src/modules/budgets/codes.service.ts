// A household's code: what it means now (its voucher, its pledge, where it may give), the
// receipts, and the alarm on guessing.

import type { Queryable } from '../../db/database.js';
import { DomainError, NotFoundError } from '../../shared/errors.js';
import { SYSTEM_ACTING } from '../../access/index.js';
import {
  isYearOpen,
  reachesGoal,
  voucherState,
  type BudgetScope,
  type PledgeChannel,
  type PledgeStatus,
  type VoucherState,
} from './budget.js';
import * as repo from './budgets.repository.js';
import { checkCode, hashCode, type CodeCheck } from './voucher-code.js';
import { runCommand, todayOf, type BudgetsContext } from './budgets.context.js';

/** An initiative a household may give to, as pages and the API show it. */
export interface SupportOption {
  initiativeId: string;
  reference: string;
  title: string;
  summary: string;
  goalCents: number;
  pledgedCents: number;
  deadline: string;
}

export interface Receipt {
  receipt: string;
  status: PledgeStatus;
  amountCents: number;
  initiativeId: string;
  initiativeReference: string;
  initiativeTitle: string;
  channel: PledgeChannel;
  createdAt: Date;
}

export interface VoucherLookup {
  state: VoucherState;
  amountCents: number;
  year: number;
  scope: BudgetScope;
  buurtCode: string;
  wijkCode: string;
  /** The pledge that counts (pledged, funded), or the last released one. */
  pledge: Receipt | undefined;
  /** Where the household may give now: empty unless unused or released in an open year. */
  options: SupportOption[];
  yearOpen: boolean;
}

/** Thrown for a typed code that fails its own check: explained without a database look-up. */
export class CodeFormatError extends DomainError {
  constructor(readonly check: Exclude<CodeCheck, { ok: true }>) {
    super('unprocessable', `budgets.errors.code.${check.reason}`, { character: check.character ?? '' }, [
      {
        field: 'code',
        message: `budgets.errors.code.${check.reason}`,
        params: { character: check.character ?? '' },
      },
    ]);
  }
}

/** A well-formed code that matches no voucher: never issued, or replaced by a reprint. */
export class UnknownCodeError extends DomainError {
  constructor() {
    super('not_found', 'budgets.errors.codeUnknown', {}, [
      { field: 'code', message: 'budgets.errors.codeUnknown' },
    ]);
  }
}

/**
 * Whether a use case failed on a wrong code, as a guess would: unknown (or replaced by a reprint),
 * or a wrong check character. A code of the wrong length or with a character outside the
 * alphabet is a typing error that can never match a voucher, and does not count.
 */
export function isFailedCode(error: unknown): boolean {
  return (
    error instanceof UnknownCodeError || (error instanceof CodeFormatError && error.check.reason === 'check')
  );
}

/** The voucher of a typed code; a miss is counted for the alarm on guessing. */
async function findVoucher(ctx: BudgetsContext, rawCode: string): Promise<repo.VoucherRow> {
  const checked = checkCode(rawCode);
  if (!checked.ok) throw new CodeFormatError(checked);
  const voucher = await repo.findVoucherByHash(ctx.db, hashCode(ctx.voucherKey, checked.code));
  if (!voucher) {
    await noteFailedLookup(ctx);
    throw new UnknownCodeError();
  }
  return voucher;
}

const ALARM_WINDOW_MS = 10 * 60 * 1000;

/**
 * Counts a well-formed code that matches no voucher, across all processes. Someone typing a
 * letter wrong is caught by the check character; well-formed misses in bulk mean guessing, so
 * crossing the threshold is logged and audited once per window.
 */
export async function noteFailedLookup(ctx: BudgetsContext): Promise<void> {
  const now = ctx.now().getTime();
  const windowStart = new Date(Math.floor(now / ALARM_WINDOW_MS) * ALARM_WINDOW_MS);
  // Its own short command, by the system: the caller's transaction may roll back, the count must stay.
  await runCommand(ctx, SYSTEM_ACTING, 'budgets.codes.guessing_alarm', async (step) => {
    // A miss by anyone is counted: the count is the system's, not the one who typed.
    step.openToAnyone();
    const failures = await repo.countFailedLookup(step.trx, windowStart);
    if (failures === ctx.failedLookupAlarm) {
      ctx.warn({ failures, windowStart }, 'household budget: many unknown codes, possible guessing');
      step.record({
        subject: null,
        municipalityCodes: [],
        details: { failures, windowStart: windowStart.toISOString() },
      });
    } else {
      step.recordNothing('below the alarm, a miss is only counted');
    }
  });
}

export function toReceipt(p: repo.PledgeRow): Receipt {
  return {
    receipt: p.receipt,
    status: p.status,
    amountCents: p.amount_cents,
    initiativeId: p.initiative_id,
    initiativeReference: p.initiative_reference,
    initiativeTitle: p.initiative_title,
    channel: p.channel,
    createdAt: p.created_at,
  };
}

function toOption(s: repo.SupportRow): SupportOption {
  return {
    initiativeId: s.initiative_id,
    reference: s.reference,
    title: s.title,
    summary: s.summary,
    goalCents: s.goal_cents,
    pledgedCents: s.pledged_cents,
    deadline: s.deadline,
  };
}

async function optionsFor(ctx: BudgetsContext, db: Queryable, v: repo.VoucherRow): Promise<SupportOption[]> {
  const rows = await repo.findOpenSupport(db, {
    municipalityCode: v.municipality_code,
    year: v.year,
    today: todayOf(ctx),
    ...(v.scope === 'buurt' ? { buurtCode: v.buurt_code } : { wijkCode: v.wijk_code }),
  });
  return rows.filter((r) => !reachesGoal(r.pledged_cents, r.goal_cents)).map(toOption);
}

/** What a code means now, and where the household may give. */
export async function lookupVoucher(ctx: BudgetsContext, rawCode: string): Promise<VoucherLookup> {
  const v = await findVoucher(ctx, rawCode);
  const pledges = await repo.findPledgesOfVoucher(ctx.db, v.id);
  const state = voucherState(v.lapsed_at !== null, pledges);
  const yearOpen = isYearOpen(
    { opensOn: v.opens_on, closesOn: v.closes_on, closed: v.closed_at !== null },
    todayOf(ctx),
  );
  const counting = pledges.find((p) => p.status !== 'released') ?? pledges[0];
  const options =
    (state === 'unused' || state === 'released') && yearOpen ? await optionsFor(ctx, ctx.db, v) : [];
  return {
    state,
    amountCents: v.amount_cents,
    year: v.year,
    scope: v.scope,
    buurtCode: v.buurt_code,
    wijkCode: v.wijk_code,
    pledge: counting ? toReceipt(counting) : undefined,
    options,
    yearOpen,
  };
}

/** A receipt by its number (the receipt page); NotFoundError when unknown. */
export async function getReceipt(db: Queryable, receipt: string): Promise<Receipt> {
  const row = await repo.findPledgeByReceipt(db, receipt);
  if (!row) throw new NotFoundError('budgets.errors.receiptNotFound');
  return toReceipt(row);
}
