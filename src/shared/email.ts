import { domainToASCII } from 'node:url';

/**
 * The one rule for an e-mail address, used by every form, every schema and the outbox: what a
 * form accepts, the outbox can send, so a resident never meets a 500 for an address the form
 * let through.
 *
 * Accepted is the everyday form of RFC 5321 that every mail server delivers:
 * - a local part of "atoms" (letters, digits and ! # $ % & ' * + / = ? ^ _ ` { | } ~ -) joined
 *   by single dots: `jan.de.vries`, `jan+buurt`, `o'brien`; at most 64 characters;
 * - a domain of at least two labels (letters, digits, hyphens; not starting or ending with a
 *   hyphen; at most 63 characters each) whose last label (the top-level domain) has at least two
 *   letters: `gemeente.nl`, `post.zoetermeer.nl`;
 * - at most 254 characters in all.
 *
 * Internationalised domains are accepted (`jan@café.de`, `jan@café.nl`): each label must have a
 * valid ASCII (punycode) form; the address is kept as typed and the mailer sends the punycode
 * form. A local part with non-ASCII letters is refused: it needs SMTPUTF8, which many mail
 * servers still lack. Refused as well: quoted local parts, IP addresses as domain, comments,
 * angle brackets, spaces and control characters — legal in some RFC corner, but not what a
 * person means to type, and not what every server on the way accepts.
 *
 * The address is not normalised here: callers trim (and usually lower-case) first.
 */
export function isEmailAddress(address: string): boolean {
  if (address.length > MAX_EMAIL_LENGTH) return false;
  const at = address.lastIndexOf('@');
  if (at <= 0) return false;
  const local = address.slice(0, at);
  const domain = address.slice(at + 1);
  if (local.length > 64 || !LOCAL_PART.test(local)) return false;
  const labels = domain.split('.');
  if (labels.length < 2) return false;
  const ascii = labels.map(asciiLabel);
  if (ascii.some((label) => label === undefined)) return false;
  const topLevel = ascii.at(-1) ?? '';
  return TOP_LEVEL.test(topLevel) && ascii.join('.').length <= 253;
}

/** The longest address a mail server carries (RFC 5321: a path of 256 octets, minus `<` and `>`). */
export const MAX_EMAIL_LENGTH = 254;

const ATOM = "[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+";
const LOCAL_PART = new RegExp(`^${ATOM}(?:\\.${ATOM})*$`);
const ASCII_LABEL = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;
const UNICODE_LABEL = /^[\p{L}\p{M}\p{N}-]+$/u;
const TOP_LEVEL = /^(?:[A-Za-z]{2,63}|xn--[A-Za-z0-9-]{1,59})$/;

/** A domain label in its ASCII form, or undefined when it is no valid label. */
function asciiLabel(label: string): string | undefined {
  if (ASCII_LABEL.test(label)) return label;
  // Only letters, marks and digits may need punycode; dots of other scripts (`。`) and symbols
  // that IDNA would map away are refused, so the address stays what the person typed.
  if (!UNICODE_LABEL.test(label)) return undefined;
  const encoded = domainToASCII(label);
  return encoded.startsWith('xn--') && ASCII_LABEL.test(encoded) ? encoded : undefined;
}
