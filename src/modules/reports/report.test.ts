import { describe, expect, it } from 'vitest';
import {
  boxAround,
  canMove,
  checkClosing,
  confirmationOpen,
  deadlineMoment,
  deadlineOn,
  DEFAULT_CATEGORIES,
  distanceMetres,
  findSubcategory,
  isOverdue,
  notSolvedOutcome,
  REPORT_STATUSES,
  routeReport,
  STATUS_MOVES,
  type RoutingRule,
} from './report.js';

describe('the default category tree', () => {
  it('has the main groups of Dutch practice, each with subcategories and a deadline each', () => {
    expect(DEFAULT_CATEGORIES.map((c) => c.code)).toEqual([
      'afval',
      'wegen',
      'groen',
      'verlichting',
      'spelen',
      'water',
      'overlast',
      'overig',
    ]);
    const codes = DEFAULT_CATEGORIES.flatMap((c) => c.subcategories.map((s) => s.code));
    expect(new Set(codes).size).toBe(codes.length);
    for (const main of DEFAULT_CATEGORIES) {
      expect(main.subcategories.length).toBeGreaterThan(0);
      for (const s of main.subcategories) expect(s.workingDays).toBeGreaterThan(0);
    }
    expect(findSubcategory(DEFAULT_CATEGORIES, 'wegen-bestrating')?.main.name.nl).toBe(
      'Wegen en straatmeubilair',
    );
    expect(findSubcategory(DEFAULT_CATEGORIES, 'wegen')).toBeUndefined();
  });
});

describe('deadlines in working days', () => {
  const at = (iso: string) => new Date(iso);
  it('skips the weekend', () => {
    // Friday 20 November 2026 + 3 working days → Wednesday 25 November.
    expect(deadlineOn(at('2026-11-20T10:00:00Z'), 3)).toBe('2026-11-25');
  });
  it('skips Easter (Good Friday and Easter Monday) and King’s Day', () => {
    // Thursday 2 April 2026 + 1 → Tuesday 7 April (3 April Good Friday, 6 April Easter Monday).
    expect(deadlineOn(at('2026-04-02T10:00:00Z'), 1)).toBe('2026-04-07');
    // Friday 24 April 2026 + 1 → Tuesday 28 April (Monday 27 April is King's Day).
    expect(deadlineOn(at('2026-04-24T10:00:00Z'), 1)).toBe('2026-04-28');
  });
  it('takes King’s Day on the 26th when the 27th is a Sunday (2025), Ascension and Whit Monday', () => {
    // Friday 25 April 2025 + 1 → Monday 28 April (Saturday 26th is King's Day anyway).
    expect(deadlineOn(at('2025-04-25T10:00:00Z'), 1)).toBe('2025-04-28');
    // Wednesday 13 May 2026 + 1 → Friday 15 May (Thursday 14 May is Ascension).
    expect(deadlineOn(at('2026-05-13T10:00:00Z'), 1)).toBe('2026-05-15');
    // Friday 22 May 2026 + 1 → Tuesday 26 May (Whit Monday 25 May).
    expect(deadlineOn(at('2026-05-22T10:00:00Z'), 1)).toBe('2026-05-26');
  });
  it('counts Liberation Day only in lustrum years, as the government does', () => {
    expect(deadlineOn(at('2026-05-04T10:00:00Z'), 1)).toBe('2026-05-05');
    expect(deadlineOn(at('2025-05-02T10:00:00Z'), 1)).toBe('2025-05-06'); // Monday 5 May 2025 off
  });
  it('skips Christmas and New Year, and counts from the day in Amsterdam', () => {
    expect(deadlineOn(at('2026-12-24T10:00:00Z'), 2)).toBe('2026-12-29');
    expect(deadlineOn(at('2026-12-31T10:00:00Z'), 1)).toBe('2027-01-04');
    // 23:30 UTC on Monday 30 November is Tuesday 1 December in Amsterdam.
    expect(deadlineOn(at('2026-11-30T23:30:00Z'), 1)).toBe('2026-12-02');
  });
  it('ends at 23:59 Amsterdam time, winter and summer', () => {
    expect(deadlineMoment('2026-12-02').toISOString()).toBe('2026-12-02T22:59:00.000Z');
    expect(deadlineMoment('2026-07-02').toISOString()).toBe('2026-07-02T21:59:00.000Z');
  });
  it('is overdue the day after, unless closed', () => {
    expect(isOverdue('accepted', '2026-12-02', '2026-12-02')).toBe(false);
    expect(isOverdue('accepted', '2026-12-02', '2026-12-03')).toBe(true);
    expect(isOverdue('closed', '2026-12-02', '2026-12-03')).toBe(false);
  });
});

