import { describe, expect, it } from 'vitest';
import { addWorkingDays, amsterdamDate, dutchHolidays, isIsoDate, isWorkingDay } from './dates.js';

describe('Amsterdam dates', () => {
  it('takes the calendar date in Amsterdam, not UTC', () => {
    expect(amsterdamDate(new Date('2026-06-30T22:30:00Z'))).toBe('2026-07-01');
    expect(amsterdamDate(new Date('2026-12-31T22:59:59Z'))).toBe('2026-12-31');
    expect(amsterdamDate(new Date('2026-12-31T23:00:00Z'))).toBe('2027-01-01');
  });
});

describe('dates typed in forms', () => {
  it('accepts only real calendar days written YYYY-MM-DD', () => {
    expect(isIsoDate('2026-03-01')).toBe(true);
    expect(isIsoDate('2028-02-29')).toBe(true);
    for (const bad of ['2026-02-30', '2026-02-29', '2026-13-01', '2026-00-10', '2026-3-1', '1-3-2026', ''])
      expect(isIsoDate(bad), bad).toBe(false);
  });
});

describe('working days', () => {
  it('knows the Dutch public holidays of 2026', () => {
    expect([...dutchHolidays(2026)].sort()).toEqual([
      '2026-01-01',
      '2026-04-03',
      '2026-04-06',
      '2026-04-27',
      '2026-05-05',
      '2026-05-14',
      '2026-05-25',
      '2026-12-25',
      '2026-12-26',
    ]);
  });

  it("moves King's Day to Saturday when the 27th is a Sunday", () => {
    expect(dutchHolidays(2025).has('2025-04-26')).toBe(true);
    expect(dutchHolidays(2025).has('2025-04-27')).toBe(false);
  });

  it('counts Liberation Day every fifth year only under the government rule', () => {
    expect(dutchHolidays(2026, 'every-fifth-year').has('2026-05-05')).toBe(false);
    expect(dutchHolidays(2030, 'every-fifth-year').has('2030-05-05')).toBe(true);
    // Tuesday 5 May 2026 is a working day for the government, a holiday under the default.
    expect(addWorkingDays('2026-05-04', 1, 'every-fifth-year')).toBe('2026-05-05');
    expect(addWorkingDays('2026-05-04', 1)).toBe('2026-05-06');
  });

  it('skips weekends and holidays', () => {
    expect(isWorkingDay('2026-11-21')).toBe(false); // Saturday
    expect(isWorkingDay('2026-11-23')).toBe(true);
    expect(addWorkingDays('2026-11-20', 5)).toBe('2026-11-27'); // Friday + 5 → next Friday
    expect(addWorkingDays('2026-12-23', 5)).toBe('2026-12-31'); // over Christmas
    expect(addWorkingDays('2026-12-29', 3)).toBe('2027-01-04'); // over New Year and a weekend
    expect(addWorkingDays('2026-04-02', 1)).toBe('2026-04-07'); // over Easter
  });
});
