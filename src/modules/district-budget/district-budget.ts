import { createHash } from 'node:crypto';
import { addDays, type IsoDate } from '../../shared/dates.js';

/**
 * The district budget's domain (wijkbudget): decisions, the mandate and its 12-month sum rule,
 * the second approval frozen to what was approved, the objection route, the year's close.
 * Pure rules, no I/O: the service applies them inside its transaction.
 */

/** What a decision spends money on. */
export type DecisionKind = 'grant' | 'top_up' | 'maintenance' | 'arrangement';
export const DECISION_KINDS = [
  'grant',
  'top_up',
  'maintenance',
  'arrangement',
] as const satisfies readonly DecisionKind[];

/**
 * Where a decision stands. `awaiting_approval` moves no money; `granted` → `committed` → `paid`
 * are ledger movements; `returned` when all that was not spent went back to the wijk's budget.
 * `rejected` (by the second person), `expired` (nobody answered in time) and `withdrawn` (by the
 * decider before approval) moved nothing.
 */
export type DecisionStatus =
  'awaiting_approval' | 'granted' | 'committed' | 'paid' | 'returned' | 'rejected' | 'expired' | 'withdrawn';
export const DECISION_STATUSES = [
  'awaiting_approval',
  'granted',
  'committed',
  'paid',
  'returned',
  'rejected',
  'expired',
  'withdrawn',
] as const satisfies readonly DecisionStatus[];

/** Who receives the money: an initiative, an organisation (a contractor, a foundation) or a person. */
export type RecipientKind = 'initiative' | 'organisation' | 'person';
export const RECIPIENT_KINDS = [
  'initiative',
  'organisation',
  'person',
] as const satisfies readonly RecipientKind[];

/** Why a decision needs a second person's approval before any money moves. */
export type ApprovalReason =
  /** The amount alone is above the decider's mandate (or the decider has none). */
  | 'above_mandate'
  /** With the related decisions of the last 12 months, the sum is above the mandate. */
  | 'above_sum'
  /** The decider is the coach of the initiative that receives the money. */
  | 'coach'
  /** The decider declared a conflict of interest. */
  | 'conflict_of_interest';
export const APPROVAL_REASONS = [
  'above_mandate',
  'above_sum',
  'coach',
  'conflict_of_interest',
] as const satisfies readonly ApprovalReason[];

export type ApprovalStatus = 'pending' | 'approved' | 'rejected' | 'expired' | 'void';

/** Statuses whose decisions count towards the 12-month sum: everything that was not refused. */
export const COUNTING_STATUSES: readonly DecisionStatus[] = [
  'awaiting_approval',
  'granted',
  'committed',
  'paid',
  'returned',
];

/** Statuses in which the decided content (amount, recipient, payment details, purpose) may still change. */
export const CHANGEABLE_STATUSES: readonly DecisionStatus[] = ['awaiting_approval', 'granted'];

/** Awb art. 6:7: six weeks to object, from the day after the decision was made known (art. 6:8). */
export const OBJECTION_WEEKS = 6;

/** The sum rule looks back this many months. */
export const SUM_RULE_MONTHS = 12;

/** The late-in-year window: the last four weeks of the year. */
export const LATE_WINDOW_DAYS = 28;

/** The most years a gemeente may let money carry over. */
export const MAX_CARRY_OVER_YEARS = 3;

/** The last day on which an objection (bezwaar) can be lodged: six weeks after it was made known. */
export function objectionDeadline(madeKnownOn: IsoDate): IsoDate {
  return addDays(madeKnownOn, OBJECTION_WEEKS * 7);
}

/** The start of the sum rule's window: twelve months before `at`. */
export function sumWindowStart(at: Date): Date {
  const start = new Date(at.getTime());
  start.setUTCMonth(start.getUTCMonth() - SUM_RULE_MONTHS);
  return start;
}

