import type { Db } from '../../db/database.js';
import type { RevisionCache } from '../../db/revisions.js';
import { amsterdamDate, type IsoDate } from '../../shared/dates.js';
import type { Ledger, LedgerSum } from '../budgets/index.js';
import {
  lateInYearFlag,
  objectionDeadline,
  decisionReference,
  type ApprovalReason,
  type DecisionKind,
  type DecisionStatus,
} from './district-budget.js';
import * as repo from './district-budget.public.repository.js';
import { findSetting } from './district-budget.repository.js';

/**
 * The public side of the district budget: the register of decisions per wijk and gemeente,
 * each with its money (granted, committed, paid, returned, from the ledger), its related
 * decisions and its objection route, and the budget overview per wijk. Never personal data:
 * no payment details, no decider's name (their role is said in words), and a person who
 * receives money is "a resident". Reads go through the process's cache (`district` topic, and
 * at most `FIGURES_MAX_AGE_MS` old for what the ledger moves without a decision changing:
 * match funding as pledges arrive).
 */
export interface DistrictPublicContext {
  db: Db;
  cache: RevisionCache;
  ledger: Ledger;
  clock: () => Date;
}

/** Ledger figures move with household pledges (match funding) without a counter: read again after this long. */
export const FIGURES_MAX_AGE_MS = 1000;
/** Related decisions shown with each decision at most (the count says how many there are). */
export const RELATED_SHOWN = 5;
/** Decisions per page of the register and the API. */
export const REGISTER_PAGE_SIZE = 50;
/** The open data files hold every decision of their scope up to this many. */
export const OPEN_DATA_LIMIT = 100_000;

/** A decision's money, from the ledger lines carrying its reference. */
export interface PublicMoney {
  committedCents: number;
  paidCents: number;
  returnedCents: number;
  /** Moved on to match household pledges (a top-up). */
  matchedCents: number;
}

export interface PublicRelated {
  reference: string;
  title: string;
  wijkCode: string;
  amountCents: number;
  status: DecisionStatus;
  decidedOn: IsoDate;
  ties: readonly ('recipient' | 'initiative' | 'purpose')[];
}

/** A decision as the public sees it. */
export interface PublicDecision {
  reference: string;
  municipalityCode: string;
  wijkCode: string;
  buurtCode: string | null;
  year: number;
  kind: DecisionKind;
  title: string;
  purpose: string;
  reason: string;
  /** The recipient's name, or null for a person (shown as "a resident"). */
  recipient: string | null;
  recipientKind: 'initiative' | 'organisation' | 'person';
  amountCents: number;
  place: { lat: number; lon: number } | null;
  arrangementReference: string | null;
  spendBy: IsoDate | null;
  decidedOn: IsoDate;
  /** Why a second person approved it (empty: decided within the mandate). */
  approvalReasons: readonly ApprovalReason[];
  status: DecisionStatus;
  statusOn: IsoDate;
  madeKnownOn: IsoDate;
  /** The last day to object (bezwaar): six weeks after it was made known. */
  objectionDeadline: IsoDate;
  money: PublicMoney;
  related: readonly PublicRelated[];
  relatedTotal: number;
}

const NO_MONEY: PublicMoney = Object.freeze({
  committedCents: 0,
  paidCents: 0,
  returnedCents: 0,
  matchedCents: 0,
});
const DISTRICT_ACCOUNTS = new Set([
  'district_budget',
  'district_source',
  'district_granted',
  'district_committed',
  'district_paid',
  'district_lapsed',
]);

/** A decision's money from its ledger sums. */
export function moneyOf(sums: readonly LedgerSum[]): PublicMoney {
  let committed = 0;
  let paid = 0;
  let returned = 0;
  let matchedOut = 0;
  for (const s of sums) {
    if (s.account === 'district_committed') committed += s.cents;
    if (s.account === 'district_paid') paid += s.cents;
    if (s.account === 'district_budget' && s.kind === 'return') returned += s.cents;
    if (DISTRICT_ACCOUNTS.has(s.account) && (s.kind === 'match' || s.kind === 'match_release'))
      matchedOut -= s.cents;
  }
  return { committedCents: committed, paidCents: paid, returnedCents: returned, matchedCents: matchedOut };
}

