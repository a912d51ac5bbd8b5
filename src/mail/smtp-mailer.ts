import nodemailer from 'nodemailer';
import { MailDeliveryError, toNodemailerMessage, type Mailer, type MailMessage } from './mailer.js';

export interface SmtpMailerOptions {
  /** `smtp://user:pass@host:587` (STARTTLS) or `smtps://user:pass@host:465` (TLS). */
  url: string;
  /** The From header: `Name <address>` or an address. */
  from: string;
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * Sends through an SMTP server, one connection per message: the outbox sends a few messages at a
 * time, and every attempt then starts on a fresh connection, with nothing left open. Over `smtp://` to another machine STARTTLS is required, so the password and the mail never
 * travel in plain text when someone in between strips the server's offer of TLS (`?requireTLS=false`
 * in the URL switches that off, for a relay that cannot do TLS).
 */
export function createSmtpMailer(options: SmtpMailerOptions): Mailer {
  const url = new URL(options.url);
  const transport = nodemailer.createTransport({
    url: options.url,
    requireTLS: url.protocol === 'smtp:' && !LOOPBACK.has(url.hostname),
    // The defaults wait minutes; a job should learn quickly that the server is away.
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  });
  return {
    kind: 'smtp',
    async send(message: MailMessage) {
      try {
        const info = await transport.sendMail(toNodemailerMessage(options.from, message));
        return { messageId: info.messageId };
      } catch (error) {
        throw new MailDeliveryError(describe(error), isPermanent(error), { cause: error });
      }
    },
    async close() {
      transport.close();
    },
  };
}

/**
 * Permanent only when the server refused this message or recipient for good (5xx on RCPT or
 * DATA). A refused login or sender is a set-up problem, not the message's: it is retried
 * until someone fixes the settings.
 */
function isPermanent(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const permanent = 'permanent' in error && error.permanent === true;
  const command = 'command' in error && typeof error.command === 'string' ? error.command : '';
  return permanent && !/^(AUTH|MAIL FROM|EHLO|HELO|LHLO|CONN|API)/.test(command);
}

/** The server's answer without the credentials that a connection error may quote. */
function describe(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.replace(/\/\/[^@/\s]*@/g, '//***@');
}
