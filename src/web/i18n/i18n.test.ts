import { describe, expect, it } from 'vitest';
import { placesMessages } from '../../modules/places/index.js';
import { coreMessages } from './core.messages.js';
import { I18n, negotiateLocale } from './i18n.js';

describe('language negotiation', () => {
  it.each([
    [undefined, 'nl'],
    ['', 'nl'],
    ['en', 'en'],
    ['en-GB,en;q=0.9,nl;q=0.8', 'en'],
    ['de-DE,nl;q=0.5,en;q=0.4', 'nl'],
    ['fr, de', 'nl'],
    ['nl;q=0, en;q=0.1', 'en'],
  ])('%s → %s', (header, expected) => {
    expect(negotiateLocale(header)).toBe(expected);
  });
});

describe('catalogue', () => {
  const i18n = new I18n([coreMessages, placesMessages]);

  it('fills placeholders and formats numbers per language', () => {
    expect(i18n.translate('nl', 'places.home.all', { count: 1234 })).toBe('Alle gemeenten (1.234)');
    expect(i18n.translate('en', 'places.home.all', { count: 1234 })).toBe('All municipalities (1,234)');
  });

  it('has an English text for every Dutch one, and none left empty', () => {
    for (const bundle of [coreMessages, placesMessages]) {
      expect(Object.keys(bundle.en).sort()).toEqual(Object.keys(bundle.nl).sort());
      for (const text of [...Object.values(bundle.nl), ...Object.values(bundle.en)])
        expect(text.trim()).not.toBe('');
    }
  });

  it('refuses a key defined twice across modules', () => {
    expect(() => new I18n([coreMessages, coreMessages])).toThrow(/defined twice/);
  });
});
