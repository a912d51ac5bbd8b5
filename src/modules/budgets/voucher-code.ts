import crypto from 'node:crypto';

/**
 * Household codes: 14 characters, 13 random and one check character, printed in groups of four
 * as an IBAN is (`XXXX-XXXX-XXXX-XX`), so they can be read aloud at the desk or on the phone.
 *
 * Why this alphabet: residents type the code from paper, many of them elderly, so case must not
 * matter and no two symbols may look alike. Digits and capitals (36) less one of each look-alike
 * pair: the letters O, I, L, S, Z and B go (they look like 0, 1, 1, 5, 2 and 8), and Q too (an O
 * with a tail). That leaves 29 symbols, a prime, so the check needs no extra symbol. Digits are
 * kept rather than letters because they are read aloud the same way by everyone.
 *
 * Why 14 characters: 13 random characters of 29 symbols carry 13 × log2(29) ≈ 63.2 bits, at
 * least 60 (12 would give only 58.3); the fourteenth is the check character.
 *
 * Why the check always works: with position weights 1…14, the weighted sum of all fourteen
 * values is 0 mod 29. A single wrong character changes the sum by w·d (w in 1…14, d in 1…28:
 * never 0 mod a prime); a swap of two adjacent characters changes it by (a − b)·(w₁ − w₂) =
 * ±(a − b), never 0 either. So both are always caught, before any database look-up.
 *
 * What a resident may type: small letters, spaces, hyphens and dots anywhere (`normaliseCode`),
 * and the letters left out are read as the digit they look like (O → 0, I and L → 1, S → 5,
 * Z → 2, B → 8). That is safe: none of those letters is in the alphabet, so no right character
 * is ever changed, and a wrong guess is one wrong character, which the check catches.
 */
export const CODE_ALPHABET = '0123456789ACDEFGHJKMNPRTUVWXY';
export const CODE_LENGTH = 14;
export const RANDOM_LENGTH = CODE_LENGTH - 1;
const P = CODE_ALPHABET.length;

/** Bits of randomness in a code: 13 × log2(29) ≈ 63.2. */
export const CODE_ENTROPY_BITS = RANDOM_LENGTH * Math.log2(P);

/** Letters outside the alphabet, read as the digit they look like. */
export const LOOK_ALIKES: Readonly<Record<string, string>> = {
  O: '0',
  I: '1',
  L: '1',
  S: '5',
  Z: '2',
  B: '8',
};

const VALUE = new Map<string, number>([...CODE_ALPHABET].map((ch, i) => [ch, i]));

function weightedSum(values: readonly number[], modulus: number): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += (i + 1) * (values[i] ?? 0);
  return sum % modulus;
}

/** The check character for 13 code characters: makes the weighted sum of all 14 zero mod 29. */
export function checkCharacter(body: string): string {
  const values = [...body].map((ch) => VALUE.get(ch) ?? 0);
  // Σ_{i<14} w_i v_i + 14·c ≡ 0 → c ≡ −s · 14⁻¹ (mod 29).
  const s = weightedSum(values, P);
  const inverse = modInverse(CODE_LENGTH, P);
  const c = (((P - s) % P) * inverse) % P;
  return CODE_ALPHABET.charAt(c);
}

function modInverse(a: number, m: number): number {
  for (let x = 1; x < m; x++) if ((a * x) % m === 1) return x;
  throw new RangeError('no inverse');
}

/**
 * Random bytes from the system's CSPRNG, drawn 64 KiB at a time: issuing millions of codes
 * then costs one call per 4,000 codes instead of one each (each byte is handed out once).
 */
const POOL_SIZE = 64 * 1024;
let pool = Buffer.alloc(0);
let poolOffset = 0;
function pooledRandomBytes(size: number): Buffer {
  if (poolOffset + size > pool.length) {
    pool = crypto.randomFillSync(Buffer.allocUnsafe(Math.max(POOL_SIZE, size)));
    poolOffset = 0;
  }
  const out = pool.subarray(poolOffset, poolOffset + size);
  poolOffset += size;
  return out;
}

/**
 * The stored hash of a voucher before its letter is printed: 32 random bytes, which no code
 * hashes to (as likely as guessing the key), so the voucher cannot be used until it is printed.
 */
export function unprintedCodeHash(): Buffer {
  return Buffer.from(pooledRandomBytes(32));
}

