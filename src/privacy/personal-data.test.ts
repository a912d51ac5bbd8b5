import { describe, expect, it } from 'vitest';
import { checkRegister, describeTerm, type PersonalDataEntry } from './personal-data.js';

const entry: PersonalDataEntry = {
  id: 'demo.signup',
  table: 'demo_signup',
  key: 'id',
  description: 'Sign-ups',
  columns: ['email', 'name'],
  purpose: 'Know who comes',
  legalBasis: 'public-task',
  gemeente: { kind: 'place', path: { column: 'municipality_code' } },
  retention: { kind: 'erase-after', term: { days: 90 }, from: 'created_at', erase: { kind: 'delete' } },
  findBy: { email: 'email' },
  onRequest: { kind: 'delete' },
};

describe('checking register entries', () => {
  it('accepts a sound entry', () => {
    expect(checkRegister([entry])).toEqual([entry]);
  });

  it('refuses names that are not plain identifiers, so no SQL can ride along', () => {
    expect(() => checkRegister([{ ...entry, table: 'demo_signup; drop table x' }])).toThrow(/table/);
    expect(() => checkRegister([{ ...entry, columns: ['email', 'Name'] }])).toThrow(/"Name"/);
    expect(() => checkRegister([{ ...entry, findBy: { email: 'lower(email)' } }])).toThrow(/lower/);
  });

  it('refuses an entry that does not say how its rows map to a gemeente', () => {
    const { gemeente: _, ...withoutGemeente } = entry;
    expect(() => checkRegister([withoutGemeente as PersonalDataEntry])).toThrow(
      /demo\.signup: says not how its rows map to a gemeente/,
    );
    expect(() =>
      checkRegister([{ ...entry, gemeente: { kind: 'none', handledBy: 'platform', reason: ' ' } }]),
    ).toThrow(/reason/);
  });

  it('accepts a gemeente through a join, or rows of no gemeente with their reason', () => {
    const viaJoin: PersonalDataEntry = {
      ...entry,
      gemeente: {
        kind: 'place',
        path: { join: [{ from: 'walk_id', table: 'demo_walk', to: 'id' }], column: 'buurt_code' },
      },
    };
    expect(checkRegister([viaJoin])).toEqual([viaJoin]);
    const platform: PersonalDataEntry = {
      ...entry,
      gemeente: { kind: 'none', handledBy: 'platform', reason: 'sign-in is with the platform' },
    };
    expect(checkRegister([platform])).toEqual([platform]);
  });

  it('refuses names in a join path that are not plain identifiers', () => {
    const join = (table: string, column: string): PersonalDataEntry => ({
      ...entry,
      gemeente: { kind: 'place', path: { join: [{ from: 'walk_id', table, to: 'id' }], column } },
    });
    expect(() => checkRegister([join('demo_walk; drop table x', 'buurt_code')])).toThrow(/table/);
    expect(() => checkRegister([join('demo_walk', 'Buurt')])).toThrow(/"Buurt"/);
  });

  it('refuses anonymising rows found through another table (the link would stay)', () => {
    expect(() =>
      checkRegister([
        {
          ...entry,
          findBy: { email: { join: [{ from: 'walk_id', table: 'demo_walk', to: 'id' }], column: 'email' } },
          onRequest: { kind: 'anonymise', set: { name: null } },
        },
      ]),
    ).toThrow(/found through a join cannot be anonymised/);
  });

  it('refuses an anonymisation that leaves the address by which the person is found', () => {
    expect(() =>
      checkRegister([{ ...entry, onRequest: { kind: 'anonymise', set: { name: null } } }]),
    ).toThrow(/must overwrite email/);
  });

  it('refuses a zero or fractional term, a duplicate id and an unexplained keep', () => {
    const withTerm = (term: { days?: number; months?: number }) =>
      checkRegister([
        { ...entry, retention: { kind: 'erase-after', term, from: 'created_at', erase: { kind: 'delete' } } },
      ]);
    expect(() => withTerm({ days: 0 })).toThrow(/zero/);
    expect(() => withTerm({ days: 1.5 })).toThrow(/whole/);
    expect(() => checkRegister([entry, entry])).toThrow(/twice/);
    expect(() => checkRegister([{ ...entry, onRequest: { kind: 'keep', reason: ' ' } }])).toThrow(/reason/);
  });

  it('lists every problem at once', () => {
    const error = (() => {
      try {
        checkRegister([{ ...entry, id: 'Bad', table: 'X' }]);
        return '';
      } catch (e) {
        return String(e);
      }
    })();
    expect(error).toMatch(/id must look like/);
    expect(error).toMatch(/table "X"/);
  });
});

describe('terms in words', () => {
  it('reads as a person would say it', () => {
    expect(describeTerm({ days: 30 })).toBe('30 days');
    expect(describeTerm({ years: 1, months: 6 })).toBe('1 year and 6 months');
  });
});
