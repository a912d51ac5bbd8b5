import { formatNumber } from '../../shared/numbers.js';

/** Dutch first, English complete. Each module brings its own messages as a bundle. */
export type Locale = 'nl' | 'en';
export const LOCALES: readonly Locale[] = ['nl', 'en'];
export const DEFAULT_LOCALE: Locale = 'nl';

export type Params = Record<string, string | number>;
export type Translate = (key: string, params?: Params) => string;

/**
 * A module's messages. `en` is typed against `nl`'s keys where the bundle is declared
 * (`satisfies MessageBundle<typeof nl>`), so an English text can never be missing.
 */
export interface MessageBundle<K extends string = string> {
  nl: Record<K, string>;
  en: Record<K, string>;
}

export function isLocale(value: unknown): value is Locale {
  return value === 'nl' || value === 'en';
}

/** Picks nl or en from an Accept-Language header by quality; Dutch when neither is asked for. */
export function negotiateLocale(header: string | undefined): Locale {
  if (!header) return DEFAULT_LOCALE;
  const ranked = header
    .split(',')
    .map((part) => {
      const [tag = '', ...rest] = part.trim().split(';');
      const q = rest.find((r) => r.trim().startsWith('q='));
      return { tag: tag.trim().toLowerCase(), q: q ? Number(q.trim().slice(2)) : 1 };
    })
    .filter((r) => Number.isFinite(r.q) && r.q > 0)
    .sort((a, b) => b.q - a.q);
  for (const { tag } of ranked) {
    const primary = tag.split('-')[0];
    if (isLocale(primary)) return primary;
  }
  return DEFAULT_LOCALE;
}

export class I18n {
  private readonly catalogue: Record<Locale, Map<string, string>> = { nl: new Map(), en: new Map() };

  constructor(bundles: readonly MessageBundle[]) {
    for (const bundle of bundles) {
      for (const locale of LOCALES) {
        for (const [key, text] of Object.entries(bundle[locale])) {
          if (this.catalogue[locale].has(key)) throw new Error(`Message key ${key} is defined twice`);
          this.catalogue[locale].set(key, text);
        }
      }
    }
  }

  /** The text for a key with `{name}` placeholders filled; the key itself when unknown. */
  translate(locale: Locale, key: string, params: Params = {}): string {
    const text = this.catalogue[locale].get(key) ?? this.catalogue[DEFAULT_LOCALE].get(key) ?? key;
    return text.replace(/\{(\w+)\}/g, (whole, name: string) => {
      const value = params[name];
      if (value === undefined) return whole;
      return typeof value === 'number' ? formatNumber(locale, value) : value;
    });
  }

  translator(locale: Locale): Translate {
    return (key, params) => this.translate(locale, key, params);
  }

  has(key: string): boolean {
    return this.catalogue.nl.has(key);
  }
}

export { formatNumber };
