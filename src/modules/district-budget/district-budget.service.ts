import {
  allows,
  auditActorOf,
  scopesOf,
  type Acting,
  type Actor,
  type CommandRunner,
  type CommandStep,
} from '../../access/index.js';
import type { Queryable } from '../../db/database.js';
import type { Clock } from '../../shared/clock.js';
import { addDays, amsterdamDate, type IsoDate } from '../../shared/dates.js';
import {
  ConflictError,
  ForbiddenError,
  NotFoundError,
  ValidationError,
  type FieldIssue,
} from '../../shared/errors.js';
import { levelOfCode, municipalityCodeOf } from '../../shared/place-codes.js';
import type { JournalLine, Ledger, LedgerSum } from '../budgets/index.js';
import type { InitiativeBrief } from '../initiatives/index.js';
import {
  approvalContentHash,
  approvalReasonsOf,
  approverRefusal,
  CHANGEABLE_STATUSES,
  closePlan,
  COUNTING_STATUSES,
  decisionReference,
  isValidIban,
  lateInYearFlag,
  MAX_CARRY_OVER_YEARS,
  NO_MONEY,
  normaliseIban,
  objectionDeadline,
  publicReference,
  purposeKey,
  recipientKey,
  statusAfterMovement,
  sumKeysOf,
  sumWindowStart,
  type ApprovalReason,
  type ApprovalStatus,
  type DecisionKind,
  type DecisionMoney,
  type DecisionStatus,
  type RecipientKind,
} from './district-budget.js';
import { districtBudgetPermissions as rules } from './district-budget.permissions.js';
import * as repo from './district-budget.repository.js';

// --- ports ------------------------------------------------------------------------------------

/**
 * Budgets' match funding, as the district budget needs it when a top-up takes effect or ends.
 * Declared here (the district budget calls it); the lead wires it to `BudgetsModule.matchFunding`
 * in `createModules`. Both run in the caller's transaction.
 */
export interface MatchFundingPort {
  /**
   * Starts matching household pledges in a wijk's year with the top-up's granted money: `ratio`
   * district cents per household cent, at most `capPerInitiativeCents` per initiative (null: no
   * cap of its own) and `capCents` in all (the decision's amount). The ledger reference is the
   * decision's (`decision:<id>`): each match moves district_granted → escrow under it.
   */
  startRule(
    trx: Queryable,
    rule: {
      reference: string;
      municipalityCode: string;
      wijkCode: string;
      year: number;
      initiativeId: string | null;
      numerator: number;
      denominator: number;
      capPerInitiativeCents: number | null;
      capCents: number;
    },
  ): Promise<void>;
  /** Stops the rule: no more matching; what was matched stays with the pledges. */
  endRule(trx: Queryable, rule: { reference: string; wijkCode: string; year: number }): Promise<void>;
}

/** What the service needs of other modules and the house. */
export interface DistrictContext {
  db: Queryable;
  commands: CommandRunner;
  clock: Clock;
  ledger: Ledger;
  places: {
    lookupPoint(lat: number, lon: number): Promise<{ buurt: { code: string }; wijk: { code: string } }>;
    /** A place by its code; NotFoundError when there is none. */
    getPlaceDetail(code: string): Promise<{ level: string }>;
  };
  initiatives: { briefOf(db: Queryable, idOrReference: string): Promise<InitiativeBrief | undefined> };
  /** Budgets' match funding; undefined until it is wired (a top-up is refused then). */
  matchFunding: () => MatchFundingPort | undefined;
}

// --- domain types the pages and other modules see -----------------------------------------------

export interface Settings {
  municipalityCode: string;
  carryOverYears: number;
  lateSharePercent: number;
  approvalDays: number;
}

export const DEFAULT_SETTINGS: Omit<Settings, 'municipalityCode'> = Object.freeze({
  carryOverYears: 1,
  lateSharePercent: 25,
  approvalDays: 30,
});

/** What a decision is, as staff enter it. Amounts in cents; the schema has parsed the form. */
export interface DecisionInput {
  kind: DecisionKind;
  wijkCode: string;
  /** The budget year; the current year (Amsterdam) when left out. */
  year?: number | undefined;
  title: string;
  purpose: string;
  reason: string;
  recipientKind: RecipientKind;
  recipient: string;
  amountCents: number;
  iban?: string | null | undefined;
  accountHolder?: string | null | undefined;
  /** An initiative's id or reference (INI-2026-0042): required for a grant. */
  initiative?: string | null | undefined;
  /** A maintenance order's place: a point (lat, lon) or a buurt code. */
  lat?: number | null | undefined;
  lon?: number | null | undefined;
  buurtCode?: string | null | undefined;
  reportId?: string | null | undefined;
  arrangementId?: string | null | undefined;
  arrangementReference?: string | null | undefined;
  /** A top-up's ratio: `numerator` district cents per `denominator` household cents. */
  matchNumerator?: number | null | undefined;
  matchDenominator?: number | null | undefined;
  matchCapPerInitiativeCents?: number | null | undefined;
  spendBy?: IsoDate | null | undefined;
  conflictOfInterest?: boolean | undefined;
  conflictNote?: string | null | undefined;
}

/** What a change may touch. Amount, recipient, payment details or purpose void an approval. */
export interface DecisionChangeInput {
  title?: string | undefined;
  purpose?: string | undefined;
  reason?: string | undefined;
  recipientKind?: RecipientKind | undefined;
  recipient?: string | undefined;
  amountCents?: number | undefined;
  iban?: string | null | undefined;
  accountHolder?: string | null | undefined;
  spendBy?: IsoDate | null | undefined;
  conflictOfInterest?: boolean | undefined;
  conflictNote?: string | null | undefined;
  /** Why it changes: kept with the decision's steps. */
  note: string;
}

export interface RelatedDecision {
  id: string;
  reference: string;
  title: string;
  wijkCode: string;
  amountCents: number;
  status: DecisionStatus;
  decidedAt: Date;
  /** What makes it related. */
  sameRecipient: boolean;
  samePaymentDetails: boolean;
  sameInitiative: boolean;
  samePurpose: boolean;
}

export interface Decision {
  id: string;
  reference: string;
  municipalityCode: string;
  wijkCode: string;
  year: number;
  kind: DecisionKind;
  title: string;
  purpose: string;
  reason: string;
  recipientKind: RecipientKind;
  recipient: string;
  amountCents: number;
  initiativeId: string | null;
  buurtCode: string | null;
  lat: number | null;
  lon: number | null;
  reportId: string | null;
  arrangementId: string | null;
  arrangementReference: string | null;
  match: { numerator: number; denominator: number; capPerInitiativeCents: number | null } | null;
  spendBy: IsoDate | null;
  decidedByAccountId: string | null;
  decidedBy: string;
  decidedAt: Date;
  conflictOfInterest: boolean;
  conflictNote: string | null;
  approvalReasons: ApprovalReason[];
  status: DecisionStatus;
  statusAt: Date;
  /** The day the decision was made known (took effect, or was refused): the objection period starts. */
  madeKnownOn: IsoDate | null;
  /** The last day for an objection (bezwaar) to the college van B&W: six weeks after it was made known. */
  objectionDeadline: IsoDate | null;
  version: number;
}

export interface Approval {
  id: string;
  status: ApprovalStatus;
  decisionVersion: number;
  contentHash: string;
  requestedAt: Date;
  expiresAt: Date;
  approverAccountId: string | null;
  approver: string | null;
  answeredAt: Date | null;
  note: string | null;
  voidReason: string | null;
}

export interface DecisionStep {
  at: Date;
  action: string;
  fromStatus: DecisionStatus | null;
  toStatus: DecisionStatus;
  amountCents: number | null;
  actor: string;
  note: string | null;
}

/** Everything staff see of one decision. */
export interface DecisionDetail {
  decision: Decision;
  /** The payment details, for staff who decide or approve (never public). */
  payment: { iban: string; accountHolder: string } | null;
  money: DecisionMoney;
  approvals: Approval[];
  steps: DecisionStep[];
  related: RelatedDecision[];
  relatedCents: number;
}

/** A wijk's year in figures (cents), from the ledger. */
export interface WijkFigures {
  wijkCode: string;
  municipalityCode: string;
  year: number;
  closed: boolean;
  allocatedCents: number;
  carriedInCents: number;
  /** What decisions granted (net of grants undone by a change). */
  grantedCents: number;
  committedCents: number;
  paidCents: number;
  returnedCents: number;
  matchedCents: number;
  lapsedCents: number;
  carriedOutCents: number;
  /** Still on the wijk's budget: not granted. */
  remainingCents: number;
  /** Decided, waiting for a second approval: not yet moved, but held. */
  awaitingCents: number;
  late: { lateCents: number; totalCents: number; flagged: boolean; sharePercent: number };
}

// --- helpers ----------------------------------------------------------------------------------

const CHANGE_NOTE_MAX = 1000;

function whoActs(acting: Acting): { accountId: string | null; label: string } {
  const actor = acting.actor;
  if (typeof actor === 'string') return { accountId: null, label: auditActorOf(actor).label };
  if (actor.kind === 'staff') return { accountId: actor.accountId, label: actor.displayName };
  return { accountId: null, label: auditActorOf(actor).label };
}

