import type { PageContext } from '../../../web/page.js';
import { BarChart, type BarChartSeries } from '../../../web/views/bar-chart.js';
import { Layout, type Crumb } from '../../../web/views/layout.js';
import { DataTable, LinkParagraph } from '../../../web/views/page-parts.js';
import type { Overview, WijkFigures } from '../district-budget.public.js';

/** A place as the public pages name it. */
export interface NamedPlace {
  code: string;
  name: string;
  level: 'gemeente' | 'wijk' | 'buurt';
  municipalityCode: string;
  href: string;
}

/** What a wijk (or the sum of a gemeente's wijken) has to spend in the year. */
export function availableOf(f: WijkFigures): number {
  return f.allocatedCents + f.carriedCents;
}

export function sumFigures(rows: readonly WijkFigures[], code: string): WijkFigures {
  const total: WijkFigures = {
    wijkCode: code,
    allocatedCents: 0,
    carriedCents: 0,
    grantedCents: 0,
    committedCents: 0,
    spentCents: 0,
    returnedCents: 0,
    remainingCents: 0,
    lapsedCents: 0,
  };
  for (const r of rows) {
    total.allocatedCents += r.allocatedCents;
    total.carriedCents += r.carriedCents;
    total.grantedCents += r.grantedCents;
    total.committedCents += r.committedCents;
    total.spentCents += r.spentCents;
    total.returnedCents += r.returnedCents;
    total.remainingCents += r.remainingCents;
    total.lapsedCents += r.lapsedCents;
  }
  return total;
}

/** The href of a place's district budget pages. */
export function overviewHref(code: string, year?: number): string {
  return `/wijkbudget/${code}${year !== undefined ? `?jaar=${year}` : ''}`;
}

export function registerHref(code: string, year: number, page = 1): string {
  return `/wijkbudget/${code}/besluiten?jaar=${year}${page > 1 ? `&pagina=${page}` : ''}`;
}

function seriesOf(ctx: PageContext): BarChartSeries[] {
  return [
    { key: 'spent', label: ctx.t('districtBudget.public.series.spent') },
    { key: 'committed', label: ctx.t('districtBudget.public.series.committed') },
    { key: 'granted', label: ctx.t('districtBudget.public.series.granted') },
    { key: 'remaining', label: ctx.t('districtBudget.public.series.remaining'), outline: true },
  ];
}

const valuesOf = (f: WijkFigures) => [f.spentCents, f.committedCents, f.grantedCents, f.remainingCents];

function summaryOf(ctx: PageContext, f: WijkFigures): string {
  const { euros } = ctx.format;
  return ctx.t('districtBudget.public.chart.summary', {
    available: euros(availableOf(f)),
    spent: euros(f.spentCents),
    committed: euros(f.committedCents),
    granted: euros(f.grantedCents),
    remaining: euros(f.remainingCents),
  });
}

/** The chart of a year: one bar for a wijk (per figure), or a bar per wijk for a gemeente, and the table beside it. */
export function OverviewChart(props: {
  ctx: PageContext;
  place: NamedPlace;
  overview: Overview;
  wijkNames: ReadonlyMap<string, string>;
}) {
  const { ctx, place, overview } = props;
  const { t } = ctx;
  const year = String(overview.year);
  const total = sumFigures(overview.wijken, place.code);
  const perWijk = place.level === 'gemeente';
  return (
    <BarChart
      id="wijkbudget-grafiek"
      caption={t(
        perWijk ? 'districtBudget.public.chart.captionWijken' : 'districtBudget.public.chart.caption',
        {
          year,
        },
      )}
      summary={summaryOf(ctx, total)}
      groupHeading={t('districtBudget.public.wijk')}
      series={seriesOf(ctx)}
      groups={overview.wijken.map((w) => ({
        key: w.wijkCode,
        label: props.wijkNames.get(w.wijkCode) ?? w.wijkCode,
        ...(perWijk ? { href: overviewHref(w.wijkCode, overview.year) } : {}),
        values: valuesOf(w),
      }))}
      mode="stacked"
      format={ctx.format.euros}
      {...(perWijk ? { totalLabel: t('districtBudget.public.total') } : {})}
      emptyText={t('districtBudget.public.chart.empty')}
    />
  );
}

