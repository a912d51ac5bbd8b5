import { describe, expect, it } from 'vitest';
import {
  checkCode,
  CODE_ALPHABET,
  CODE_ENTROPY_BITS,
  CODE_LENGTH,
  formatCode,
  generateCode,
  generateReceipt,
  hashCode,
  LOOK_ALIKES,
  normaliseCode,
  RECEIPT_PATTERN,
} from './voucher-code.js';

describe('the code alphabet', () => {
  it('has capitals and digits only, no look-alikes and a prime size', () => {
    expect(CODE_ALPHABET).toHaveLength(29);
    expect(new Set(CODE_ALPHABET).size).toBe(29);
    expect(CODE_ALPHABET).toMatch(/^[0-9A-Z]+$/);
    for (const ch of 'OQILSZB') expect(CODE_ALPHABET).not.toContain(ch);
    for (let d = 2; d < 29; d++) expect(29 % d).not.toBe(0);
  });
  it('gives 13 random characters at least 60 bits, and 14 with the check character', () => {
    expect(CODE_LENGTH).toBe(14);
    expect(CODE_ENTROPY_BITS).toBeGreaterThanOrEqual(60);
  });
  it('prints in groups of four for reading aloud', () => {
    expect(formatCode('0123456789ACDE')).toBe('0123-4567-89AC-DE');
  });
});

describe('a code as typed', () => {
  const code = generateCode();

  it('may be in small letters, with spaces, hyphens or none', () => {
    const typed = [
      code.toLowerCase(),
      formatCode(code).toLowerCase().replace(/-/g, ' '),
      ` ${formatCode(code)} `,
      formatCode(code).replace(/-/g, ' – '),
      code.split('').join(' '),
    ];
    for (const t of typed) expect(checkCode(t)).toEqual({ ok: true, code });
  });

  it('reads a left-out letter as the digit it looks like, in either case', () => {
    expect(normaliseCode('o0 i1 l1-s5 z2 b8')).toBe('001111552288');
    for (const [letter, digit] of Object.entries(LOOK_ALIKES)) {
      expect(CODE_ALPHABET).toContain(digit);
      const withDigit = code.indexOf(digit);
      if (withDigit < 0) continue;
      const typed = code.slice(0, withDigit) + letter.toLowerCase() + code.slice(withDigit + 1);
      expect(checkCode(typed)).toEqual({ ok: true, code });
    }
  });

  it('explains length, foreign characters and a code from an old letter', () => {
    expect(checkCode('ABC')).toEqual({ ok: false, reason: 'length' });
    expect(checkCode('QQQQ-QQQQ-QQQQ-QQ')).toMatchObject({ ok: false, reason: 'character', character: 'Q' });
    // Printed before migration 0011: 12 case-sensitive characters.
    expect(checkCode('7KQ4-Mb9T-XaE2')).toEqual({ ok: false, reason: 'length' });
    expect(checkCode('2345-6789-ABCW')).toEqual({ ok: false, reason: 'old' });
  });
});

/**
 * A valid code with these symbols at these positions: the rest random, then one free position
 * tried with every symbol until the check passes (exactly one does: its weight is invertible).
 */
function validCodeWith(fixed: ReadonlyMap<number, string>): string {
  const chars = [...generateCode()];
  for (const [i, ch] of fixed) chars[i] = ch;
  const free = [...chars.keys()].find((i) => !fixed.has(i)) ?? 0;
  for (const ch of CODE_ALPHABET) {
    chars[free] = ch;
    if (checkCode(chars.join('')).ok) return chars.join('');
  }
  throw new Error('no check character fits');
}

function replaced(code: string, i: number, ch: string): string {
  return code.slice(0, i) + ch + code.slice(i + 1);
}

describe('the check character', () => {
  it('accepts every generated code, with or without separators', () => {
    for (let n = 0; n < 400; n++) {
      const code = generateCode();
      expect(checkCode(code)).toEqual({ ok: true, code });
      expect(checkCode(formatCode(code).toLowerCase())).toEqual({ ok: true, code });
    }
  });

  // The check is linear: whether a change is caught depends only on the positions and symbols
  // changed, never on the rest of the code. So trying every position with every pair of symbols,
  // in codes built to hold them, proves it for every code there is.
  it('catches every single wrong character: every position, every symbol for every other', () => {
    const missed: string[] = [];
    let tried = 0;
    for (let i = 0; i < CODE_LENGTH; i++) {
      for (const right of CODE_ALPHABET) {
        const code = validCodeWith(new Map([[i, right]]));
        for (const wrong of CODE_ALPHABET) {
          if (wrong === right) continue;
          const typed = replaced(code, i, wrong);
          const checked = checkCode(tried % 2 === 0 ? typed : typed.toLowerCase());
          if (checked.ok || checked.reason !== 'check') missed.push(typed);
          tried++;
        }
      }
    }
    expect(missed).toEqual([]);
    expect(tried).toBe(14 * 29 * 28);
  });

  it('catches every swap of two adjacent different characters: every position, every pair', () => {
    const missed: string[] = [];
    let tried = 0;
    for (let i = 0; i < CODE_LENGTH - 1; i++) {
      for (const a of CODE_ALPHABET) {
        for (const b of CODE_ALPHABET) {
          if (a === b) continue;
          const code = validCodeWith(
            new Map([
              [i, a],
              [i + 1, b],
            ]),
          );
          const swapped = replaced(replaced(code, i, b), i + 1, a);
          const checked = checkCode(swapped);
          if (checked.ok || checked.reason !== 'check') missed.push(swapped);
          tried++;
        }
      }
    }
    expect(missed).toEqual([]);
    expect(tried).toBe(13 * 29 * 28);
  });
});

describe('codes and receipts', () => {
  it('are random and stored only as a keyed hash', () => {
    const set = new Set(Array.from({ length: 10_000 }, () => generateCode()));
    expect(set.size).toBe(10_000);
    const key = Buffer.alloc(32, 1);
    const code = generateCode();
    expect(hashCode(key, code).equals(hashCode(key, code))).toBe(true);
    expect(hashCode(Buffer.alloc(32, 2), code).equals(hashCode(key, code))).toBe(false);
  });
  it('receipts have a readable shape', () => {
    expect(generateReceipt(2026)).toMatch(RECEIPT_PATTERN);
  });
});