function toDecision(row: repo.DecisionRow): Decision {
  return {
    id: row.id,
    reference: row.reference,
    municipalityCode: row.municipality_code,
    wijkCode: row.wijk_code,
    year: row.year,
    kind: row.kind,
    title: row.title,
    purpose: row.purpose,
    reason: row.reason,
    recipientKind: row.recipient_kind,
    recipient: row.recipient,
    amountCents: row.amount_cents,
    initiativeId: row.initiative_id,
    buurtCode: row.buurt_code,
    lat: row.lat,
    lon: row.lon,
    reportId: row.report_id,
    arrangementId: row.arrangement_id,
    arrangementReference: row.arrangement_reference,
    match:
      row.match_numerator !== null && row.match_denominator !== null
        ? {
            numerator: row.match_numerator,
            denominator: row.match_denominator,
            capPerInitiativeCents: row.match_cap_initiative_cents,
          }
        : null,
    spendBy: row.spend_by,
    decidedByAccountId: row.decided_by_account_id,
    decidedBy: row.decided_by_label,
    decidedAt: row.decided_at,
    conflictOfInterest: row.conflict_of_interest,
    conflictNote: row.conflict_note,
    approvalReasons: row.approval_reasons,
    status: row.status,
    statusAt: row.status_at,
    madeKnownOn: row.made_known_on,
    objectionDeadline: row.made_known_on ? objectionDeadline(row.made_known_on) : null,
    version: row.version,
  };
}

function toApproval(row: repo.ApprovalRow): Approval {
  return {
    id: row.id,
    status: row.status,
    decisionVersion: row.decision_version,
    contentHash: row.content_hash,
    requestedAt: row.requested_at,
    expiresAt: row.expires_at,
    approverAccountId: row.approver_account_id,
    approver: row.approver_label,
    answeredAt: row.answered_at,
    note: row.note,
    voidReason: row.void_reason,
  };
}

function toRelated(row: repo.RelatedRow): RelatedDecision {
  return {
    id: row.id,
    reference: row.reference,
    title: row.title,
    wijkCode: row.wijk_code,
    amountCents: row.amount_cents,
    status: row.status,
    decidedAt: row.decided_at,
    sameRecipient: row.same_recipient,
    samePaymentDetails: row.same_iban,
    sameInitiative: row.same_initiative,
    samePurpose: row.same_purpose,
  };
}

/** A decision's money by account, from the ledger lines carrying its reference. */
export function moneyFromSums(sums: readonly LedgerSum[]): DecisionMoney {
  const money = { ...NO_MONEY };
  for (const s of sums) {
    if (s.account === 'district_granted') {
      money.grantedCents += s.cents;
      if (s.kind === 'match' || s.kind === 'match_release') money.matchedCents -= s.cents;
    } else if (s.account === 'district_committed') money.committedCents += s.cents;
    else if (s.account === 'district_paid') money.paidCents += s.cents;
    else if (s.account === 'district_budget' && s.kind === 'return') money.returnedCents += s.cents;
  }
  return money;
}

async function moneyOf(
  ctx: DistrictContext,
  db: Queryable,
  ids: readonly string[],
): Promise<Map<string, DecisionMoney>> {
  const sums = await ctx.ledger.sumByReferences(db, ids.map(decisionReference));
  const byRef = new Map<string, LedgerSum[]>();
  for (const s of sums) {
    if (s.reference === null) continue;
    const list = byRef.get(s.reference) ?? [];
    list.push(s);
    byRef.set(s.reference, list);
  }
  return new Map(ids.map((id) => [id, moneyFromSums(byRef.get(decisionReference(id)) ?? [])]));
}

/** What the wijk has on its budget account in a year, not yet granted. */
async function budgetBalance(
  ctx: DistrictContext,
  db: Queryable,
  wijkCode: string,
  year: number,
): Promise<number> {
  const sums = await ctx.ledger.sumByWijken(db, [wijkCode], year);
  return sums.filter((s) => s.account === 'district_budget').reduce((t, s) => t + s.cents, 0);
}

function journal(
  d: { municipality_code: string; wijk_code: string; year: number },
  reference: string,
  moves: readonly {
    kind: JournalLine['kind'];
    from: JournalLine['account'];
    to: JournalLine['account'];
    cents: number;
  }[],
): JournalLine[] {
  return moves.flatMap((m) => [
    {
      kind: m.kind,
      account: m.from,
      municipalityCode: d.municipality_code,
      year: d.year,
      wijkCode: d.wijk_code,
      reference,
      amountCents: -m.cents,
    },
    {
      kind: m.kind,
      account: m.to,
      municipalityCode: d.municipality_code,
      year: d.year,
      wijkCode: d.wijk_code,
      reference,
      amountCents: m.cents,
    },
  ]);
}

function requireWijk(wijkCode: string): string {
  if (levelOfCode(wijkCode) !== 'wijk')
    throw new ValidationError([{ field: 'wijkCode', message: 'districtBudget.errors.wijk' }]);
  return municipalityCodeOf(wijkCode);
}

function subjectOf(id: string) {
  return { type: 'district_decision', id };
}

async function settingsOf(db: Queryable, municipalityCode: string): Promise<Settings> {
  const row = await repo.findSetting(db, municipalityCode);
  return row
    ? {
        municipalityCode,
        carryOverYears: row.carry_over_years,
        lateSharePercent: row.late_share_percent,
        approvalDays: row.approval_days,
      }
    : { municipalityCode, ...DEFAULT_SETTINGS };
}

async function contentHashOf(db: Queryable, d: repo.DecisionRow): Promise<string> {
  const payment = await repo.findPaymentDetail(db, d.id);
  return approvalContentHash({
    decisionId: d.id,
    amountCents: d.amount_cents,
    recipientKind: d.recipient_kind,
    recipient: d.recipient,
    iban: payment?.iban ?? null,
    accountHolder: payment?.account_holder ?? null,
    purpose: d.purpose,
  });
}

async function addStep(
  step: CommandStep,
  decisionId: string,
  action: string,
  from: DecisionStatus | null,
  to: DecisionStatus,
  amountCents: number | null,
  note: string | null,
): Promise<void> {
  const who = whoActs(step.acting);
  await repo.insertEvent(step.trx, {
    decision_id: decisionId,
    at: step.now,
    action,
    from_status: from,
    to_status: to,
    amount_cents: amountCents,
    actor_account_id: who.accountId,
    actor_label: who.label,
    note,
  });
}

function checkText(issues: FieldIssue[], field: string, value: string, max: number): void {
  const length = value.trim().length;
  if (length === 0) issues.push({ field, message: 'districtBudget.errors.required' });
  else if (length > max) issues.push({ field, message: 'districtBudget.errors.tooLong', params: { max } });
}

function checkAmount(issues: FieldIssue[], cents: number): void {
  if (!Number.isSafeInteger(cents) || cents <= 0)
    issues.push({ field: 'amount', message: 'districtBudget.errors.amount' });
}

function checkPayment(issues: FieldIssue[], iban: string | null, holder: string | null): void {
  if (iban !== null && !isValidIban(iban))
    issues.push({ field: 'iban', message: 'districtBudget.errors.iban' });
  if ((iban === null) !== (holder === null))
    issues.push({
      field: iban === null ? 'iban' : 'accountHolder',
      message: 'districtBudget.errors.paymentBoth',
    });
  if (holder !== null && holder.length > 200)
    issues.push({ field: 'accountHolder', message: 'districtBudget.errors.tooLong', params: { max: 200 } });
}

const blankToNull = (value: string | null | undefined): string | null =>
  value === undefined || value === null || value.trim() === '' ? null : value.trim();

// --- the mandate check, under the locks ------------------------------------------------------

interface MandateOutcome {
  reasons: ApprovalReason[];
  related: repo.RelatedRow[];
  relatedCents: number;
  mandateCents: number | null;
}

/**
 * Locks the sum rule's keys and checks the mandate: the amount alone and with the related
 * decisions of the last 12 months (without `exceptId`). Runs after the wijk's budget row is
 * locked; the key rows make two decisions on one recipient, IBAN, initiative or purpose (in any
 * wijk of the gemeente) go one after another, so the second one's sum includes the first.
 */
async function checkMandate(
  trx: Queryable,
  now: Date,
  input: {
    municipalityCode: string;
    deciderAccountId: string | null;
    recipient: string;
    iban: string | null;
    initiativeId: string | null;
    purpose: string;
    amountCents: number;
    coachAccountId: string | null;
    conflictOfInterest: boolean;
    exceptId: string | null;
    /** Further keys to lock (a change: the old ones too). */
    alsoLock?: readonly string[];
  },
): Promise<MandateOutcome> {
  const keys = [...new Set([...sumKeysOf(input), ...(input.alsoLock ?? [])])].sort();
  await repo.lockSumKeys(trx, input.municipalityCode, keys, now);
  const related = await repo.findRelated(trx, {
    municipalityCode: input.municipalityCode,
    recipientKey: recipientKey(input.recipient),
    purposeKey: purposeKey(input.purpose),
    iban: input.iban === null ? null : normaliseIban(input.iban),
    initiativeId: input.initiativeId,
    since: sumWindowStart(now),
    until: now,
    statuses: COUNTING_STATUSES,
    exceptId: input.exceptId,
  });
  const relatedCents = related.reduce((t, r) => t + r.amount_cents, 0);
  const mandate =
    input.deciderAccountId === null
      ? undefined
      : await repo.findMandate(trx, input.deciderAccountId, input.municipalityCode);
  const mandateCents = mandate?.limit_cents ?? null;
  const reasons = approvalReasonsOf({
    amountCents: input.amountCents,
    mandateCents,
    relatedCents,
    deciderIsCoach: input.deciderAccountId !== null && input.deciderAccountId === input.coachAccountId,
    conflictOfInterest: input.conflictOfInterest,
  });
  return { reasons, related, relatedCents, mandateCents };
}

