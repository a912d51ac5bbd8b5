import type { PublicContext } from '../../../web/views/fragment.js';
import { SelectField } from '../../../web/views/fields.js';
import { DataTable } from '../../../web/views/page-parts.js';
import type { CategoryChoice, PublicReport, ReportSummary } from '../reports.service.js';

/** The status in words, with "Te laat" written out for an overdue report (never colour alone). */
export function StatusText(props: {
  ctx: PublicContext;
  report: Pick<ReportSummary, 'status' | 'overdue' | 'dueOn'>;
}) {
  const { ctx, report } = props;
  return (
    <>
      {ctx.t(`reports.status.${report.status}`)}
      {report.overdue ? (
        <>
          {' '}
          <strong class="bk-overdue">
            ({ctx.t('reports.overdueSince', { date: ctx.format.date(report.dueOn) })})
          </strong>
        </>
      ) : null}
    </>
  );
}

/** Where a report is, as the public may read it: the address text, or the buurt's name. */
export function whereOf(
  report: Pick<ReportSummary, 'addressText' | 'buurtCode'>,
  placeNames: ReadonlyMap<string, string>,
): string {
  const buurt = placeNames.get(report.buurtCode) ?? report.buurtCode;
  return report.addressText ? `${report.addressText} (${buurt})` : buurt;
}

/** A list of reports as a table: number (a link), kind, where, status, date. */
export function ReportsTable(props: {
  ctx: PublicContext;
  label: string;
  reports: readonly ReportSummary[];
  categories: ReadonlyMap<string, string>;
  placeNames: ReadonlyMap<string, string>;
  hrefOf: (r: ReportSummary) => string;
  withTeam?: boolean;
}) {
  const { ctx } = props;
  const { t } = ctx;
  return (
    <DataTable
      label={props.label}
      rows={props.reports}
      rowKey={(r) => r.publicId}
      columns={[
        {
          label: t('reports.col.id'),
          rowHeader: true,
          cell: (r) => (
            <a class="utrecht-link" href={props.hrefOf(r)}>
              {r.publicId}
            </a>
          ),
        },
        {
          label: t('reports.col.category'),
          cell: (r) => props.categories.get(r.categoryCode) ?? r.categoryCode,
        },
        { label: t('reports.col.where'), cell: (r) => whereOf(r, props.placeNames) },
        { label: t('reports.col.status'), cell: (r) => <StatusText ctx={ctx} report={r} /> },
        ...(props.withTeam ? [{ label: t('reports.col.team'), cell: (r: ReportSummary) => r.teamName }] : []),
        { label: t('reports.col.date'), cell: (r) => ctx.format.date(r.requestedAt) },
        { label: t('reports.col.due'), cell: (r) => (r.status === 'closed' ? '' : ctx.format.date(r.dueOn)) },
      ]}
    />
  );
}

/** The facts and the public timeline of one report. */
export function ReportFacts(props: {
  ctx: PublicContext;
  report: PublicReport;
  category: string;
  where: string;
}) {
  const { ctx, report } = props;
  const { t } = ctx;
  return (
    <>
      <dl class="bk-facts">
        <dt>{t('reports.page.category')}</dt>
        <dd>{props.category}</dd>
        <dt>{t('reports.page.where')}</dt>
        <dd>{props.where}</dd>
        <dt>{t('reports.page.status')}</dt>
        <dd>
          <StatusText ctx={ctx} report={report} />
          {report.closeReason ? ` — ${t(`reports.reason.${report.closeReason}`)}` : ''}
        </dd>
        <dt>{t('reports.page.team')}</dt>
        <dd>{report.teamName}</dd>
        <dt>{t('reports.page.reported')}</dt>
        <dd>{ctx.format.date(report.requestedAt)}</dd>
        {report.status === 'closed' ? null : (
          <>
            <dt>{t('reports.page.due')}</dt>
            <dd>{ctx.format.date(report.dueOn)}</dd>
          </>
        )}
        {report.supporters > 0 ? (
          <>
            <dt>{t('reports.page.supporters')}</dt>
            <dd>{t('reports.page.supportersCount', { count: ctx.format.number(report.supporters) })}</dd>
          </>
        ) : null}
      </dl>
      <p class="utrecht-paragraph bk-report-description">{report.description}</p>
      {report.duplicateOfPublicId ? (
        <p class="utrecht-paragraph">
          <a class="utrecht-link" href={`/meldingen/${report.duplicateOfPublicId}`}>
            {t('reports.page.duplicateOf', { id: report.duplicateOfPublicId })}
          </a>
        </p>
      ) : null}
      {report.confirmation === 'solved' ? (
        <p class="utrecht-paragraph">{t('reports.page.confirmed')}</p>
      ) : null}
      {report.confirmation === 'not_solved' ? (
        <p class="utrecht-paragraph">{t('reports.page.disputed')}</p>
      ) : null}
      <h2 class="utrecht-heading-2">{t('reports.page.timeline')}</h2>
      <ol class="bk-timeline">
        {report.timeline.map((entry, i) => (
          <li key={i}>
            <time dateTime={entry.at.toISOString()}>{ctx.format.dateTime(entry.at)}</time>
            {' — '}
            <strong>{t(`reports.status.${entry.status}`)}</strong>
            {': '}
            {entry.message}
          </li>
        ))}
      </ol>
    </>
  );
}

/** The filter forms' kind: a main category (all its subcategories) or one subcategory. */
export function CategorySelect(props: {
  ctx: PublicContext;
  categories: readonly CategoryChoice[];
  value: string | undefined;
}) {
  const { t } = props.ctx;
  if (props.categories.length === 0) return null;
  return (
    <SelectField
      name="categorie"
      label={t('reports.list.category')}
      value={props.value ?? ''}
      groups={[
        { options: [{ value: '', label: t('reports.list.allCategories') }] },
        ...props.categories.map((m) => ({
          label: m.name,
          options: [
            { value: m.code, label: m.name },
            ...m.subcategories.map((s) => ({ value: s.code, label: s.name })),
          ],
        })),
      ]}
    />
  );
}