function present(row: repo.PublicDecisionRow, money: PublicMoney, related: RelatedOf): PublicDecision {
  return {
    reference: row.reference,
    municipalityCode: row.municipality_code,
    wijkCode: row.wijk_code,
    buurtCode: row.buurt_code,
    year: row.year,
    kind: row.kind,
    title: row.title,
    purpose: row.purpose,
    reason: row.reason,
    recipient: row.recipient_kind === 'person' ? null : row.recipient,
    recipientKind: row.recipient_kind,
    amountCents: row.amount_cents,
    place: row.lat !== null && row.lon !== null ? { lat: row.lat, lon: row.lon } : null,
    arrangementReference: row.arrangement_reference,
    spendBy: row.spend_by,
    decidedOn: amsterdamDate(row.decided_at),
    approvalReasons: row.approval_reasons,
    status: row.status,
    statusOn: amsterdamDate(row.status_at),
    madeKnownOn: row.made_known_on,
    objectionDeadline: objectionDeadline(row.made_known_on),
    money,
    related: related.shown,
    relatedTotal: related.total,
  };
}

/** The related decisions of one decision: the nearest in time, and how many there are in all. */
interface RelatedOf {
  shown: PublicRelated[];
  total: number;
}

const NO_RELATED: RelatedOf = Object.freeze({ shown: [], total: 0 });

/** Twelve months before or after a moment (the sum rule's window, both ways). */
function monthsFrom(at: Date, months: number): Date {
  const moved = new Date(at.getTime());
  moved.setUTCMonth(moved.getUTCMonth() + months);
  return moved;
}

/**
 * Ties each shown decision to the candidates decided within twelve months before or after it
 * for the same recipient, initiative or purpose (in its gemeente): at most `perDecision`, the
 * nearest in time first (then by reference), with the count of all. Pure, so the register's
 * related decisions cost one read for a whole page.
 */
export function tieRelated(
  shown: readonly Pick<
    repo.PublicDecisionRow,
    'id' | 'municipality_code' | 'decided_at' | 'recipient_key' | 'purpose_key' | 'initiative_id'
  >[],
  candidates: readonly repo.RelatedCandidateRow[],
  perDecision: number,
  municipalityOf: (candidate: repo.RelatedCandidateRow) => string,
): Map<string, RelatedOf> {
  const out = new Map<string, RelatedOf>();
  for (const s of shown) {
    const from = monthsFrom(s.decided_at, -12).getTime();
    const until = monthsFrom(s.decided_at, 12).getTime();
    const tied: { c: repo.RelatedCandidateRow; distance: number; ties: PublicRelated['ties'] }[] = [];
    for (const c of candidates) {
      if (c.id === s.id) continue;
      const at = c.decided_at.getTime();
      if (at < from || at > until) continue;
      const sameGemeente = municipalityOf(c) === s.municipality_code;
      const recipient = sameGemeente && s.recipient_key !== '' && c.recipient_key === s.recipient_key;
      const initiative = s.initiative_id !== null && c.initiative_id === s.initiative_id;
      const purpose = sameGemeente && s.purpose_key !== '' && c.purpose_key === s.purpose_key;
      if (!recipient && !initiative && !purpose) continue;
      tied.push({
        c,
        // By the second: the database keeps microseconds, a Date only milliseconds.
        distance: Math.round(Math.abs(at - s.decided_at.getTime()) / 1000),
        ties: [
          ...(recipient ? (['recipient'] as const) : []),
          ...(initiative ? (['initiative'] as const) : []),
          ...(purpose ? (['purpose'] as const) : []),
        ],
      });
    }
    if (tied.length === 0) continue;
    tied.sort((a, b) => a.distance - b.distance || (a.c.reference < b.c.reference ? -1 : 1));
    out.set(s.id, {
      total: tied.length,
      shown: tied.slice(0, perDecision).map(({ c, ties }) => ({
        reference: c.reference,
        title: c.title,
        wijkCode: c.wijk_code,
        amountCents: c.amount_cents,
        status: c.status,
        decidedOn: amsterdamDate(c.decided_at),
        ties,
      })),
    });
  }
  return out;
}