/** Refuses an amount the wijk's year cannot carry: its budget less what waits for approval. */
async function checkAvailable(
  ctx: DistrictContext,
  trx: Queryable,
  wijkCode: string,
  year: number,
  amountCents: number,
  exceptId: string | null,
): Promise<void> {
  const [balance, awaiting] = await Promise.all([
    budgetBalance(ctx, trx, wijkCode, year),
    repo.sumAwaiting(trx, wijkCode, year, exceptId ?? undefined),
  ]);
  const available = balance - awaiting;
  if (amountCents > available)
    throw new ConflictError('districtBudget.errors.notEnough', { available: Math.max(0, available) });
}

/** Makes a decision take effect: the grant moves in the ledger, a top-up starts matching. */
async function takeEffect(ctx: DistrictContext, step: CommandStep, d: repo.DecisionRow): Promise<void> {
  const reference = decisionReference(d.id);
  await ctx.ledger.post(
    step.trx,
    journal(d, reference, [
      { kind: 'grant', from: 'district_budget', to: 'district_granted', cents: d.amount_cents },
    ]),
    step.now,
  );
  if (d.kind === 'top_up') {
    const match = ctx.matchFunding();
    if (!match || d.match_numerator === null || d.match_denominator === null)
      throw new ConflictError('districtBudget.errors.matchUnavailable');
    await match.startRule(step.trx, {
      reference,
      municipalityCode: d.municipality_code,
      wijkCode: d.wijk_code,
      year: d.year,
      initiativeId: d.initiative_id,
      numerator: d.match_numerator,
      denominator: d.match_denominator,
      capPerInitiativeCents: d.match_cap_initiative_cents,
      capCents: d.amount_cents,
    });
  }
  await repo.updateDecision(
    step.trx,
    d.id,
    { status: 'granted', status_at: step.now, made_known_on: amsterdamDate(step.now) },
    step.now,
  );
}

/** Asks a second approval of a decision as it now stands (its hash frozen into the request). */
async function requestApproval(step: CommandStep, d: repo.DecisionRow, approvalDays: number): Promise<void> {
  await repo.insertApproval(step.trx, {
    decision_id: d.id,
    decision_version: d.version,
    content_hash: await contentHashOf(step.trx, d),
    status: 'pending',
    requested_at: step.now,
    expires_at: new Date(step.now.getTime() + approvalDays * 86_400_000),
    approver_account_id: null,
    approver_label: null,
    answered_at: null,
    note: null,
    void_reason: null,
  });
}

// --- settings, allocations, mandates, the backup pool -------------------------------------------

export async function getSettings(ctx: DistrictContext, municipalityCode: string): Promise<Settings> {
  return settingsOf(ctx.db, municipalityCode);
}

export async function saveSettings(ctx: DistrictContext, acting: Acting, input: Settings): Promise<void> {
  const issues: FieldIssue[] = [];
  if (
    !Number.isInteger(input.carryOverYears) ||
    input.carryOverYears < 0 ||
    input.carryOverYears > MAX_CARRY_OVER_YEARS
  )
    issues.push({ field: 'carryOverYears', message: 'districtBudget.errors.carryOver' });
  if (!Number.isInteger(input.lateSharePercent) || input.lateSharePercent < 1 || input.lateSharePercent > 100)
    issues.push({ field: 'lateSharePercent', message: 'districtBudget.errors.percent' });
  if (!Number.isInteger(input.approvalDays) || input.approvalDays < 1 || input.approvalDays > 365)
    issues.push({ field: 'approvalDays', message: 'districtBudget.errors.days' });
  if (levelOfCode(input.municipalityCode) !== 'gemeente')
    issues.push({ field: 'municipalityCode', message: 'districtBudget.errors.gemeente' });
  if (issues.length > 0) throw new ValidationError(issues);
  await ctx.commands.run(acting, 'district-budget.settings.saved', async (step) => {
    step.authorize(rules['district-budget.administer'], input.municipalityCode);
    await repo.upsertSetting(step.trx, {
      municipality_code: input.municipalityCode,
      carry_over_years: input.carryOverYears,
      late_share_percent: input.lateSharePercent,
      approval_days: input.approvalDays,
      updated_at: step.now,
      updated_by_account_id: whoActs(acting).accountId,
    });
    step.record({
      subject: { type: 'district_setting', id: input.municipalityCode },
      municipalityCodes: [input.municipalityCode],
      details: {
        carryOverYears: input.carryOverYears,
        lateSharePercent: input.lateSharePercent,
        approvalDays: input.approvalDays,
      },
    });
  });
}

/** Allocates money from the gemeente to a wijk's year (a ledger movement district_source → district_budget). */
export async function allocate(
  ctx: DistrictContext,
  acting: Acting,
  input: { wijkCode: string; year: number; amountCents: number },
  options: { trx?: Queryable } = {},
): Promise<void> {
  const municipalityCode = requireWijk(input.wijkCode);
  const issues: FieldIssue[] = [];
  checkAmount(issues, input.amountCents);
  if (!Number.isInteger(input.year) || input.year < 2000 || input.year > 2200)
    issues.push({ field: 'year', message: 'districtBudget.errors.year' });
  if (issues.length > 0) throw new ValidationError(issues);
  // The budget's row names its wijk without a reference to the places: a code that is well
  // formed but no wijk would take money nobody can spend.
  const place = await ctx.places.getPlaceDetail(input.wijkCode).catch((error: unknown) => {
    if (error instanceof NotFoundError) return undefined;
    throw error;
  });
  if (place?.level !== 'wijk')
    throw new ValidationError([{ field: 'wijkCode', message: 'districtBudget.errors.wijkUnknown' }]);
  await ctx.commands.run(
    acting,
    'district-budget.allocated',
    async (step) => {
      step.authorize(rules['district-budget.administer'], input.wijkCode);
      await repo.ensureBudget(step.trx, {
        wijk_code: input.wijkCode,
        year: input.year,
        municipality_code: municipalityCode,
      });
      const budget = await repo.lockBudget(step.trx, input.wijkCode, input.year);
      if (budget?.closed_at)
        throw new ConflictError('districtBudget.errors.yearClosed', { year: input.year });
      await ctx.ledger.post(
        step.trx,
        journal(
          { municipality_code: municipalityCode, wijk_code: input.wijkCode, year: input.year },
          `allocation:${input.wijkCode}:${input.year}`,
          [{ kind: 'allocate', from: 'district_source', to: 'district_budget', cents: input.amountCents }],
        ),
        step.now,
      );
      step.record({
        subject: { type: 'district_budget', id: `${input.wijkCode}:${input.year}` },
        municipalityCodes: [municipalityCode],
        details: { wijkCode: input.wijkCode, year: input.year, amountCents: input.amountCents },
      });
    },
    options,
  );
}

export interface Mandate {
  accountId: string;
  municipalityCode: string;
  limitCents: number;
  setAt: Date;
}

/** Sets (or with `limitCents` null, removes) a manager's mandate in a gemeente. */
export async function setMandate(
  ctx: DistrictContext,
  acting: Acting,
  input: { accountId: string; municipalityCode: string; limitCents: number | null },
): Promise<void> {
  if (input.limitCents !== null && (!Number.isSafeInteger(input.limitCents) || input.limitCents < 0))
    throw new ValidationError([{ field: 'limit', message: 'districtBudget.errors.amount' }]);
  await ctx.commands.run(acting, 'district-budget.mandate.set', async (step) => {
    step.authorize(rules['district-budget.administer'], input.municipalityCode);
    if (input.limitCents === null)
      await repo.deleteMandate(step.trx, input.accountId, input.municipalityCode);
    else
      await repo.upsertMandate(step.trx, {
        account_id: input.accountId,
        municipality_code: input.municipalityCode,
        limit_cents: input.limitCents,
        set_by_account_id: whoActs(acting).accountId,
        set_at: step.now,
      });
    step.record({
      subject: { type: 'staff_account', id: input.accountId },
      municipalityCodes: [input.municipalityCode],
      details: { limitCents: input.limitCents },
    });
  });
}

export async function listMandates(
  ctx: DistrictContext,
  municipalityCodes: readonly string[],
): Promise<Mandate[]> {
  const rows = await repo.findMandates(ctx.db, municipalityCodes);
  return rows.map((r) => ({
    accountId: r.account_id,
    municipalityCode: r.municipality_code,
    limitCents: r.limit_cents,
    setAt: r.set_at,
  }));
}

/** Puts someone in, or takes them out of, the gemeente's pool of backup approvers. */
export async function setBackupApprover(
  ctx: DistrictContext,
  acting: Acting,
  input: { municipalityCode: string; accountId: string; inPool: boolean },
): Promise<void> {
  await ctx.commands.run(acting, 'district-budget.backup-approver.set', async (step) => {
    step.authorize(rules['district-budget.administer'], input.municipalityCode);
    const changed = input.inPool
      ? await repo.insertBackupApprover(step.trx, {
          municipality_code: input.municipalityCode,
          account_id: input.accountId,
          added_by_account_id: whoActs(acting).accountId,
          added_at: step.now,
        })
      : await repo.deleteBackupApprover(step.trx, input.municipalityCode, input.accountId);
    step.record({
      action: input.inPool
        ? 'district-budget.backup-approver.added'
        : 'district-budget.backup-approver.removed',
      subject: { type: 'staff_account', id: input.accountId },
      municipalityCodes: [input.municipalityCode],
      details: { changed },
    });
  });
}

