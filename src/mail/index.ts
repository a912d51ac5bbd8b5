/**
 * Mail. Modules queue notifications with `queueMail(trx, message)` in their own transaction and
 * add the standard footer with `withMailFooter`; the outbox job sends them. A message names the
 * gemeente it is sent for, and its working links as `secrets` (never stored past delivery).
 * Only main.ts (and tests) create a `Mailer`.
 */
export { createMailer, mailFolder } from './create-mailer.js';
export { createFolderMailer, type FolderMailerOptions } from './folder-mailer.js';
export { withMailFooter, type MailBody, type MailFooterOptions, type MailLocale } from './mail-footer.js';
export { mailPersonalData } from './mail.personal-data.js';
export { putSecretsBack, SECRET_NOTE, type StoredSecret } from './mail-secrets.js';
export {
  AUTOMATIC_MAIL_HEADERS,
  MailDeliveryError,
  type MailAttachment,
  type Mailer,
  type MailMessage,
  type SentMail,
} from './mailer.js';
export type { OutboxMail, OutboxStatus } from './outbox.repository.js';
export {
  deliverOutbox,
  listOutbox,
  outboxDeliveryJob,
  queueMail,
  type OutboxMessage,
  type DeliveryOptions,
  type DeliveryReport,
} from './outbox.service.js';
export { createSmtpMailer, type SmtpMailerOptions } from './smtp-mailer.js';

/** The tables the mail outbox owns. */
export const MAIL_TABLES = ['mail_outbox'] as const;