/** The related decisions of rows (all of one gemeente, as every scope is): one read. */
async function relatedOfRows(
  ctx: DistrictPublicContext,
  rows: readonly repo.PublicDecisionRow[],
): Promise<Map<string, RelatedOf>> {
  const first = rows[0];
  if (!first) return new Map();
  let earliest = first.decided_at;
  let latest = first.decided_at;
  for (const r of rows) {
    if (r.decided_at < earliest) earliest = r.decided_at;
    if (r.decided_at > latest) latest = r.decided_at;
  }
  const byGemeente = new Map<string, repo.PublicDecisionRow[]>();
  for (const r of rows)
    byGemeente.set(r.municipality_code, [...(byGemeente.get(r.municipality_code) ?? []), r]);
  const found = await Promise.all(
    [...byGemeente].map(([municipalityCode, own]) =>
      repo.findRelatedCandidates(ctx.db, {
        municipalityCode,
        from: monthsFrom(earliest, -12),
        until: monthsFrom(latest, 12),
        recipientKeys: [...new Set(own.map((r) => r.recipient_key).filter((k) => k !== ''))],
        purposeKeys: [...new Set(own.map((r) => r.purpose_key).filter((k) => k !== ''))],
        initiativeIds: [...new Set(own.flatMap((r) => (r.initiative_id === null ? [] : [r.initiative_id])))],
      }),
    ),
  );
  // A candidate's gemeente is its wijk's (WK0637xx lies in GM0637).
  return tieRelated(rows, found.flat(), RELATED_SHOWN, (c) => `GM${c.wijk_code.slice(2, 6)}`);
}

/** Rows with their money and related decisions: two reads, side by side, for any number of rows. */
async function complete(
  ctx: DistrictPublicContext,
  rows: readonly repo.PublicDecisionRow[],
  options: { related: boolean },
): Promise<PublicDecision[]> {
  if (rows.length === 0) return [];
  const [sums, related] = await Promise.all([
    ctx.ledger.sumByReferences(
      ctx.db,
      rows.map((r) => decisionReference(r.id)),
    ),
    options.related ? relatedOfRows(ctx, rows) : new Map<string, RelatedOf>(),
  ]);
  const sumsOf = new Map<string, LedgerSum[]>();
  for (const s of sums) {
    if (s.reference === null) continue;
    const list = sumsOf.get(s.reference) ?? [];
    list.push(s);
    sumsOf.set(s.reference, list);
  }
  return rows.map((row) => {
    const own = sumsOf.get(decisionReference(row.id));
    return present(row, own ? moneyOf(own) : NO_MONEY, related.get(row.id) ?? NO_RELATED);
  });
}

/** Where a register looks: one wijk or a whole gemeente, in one year. */
export interface RegisterScope {
  municipalityCode: string;
  wijkCode?: string;
  year: number;
}

function scopeKey(scope: RegisterScope): string {
  return `${scope.wijkCode ?? scope.municipalityCode}:${scope.year}`;
}

function repoScope(scope: RegisterScope): repo.PublicScope {
  return scope.wijkCode !== undefined
    ? { wijkCode: scope.wijkCode, year: scope.year }
    : { municipalityCode: scope.municipalityCode, year: scope.year };
}

/** One page of a register (newest first), with the count of all its decisions and of those awaiting approval. */
export async function registerPage(
  ctx: DistrictPublicContext,
  scope: RegisterScope,
  page: number,
): Promise<{ decisions: PublicDecision[]; total: number; awaiting: number; pages: number }> {
  return ctx.cache.get(
    `district:register:${scopeKey(scope)}:${page}`,
    ['district'],
    async () => {
      const where = repoScope(scope);
      // One statement for the page and its counts; only a page past the end counts apart.
      const found = await repo.findRegisterPage(ctx.db, where, {
        limit: REGISTER_PAGE_SIZE,
        offset: (page - 1) * REGISTER_PAGE_SIZE,
      });
      const counted: { rows: repo.PublicDecisionRow[]; total: number; awaiting: number } = found ?? {
        rows: [],
        total: await repo.countPublicDecisions(ctx.db, where),
        awaiting: await repo.countAwaiting(ctx.db, where),
      };
      const { rows, total, awaiting } = counted;
      return {
        decisions: await complete(ctx, rows, { related: true }),
        total,
        awaiting,
        pages: Math.max(1, Math.ceil(total / REGISTER_PAGE_SIZE)),
      };
    },
    { maxAgeMs: FIGURES_MAX_AGE_MS },
  );
}