export async function listBackupApprovers(
  ctx: DistrictContext,
  municipalityCodes: readonly string[],
): Promise<{ municipalityCode: string; accountId: string; addedAt: Date }[]> {
  const rows = await repo.findBackupApprovers(ctx.db, municipalityCodes);
  return rows.map((r) => ({
    municipalityCode: r.municipality_code,
    accountId: r.account_id,
    addedAt: r.added_at,
  }));
}

// --- deciding ---------------------------------------------------------------------------------

export interface DecisionOutcome {
  id: string;
  reference: string;
  status: DecisionStatus;
  approvalReasons: ApprovalReason[];
  related: RelatedDecision[];
  relatedCents: number;
}

/**
 * Makes a decision on a wijk's budget. Within the decider's mandate (alone and with the related
 * decisions of 12 months) and without a coach's role or declared conflict, it takes effect at
 * once: the grant moves in the ledger. Otherwise it waits for a second person's approval and
 * moves nothing. All in one transaction, with the wijk's year and the sum keys locked.
 */
export async function decide(
  ctx: DistrictContext,
  acting: Acting,
  input: DecisionInput,
  options: { trx?: Queryable } = {},
): Promise<DecisionOutcome> {
  const municipalityCode = requireWijk(input.wijkCode);
  const iban = blankToNull(input.iban);
  const holder = blankToNull(input.accountHolder);
  const issues: FieldIssue[] = [];
  checkText(issues, 'title', input.title, 200);
  checkText(issues, 'purpose', input.purpose, 500);
  checkText(issues, 'reason', input.reason, 4000);
  checkText(issues, 'recipient', input.recipient, 200);
  checkAmount(issues, input.amountCents);
  checkPayment(issues, iban, holder);
  const initiativeKey = blankToNull(input.initiative);
  if (input.kind === 'grant' && initiativeKey === null)
    issues.push({ field: 'initiative', message: 'districtBudget.errors.initiative' });
  if (input.recipientKind === 'initiative' && input.kind !== 'top_up' && initiativeKey === null)
    issues.push({ field: 'initiative', message: 'districtBudget.errors.initiative' });
  const point =
    typeof input.lat === 'number' && typeof input.lon === 'number'
      ? { lat: input.lat, lon: input.lon }
      : null;
  const hasPoint = point !== null;
  if (input.kind === 'maintenance' && !hasPoint && !blankToNull(input.buurtCode))
    issues.push({ field: 'place', message: 'districtBudget.errors.place' });
  if (
    input.kind === 'arrangement' &&
    (!blankToNull(input.arrangementId) || !blankToNull(input.arrangementReference))
  )
    issues.push({ field: 'arrangement', message: 'districtBudget.errors.arrangement' });
  if (input.kind === 'top_up') {
    const n = input.matchNumerator ?? 0;
    const dd = input.matchDenominator ?? 0;
    if (!Number.isInteger(n) || !Number.isInteger(dd) || n <= 0 || dd <= 0)
      issues.push({ field: 'ratio', message: 'districtBudget.errors.ratio' });
    const cap = input.matchCapPerInitiativeCents;
    if (cap !== null && cap !== undefined && (!Number.isSafeInteger(cap) || cap <= 0))
      issues.push({ field: 'capPerInitiative', message: 'districtBudget.errors.amount' });
  }
  if (input.conflictNote && input.conflictNote.length > CHANGE_NOTE_MAX)
    issues.push({
      field: 'conflictNote',
      message: 'districtBudget.errors.tooLong',
      params: { max: CHANGE_NOTE_MAX },
    });
  if (issues.length > 0) throw new ValidationError(issues);

  // The place of a maintenance order: the point's buurt, which must lie in the wijk.
  let buurtCode = input.kind === 'maintenance' ? blankToNull(input.buurtCode) : null;
  if (input.kind === 'maintenance' && point) {
    const found = await ctx.places.lookupPoint(point.lat, point.lon).catch(() => undefined);
    if (!found || found.wijk.code !== input.wijkCode)
      throw new ValidationError([{ field: 'place', message: 'districtBudget.errors.placeOutside' }]);
    buurtCode = found.buurt.code;
  }
  if (
    buurtCode !== null &&
    (levelOfCode(buurtCode) !== 'buurt' || `WK${buurtCode.slice(2, 8)}` !== input.wijkCode)
  )
    throw new ValidationError([{ field: 'place', message: 'districtBudget.errors.placeOutside' }]);

  return ctx.commands.run(
    acting,
    'district-budget.decision.made',
    async (step) => {
      step.authorize(rules['district-budget.decide'], input.wijkCode);
      const trx = step.trx;
      const who = whoActs(acting);
      const year = input.year ?? Number(amsterdamDate(step.now).slice(0, 4));
      let initiative: InitiativeBrief | undefined;
      if (initiativeKey !== null) {
        initiative = await ctx.initiatives.briefOf(trx, initiativeKey);
        if (!initiative || initiative.municipalityCode !== municipalityCode)
          throw new ValidationError([
            { field: 'initiative', message: 'districtBudget.errors.initiativeUnknown' },
          ]);
      }
      if (input.kind === 'top_up' && !ctx.matchFunding())
        throw new ConflictError('districtBudget.errors.matchUnavailable');

      const budget = await repo.lockBudget(trx, input.wijkCode, year);
      if (!budget) throw new ConflictError('districtBudget.errors.noBudget', { year });
      if (budget.closed_at) throw new ConflictError('districtBudget.errors.yearClosed', { year });
      if (input.kind === 'top_up') {
        const live = await repo.findDecisions(trx, {
          wijkCodes: [input.wijkCode],
          year,
          statuses: ['awaiting_approval', 'granted'],
        });
        if (live.some((d) => d.kind === 'top_up'))
          throw new ConflictError('districtBudget.errors.topUpExists');
      }
      const conflictOfInterest = input.conflictOfInterest ?? false;
      const check = await checkMandate(trx, step.now, {
        municipalityCode,
        deciderAccountId: who.accountId,
        recipient: input.recipient,
        iban,
        initiativeId: initiative?.id ?? null,
        purpose: input.purpose,
        amountCents: input.amountCents,
        coachAccountId: initiative?.coachAccountId ?? null,
        conflictOfInterest,
        exceptId: null,
      });
      await checkAvailable(ctx, trx, input.wijkCode, year, input.amountCents, null);

      const number = await repo.nextReferenceNumber(trx, municipalityCode, year);
      const reference = publicReference(municipalityCode, year, number);
      const status: DecisionStatus = check.reasons.length > 0 ? 'awaiting_approval' : 'granted';
      const row: repo.NewDecisionRow = {
        reference,
        municipality_code: municipalityCode,
        wijk_code: input.wijkCode,
        year,
        kind: input.kind,
        title: input.title.trim(),
        purpose: input.purpose.trim(),
        purpose_key: purposeKey(input.purpose),
        reason: input.reason.trim(),
        recipient_kind: input.recipientKind,
        recipient: input.recipient.trim(),
        recipient_key: recipientKey(input.recipient),
        amount_cents: input.amountCents,
        initiative_id: initiative?.id ?? null,
        buurt_code: buurtCode,
        lat: input.kind === 'maintenance' && point ? point.lat : null,
        lon: input.kind === 'maintenance' && point ? point.lon : null,
        report_id: blankToNull(input.reportId),
        arrangement_id: input.kind === 'arrangement' ? blankToNull(input.arrangementId) : null,
        arrangement_reference: input.kind === 'arrangement' ? blankToNull(input.arrangementReference) : null,
        match_numerator: input.kind === 'top_up' ? (input.matchNumerator ?? null) : null,
        match_denominator: input.kind === 'top_up' ? (input.matchDenominator ?? null) : null,
        match_cap_initiative_cents:
          input.kind === 'top_up' ? (input.matchCapPerInitiativeCents ?? null) : null,
        spend_by: blankToNull(input.spendBy),
        decided_by_account_id: who.accountId,
        decided_by_label: who.label,
        decided_at: step.now,
        conflict_of_interest: conflictOfInterest,
        conflict_note: conflictOfInterest ? blankToNull(input.conflictNote) : null,
        approval_reasons: check.reasons,
        status,
        status_at: step.now,
        made_known_on: status === 'granted' ? amsterdamDate(step.now) : null,
        updated_at: step.now,
      };
      const id = await repo.insertDecision(trx, row);
      if (iban !== null && holder !== null)
        await repo.upsertPaymentDetail(trx, {
          decision_id: id,
          iban: normaliseIban(iban),
          account_holder: holder,
          recorded_at: step.now,
        });
      const inserted = await repo.findDecision(trx, id);
      if (!inserted) throw new Error('decision vanished');
      await addStep(step, id, 'made', null, status, input.amountCents, null);
      if (status === 'granted') await takeEffect(ctx, step, inserted);
      else {
        const settings = await settingsOf(trx, municipalityCode);
        await requestApproval(step, inserted, settings.approvalDays);
      }
      step.record({
        subject: subjectOf(id),
        municipalityCodes: [municipalityCode],
        details: {
          reference,
          kind: input.kind,
          wijkCode: input.wijkCode,
          year,
          amountCents: input.amountCents,
          status,
          approvalReasons: check.reasons,
          mandateCents: check.mandateCents,
          relatedCents: check.relatedCents,
          related: check.related.map((r) => r.reference),
        },
      });
      return {
        id,
        reference,
        status,
        approvalReasons: check.reasons,
        related: check.related.map(toRelated),
        relatedCents: check.relatedCents,
      };
    },
    options,
  );
}

