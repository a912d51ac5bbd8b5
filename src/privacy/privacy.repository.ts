import { sql, type ColumnType, type Generated, type RawBuilder, type SqlBool } from 'kysely';
import type { Queryable } from '../db/database.js';
import type {
  ColumnPath,
  Erasure,
  GemeenteMapping,
  PersonalDataEntry,
  SubjectColumn,
  Term,
} from './personal-data.js';

interface PrivacyErasureTable {
  id: Generated<number>;
  run_id: string;
  reason: 'retention' | 'request';
  entry_id: string;
  table_name: string;
  action: 'delete' | 'anonymise';
  row_count: number;
  requested_by: string | null;
  municipality_codes: ColumnType<string[], string[] | undefined, string[]>;
  erased_at: Generated<Date>;
}

// A type alias, not an interface: Kysely's withTables needs the implicit index signature.
type PrivacyTables = {
  privacy_erasure: PrivacyErasureTable;
};

const q = (db: Queryable) => db.withTables<PrivacyTables>();

/** Whom to look for: an e-mail address and/or an account id. */
export interface SubjectKeys {
  email?: string | undefined;
  accountId?: string | undefined;
}

/**
 * Table and column names come from the register, checked by `checkRegister` to be plain
 * lowercase names, and go into SQL as quoted identifiers; values always go as parameters.
 */
const table = (entry: PersonalDataEntry) => sql.table(entry.table);
const column = (name: string) => sql.ref(name);

function cutoff(term: Term): RawBuilder<Date> {
  return sql<Date>`now() - make_interval(years => ${term.years ?? 0}, months => ${term.months ?? 0}, days => ${term.days ?? 0})`;
}

function setClause(erasure: Erasure & { kind: 'anonymise' }): RawBuilder<unknown> {
  return sql.join(Object.entries(erasure.set).map(([name, value]) => sql`${column(name)} = ${value}`));
}

/** Rows not yet anonymised: without this, every run would count the same rows again. */
function notYetAnonymised(erasure: Erasure & { kind: 'anonymise' }): RawBuilder<unknown> {
  const differs = Object.entries(erasure.set).map(([name, value]) =>
    value === null ? sql`${column(name)} is not null` : sql`${column(name)} is distinct from ${value}`,
  );
  return sql`(${sql.join(differs, sql` or `)})`;
}

/**
 * Erases one batch of rows past their term: deletes them or overwrites their personal columns.
 * Rows locked by a running transaction are skipped, and picked up by the next run.
 * Returns the number of rows erased.
 */
export async function eraseExpiredBatch(
  trx: Queryable,
  entry: PersonalDataEntry,
  retention: PersonalDataEntry['retention'] & { kind: 'erase-after' },
  batchSize: number,
): Promise<number> {
  const key = column(entry.key);
  const expired = sql`${column(retention.from)} < ${cutoff(retention.term)}`;
  const { erase } = retention;
  const result =
    erase.kind === 'delete'
      ? await sql`
          delete from ${table(entry)} where ${key} in (
            select ${key} from ${table(entry)} where ${expired}
            limit ${batchSize} for update skip locked)`.execute(trx)
      : await sql`
          update ${table(entry)} set ${setClause(erase)} where ${key} in (
            select ${key} from ${table(entry)} where ${expired} and ${notYetAnonymised(erase)}
            limit ${batchSize} for update skip locked)`.execute(trx);
  return Number(result.numAffectedRows ?? 0);
}

/** The table being searched, as it is named in the queries below. */
const ROW = 't0';

/**
 * The tables a path goes through, joined from the row (`t0`) as `j1`, `j2` …, the conditions
 * that join them, and the path's last column. Used inside a subquery, so the aliases of two
 * paths never meet.
 */
function follow(path: ColumnPath): {
  from: RawBuilder<unknown>[];
  on: RawBuilder<unknown>[];
  end: RawBuilder<unknown>;
} {
  const from: RawBuilder<unknown>[] = [];
  const on: RawBuilder<unknown>[] = [];
  let previous = ROW;
  (path.join ?? []).forEach((join, i) => {
    const alias = `j${i + 1}`;
    from.push(sql`${sql.table(join.table)} as ${sql.id(alias)}`);
    on.push(sql`${sql.ref(`${alias}.${join.to}`)} = ${sql.ref(`${previous}.${join.from}`)}`);
    previous = alias;
  });
  return { from, on, end: sql.ref(`${previous}.${path.column}`) };
}

const asPath = (column: SubjectColumn): ColumnPath => (typeof column === 'string' ? { column } : column);

