import { csvLine } from '../../shared/csv.js';
/**
 * The audit log: who changed what, when, through which channel. Append-only in the database
 * (a trigger refuses UPDATE, DELETE and TRUNCATE outside the retention path).
 */

export type { AuditActor, AuditChannel, AuditEntry } from '../../access/index.js';
export { AUDIT_CHANNELS } from '../../access/index.js';
import type { AuditActor, AuditChannel } from '../../access/index.js';

/** An entry as read back. */
export interface AuditRecord {
  id: number;
  occurredAt: Date;
  actor: AuditActor;
  channel: AuditChannel;
  ip: string | null;
  action: string;
  subject: { type: string; id: string } | null;
  municipalityCodes: string[];
  details: Record<string, unknown>;
}

/** What an administrator searches by; every field optional. */
export interface AuditFilter {
  /** Part of the actor's label (name or e-mail address). */
  actor?: string | undefined;
  /** An action, or the start of one (`identity.`). */
  action?: string | undefined;
  subjectType?: string | undefined;
  subjectId?: string | undefined;
  /** Inclusive dates, YYYY-MM-DD, in Europe/Amsterdam. */
  from?: string | undefined;
  to?: string | undefined;
}

/** The CSV columns of the export, in order. */
export const AUDIT_CSV_COLUMNS = [
  'id',
  'occurred_at',
  'actor_account_id',
  'actor_label',
  'channel',
  'ip',
  'action',
  'subject_type',
  'subject_id',
  'municipality_codes',
  'details',
] as const;

/** An entry as its CSV line. Times in UTC ISO 8601, so spreadsheets and scripts agree. */
export function auditCsvLine(record: AuditRecord): string {
  return csvLine([
    record.id,
    record.occurredAt.toISOString(),
    record.actor.accountId,
    record.actor.label,
    record.channel,
    record.ip,
    record.action,
    record.subject?.type,
    record.subject?.id,
    record.municipalityCodes.join(' '),
    JSON.stringify(record.details),
  ]);
}