function sameMoney(a: ReadonlyMap<string, PublicMoney>, b: ReadonlyMap<string, PublicMoney>): boolean {
  if (a.size !== b.size) return false;
  for (const [reference, m] of a) {
    const n = b.get(reference);
    if (
      !n ||
      n.committedCents !== m.committedCents ||
      n.paidCents !== m.paidCents ||
      n.returnedCents !== m.returnedCents ||
      n.matchedCents !== m.matchedCents
    )
      return false;
  }
  return true;
}

const NO_TOP_UPS: ReadonlyMap<string, PublicMoney> = new Map();

/**
 * Every public decision of a scope (open data files), newest first, without related decisions.
 * The decisions and their money are read again only when the `district` topic moves: every
 * movement of a decision's money comes with a change of the decision (its status), except what
 * match funding moves as household pledges arrive. The money of the scope's top-ups is therefore
 * read apart, at most a second old, and given back as the same object while it stays the same;
 * so the list, and the files rendered from it (`RevisionCache.derived`), stay as they are until
 * something in them changed.
 */
export async function allDecisions(
  ctx: DistrictPublicContext,
  scope: RegisterScope,
): Promise<PublicDecision[]> {
  const key = scopeKey(scope);
  const { decisions, topUps } = await ctx.cache.get(`district:all:${key}`, ['district'], async () => {
    const rows = await repo.findPublicDecisions(ctx.db, repoScope(scope), {
      limit: OPEN_DATA_LIMIT,
      offset: 0,
    });
    return {
      decisions: await complete(ctx, rows, { related: false }),
      // Ledger reference → public reference of each top-up.
      topUps: new Map(
        rows.filter((r) => r.kind === 'top_up').map((r) => [decisionReference(r.id), r.reference]),
      ),
    };
  });
  const fresh =
    topUps.size === 0
      ? NO_TOP_UPS
      : await ctx.cache.get(
          `district:all-top-ups:${key}`,
          ['district'],
          async () => {
            const sums = await ctx.ledger.sumByReferences(ctx.db, [...topUps.keys()]);
            return new Map(
              [...topUps].map(([ledgerReference, reference]) => [
                reference,
                moneyOf(sums.filter((s) => s.reference === ledgerReference)),
              ]),
            );
          },
          { maxAgeMs: FIGURES_MAX_AGE_MS, same: sameMoney },
        );
  return ctx.cache.derived([decisions, fresh], 'with-top-ups', () =>
    fresh.size === 0
      ? decisions
      : decisions.map((d) => {
          const money = fresh.get(d.reference);
          return money ? { ...d, money } : d;
        }),
  );
}

/** One public decision with everything the register shows; undefined when there is none (or it is not public). */
export async function publicDecision(
  ctx: DistrictPublicContext,
  reference: string,
): Promise<PublicDecision | undefined> {
  return ctx.cache.get(
    `district:decision:${reference}`,
    ['district'],
    async () => {
      const row = await repo.findPublicDecision(ctx.db, reference);
      if (!row) return undefined;
      const [decision] = await complete(ctx, [row], { related: true });
      return decision;
    },
    { maxAgeMs: FIGURES_MAX_AGE_MS },
  );
}

/** A wijk's year in figures. Every figure is in cents. */
export interface WijkFigures {
  wijkCode: string;
  /** Allocated by the gemeente for this year. */
  allocatedCents: number;
  /** Carried over from earlier years (net of what went on at the year's close). */
  carriedCents: number;
  /** Granted by a decision, not yet committed. */
  grantedCents: number;
  committedCents: number;
  /** Paid out, and matched to household pledges. */
  spentCents: number;
  /** Came back from decisions (unspent, or past its deadline): part of the remaining money again. */
  returnedCents: number;
  /** Not granted yet. */
  remainingCents: number;
  lapsedCents: number;
}

