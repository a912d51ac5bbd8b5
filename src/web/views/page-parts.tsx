import type { ComponentChildren } from 'preact';
import { formatDateTime } from '../../shared/dates.js';
import type { Locale } from '../i18n/i18n.js';

/** What a notice tells: `ok` a change went through, `info` something to know, `warning` something to act on. */
export type NoticeKind = 'ok' | 'info' | 'warning';

/**
 * The one notice of the pages (NL Design System alert): a confirmation after a change (shown
 * after the redirect, from `?…` in the URL), or a remark about what the page shows. Given as
 * `text` (nothing is shown while it is undefined or empty) or as `children` for a sentence with
 * markup. A status, not an alert: screen readers read it without interrupting.
 */
export function Notice(props: {
  text?: string | undefined;
  kind?: NoticeKind;
  children?: ComponentChildren;
}) {
  const content = props.children ?? props.text;
  if (content === undefined || content === null || content === '') return null;
  return (
    <div class={`utrecht-alert utrecht-alert--${props.kind ?? 'ok'} bk-notice`} role="status">
      <div class="utrecht-alert__content">
        <p class="utrecht-paragraph">{content}</p>
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

/**
 * A moment as a `<time>` element: ISO for machines, and for people in Dutch time in the page's
 * language, in words (`2 maart 2026 om 11:15`; with `seconds` for the audit log).
 */
export function Time(props: { at: Date; locale: Locale; seconds?: boolean }) {
  return (
    <time dateTime={props.at.toISOString()}>
      {formatDateTime(props.at, props.locale, { seconds: props.seconds ?? false })}
    </time>
  );
}

/** A column of a `DataTable`: its heading, and what each row shows in it. */
export interface Column<Row> {
  label: string;
  cell: (row: Row) => ComponentChildren;
  /** Amounts and counts: aligned to the right, in figures of one width. */
  numeric?: boolean;
  /** The cell that names its row (`<th scope="row">`); on a phone it heads the row's block. */
  rowHeader?: boolean;
}

/**
 * The one table of the pages. On a wide screen an NL Design System table in a region that
 * scrolls sideways when it must, with shadows at the edges as the cue and a keyboard stop (the
 * region is named by `label`). On a phone (≤ 40rem) each row becomes a block of lines, every
 * cell labelled by its column heading (`data-label`, drawn by app.css), so nothing is cut off.
 * `totals` adds a row in the table's foot: `label` in the row-header column, the other columns
 * filled from `row` as any row is.
 */
export function DataTable<Row>(props: {
  label: string;
  /** Show `label` above the table as its caption; otherwise the caption is for screen readers only. */
  caption?: boolean;
  columns: readonly Column<Row>[];
  rows: readonly Row[];
  rowKey: (row: Row, index: number) => string | number;
  rowClass?: (row: Row) => string | undefined;
  totals?: { label: string; row: Row };
}) {
  const { columns } = props;
  const headerIndex = Math.max(
    0,
    columns.findIndex((c) => c.rowHeader),
  );
  const cells = (row: Row, totals: string | undefined) =>
    columns.map((column, i) => {
      const content = totals !== undefined && i === headerIndex ? totals : column.cell(row);
      if (column.rowHeader || (totals !== undefined && i === headerIndex))
        return (
          <th class="utrecht-table__header-cell" scope="row" key={i}>
            {content}
          </th>
        );
      return (
        <td
          class={`utrecht-table__cell${column.numeric ? ' utrecht-table__cell--numeric' : ''}`}
          data-label={column.label}
          key={i}
        >
          {content}
        </td>
      );
    });
  return (
    <div
      class="utrecht-table-container utrecht-table-container--overflow-inline bk-table"
      role="region"
      aria-label={props.label}
      tabindex={0}
    >
      <table class="utrecht-table utrecht-table--html-table">
        <caption class={props.caption ? 'utrecht-table__caption' : 'bk-visually-hidden'}>
          {props.label}
        </caption>
        <TableHead columns={columns.map((c) => (c.numeric ? { label: c.label, numeric: true } : c.label))} />
        <tbody class="utrecht-table__body">
          {props.rows.map((row, index) => {
            const extra = props.rowClass?.(row);
            return (
              <tr class={`utrecht-table__row${extra ? ` ${extra}` : ''}`} key={props.rowKey(row, index)}>
                {cells(row, undefined)}
              </tr>
            );
          })}
        </tbody>
        {props.totals ? (
          <tfoot class="utrecht-table__footer">
            <tr class="utrecht-table__row bk-table__totals">{cells(props.totals.row, props.totals.label)}</tr>
          </tfoot>
        ) : null}
      </table>
    </div>
  );
}
