import { sql, type Generated, type Selectable } from 'kysely';
import type { Queryable } from '../../db/database.js';
import type { ReportStatus } from './report.js';

// The Open311 side of the reports module: its API keys (migration 0024) and the reads the
// GeoReport v2 routes need. Reports are read, never written, here: a request is made by
// `submitReport`, the pages' own use case.

interface ApiKeyTable {
  id: Generated<string>;
  municipality_code: string;
  name: string;
  key_hash: string;
  created_at: Date;
  created_by_account_id: string | null;
  last_used_at: Date | null;
  revoked_at: Date | null;
}
interface ReportReadTable {
  id: string;
  public_id: string;
  municipality_code: string;
  category_code: string;
  description: string;
  lat: number | null;
  lon: number | null;
  address_text: string;
  status: ReportStatus;
  team_id: string;
  requested_at: Date;
  updated_at: Date;
  expected_at: Date;
  tracking_token_hash: string;
}
interface UpdateReadTable {
  id: number;
  report_id: string;
  at: Date;
  public_message: string;
}
interface TeamReadTable {
  id: string;
  name: string;
}
interface CategoryReadTable {
  municipality_code: string;
  code: string;
  name_nl: string;
}

// A type alias, not an interface: Kysely's withTables needs the implicit index signature.
type Open311Tables = {
  report_api_key: ApiKeyTable;
  report: ReportReadTable;
  report_update: UpdateReadTable;
  report_team: TeamReadTable;
  report_category: CategoryReadTable;
};

const q = (db: Queryable) => db.withTables<Open311Tables>();

export type ApiKeyRow = Selectable<ApiKeyTable>;

export async function insertApiKey(
  db: Queryable,
  row: {
    municipality_code: string;
    name: string;
    key_hash: string;
    created_at: Date;
    created_by_account_id: string | null;
  },
): Promise<string> {
  const { id } = await q(db)
    .insertInto('report_api_key')
    .values(row)
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

export function findApiKeyByHash(db: Queryable, keyHash: string) {
  return q(db).selectFrom('report_api_key').selectAll().where('key_hash', '=', keyHash).executeTakeFirst();
}

export function findApiKeyById(db: Queryable, id: string) {
  return q(db).selectFrom('report_api_key').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The keys of some gemeenten, newest first (revoked ones too, for the record). */
export function findApiKeys(db: Queryable, gemeenten: readonly string[]) {
  if (gemeenten.length === 0) return Promise.resolve([]);
  return q(db)
    .selectFrom('report_api_key')
    .selectAll()
    .where('municipality_code', 'in', [...gemeenten])
    .orderBy('created_at', 'desc')
    .orderBy('id')
    .limit(500)
    .execute();
}

/** Revokes a key still in use; false when it was revoked already. */
export async function revokeApiKey(db: Queryable, id: string, at: Date): Promise<boolean> {
  const result = await q(db)
    .updateTable('report_api_key')
    .set({ revoked_at: at })
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Marks a key used, at most once a minute (a busy client does not write a row per request). */
export async function touchApiKey(db: Queryable, id: string, at: Date): Promise<void> {
  await q(db)
    .updateTable('report_api_key')
    .set({ last_used_at: at })
    .where('id', '=', id)
    .where((eb) =>
      eb.or([eb('last_used_at', 'is', null), eb('last_used_at', '<', new Date(at.getTime() - 60_000))]),
    )
    .execute();
}

export interface ServiceRequestFilter {
  gemeente: string;
  publicIds?: readonly string[] | undefined;
  categoryCodes?: readonly string[] | undefined;
  statuses?: readonly ReportStatus[] | undefined;
  /** On requested_at, inclusive; ignored when public ids are given (the specification says so). */
  from?: Date | undefined;
  to?: Date | undefined;
  trackingTokenHash?: string | undefined;
}

/**
 * Reports of one gemeente as Open311 service requests, newest first, with the category's name,
 * the team's name and the latest public message (`status_notes`). No personal columns.
 */
export function findServiceRequests(db: Queryable, filter: ServiceRequestFilter, limit: number) {
  let query = q(db)
    .selectFrom('report')
    .innerJoin('report_team', 'report_team.id', 'report.team_id')
    .innerJoin('report_category', (join) =>
      join
        .onRef('report_category.municipality_code', '=', 'report.municipality_code')
        .onRef('report_category.code', '=', 'report.category_code'),
    )
    .select([
      'report.public_id',
      'report.municipality_code',
      'report.category_code',
      'report.description',
      'report.lat',
      'report.lon',
      'report.address_text',
      'report.status',
      'report.requested_at',
      'report.updated_at',
      'report.expected_at',
      'report_team.name as team_name',
      'report_category.name_nl as category_name',
      sql<string | null>`(select u.public_message from report_update u
        where u.report_id = report.id and u.public_message <> ''
        order by u.at desc, u.id desc limit 1)`.as('status_notes'),
    ])
    .where('report.municipality_code', '=', filter.gemeente);
  if (filter.trackingTokenHash !== undefined)
    query = query.where('report.tracking_token_hash', '=', filter.trackingTokenHash);
  if (filter.publicIds) query = query.where('report.public_id', 'in', [...filter.publicIds]);
  else {
    if (filter.from) query = query.where('report.requested_at', '>=', filter.from);
    if (filter.to) query = query.where('report.requested_at', '<=', filter.to);
  }
  if (filter.categoryCodes) query = query.where('report.category_code', 'in', [...filter.categoryCodes]);
  if (filter.statuses) query = query.where('report.status', 'in', [...filter.statuses]);
  return query
    .orderBy('report.requested_at', 'desc')
    .orderBy('report.public_id', 'desc')
    .limit(limit)
    .execute();
}

export type ServiceRequestRow = Awaited<ReturnType<typeof findServiceRequests>>[number];

/** The gemeente of a report found by its tracking token's hash (GET tokens). */
export function findReportByTrackingHash(db: Queryable, hash: string) {
  return q(db)
    .selectFrom('report')
    .select(['public_id', 'municipality_code'])
    .where('tracking_token_hash', '=', hash)
    .executeTakeFirst();
}
