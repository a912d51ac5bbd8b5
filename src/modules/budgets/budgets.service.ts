import type { Db, Queryable } from '../../db/database.js';
import type { BatchQueue } from '../../shared/batch-queue.js';
import { amsterdamDate } from '../../shared/dates.js';
import { formatEuros } from '../../shared/money.js';
import {
  ConflictError,
  DomainError,
  NotFoundError,
  UnprocessableError,
  ValidationError,
} from '../../shared/errors.js';
import type { SupportSummary } from '../initiatives/index.js';
import {
  SYSTEM_ACTING,
  type Acting,
  type CommandRecord,
  type CommandRunner,
  type CommandStep,
} from '../../access/index.js';
import {
  checkBudgetYearTerms,
  isYearOpen,
  reachesGoal,
  voucherState,
  type BudgetScope,
  type PledgeChannel,
  type PledgeStatus,
  type VoucherState,
} from './budget.js';
import { budgetsPermissions } from './budgets.permissions.js';
import { parseRegister, type RegisterProblem } from './household-register.js';
import * as repo from './budgets.repository.js';
import * as matchRepo from './match-funding.repository.js';
import {
  checkCode,
  generateCode,
  generateReceipt,
  hashCode,
  unprintedCodeHash,
  type CodeCheck,
} from './voucher-code.js';

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

// ---- budget years ----

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

// ---- vouchers ----

/** Vouchers made per statement: large enough for speed, small enough for PGlite's memory. */
const ISSUE_BATCH = 10_000;

export interface IssueResult {
  issued: number;
  buurten: number;
  alreadyIssued: number;
}

/**
 * Issues vouchers: one per registered household when a household register was imported (the
 * letters then carry the address), otherwise anonymous ones, for each buurt as many as CBS
 * counts households; either way minus those already issued (so a second run only tops up). They
 * have no code yet (a random stored hash that no code matches): `printLetters` gives each voucher
 * its printed code. The run is one transaction: each batch of vouchers is written with the
 * journal that moves its money from the gemeente's pool to the vouchers, and a run that fails
 * leaves nothing behind.
 */
export async function issueVouchers(
  ctx: BudgetsContext,
  acting: Acting,
  input: { municipalityCode: string; year: number; onProgress?: (done: number, total: number) => void },
): Promise<IssueResult> {
  // Places first: on PGlite the transaction below holds the only connection.
  const buurten = await ctx.buurtenOf(input.municipalityCode);
  // One transaction under the year's row lock: two runs for one year (the page and the command
  // line, a second click) go one after another, and the second finds only what is still
  // missing; a close-year waits for the run or the run finds the year closed. Pledges are not
  // held up: their foreign key to the year takes only KEY SHARE.
  const result = await runCommand(ctx, acting, 'budgets.vouchers.issued', async (step) => {
    step.authorize(budgetsPermissions['budgets.administer'], input.municipalityCode);
    const { trx } = step;
    const year = await repo.lockBudgetYear(trx, input.municipalityCode, input.year);
    if (!year) throw new NotFoundError('budgets.errors.noYear', { year: String(input.year) });
    if (year.closed_at) throw new ConflictError('budgets.errors.yearClosed');
    const existing = await repo.countVouchersByBuurt(trx, input.municipalityCode, input.year);
    const todo: { buurtCode: string; wijkCode: string; householdId: number | null }[] = [];
    let alreadyIssued = [...existing.values()].reduce((n, v) => n + v, 0);
    if ((await repo.countHouseholds(trx, input.municipalityCode)) > 0) {
      // A register was imported: one voucher per registered household, with its address.
      const wijkOf = new Map(buurten.map((b) => [b.code, b.wijkCode]));
      for (const h of await repo.findHouseholdsWithoutVoucher(trx, input.municipalityCode, input.year)) {
        todo.push({ buurtCode: h.buurt_code, wijkCode: wijkOf.get(h.buurt_code) ?? '', householdId: h.id });
      }
    } else {
      alreadyIssued = 0;
      for (const b of buurten) {
        const have = existing.get(b.code) ?? 0;
        alreadyIssued += have;
        for (let i = have; i < b.households; i++)
          todo.push({ buurtCode: b.code, wijkCode: b.wijkCode, householdId: null });
      }
    }
    const at = ctx.now();
    for (let start = 0; start < todo.length; start += ISSUE_BATCH) {
      const batch = todo.slice(start, start + ISSUE_BATCH);
      // No code yet: the voucher gets its printed code with its letter.
      await repo.insertVouchers(
        trx,
        { municipalityCode: input.municipalityCode, year: input.year, amountCents: year.amount_cents },
        batch.map((b) => ({ ...b, hash: unprintedCodeHash() })),
      );
      const byBuurt = new Map<string, number>();
      for (const b of batch) byBuurt.set(b.buurtCode, (byBuurt.get(b.buurtCode) ?? 0) + 1);
      await repo.insertJournal(
        trx,
        [...byBuurt].flatMap(([buurtCode, n]) => [
          line('issue', 'pool', input, buurtCode, -n * year.amount_cents),
          line('issue', 'vouchers', input, buurtCode, n * year.amount_cents),
        ]),
        at,
      );
      input.onProgress?.(Math.min(start + ISSUE_BATCH, todo.length), todo.length);
    }
    step.record(yearRecord(input, { issued: todo.length, alreadyIssued }));
    return { issued: todo.length, buurten: buurten.length, alreadyIssued };
  });
  // Each batch added a row per buurt to the figures' rollup: folded at once into one per buurt.
  await repo.foldBudgetFigures(ctx.db, input);
  return result;
}