/** Whether an actor may approve decisions in a wijk by role or through the gemeente's backup pool. */
async function mayApprove(
  trx: Queryable,
  actor: Actor,
  wijkCode: string,
): Promise<'role' | 'pool' | undefined> {
  if (actor.kind !== 'staff') return undefined;
  if (allows(rules['district-budget.approve'], actor, { placeCode: wijkCode })) return 'role';
  if (
    allows(rules['district-budget.backup'], actor, { placeCode: wijkCode }) &&
    (await repo.isBackupApprover(trx, municipalityCodeOf(wijkCode), actor.accountId))
  )
    return 'pool';
  return undefined;
}

/**
 * A second person's answer to a decision waiting for approval. The approval is frozen to the
 * decision's content hash: if what is decided no longer matches the request, it is refused.
 * Nobody approves their own decision, nor the coach of the initiative it pays. Approved, the
 * decision takes effect (the grant moves); rejected, it moves nothing.
 */
export async function answerApproval(
  ctx: DistrictContext,
  acting: Acting,
  decisionId: string,
  answer: { approve: boolean; note?: string | null | undefined },
): Promise<DecisionStatus> {
  const found = await repo.findDecision(ctx.db, decisionId);
  if (!found) throw new NotFoundError('districtBudget.errors.notFound');
  const note = blankToNull(answer.note);
  if (note !== null && note.length > CHANGE_NOTE_MAX)
    throw new ValidationError([
      { field: 'note', message: 'districtBudget.errors.tooLong', params: { max: CHANGE_NOTE_MAX } },
    ]);
  if (!answer.approve && note === null)
    throw new ValidationError([{ field: 'note', message: 'districtBudget.errors.rejectReason' }]);
  return ctx.commands.run(
    acting,
    answer.approve ? 'district-budget.decision.approved' : 'district-budget.decision.rejected',
    async (step) => {
      const actor = acting.actor;
      // An approval is a person's: the command line and the system never approve.
      if (typeof actor === 'string' || actor.kind !== 'staff')
        throw new ForbiddenError('districtBudget.errors.approverPerson');
      const how = await mayApprove(step.trx, actor, found.wijk_code);
      step.authorize(
        how === 'pool' ? rules['district-budget.backup'] : rules['district-budget.approve'],
        found.wijk_code,
      );
      await repo.lockBudget(step.trx, found.wijk_code, found.year);
      const d = await repo.lockDecision(step.trx, decisionId);
      if (!d) throw new NotFoundError('districtBudget.errors.notFound');
      if (d.status !== 'awaiting_approval') throw new ConflictError('districtBudget.errors.notAwaiting');
      const request = await repo.findLiveApproval(step.trx, d.id);
      if (!request || request.status !== 'pending')
        throw new ConflictError('districtBudget.errors.notAwaiting');
      if (request.expires_at <= step.now) throw new ConflictError('districtBudget.errors.approvalExpired');
      const initiative = d.initiative_id
        ? await ctx.initiatives.briefOf(step.trx, d.initiative_id)
        : undefined;
      const refusal = approverRefusal({
        approverAccountId: actor.accountId,
        deciderAccountId: d.decided_by_account_id,
        coachAccountId: initiative?.coachAccountId ?? null,
        authorised: how !== undefined,
      });
      if (refusal) throw new ForbiddenError(`districtBudget.errors.approver.${refusal}`);
      const hash = await contentHashOf(step.trx, d);
      if (hash !== request.content_hash || d.version !== request.decision_version)
        throw new ConflictError('districtBudget.errors.changedSinceRequest');
      await repo.answerApproval(step.trx, request.id, {
        status: answer.approve ? 'approved' : 'rejected',
        approver_account_id: actor.accountId,
        approver_label: actor.displayName,
        answered_at: step.now,
        note,
      });
      let status: DecisionStatus;
      if (answer.approve) {
        await checkAvailable(ctx, step.trx, d.wijk_code, d.year, d.amount_cents, d.id);
        await takeEffect(ctx, step, d);
        status = 'granted';
        await addStep(step, d.id, 'approved', 'awaiting_approval', 'granted', d.amount_cents, note);
      } else {
        status = 'rejected';
        await repo.updateDecision(
          step.trx,
          d.id,
          { status, status_at: step.now, made_known_on: amsterdamDate(step.now) },
          step.now,
        );
        await addStep(step, d.id, 'rejected', 'awaiting_approval', 'rejected', null, note);
      }
      step.record({
        subject: subjectOf(d.id),
        municipalityCodes: [d.municipality_code],
        details: {
          reference: d.reference,
          amountCents: d.amount_cents,
          contentHash: hash,
          version: d.version,
          decidedBy: d.decided_by_account_id,
          asBackup: how === 'pool',
        },
      });
      return status;
    },
  );
}

/**
 * Changes a decision that is waiting or granted (not yet committed or paid). A change of the
 * amount, recipient, payment details or purpose (or a declared conflict) voids any approval
 * and undoes a grant, then checks the mandate again: within it, the decision takes effect
 * again as changed; above it, a new approval is asked for the new content.
 */
