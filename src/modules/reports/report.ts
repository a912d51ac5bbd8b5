/**
 * Reports in public space (meldingen openbare ruimte): the pure rules. No I/O here.
 *
 * - a two-level category tree per gemeente (a main category and its subcategories; a report is
 *   filed on a subcategory, whose code is the Open311 `service_code`), with a default modelled on
 *   what Dutch municipalities use (Signalen's and Fixi's main groups);
 * - a deadline per subcategory in working days, counted with Dutch public holidays;
 * - the statuses as one table of allowed moves, and the fixed list of closing reasons;
 * - routing: ordered rules on category and place, first match wins, a default catches the rest.
 */
import { addWorkingDays, amsterdamDate, type LiberationDayRule } from '../../shared/dates.js';
import { parentCodeOf } from '../../shared/place-codes.js';

// ---- categories ----

export interface LocalName {
  nl: string;
  en: string;
}

/** A subcategory: what a resident chooses; its code is the report's service code. */
export interface SubCategory {
  code: string;
  name: LocalName;
  /** Working days to handle a report of this kind (the deadline counts from the day it is set). */
  workingDays: number;
}

export interface MainCategory {
  code: string;
  name: LocalName;
  subcategories: readonly SubCategory[];
}

export type CategoryTree = readonly MainCategory[];

const sub = (code: string, nl: string, en: string, workingDays: number): SubCategory => ({
  code,
  name: { nl, en },
  workingDays,
});

/**
 * The tree every gemeente starts with (an administrator may change names and deadlines later).
 * Deadlines follow common Dutch practice: what is unsafe (a hole in the road, a tree that may
 * fall, a damaged lamp post) within one to three working days; cleaning within three to five;
 * repairs and green maintenance within two to four weeks.
 */
export const DEFAULT_CATEGORIES: CategoryTree = [
  {
    code: 'afval',
    name: { nl: 'Afval', en: 'Waste' },
    subcategories: [
      sub('afval-naast-container', 'Afval naast container', 'Rubbish next to a container', 3),
      sub('afval-container', 'Container vol of kapot', 'Container full or broken', 3),
      sub('afval-zwerfafval', 'Zwerfafval', 'Litter', 5),
      sub('afval-dumping', 'Gedumpt grofvuil', 'Dumped bulky waste', 3),
    ],
  },
  {
    code: 'wegen',
    name: { nl: 'Wegen en straatmeubilair', en: 'Roads and street furniture' },
    subcategories: [
      sub('wegen-bestrating', 'Losse of kapotte tegels', 'Loose or broken paving', 10),
      sub('wegen-gat', 'Gat in de weg of het fietspad', 'Hole in the road or cycle path', 3),
      sub('wegen-bankje', 'Bankje, paal of hek kapot', 'Bench, post or fence broken', 15),
      sub('wegen-bord', 'Verkeersbord kapot of weg', 'Traffic sign broken or missing', 5),
    ],
  },
  {
    code: 'groen',
    name: { nl: 'Groen', en: 'Green spaces' },
    subcategories: [
      sub('groen-snoeien', 'Boom of struik snoeien', 'Tree or shrub needs pruning', 20),
      sub('groen-onkruid', 'Onkruid', 'Weeds', 20),
      sub('groen-boom-gevaar', 'Boom gevaarlijk of omgewaaid', 'Dangerous or fallen tree', 1),
      sub('groen-gras', 'Gras maaien', 'Grass needs mowing', 15),
    ],
  },
  {
    code: 'verlichting',
    name: { nl: 'Verlichting', en: 'Street lighting' },
    subcategories: [
      sub('verlichting-uit', 'Straatlantaarn doet het niet', 'Street light not working', 10),
      sub('verlichting-overdag', 'Lamp brandt overdag', 'Light on during the day', 10),
      sub('verlichting-mast', 'Lantaarnpaal beschadigd', 'Lamp post damaged', 3),
    ],
  },
  {
    code: 'spelen',
    name: { nl: 'Spelen', en: 'Play areas' },
    subcategories: [
      sub('spelen-toestel', 'Speeltoestel kapot', 'Play equipment broken', 5),
      sub('spelen-zandbak', 'Zandbak of ondergrond vies', 'Sandpit or surface dirty', 10),
    ],
  },
  {
    code: 'water',
    name: { nl: 'Water en riolering', en: 'Water and sewers' },
    subcategories: [
      sub('water-put', 'Put of kolk verstopt', 'Drain blocked', 5),
      sub('water-overlast', 'Water blijft op straat staan', 'Water stays on the street', 2),
    ],
  },
  {
    code: 'overlast',
    name: { nl: 'Overlast', en: 'Nuisance' },
    subcategories: [
      sub('overlast-fietswrak', 'Fietswrak', 'Abandoned bicycle', 15),
      sub('overlast-graffiti', 'Graffiti', 'Graffiti', 10),
      sub('overlast-ongedierte', 'Ratten of ander ongedierte', 'Rats or other pests', 5),
      sub('overlast-parkeren', 'Auto of aanhanger fout geparkeerd', 'Car or trailer parked wrongly', 5),
    ],
  },
  {
    code: 'overig',
    name: { nl: 'Overig', en: 'Other' },
    subcategories: [sub('overig-overig', 'Iets anders in de openbare ruimte', 'Something else outdoors', 10)],
  },
];

