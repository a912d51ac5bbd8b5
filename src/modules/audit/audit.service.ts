import type { Db, Queryable } from '../../db/database.js';
import { csvLine } from '../../shared/csv.js';
import {
  AUDIT_CSV_COLUMNS,
  auditCsvLine,
  type AuditEntry,
  type AuditFilter,
  type AuditRecord,
} from './audit.js';
import { findAuditEntries, insertAuditEntry } from './audit.repository.js';

/**
 * Records one audit entry. Call it with the transaction of the change itself: the entry and
 * the change are committed together or not at all, so the log never claims a change that did
 * not happen nor misses one that did.
 */
export function recordAudit(trx: Queryable, entry: AuditEntry): Promise<void> {
  return insertAuditEntry(trx, entry);
}

export const AUDIT_PAGE_SIZE = 50;

/** One page of entries within the reader's gemeenten, and where the next (older) page starts. */
export async function searchAudit(
  db: Db,
  options: { filter: AuditFilter; municipalityCodes: readonly string[]; beforeId?: number | undefined },
): Promise<{ entries: AuditRecord[]; nextBeforeId: number | undefined }> {
  const rows = await findAuditEntries(db, { ...options, limit: AUDIT_PAGE_SIZE + 1 });
  const entries = rows.slice(0, AUDIT_PAGE_SIZE);
  const last = entries[entries.length - 1];
  return { entries, nextBeforeId: rows.length > AUDIT_PAGE_SIZE && last ? last.id : undefined };
}

const CSV_BATCH = 500;

/**
 * The matching entries as CSV, produced batch by batch: memory stays flat however long the
 * log, and the first bytes go out before the last rows are read.
 */
export async function* auditCsv(
  db: Db,
  options: { filter: AuditFilter; municipalityCodes: readonly string[] },
): AsyncGenerator<string> {
  // A byte-order mark, so that spreadsheet programs read the file as UTF-8.
  yield `\uFEFF${csvLine(AUDIT_CSV_COLUMNS)}`;
  let beforeId: number | undefined;
  for (;;) {
    const rows = await findAuditEntries(db, { ...options, beforeId, limit: CSV_BATCH });
    if (rows.length > 0) yield rows.map(auditCsvLine).join('');
    const last = rows[rows.length - 1];
    if (rows.length < CSV_BATCH || !last) return;
    beforeId = last.id;
  }
}