export async function changeDecision(
  ctx: DistrictContext,
  acting: Acting,
  decisionId: string,
  change: DecisionChangeInput,
): Promise<DecisionOutcome> {
  const found = await repo.findDecision(ctx.db, decisionId);
  if (!found) throw new NotFoundError('districtBudget.errors.notFound');
  const issues: FieldIssue[] = [];
  if (change.title !== undefined) checkText(issues, 'title', change.title, 200);
  if (change.purpose !== undefined) checkText(issues, 'purpose', change.purpose, 500);
  if (change.reason !== undefined) checkText(issues, 'reason', change.reason, 4000);
  if (change.recipient !== undefined) checkText(issues, 'recipient', change.recipient, 200);
  if (change.amountCents !== undefined) checkAmount(issues, change.amountCents);
  checkText(issues, 'note', change.note, CHANGE_NOTE_MAX);
  if (issues.length > 0) throw new ValidationError(issues);
  return ctx.commands.run(acting, 'district-budget.decision.changed', async (step) => {
    step.authorize(rules['district-budget.decide'], found.wijk_code);
    const trx = step.trx;
    const who = whoActs(acting);
    const budget = await repo.lockBudget(trx, found.wijk_code, found.year);
    if (budget?.closed_at) throw new ConflictError('districtBudget.errors.yearClosed', { year: found.year });
    const d = await repo.lockDecision(trx, decisionId);
    if (!d) throw new NotFoundError('districtBudget.errors.notFound');
    if (!CHANGEABLE_STATUSES.includes(d.status))
      throw new ConflictError('districtBudget.errors.notChangeable');
    if (d.kind === 'top_up' && d.status === 'granted')
      throw new ConflictError('districtBudget.errors.notChangeable');
    const oldPayment = await repo.findPaymentDetail(trx, d.id);
    const iban = change.iban === undefined ? (oldPayment?.iban ?? null) : blankToNull(change.iban);
    const holder =
      change.accountHolder === undefined
        ? (oldPayment?.account_holder ?? null)
        : blankToNull(change.accountHolder);
    const payIssues: FieldIssue[] = [];
    checkPayment(payIssues, iban, holder);
    if (payIssues.length > 0) throw new ValidationError(payIssues);
    const next = {
      title: change.title?.trim() ?? d.title,
      purpose: change.purpose?.trim() ?? d.purpose,
      reason: change.reason?.trim() ?? d.reason,
      recipient_kind: change.recipientKind ?? d.recipient_kind,
      recipient: change.recipient?.trim() ?? d.recipient,
      amount_cents: change.amountCents ?? d.amount_cents,
      spend_by: change.spendBy === undefined ? d.spend_by : blankToNull(change.spendBy),
      conflict_of_interest: change.conflictOfInterest ?? d.conflict_of_interest,
      conflict_note: change.conflictNote === undefined ? d.conflict_note : blankToNull(change.conflictNote),
    };
    const oldHash = await contentHashOf(trx, d);
    const newHash = approvalContentHash({
      decisionId: d.id,
      amountCents: next.amount_cents,
      recipientKind: next.recipient_kind,
      recipient: next.recipient,
      iban: iban === null ? null : normaliseIban(iban),
      accountHolder: holder,
      purpose: next.purpose,
    });
    const contentChanged = newHash !== oldHash || next.conflict_of_interest !== d.conflict_of_interest;
    const changedFields = Object.entries({
      title: next.title !== d.title,
      purpose: next.purpose !== d.purpose,
      reason: next.reason !== d.reason,
      recipient: next.recipient !== d.recipient || next.recipient_kind !== d.recipient_kind,
      amount: next.amount_cents !== d.amount_cents,
      paymentDetails:
        (iban === null ? null : normaliseIban(iban)) !== (oldPayment?.iban ?? null) ||
        holder !== (oldPayment?.account_holder ?? null),
      spendBy: next.spend_by !== d.spend_by,
      conflictOfInterest: next.conflict_of_interest !== d.conflict_of_interest,
    })
      .filter(([, changed]) => changed)
      .map(([field]) => field);

    if (!contentChanged) {
      await repo.updateDecision(
        trx,
        d.id,
        { title: next.title, reason: next.reason, spend_by: next.spend_by },
        step.now,
      );
      await addStep(step, d.id, 'changed', d.status, d.status, null, change.note.trim());
      step.record({
        subject: subjectOf(d.id),
        municipalityCodes: [d.municipality_code],
        details: { reference: d.reference, changed: changedFields, approvalVoided: false },
      });
      return {
        id: d.id,
        reference: d.reference,
        status: d.status,
        approvalReasons: d.approval_reasons,
        related: [],
        relatedCents: 0,
      };
    }

    // The content changed: any approval no longer covers it, and a grant is undone first.
    const live = await repo.findLiveApproval(trx, d.id);
    if (live) await repo.closeApproval(trx, live.id, 'void', `changed: ${changedFields.join(', ')}`);
    if (d.status === 'granted') {
      const money = (await moneyOf(ctx, trx, [d.id])).get(d.id) ?? NO_MONEY;
      if (money.grantedCents > 0)
        await ctx.ledger.post(
          trx,
          journal(d, decisionReference(d.id), [
            { kind: 'grant', from: 'district_granted', to: 'district_budget', cents: money.grantedCents },
          ]),
          step.now,
        );
    }
    const initiative = d.initiative_id ? await ctx.initiatives.briefOf(trx, d.initiative_id) : undefined;
    const check = await checkMandate(trx, step.now, {
      municipalityCode: d.municipality_code,
      deciderAccountId: d.decided_by_account_id,
      recipient: next.recipient,
      iban,
      initiativeId: d.initiative_id,
      purpose: next.purpose,
      amountCents: next.amount_cents,
      coachAccountId: initiative?.coachAccountId ?? null,
      conflictOfInterest: next.conflict_of_interest,
      exceptId: d.id,
      alsoLock: sumKeysOf({
        recipient: d.recipient,
        iban: oldPayment?.iban ?? null,
        initiativeId: d.initiative_id,
        purpose: d.purpose,
      }),
    });
    // The one who changes it decides it anew: their mandate counts from now on.
    if (who.accountId !== null && who.accountId !== d.decided_by_account_id) {
      const own = await checkMandate(trx, step.now, {
        municipalityCode: d.municipality_code,
        deciderAccountId: who.accountId,
        recipient: next.recipient,
        iban,
        initiativeId: d.initiative_id,
        purpose: next.purpose,
        amountCents: next.amount_cents,
        coachAccountId: initiative?.coachAccountId ?? null,
        conflictOfInterest: next.conflict_of_interest,
        exceptId: d.id,
      });
      check.reasons = [...new Set([...check.reasons, ...own.reasons])];
    }
    await checkAvailable(ctx, trx, d.wijk_code, d.year, next.amount_cents, d.id);
    if (iban !== null && holder !== null)
      await repo.upsertPaymentDetail(trx, {
        decision_id: d.id,
        iban: normaliseIban(iban),
        account_holder: holder,
        recorded_at: step.now,
      });
    else await repo.deletePaymentDetail(trx, d.id);
    const version = d.version + 1;
    const status: DecisionStatus = check.reasons.length > 0 ? 'awaiting_approval' : 'granted';
    await repo.updateDecision(
      trx,
      d.id,
      {
        ...next,
        purpose_key: purposeKey(next.purpose),
        recipient_key: recipientKey(next.recipient),
        approval_reasons: check.reasons,
        status,
        status_at: step.now,
        made_known_on: status === 'granted' ? amsterdamDate(step.now) : null,
        version,
      },
      step.now,
    );
    await addStep(step, d.id, 'changed', d.status, status, next.amount_cents, change.note.trim());
    const changed = await repo.findDecision(trx, d.id);
    if (!changed) throw new Error('decision vanished');
    if (status === 'granted') await takeEffect(ctx, step, changed);
    else {
      const settings = await settingsOf(trx, d.municipality_code);
      await requestApproval(step, changed, settings.approvalDays);
    }
    step.record({
      subject: subjectOf(d.id),
      municipalityCodes: [d.municipality_code],
      details: {
        reference: d.reference,
        changed: changedFields,
        fromStatus: d.status,
        status,
        approvalVoided: live !== undefined,
        voidedApproval: live ? { id: live.id, status: live.status, contentHash: live.content_hash } : null,
        contentHash: newHash,
        version,
        approvalReasons: check.reasons,
        relatedCents: check.relatedCents,
      },
    });
    return {
      id: d.id,
      reference: d.reference,
      status,
      approvalReasons: check.reasons,
      related: check.related.map(toRelated),
      relatedCents: check.relatedCents,
    };
  });
}

/** Withdraws a decision that waits for approval (the decider thought again): it moved nothing. */
export async function withdrawDecision(
  ctx: DistrictContext,
  acting: Acting,
  decisionId: string,
  note: string,
): Promise<void> {
  const found = await repo.findDecision(ctx.db, decisionId);
  if (!found) throw new NotFoundError('districtBudget.errors.notFound');
  const issues: FieldIssue[] = [];
  checkText(issues, 'note', note, CHANGE_NOTE_MAX);
  if (issues.length > 0) throw new ValidationError(issues);
  await ctx.commands.run(acting, 'district-budget.decision.withdrawn', async (step) => {
    step.authorize(rules['district-budget.decide'], found.wijk_code);
    await repo.lockBudget(step.trx, found.wijk_code, found.year);
    const d = await repo.lockDecision(step.trx, decisionId);
    if (!d || d.status !== 'awaiting_approval') throw new ConflictError('districtBudget.errors.notAwaiting');
    const live = await repo.findLiveApproval(step.trx, d.id);
    if (live) await repo.closeApproval(step.trx, live.id, 'void', 'withdrawn');
    await repo.updateDecision(step.trx, d.id, { status: 'withdrawn', status_at: step.now }, step.now);
    await addStep(step, d.id, 'withdrawn', 'awaiting_approval', 'withdrawn', null, note.trim());
    step.record({
      subject: subjectOf(d.id),
      municipalityCodes: [d.municipality_code],
      details: { reference: d.reference },
    });
  });
}

// --- money's life -----------------------------------------------------------------------------

/**
 * Checks that a decision that needed a second approval still has one, frozen to exactly what it
 * is now: money never moves on content nobody approved.
 */
async function assertApprovedAsIs(trx: Queryable, d: repo.DecisionRow): Promise<void> {
  if (d.approval_reasons.length === 0) return;
  const live = await repo.findLiveApproval(trx, d.id);
  if (!live || live.status !== 'approved') throw new ConflictError('districtBudget.errors.notApproved');
  if (live.content_hash !== (await contentHashOf(trx, d)) || live.decision_version !== d.version)
    throw new ConflictError('districtBudget.errors.changedSinceRequest');
}

type Movement = 'commit' | 'pay' | 'return' | 'refund';

/**
 * One step of a decision's money: commit (granted → committed: an order placed, an agreement
 * signed), pay (committed → paid, in parts), return (what is granted or committed and unspent,
 * back to the wijk's budget), refund (paid money that came back). Each a ledger movement, dated.
 */
