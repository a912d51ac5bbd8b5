import { escapeHtml, type MailLocale } from './mail-footer.js';

/**
 * The secret parts of a message (a one-time sign-in link, a set-up link, an initiative's
 * tracking link) are never in its stored text. The outbox stores the text with a note in their
 * place, and each secret beside it (`mail_outbox.secrets`) with where it goes; delivery puts them
 * back, and the secrets are wiped once the message is sent or given up on. So the outbox, an
 * administrator's export of a person's data and a database copy hold no working link.
 */

/** What the stored copy shows where a secret was. */
export const SECRET_NOTE: Readonly<Record<MailLocale, string>> = {
  nl: '[link verwijderd na verzending]',
  en: '[link removed after sending]',
};

/** A secret as stored: which part of the message, where its note stands (UTF-16 offsets), its value. */
export interface StoredSecret {
  part: 'text' | 'html';
  start: number;
  end: number;
  value: string;
}

/** A message's body with every secret replaced by the note, and the secrets to put back. */
export interface BodyWithoutSecrets {
  text: string;
  html: string | null;
  secrets: StoredSecret[];
}

/**
 * Takes the secrets out of a message's text and HTML. Each secret must occur in the text (a
 * message whose secret is missing is a programming error: it would go out without its link, or
 * carry it in a form we did not take out). In HTML a secret is also found escaped.
 */
export function takeSecretsOut(
  body: { text: string; html: string | null },
  secrets: readonly string[],
  locale: MailLocale,
): BodyWithoutSecrets {
  const note = SECRET_NOTE[locale];
  for (const secret of secrets) {
    if (!body.text.includes(secret)) throw new Error('A secret of this message is not in its text');
  }
  const text = replaceAll(body.text, secrets, note, 'text');
  if (body.html === null) return { text: text.body, html: null, secrets: text.secrets };
  const forms = [...new Set(secrets.flatMap((secret) => [secret, escapeHtml(secret)]))];
  const html = replaceAll(body.html, forms, note, 'html');
  return { text: text.body, html: html.body, secrets: [...text.secrets, ...html.secrets] };
}

function replaceAll(
  body: string,
  secrets: readonly string[],
  note: string,
  part: StoredSecret['part'],
): { body: string; secrets: StoredSecret[] } {
  // Every occurrence of every secret; where two overlap, the earlier (then the longer) wins.
  const found: { at: number; value: string }[] = [];
  for (const value of secrets) {
    for (let at = body.indexOf(value); at !== -1; at = body.indexOf(value, at + 1)) found.push({ at, value });
  }
  found.sort((a, b) => a.at - b.at || b.value.length - a.value.length);
  let out = '';
  let from = 0;
  const stored: StoredSecret[] = [];
  for (const { at, value } of found) {
    if (at < from) continue;
    out += body.slice(from, at);
    stored.push({ part, start: out.length, end: out.length + note.length, value });
    out += note;
    from = at + value.length;
  }
  return { body: out + body.slice(from), secrets: stored };
}

/**
 * The body as it is sent: each secret back in place of its note. Undefined when the stored
 * secrets do not fit the stored body (overlapping, out of range): such a message is not sent.
 */
export function putSecretsBack(
  stored: { text: string; html: string | null },
  secrets: readonly StoredSecret[],
): { text: string; html: string | null } | undefined {
  const text = restore(
    stored.text,
    secrets.filter((s) => s.part === 'text'),
  );
  const html =
    stored.html === null
      ? null
      : restore(
          stored.html,
          secrets.filter((s) => s.part === 'html'),
        );
  if (text === undefined || html === undefined) return undefined;
  if (stored.html === null && secrets.some((s) => s.part === 'html')) return undefined;
  return { text, html };
}

function restore(body: string, secrets: readonly StoredSecret[]): string | undefined {
  const ordered = [...secrets].sort((a, b) => a.start - b.start);
  let out = '';
  let from = 0;
  for (const secret of ordered) {
    if (secret.start < from || secret.end < secret.start || secret.end > body.length) return undefined;
    out += body.slice(from, secret.start) + secret.value;
    from = secret.end;
  }
  return out + body.slice(from);
}