describe('status moves', () => {
  it('goes new → accepted → in progress → closed, and closed only back by reopening', () => {
    expect(canMove('new', 'accepted')).toBe(true);
    expect(canMove('accepted', 'in_progress')).toBe(true);
    expect(canMove('in_progress', 'closed')).toBe(true);
    expect(canMove('closed', 'reopened')).toBe(true);
    expect(STATUS_MOVES.closed).toEqual(['reopened']);
  });
  it('refuses going back or standing still', () => {
    expect(canMove('in_progress', 'accepted')).toBe(false);
    expect(canMove('closed', 'in_progress')).toBe(false);
    for (const s of REPORT_STATUSES) expect(canMove(s, s), s).toBe(false);
    expect(canMove('new', 'reopened')).toBe(false);
  });
  it('lets a forwarded report be accepted by the team it went to', () => {
    expect(canMove('accepted', 'forwarded')).toBe(true);
    expect(canMove('forwarded', 'accepted')).toBe(true);
  });
});

describe('closing needs a reason', () => {
  const none = { detail: '', duplicateOf: undefined };
  it('refuses a closing without a reason', () => {
    expect(checkClosing({ reason: undefined, ...none })).toEqual({
      field: 'reason',
      problem: 'reasonMissing',
    });
  });
  it('asks to whom for "not ours", why for "cannot be done", which for a duplicate', () => {
    expect(checkClosing({ reason: 'not_ours', ...none })?.problem).toBe('toWhomMissing');
    expect(checkClosing({ reason: 'cannot', ...none })?.problem).toBe('whyMissing');
    expect(checkClosing({ reason: 'duplicate', ...none })?.problem).toBe('duplicateMissing');
    expect(checkClosing({ reason: 'not_ours', detail: 'Woonstad Rotterdam', duplicateOf: undefined })).toBe(
      undefined,
    );
  });
  it('takes fixed and within the maintenance level as they are', () => {
    expect(checkClosing({ reason: 'fixed', ...none })).toBeUndefined();
    expect(checkClosing({ reason: 'maintenance_level', ...none })).toBeUndefined();
  });
});

describe('the confirmation link', () => {
  it('works for 14 days', () => {
    const sent = new Date('2026-12-01T10:00:00Z');
    expect(confirmationOpen(sent, new Date('2026-12-15T10:00:00Z'))).toBe(true);
    expect(confirmationOpen(sent, new Date('2026-12-15T10:00:01Z'))).toBe(false);
  });
});

describe('a reporter saying it was not solved', () => {
  it('reopens the first time and only records the disagreement after that', () => {
    expect(notSolvedOutcome(0)).toBe('reopen');
    expect(notSolvedOutcome(1)).toBe('record');
  });
});

describe('routing: first match wins, a default catches the rest', () => {
  const rules: RoutingRule[] = [
    { position: 20, categoryCode: 'verlichting', placeCode: undefined, teamId: 'light' },
    { position: 10, categoryCode: undefined, placeCode: 'WK059901', teamId: 'housing' },
    { position: 30, categoryCode: 'groen-boom-gevaar', placeCode: 'BU05990210', teamId: 'trees' },
  ];
  const subject = (categoryCode: string, mainCategoryCode: string, buurtCode: string) => ({
    categoryCode,
    mainCategoryCode,
    buurtCode,
  });
  it('takes the lowest position that matches', () => {
    expect(routeReport(rules, subject('verlichting-uit', 'verlichting', 'BU05990110'), 'default')).toBe(
      'housing',
    );
    expect(routeReport(rules, subject('verlichting-uit', 'verlichting', 'BU05990210'), 'default')).toBe(
      'light',
    );
  });
  it('matches a subcategory and a buurt', () => {
    expect(routeReport(rules, subject('groen-boom-gevaar', 'groen', 'BU05990210'), 'default')).toBe('trees');
    expect(routeReport(rules, subject('groen-boom-gevaar', 'groen', 'BU05990211'), 'default')).toBe(
      'default',
    );
  });
});

describe('nearby reports', () => {
  it('measures metres and boxes them', () => {
    const a = { lat: 51.92, lon: 4.48 };
    const b = { lat: 51.92036, lon: 4.48 }; // ~40 m north
    expect(Math.round(distanceMetres(a, b))).toBe(40);
    const box = boxAround(a, 50);
    expect(b.lat).toBeLessThan(box.maxLat);
    expect(box.maxLon - a.lon).toBeGreaterThan(box.maxLat - a.lat); // degrees of longitude are shorter
  });
});
