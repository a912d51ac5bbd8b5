/**
 * Dates as the municipality counts them: calendar days in Europe/Amsterdam, and working days
 * without weekends and Dutch public holidays. A date is `YYYY-MM-DD`.
 */
export type IsoDate = string;

const amsterdam = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/Amsterdam',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** The calendar date in Amsterdam at this instant. */
export function amsterdamDate(at: Date): IsoDate {
  return amsterdam.format(at);
}

function toUtc(date: IsoDate): Date {
  return new Date(`${date}T00:00:00Z`);
}

function fromUtc(d: Date): IsoDate {
  return d.toISOString().slice(0, 10);
}

/** Whether `value` is a real calendar date written `YYYY-MM-DD` (so not 2026-02-30). */
export function isIsoDate(value: string): boolean {
  if (!/^[0-9]{4}-[0-9]{2}-[0-9]{2}$/.test(value)) return false;
  const d = toUtc(value);
  return !Number.isNaN(d.getTime()) && fromUtc(d) === value;
}

export function addDays(date: IsoDate, days: number): IsoDate {
  const d = toUtc(date);
  d.setUTCDate(d.getUTCDate() + days);
  return fromUtc(d);
}

/** Easter Sunday (Gregorian, anonymous algorithm). */
function easter(year: number): IsoDate {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/**
 * How Liberation Day (5 May) counts. The central government gives its staff the day off only in
 * lustrum years (2025, 2030, …: `every-fifth-year`, the collective agreement's rule that many
 * municipal teams follow); some employers give it every year (`every-year`, the default here).
 */
export type LiberationDayRule = 'every-year' | 'every-fifth-year';

/**
 * Dutch public holidays on which municipal offices close: New Year, Good Friday, Easter Monday,
 * King's Day (27 April, the 26th when the 27th is a Sunday), Liberation Day (5 May, see
 * {@link LiberationDayRule}), Ascension, Whit Monday, Christmas and Boxing Day. Easter Sunday and
 * Whit Sunday fall on Sundays and are not working days anyway.
 */
export function dutchHolidays(year: number, liberationDay: LiberationDayRule = 'every-year'): Set<IsoDate> {
  const e = easter(year);
  const kingsDay = toUtc(`${year}-04-27`).getUTCDay() === 0 ? `${year}-04-26` : `${year}-04-27`;
  const days = [
    `${year}-01-01`,
    addDays(e, -2),
    addDays(e, 1),
    kingsDay,
    addDays(e, 39),
    addDays(e, 50),
    `${year}-12-25`,
    `${year}-12-26`,
  ];
  if (liberationDay === 'every-year' || year % 5 === 0) days.push(`${year}-05-05`);
  return new Set(days);
}

export function isWorkingDay(date: IsoDate, liberationDay: LiberationDayRule = 'every-year'): boolean {
  const weekday = toUtc(date).getUTCDay();
  if (weekday === 0 || weekday === 6) return false;
  return !dutchHolidays(Number(date.slice(0, 4)), liberationDay).has(date);
}

/** The date `days` working days after `date` (the day itself does not count). */
export function addWorkingDays(
  date: IsoDate,
  days: number,
  liberationDay: LiberationDayRule = 'every-year',
): IsoDate {
  let current = date;
  let left = days;
  while (left > 0) {
    current = addDays(current, 1);
    if (isWorkingDay(current, liberationDay)) left--;
  }
  return current;
}

type Language = 'nl' | 'en';

function formatsOf(options: Intl.DateTimeFormatOptions): Record<Language, Intl.DateTimeFormat> {
  return {
    nl: new Intl.DateTimeFormat('nl-NL', { timeZone: 'Europe/Amsterdam', ...options }),
    en: new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Amsterdam', ...options }),
  };
}

const dayFormats = formatsOf({ day: 'numeric', month: 'long', year: 'numeric' });
const dayAndTimeFormats = formatsOf({
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
});
const secondsFormats = formatsOf({
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

/**
 * A day in words, as a letter or a page says it: `31 december 2026` (nl), `31 December 2026`
 * (en). A `YYYY-MM-DD` is that calendar day; a moment is its day in Amsterdam.
 */
export function formatDate(value: IsoDate | Date, language: Language): string {
  // Noon UTC is the same calendar day in Amsterdam all year round.
  const at = typeof value === 'string' ? new Date(`${value}T12:00:00Z`) : value;
  return dayFormats[language].format(at);
}

/** A moment in Amsterdam time: `2 maart 2026 om 11:15` (nl), `2 March 2026 at 11:15` (en). */
export function formatDateTime(at: Date, language: Language, options: { seconds?: boolean } = {}): string {
  return (options.seconds ? secondsFormats : dayAndTimeFormats)[language].format(at);
}
