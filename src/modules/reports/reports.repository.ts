import { sql, type Generated, type Insertable, type Selectable } from 'kysely';
import type { Queryable } from '../../db/database.js';
import type { CloseReason, ReportChannel, ReportStatus } from './report.js';

interface TeamTable {
  id: Generated<string>;
  municipality_code: string;
  code: string;
  name: string;
  organisation: string | null;
  is_default: boolean;
}
interface CategoryTable {
  municipality_code: string;
  code: string;
  parent_code: string | null;
  name_nl: string;
  name_en: string;
  position: number;
  active: boolean;
}
interface DeadlineTable {
  id: Generated<number>;
  municipality_code: string;
  category_code: string;
  working_days: number;
  valid_from: Date;
}
interface RuleTable {
  id: Generated<string>;
  municipality_code: string;
  position: number;
  category_code: string | null;
  place_code: string | null;
  team_id: string;
}
interface ReportTable {
  id: Generated<string>;
  public_id: string;
  municipality_code: string;
  wijk_code: string;
  buurt_code: string;
  category_code: string;
  description: string;
  lat: number | null;
  lon: number | null;
  address_text: string;
  channel: ReportChannel;
  status: ReportStatus;
  team_id: string;
  requested_at: Date;
  updated_at: Date;
  deadline_id: number;
  due_on: string;
  expected_at: Date;
  closed_at: Date | null;
  close_reason: CloseReason | null;
  close_detail: Generated<string>;
  duplicate_of: string | null;
  tracking_token_hash: string;
  reporter_email: string | null;
  contact_erased_at: Date | null;
  entered_by_account_id: string | null;
  confirm_token_hash: string | null;
  confirm_sent_at: Date | null;
  confirmation: 'solved' | 'not_solved' | null;
  confirmation_reason: Generated<string>;
  confirmed_at: Date | null;
}
export type UpdateKind =
  'submitted' | 'status' | 'forwarded' | 'closed' | 'merged' | 'reopened' | 'confirmed' | 'disputed';
interface UpdateTable {
  id: Generated<number>;
  report_id: string;
  at: Date;
  kind: UpdateKind;
  status: ReportStatus;
  team_id: string | null;
  public_message: string;
  internal_note: string;
  actor_account_id: string | null;
}
interface SupporterTable {
  id: Generated<string>;
  report_id: string;
  email: string | null;
  channel: ReportChannel;
  created_at: Date;
  report_closed_at: Date | null;
  contact_erased_at: Date | null;
}

// A type alias, not an interface: Kysely's withTables needs the implicit index signature.
type ReportsTables = {
  report_team: TeamTable;
  report_category: CategoryTable;
  report_category_deadline: DeadlineTable;
  report_routing_rule: RuleTable;
  report: ReportTable;
  report_update: UpdateTable;
  report_supporter: SupporterTable;
};

const q = (db: Queryable) => db.withTables<ReportsTables>();

export type TeamRow = Selectable<TeamTable>;
export type CategoryRow = Selectable<CategoryTable>;
export type RuleRow = Selectable<RuleTable>;
export type ReportRow = Selectable<ReportTable>;
export type UpdateRow = Selectable<UpdateTable>;

// ---- set-up per gemeente ----

export async function hasSetUp(db: Queryable, gemeente: string): Promise<boolean> {
  const row = await q(db)
    .selectFrom('report_team')
    .select('id')
    .where('municipality_code', '=', gemeente)
    .where('is_default', '=', true)
    .executeTakeFirst();
  return row !== undefined;
}

export async function insertTeams(
  db: Queryable,
  rows: readonly Omit<Insertable<TeamTable>, 'id'>[],
): Promise<void> {
  if (rows.length === 0) return;
  await q(db)
    .insertInto('report_team')
    .values([...rows])
    .onConflict((oc) => oc.columns(['municipality_code', 'code']).doNothing())
    .execute();
}

export async function insertCategories(db: Queryable, rows: readonly CategoryTable[]): Promise<void> {
  if (rows.length === 0) return;
  await q(db)
    .insertInto('report_category')
    .values([...rows])
    .onConflict((oc) => oc.columns(['municipality_code', 'code']).doNothing())
    .execute();
}