/** The overview page of a wijk or gemeente: the chart, the year's figures in a table, the way to the register. */
export function OverviewPage(props: {
  ctx: PageContext;
  place: NamedPlace;
  crumbs: Crumb[];
  overview: Overview | undefined;
  wijkNames: ReadonlyMap<string, string>;
}) {
  const { ctx, place, overview } = props;
  const { t } = ctx;
  const { euros } = ctx.format;
  const title = t('districtBudget.public.overview.title', { place: place.name });
  if (!overview) {
    return (
      <Layout ctx={ctx} title={title} crumbs={props.crumbs}>
        <h1 class="utrecht-heading-1">{title}</h1>
        <p class="utrecht-paragraph">{t('districtBudget.public.overview.none', { place: place.name })}</p>
      </Layout>
    );
  }
  const year = overview.year;
  const total = sumFigures(overview.wijken, place.code);
  const figureRows: { key: string; label: string; cents: number }[] = [
    { key: 'allocated', label: t('districtBudget.public.figures.allocated'), cents: total.allocatedCents },
    { key: 'carried', label: t('districtBudget.public.figures.carried'), cents: total.carriedCents },
    { key: 'spent', label: t('districtBudget.public.series.spent'), cents: total.spentCents },
    { key: 'committed', label: t('districtBudget.public.series.committed'), cents: total.committedCents },
    { key: 'granted', label: t('districtBudget.public.series.granted'), cents: total.grantedCents },
    { key: 'returned', label: t('districtBudget.public.figures.returned'), cents: total.returnedCents },
    { key: 'remaining', label: t('districtBudget.public.series.remaining'), cents: total.remainingCents },
    { key: 'lapsed', label: t('districtBudget.public.figures.lapsed'), cents: total.lapsedCents },
  ];
  const late = overview.late;
  return (
    <Layout ctx={ctx} title={`${title} ${year}`} crumbs={props.crumbs}>
      <h1 class="utrecht-heading-1">
        {title} {year}
      </h1>
      <p class="utrecht-paragraph">{t('districtBudget.public.overview.intro')}</p>
      {late?.flagged ? (
        <p class="utrecht-paragraph">
          <strong>
            {t('districtBudget.public.late', {
              late: euros(late.lateCents),
              total: euros(late.totalCents),
              share: late.sharePercent,
            })}
          </strong>
        </p>
      ) : null}
      <LinkParagraph href={registerHref(place.code, year)}>
        {t('districtBudget.public.register.link', { place: place.name, year: String(year) })}
      </LinkParagraph>
      <OverviewChart ctx={ctx} place={place} overview={overview} wijkNames={props.wijkNames} />
      <DataTable
        label={t('districtBudget.public.figures.label', { year: String(year) })}
        caption
        columns={[
          { label: t('districtBudget.public.decision.what'), rowHeader: true, cell: (r) => r.label },
          { label: t('districtBudget.public.figures.heading'), numeric: true, cell: (r) => euros(r.cents) },
        ]}
        rows={figureRows}
        rowKey={(r) => r.key}
      />
      <YearLinks ctx={ctx} code={place.code} years={overview.years} current={year} href={overviewHref} />
    </Layout>
  );
}

/** Links to the place's other years, when it has more than one. */
export function YearLinks(props: {
  ctx: PageContext;
  code: string;
  years: readonly number[];
  current: number;
  href: (code: string, year: number) => string;
}) {
  const others = props.years.filter((y) => y !== props.current);
  if (others.length === 0) return null;
  return (
    <nav aria-labelledby="andere-jaren">
      <h2 class="utrecht-heading-2" id="andere-jaren">
        {props.ctx.t('districtBudget.public.years')}
      </h2>
      <ul class="utrecht-unordered-list">
        {others.map((y) => (
          <li class="utrecht-unordered-list__item" key={y}>
            <a class="utrecht-link" href={props.href(props.code, y)}>
              {y}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** A place page's section: the year's figures in one sentence and the way to the overview. */
export function DistrictPlaceSection(props: {
  ctx: PageContext;
  code: string;
  year: number;
  total: WijkFigures;
}) {
  const { ctx, total } = props;
  const { euros } = ctx.format;
  return (
    <>
      <p class="utrecht-paragraph">
        {ctx.t('districtBudget.public.section.figures', {
          year: String(props.year),
          available: euros(availableOf(total)),
          spent: euros(total.spentCents),
          remaining: euros(total.remainingCents),
        })}
      </p>
      <LinkParagraph href={overviewHref(props.code, props.year)}>
        {ctx.t('districtBudget.public.section.link')}
      </LinkParagraph>
    </>
  );
}

/** /wijkbudget: the gemeenten with a district budget, each a link to its overview. */
export function IndexPage(props: { ctx: PageContext; gemeenten: readonly { code: string; name: string }[] }) {
  const { ctx } = props;
  const title = ctx.t('districtBudget.public.index.title');
  return (
    <Layout ctx={ctx} title={title} crumbs={[{ href: '/', label: ctx.t('layout.home') }]}>
      <h1 class="utrecht-heading-1">{title}</h1>
      <p class="utrecht-paragraph">{ctx.t('districtBudget.public.overview.intro')}</p>
      {props.gemeenten.length === 0 ? (
        <p class="utrecht-paragraph">{ctx.t('districtBudget.public.index.none')}</p>
      ) : (
        <ul class="utrecht-unordered-list">
          {props.gemeenten.map((g) => (
            <li class="utrecht-unordered-list__item" key={g.code}>
              <a class="utrecht-link" href={overviewHref(g.code)}>
                {g.name}
              </a>
            </li>
          ))}
        </ul>
      )}
    </Layout>
  );
}
