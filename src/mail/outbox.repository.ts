import { sql, type ColumnType, type Generated } from 'kysely';
import type { Queryable } from '../db/database.js';
import type { StoredSecret } from './mail-secrets.js';

/** An attachment as stored: JSON, with the content in base64. */
export interface StoredAttachment {
  filename: string;
  contentType?: string | undefined;
  contentBase64: string;
}

export type OutboxStatus = 'pending' | 'sent' | 'failed';

interface MailOutboxTable {
  id: Generated<number>;
  recipient: string;
  subject: string;
  body_text: string;
  body_html: string | null;
  attachments: ColumnType<unknown, string, string>;
  headers: ColumnType<unknown, string, string>;
  /** The gemeente on whose behalf the message goes; null for the platform's own mail. */
  municipality_code: string | null;
  /** The message's secret parts (see mail-secrets.ts) until it is sent or given up on. */
  secrets: ColumnType<unknown, string | null, null>;
  status: Generated<OutboxStatus>;
  attempts: Generated<number>;
  next_attempt_at: Generated<Date>;
  claimed_until: Date | null;
  last_error: string | null;
  message_id: string | null;
  created_at: Generated<Date>;
  settled_at: Date | null;
}

// A type alias, not an interface: Kysely's withTables needs the implicit index signature.
type MailTables = {
  mail_outbox: MailOutboxTable;
};

const q = (db: Queryable) => db.withTables<MailTables>();

export interface NewOutboxRow {
  recipient: string;
  subject: string;
  bodyText: string;
  bodyHtml: string | null;
  attachments: StoredAttachment[];
  headers: Record<string, string>;
  municipalityCode: string | null;
  secrets: StoredSecret[];
}

/** Adds a message to the outbox; returns its id. */
export async function insertOutboxMail(db: Queryable, row: NewOutboxRow): Promise<number> {
  const { id } = await q(db)
    .insertInto('mail_outbox')
    .values({
      recipient: row.recipient,
      subject: row.subject,
      body_text: row.bodyText,
      body_html: row.bodyHtml,
      attachments: JSON.stringify(row.attachments),
      headers: JSON.stringify(row.headers),
      municipality_code: row.municipalityCode,
      secrets: row.secrets.length > 0 ? JSON.stringify(row.secrets) : null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

/** A message claimed for delivery. `attempts` already counts this attempt. */
export interface ClaimedOutboxRow {
  id: number;
  recipient: string;
  subject: string;
  bodyText: string;
  bodyHtml: string | null;
  attachments: unknown;
  headers: unknown;
  secrets: unknown;
  attempts: number;
}

/**
 * Claims up to `limit` messages that are due, oldest first, for `claimSeconds`: one short
 * statement, so no transaction stays open while the mail server is slow. Rows another process
 * is claiming right now are skipped; a claim of a process that died lapses. The attempt is
 * counted at the claim, so a message that crashes the sender still runs out of attempts.
 */
export async function claimDueOutboxMail(
  db: Queryable,
  limit: number,
  claimSeconds: number,
): Promise<ClaimedOutboxRow[]> {
  const rows = await q(db)
    .updateTable('mail_outbox')
    .set((eb) => ({
      attempts: eb('attempts', '+', 1),
      claimed_until: sql<Date>`now() + make_interval(secs => ${claimSeconds})`,
    }))
    .where('id', 'in', (eb) =>
      eb
        .selectFrom('mail_outbox')
        .select('id')
        .where('status', '=', 'pending')
        .where('next_attempt_at', '<=', sql<Date>`now()`)
        .where((w) => w.or([w('claimed_until', 'is', null), w('claimed_until', '<', sql<Date>`now()`)]))
        .orderBy('next_attempt_at')
        .orderBy('id')
        .limit(limit)
        .forUpdate()
        .skipLocked(),
    )
    .returning([
      'id',
      'recipient',
      'subject',
      'body_text',
      'body_html',
      'attachments',
      'headers',
      'secrets',
      'attempts',
    ])
    .execute();
  return rows
    .map((r) => ({
      id: r.id,
      recipient: r.recipient,
      subject: r.subject,
      bodyText: r.body_text,
      bodyHtml: r.body_html,
      attachments: r.attachments,
      headers: r.headers,
      secrets: r.secrets,
      attempts: r.attempts,
    }))
    .sort((a, b) => a.id - b.id);
}

/** Marks a message sent, and wipes its secrets: the stored copy keeps only the notes. */
export async function markOutboxMailSent(db: Queryable, id: number, messageId: string): Promise<void> {
  await q(db)
    .updateTable('mail_outbox')
    .set({
      status: 'sent',
      message_id: messageId,
      settled_at: sql<Date>`now()`,
      claimed_until: null,
      last_error: null,
      secrets: null,
    })
    .where('id', '=', id)
    .execute();
}

/** Puts a message back in line, to be tried again after `delaySeconds`. */
export async function rescheduleOutboxMail(
  db: Queryable,
  id: number,
  error: string,
  delaySeconds: number,
): Promise<void> {
  await q(db)
    .updateTable('mail_outbox')
    .set({
      next_attempt_at: sql<Date>`now() + make_interval(secs => ${delaySeconds})`,
      claimed_until: null,
      last_error: error,
    })
    .where('id', '=', id)
    .execute();
}

/**
 * Gives up on a message: it stays visible to administrators until its retention term ends,
 * without its secrets (it will never be sent, so nobody needs them).
 */
export async function markOutboxMailFailed(db: Queryable, id: number, error: string): Promise<void> {
  await q(db)
    .updateTable('mail_outbox')
    .set({
      status: 'failed',
      settled_at: sql<Date>`now()`,
      claimed_until: null,
      last_error: error,
      secrets: null,
    })
    .where('id', '=', id)
    .execute();
}

/** A message in the outbox, as administrators and tests see it. */
export interface OutboxMail {
  id: number;
  recipient: string;
  subject: string;
  status: OutboxStatus;
  attempts: number;
  lastError: string | null;
  messageId: string | null;
  createdAt: Date;
  settledAt: Date | null;
}

/** The outbox's messages, newest first, optionally only those in one status. */
export async function listOutboxMail(
  db: Queryable,
  filter: { status?: OutboxStatus; limit: number },
): Promise<OutboxMail[]> {
  let query = q(db)
    .selectFrom('mail_outbox')
    .select([
      'id',
      'recipient',
      'subject',
      'status',
      'attempts',
      'last_error',
      'message_id',
      'created_at',
      'settled_at',
    ])
    .orderBy('id', 'desc')
    .limit(filter.limit);
  if (filter.status) query = query.where('status', '=', filter.status);
  const rows = await query.execute();
  return rows.map((r) => ({
    id: r.id,
    recipient: r.recipient,
    subject: r.subject,
    status: r.status,
    attempts: r.attempts,
    lastError: r.last_error,
    messageId: r.message_id,
    createdAt: r.created_at,
    settledAt: r.settled_at,
  }));
}
