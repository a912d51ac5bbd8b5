import { describe, expect, it } from 'vitest';
import {
  approvalContentHash,
  approvalReasonsOf,
  approverRefusal,
  closePlan,
  isLateInYear,
  isValidIban,
  lateInYearFlag,
  maskIban,
  objectionDeadline,
  publicReference,
  purposeKey,
  recipientKey,
  statusAfterMovement,
  sumKeysOf,
  sumWindowStart,
  NO_MONEY,
  type ApprovedContent,
} from './district-budget.js';

describe('the mandate applies to the decision and to the 12-month sum', () => {
  const base = { mandateCents: 500_000, relatedCents: 0, deciderIsCoach: false, conflictOfInterest: false };

  it('lets the decider decide alone up to and including the mandate', () => {
    expect(approvalReasonsOf({ ...base, amountCents: 500_000 })).toEqual([]);
  });

  it('asks a second approval one cent above the mandate', () => {
    expect(approvalReasonsOf({ ...base, amountCents: 500_001 })).toEqual(['above_mandate']);
  });

  it('asks a second approval when the related decisions bring the sum above the mandate (a split)', () => {
    expect(approvalReasonsOf({ ...base, amountCents: 500_000, relatedCents: 500_000 })).toEqual([
      'above_sum',
    ]);
    expect(approvalReasonsOf({ ...base, amountCents: 250_000, relatedCents: 250_000 })).toEqual([]);
  });

  it('asks a second approval of everything when the decider holds no mandate', () => {
    expect(approvalReasonsOf({ ...base, mandateCents: null, amountCents: 1 })).toEqual(['above_mandate']);
  });

  it('asks a second approval when the decider coaches the initiative or declares a conflict', () => {
    expect(approvalReasonsOf({ ...base, amountCents: 100, deciderIsCoach: true })).toEqual(['coach']);
    expect(approvalReasonsOf({ ...base, amountCents: 100, conflictOfInterest: true })).toEqual([
      'conflict_of_interest',
    ]);
  });
});

describe('the sum rule finds the same recipient, IBAN, initiative or purpose', () => {
  it('reads names without case, accents or punctuation', () => {
    expect(recipientKey('Stichting  Café De Brug B.V.')).toBe(recipientKey('stichting cafe de brug bv'));
  });

  it('reads "Kerstbomen deel 1" and "kerstbomen, deel 2" as one purpose', () => {
    expect(purposeKey('Kerstbomen deel 1')).toBe('kerstbomen');
    expect(purposeKey('kerstbomen, deel 2')).toBe('kerstbomen');
  });

  it('gives sorted keys, without empty ones', () => {
    expect(
      sumKeysOf({
        recipient: 'De Brug',
        iban: 'nl91 abna 0417 1643 00',
        initiativeId: null,
        purpose: '2026',
      }),
    ).toEqual(['iban:NL91ABNA0417164300', 'recipient:de brug']);
  });

  it('looks back twelve months', () => {
    expect(sumWindowStart(new Date('2026-03-15T10:00:00Z')).toISOString()).toBe('2025-03-15T10:00:00.000Z');
  });
});

describe('an approval is frozen to amount, recipient, payment details and purpose', () => {
  const content: ApprovedContent = {
    decisionId: '00000000-0000-4000-8000-000000000001',
    amountCents: 750_000,
    recipientKind: 'organisation',
    recipient: 'Stichting De Brug',
    iban: 'NL91ABNA0417164300',
    accountHolder: 'Stichting De Brug',
    purpose: 'Speeltuin opknappen',
  };

  it('gives the same hash for the same content (spaces in an IBAN do not matter)', () => {
    expect(approvalContentHash({ ...content, iban: 'NL91 ABNA 0417 1643 00' })).toBe(
      approvalContentHash(content),
    );
    expect(approvalContentHash(content)).toMatch(/^[0-9a-f]{64}$/);
  });

  it.each([
    ['amount', { amountCents: 750_001 }],
    ['recipient', { recipient: 'Stichting De Brug 2' }],
    ['recipient kind', { recipientKind: 'person' as const }],
    ['IBAN', { iban: 'NL02ABNA0123456789' }],
    ['account holder', { accountHolder: 'J. Jansen' }],
    ['purpose', { purpose: 'Speeltuin slopen' }],
  ])('changes the hash when the %s changes', (_name, change) => {
    expect(approvalContentHash({ ...content, ...change })).not.toBe(approvalContentHash(content));
  });
});