export async function moveMoney(
  ctx: DistrictContext,
  acting: Acting,
  decisionId: string,
  input: {
    movement: Movement;
    amountCents?: number | undefined;
    note?: string | null | undefined;
    why?: 'unspent' | 'deadline';
  },
  options: { trx?: Queryable } = {},
): Promise<DecisionStatus> {
  const found = await repo.findDecision(options.trx ?? ctx.db, decisionId);
  if (!found) throw new NotFoundError('districtBudget.errors.notFound');
  if (input.amountCents !== undefined) {
    const issues: FieldIssue[] = [];
    checkAmount(issues, input.amountCents);
    if (issues.length > 0) throw new ValidationError(issues);
  }
  const note = blankToNull(input.note);
  return ctx.commands.run(
    acting,
    `district-budget.decision.${input.movement === 'commit' ? 'committed' : input.movement === 'pay' ? 'paid' : input.movement === 'refund' ? 'refunded' : 'returned'}`,
    async (step) => {
      step.authorize(rules['district-budget.decide'], found.wijk_code);
      const trx = step.trx;
      const budget = await repo.lockBudget(trx, found.wijk_code, found.year);
      const d = await repo.lockDecision(trx, decisionId);
      if (!d || !budget) throw new NotFoundError('districtBudget.errors.notFound');
      if (!['granted', 'committed', 'paid'].includes(d.status))
        throw new ConflictError('districtBudget.errors.notGranted');
      await assertApprovedAsIs(trx, d);
      const reference = decisionReference(d.id);
      let money = (await moneyOf(ctx, trx, [d.id])).get(d.id) ?? NO_MONEY;
      const lines: JournalLine[] = [];
      let moved = 0;
      if (input.movement === 'commit') {
        if (d.kind === 'top_up') throw new ConflictError('districtBudget.errors.topUpMoves');
        moved = input.amountCents ?? money.grantedCents;
        if (moved <= 0 || moved > money.grantedCents)
          throw new ConflictError('districtBudget.errors.tooMuch', { available: money.grantedCents });
        lines.push(
          ...journal(d, reference, [
            { kind: 'commit', from: 'district_granted', to: 'district_committed', cents: moved },
          ]),
        );
      } else if (input.movement === 'pay') {
        if (d.kind === 'top_up') throw new ConflictError('districtBudget.errors.topUpMoves');
        if (!(await repo.findPaymentDetail(trx, d.id)))
          throw new ConflictError('districtBudget.errors.noPaymentDetails');
        moved = input.amountCents ?? money.committedCents;
        if (moved <= 0 || moved > money.committedCents)
          throw new ConflictError('districtBudget.errors.tooMuch', { available: money.committedCents });
        lines.push(
          ...journal(d, reference, [
            { kind: 'pay', from: 'district_committed', to: 'district_paid', cents: moved },
          ]),
        );
      } else if (input.movement === 'return') {
        if (d.kind === 'top_up') {
          // Matching stops first; what it moved on stays with the pledges.
          const match = ctx.matchFunding();
          if (!match) throw new ConflictError('districtBudget.errors.matchUnavailable');
          await match.endRule(trx, { reference, wijkCode: d.wijk_code, year: d.year });
          money = (await moneyOf(ctx, trx, [d.id])).get(d.id) ?? NO_MONEY;
        }
        const open = money.grantedCents + money.committedCents;
        moved = input.amountCents ?? open;
        if (moved <= 0 || moved > open)
          throw new ConflictError('districtBudget.errors.tooMuch', { available: open });
        const fromGranted = Math.min(moved, money.grantedCents);
        const fromCommitted = moved - fromGranted;
        if (fromGranted > 0)
          lines.push(
            ...journal(d, reference, [
              { kind: 'return', from: 'district_granted', to: 'district_budget', cents: fromGranted },
            ]),
          );
        if (fromCommitted > 0)
          lines.push(
            ...journal(d, reference, [
              { kind: 'return', from: 'district_committed', to: 'district_budget', cents: fromCommitted },
            ]),
          );
      } else {
        moved = input.amountCents ?? money.paidCents;
        if (moved <= 0 || moved > money.paidCents)
          throw new ConflictError('districtBudget.errors.tooMuch', { available: money.paidCents });
        lines.push(
          ...journal(d, reference, [
            { kind: 'return', from: 'district_paid', to: 'district_budget', cents: moved },
          ]),
        );
      }
      // Money that comes back to a closed year has nowhere to go: it lapses with the year.
      if (budget.closed_at && (input.movement === 'return' || input.movement === 'refund'))
        lines.push(
          ...journal(d, reference, [
            { kind: 'lapse', from: 'district_budget', to: 'district_lapsed', cents: moved },
          ]),
        );
      await ctx.ledger.post(trx, lines, step.now);
      money = (await moneyOf(ctx, trx, [d.id])).get(d.id) ?? NO_MONEY;
      const status = statusAfterMovement(money);
      await repo.updateDecision(trx, d.id, { status, status_at: step.now }, step.now);
      const action =
        input.movement === 'commit'
          ? 'committed'
          : input.movement === 'pay'
            ? 'paid'
            : input.movement === 'refund'
              ? 'refunded'
              : input.why === 'deadline'
                ? 'returned_deadline'
                : 'returned';
      await addStep(step, d.id, action, d.status, status, moved, note);
      step.record({
        subject: subjectOf(d.id),
        municipalityCodes: [d.municipality_code],
        details: { reference: d.reference, amountCents: moved, status, why: input.why ?? null },
      });
      return status;
    },
    options,
  );
}

// --- jobs -------------------------------------------------------------------------------------

/** Expires approval requests nobody answered in time: the decisions moved nothing and stay so. */
export async function expireApprovals(ctx: DistrictContext, acting: Acting): Promise<number> {
  const ids = await repo.findExpiredRequests(ctx.db, ctx.clock(), 500);
  let expired = 0;
  for (const id of ids) {
    const found = await repo.findDecision(ctx.db, id);
    if (!found) continue;
    const done = await ctx.commands.run(acting, 'district-budget.approval.expired', async (step) => {
      step.authorize(rules['district-budget.decide'], found.wijk_code);
      await repo.lockBudget(step.trx, found.wijk_code, found.year);
      const d = await repo.lockDecision(step.trx, id);
      const live = await repo.findLiveApproval(step.trx, id);
      if (
        !d ||
        d.status !== 'awaiting_approval' ||
        !live ||
        live.status !== 'pending' ||
        live.expires_at > step.now
      ) {
        step.recordNothing('another process answered or changed it first');
        return false;
      }
      await repo.closeApproval(step.trx, live.id, 'expired', 'nobody answered in time');
      await repo.updateDecision(step.trx, id, { status: 'expired', status_at: step.now }, step.now);
      await addStep(step, id, 'expired', 'awaiting_approval', 'expired', null, null);
      step.record({
        subject: subjectOf(id),
        municipalityCodes: [d.municipality_code],
        details: { reference: d.reference },
      });
      return true;
    });
    if (done) expired++;
  }
  return expired;
}

/** Returns the unspent money of decisions whose spend-by date passed. */
export async function returnPastDeadline(ctx: DistrictContext, acting: Acting): Promise<number> {
  const ids = await repo.findPastSpendBy(ctx.db, amsterdamDate(ctx.clock()), 500);
  let returned = 0;
  for (const id of ids) {
    try {
      await moveMoney(ctx, acting, id, { movement: 'return', why: 'deadline', note: 'spend-by date passed' });
      returned++;
    } catch (error) {
      // A decision changed meanwhile (paid in full, returned by hand) is no longer due: skip it.
      if (!(error instanceof ConflictError)) throw error;
    }
  }
  return returned;
}

// --- the year's close -------------------------------------------------------------------------

/**
 * Closes a wijk's year: what is left on its budget carries over to the next year as far as the
 * gemeente's carry-over allows (the oldest money counted as spent first), the rest lapses.
 * Refused while decisions of the year wait for approval. Granted and committed money stays with
 * its decisions.
 */
export async function closeYear(
  ctx: DistrictContext,
  acting: Acting,
  input: { wijkCode: string; year: number },
): Promise<{ carriedCents: number; lapsedCents: number }> {
  const municipalityCode = requireWijk(input.wijkCode);
  return ctx.commands.run(acting, 'district-budget.year.closed', async (step) => {
    step.authorize(rules['district-budget.administer'], input.wijkCode);
    const trx = step.trx;
    const budget = await repo.lockBudget(trx, input.wijkCode, input.year);
    if (!budget) throw new NotFoundError('districtBudget.errors.noBudget', { year: input.year });
    if (budget.closed_at) throw new ConflictError('districtBudget.errors.yearClosed', { year: input.year });
    if ((await repo.sumAwaiting(trx, input.wijkCode, input.year)) > 0)
      throw new ConflictError('districtBudget.errors.closeAwaiting');
    const settings = await settingsOf(trx, municipalityCode);
    const remaining = await budgetBalance(ctx, trx, input.wijkCode, input.year);
    const allocated = (await ctx.ledger.sumByReferences(trx, [`allocation:${input.wijkCode}:${input.year}`]))
      .filter((s) => s.account === 'district_budget' && s.year === input.year)
      .reduce((t, s) => t + s.cents, 0);
    const carryRefs = Array.from({ length: MAX_CARRY_OVER_YEARS }, (_, i) =>
      carryReference(input.wijkCode, input.year, input.year - 1 - i),
    );
    const carried = await ctx.ledger.sumByReferences(trx, carryRefs);
    const inflows = [{ originYear: input.year, cents: allocated }];
    for (const s of carried)
      if (s.account === 'district_budget' && s.year === input.year && s.cents > 0 && s.reference)
        inflows.push({ originYear: Number(s.reference.split(':').at(-1)), cents: s.cents });
    const plan = closePlan({
      year: input.year,
      remainingCents: remaining,
      inflows,
      carryOverYears: settings.carryOverYears,
    });
    const place = { municipality_code: municipalityCode, wijk_code: input.wijkCode };
    const lines: JournalLine[] = [];
    if (plan.carry.length > 0)
      await repo.ensureBudget(trx, {
        wijk_code: input.wijkCode,
        year: input.year + 1,
        municipality_code: municipalityCode,
      });
    for (const c of plan.carry) {
      const reference = carryReference(input.wijkCode, input.year + 1, c.originYear);
      lines.push(
        {
          kind: 'carry_over',
          account: 'district_budget',
          municipalityCode,
          year: input.year,
          wijkCode: input.wijkCode,
          reference,
          amountCents: -c.cents,
        },
        {
          kind: 'carry_over',
          account: 'district_budget',
          municipalityCode,
          year: input.year + 1,
          wijkCode: input.wijkCode,
          reference,
          amountCents: c.cents,
        },
      );
    }
    if (plan.lapseCents > 0)
      lines.push(
        ...journal({ ...place, year: input.year }, `close:${input.wijkCode}:${input.year}`, [
          { kind: 'lapse', from: 'district_budget', to: 'district_lapsed', cents: plan.lapseCents },
        ]),
      );
    if (lines.length > 0) await ctx.ledger.post(trx, lines, step.now);
    await repo.markBudgetClosed(trx, input.wijkCode, input.year, step.now);
    const carriedCents = plan.carry.reduce((t, c) => t + c.cents, 0);
    step.record({
      subject: { type: 'district_budget', id: `${input.wijkCode}:${input.year}` },
      municipalityCodes: [municipalityCode],
      details: {
        remainingCents: remaining,
        carriedCents,
        lapsedCents: plan.lapseCents,
        carryOverYears: settings.carryOverYears,
      },
    });
    return { carriedCents, lapsedCents: plan.lapseCents };
  });
}

/** The ledger reference of money carried into a wijk's year, by the year it was allocated for. */
function carryReference(wijkCode: string, intoYear: number, originYear: number): string {
  return `carry:${wijkCode}:${intoYear}:${originYear}`;
}

// --- reads ------------------------------------------------------------------------------------

