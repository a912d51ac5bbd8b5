import { formatDate, formatDateTime, type IsoDate } from './dates.js';
import { formatEuros, type Cents } from './money.js';
import { formatNumber, type Language } from './numbers.js';

/**
 * The one way a number, a date or an amount reaches a resident: a page (`ctx.format`), a mail or
 * a letter. Dutch: `56.950`, `31 december 2026`, `€ 10`; English: `56,950`, `31 December 2026`,
 * `€10`. Machine-readable output (CSV, JSON, `datetime` attributes) does not use these.
 */
export interface Formats {
  /** A count with thousands separators; never a year or a code. */
  number(value: number): string;
  /** A calendar day (`YYYY-MM-DD`) or a moment's day, in words. */
  date(value: IsoDate | Date): string;
  /** A moment in Amsterdam time, to the minute (or the second, for the audit log). */
  dateTime(at: Date, options?: { seconds?: boolean }): string;
  /** Integer cents as euros. */
  euros(cents: Cents): string;
}

const byLanguage: Record<Language, Formats> = {
  nl: formatsOf('nl'),
  en: formatsOf('en'),
};

function formatsOf(language: Language): Formats {
  return Object.freeze({
    number: (value: number) => formatNumber(language, value),
    date: (value: IsoDate | Date) => formatDate(value, language),
    dateTime: (at: Date, options?: { seconds?: boolean }) => formatDateTime(at, language, options),
    euros: (cents: Cents) => formatEuros(cents, language),
  });
}

/** The formats of one language, made once. */
export function formatsFor(language: Language): Formats {
  return byLanguage[language];
}
