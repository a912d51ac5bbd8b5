import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerError } from 'smtp-server';

/** A message as the test SMTP server received it. */
export interface CapturedMail {
  /** MAIL FROM and RCPT TO: the envelope, not the headers. */
  envelopeFrom: string;
  envelopeTo: string[];
  /** Who logged in for it. */
  user: string | undefined;
  /** The whole message as sent (headers and body, CRLF line ends). */
  raw: string;
  /** Headers with folded lines joined, names lower-case; the first of each name. */
  headers: Map<string, string>;
  /** The part after the headers (still MIME-encoded when the message has parts). */
  body: string;
}

export interface TestSmtpServer {
  /** `smtp://user:pass@127.0.0.1:<port>` for SMTP_URL. */
  url: string;
  port: number;
  received: CapturedMail[];
  /** Refuse the next `n` connections with 421 (a server that is busy or restarting). */
  refuseConnections(n: number): void;
  /** Refuse this recipient for good with 550 (no such mailbox). */
  rejectRecipient(address: string): void;
  close(): Promise<void>;
}

export const SMTP_USER = 'buurtkracht';
export const SMTP_PASS = 'p@ss w0rd';

/**
 * A real SMTP server on 127.0.0.1 and a free port, inside the test process: it demands a login,
 * captures every message, and can refuse connections or recipients on request.
 */
export async function startTestSmtpServer(): Promise<TestSmtpServer> {
  const received: CapturedMail[] = [];
  const rejected = new Set<string>();
  let refusals = 0;
  const server = new SMTPServer({
    // Plain SMTP on loopback: no certificate to manage in tests, and login still required.
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    logger: false,
    onConnect(_session, callback) {
      if (refusals > 0) {
        refusals -= 1;
        return callback(smtpError('Service not available, try again later', 421));
      }
      callback();
    },
    onAuth(auth, _session, callback) {
      if (auth.username === SMTP_USER && auth.password === SMTP_PASS)
        return callback(null, { user: auth.username });
      callback(smtpError('Invalid login', 535));
    },
    onRcptTo(address, _session, callback) {
      if (rejected.has(address.address.toLowerCase())) return callback(smtpError('No such mailbox', 550));
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const split = raw.indexOf('\r\n\r\n');
        const headerText = split >= 0 ? raw.slice(0, split) : raw;
        const headers = new Map<string, string>();
        for (const line of headerText.replace(/\r\n[ \t]+/g, ' ').split('\r\n')) {
          const colon = line.indexOf(':');
          const name = line.slice(0, colon).trim().toLowerCase();
          if (colon > 0 && !headers.has(name)) headers.set(name, line.slice(colon + 1).trim());
        }
        const from = session.envelope.mailFrom;
        received.push({
          envelopeFrom: from ? from.address : '',
          envelopeTo: session.envelope.rcptTo.map((r) => r.address),
          user: typeof session.user === 'string' ? session.user : undefined,
          raw,
          headers,
          body: split >= 0 ? raw.slice(split + 4) : '',
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://${encodeURIComponent(SMTP_USER)}:${encodeURIComponent(SMTP_PASS)}@127.0.0.1:${port}`,
    port,
    received,
    refuseConnections(n) {
      refusals = n;
    },
    rejectRecipient(address) {
      rejected.add(address.toLowerCase());
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function smtpError(message: string, responseCode: number): SMTPServerError {
  return Object.assign(new Error(message), { responseCode });
}