/** Whether the actor may see the wijk's decisions as staff. */
export function maySee(actor: Actor, wijkCode: string): boolean {
  return (
    allows(rules['district-budget.view'], actor, { placeCode: wijkCode }) ||
    allows(rules['district-budget.decide'], actor, { placeCode: wijkCode })
  );
}

/** One decision with its payment details, money, approvals, steps and related decisions, for staff. */
export async function getDecisionDetail(
  ctx: DistrictContext,
  actor: Actor,
  idOrReference: string,
): Promise<DecisionDetail> {
  const row = /^[0-9a-f-]{36}$/i.test(idOrReference)
    ? await repo.findDecision(ctx.db, idOrReference)
    : await repo.findDecisionByReference(ctx.db, idOrReference);
  // Whoever may approve it sees what they approve, a backup approver of the pool too (any role).
  if (
    !row ||
    (!maySee(actor, row.wijk_code) && (await mayApprove(ctx.db, actor, row.wijk_code)) === undefined)
  )
    throw new NotFoundError('districtBudget.errors.notFound');
  const [payment, money, approvals, events] = await Promise.all([
    repo.findPaymentDetail(ctx.db, row.id),
    moneyOf(ctx, ctx.db, [row.id]),
    repo.findApprovals(ctx.db, row.id),
    repo.findEvents(ctx.db, row.id),
  ]);
  const related = await repo.findRelated(ctx.db, {
    municipalityCode: row.municipality_code,
    recipientKey: row.recipient_key,
    purposeKey: row.purpose_key,
    iban: payment?.iban ?? null,
    initiativeId: row.initiative_id,
    since: sumWindowStart(row.decided_at),
    until: row.decided_at,
    statuses: COUNTING_STATUSES,
    exceptId: row.id,
  });
  return {
    decision: toDecision(row),
    payment: payment ? { iban: payment.iban, accountHolder: payment.account_holder } : null,
    money: money.get(row.id) ?? NO_MONEY,
    approvals: approvals.map(toApproval),
    steps: events.map((e) => ({
      at: e.at,
      action: e.action,
      fromStatus: e.from_status,
      toStatus: e.to_status,
      amountCents: e.amount_cents,
      actor: e.actor_label,
      note: e.note,
    })),
    related: related.map(toRelated),
    relatedCents: related.reduce((t, r) => t + r.amount_cents, 0),
  };
}

/** The places (gemeenten and wijken) where the actor sees the district budget as staff. */
export function placesOf(actor: Actor): { municipalityCodes: string[]; wijkCodes: string[] } {
  const scopes = [
    ...scopesOf(rules['district-budget.view'], actor),
    ...scopesOf(rules['district-budget.decide'], actor),
  ];
  const municipalityCodes = [...new Set(scopes.filter((c) => levelOfCode(c) === 'gemeente'))];
  const wijkCodes = [...new Set(scopes.filter((c) => levelOfCode(c) === 'wijk'))];
  return { municipalityCodes, wijkCodes };
}

/** Decisions the actor may see as staff, newest first, with their money. */
export async function listDecisions(
  ctx: DistrictContext,
  actor: Actor,
  filter: { year?: number; wijkCode?: string; statuses?: readonly DecisionStatus[]; limit?: number },
): Promise<{ decision: Decision; money: DecisionMoney }[]> {
  const scope = placesOf(actor);
  if (filter.wijkCode !== undefined && !maySee(actor, filter.wijkCode)) return [];
  const rows = await repo.findDecisions(ctx.db, {
    ...(filter.wijkCode !== undefined
      ? { wijkCodes: [filter.wijkCode] }
      : { municipalityCodes: scope.municipalityCodes, wijkCodes: scope.wijkCodes }),
    ...(filter.year !== undefined ? { year: filter.year } : {}),
    ...(filter.statuses ? { statuses: filter.statuses } : {}),
    limit: filter.limit ?? 500,
  });
  const money = await moneyOf(
    ctx,
    ctx.db,
    rows.map((r) => r.id),
  );
  return rows.map((r) => ({ decision: toDecision(r), money: money.get(r.id) ?? NO_MONEY }));
}

/** Decisions waiting for a second approval that this actor may answer (not their own). */
export async function listToApprove(
  ctx: DistrictContext,
  actor: Actor,
): Promise<{ decision: Decision; expiresAt: Date | null; mine: boolean; mayAnswer: boolean }[]> {
  if (actor.kind !== 'staff') return [];
  const gemeenten = [
    ...new Set(
      [
        ...scopesOf(rules['district-budget.view'], actor),
        ...scopesOf(rules['district-budget.backup'], actor),
      ].map(municipalityCodeOf),
    ),
  ];
  const rows = await repo.findAwaitingApproval(ctx.db, gemeenten);
  const out = [];
  for (const r of rows) {
    const how = await mayApprove(ctx.db, actor, r.wijk_code);
    if (!maySee(actor, r.wijk_code) && how === undefined) continue;
    const mine = r.decided_by_account_id === actor.accountId;
    out.push({
      decision: toDecision(r),
      expiresAt: r.expires_at,
      mine,
      mayAnswer: how !== undefined && !mine,
    });
  }
  return out;
}

/** A wijk's year in figures: allocated, carried in, granted, committed, paid, returned, remaining, the late flag. */
export async function wijkFigures(
  ctx: DistrictContext,
  wijkCodes: readonly string[],
  year: number,
): Promise<WijkFigures[]> {
  if (wijkCodes.length === 0) return [];
  const [sums, budgets, decisions] = await Promise.all([
    ctx.ledger.sumByWijken(ctx.db, wijkCodes, year),
    repo.findBudgets(ctx.db, { year, wijkCodes }),
    repo.findDecisions(ctx.db, {
      wijkCodes,
      year,
      statuses: ['awaiting_approval', 'granted', 'committed', 'paid', 'returned'],
      limit: 1_000_000,
    }),
  ]);
  const settings = new Map<string, Settings>();
  for (const code of new Set(wijkCodes.map(municipalityCodeOf)))
    settings.set(code, await settingsOf(ctx.db, code));
  return budgets.map((b) => {
    const mine = sums.filter((s) => s.wijkCode === b.wijk_code);
    const sumOf = (pred: (s: LedgerSum) => boolean) => mine.filter(pred).reduce((t, s) => t + s.cents, 0);
    const own = decisions.filter((d) => d.wijk_code === b.wijk_code);
    const effective = own.filter((d) => d.status !== 'awaiting_approval' && d.made_known_on !== null);
    const share = settings.get(b.municipality_code)?.lateSharePercent ?? DEFAULT_SETTINGS.lateSharePercent;
    return {
      wijkCode: b.wijk_code,
      municipalityCode: b.municipality_code,
      year,
      closed: b.closed_at !== null,
      allocatedCents: sumOf((s) => s.account === 'district_budget' && s.kind === 'allocate'),
      carriedInCents: sumOf((s) => s.account === 'district_budget' && s.kind === 'carry_over' && s.cents > 0),
      grantedCents: sumOf((s) => s.account === 'district_granted' && s.kind === 'grant'),
      committedCents: sumOf((s) => s.account === 'district_committed' && s.kind === 'commit'),
      paidCents: sumOf((s) => s.account === 'district_paid' && s.kind === 'pay'),
      returnedCents: sumOf((s) => s.account === 'district_budget' && s.kind === 'return'),
      matchedCents: -sumOf(
        (s) => s.account === 'district_granted' && (s.kind === 'match' || s.kind === 'match_release'),
      ),
      lapsedCents: sumOf((s) => s.account === 'district_lapsed'),
      carriedOutCents: -sumOf(
        (s) => s.account === 'district_budget' && s.kind === 'carry_over' && s.cents < 0,
      ),
      remainingCents: sumOf((s) => s.account === 'district_budget'),
      awaitingCents: own
        .filter((d) => d.status === 'awaiting_approval')
        .reduce((t, d) => t + d.amount_cents, 0),
      late: {
        ...lateInYearFlag(
          effective.map((d) => ({
            decidedOn: d.made_known_on ?? amsterdamDate(d.decided_at),
            amountCents: d.amount_cents,
          })),
          share,
        ),
        sharePercent: share,
      },
    };
  });
}

/** The budget rows of a year in places (for the staff overview and the public register). */
export async function listBudgets(
  ctx: DistrictContext,
  filter: { year: number; municipalityCodes?: readonly string[]; wijkCodes?: readonly string[] },
): Promise<{ wijkCode: string; municipalityCode: string; year: number; closed: boolean }[]> {
  const rows = await repo.findBudgets(ctx.db, filter);
  return rows.map((r) => ({
    wijkCode: r.wijk_code,
    municipalityCode: r.municipality_code,
    year: r.year,
    closed: r.closed_at !== null,
  }));
}

/** The status of decisions by id, with their money (the arrangements' tranches). */
export async function statusOfDecisions(
  ctx: DistrictContext,
  ids: readonly string[],
): Promise<Map<string, { decision: Decision; money: DecisionMoney }>> {
  const rows = await repo.findDecisionsByIds(ctx.db, [...new Set(ids)]);
  const money = await moneyOf(
    ctx,
    ctx.db,
    rows.map((r) => r.id),
  );
  return new Map(rows.map((r) => [r.id, { decision: toDecision(r), money: money.get(r.id) ?? NO_MONEY }]));
}

/** The day an objection period ends, for a decision made known on a day (re-exported for pages). */
export { objectionDeadline };
/** For the demo and tests: a date some days from another. */
export { addDays };