/** A category code: lower-case letters, digits and dashes. */
export const CATEGORY_CODE = /^[a-z][a-z0-9-]{1,39}$/;

/** The subcategory with this code and its main category, or undefined. */
export function findSubcategory(
  tree: CategoryTree,
  code: string,
): { main: MainCategory; sub: SubCategory } | undefined {
  for (const main of tree) {
    const found = main.subcategories.find((s) => s.code === code);
    if (found) return { main, sub: found };
  }
  return undefined;
}

// ---- deadlines ----

/** Municipal teams follow the government's rule: 5 May off in lustrum years only. */
export const REPORT_LIBERATION_DAY: LiberationDayRule = 'every-fifth-year';

/**
 * When a report set to a category at `at` is due: the end of the working day that lies
 * `workingDays` working days after that day (weekends and Dutch public holidays skipped; see
 * `dutchHolidays`), as the calendar date in Amsterdam.
 */
export function deadlineOn(at: Date, workingDays: number): string {
  return addWorkingDays(amsterdamDate(at), workingDays, REPORT_LIBERATION_DAY);
}

/** The deadline as a moment (23:59 Amsterdam time that day), for Open311's `expected_datetime`. */
export function deadlineMoment(dueOn: string): Date {
  // 22:59 UTC is 23:59 in winter and 00:59 the next day in summer: take 21:59 UTC in summer.
  const winter = new Date(`${dueOn}T22:59:00Z`);
  return amsterdamDate(winter) === dueOn ? winter : new Date(`${dueOn}T21:59:00Z`);
}

/** Whether an open report is past its deadline on `today` (Amsterdam date). */
export function isOverdue(status: ReportStatus, dueOn: string | null, today: string): boolean {
  return dueOn !== null && status !== 'closed' && today > dueOn;
}

// ---- statuses ----

export type ReportStatus = 'new' | 'accepted' | 'in_progress' | 'forwarded' | 'closed' | 'reopened';

export const REPORT_STATUSES = [
  'new',
  'accepted',
  'in_progress',
  'forwarded',
  'closed',
  'reopened',
] as const satisfies readonly ReportStatus[];

/**
 * Every allowed move, as one table. `forwarded` means sent on to another team or partner on the
 * platform, which accepts it; a report that belongs to nobody here is closed as `not_ours`.
 * A closed report only comes back by reopening (staff, or the reporter saying "not solved").
 */
export const STATUS_MOVES: Readonly<Record<ReportStatus, readonly ReportStatus[]>> = {
  new: ['accepted', 'in_progress', 'forwarded', 'closed'],
  accepted: ['in_progress', 'forwarded', 'closed'],
  in_progress: ['forwarded', 'closed'],
  forwarded: ['accepted', 'in_progress', 'closed'],
  reopened: ['accepted', 'in_progress', 'forwarded', 'closed'],
  closed: ['reopened'],
};

export function canMove(from: ReportStatus, to: ReportStatus): boolean {
  return STATUS_MOVES[from].includes(to);
}

/** Open311 knows two statuses. */
export function open311Status(status: ReportStatus): 'open' | 'closed' {
  return status === 'closed' ? 'closed' : 'open';
}

export function isReportStatus(value: unknown): value is ReportStatus {
  return REPORT_STATUSES.some((s) => s === value);
}

// ---- closing ----

export type CloseReason = 'fixed' | 'maintenance_level' | 'not_ours' | 'duplicate' | 'cannot';

export const CLOSE_REASONS = [
  'fixed',
  'maintenance_level',
  'not_ours',
  'duplicate',
  'cannot',
] as const satisfies readonly CloseReason[];

export function isCloseReason(value: unknown): value is CloseReason {
  return CLOSE_REASONS.some((r) => r === value);
}

/** A closing as staff ask for it; `detail` is to whom (not ours) or why (cannot be done). */
export interface Closing {
  reason: CloseReason | undefined;
  detail: string;
  /** The public id of the report this one duplicates (only for `duplicate`). */
  duplicateOf: string | undefined;
}

