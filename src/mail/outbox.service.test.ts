import { sql } from 'kysely';
import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../test/helpers/database.js';
import { startTestSmtpServer, type TestSmtpServer } from '../../test/helpers/smtp-server.js';
import { openDatabase, type Database } from '../db/database.js';
import { JobRunner } from '../jobs/index.js';
import { createSmtpMailer } from './smtp-mailer.js';
import type { Mailer } from './mailer.js';
import { deliverOutbox, listOutbox, outboxDeliveryJob, queueMail } from './outbox.service.js';

const log = pino({ level: 'silent' });
let database: Database;
let smtp: TestSmtpServer;
let mailer: Mailer;

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database.close();
});
beforeEach(async () => {
  smtp = await startTestSmtpServer();
  mailer = createSmtpMailer({ url: smtp.url, from: 'Buurtkracht <noreply@example.nl>' });
  await sql`delete from mail_outbox`.execute(database.db);
});
afterEach(async () => {
  await mailer.close();
  await smtp.close();
});

const message = (to = 'bewoner@example.nl') => ({
  to,
  subject: 'Uw melding is ontvangen',
  text: 'Bedankt voor uw melding.',
});

async function outboxRow(id: number) {
  const { rows } = await sql<{
    status: string;
    attempts: number;
    message_id: string | null;
    last_error: string | null;
    settled_at: Date | null;
  }>`select status, attempts, message_id, last_error, settled_at from mail_outbox where id = ${id}`.execute(
    database.db,
  );
  return rows[0]!;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('queueing mail in the caller’s transaction', () => {
  it('queues nothing when the transaction rolls back, and the message when it commits', async () => {
    await database.db
      .transaction()
      .execute(async (trx) => {
        await queueMail(trx, message('teruggedraaid@example.nl'));
        throw new Error('the change fails');
      })
      .catch(() => undefined);
    const id = await database.db.transaction().execute((trx) => queueMail(trx, message()));
    const all = await listOutbox(database.db);
    expect(all.map((m) => [m.id, m.recipient, m.status])).toEqual([[id, 'bewoner@example.nl', 'pending']]);
  });

  it('succeeds while the mail server is down', async () => {
    await smtp.close();
    const id = await database.db.transaction().execute((trx) => queueMail(trx, message()));
    expect((await outboxRow(id)).status).toBe('pending');
  });

  it('refuses a malformed message: a subject with a line break (header injection)', async () => {
    await expect(
      queueMail(database.db, { ...message(), subject: 'Hoi\r\nBcc: x@example.nl' }),
    ).rejects.toThrow();
    await expect(queueMail(database.db, message('not an address'))).rejects.toThrow();
  });
});

// Forms check addresses with the same isEmailAddress, so whatever a form accepted is queued.
describe('the outbox takes the addresses the forms take, by the one rule', () => {
  it.each(['jan+buurt@example.nl', 'wijkteam@post.zoetermeer.nl', "o'brien@example.ie", 'jan@café.nl'])(
    'queues %s',
    async (to) => {
      const id = await queueMail(database.db, message(to));
      expect((await outboxRow(id)).status).toBe('pending');
    },
  );

  it.each(['jan@voorbeeld.c', 'jan..de.vries@example.nl', '<x@y.nl>', 'jan@voorbeeld', 'jan @example.nl'])(
    'refuses %s',
    async (to) => {
      await expect(queueMail(database.db, message(to))).rejects.toThrow();
    },
  );

  it('delivers to an internationalised domain by its punycode name', async () => {
    await queueMail(database.db, message('jan@café.nl'));
    expect(await deliverOutbox(database.db, mailer)).toEqual({ sent: 1, retrying: 0, failed: 0 });
    // The test server shows the envelope decoded again; the header shows what went over the wire.
    expect(smtp.received[0]?.envelopeTo).toEqual(['jan@café.nl']);
    expect(smtp.received[0]?.headers.get('to')).toBe('jan@xn--caf-dma.nl');
  });
});

describe('delivering the outbox', () => {
  it('sends a queued message once and marks it sent', async () => {
    const id = await queueMail(database.db, {
      ...message(),
      attachments: [{ filename: 'brief.txt', content: 'Beste bewoner' }],
      headers: { 'X-Buurtkracht-Report': '7' },
    });
    expect(await deliverOutbox(database.db, mailer)).toEqual({ sent: 1, retrying: 0, failed: 0 });
    expect(await deliverOutbox(database.db, mailer)).toEqual({ sent: 0, retrying: 0, failed: 0 });
    expect(smtp.received).toHaveLength(1);
    const mail = smtp.received[0]!;
    expect(mail.envelopeTo).toEqual(['bewoner@example.nl']);
    expect(mail.headers.get('subject')).toBe('Uw melding is ontvangen');
    expect(mail.headers.get('x-buurtkracht-report')).toBe('7');
    expect(mail.body).toContain('Bedankt voor uw melding.');
    expect(mail.body).toContain('filename=brief.txt');
    const row = await outboxRow(id);
    expect(row).toMatchObject({ status: 'sent', attempts: 1, message_id: mail.headers.get('message-id') });
    expect(row.settled_at).toBeInstanceOf(Date);
  });

  it('retries a server that refuses at first, then delivers', async () => {
    smtp.refuseConnections(2);
    const id = await queueMail(database.db, message());
    const options = { retryDelaysSeconds: [0] };
    expect(await deliverOutbox(database.db, mailer, options)).toEqual({ sent: 0, retrying: 1, failed: 0 });
    expect(await outboxRow(id)).toMatchObject({ status: 'pending', attempts: 1 });
    expect((await outboxRow(id)).last_error).toMatch(/421|try again/i);
    expect(await deliverOutbox(database.db, mailer, options)).toEqual({ sent: 0, retrying: 1, failed: 0 });
    expect(await deliverOutbox(database.db, mailer, options)).toEqual({ sent: 1, retrying: 0, failed: 0 });
    expect(await outboxRow(id)).toMatchObject({ status: 'sent', attempts: 3, last_error: null });
    expect(smtp.received).toHaveLength(1);
  });

  it('waits before retrying', async () => {
    smtp.refuseConnections(1);
    const id = await queueMail(database.db, message());
    await deliverOutbox(database.db, mailer, { retryDelaysSeconds: [3600] });
    expect(await deliverOutbox(database.db, mailer)).toEqual({ sent: 0, retrying: 0, failed: 0 });
    expect(await outboxRow(id)).toMatchObject({ status: 'pending', attempts: 1 });
  });

  it('gives up at once on a refused recipient, and after the last attempt otherwise', async () => {
    smtp.rejectRecipient('weg@example.nl');
    const refused = await queueMail(database.db, message('weg@example.nl'));
    expect(await deliverOutbox(database.db, mailer)).toEqual({ sent: 0, retrying: 0, failed: 1 });
    expect(await outboxRow(refused)).toMatchObject({ status: 'failed', attempts: 1 });

    smtp.refuseConnections(10);
    const unlucky = await queueMail(database.db, message());
    const options = { retryDelaysSeconds: [0], maxAttempts: 2 };
    expect(await deliverOutbox(database.db, mailer, options)).toEqual({ sent: 0, retrying: 1, failed: 0 });
    expect(await deliverOutbox(database.db, mailer, options)).toEqual({ sent: 0, retrying: 0, failed: 1 });
    expect(await outboxRow(unlucky)).toMatchObject({ status: 'failed', attempts: 2 });
    expect((await outboxRow(unlucky)).settled_at).toBeInstanceOf(Date);
  });

  it('sends each message once when two processes deliver at the same time', async () => {
    for (let i = 0; i < 12; i += 1) await queueMail(database.db, message(`bewoner${i}@example.nl`));
    const other =
      database.engine === 'postgresql'
        ? await openDatabase({
            databaseUrl: database.url,
            dataDir: 'unused',
            poolSize: 3,
          })
        : database;
    const otherMailer = createSmtpMailer({ url: smtp.url, from: 'Buurtkracht <noreply@example.nl>' });
    try {
      const reports = await Promise.all([
        deliverOutbox(database.db, mailer, { batchSize: 3 }),
        deliverOutbox(other.db, otherMailer, { batchSize: 3 }),
      ]);
      expect(reports[0].sent + reports[1].sent).toBe(12);
    } finally {
      await otherMailer.close();
      if (other !== database) await other.close();
    }
    expect(smtp.received).toHaveLength(12);
    expect(new Set(smtp.received.map((m) => m.envelopeTo[0])).size).toBe(12);
  });
});

describe('the outbox job', () => {
  it('delivers mail queued in a request’s transaction, retrying while the server refuses', async () => {
    smtp.refuseConnections(2);
    const runner = new JobRunner({ db: database.db, log, pollingIntervalSeconds: 0.5, cronCheckSeconds: 1 });
    runner.define(outboxDeliveryJob(database.db, mailer, { everySeconds: 1, retryDelaysSeconds: [1] }));
    await runner.start();
    try {
      const id = await database.db.transaction().execute((trx) => queueMail(trx, message()));
      const deadline = Date.now() + 20_000;
      while (smtp.received.length === 0 && Date.now() < deadline) await sleep(100);
      expect(smtp.received).toHaveLength(1);
      await sleep(200);
      expect(await outboxRow(id)).toMatchObject({ status: 'sent', attempts: 3 });
    } finally {
      await runner.stop();
    }
  });
});

describe('working links never stay in stored mail', () => {
  const TOKEN = 'Zx9-geheim_token-0123456789abcdefghijklm';
  const LINK = `https://bk.example/a/${TOKEN}`;
  const withLink = (to = 'bewoner@example.nl') => ({
    to,
    subject: 'Uw inloglink',
    text: `Log in:\n${LINK}\n`,
    html: `<p><a href="${LINK}">Inloggen</a></p>`,
    secrets: [LINK],
  });
  /** Everything the outbox stores of a message, as one string. */
  const storedRow = async (id: number) =>
    JSON.stringify(
      (await sql`select row_to_json(m) as row from mail_outbox m where id = ${id}`.execute(database.db)).rows,
    );

  it('stores a note instead of the link, sends the link, and keeps nothing of it once sent', async () => {
    const id = await queueMail(database.db, withLink());
    const { rows } = await sql<{ body_text: string; body_html: string }>`
      select body_text, body_html from mail_outbox where id = ${id}`.execute(database.db);
    expect(rows[0]).toEqual({
      body_text: 'Log in:\n[link verwijderd na verzending]\n',
      body_html: '<p><a href="[link verwijderd na verzending]">Inloggen</a></p>',
    });
    expect(await deliverOutbox(database.db, mailer)).toEqual({ sent: 1, retrying: 0, failed: 0 });
    expect(smtp.received[0]!.body).toContain(LINK);
    expect(await storedRow(id)).not.toContain(TOKEN);
  });

  it('sends the real link on a retry after a failed attempt', async () => {
    smtp.refuseConnections(1);
    const id = await queueMail(database.db, withLink());
    const options = { retryDelaysSeconds: [0] };
    expect(await deliverOutbox(database.db, mailer, options)).toEqual({ sent: 0, retrying: 1, failed: 0 });
    expect(await deliverOutbox(database.db, mailer, options)).toEqual({ sent: 1, retrying: 0, failed: 0 });
    expect(smtp.received).toHaveLength(1);
    expect(smtp.received[0]!.body).toContain(LINK);
    expect(await storedRow(id)).not.toContain(TOKEN);
  });

  it('wipes the link of a message given up on', async () => {
    smtp.rejectRecipient('weg@example.nl');
    const id = await queueMail(database.db, withLink('weg@example.nl'));
    expect(await deliverOutbox(database.db, mailer)).toEqual({ sent: 0, retrying: 0, failed: 1 });
    expect(await storedRow(id)).not.toContain(TOKEN);
  });

  it('refuses a link that is not in the text (it would be stored or lost)', async () => {
    await expect(queueMail(database.db, { ...message(), secrets: [LINK] })).rejects.toThrow(
      /not in its text/,
    );
  });
});

describe('the gemeente a message is sent for', () => {
  it('is recorded with the message, or none for the platform’s own mail', async () => {
    const forZoetermeer = await queueMail(database.db, { ...message(), gemeente: 'GM0637' });
    const platform = await queueMail(database.db, message());
    const { rows } = await sql<{ id: number; municipality_code: string | null }>`
      select id, municipality_code from mail_outbox order by id`.execute(database.db);
    expect(rows).toEqual([
      { id: forZoetermeer, municipality_code: 'GM0637' },
      { id: platform, municipality_code: null },
    ]);
    await expect(queueMail(database.db, { ...message(), gemeente: 'WK063700' })).rejects.toThrow();
  });
});