/** The path's column compared by `compare`: in the row itself, or `exists` through the joins. */
function pathMatches(column: SubjectColumn, compare: (end: RawBuilder<unknown>) => RawBuilder<unknown>) {
  const { from, on, end } = follow(asPath(column));
  if (from.length === 0) return compare(end);
  return sql`exists (select 1 from ${sql.join(from)} where ${sql.join([...on, compare(end)], sql` and `)})`;
}

function matchesSubject(entry: PersonalDataEntry, subject: SubjectKeys): RawBuilder<unknown> | undefined {
  const conditions: RawBuilder<unknown>[] = [];
  const { email, accountId } = subject;
  if (entry.findBy?.email !== undefined && email) {
    conditions.push(pathMatches(entry.findBy.email, (end) => sql`lower(${end}) = lower(${email})`));
  }
  if (entry.findBy?.accountId !== undefined && accountId) {
    conditions.push(pathMatches(entry.findBy.accountId, (end) => sql`${end} = ${accountId}`));
  }
  return conditions.length > 0 ? sql`(${sql.join(conditions, sql` or `)})` : undefined;
}

/**
 * The gemeenten of the row `t0`, as a sorted text[] (empty: no gemeente), by the entry's
 * mapping. Any CBS code maps to its gemeente by its digits: GM0637, WK063701 and BU06370101
 * all belong to GM0637.
 */
function gemeentenOf(mapping: GemeenteMapping): RawBuilder<string[]> {
  if (mapping.kind === 'none') return sql<string[]>`'{}'::text[]`;
  const { from, on, end } = follow(mapping.path);
  const code = mapping.kind === 'places' ? sql.ref('g.code') : end;
  if (mapping.kind === 'places') from.push(sql`unnest(${end}) as g(code)`);
  const where = sql.join([...on, sql`${code} is not null`], sql` and `);
  const source = from.length > 0 ? sql`from ${sql.join(from)}` : sql``;
  const gemeente = sql`'GM' || substr(${code}, 3, 4)`;
  return sql<string[]>`array(select distinct ${gemeente} ${source} where ${where} order by 1)`;
}

/** Whether the entry can find this subject's rows at all. */
export function canFindSubject(entry: PersonalDataEntry, subject: SubjectKeys): boolean {
  return matchesSubject(entry, subject) !== undefined;
}

/** One of a person's rows: its key, its values (personal and context columns), its gemeenten. */
export interface SubjectRow {
  key: string;
  values: Record<string, unknown>;
  gemeenten: string[];
}

const GEMEENTEN = 'bk_privacy_gemeenten';

/**
 * The gemeenten a look-up may reach: rows of these gemeenten only (a row of several gemeenten
 * when one of them is here), or `'all'` rows, those of no gemeente included.
 */
export type GemeenteReach = readonly string[] | 'all';

function isWithin(mapping: GemeenteMapping, reach: GemeenteReach): RawBuilder<unknown> {
  if (reach === 'all') return sql`true`;
  return sql`(${gemeentenOf(mapping)} && ${[...reach]}::text[])`;
}

/**
 * One person's rows of one entry within `reach`: the key, the personal columns and the context
 * columns, and the gemeenten of each row (to audit the request in each). Rows outside `reach`
 * are never read.
 */
export async function findSubjectRows(
  db: Queryable,
  entry: PersonalDataEntry,
  subject: SubjectKeys,
  reach: GemeenteReach,
): Promise<SubjectRow[]> {
  const where = matchesSubject(entry, subject);
  if (!where) return [];
  const names = [
    ...new Set([
      entry.key,
      ...entry.columns,
      ...(entry.exportColumns ?? []),
      ...(entry.retention.kind === 'erase-after' ? [entry.retention.from] : []),
    ]),
  ];
  const { rows } = await sql<Record<string, unknown>>`
    select ${sql.join(names.map((name) => sql.ref(`${ROW}.${name}`)))},
      ${gemeentenOf(entry.gemeente)} as ${sql.id(GEMEENTEN)}
    from ${table(entry)} as ${sql.id(ROW)} where ${where} and ${isWithin(entry.gemeente, reach)}
    order by ${sql.ref(`${ROW}.${entry.key}`)}`.execute(db);
  return rows.map((row) => {
    const { [GEMEENTEN]: gemeenten, ...values } = row;
    return {
      key: String(values[entry.key]),
      values,
      gemeenten: Array.isArray(gemeenten) ? gemeenten.map(String) : [],
    };
  });
}

