/**
 * The shape of an audit entry: what the shared command step (`command.ts`) writes in the
 * transaction of every change, and what the audit module stores and shows. Declared here, below
 * the modules, so the command step needs no module.
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
