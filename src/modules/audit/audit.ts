import { csvLine } from '../../shared/csv.js';
/**
 * The audit log: who changed what, when, through which channel. Append-only in the database
 * (a trigger refuses UPDATE, DELETE and TRUNCATE outside the retention path).
 */

/** Where a change came from. */
export type AuditChannel = 'web' | 'api' | 'cli' | 'service-desk' | 'system';

export const AUDIT_CHANNELS: readonly AuditChannel[] = ['web', 'api', 'cli', 'service-desk', 'system'];

/** Who made the change: an account (null for the system or the command line) and a readable label. */
export interface AuditActor {
  accountId: string | null;
  label: string;
}

/** One entry as a service records it, inside the transaction of the change itself. */
export interface AuditEntry {
  actor: AuditActor;
  channel: AuditChannel;
  ip: string | null;
  /** Verb-like and namespaced by module: `identity.staff.invited`. */
  action: string;
  subject: { type: string; id: string } | null;
  /** The gemeenten (GMxxxx) the change concerns: whose administrators may read it. */
  municipalityCodes: readonly string[];
  /** What changed, small and without secrets: never a password, token or code. */
  details?: Record<string, unknown>;
  /** When it happened; the database's clock when left out. */
  at?: Date;
}

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
