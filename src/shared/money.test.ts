import { describe, expect, it } from 'vitest';
import { centsToInput, formatEuros, parseEuros } from './money.js';

describe('euros typed by people', () => {
  it.each([
    ['10', 1000],
    ['12,50', 1250],
    ['12,5', 1250],
    ['€ 1.250', 125000],
    ['1.250,75', 125075],
    ['10.5', 1050],
    ['10.50', 1050],
    ['EUR 7', 700],
    ['0', 0],
    [' 3 ', 300],
  ])('%s → %i cents', (input, cents) => {
    expect(parseEuros(input)).toBe(cents);
  });

  it.each(['', 'tien', '-5', '1,2,3', '12,505', '1.25.0', '1e5', '10000000,01', '12.345,6.7'])(
    'refuses %j',
    (input) => {
      expect(parseEuros(input)).toBeUndefined();
    },
  );
});

describe('amounts shown', () => {
  it('formats per language without float drift', () => {
    // Intl puts a no-break space after the euro sign in Dutch.
    const plain = (s: string) => s.replace(/\s/g, ' ');
    expect(plain(formatEuros(1000, 'nl'))).toBe('€ 10');
    expect(plain(formatEuros(1250, 'nl'))).toBe('€ 12,50');
    expect(plain(formatEuros(5_695_000, 'nl'))).toBe('€ 56.950');
    expect(formatEuros(125075, 'en')).toBe('€1,250.75');
    expect(formatEuros(100_000, 'en')).toBe('€1,000');
    expect(plain(formatEuros(1, 'nl'))).toBe('€ 0,01');
    expect(plain(formatEuros(-1050, 'nl'))).toBe('€ -10,50');
  });

  it('round-trips form input', () => {
    for (const cents of [0, 5, 1000, 1250, 125075]) expect(parseEuros(centsToInput(cents))).toBe(cents);
  });
});