/** Words and letters only, lower case, single spaces: "Stichting  De Brug B.V." → "stichting de brug bv". */
function normaliseText(value: string): string {
  return value
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[.'’`]/g, '')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/** The key under which a recipient's decisions are summed: the name without case, accents or punctuation. */
export function recipientKey(recipient: string): string {
  return normaliseText(recipient);
}

/**
 * The key under which decisions for one purpose are summed: the words of the purpose without
 * numbers, so "Kerstbomen deel 1" and "kerstbomen, deel 2" are one purpose.
 */
export function purposeKey(purpose: string): string {
  return normaliseText(purpose)
    .replace(/\b(deel|part|fase|phase|nr|no)\b/g, ' ')
    .replace(/[0-9]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** An IBAN without spaces, in capitals. */
export function normaliseIban(value: string): string {
  return value.replace(/\s+/g, '').toUpperCase();
}

/** Whether an IBAN (normalised) has a valid shape and ISO 13616 check digits (mod 97 = 1). */
export function isValidIban(value: string): boolean {
  const iban = normaliseIban(value);
  if (!/^[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}$/.test(iban)) return false;
  if (iban.startsWith('NL') && !/^NL[0-9]{2}[A-Z]{4}[0-9]{10}$/.test(iban)) return false;
  const rearranged = iban.slice(4) + iban.slice(0, 4);
  let remainder = 0;
  for (const ch of rearranged) {
    const digits = /[A-Z]/.test(ch) ? String(ch.charCodeAt(0) - 55) : ch;
    for (const d of digits) remainder = (remainder * 10 + Number(d)) % 97;
  }
  return remainder === 1;
}

/** An IBAN as people read it, in groups of four: NL91 ABNA 0417 1643 00. */
export function formatIban(iban: string): string {
  return normaliseIban(iban)
    .replace(/(.{4})/g, '$1 ')
    .trim();
}

/** An IBAN shown to staff who may see that it exists but not what it is: NL91 •••• •••• ••43 00. */
export function maskIban(iban: string): string {
  const n = normaliseIban(iban);
  return formatIban(n.slice(0, 4) + '•'.repeat(Math.max(0, n.length - 8)) + n.slice(-4));
}

/** What a decision is summed under: its recipient, its IBAN, its initiative and its purpose. */
export interface SumKeySource {
  recipient: string;
  iban: string | null;
  initiativeId: string | null;
  purpose: string;
}

/**
 * The sum rule's keys of a decision, sorted (they are locked in this order, so two decisions
 * never wait for each other in a circle). Empty normalised values give no key.
 */
export function sumKeysOf(source: SumKeySource): string[] {
  const keys = new Set<string>();
  const recipient = recipientKey(source.recipient);
  if (recipient !== '') keys.add(`recipient:${recipient}`);
  if (source.iban) keys.add(`iban:${normaliseIban(source.iban)}`);
  if (source.initiativeId) keys.add(`initiative:${source.initiativeId}`);
  const purpose = purposeKey(source.purpose);
  if (purpose !== '') keys.add(`purpose:${purpose}`);
  return [...keys].sort();
}

/** What the mandate check needs to know about a decision about to take effect. */
export interface MandateCheck {
  amountCents: number;
  /** The decider's limit in this gemeente; null when they hold no mandate (every decision needs approval). */
  mandateCents: number | null;
  /** The sum of the related decisions of the last 12 months (same recipient, IBAN, initiative or purpose), without this one. */
  relatedCents: number;
  deciderIsCoach: boolean;
  conflictOfInterest: boolean;
}

/**
 * Why a decision needs a second approval; empty when the decider may decide alone. The mandate
 * applies to the decision and to its sum with the related decisions: splitting does not help.
 */
export function approvalReasonsOf(check: MandateCheck): ApprovalReason[] {
  const reasons: ApprovalReason[] = [];
  const limit = check.mandateCents ?? -1;
  if (check.amountCents > limit) reasons.push('above_mandate');
  else if (check.relatedCents + check.amountCents > limit) reasons.push('above_sum');
  if (check.deciderIsCoach) reasons.push('coach');
  if (check.conflictOfInterest) reasons.push('conflict_of_interest');
  return reasons;
}

/** What an approval is bound to: a change of any of these voids it. */
export interface ApprovedContent {
  decisionId: string;
  amountCents: number;
  recipientKind: RecipientKind;
  recipient: string;
  /** The payment details: IBAN and account holder (null for an arrangement paid by tranche later, or a top-up). */
  iban: string | null;
  accountHolder: string | null;
  purpose: string;
}

/**
 * The hash an approval is frozen to (SHA-256 over a fixed, unambiguous encoding). Changing the
 * amount, the recipient, the payment details or the purpose changes it, which voids the approval.
 */
export function approvalContentHash(content: ApprovedContent): string {
  const canonical = JSON.stringify([
    'district-approval-v1',
    content.decisionId,
    content.amountCents,
    content.recipientKind,
    content.recipient.trim(),
    content.iban === null ? null : normaliseIban(content.iban),
    content.accountHolder === null ? null : content.accountHolder.trim(),
    content.purpose.trim(),
  ]);
  return createHash('sha256').update(canonical).digest('hex');
}

/** Who may approve a decision, given who they are. Undefined when they may; else why not. */
export type ApproverRefusal = 'own_decision' | 'coach_of_initiative' | 'not_authorised';

export function approverRefusal(input: {
  approverAccountId: string;
  deciderAccountId: string | null;
  coachAccountId: string | null;
  /** Holds the decide permission for the wijk, or is in the gemeente's backup pool. */
  authorised: boolean;
}): ApproverRefusal | undefined {
  if (input.deciderAccountId !== null && input.approverAccountId === input.deciderAccountId)
    return 'own_decision';
  if (input.coachAccountId !== null && input.approverAccountId === input.coachAccountId)
    return 'coach_of_initiative';
  if (!input.authorised) return 'not_authorised';
  return undefined;
}

/** A decision's money, from the ledger, by the account it is on. */
export interface DecisionMoney {
  grantedCents: number;
  committedCents: number;
  paidCents: number;
  returnedCents: number;
  /** Moved on to match household pledges (a top-up), in escrow or funded. */
  matchedCents: number;
}

export const NO_MONEY: DecisionMoney = Object.freeze({
  grantedCents: 0,
  committedCents: 0,
  paidCents: 0,
  returnedCents: 0,
  matchedCents: 0,
});

/**
 * The status a decision that took effect has after a movement of its money: `returned` when
 * nothing is left and nothing was spent, `paid` when nothing is left but something was paid,
 * `committed` while something is committed, else `granted`.
 */
export function statusAfterMovement(money: DecisionMoney): DecisionStatus {
  const open = money.grantedCents + money.committedCents;
  if (open > 0) return money.committedCents > 0 || money.paidCents > 0 ? 'committed' : 'granted';
  if (money.paidCents > 0 || money.matchedCents > 0) return 'paid';
  return 'returned';
}

/** Whether a date (Amsterdam) falls in the last four weeks of its year. */
export function isLateInYear(date: IsoDate): boolean {
  const year = Number(date.slice(0, 4));
  return date > addDays(`${year}-12-31`, -LATE_WINDOW_DAYS);
}

/**
 * The late-in-year flag: more than `sharePercent` of what a wijk granted in a year was granted
 * in its last four weeks (the Christmas trees of December).
 */
export function lateInYearFlag(
  grants: readonly { decidedOn: IsoDate; amountCents: number }[],
  sharePercent: number,
): { lateCents: number; totalCents: number; flagged: boolean } {
  let lateCents = 0;
  let totalCents = 0;
  for (const g of grants) {
    totalCents += g.amountCents;
    if (isLateInYear(g.decidedOn)) lateCents += g.amountCents;
  }
  return { lateCents, totalCents, flagged: totalCents > 0 && lateCents * 100 > totalCents * sharePercent };
}

/** Money that came into a wijk's year, by the year it was first allocated for. */
export interface Inflow {
  originYear: number;
  cents: number;
}

/**
 * What happens at a year's close to what the wijk has left: the oldest money is taken to have
 * been spent first; what is left of each origin year carries over to the next year while it is
 * younger than the gemeente's carry-over term, and lapses otherwise.
 */
export function closePlan(input: {
  year: number;
  remainingCents: number;
  inflows: readonly Inflow[];
  carryOverYears: number;
}): { carry: Inflow[]; lapseCents: number } {
  const byOrigin = new Map<number, number>();
  for (const f of input.inflows) byOrigin.set(f.originYear, (byOrigin.get(f.originYear) ?? 0) + f.cents);
  // Walk from the newest origin back: the remaining money is the newest.
  const origins = [...byOrigin.keys()].sort((a, b) => b - a);
  let left = Math.max(0, input.remainingCents);
  const carry: Inflow[] = [];
  let lapseCents = 0;
  for (const origin of origins) {
    if (left === 0) break;
    const part = Math.min(left, Math.max(0, byOrigin.get(origin) ?? 0));
    left -= part;
    if (part === 0) continue;
    if (input.year + 1 - origin <= input.carryOverYears) carry.push({ originYear: origin, cents: part });
    else lapseCents += part;
  }
  // More left than ever came in can only be a bug upstream; it lapses rather than vanishing.
  lapseCents += left;
  return { carry: carry.sort((a, b) => a.originYear - b.originYear), lapseCents };
}

/** The ledger reference of a decision: every movement of its money carries it. */
export function decisionReference(decisionId: string): string {
  return `decision:${decisionId}`;
}

/** The public reference of a decision: WB-0637-2026-0042 (wijkbudget, gemeente, year, number). */
export function publicReference(municipalityCode: string, year: number, number: number): string {
  return `WB-${municipalityCode.slice(2)}-${year}-${String(number).padStart(4, '0')}`;
}
