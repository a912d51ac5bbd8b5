import { z } from 'zod';
import type { Db, Queryable } from '../db/database.js';
import { isEmailAddress } from '../shared/email.js';
import { defineJob, noPayload, type Job, type NoPayload } from '../jobs/index.js';
import type { MailLocale } from './mail-footer.js';
import { putSecretsBack, takeSecretsOut } from './mail-secrets.js';
import { MailDeliveryError, type Mailer, type MailMessage } from './mailer.js';
import {
  claimDueOutboxMail,
  insertOutboxMail,
  listOutboxMail,
  markOutboxMailFailed,
  markOutboxMailSent,
  rescheduleOutboxMail,
  type ClaimedOutboxRow,
  type OutboxMail,
  type OutboxStatus,
} from './outbox.repository.js';

/** Attachments together at most this big: most mail servers refuse bigger messages. */
const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;

const noLineBreaks = (s: string) => !/[\r\n]/.test(s);

const messageSchema = z.object({
  // The same rule as every form that takes an address, so what a form accepts can be queued.
  to: z.string().refine(isEmailAddress, 'not an e-mail address the outbox can send to'),
  subject: z.string().trim().min(1).max(250).refine(noLineBreaks, 'a subject is one line'),
  text: z.string().min(1),
  html: z.string().min(1).optional(),
  attachments: z
    .array(
      z.object({
        filename: z.string().min(1).max(200).refine(noLineBreaks),
        content: z.union([z.instanceof(Buffer), z.string()]),
        contentType: z
          .string()
          .regex(/^[\w.+-]+\/[\w.+-]+$/)
          .optional(),
      }),
    )
    .optional(),
  headers: z.record(z.string().regex(/^[A-Za-z][A-Za-z0-9-]*$/), z.string().refine(noLineBreaks)).optional(),
});

/** What the outbox takes beyond the message itself; see {@link queueMail}. */
export interface OutboxMessage extends MailMessage {
  /**
   * The gemeente on whose behalf the message goes (GM0637): its administrators handle the
   * message in privacy requests. Left out for the platform's own mail (a resident's sign-in link),
   * which belongs to no gemeente.
   */
  readonly gemeente?: string | null;
  /**
   * Parts of the text (and HTML) that work as a key: one-time links, tracking links. They are
   * sent, but never stored with the message (see mail-secrets.ts). Each must occur in the text.
   */
  readonly secrets?: readonly string[];
  /** The message's language, for the note that stands in the stored copy instead of a secret. */
  readonly locale?: MailLocale;
}

const outboxSchema = z.object({
  gemeente: z
    .string()
    .regex(/^GM[0-9]{4}$/)
    .nullable()
    .optional(),
  // Long enough that a secret cannot be mistaken for ordinary words in the text.
  secrets: z.array(z.string().min(16)).optional(),
  locale: z.enum(['nl', 'en']).optional(),
});

const storedSecrets = z
  .array(
    z.object({
      part: z.enum(['text', 'html']),
      start: z.int().nonnegative(),
      end: z.int().nonnegative(),
      value: z.string(),
    }),
  )
  .nullable();

const storedAttachments = z.array(
  z.object({ filename: z.string(), contentType: z.string().optional(), contentBase64: z.string() }),
);
const storedHeaders = z.record(z.string(), z.string());

/**
 * Puts a message in the outbox, in the caller's transaction: it is sent only if the change it
 * tells about is committed, and the request never waits for, nor fails on, the mail server.
 * The outbox job delivers it within seconds, retrying for about a day if the server is away.
 * Throws on a malformed message (a programming error, not a user's).
 *
 * A message with a working link in it names the link in `secrets`: the stored copy holds a
 * note instead, the link itself waits beside it until delivery, and is wiped once the message
 * is sent or given up on. `gemeente` records on whose behalf it goes (privacy requests).
 *
 * @example
 * await db.transaction().execute(async (trx) => {
 *   await saveReport(trx, report);
 *   await queueMail(trx, { to: reporter.email, subject: 'Uw melding is ontvangen', gemeente: 'GM0637',
 *     ...withMailFooter({ text }, { locale: 'nl', publicUrl, reason }) });
 * });
 */
export async function queueMail(db: Queryable, message: OutboxMessage): Promise<number> {
  const m = messageSchema.parse(message);
  const outbox = outboxSchema.parse(message);
  const body = takeSecretsOut(
    { text: m.text, html: m.html ?? null },
    outbox.secrets ?? [],
    outbox.locale ?? 'nl',
  );
  const attachments = (m.attachments ?? []).map((a) => {
    const content = typeof a.content === 'string' ? Buffer.from(a.content, 'utf8') : a.content;
    return { filename: a.filename, contentType: a.contentType, content };
  });
  const bytes = attachments.reduce((sum, a) => sum + a.content.length, 0);
  if (bytes > MAX_ATTACHMENT_BYTES) throw new Error(`Attachments of ${bytes} bytes are too big for mail`);
  return insertOutboxMail(db, {
    recipient: m.to,
    subject: m.subject,
    bodyText: body.text,
    bodyHtml: body.html,
    attachments: attachments.map((a) => ({
      filename: a.filename,
      ...(a.contentType ? { contentType: a.contentType } : {}),
      contentBase64: a.content.toString('base64'),
    })),
    headers: m.headers ?? {},
    municipalityCode: outbox.gemeente ?? null,
    secrets: body.secrets,
  });
}