/**
 * Where else one person's rows of one entry are, outside `reach`: the gemeenten holding them,
 * and whether some belong to no gemeente. Only the gemeenten are read, never the rows' values.
 */
export async function findSubjectElsewhere(
  db: Queryable,
  entry: PersonalDataEntry,
  subject: SubjectKeys,
  reach: GemeenteReach,
): Promise<{ gemeenten: string[]; platform: boolean }> {
  const where = matchesSubject(entry, subject);
  if (!where || reach === 'all') return { gemeenten: [], platform: false };
  const { rows } = await sql<{ gemeenten: string[] }>`
    select distinct ${gemeentenOf(entry.gemeente)} as gemeenten
    from ${table(entry)} as ${sql.id(ROW)} where ${where} and not ${isWithin(entry.gemeente, reach)}`.execute(
    db,
  );
  return {
    gemeenten: [...new Set(rows.flatMap((row) => row.gemeenten))].sort(),
    platform: rows.some((row) => row.gemeenten.length === 0),
  };
}

/**
 * Erases rows of one entry by key (found before with {@link findSubjectRows}, so rows found
 * through another table are erased even when that table was changed first); returns how many.
 */
export async function eraseRowsByKey(
  trx: Queryable,
  entry: PersonalDataEntry,
  erasure: Erasure,
  keys: readonly string[],
): Promise<number> {
  if (keys.length === 0) return 0;
  // One array parameter, typed by the key column (uuid, bigint or text) on both engines.
  const where = sql`${column(entry.key)} = any(${[...keys]})`;
  const result =
    erasure.kind === 'delete'
      ? await sql`delete from ${table(entry)} where ${where}`.execute(trx)
      : await sql`update ${table(entry)} set ${setClause(erasure)} where ${where}`.execute(trx);
  return Number(result.numAffectedRows ?? 0);
}

/**
 * Lets the audit log's append-only guard allow this transaction's deletions and overwrites.
 * Transaction-local: it ends with the transaction, and only the two lawful erasure paths set it.
 */
export async function allowErasureInTransaction(trx: Queryable): Promise<void> {
  await sql`set local buurtkracht.retention = 'on'`.execute(trx);
}

export interface ErasureRecord {
  runId: string;
  reason: 'retention' | 'request';
  entry: PersonalDataEntry;
  action: 'delete' | 'anonymise';
  rows: number;
  requestedBy: string | null;
  /** The gemeenten a request concerns (none for retention, which runs for all of them). */
  municipalityCodes?: readonly string[];
}

/** Adds a batch's count to the run's record for this entry (one row per run and entry). */
export async function recordErasure(trx: Queryable, record: ErasureRecord): Promise<void> {
  await q(trx)
    .insertInto('privacy_erasure')
    .values({
      run_id: record.runId,
      reason: record.reason,
      entry_id: record.entry.id,
      table_name: record.entry.table,
      action: record.action,
      row_count: record.rows,
      requested_by: record.requestedBy,
      municipality_codes: [...(record.municipalityCodes ?? [])],
    })
    .onConflict((oc) =>
      oc.constraint('privacy_erasure_run_entry_key').doUpdateSet((eb) => ({
        row_count: eb('privacy_erasure.row_count', '+', eb.ref('excluded.row_count')),
        erased_at: sql<Date>`now()`,
      })),
    )
    .execute();
}

/** A recorded erasure, as administrators see it. */
export interface ErasureLogLine {
  runId: string;
  reason: 'retention' | 'request';
  entryId: string;
  table: string;
  action: 'delete' | 'anonymise';
  rows: number;
  requestedBy: string | null;
  erasedAt: Date;
}

/**
 * The most recent erasures, newest first: every retention run (counts for the whole platform),
 * and the requests that concern one of `municipalityCodes` (all of them when left out).
 */
export async function listErasures(
  db: Queryable,
  limit: number,
  municipalityCodes?: readonly string[],
): Promise<ErasureLogLine[]> {
  let query = q(db)
    .selectFrom('privacy_erasure')
    .selectAll()
    .orderBy('erased_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit);
  if (municipalityCodes !== undefined) {
    const codes = [...municipalityCodes];
    query = query.where((eb) =>
      eb.or([eb('reason', '=', 'retention'), sql<SqlBool>`municipality_codes && ${codes}::text[]`]),
    );
  }
  const rows = await query.execute();
  return rows.map((row) => ({
    runId: row.run_id,
    reason: row.reason,
    entryId: row.entry_id,
    table: row.table_name,
    action: row.action,
    rows: row.row_count,
    requestedBy: row.requested_by,
    erasedAt: row.erased_at,
  }));
}
