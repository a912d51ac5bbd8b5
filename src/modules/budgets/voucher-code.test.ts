import { describe, expect, it } from 'vitest';
import {
  checkCode,
  CODE_ALPHABET,
  CODE_ENTROPY_BITS,
  formatCode,
  generateCode,
  generateReceipt,
  hashCode,
  RECEIPT_PATTERN,
} from './voucher-code.js';

describe('the code alphabet', () => {
  it('has no look-alikes and a prime size', () => {
    expect(CODE_ALPHABET).toHaveLength(47);
    expect(new Set(CODE_ALPHABET).size).toBe(47);
    for (const ch of '01OoIiLlUu') expect(CODE_ALPHABET).not.toContain(ch);
  });
  it('gives 11 random characters at least 60 bits', () => {
    expect(CODE_ENTROPY_BITS).toBeGreaterThanOrEqual(60);
  });
});

describe('the check character', () => {
  const codes = Array.from({ length: 400 }, () => generateCode());

  it('accepts every generated code, with or without separators', () => {
    for (const code of codes) {
      expect(checkCode(code)).toEqual({ ok: true, code });
      expect(checkCode(formatCode(code))).toEqual({ ok: true, code });
    }
  });

  it('catches every single wrong character (exhaustive over all positions and symbols)', () => {
    let tried = 0;
    for (const code of codes) {
      for (let i = 0; i < code.length; i++) {
        for (const ch of CODE_ALPHABET) {
          if (ch === code[i]) continue;
          const wrong = code.slice(0, i) + ch + code.slice(i + 1);
          expect(checkCode(wrong).ok).toBe(false);
          tried++;
        }
      }
    }
    expect(tried).toBe(400 * 12 * 46);
  });

  it('catches every swap of two adjacent different characters', () => {
    for (const code of codes) {
      for (let i = 0; i < code.length - 1; i++) {
        if (code[i] === code[i + 1]) continue;
        const swapped = code.slice(0, i) + (code[i + 1] ?? '') + (code[i] ?? '') + code.slice(i + 2);
        expect(checkCode(swapped)).toEqual({ ok: false, reason: 'check' });
      }
    }
  });

  it('explains length and foreign characters', () => {
    expect(checkCode('ABC')).toEqual({ ok: false, reason: 'length' });
    expect(checkCode('0000-0000-0000')).toMatchObject({ ok: false, reason: 'character', character: '0' });
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
