import { sql, type ColumnType, type Generated, type Selectable } from 'kysely';
import type { Queryable } from '../../db/database.js';
import type { AuditChannel, AuditEntry, AuditFilter, AuditRecord } from './audit.js';

interface AuditLogTable {
  id: Generated<number>;
  occurred_at: ColumnType<Date, Date | undefined, never>;
  actor_account_id: string | null;
  actor_label: string;
  action: string;
  subject_type: string | null;
  subject_id: string | null;
  channel: AuditChannel;
  ip: string | null;
  details: ColumnType<Record<string, unknown>, string, never>;
  municipality_codes: ColumnType<string[], string[], never>;
}

// A type alias, not an interface: Kysely's withTables needs the implicit index signature.
type AuditTables = { audit_log: AuditLogTable };

const q = (db: Queryable) => db.withTables<AuditTables>();

type AuditRow = Selectable<AuditLogTable>;

function toRecord(row: AuditRow): AuditRecord {
  return {
    id: Number(row.id),
    occurredAt: row.occurred_at,
    actor: { accountId: row.actor_account_id, label: row.actor_label },
    channel: row.channel,
    ip: row.ip,
    action: row.action,
    subject:
      row.subject_type !== null && row.subject_id !== null
        ? { type: row.subject_type, id: row.subject_id }
        : null,
    municipalityCodes: row.municipality_codes,
    details: row.details,
  };
}

export async function insertAuditEntry(db: Queryable, entry: AuditEntry): Promise<void> {
  await q(db)
    .insertInto('audit_log')
    .values({
      occurred_at: entry.at,
      actor_account_id: entry.actor.accountId,
      actor_label: entry.actor.label,
      action: entry.action,
      subject_type: entry.subject?.type ?? null,
      subject_id: entry.subject?.id ?? null,
      channel: entry.channel,
      ip: entry.ip,
      details: JSON.stringify(entry.details ?? {}),
      municipality_codes: [...entry.municipalityCodes],
    })
    .execute();
}

const ESCAPE_LIKE = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * Entries matching the filter within the given gemeenten, newest first, `limit` of them
 * older than `beforeId` (keyset pagination: page 1000 costs what page 1 costs).
 */
export async function findAuditEntries(
  db: Queryable,
  options: {
    filter: AuditFilter;
    municipalityCodes: readonly string[];
    beforeId?: number | undefined;
    limit: number;
  },
): Promise<AuditRecord[]> {
  const { filter } = options;
  if (options.municipalityCodes.length === 0) return [];
  const rows = await q(db)
    .selectFrom('audit_log')
    .selectAll()
    .where(sql<boolean>`municipality_codes && ${sql.val([...options.municipalityCodes])}::text[]`)
    .$if(filter.actor !== undefined, (qb) =>
      qb.where(sql`lower(actor_label)`, 'like', `%${ESCAPE_LIKE((filter.actor ?? '').toLowerCase())}%`),
    )
    .$if(filter.action !== undefined, (qb) =>
      qb.where('action', 'like', `${ESCAPE_LIKE(filter.action ?? '')}%`),
    )
    .$if(filter.subjectType !== undefined, (qb) => qb.where('subject_type', '=', filter.subjectType ?? ''))
    .$if(filter.subjectId !== undefined, (qb) => qb.where('subject_id', '=', filter.subjectId ?? ''))
    .$if(filter.from !== undefined, (qb) =>
      qb.where(
        'occurred_at',
        '>=',
        sql<Date>`(${filter.from}::date)::timestamp at time zone 'Europe/Amsterdam'`,
      ),
    )
    .$if(filter.to !== undefined, (qb) =>
      qb.where(
        'occurred_at',
        '<',
        sql<Date>`(${filter.to}::date + 1)::timestamp at time zone 'Europe/Amsterdam'`,
      ),
    )
    .$if(options.beforeId !== undefined, (qb) => qb.where('id', '<', options.beforeId ?? 0))
    .orderBy('id', 'desc')
    .limit(options.limit)
    .execute();
  return rows.map(toRecord);
}
