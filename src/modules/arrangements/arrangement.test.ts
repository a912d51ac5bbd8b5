import { describe, expect, it } from 'vitest';
import {
  attainment,
  checkRenewal,
  costPerUnit,
  dataQuality,
  resultOf,
  splitIntoTranches,
  trancheDueOn,
  yearOfPeriod,
  yearValue,
} from './arrangement.js';

describe('a year’s value, attainment and cost per unit, the same for every provider', () => {
  const m = [
    { period: '2026-Q1', year: 2026, value: 10, source: 'self_reported' as const },
    { period: '2026-Q3', year: 2026, value: 30, source: 'independent' as const },
    { period: '2026-Q2', year: 2026, value: 20, source: 'self_reported' as const },
    { period: '2025', year: 2025, value: 5, source: 'independent' as const },
  ];
  it('sums counts and takes the last period of levels', () => {
    expect(yearValue('sum', m, 2026)).toEqual({
      value: 60,
      periods: 3,
      sources: ['independent', 'self_reported'],
    });
    expect(yearValue('last', m, 2026)?.value).toBe(30);
    expect(yearValue('last', m, 2024)).toBeUndefined();
  });
  it('measures attainment from baseline to target, in either direction', () => {
    expect(attainment(100, 200, 150)).toBe(0.5);
    expect(attainment(48, 40, 44)).toBe(0.5);
    expect(attainment(5, 5, 9)).toBeUndefined();
    expect(resultOf('decrease', 48, 44)).toBe(4);
    expect(resultOf('increase', 48, 44)).toBe(-4);
  });
  it('prices a unit of result only when there is a result', () => {
    expect(costPerUnit(4_800_000, 400)).toBe(12_000);
    expect(costPerUnit(4_800_000, 0)).toBeUndefined();
    expect(costPerUnit(4_800_000, -3)).toBeUndefined();
  });
  it('flags data quality by source', () => {
    expect(dataQuality([])).toBe('none');
    expect(dataQuality(['independent', 'municipal_registry'])).toBe('verified');
    expect(dataQuality(['self_reported'])).toBe('self_reported');
    expect(dataQuality(['self_reported', 'independent'])).toBe('mixed');
  });
});

describe('tranches', () => {
  it('split a year into whole cents that add up exactly', () => {
    expect(splitIntoTranches(1000, 3)).toEqual([334, 333, 333]);
    expect(splitIntoTranches(4_800_000, 4).reduce((a, b) => a + b, 0)).toBe(4_800_000);
    expect(trancheDueOn(2026, 3, 4)).toBe('2026-07-01');
  });
});

describe('periods', () => {
  it('know years, quarters and months only', () => {
    expect(yearOfPeriod('2026')).toBe(2026);
    expect(yearOfPeriod('2026-Q4')).toBe(2026);
    expect(yearOfPeriod('2026-12')).toBe(2026);
    expect(yearOfPeriod('2026-Q5')).toBeUndefined();
    expect(yearOfPeriod('26-01')).toBeUndefined();
  });
});

describe('renewal follows the evaluations', () => {
  const stop = [
    { year: 2025, judgement: 'continue' as const },
    { year: 2026, judgement: 'stop' as const },
  ];
  it('needs an evaluation, a reason and years', () => {
    expect(checkRenewal('renew', 2, 'goede resultaten', [])).toBe('no_evaluation');
    expect(checkRenewal('renew', 2, 'kort', stop.slice(0, 1))).toBe('reason');
    expect(checkRenewal('renew', 5, 'goede resultaten', stop.slice(0, 1))).toBe('years');
    expect(checkRenewal('renew', 2, 'goede resultaten', stop.slice(0, 1))).toBeUndefined();
  });
  it('cannot renew unchanged against a latest judgement of stop', () => {
    expect(checkRenewal('renew', 2, 'toch doorgaan', stop)).toBe('contrary_to_stop');
    expect(checkRenewal('adjust', 1, 'met een nieuw plan', stop)).toBeUndefined();
    expect(checkRenewal('end', undefined, 'resultaten bleven uit', stop)).toBeUndefined();
  });
});
