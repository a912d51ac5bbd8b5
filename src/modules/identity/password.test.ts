import { describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from './identity.demo.js';
import { hashPassword, verifyPassword } from './password-hash.js';
import { checkPassword, commonPasswords, PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from './password.js';

const email = 'sanne.bakker@zoetermeer.nl';

describe('password rules (NIST SP 800-63B: length and a blocklist, no composition rules)', () => {
  it.each([
    ['kort-wacht1', 'tooShort'],
    ['x'.repeat(PASSWORD_MAX_LENGTH + 1), 'tooLong'],
    ['Welkom2026!!!!', 'common'],
    ['qwertyuiop123', 'common'],
    ['1234567890!!', 'common'],
    ['aaaaaaaaaaaaaaaa', 'repetitive'],
    ['abcdefghijklmnop', 'repetitive'],
    ['welkomwelkomwelkom', 'repetitive'],
    ['MijnBuurtkracht2026', 'containsAppName'],
    ['Sanne.Bakker-1990', 'containsEmail'],
    ['sannebakker!wijk', 'containsEmail'],
  ])('refuses %s (%s)', (password, problem) => {
    expect(checkPassword(password, { email })).toBe(problem);
  });

  it.each([
    'correct paard batterij nietje',
    'fietsen-langs-de-Rotte',
    'ZwaneBloem^7qT',
    'één twee drie vier vijf', // letters outside ASCII count as one character each
    DEMO_PASSWORD,
  ])('accepts %s, without demanding digits, capitals or symbols', (password) => {
    expect(checkPassword(password, { email })).toBeUndefined();
  });

  it('counts characters, not bytes: 12 emoji are 12 characters', () => {
    expect(checkPassword('🌷🚲🧀🌷🚲🧀🏠🌳🦆☕🎈🎵', { email })).toBeUndefined();
    expect(PASSWORD_MIN_LENGTH).toBe(12);
  });

  it('ships a blocklist of a few thousand common passwords', () => {
    expect(commonPasswords().size).toBeGreaterThan(4000);
    expect(commonPasswords().has('wachtwoord')).toBe(true);
  });
});

describe('password hashing', () => {
  it('uses argon2id and verifies only the right password', async () => {
    const hash = await hashPassword('lange-zin-over-de-wijkschouw');
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await verifyPassword(hash, 'lange-zin-over-de-wijkschouw')).toBe(true);
    expect(await verifyPassword(hash, 'lange-zin-over-de-wijkschouW')).toBe(false);
  });

  it('answers false for a missing or broken hash, after similar work', async () => {
    expect(await verifyPassword(undefined, 'whatever-it-is')).toBe(false);
    expect(await verifyPassword('not-a-hash', 'whatever-it-is')).toBe(false);
  });
});
