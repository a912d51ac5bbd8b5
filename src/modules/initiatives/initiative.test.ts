import { describe, expect, it } from 'vitest';
import {
  budgetTotal,
  checkMove,
  formatReference,
  isFinal,
  isIntakeOverdue,
  isPublic,
  MOVES,
  nextStages,
  REFERENCE_PATTERN,
  STAGES,
  type Mover,
  type Stage,
} from './initiative.js';

/** Every allowed move, written out: this list is the contract with coaches and initiators. */
const EXPECTED: [Stage, Stage, Mover[]][] = [
  ['submitted', 'intake', ['coach']],
  ['intake', 'in_preparation', ['coach']],
  ['in_preparation', 'open_for_support', ['coach']],
  ['open_for_support', 'funded', ['system', 'coach']],
  ['open_for_support', 'not_funded', ['system', 'coach']],
  ['not_funded', 'in_preparation', ['coach']],
  ['funded', 'in_execution', ['coach']],
  ['in_execution', 'completed', ['coach']],
  ['completed', 'evaluated', ['coach']],
  ['submitted', 'withdrawn', ['initiator', 'coach']],
  ['intake', 'withdrawn', ['initiator', 'coach']],
  ['in_preparation', 'withdrawn', ['initiator', 'coach']],
  ['open_for_support', 'withdrawn', ['initiator', 'coach']],
  ['submitted', 'declined', ['coach']],
  ['intake', 'declined', ['coach']],
  ['in_preparation', 'declined', ['coach']],
  ['open_for_support', 'declined', ['coach']],
];

describe('the stage machine', () => {
  it('allows exactly the listed moves', () => {
    const actual = MOVES.map((m) => [m.from, m.to, [...m.by].sort()]);
    expect(actual.sort()).toEqual(EXPECTED.map(([f, t, b]) => [f, t, [...b].sort()]).sort());
  });

  it('refuses every other move, for every mover', () => {
    const allowed = new Set(EXPECTED.flatMap(([f, t, movers]) => movers.map((m) => `${f}>${t}>${m}`)));
    for (const from of STAGES) {
      for (const to of STAGES) {
        for (const by of ['initiator', 'coach', 'system'] as const) {
          const refusal = checkMove(from, to, by, 'een reden');
          expect(refusal === undefined, `${from} → ${to} by ${by}`).toBe(allowed.has(`${from}>${to}>${by}`));
        }
      }
    }
  });

  it('says whose move it is not', () => {
    expect(checkMove('submitted', 'intake', 'initiator', '')).toBe('not_yours');
    expect(checkMove('funded', 'withdrawn', 'initiator', 'weg')).toBe('not_allowed');
  });

  it('demands a reason to withdraw, decline or close unfunded', () => {
    expect(checkMove('intake', 'declined', 'coach', '  ')).toBe('reason_required');
    expect(checkMove('intake', 'withdrawn', 'initiator', '')).toBe('reason_required');
    expect(checkMove('open_for_support', 'not_funded', 'coach', '')).toBe('reason_required');
    // The deadline passing is its own reason.
    expect(checkMove('open_for_support', 'not_funded', 'system', '')).toBeUndefined();
  });

  it('offers each mover its next stages', () => {
    expect(nextStages('submitted', 'coach').sort()).toEqual(['declined', 'intake', 'withdrawn']);
    expect(nextStages('submitted', 'initiator')).toEqual(['withdrawn']);
    expect(nextStages('funded', 'initiator')).toEqual([]);
  });

  it('ends in evaluated, withdrawn or declined', () => {
    expect(STAGES.filter(isFinal).sort()).toEqual(['declined', 'evaluated', 'withdrawn']);
  });
});

describe('what the public sees', () => {
  it('shows public stages, and withdrawn or declined ones only once they had been published', () => {
    expect(isPublic('submitted', null)).toBe(false);
    expect(isPublic('intake', null)).toBe(false);
    expect(isPublic('open_for_support', new Date())).toBe(true);
    expect(isPublic('withdrawn', null)).toBe(false);
    expect(isPublic('declined', null)).toBe(false);
    expect(isPublic('withdrawn', new Date())).toBe(true);
    expect(isPublic('declined', new Date())).toBe(true);
  });
});

describe('the intake service level', () => {
  it('is overdue only after the due date, and only while still submitted', () => {
    expect(isIntakeOverdue('submitted', '2026-03-02', '2026-03-02')).toBe(false);
    expect(isIntakeOverdue('submitted', '2026-03-02', '2026-03-03')).toBe(true);
    expect(isIntakeOverdue('intake', '2026-03-02', '2026-03-10')).toBe(false);
  });
});

describe('references and budgets', () => {
  it('pads the number to four digits', () => {
    expect(formatReference(2026, 42)).toBe('INI-2026-0042');
    expect(REFERENCE_PATTERN.test('INI-2026-12345')).toBe(true);
  });
  it('adds budget lines in cents', () => {
    expect(budgetTotal([{ amountCents: 1250 }, { amountCents: 1 }])).toBe(1251);
  });
});
