import { sql } from 'kysely';
import type { Db } from '../../src/db/database.js';
import { putSecretsBack, type StoredSecret } from '../../src/mail/index.js';

/** A queued message as tests read it. */
export interface QueuedMail {
  recipient: string;
  subject: string;
  /** The text as it will be sent: with its links, while it waits in the outbox. */
  text: string;
  /** The text as the outbox stores it: a note where each link goes. */
  storedText: string;
}

/**
 * Every message in the outbox for an address (all when left out), oldest first, with the text
 * as delivery will send it (the outbox keeps working links apart until then).
 */
export async function queuedMail(t: { database: { db: Db } }, recipient?: string): Promise<QueuedMail[]> {
  const { rows } = await sql<{
    recipient: string;
    subject: string;
    text: string;
    secrets: StoredSecret[] | null;
  }>`
    select recipient, subject, body_text as text, secrets from mail_outbox
    where ${recipient === undefined ? sql`true` : sql`recipient = ${recipient}`}
    order by id`.execute(t.database.db);
  return rows.map((row) => ({
    recipient: row.recipient,
    subject: row.subject,
    text:
      putSecretsBack(
        { text: row.text, html: null },
        (row.secrets ?? []).filter((s) => s.part === 'text'),
      )?.text ?? row.text,
    storedText: row.text,
  }));
}