/** A wijk's figures from its ledger sums (one year). */
export function figuresOf(wijkCode: string, sums: readonly LedgerSum[]): WijkFigures {
  const f: WijkFigures = {
    wijkCode,
    allocatedCents: 0,
    carriedCents: 0,
    grantedCents: 0,
    committedCents: 0,
    spentCents: 0,
    returnedCents: 0,
    remainingCents: 0,
    lapsedCents: 0,
  };
  for (const s of sums) {
    if (s.wijkCode !== wijkCode) continue;
    if (s.account === 'district_source') f.allocatedCents -= s.cents;
    if (s.account === 'district_budget') {
      f.remainingCents += s.cents;
      if (s.kind === 'carry_over') f.carriedCents += s.cents;
      if (s.kind === 'return') f.returnedCents += s.cents;
    }
    if (s.account === 'district_granted') f.grantedCents += s.cents;
    if (s.account === 'district_committed') f.committedCents += s.cents;
    if (s.account === 'district_paid') f.spentCents += s.cents;
    if (s.account === 'district_lapsed') f.lapsedCents += s.cents;
    // Matched to pledges: the money left the district's accounts for the initiative's.
    if (DISTRICT_ACCOUNTS.has(s.account) && (s.kind === 'match' || s.kind === 'match_release'))
      f.spentCents -= s.cents;
  }
  return f;
}

/** The late-in-year flag of a wijk's year: more than the gemeente's share granted in its last four weeks. */
export interface LateFlag {
  lateCents: number;
  totalCents: number;
  sharePercent: number;
  flagged: boolean;
}

export interface Overview {
  year: number;
  years: readonly number[];
  wijken: readonly WijkFigures[];
  /** For a wijk only. */
  late: LateFlag | undefined;
}

/**
 * The years a wijk or gemeente has a district budget for, and the one to show: `year` when it is
 * one of them, else (`year` undefined) the current year when it has a budget, else the newest.
 * Undefined when the place has no budget in that year (or at all).
 */
export async function budgetYear(
  ctx: DistrictPublicContext,
  place: { municipalityCode: string; wijkCode?: string },
  year: number | undefined,
): Promise<{ years: number[]; year: number } | undefined> {
  const where =
    place.wijkCode !== undefined
      ? { wijkCode: place.wijkCode }
      : { municipalityCode: place.municipalityCode };
  const years = await ctx.cache.get(
    `district:years:${place.wijkCode ?? place.municipalityCode}`,
    ['district'],
    () => repo.findBudgetYears(ctx.db, where),
  );
  const current = Number(amsterdamDate(ctx.clock()).slice(0, 4));
  const chosen = year ?? (years.includes(current) ? current : years[0]);
  if (chosen === undefined || !years.includes(chosen)) return undefined;
  return { years, year: chosen };
}

/**
 * The budget overview of a wijk (one row) or of a gemeente (a row per wijk with a budget) in a
 * year; `year` undefined takes the newest year with a budget. Undefined when the place has no
 * district budget at all.
 */
export async function overview(
  ctx: DistrictPublicContext,
  place: { municipalityCode: string; wijkCode?: string },
  year: number | undefined,
): Promise<Overview | undefined> {
  const found = await budgetYear(ctx, place, year);
  if (!found) return undefined;
  const { years, year: chosen } = found;
  return ctx.cache.get(
    `district:overview:${place.wijkCode ?? place.municipalityCode}:${chosen}`,
    ['district'],
    async () => {
      const wijkCodes =
        place.wijkCode !== undefined
          ? [place.wijkCode]
          : await repo.findBudgetWijken(ctx.db, place.municipalityCode, chosen);
      const sums = await ctx.ledger.sumByWijken(ctx.db, wijkCodes, chosen);
      let late: LateFlag | undefined;
      if (place.wijkCode !== undefined) {
        const [grants, setting] = await Promise.all([
          repo.findGrantDays(ctx.db, place.wijkCode, chosen),
          findSetting(ctx.db, place.municipalityCode),
        ]);
        const sharePercent = setting?.late_share_percent ?? 25;
        late = { ...lateInYearFlag(grants, sharePercent), sharePercent };
      }
      return { year: chosen, years, wijken: wijkCodes.map((w) => figuresOf(w, sums)), late };
    },
    { maxAgeMs: FIGURES_MAX_AGE_MS },
  );
}

/** The gemeenten with a district budget (the open-data catalogue lists a file for each). */
export function municipalitiesWithBudgets(ctx: DistrictPublicContext): Promise<string[]> {
  return ctx.cache.get('district:municipalities', ['district'], () =>
    repo.findMunicipalitiesWithBudgets(ctx.db),
  );
}