/** A new random code, 14 characters without separators. Rejection sampling keeps it uniform. */
export function generateCode(random: (size: number) => Buffer = pooledRandomBytes): string {
  let body = '';
  while (body.length < RANDOM_LENGTH) {
    const bytes = random(16);
    for (const byte of bytes) {
      // 232 = 8 × 29: bytes at or above it would make some symbols likelier.
      if (byte < 232 && body.length < RANDOM_LENGTH) body += CODE_ALPHABET.charAt(byte % P);
    }
  }
  return body + checkCharacter(body);
}

/** `XXXX-XXXX-XXXX-XX` for print, screens and the letter's QR link. */
export function formatCode(code: string): string {
  return (code.match(/.{1,4}/gu) ?? []).join('-');
}

/** What a typed code is: fine (in its one stored form), or why not (explained to the resident). */
export type CodeCheck =
  | { ok: true; code: string }
  | { ok: false; reason: 'length' | 'character' | 'check' | 'old'; character?: string };

const SEPARATORS = /[\s\-‐‑‒–—.]/gu;

/**
 * A code as typed, in its one form: separators (spaces, hyphens, dots) dropped, small letters made
 * capitals, and the letters left out of the alphabet read as their look-alike digit. Every channel
 * (page, API, desk) and the rate limits go through this, so one code is one code everywhere.
 */
export function normaliseCode(input: string): string {
  return [...input.replace(SEPARATORS, '').toUpperCase()].map((ch) => LOOK_ALIKES[ch] ?? ch).join('');
}

/**
 * Checks a code as typed (see `normaliseCode`). Catches a wrong length, a character outside the
 * alphabet, a failed check character, and a code of the old format (letters printed before
 * migration 0011), all without touching the database.
 */
export function checkCode(input: string): CodeCheck {
  if (isOldFormatCode(input)) return { ok: false, reason: 'old' };
  const code = normaliseCode(input);
  if (code.length !== CODE_LENGTH) return { ok: false, reason: 'length' };
  for (const ch of code) if (!VALUE.has(ch)) return { ok: false, reason: 'character', character: ch };
  if (
    weightedSum(
      [...code].map((ch) => VALUE.get(ch) ?? 0),
      P,
    ) !== 0
  )
    return { ok: false, reason: 'check' };
  return { ok: true, code };
}

/**
 * The format before migration 0011: 12 case-sensitive characters of 47 symbols, with a check
 * character mod 47. No voucher answers such a code any more (the migration marked them for a new
 * letter); recognising one lets the resident be told to wait for, or ask for, the new letter.
 */
const OLD_ALPHABET = '23456789ABCDEFGHJKMNPQRSTVWXYZabdefghjkmnpqrtwy';
const OLD_VALUE = new Map<string, number>([...OLD_ALPHABET].map((ch, i) => [ch, i]));

function isOldFormatCode(input: string): boolean {
  const code = [...input.replace(SEPARATORS, '')];
  if (code.length !== 12 || !code.every((ch) => OLD_VALUE.has(ch))) return false;
  return (
    weightedSum(
      code.map((ch) => OLD_VALUE.get(ch) ?? 0),
      OLD_ALPHABET.length,
    ) === 0
  );
}

/**
 * The stored form of a code (as `checkCode` gives it): HMAC-SHA256 under the voucher key.
 * Without the key a stolen database does not reveal codes, and the 2^63 code space cannot be
 * searched offline. The key is derived from SECRET_KEY, never stored.
 */
export function hashCode(key: Buffer, code: string): Buffer {
  return crypto.createHmac('sha256', key).update(code).digest();
}

/** The voucher key, derived from SECRET_KEY so there is one secret to manage. */
export function deriveVoucherKey(secretKey: string): Buffer {
  return crypto.createHmac('sha256', secretKey).update('buurtkracht/voucher-code/v1').digest();
}

/** Digits 2–9 and capitals without I, L, O and U (30 symbols). */
const RECEIPT_ALPHABET = '23456789ABCDEFGHJKMNPQRSTVWXYZ';

/** Receipt numbers people can read out: `BB-2026-7KQ4-M9TX` (capitals and digits only). */
export function generateReceipt(year: number, random: (size: number) => Buffer = pooledRandomBytes): string {
  let out = '';
  while (out.length < 8) {
    for (const byte of random(12))
      if (byte < 240 && out.length < 8) out += RECEIPT_ALPHABET.charAt(byte % 30);
  }
  return `BB-${year}-${out.slice(0, 4)}-${out.slice(4)}`;
}

export const RECEIPT_PATTERN = /^BB-[0-9]{4}-[2-9A-Z]{4}-[2-9A-Z]{4}$/;