export async function insertDeadlines(
  db: Queryable,
  rows: readonly Omit<Insertable<DeadlineTable>, 'id'>[],
): Promise<void> {
  if (rows.length === 0) return;
  await q(db)
    .insertInto('report_category_deadline')
    .values([...rows])
    .execute();
}

export async function insertRules(
  db: Queryable,
  rows: readonly Omit<Insertable<RuleTable>, 'id'>[],
): Promise<void> {
  if (rows.length === 0) return;
  await q(db)
    .insertInto('report_routing_rule')
    .values([...rows])
    .onConflict((oc) => oc.columns(['municipality_code', 'position']).doNothing())
    .execute();
}

export function findTeams(db: Queryable, gemeente: string) {
  return q(db)
    .selectFrom('report_team')
    .selectAll()
    .where('municipality_code', '=', gemeente)
    .orderBy('is_default', 'desc')
    .orderBy('name')
    .execute();
}

export function findTeamsByIds(db: Queryable, ids: readonly string[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return q(db)
    .selectFrom('report_team')
    .selectAll()
    .where('id', 'in', [...ids])
    .execute();
}

export function findCategories(db: Queryable, gemeente: string) {
  return q(db)
    .selectFrom('report_category')
    .selectAll()
    .where('municipality_code', '=', gemeente)
    .where('active', '=', true)
    .orderBy('position')
    .execute();
}

/** The deadline version in force at `at` for one category. */
export function findCurrentDeadline(db: Queryable, gemeente: string, categoryCode: string, at: Date) {
  return q(db)
    .selectFrom('report_category_deadline')
    .select(['id', 'working_days'])
    .where('municipality_code', '=', gemeente)
    .where('category_code', '=', categoryCode)
    .where('valid_from', '<=', at)
    .orderBy('valid_from', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** The working days in force at `at` for every category of a gemeente. */
export async function findCurrentWorkingDays(
  db: Queryable,
  gemeente: string,
  at: Date,
): Promise<Map<string, number>> {
  const rows = await q(db)
    .selectFrom('report_category_deadline')
    .select(['category_code', 'working_days'])
    .distinctOn('category_code')
    .where('municipality_code', '=', gemeente)
    .where('valid_from', '<=', at)
    .orderBy('category_code')
    .orderBy('valid_from', 'desc')
    .orderBy('id', 'desc')
    .execute();
  return new Map(rows.map((r) => [r.category_code, r.working_days]));
}

export function findRules(db: Queryable, gemeente: string) {
  return q(db)
    .selectFrom('report_routing_rule')
    .selectAll()
    .where('municipality_code', '=', gemeente)
    .orderBy('position')
    .execute();
}

// ---- reports ----

export async function nextReportNumber(db: Queryable): Promise<number> {
  const { rows } = await sql<{ n: number }>`select nextval('report_number_seq')::integer as n`.execute(db);
  return rows[0]?.n ?? 1;
}

export async function insertReport(db: Queryable, row: Omit<Insertable<ReportTable>, 'id'>): Promise<string> {
  const { id } = await q(db).insertInto('report').values(row).returning('id').executeTakeFirstOrThrow();
  return id;
}

export function findReportByPublicId(db: Queryable, publicId: string) {
  return q(db).selectFrom('report').selectAll().where('public_id', '=', publicId).executeTakeFirst();
}

/** The report by public id, locked for a change (one change at a time per report). */
export function lockReportByPublicId(db: Queryable, publicId: string) {
  return q(db)
    .selectFrom('report')
    .selectAll()
    .where('public_id', '=', publicId)
    .forUpdate()
    .executeTakeFirst();
}

export function findReportById(db: Queryable, id: string) {
  return q(db).selectFrom('report').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findReportByTokenHash(db: Queryable, hash: string) {
  return q(db).selectFrom('report').selectAll().where('tracking_token_hash', '=', hash).executeTakeFirst();
}

export function findReportByConfirmHash(db: Queryable, hash: string) {
  return q(db)
    .selectFrom('report')
    .selectAll()
    .where('confirm_token_hash', '=', hash)
    .forUpdate()
    .executeTakeFirst();
}

export async function updateReport(
  db: Queryable,
  id: string,
  changes: Partial<Omit<Insertable<ReportTable>, 'id' | 'public_id'>>,
): Promise<void> {
  await q(db).updateTable('report').set(changes).where('id', '=', id).execute();
}

/**
 * Open reports of one category since `since`: near a point (inside the box; the service keeps
 * those within the radius), or in one buurt when there is no point.
 */
export function findOpenNearby(
  db: Queryable,
  where: {
    gemeente: string;
    categoryCode: string;
    since: Date;
    box?: { minLat: number; maxLat: number; minLon: number; maxLon: number } | undefined;
    buurtCode?: string | undefined;
  },
) {
  let query = q(db)
    .selectFrom('report')
    .selectAll()
    .where('municipality_code', '=', where.gemeente)
    .where('category_code', '=', where.categoryCode)
    .where('status', '<>', 'closed')
    .where('requested_at', '>=', where.since);
  const { box, buurtCode } = where;
  if (box)
    query = query
      .where('lat', '>=', box.minLat)
      .where('lat', '<=', box.maxLat)
      .where('lon', '>=', box.minLon)
      .where('lon', '<=', box.maxLon);
  else if (buurtCode) query = query.where('buurt_code', '=', buurtCode);
  return query.orderBy('requested_at', 'desc').limit(20).execute();
}

export interface ReportFilter {
  /** A gemeente, wijk or buurt code. */
  placeCode?: string | undefined;
  categoryCodes?: readonly string[] | undefined;
  statuses?: readonly ReportStatus[] | undefined;
  teamId?: string | undefined;
  /** Only those past their deadline on this date (and not closed). */
  overdueOn?: string | undefined;
}

/** Who a staff member may see: whole places, or wijken limited to teams of one organisation. */
export interface QueueScope {
  places: readonly string[];
  organisations: readonly { wijkCode: string; organisation: string }[];
}

function placeColumn(code: string): 'municipality_code' | 'wijk_code' | 'buurt_code' {
  return code.startsWith('GM') ? 'municipality_code' : code.startsWith('WK') ? 'wijk_code' : 'buurt_code';
}

/** Reports by filter, newest first (`scope` narrows to what staff may see; undefined for the public). */
export function findReports(
  db: Queryable,
  filter: ReportFilter,
  page: { limit: number; offset: number },
  scope?: QueueScope,
) {
  let query = q(db)
    .selectFrom('report')
    .innerJoin('report_team', 'report_team.id', 'report.team_id')
    .selectAll('report')
    .select(['report_team.name as team_name', 'report_team.organisation as team_organisation']);
  const { placeCode, categoryCodes, statuses, teamId, overdueOn } = filter;
  if (placeCode) query = query.where(`report.${placeColumn(placeCode)}`, '=', placeCode);
  if (categoryCodes && categoryCodes.length > 0)
    query = query.where('report.category_code', 'in', [...categoryCodes]);
  if (statuses && statuses.length > 0) query = query.where('report.status', 'in', [...statuses]);
  if (teamId) query = query.where('report.team_id', '=', teamId);
  if (overdueOn) query = query.where('report.status', '<>', 'closed').where('report.due_on', '<', overdueOn);
  if (scope) {
    query = query.where((eb) =>
      eb.or([
        ...scope.places.map((code) => eb(`report.${placeColumn(code)}`, '=', code)),
        ...scope.organisations.map((o) =>
          eb.and([
            eb('report.wijk_code', '=', o.wijkCode),
            eb('report_team.organisation', '=', o.organisation),
          ]),
        ),
        // No place at all: nothing (an empty `or` would be false anyway, said plainly).
        eb.lit(false),
      ]),
    );
  }
  return query
    .orderBy('report.requested_at', 'desc')
    .orderBy('report.public_id', 'desc')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
}

/** Public points of a place for the map and GeoJSON (no personal columns). */
export function findReportPoints(db: Queryable, placeCode: string, statuses?: readonly ReportStatus[]) {
  let query = q(db)
    .selectFrom('report')
    .select([
      'public_id',
      'category_code',
      'municipality_code',
      'buurt_code',
      'status',
      'lat',
      'lon',
      'address_text',
      'requested_at',
      'updated_at',
      'expected_at',
      'close_reason',
    ])
    .where(`report.${placeColumn(placeCode)}`, '=', placeCode);
  if (statuses && statuses.length > 0) query = query.where('status', 'in', [...statuses]);
  return query.orderBy('requested_at', 'desc').limit(10_000).execute();
}

// ---- updates ----

export async function insertUpdate(db: Queryable, row: Omit<Insertable<UpdateTable>, 'id'>): Promise<void> {
  await q(db).insertInto('report_update').values(row).execute();
}

export function findUpdates(db: Queryable, reportId: string) {
  return q(db)
    .selectFrom('report_update')
    .leftJoin('report_team', 'report_team.id', 'report_update.team_id')
    .selectAll('report_update')
    .select('report_team.name as team_name')
    .where('report_id', '=', reportId)
    .orderBy('at')
    .orderBy('report_update.id')
    .execute();
}

// ---- supporters ----

export async function insertSupporter(
  db: Queryable,
  row: Omit<Insertable<SupporterTable>, 'id'>,
): Promise<void> {
  await q(db).insertInto('report_supporter').values(row).execute();
}

export function findSupporters(db: Queryable, reportId: string) {
  return q(db).selectFrom('report_supporter').selectAll().where('report_id', '=', reportId).execute();
}

export async function countSupporters(
  db: Queryable,
  reportIds: readonly string[],
): Promise<Map<string, number>> {
  if (reportIds.length === 0) return new Map();
  const rows = await q(db)
    .selectFrom('report_supporter')
    .select(['report_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('report_id', 'in', [...reportIds])
    .groupBy('report_id')
    .execute();
  return new Map(rows.map((r) => [r.report_id, Number(r.n)]));
}

/** Moves a duplicate's supporters to the report it repeats (the merge). */
export async function moveSupporters(db: Queryable, fromReportId: string, toReportId: string): Promise<void> {
  await q(db)
    .updateTable('report_supporter')
    .set({ report_id: toReportId })
    .where('report_id', '=', fromReportId)
    .execute();
}

/** Marks supporters with the report's closing (retention counts from it), or clears it on reopening. */
export async function setSupportersClosedAt(
  db: Queryable,
  reportId: string,
  closedAt: Date | null,
): Promise<void> {
  await q(db)
    .updateTable('report_supporter')
    .set({ report_closed_at: closedAt })
    .where('report_id', '=', reportId)
    .execute();
}

// ---- figures ----

/** Per team and category: reports closed as fixed, and how many of those the reporter confirmed. */
export function countFixed(db: Queryable, gemeente: string) {
  return q(db)
    .selectFrom('report')
    .innerJoin('report_team', 'report_team.id', 'report.team_id')
    .select([
      'report_team.name as team_name',
      'report.category_code',
      (eb) => eb.fn.countAll<number>().as('fixed'),
      (eb) =>
        eb.fn
          .count<number>(eb.case().when('report.confirmation', '=', 'solved').then(1).end())
          .as('confirmed'),
      (eb) =>
        eb.fn
          .count<number>(eb.case().when('report.confirmation', '=', 'not_solved').then(1).end())
          .as('disputed'),
    ])
    .where('report.municipality_code', '=', gemeente)
    .where((eb) =>
      eb.or([
        eb('report.close_reason', '=', 'fixed'),
        // A fix the reporter disputed counts as a fix that was not confirmed, even reopened.
        eb('report.confirmation', '=', 'not_solved'),
      ]),
    )
    .groupBy(['report_team.name', 'report.category_code'])
    .orderBy('report_team.name')
    .orderBy('report.category_code')
    .execute();
}

/** Open reports per status in a place (for the place section). */
export function countOpenInPlace(db: Queryable, placeCode: string) {
  return q(db)
    .selectFrom('report')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where(`report.${placeColumn(placeCode)}`, '=', placeCode)
    .where('status', '<>', 'closed')
    .executeTakeFirstOrThrow();
}