function line(
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

/** One letter's worth: the plain code exists only here, on its way to the printer. */
export interface LetterCode {
  voucherId: number;
  buurtCode: string;
  code: string;
  address: { street: string; postcode: string; houseNumber: string; city: string } | null;
}

/**
 * Gives vouchers new codes for their letters, batch by batch, and yields them for printing.
 * Without `reprint`, only vouchers without a printed letter or whose letter has a code of the
 * old format (`oldFormatOnly`: only those); with it, every voucher of the year: the old codes
 * stop working when the batch commits. Only the hash is stored, so a code lost
 * before it is printed can only be replaced, never recovered. The vouchers count as printed
 * only once the caller has them in a complete file and calls `markLettersPrinted`; until then a
 * later run gives them new codes again.
 */
export async function* issueLetterCodes(
  ctx: BudgetsContext,
  input: repo.LetterFilter & { batchSize?: number },
): AsyncGenerator<LetterCode[]> {
  const limit = input.batchSize ?? 2000;
  let afterId = 0;
  for (;;) {
    const rows = await repo.findVouchersToPrint(ctx.db, { ...input, afterId, limit });
    if (rows.length === 0) return;
    const letters = rows.map((r) => ({
      voucherId: r.id,
      buurtCode: r.buurt_code,
      code: generateCode(),
      address:
        r.address !== null && r.postcode !== null && r.house_number !== null
          ? { street: r.address, postcode: r.postcode, houseNumber: r.house_number, city: r.city ?? '' }
          : null,
    }));
    await repo.replaceCodeHashes(
      ctx.db,
      letters.map((l) => ({ id: l.voucherId, hash: hashCode(ctx.voucherKey, l.code) })),
    );
    afterId = rows[rows.length - 1]?.id ?? afterId;
    yield letters;
  }
}

/**
 * Marks the vouchers of a run printed (their codes from `issueLetterCodes` are in a complete
 * file), given by batch, in one statement that locks them in hash order as pledges and
 * close-year do, in one transaction. `beforeCommit` runs last inside it: a file renamed
 * into place there appears exactly when its vouchers count as printed, and if it throws none do.
 */
export async function markLettersPrinted(
  ctx: BudgetsContext,
  batches: readonly (readonly number[])[],
  beforeCommit?: () => Promise<void>,
): Promise<void> {
  const at = ctx.now();
  await ctx.db.transaction().execute(async (trx) => {
    await repo.markVouchersPrinted(trx, batches.flat(), at);
    await beforeCommit?.();
  });
}

/** How many letters a run would print (see `issueLetterCodes`). */
export function countLetters(ctx: BudgetsContext, input: repo.LetterFilter): Promise<number> {
  return repo.countVouchersToPrint(ctx.db, input);
}

// ---- the household register ----

/** The register was refused: every bad row by line; nothing was imported. */
export class HouseholdImportError extends Error {
  constructor(readonly problems: readonly RegisterProblem[]) {
    const shown = problems.slice(0, 20).map((p) => `  line ${p.line}: ${p.what}`);
    const more = problems.length > 20 ? [`  … and ${problems.length - 20} more`] : [];
    super(['The household register was not imported:', ...shown, ...more].join('\n'));
    this.name = 'HouseholdImportError';
  }
}

/**
 * Imports a household register (CSV, see `parseRegister`): every row is checked first — its
 * buurt must lie in the gemeente, a position must fall in one of its buurten — and any bad row
 * stops the whole import, reported by line. Then all rows are written in one transaction.
 */
export async function importHouseholds(
  ctx: BudgetsContext,
  input: { municipalityCode: string; text: string },
): Promise<{ households: number }> {
  const { rows, problems } = parseRegister(input.text);
  const buurten = new Set((await ctx.buurtenOf(input.municipalityCode)).map((b) => b.code));
  const resolved: {
    street: string;
    postcode: string;
    houseNumber: string;
    city: string;
    buurtCode: string;
  }[] = [];
  for (const row of rows) {
    let buurtCode = row.buurtCode;
    if (!buurtCode && row.point)
      buurtCode = (await ctx.placeOfPoint(row.point.lat, row.point.lon))?.buurtCode;
    if (!buurtCode || !buurten.has(buurtCode)) {
      problems.push({
        line: row.line,
        what: row.buurtCode
          ? `buurt ${row.buurtCode} is not a buurt of ${input.municipalityCode}`
          : `the position lies in no buurt of ${input.municipalityCode}`,
      });
      continue;
    }
    resolved.push({ ...row, buurtCode });
  }
  if (problems.length > 0) throw new HouseholdImportError(problems.sort((a, b) => a.line - b.line));
  await ctx.db.transaction().execute(async (trx) => {
    for (let start = 0; start < resolved.length; start += ISSUE_BATCH) {
      await repo.upsertHouseholds(trx, input.municipalityCode, resolved.slice(start, start + ISSUE_BATCH));
    }
  });
  return { households: resolved.length };
}

// ---- looking up a code ----

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
async function noteFailedLookup(ctx: BudgetsContext): Promise<void> {
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

function toReceipt(p: repo.PledgeRow): Receipt {
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

function today(ctx: BudgetsContext): string {
  return amsterdamDate(ctx.now());
}

async function optionsFor(ctx: BudgetsContext, db: Queryable, v: repo.VoucherRow): Promise<SupportOption[]> {
  const rows = await repo.findOpenSupport(db, {
    municipalityCode: v.municipality_code,
    year: v.year,
    today: today(ctx),
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
    today(ctx),
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

// ---- pledging ----

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

/** A pledge as it waits for its batch. */
export type QueuedPledge = Omit<repo.PledgeItem, 'receipt'>;

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

// ---- support goals and deadlines ----

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
  const ids = await repo.findExpiredSupport(ctx.db, today(ctx));
  let released = 0;
  for (const id of ids) {
    await ctx.db.transaction().execute(async (trx) => {
      const state = await repo.lockSupportState(trx, id);
      // Read after the lock, with a fresh snapshot: every pledge committed before it is seen.
      const support = await repo.findSupport(trx, id);
      if (state !== 'open' || !support || support.deadline >= today(ctx)) return;
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
            { ...line('match_release', 'escrow', ref, null, -m.cents, { initiativeId: id }), ...district },
            {
              ...line('match_release', 'district_granted', ref, null, m.cents, { initiativeId: id }),
              ...district,
            },
          ],
          at,
        );
      }
      await repo.insertJournal(
        trx,
        pledges.flatMap((p) => [
          line('release', 'escrow', ref, p.buurt_code, -p.amount_cents, {
            voucherId: p.voucher_id,
            initiativeId: id,
          }),
          line('release', 'vouchers', ref, p.buurt_code, p.amount_cents, {
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

// ---- the year's end ----

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
        line('lapse', 'vouchers', input, b.buurt_code, -b.cents),
        line('lapse', 'lapsed', input, b.buurt_code, b.cents),
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

/** A receipt by its number (the receipt page); NotFoundError when unknown. */
export async function getReceipt(db: Queryable, receipt: string): Promise<Receipt> {
  const row = await repo.findPledgeByReceipt(db, receipt);
  if (!row) throw new NotFoundError('budgets.errors.receiptNotFound');
  return toReceipt(row);
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

// ---- support as initiatives and place pages show it ----

function toSupportSummary(row: repo.SupportSummaryRow, today: string): SupportSummary {
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

// ---- helpers ----

/**
 * Runs a command on the context's database: a test may give the context another process's
 * connection (`db`), and the command's transaction is opened there.
 */
function runCommand<T>(
  ctx: BudgetsContext,
  acting: Acting,
  action: string,
  body: (step: CommandStep) => Promise<T>,
): Promise<T> {
  return ctx.commands.run(acting, action, body, { trx: ctx.db });
}

/** The audit record of a change to one gemeente's budget year. */
function yearRecord(
  year: { municipalityCode: string; year: number },
  details: CommandRecord['details'],
): CommandRecord {
  return {
    subject: { type: 'budget_year', id: `${year.municipalityCode}/${year.year}` },
    municipalityCodes: [year.municipalityCode],
    details,
  };
}

function isUuid(value: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
}

function pgCode(error: unknown): string | undefined {
  if (error === null || typeof error !== 'object') return undefined;
  const code: unknown = Reflect.get(error, 'code');
  return typeof code === 'string' ? code : undefined;
}

// ---- the administrators' overview (appended) ----

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
  return repo.existsOpenBudgetYear(ctx.db, today(ctx));
}

/** Every gemeente and year with a household budget: each has a figures file. */
export async function listYearsWithFigures(
  ctx: BudgetsContext,
): Promise<{ municipalityCode: string; year: number }[]> {
  const rows = await repo.findAllBudgetYears(ctx.db);
  return rows.map((r) => ({ municipalityCode: r.municipality_code, year: r.year }));
}
