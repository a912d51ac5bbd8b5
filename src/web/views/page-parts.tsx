import type { ComponentChildren } from 'preact';
import type { Locale } from '../i18n/i18n.js';

/** A short confirmation after a change (shown after the redirect, from `?…` in the URL). */
export function Notice(props: { text: string | undefined }) {
  if (!props.text) return null;
  return (
    <div class="utrecht-alert utrecht-alert--ok bk-notice" role="status">
      <div class="utrecht-alert__content">
        <p class="utrecht-paragraph">{props.text}</p>
      </div>
    </div>
  );
}

/**
 * A section named by its own heading (`aria-labelledby` → the h2's `id`), so assistive
 * technology lists it as a region by that name.
 */
export function Section(props: { id: string; heading: ComponentChildren; children: ComponentChildren }) {
  return (
    <section aria-labelledby={props.id}>
      <h2 class="utrecht-heading-2" id={props.id}>
        {props.heading}
      </h2>
      {props.children}
    </section>
  );
}

/** A paragraph that holds one link: onward, back, or to start again. */
export function LinkParagraph(props: { href: string; children: ComponentChildren }) {
  return (
    <p class="utrecht-paragraph">
      <a class="utrecht-link" href={props.href}>
        {props.children}
      </a>
    </p>
  );
}

/** A column heading; a numeric column (amounts, counts) aligns to the right. */
export type ColumnHeading = string | { label: string; numeric: true };

/** A table's header row: one `scope="col"` heading per column. */
export function TableHead(props: { columns: readonly ColumnHeading[] }) {
  return (
    <thead class="utrecht-table__header">
      <tr class="utrecht-table__row">
        {props.columns.map((column, i) =>
          typeof column === 'string' ? (
            <th class="utrecht-table__header-cell" scope="col" key={i}>
              {column}
            </th>
          ) : (
            <th class="utrecht-table__header-cell utrecht-table__header-cell--numeric" scope="col" key={i}>
              {column.label}
            </th>
          ),
        )}
      </tr>
    </thead>
  );
}

/** One date-time format per language of the pages. */
export type DateTimeFormats = Readonly<Record<Locale, Intl.DateTimeFormat>>;

/** Formats in Dutch time (Europe/Amsterdam) for both languages, made once per page module. */
export function dateTimeFormats(options: Intl.DateTimeFormatOptions): DateTimeFormats {
  return {
    nl: new Intl.DateTimeFormat('nl-NL', { timeZone: 'Europe/Amsterdam', ...options }),
    en: new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Amsterdam', ...options }),
  };
}

const mediumDateShortTime = dateTimeFormats({ dateStyle: 'medium', timeStyle: 'short' });

/**
 * A moment as a `<time>` element: ISO for machines, and for people in Dutch time in the page's
 * language (`2 mrt 2026 11:15` unless other `formats` are given).
 */
export function Time(props: { at: Date; locale: Locale; formats?: DateTimeFormats }) {
  const formats = props.formats ?? mediumDateShortTime;
  return <time dateTime={props.at.toISOString()}>{formats[props.locale].format(props.at)}</time>;
}