export interface DeliveryOptions {
  /** Messages claimed at a time. */
  batchSize?: number;
  /** Attempts before giving up on a message (default 8: about a day with the default delays). */
  maxAttempts?: number;
  /** Wait after the 1st, 2nd, … failed attempt; the last one repeats. */
  retryDelaysSeconds?: readonly number[];
  /** How long a claim holds before another process may take the message over. */
  claimSeconds?: number;
  /** Stop claiming new batches after this long, so one run never hogs the job. */
  timeBudgetMs?: number;
}

/** What one delivery run did. */
export interface DeliveryReport {
  sent: number;
  retrying: number;
  failed: number;
}

// 1 min, 5 min, 15 min, 1 h, 3 h, 6 h, 12 h: about a day before giving up.
const DEFAULT_RETRY_DELAYS = [60, 300, 900, 3600, 3 * 3600, 6 * 3600, 12 * 3600];

/**
 * Sends the messages that are due: each goes out once (claims keep two processes apart), a
 * temporary failure is retried later with growing delays, and a permanent one (the server
 * refused the recipient) or the last attempt marks it failed.
 */
export async function deliverOutbox(
  db: Db,
  mailer: Mailer,
  options: DeliveryOptions = {},
): Promise<DeliveryReport> {
  const batchSize = options.batchSize ?? 20;
  const delays = options.retryDelaysSeconds ?? DEFAULT_RETRY_DELAYS;
  const maxAttempts = options.maxAttempts ?? 8;
  const claimSeconds = options.claimSeconds ?? 300;
  const deadline = Date.now() + (options.timeBudgetMs ?? 50_000);
  const report: DeliveryReport = { sent: 0, retrying: 0, failed: 0 };
  while (Date.now() < deadline) {
    const batch = await claimDueOutboxMail(db, batchSize, claimSeconds);
    for (const row of batch) {
      const outcome = await deliverOne(db, mailer, row, { maxAttempts, delays });
      report[outcome] += 1;
    }
    if (batch.length < batchSize) break;
  }
  return report;
}

async function deliverOne(
  db: Db,
  mailer: Mailer,
  row: ClaimedOutboxRow,
  policy: { maxAttempts: number; delays: readonly number[] },
): Promise<keyof DeliveryReport> {
  const attachments = storedAttachments.safeParse(row.attachments);
  const headers = storedHeaders.safeParse(row.headers);
  const secrets = storedSecrets.safeParse(row.secrets);
  // The secrets go back in for every attempt; they are wiped only once it is sent or given up.
  const body = secrets.success
    ? putSecretsBack({ text: row.bodyText, html: row.bodyHtml }, secrets.data ?? [])
    : undefined;
  if (!attachments.success || !headers.success || body === undefined) {
    await markOutboxMailFailed(db, row.id, 'stored message is malformed');
    return 'failed';
  }
  try {
    const sent = await mailer.send({
      to: row.recipient,
      subject: row.subject,
      text: body.text,
      ...(body.html !== null ? { html: body.html } : {}),
      attachments: attachments.data.map((a) => ({
        filename: a.filename,
        content: Buffer.from(a.contentBase64, 'base64'),
        ...(a.contentType ? { contentType: a.contentType } : {}),
      })),
      headers: headers.data,
    });
    await markOutboxMailSent(db, row.id, sent.messageId);
    return 'sent';
  } catch (error) {
    const permanent = error instanceof MailDeliveryError && error.permanent;
    const reason = (error instanceof Error ? error.message : String(error)).slice(0, 1000);
    if (permanent || row.attempts >= policy.maxAttempts) {
      await markOutboxMailFailed(db, row.id, reason);
      return 'failed';
    }
    const delay = policy.delays[Math.min(row.attempts, policy.delays.length) - 1] ?? 60;
    await rescheduleOutboxMail(db, row.id, reason, delay);
    return 'retrying';
  }
}

/** The outbox's messages for an administrator's overview, newest first. */
export async function listOutbox(
  db: Queryable,
  filter: { status?: OutboxStatus; limit?: number } = {},
): Promise<OutboxMail[]> {
  return listOutboxMail(db, { ...filter, limit: filter.limit ?? 100 });
}

/**
 * The job that drains the outbox every 10 seconds (`everySeconds`), one run at a time across all
 * processes.
 * main.ts registers it with the process's mailer.
 */
export function outboxDeliveryJob(
  db: Db,
  mailer: Mailer,
  options: DeliveryOptions & { everySeconds?: number } = {},
): Job<NoPayload> {
  const { everySeconds = 10, ...delivery } = options;
  return defineJob({
    name: 'mail-outbox',
    payload: noPayload,
    schedule: { everySeconds },
    exclusive: true,
    // Each message keeps its own attempts; a failed run is simply the next tick's work.
    retry: { limit: 0, delaySeconds: 0 },
    timeoutSeconds: 120,
    run: async (_data, { log }) => {
      const report = await deliverOutbox(db, mailer, delivery);
      if (report.sent + report.retrying + report.failed > 0) log.info(report, 'mail outbox delivered');
    },
  });
}
