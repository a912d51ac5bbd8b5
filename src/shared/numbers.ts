/** The two languages residents read: Dutch first, English complete. */
export type Language = 'nl' | 'en';

const numberFormats: Record<Language, Intl.NumberFormat> = {
  nl: new Intl.NumberFormat('nl-NL'),
  en: new Intl.NumberFormat('en-GB'),
};

/**
 * A count as people read it: `56.950` (nl), `56,950` (en). Not for years, codes or CSV files:
 * those are names or machine input, written without separators.
 */
export function formatNumber(language: Language, value: number): string {
  return numberFormats[language].format(value);
}
