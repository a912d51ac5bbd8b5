import { describe, expect, it } from 'vitest';
import { base32Decode, base32Encode, matchTotp, otpauthUri, totpCode, totpStep } from './totp.js';

// RFC 6238 appendix B, SHA-1: the ASCII secret "12345678901234567890", 8 digits.
const RFC_SECRET = Buffer.from('12345678901234567890');

describe('TOTP (RFC 6238)', () => {
  it.each([
    [59, '94287082'],
    [1111111109, '07081804'],
    [1111111111, '14050471'],
    [1234567890, '89005924'],
    [2000000000, '69279037'],
    [20000000000, '65353130'],
  ])('matches the RFC test vector at %i s', (seconds, code) => {
    expect(totpCode(RFC_SECRET, totpStep(new Date(seconds * 1000)), 8)).toBe(code);
  });

  it('round-trips base32 (RFC 4648)', () => {
    expect(base32Encode(Buffer.from('foobar'))).toBe('MZXW6YTBOI');
    expect(base32Decode('MZXW 6YTB OI').toString()).toBe('foobar');
  });

  const secret = base32Encode(RFC_SECRET);
  const at = new Date(1_700_000_000_000);
  const step = totpStep(at);
  const codeAt = (s: number) => totpCode(RFC_SECRET, s);

  it('accepts the code of this step and one step either side, and nothing further', () => {
    expect(matchTotp(secret, codeAt(step), at, null)).toBe(step);
    expect(matchTotp(secret, codeAt(step - 1), at, null)).toBe(step - 1);
    expect(matchTotp(secret, codeAt(step + 1), at, null)).toBe(step + 1);
    expect(matchTotp(secret, codeAt(step - 2), at, null)).toBeUndefined();
    expect(matchTotp(secret, codeAt(step + 2), at, null)).toBeUndefined();
  });

  it('never accepts a step at or before the last one used (no replay)', () => {
    expect(matchTotp(secret, codeAt(step), at, step)).toBeUndefined();
    expect(matchTotp(secret, codeAt(step - 1), at, step - 1)).toBeUndefined();
    expect(matchTotp(secret, codeAt(step + 1), at, step)).toBe(step + 1);
  });

  it('ignores spaces and refuses anything but six digits', () => {
    const code = codeAt(step);
    expect(matchTotp(secret, `${code.slice(0, 3)} ${code.slice(3)}`, at, null)).toBe(step);
    expect(matchTotp(secret, 'abcdef', at, null)).toBeUndefined();
    expect(matchTotp(secret, '', at, null)).toBeUndefined();
  });

  it('writes the otpauth URI apps read', () => {
    expect(otpauthUri('JBSWY3DPEHPK3PXP', 'a@b.nl', 'Buurtkracht')).toBe(
      'otpauth://totp/Buurtkracht%3Aa%40b.nl?secret=JBSWY3DPEHPK3PXP&issuer=Buurtkracht&algorithm=SHA1&digits=6&period=30',
    );
  });
});
