import { describe, expect, it } from 'vitest';
import { isYearOpen, reachesGoal, voucherState } from './budget.js';

describe('voucher state', () => {
  it('follows its pledges', () => {
    expect(voucherState(false, [])).toBe('unused');
    expect(voucherState(false, [{ status: 'active' }])).toBe('pledged');
    expect(voucherState(true, [{ status: 'funded' }])).toBe('funded');
    expect(voucherState(false, [{ status: 'released' }])).toBe('released');
    expect(voucherState(false, [{ status: 'active' }, { status: 'released' }])).toBe('pledged');
    expect(voucherState(true, [{ status: 'released' }])).toBe('lapsed');
    expect(voucherState(true, [])).toBe('lapsed');
  });
});

describe('year and goal', () => {
  it('is open between its dates until closed', () => {
    const y = { opensOn: '2026-01-01', closesOn: '2026-12-31', closed: false };
    expect(isYearOpen(y, '2026-06-01')).toBe(true);
    expect(isYearOpen(y, '2027-01-01')).toBe(false);
    expect(isYearOpen({ ...y, closed: true }, '2026-06-01')).toBe(false);
  });
  it('is reached at or above the goal', () => {
    expect(reachesGoal(9000, 10000)).toBe(false);
    expect(reachesGoal(10000, 10000)).toBe(true);
  });
});
