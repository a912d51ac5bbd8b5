import path from 'node:path';
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import { createFolderMailer } from './folder-mailer.js';
import type { Mailer } from './mailer.js';
import { createSmtpMailer } from './smtp-mailer.js';

/** The folder mail goes to when no SMTP server is set. */
export function mailFolder(config: Config): string {
  return path.join(config.dataDir, 'mail');
}

/**
 * The process's mailer from the settings: SMTP when `SMTP_URL` is set, else the mail folder.
 * Says once, plainly, where mail goes, so nobody waits for mail that is only written to disk.
 */
export function createMailer(config: Config, log: Logger): Mailer {
  if (config.mail.smtpUrl) {
    const url = new URL(config.mail.smtpUrl);
    // Host and port only: the URL holds the password.
    log.info(
      { smtp: `${url.protocol}//${url.host}`, from: config.mail.from },
      'mail is sent through the SMTP server',
    );
    return createSmtpMailer({ url: config.mail.smtpUrl, from: config.mail.from });
  }
  const dir = mailFolder(config);
  const level = config.env === 'production' ? 'warn' : 'info';
  log[level](
    { dir },
    `Mail is not sent: each message is written as an .eml file into ${dir}. Set SMTP_URL to send mail.`,
  );
  return createFolderMailer({ dir, from: config.mail.from });
}
