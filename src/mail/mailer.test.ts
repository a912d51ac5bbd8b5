import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SMTP_USER, startTestSmtpServer, type TestSmtpServer } from '../../test/helpers/smtp-server.js';
import { loadConfig } from '../config.js';
import { createMailer } from './create-mailer.js';
import { createFolderMailer } from './folder-mailer.js';
import { withMailFooter } from './mail-footer.js';
import { MailDeliveryError, type Mailer } from './mailer.js';
import { createSmtpMailer } from './smtp-mailer.js';

let smtp: TestSmtpServer;
const mailers: Mailer[] = [];
let tmp: string;

beforeAll(async () => {
  smtp = await startTestSmtpServer();
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'bk-mail-'));
});
afterEach(async () => {
  for (const mailer of mailers.splice(0)) await mailer.close();
});
afterAll(async () => {
  await smtp.close();
  await fs.rm(tmp, { recursive: true, force: true });
});

function smtpMailer(url = smtp.url): Mailer {
  const mailer = createSmtpMailer({ url, from: 'Gemeente Zoetermeer <noreply@zoetermeer.example>' });
  mailers.push(mailer);
  return mailer;
}

describe('sending through an SMTP server', () => {
  it('delivers the message with its recipient, subject, body, attachment and headers', async () => {
    const sent = await smtpMailer().send({
      to: 'bewoner@example.nl',
      subject: 'Uw melding is ontvangen',
      text: 'Bedankt voor uw melding over de losse stoeptegel.',
      html: '<p>Bedankt voor uw melding over de losse stoeptegel.</p>',
      attachments: [{ filename: 'melding.txt', content: 'melding 42', contentType: 'text/plain' }],
      headers: { 'X-Buurtkracht-Report': '42' },
    });
    expect(smtp.received).toHaveLength(1);
    const mail = smtp.received[0]!;
    expect(mail.user).toBe(SMTP_USER);
    expect(mail.envelopeFrom).toBe('noreply@zoetermeer.example');
    expect(mail.envelopeTo).toEqual(['bewoner@example.nl']);
    expect(mail.headers.get('from')).toBe('Gemeente Zoetermeer <noreply@zoetermeer.example>');
    expect(mail.headers.get('to')).toBe('bewoner@example.nl');
    expect(mail.headers.get('subject')).toBe('Uw melding is ontvangen');
    expect(mail.headers.get('message-id')).toBe(sent.messageId);
    expect(mail.headers.get('auto-submitted')).toBe('auto-generated');
    expect(mail.headers.get('x-buurtkracht-report')).toBe('42');
    expect(mail.headers.get('content-type')).toMatch(/^multipart\/mixed/);
    expect(mail.body).toContain('Bedankt voor uw melding over de losse stoeptegel.');
    expect(mail.body).toContain('<p>Bedankt voor uw melding');
    expect(mail.body).toMatch(/filename=melding\.txt/);
  });

  it('reports a refused recipient as permanent', async () => {
    smtp.rejectRecipient('bestaat-niet@example.nl');
    const error = await smtpMailer()
      .send({ to: 'bestaat-niet@example.nl', subject: 'Test', text: 'Test' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MailDeliveryError);
    expect(error).toMatchObject({ permanent: true });
  });

  it('reports a server that is down as temporary, without the password in the message', async () => {
    const closed = await startTestSmtpServer();
    await closed.close();
    const error = await smtpMailer(closed.url)
      .send({ to: 'bewoner@example.nl', subject: 'Test', text: 'Test' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MailDeliveryError);
    expect(error).toMatchObject({ permanent: false });
    expect(String(error)).not.toContain('w0rd');
  });

  it('treats a refused login as a set-up problem to retry, not as the message’s fault', async () => {
    const wrong = new URL(smtp.url);
    wrong.password = 'wrong';
    const error = await smtpMailer(wrong.toString())
      .send({ to: 'bewoner@example.nl', subject: 'Test', text: 'Test' })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ permanent: false });
  });
});

describe('writing mail to a folder', () => {
  it('writes each message as an .eml file only the app can read', async () => {
    const dir = path.join(tmp, 'mail');
    const mailer = createFolderMailer({ dir, from: 'Buurtkracht <noreply@localhost>' });
    const sent = await mailer.send({
      to: 'bewoner@example.nl',
      subject: 'Welkom',
      text: 'Welkom bij Buurtkracht.',
    });
    const files = await fs.readdir(dir);
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/\.eml$/);
    const file = path.join(dir, files[0]!);
    const raw = await fs.readFile(file, 'utf8');
    expect(raw).toContain('To: bewoner@example.nl\r\n');
    expect(raw).toContain('Subject: Welkom\r\n');
    expect(raw).toContain(`Message-ID: ${sent.messageId}`);
    expect(raw).toContain('Welkom bij Buurtkracht.');
    expect((await fs.stat(file)).mode & 0o777).toBe(0o600);
  });
});

describe('choosing the transport from the settings', () => {
  function capturingLogger() {
    const lines: string[] = [];
    const stream = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    return { log: pino({ level: 'info' }, stream), lines };
  }

  it('writes to <data dir>/mail and says so once at start-up when no SMTP server is set', async () => {
    const { log, lines } = capturingLogger();
    const config = loadConfig({ NODE_ENV: 'test', BUURTKRACHT_DATA_DIR: tmp });
    const mailer = createMailer(config, log);
    expect(mailer.kind).toBe('folder');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(`written as an .eml file into ${path.join(tmp, 'mail')}`);
  });

  it('sends through SMTP when SMTP_URL is set, and never logs the password', async () => {
    const { log, lines } = capturingLogger();
    const config = loadConfig({ NODE_ENV: 'test', SMTP_URL: smtp.url, MAIL_FROM: 'noreply@example.nl' });
    const mailer = createMailer(config, log);
    mailers.push(mailer);
    expect(mailer.kind).toBe('smtp');
    expect(lines.join('')).not.toContain('w0rd');
    expect(lines.join('')).not.toContain(encodeURIComponent('p@ss w0rd'));
  });
});

describe('the standard footer', () => {
  it('adds where the mail comes from and why, after a signature line, in Dutch and English', () => {
    const nl = withMailFooter(
      { text: 'Uw melding is ontvangen.\n' },
      {
        locale: 'nl',
        publicUrl: 'https://buurt.example.nl',
        reason: 'U krijgt deze e-mail omdat u een melding deed.',
      },
    );
    expect(nl.text).toBe(
      'Uw melding is ontvangen.\n\n-- \nDit bericht komt van Buurtkracht: https://buurt.example.nl\n' +
        'U krijgt deze e-mail omdat u een melding deed.\nDit is een automatisch bericht.\n',
    );
    expect(nl.html).toBeUndefined();
    const en = withMailFooter(
      { text: 'Received.', html: '<p>Received.</p>' },
      { locale: 'en', publicUrl: 'https://x.example' },
    );
    expect(en.text).toContain('This message is from Buurtkracht: https://x.example');
    expect(en.html).toContain('<p>Received.</p>');
    expect(en.html).toContain('This is an automatic message.');
  });

  it('escapes the reason in HTML', () => {
    const body = withMailFooter(
      { text: 't', html: '<p>t</p>' },
      { locale: 'en', publicUrl: 'https://x.example', reason: 'Because <you> asked & "agreed"' },
    );
    expect(body.html).toContain('Because &lt;you&gt; asked &amp; &quot;agreed&quot;');
  });
});