export type ClosingProblem = { field: 'reason' | 'detail' | 'duplicateOf'; problem: string };

/**
 * What is wrong with a closing, or undefined. Nothing closes without a reason; "not ours" says
 * to whom it went, "cannot be done" says why, and a duplicate names the report it repeats.
 */
export function checkClosing(closing: Closing): ClosingProblem | undefined {
  if (!closing.reason) return { field: 'reason', problem: 'reasonMissing' };
  if ((closing.reason === 'not_ours' || closing.reason === 'cannot') && closing.detail.trim().length < 3)
    return { field: 'detail', problem: closing.reason === 'not_ours' ? 'toWhomMissing' : 'whyMissing' };
  if (closing.reason === 'duplicate' && !closing.duplicateOf)
    return { field: 'duplicateOf', problem: 'duplicateMissing' };
  return undefined;
}

// ---- the reporter's confirmation ----

/** How long the link asking "was it solved?" works after a closing as fixed. */
export const CONFIRMATION_DAYS = 14;

/** Whether the link sent at `sentAt` still works at `now`. */
export function confirmationOpen(sentAt: Date, now: Date): boolean {
  return now.getTime() - sentAt.getTime() <= CONFIRMATION_DAYS * 24 * 60 * 60 * 1000;
}

/**
 * What a reporter's "not solved" does: the first time it reopens the report; when the reporter
 * disputed a fix of this report before (it was reopened, closed again, and disputed again), the
 * disagreement is recorded on the timeline and the report stays closed, so one answer cannot
 * keep a report open for ever against the team's judgement.
 */
export function notSolvedOutcome(earlierDisputes: number): 'reopen' | 'record' {
  return earlierDisputes === 0 ? 'reopen' : 'record';
}

// ---- routing ----

/** One routing rule: the first rule, by position, whose conditions all hold picks the team. */
export interface RoutingRule {
  position: number;
  /** A main category or subcategory code; undefined for any. */
  categoryCode: string | undefined;
  /** A wijk or buurt code; undefined for anywhere in the gemeente. */
  placeCode: string | undefined;
  teamId: string;
}

export interface RoutingSubject {
  categoryCode: string;
  mainCategoryCode: string;
  buurtCode: string;
}

/**
 * The team for a report: the first rule (lowest position) whose category (main or sub) and
 * place (the report's buurt or its wijk) match; the gemeente's default team when none does.
 */
export function routeReport(
  rules: readonly RoutingRule[],
  subject: RoutingSubject,
  defaultTeamId: string,
): string {
  const wijkCode = parentCodeOf(subject.buurtCode);
  const ordered = [...rules].sort((a, b) => a.position - b.position);
  const match = ordered.find(
    (rule) =>
      (rule.categoryCode === undefined ||
        rule.categoryCode === subject.categoryCode ||
        rule.categoryCode === subject.mainCategoryCode) &&
      (rule.placeCode === undefined || rule.placeCode === subject.buurtCode || rule.placeCode === wijkCode),
  );
  return match?.teamId ?? defaultTeamId;
}

// ---- nearby ----

/** Reports of the same category this close, and this recent, are offered as "the same?". */
export const DUPLICATE_RADIUS_METRES = 50;
export const DUPLICATE_WEEKS = 12;

/** Great-circle distance in metres (haversine; exact enough at 50 m). */
export function distanceMetres(a: { lat: number; lon: number }, b: { lat: number; lon: number }): number {
  const r = 6_371_000;
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLon = (b.lon - a.lon) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * r * Math.asin(Math.sqrt(h));
}

/** A box around a point that holds every point within `metres` (for an indexed pre-filter). */
export function boxAround(
  point: { lat: number; lon: number },
  metres: number,
): { minLat: number; maxLat: number; minLon: number; maxLon: number } {
  const dLat = metres / 111_320;
  const dLon = metres / (111_320 * Math.cos((point.lat * Math.PI) / 180));
  return {
    minLat: point.lat - dLat,
    maxLat: point.lat + dLat,
    minLon: point.lon - dLon,
    maxLon: point.lon + dLon,
  };
}

// ---- public ids ----

/** The stable public id of a report (also Open311's `service_request_id`): `M-2026-000123`. */
export function formatPublicId(year: number, number: number): string {
  return `M-${year}-${String(number).padStart(6, '0')}`;
}

export const PUBLIC_ID = /^M-[0-9]{4}-[0-9]{6,}$/;

/** How a report reached us. */
export type ReportChannel = 'web' | 'phone' | 'desk' | 'paper' | 'api';

export const REPORT_CHANNELS = [
  'web',
  'phone',
  'desk',
  'paper',
  'api',
] as const satisfies readonly ReportChannel[];
