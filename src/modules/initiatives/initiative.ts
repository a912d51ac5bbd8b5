/**
 * Initiatives: the stages an initiative goes through at the one desk (één loket), and who may
 * move it. Pure rules; the service enforces them and the database records every move.
 */
export const STAGES = [
  'submitted',
  'intake',
  'in_preparation',
  'open_for_support',
  'funded',
  'not_funded',
  'in_execution',
  'completed',
  'evaluated',
  'withdrawn',
  'declined',
] as const;
export type Stage = (typeof STAGES)[number];

export const THEMES = [
  'ontmoeting',
  'groen',
  'spelen',
  'veiligheid',
  'zorg',
  'jongeren',
  'eenzaamheid',
  'overig',
] as const;
export type Theme = (typeof THEMES)[number];

export const HELP_KINDS = ['money', 'permit', 'people', 'space', 'materials'] as const;
export type HelpKind = (typeof HELP_KINDS)[number];

/** Who moves an initiative: its initiator, staff at the desk (a coach), or the system (the budget). */
export type Mover = 'initiator' | 'coach' | 'system';

interface Move {
  from: Stage;
  to: Stage;
  by: readonly Mover[];
}

/** Stages before funding, from which an initiative can still be withdrawn or declined. */
const BEFORE_FUNDING: readonly Stage[] = ['submitted', 'intake', 'in_preparation', 'open_for_support'];

/**
 * Every allowed move, as one table. Withdrawn (by the initiator) and declined (by a coach) are
 * possible from every stage before funding; both always need a reason.
 */
export const MOVES: readonly Move[] = [
  { from: 'submitted', to: 'intake', by: ['coach'] },
  { from: 'intake', to: 'in_preparation', by: ['coach'] },
  { from: 'in_preparation', to: 'open_for_support', by: ['coach'] },
  // Household pledges reach the goal, or a coach records a grant that covers it.
  { from: 'open_for_support', to: 'funded', by: ['system', 'coach'] },
  // The deadline passes before the goal is reached.
  { from: 'open_for_support', to: 'not_funded', by: ['system', 'coach'] },
  // A second try after not being funded: back to preparation with the coach.
  { from: 'not_funded', to: 'in_preparation', by: ['coach'] },
  { from: 'funded', to: 'in_execution', by: ['coach'] },
  { from: 'in_execution', to: 'completed', by: ['coach'] },
  { from: 'completed', to: 'evaluated', by: ['coach'] },
  ...BEFORE_FUNDING.map((from) => ({ from, to: 'withdrawn' as const, by: ['initiator', 'coach'] as const })),
  ...BEFORE_FUNDING.map((from) => ({ from, to: 'declined' as const, by: ['coach'] as const })),
];

/** Moves that must state a reason, shown on the public timeline. */
export const REASON_REQUIRED: readonly Stage[] = ['withdrawn', 'declined', 'not_funded'];

export type MoveRefusal = 'not_allowed' | 'not_yours' | 'reason_required';

/**
 * Whether `by` may move an initiative from `from` to `to`; the refusal says why not.
 * `reason` is the text given with the move (trimmed by the caller).
 */
export function checkMove(from: Stage, to: Stage, by: Mover, reason: string): MoveRefusal | undefined {
  const move = MOVES.find((m) => m.from === from && m.to === to);
  if (!move) return 'not_allowed';
  if (!move.by.includes(by)) return 'not_yours';
  if (REASON_REQUIRED.includes(to) && reason.trim().length === 0 && by !== 'system') return 'reason_required';
  return undefined;
}

/** The stages `by` can move to from `from`: what a coach's or initiator's page offers. */
export function nextStages(from: Stage, by: Mover): Stage[] {
  return MOVES.filter((m) => m.from === from && m.by.includes(by)).map((m) => m.to);
}

/** Stages whose initiatives are shown to the public. Submitted and declined ones are not. */
export const PUBLIC_STAGES: readonly Stage[] = [
  'in_preparation',
  'open_for_support',
  'funded',
  'not_funded',
  'in_execution',
  'completed',
  'evaluated',
];

export function isFinal(stage: Stage): boolean {
  return !MOVES.some((m) => m.from === stage);
}

/** How an initiative reached the desk: online by the initiator, or by staff on their behalf. */
export const CHANNELS = ['online', 'service_desk', 'phone', 'paper'] as const;
export type Channel = (typeof CHANNELS)[number];
/** The channels staff choose from when they submit for a resident. */
export const STAFF_CHANNELS: readonly Channel[] = ['service_desk', 'phone', 'paper'];

/** At most this many photos per initiative, and this many budget rows on the form (no JavaScript needed). */
export const MAX_PHOTOS = 3;
export const BUDGET_ROWS = 6;

/**
 * Whether an initiative is shown to the public. Once published it stays visible when it is
 * later withdrawn or declined, so the public record (and its reason) does not silently vanish.
 */
export function isPublic(stage: Stage, publishedAt: Date | null): boolean {
  if (PUBLIC_STAGES.includes(stage)) return true;
  return (stage === 'withdrawn' || stage === 'declined') && publishedAt !== null;
}

/** Whether the initiative still waits for its intake after the service level's date (`YYYY-MM-DD`). */
export function isIntakeOverdue(stage: Stage, intakeDueOn: string, today: string): boolean {
  return stage === 'submitted' && today > intakeDueOn;
}

/** `INI-2026-0042`: short enough to say on the phone, unique per year. */
export function formatReference(year: number, n: number): string {
  return `INI-${year}-${String(n).padStart(4, '0')}`;
}

export const REFERENCE_PATTERN = /^INI-[0-9]{4}-[0-9]{4,}$/;

/** Sum of the budget lines in cents. */
export function budgetTotal(lines: readonly { amountCents: number }[]): number {
  return lines.reduce((sum, l) => sum + l.amountCents, 0);
}
