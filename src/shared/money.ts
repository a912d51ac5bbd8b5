/**
 * Money is integer cents, always. Euros typed by a person ("12,50", "€ 1.250", "10") are parsed
 * here once; nothing else does arithmetic on decimal strings or floats.
 */
export type Cents = number;

/** Largest amount a form accepts: EUR 10 million, far above any neighbourhood budget. */
export const MAX_CENTS = 1_000_000_000;

/**
 * Parses an amount in euros as Dutch people write it: `12,50`, `1.250`, `1.250,00`, `€ 10`, `10.5`
 * (a single dot followed by one or two digits is read as decimals). Undefined when it is not an
 * amount of at most two decimals between 0 and MAX_CENTS.
 */
export function parseEuros(input: string): Cents | undefined {
  let s = input.replace(/[€\s]/g, '').replace(/^EUR/i, '');
  if (s === '' || !/^[0-9.,]+$/.test(s)) return undefined;
  if (s.includes(',')) {
    // Dutch: dots group thousands, the comma starts the cents.
    if (s.indexOf(',') !== s.lastIndexOf(',')) return undefined;
    const [whole = '', fraction = ''] = s.split(',');
    if (whole.includes('.') && !/^[0-9]{1,3}(\.[0-9]{3})+$/.test(whole)) return undefined;
    s = `${whole.replace(/\./g, '')}.${fraction}`;
  } else if (/^[0-9]{1,3}(\.[0-9]{3})+$/.test(s)) {
    s = s.replace(/\./g, '');
  }
  const match = /^([0-9]+)(?:\.([0-9]{0,2}))?$/.exec(s);
  if (!match) return undefined;
  const cents = Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
  return Number.isSafeInteger(cents) && cents <= MAX_CENTS ? cents : undefined;
}

const formats = {
  nl: new Intl.NumberFormat('nl-NL', { style: 'currency', currency: 'EUR' }),
  en: new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'EUR' }),
};
const wholeFormats = {
  nl: new Intl.NumberFormat('nl-NL', { style: 'currency', currency: 'EUR', maximumFractionDigits: 0 }),
  en: new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'EUR', maximumFractionDigits: 0 }),
};

/**
 * `€ 10` and `€ 12,50` (nl), `€10` and `€12.50` (en): whole euros without `,00`, as people
 * write them. Dutch puts a no-break space after the sign. Integer division keeps cents exact.
 */
export function formatEuros(cents: Cents, locale: 'nl' | 'en' = 'nl'): string {
  return (cents % 100 === 0 ? wholeFormats : formats)[locale].format(cents / 100);
}

/** `12,50` for a form field that shows an amount typed before. */
export function centsToInput(cents: Cents): string {
  const whole = Math.trunc(cents / 100);
  const rest = Math.abs(cents % 100);
  return rest === 0 ? String(whole) : `${whole},${String(rest).padStart(2, '0')}`;
}
