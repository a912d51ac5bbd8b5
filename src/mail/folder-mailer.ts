import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import nodemailer from 'nodemailer';
import { MailDeliveryError, toNodemailerMessage, type Mailer, type MailMessage } from './mailer.js';

export interface FolderMailerOptions {
  /** The folder the `.eml` files go to; created when missing. */
  dir: string;
  from: string;
}

/**
 * Writes each message as an `.eml` file (the exact message an SMTP server would get; any mail
 * program opens it) instead of sending it: for a laptop, a demo and development. The files
 * hold personal data, so only the app's user can read them.
 */
export function createFolderMailer(options: FolderMailerOptions): Mailer {
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'windows' });
  return {
    kind: 'folder',
    async send(message: MailMessage) {
      try {
        const info = await transport.sendMail(toNodemailerMessage(options.from, message));
        if (!Buffer.isBuffer(info.message)) throw new Error('nodemailer returned no message buffer');
        await fs.mkdir(options.dir, { recursive: true, mode: 0o700 });
        // Time first so a folder listing is in sending order; written aside, then renamed, so a
        // mail program watching the folder never opens half a message.
        const name = `${new Date().toISOString().replace(/[:.]/g, '-')}-${randomUUID().slice(0, 8)}.eml`;
        const file = path.join(options.dir, name);
        await fs.writeFile(`${file}.tmp`, info.message, { mode: 0o600 });
        await fs.rename(`${file}.tmp`, file);
        return { messageId: info.messageId };
      } catch (error) {
        throw new MailDeliveryError(error instanceof Error ? error.message : String(error), false, {
          cause: error,
        });
      }
    },
    async close() {},
  };
}
