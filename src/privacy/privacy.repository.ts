import { sql, type Generated, type RawBuilder } from 'kysely';
import type { Queryable } from '../db/database.js';
import type { Erasure, PersonalDataEntry, Term } from './personal-data.js';

interface PrivacyErasureTable {
  id: Generated<number>;
  run_id: string;
  reason: 'retention' | 'request';
  entry_id: string;
  table_name: string;
  action: 'delete' | 'anonymise';
  row_count: number;
  requested_by: string | null;
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

function matchesSubject(entry: PersonalDataEntry, subject: SubjectKeys): RawBuilder<unknown> | undefined {
  const conditions: RawBuilder<unknown>[] = [];
  if (entry.findBy?.email && subject.email) {
    conditions.push(sql`lower(${column(entry.findBy.email)}) = lower(${subject.email})`);
  }
  if (entry.findBy?.accountId && subject.accountId) {
    conditions.push(sql`${column(entry.findBy.accountId)} = ${subject.accountId}`);
  }
  return conditions.length > 0 ? sql`(${sql.join(conditions, sql` or `)})` : undefined;
}

/** Whether the entry can find this subject's rows at all. */
export function canFindSubject(entry: PersonalDataEntry, subject: SubjectKeys): boolean {
  return matchesSubject(entry, subject) !== undefined;
}

/** One person's rows of one entry: the key, the personal columns and the context columns. */
export async function findSubjectRows(
  db: Queryable,
  entry: PersonalDataEntry,
  subject: SubjectKeys,
): Promise<Record<string, unknown>[]> {
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
    select ${sql.join(names.map(column))} from ${table(entry)} where ${where}
    order by ${column(entry.key)}`.execute(db);
  return rows;
}

/** Erases one person's rows of one entry; returns how many. */
export async function eraseSubjectRows(
  trx: Queryable,
  entry: PersonalDataEntry,
  erasure: Erasure,
  subject: SubjectKeys,
): Promise<number> {
  const where = matchesSubject(entry, subject);
  if (!where) return 0;
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

/** The most recent erasures, newest first. */
export async function listErasures(db: Queryable, limit: number): Promise<ErasureLogLine[]> {
  const rows = await q(db)
    .selectFrom('privacy_erasure')
    .selectAll()
    .orderBy('erased_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
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
