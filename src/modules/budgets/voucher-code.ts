import crypto from 'node:crypto';

/**
 * Household codes: 12 characters in groups of four (`XXXX-XXXX-XXXX`), 11 random and one check
 * character.
 *
 * Why this alphabet: 11 random characters must carry at least 60 bits, so the alphabet needs at
 * least 2^(60/11) ≈ 44 symbols. Digits and capitals without look-alikes (no 0/O, 1/I/L, U)
 * give only 30, so lower-case letters are added, leaving out i, l, o, u and those whose small
 * form is the capital made smaller (c, s, v, x, z). 47 symbols is a prime, so the check needs
 * no extra symbol: with position weights 1…12, the weighted sum of all twelve values is 0 mod
 * 47. A single wrong character changes the sum by w·d (w in 1…12, d in 1…46: never 0 mod a
 * prime); a swap of two adjacent characters changes it by (a − b)·(w₁ − w₂) = ±(a − b), never
 * 0 either. So both are always caught, before any database look-up. A capital typed as a small
 * letter (k/K, p/P, w/W) is such a single wrong character, and the page says letters' case counts.
 */
export const CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTVWXYZabdefghjkmnpqrtwy';
export const CODE_LENGTH = 12;
export const RANDOM_LENGTH = CODE_LENGTH - 1;
const P = CODE_ALPHABET.length;

/** Bits of randomness in a code: 11 × log2(47) ≈ 61.1. */
export const CODE_ENTROPY_BITS = RANDOM_LENGTH * Math.log2(P);

const VALUE = new Map<string, number>([...CODE_ALPHABET].map((ch, i) => [ch, i]));

function weightedSum(values: readonly number[]): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += (i + 1) * (values[i] ?? 0);
  return sum % P;
}

/** The check character for 11 code characters: makes the weighted sum of all 12 zero mod 47. */
export function checkCharacter(body: string): string {
  const values = [...body].map((ch) => VALUE.get(ch) ?? 0);
  // Σ_{i<12} w_i v_i + 12·c ≡ 0 → c ≡ −s · 12⁻¹ (mod 47).
  const s = weightedSum(values);
  const inverse12 = modInverse(CODE_LENGTH, P);
  const c = (((P - s) % P) * inverse12) % P;
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

/** A new random code, 12 characters without separators. Rejection sampling keeps it uniform. */
export function generateCode(random: (size: number) => Buffer = pooledRandomBytes): string {
  let body = '';
  while (body.length < RANDOM_LENGTH) {
    const bytes = random(16);
    for (const byte of bytes) {
      // 235 = 5 × 47: bytes at or above it would make some symbols likelier.
      if (byte < 235 && body.length < RANDOM_LENGTH) body += CODE_ALPHABET.charAt(byte % P);
    }
  }
  return body + checkCharacter(body);
}

/** `XXXX-XXXX-XXXX` for print and screens. */
export function formatCode(code: string): string {
  return `${code.slice(0, 4)}-${code.slice(4, 8)}-${code.slice(8, 12)}`;
}

/** What a typed code is: fine, or why not (explained to the resident). */
export type CodeCheck =
  { ok: true; code: string } | { ok: false; reason: 'length' | 'character' | 'check'; character?: string };

/**
 * Checks a code as typed: spaces and hyphens are ignored, case is kept (it matters). Catches a
 * wrong length, a character outside the alphabet and a failed check character, all without
 * touching the database.
 */
export function checkCode(input: string): CodeCheck {
  const code = input.replace(/[\s\-–.]/g, '');
  if (code.length !== CODE_LENGTH) return { ok: false, reason: 'length' };
  for (const ch of code) if (!VALUE.has(ch)) return { ok: false, reason: 'character', character: ch };
  const values = [...code].map((ch) => VALUE.get(ch) ?? 0);
  if (weightedSum(values) !== 0) return { ok: false, reason: 'check' };
  return { ok: true, code };
}

/**
 * The stored form of a code: HMAC-SHA256 under the voucher key. Without the key a stolen
 * database does not reveal codes, and the 2^61 code space cannot be searched offline.
 */
export function hashCode(key: Buffer, code: string): Buffer {
  return crypto.createHmac('sha256', key).update(code).digest();
}

/** The voucher key, derived from SECRET_KEY so there is one secret to manage. */
export function deriveVoucherKey(secretKey: string): Buffer {
  return crypto.createHmac('sha256', secretKey).update('buurtkracht/voucher-code/v1').digest();
}

/** Receipt numbers people can read out: `BB-2026-7KQ4-M9TX` (capitals and digits only). */
export function generateReceipt(year: number, random: (size: number) => Buffer = pooledRandomBytes): string {
  const alphabet = CODE_ALPHABET.slice(0, 30);
  let out = '';
  while (out.length < 8) {
    for (const byte of random(12)) if (byte < 240 && out.length < 8) out += alphabet.charAt(byte % 30);
  }
  return `BB-${year}-${out.slice(0, 4)}-${out.slice(4)}`;
}

export const RECEIPT_PATTERN = /^BB-[0-9]{4}-[2-9A-Z]{4}-[2-9A-Z]{4}$/;
