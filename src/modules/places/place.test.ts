import { describe, expect, it } from 'vitest';
import { displayName, levelOfCode, municipalityCodeOf, normalizePlaceCode, parentCodeOf } from './place.js';

describe('a CBS code tells its level', () => {
  it.each([
    ['GM0637', 'gemeente'],
    ['WK063701', 'wijk'],
    ['BU06370101', 'buurt'],
    // Amsterdam uses letters in its wijk and buurt codes.
    ['WK0363AA', 'wijk'],
    ['BU0363AA01', 'buurt'],
    ['BU0363AF2B', 'buurt'],
  ] as const)('%s is a %s', (code, level) => {
    expect(levelOfCode(code)).toBe(level);
  });

  it.each([
    '',
    'NL00',
    'GM637',
    'GM06370',
    'gm0637',
    'WK0637',
    'WK06370A1',
    'BU0637010',
    'BU063701011',
    'BU0363aa01',
    'BUAA370101',
    ' BU06370101',
  ])('%j is no place code', (code) => {
    expect(levelOfCode(code)).toBeUndefined();
  });
});

describe('typed codes are normalised', () => {
  it('removes spaces and upper-cases what a person typed', () => {
    expect(normalizePlaceCode('bu 0637 0101')).toBe('BU06370101');
    expect(normalizePlaceCode(' wk0363aa ')).toBe('WK0363AA');
    expect(normalizePlaceCode('Gm0599')).toBe('GM0599');
  });

  it('refuses what is no place code after normalising', () => {
    expect(normalizePlaceCode('Zoetermeer')).toBeUndefined();
    expect(normalizePlaceCode('BU 0637')).toBeUndefined();
    expect(normalizePlaceCode('')).toBeUndefined();
  });
});

describe('the code structure gives the parent: BU GGGG WW BB → WK GGGG WW → GM GGGG', () => {
  it('derives the wijk of a buurt and the gemeente of a wijk', () => {
    expect(parentCodeOf('BU06370101')).toBe('WK063701');
    expect(parentCodeOf('WK063701')).toBe('GM0637');
    expect(parentCodeOf('BU0363AA01')).toBe('WK0363AA');
    expect(parentCodeOf('WK0363AA')).toBe('GM0363');
  });

  it('gives a gemeente, or no code at all, no parent', () => {
    expect(parentCodeOf('GM0637')).toBeNull();
    expect(parentCodeOf('nonsense')).toBeNull();
  });

  it('derives the gemeente from every level', () => {
    expect(municipalityCodeOf('BU0363AA01')).toBe('GM0363');
    expect(municipalityCodeOf('WK079614')).toBe('GM0796');
    expect(municipalityCodeOf('GM0622')).toBe('GM0622');
  });
});

describe('a place without a CBS name shows its code', () => {
  it('uses the name when there is one and the code otherwise', () => {
    expect(displayName({ code: 'BU06370002', name: 'Stadscentrum' })).toBe('Stadscentrum');
    expect(displayName({ code: 'BU00140000', name: null })).toBe('BU00140000');
  });
});
