// What every use case of the household budget works with: the context (the database, the
// ports to other modules, the command step) and the small helpers the use cases share.

import type { Db, Queryable } from '../../db/database.js';
import type { BatchQueue } from '../../shared/batch-queue.js';
import { amsterdamDate } from '../../shared/dates.js';
import type { Acting, CommandRecord, CommandRunner, CommandStep } from '../../access/index.js';
import type * as repo from './budgets.repository.js';

/** A buurt as issuing needs it: its wijk and its number of households (CBS). */
export interface BuurtHouseholds {
  code: string;
  wijkCode: string;
  households: number;
}

/** What the budget needs from other modules (wired in index.ts). */
export interface BudgetsPorts {
  /** The buurten of a gemeente with their households; empty for an unknown gemeente. */
  buurtenOf(municipalityCode: string): Promise<BuurtHouseholds[]>;
  /** The buurt and wijk of a point (WGS84); undefined outside every known buurt. */
  placeOfPoint(
    lat: number,
    lon: number,
  ): Promise<{ buurtCode: string; wijkCode: string; municipalityCode: string } | undefined>;
  /** Moves an initiative as 'system' inside the transaction (the initiatives module). */
  moveInitiative(
    trx: Queryable,
    initiativeId: string,
    to: 'funded' | 'not_funded',
    reason: string,
  ): Promise<void>;
  /** The shared command step: permission, change and audit entry in one transaction. */
  commands: CommandRunner;
  /** The alarm on guessing: a warning in the process log. */
  warn(details: Record<string, unknown>, message: string): void;
}

/** Everything a use case needs, passed explicitly. */
export interface BudgetsContext extends BudgetsPorts {
  db: Db;
  /** HMAC key of the codes (derived from SECRET_KEY). */
  voucherKey: Buffer;
  now: () => Date;
  /** Failed code look-ups per 10 minutes (all processes) that raise the alarm. */
  failedLookupAlarm: number;
  /** The group commit of pledges (see `sendPledgeBatch`). */
  pledges: BatchQueue<QueuedPledge, repo.PledgeOutcomeRow>;
}

export function ledgerLine(
  kind: repo.LedgerLine['kind'],
  account: repo.LedgerLine['account'],
  year: { municipalityCode: string; year: number },
  buurtCode: string | null,
  amountCents: number,
  ids: { voucherId?: number; initiativeId?: string } = {},
): repo.LedgerLine {
  return {
    kind,
    account,
    municipalityCode: year.municipalityCode,
    year: year.year,
    buurtCode,
    voucherId: ids.voucherId ?? null,
    initiativeId: ids.initiativeId ?? null,
    amountCents,
  };
}

export function todayOf(ctx: Pick<BudgetsContext, 'now'>): string {
  return amsterdamDate(ctx.now());
}

/** A pledge as it waits for its batch. */
export type QueuedPledge = Omit<repo.PledgeItem, 'receipt'>;

/**
 * Runs a command on the context's database: a test may give the context another process's
 * connection (`db`), and the command's transaction is opened there.
 */
export function runCommand<T>(
  ctx: BudgetsContext,
  acting: Acting,
  action: string,
  body: (step: CommandStep) => Promise<T>,
): Promise<T> {
  return ctx.commands.run(acting, action, body, { trx: ctx.db });
}

/** The audit record of a change to one gemeente's budget year. */
export function yearRecord(
  year: { municipalityCode: string; year: number },
  details: CommandRecord['details'],
): CommandRecord {
  return {
    subject: { type: 'budget_year', id: `${year.municipalityCode}/${year.year}` },
    municipalityCodes: [year.municipalityCode],
    details,
  };
}

export function isUuid(value: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
}

export function pgCode(error: unknown): string | undefined {
  if (error === null || typeof error !== 'object') return undefined;
  const code: unknown = Reflect.get(error, 'code');
  return typeof code === 'string' ? code : undefined;
}

/** Vouchers made per statement: large enough for speed, small enough for PGlite's memory. */
export const ISSUE_BATCH = 10_000;
