import { sql } from 'kysely';
import type { TestApp } from './app.js';

/** A queued message as tests read it. */
export interface QueuedMail {
  recipient: string;
  subject: string;
  text: string;
}

/** Every message in the outbox for an address (all when left out), oldest first. */
export async function queuedMail(t: TestApp, recipient?: string): Promise<QueuedMail[]> {
  const { rows } = await sql<QueuedMail>`
    select recipient, subject, body_text as text from mail_outbox
    where ${recipient === undefined ? sql`true` : sql`recipient = ${recipient}`}
    order by id`.execute(t.database.db);
  return rows;
}