describe('nobody approves their own decision', () => {
  const who = { deciderAccountId: 'a', coachAccountId: 'c', authorised: true };
  it('refuses the decider, the coach and anyone not authorised', () => {
    expect(approverRefusal({ ...who, approverAccountId: 'a' })).toBe('own_decision');
    expect(approverRefusal({ ...who, approverAccountId: 'c' })).toBe('coach_of_initiative');
    expect(approverRefusal({ ...who, approverAccountId: 'b', authorised: false })).toBe('not_authorised');
    expect(approverRefusal({ ...who, approverAccountId: 'b' })).toBeUndefined();
  });
});

describe('IBAN', () => {
  it('checks the ISO 13616 check digits', () => {
    expect(isValidIban('NL91 ABNA 0417 1643 00')).toBe(true);
    expect(isValidIban('NL91ABNA0417164301')).toBe(false);
    expect(isValidIban('DE89370400440532013000')).toBe(true);
    expect(isValidIban('NL91ABNA041716430')).toBe(false);
  });

  it('masks all but the country, check digits and last four', () => {
    expect(maskIban('NL91ABNA0417164300')).toBe('NL91 •••• •••• ••43 00');
  });
});

describe('the objection route (Awb)', () => {
  it('runs six weeks from the day the decision was made known', () => {
    expect(objectionDeadline('2026-06-01')).toBe('2026-07-13');
  });
});

describe('late in the year', () => {
  it('counts the last four weeks', () => {
    expect(isLateInYear('2026-12-04')).toBe(true);
    expect(isLateInYear('2026-12-03')).toBe(false);
  });

  it('flags a year with more than the set share granted in its last four weeks', () => {
    const grants = [
      { decidedOn: '2026-03-01', amountCents: 7_000 },
      { decidedOn: '2026-12-20', amountCents: 3_000 },
    ];
    expect(lateInYearFlag(grants, 30).flagged).toBe(false);
    expect(lateInYearFlag(grants, 29)).toEqual({ lateCents: 3_000, totalCents: 10_000, flagged: true });
    expect(lateInYearFlag([], 25).flagged).toBe(false);
  });
});

describe('the year’s close', () => {
  it('carries over what is left while it is young enough, and lapses the rest', () => {
    // 2026: allocated 1000 in 2026, 300 carried from 2025, 200 from 2024; 600 left.
    const inflows = [
      { originYear: 2026, cents: 1000 },
      { originYear: 2025, cents: 300 },
      { originYear: 2024, cents: 200 },
    ];
    // The newest money is what is left: all of it from 2026.
    expect(closePlan({ year: 2026, remainingCents: 600, inflows, carryOverYears: 1 })).toEqual({
      carry: [{ originYear: 2026, cents: 600 }],
      lapseCents: 0,
    });
    // 1200 left: 1000 of 2026 and 200 of 2025; with one year of carry-over 2025's money lapses.
    expect(closePlan({ year: 2026, remainingCents: 1200, inflows, carryOverYears: 1 })).toEqual({
      carry: [{ originYear: 2026, cents: 1000 }],
      lapseCents: 200,
    });
    expect(closePlan({ year: 2026, remainingCents: 1200, inflows, carryOverYears: 2 })).toEqual({
      carry: [
        { originYear: 2025, cents: 200 },
        { originYear: 2026, cents: 1000 },
      ],
      lapseCents: 0,
    });
  });

  it('lapses everything without carry-over', () => {
    expect(
      closePlan({
        year: 2026,
        remainingCents: 500,
        inflows: [{ originYear: 2026, cents: 900 }],
        carryOverYears: 0,
      }),
    ).toEqual({ carry: [], lapseCents: 500 });
  });
});

describe('money’s life', () => {
  it('is granted, committed, paid or returned by what is on the accounts', () => {
    expect(statusAfterMovement({ ...NO_MONEY, grantedCents: 10 })).toBe('granted');
    expect(statusAfterMovement({ ...NO_MONEY, committedCents: 10 })).toBe('committed');
    expect(statusAfterMovement({ ...NO_MONEY, committedCents: 5, paidCents: 5 })).toBe('committed');
    expect(statusAfterMovement({ ...NO_MONEY, paidCents: 5, returnedCents: 5 })).toBe('paid');
    expect(statusAfterMovement({ ...NO_MONEY, returnedCents: 10 })).toBe('returned');
  });
});

describe('public references', () => {
  it('name the gemeente, the year and the number', () => {
    expect(publicReference('GM0637', 2026, 42)).toBe('WB-0637-2026-0042');
  });
});
