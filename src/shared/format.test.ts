import { describe, expect, it } from 'vitest';
import { formatsFor } from './format.js';

// Intl puts no-break spaces in some places (after the euro sign in Dutch); a reader sees a space.
const plain = (s: string) => s.replace(/\s/g, ' ');

describe('figures as people read them', () => {
  it('writes Dutch with dots between thousands, dates in words and whole euros without cents', () => {
    const f = formatsFor('nl');
    expect(f.number(56950)).toBe('56.950');
    expect(f.number(1234567)).toBe('1.234.567');
    expect(f.date('2026-12-31')).toBe('31 december 2026');
    expect(plain(f.euros(1000))).toBe('€ 10');
    expect(plain(f.euros(125075))).toBe('€ 1.250,75');
  });

  it('writes English the English way', () => {
    const f = formatsFor('en');
    expect(f.number(56950)).toBe('56,950');
    expect(f.date('2026-12-31')).toBe('31 December 2026');
    expect(f.euros(1000)).toBe('€10');
  });

  it('gives a moment its day and time in Amsterdam, not in UTC', () => {
    const lateOnNewYearsEve = new Date('2026-12-31T23:30:00Z');
    expect(formatsFor('nl').date(lateOnNewYearsEve)).toBe('1 januari 2027');
    expect(formatsFor('nl').dateTime(lateOnNewYearsEve)).toBe('1 januari 2027 om 00:30');
    expect(formatsFor('en').dateTime(new Date('2026-07-01T10:15:09Z'), { seconds: true })).toBe(
      '1 July 2026 at 12:15:09',
    );
  });
});
