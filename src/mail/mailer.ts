import type { SendMailOptions } from 'nodemailer';

/** A file sent along with a message (a letter as PDF, a calendar invitation). */
export interface MailAttachment {
  readonly filename: string;
  readonly content: Buffer | string;
  /** MIME type; guessed from the file name when left out. */
  readonly contentType?: string;
}

/**
 * One message to one person. One recipient per message on purpose: nobody sees anybody else's
 * address, and a person's mail can be found and erased by their address.
 */
export interface MailMessage {
  readonly to: string;
  readonly subject: string;
  /** Plain text: always there, it is what screen readers and simple mail programs show. */
  readonly text: string;
  readonly html?: string;
  readonly attachments?: readonly MailAttachment[];
  /** Extra headers, e.g. `Auto-Submitted` or `List-Unsubscribe`. */
  readonly headers?: Readonly<Record<string, string>>;
}

/** What a transport reports back about a message it took. */
export interface SentMail {
  /** The Message-ID header, `<…@…>`. */
  readonly messageId: string;
}

/** Sends mail: the SMTP server in production, a folder of `.eml` files without one. */
export interface Mailer {
  readonly kind: 'smtp' | 'folder';
  /** Resolves once the server (or the folder) has taken the message; rejects with {@link MailDeliveryError}. */
  send(message: MailMessage): Promise<SentMail>;
  /** Closes open connections to the server. */
  close(): Promise<void>;
}

/**
 * A message that could not be handed over. `permanent` when trying again cannot help (the
 * server refused the recipient or the content); otherwise the outbox tries again later.
 */
export class MailDeliveryError extends Error {
  constructor(
    message: string,
    readonly permanent: boolean,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'MailDeliveryError';
  }
}

/** Every message carries this, so auto-responders (out of office) do not answer it (RFC 3834). */
export const AUTOMATIC_MAIL_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'Auto-Submitted': 'auto-generated',
});

/** A message as nodemailer takes it (both transports build it with nodemailer), with our headers. */
export function toNodemailerMessage(from: string, message: MailMessage): SendMailOptions {
  return {
    from,
    to: message.to,
    subject: message.subject,
    text: message.text,
    ...(message.html !== undefined ? { html: message.html } : {}),
    attachments: (message.attachments ?? []).map((a) => ({
      filename: a.filename,
      content: a.content,
      ...(a.contentType ? { contentType: a.contentType } : {}),
    })),
    headers: { ...AUTOMATIC_MAIL_HEADERS, ...message.headers },
  };
}
