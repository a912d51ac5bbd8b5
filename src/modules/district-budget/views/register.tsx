import type { ComponentChildren } from 'preact';
import type { PageContext } from '../../../web/page.js';
import { Layout, type Crumb } from '../../../web/views/layout.js';
import { DataTable, LinkParagraph, Section } from '../../../web/views/page-parts.js';
import type { PublicDecision } from '../district-budget.public.js';
import { overviewHref, registerHref, YearLinks, type NamedPlace } from './overview.js';

export function decisionHref(reference: string): string {
  return `/wijkbudget/besluit/${reference}`;
}

/** The open data files of a place's decisions in a year. */
export function openDataHref(code: string, year: number, format: 'csv' | 'geojson'): string {
  return `/open-data/wijkbudget-besluiten.${format}?plaats=${code}&jaar=${year}`;
}

function recipientOf(ctx: PageContext, d: Pick<PublicDecision, 'recipient'>): string {
  return d.recipient ?? ctx.t('districtBudget.public.recipient.person');
}

/** What the public sees as spent of a decision: paid out, and matched to households' pledges. */
export function spentOf(d: PublicDecision): number {
  return d.money.paidCents + d.money.matchedCents;
}

/** The register of a wijk or gemeente in a year: one page of decisions, newest first. */
export function RegisterPage(props: {
  ctx: PageContext;
  place: NamedPlace;
  crumbs: Crumb[];
  year: number;
  years: readonly number[];
  page: number;
  pages: number;
  total: number;
  awaiting: number;
  decisions: readonly PublicDecision[];
  wijkNames: ReadonlyMap<string, string>;
}) {
  const { ctx, place, year } = props;
  const { t } = ctx;
  const { euros, date, number } = ctx.format;
  const title = t('districtBudget.public.register.title', { place: place.name, year: String(year) });
  const perWijk = place.level === 'gemeente';
  return (
    <Layout ctx={ctx} title={title} crumbs={props.crumbs}>
      <h1 class="utrecht-heading-1">{title}</h1>
      <p class="utrecht-paragraph">{t('districtBudget.public.register.intro')}</p>
      {props.awaiting > 0 ? (
        <p class="utrecht-paragraph">
          {t('districtBudget.public.register.awaiting', { count: number(props.awaiting) })}
        </p>
      ) : null}
      {props.total === 0 ? (
        <p class="utrecht-paragraph">{t('districtBudget.public.register.none', { year: String(year) })}</p>
      ) : (
        <>
          <p class="utrecht-paragraph">
            {t('districtBudget.public.register.count', {
              count: number(props.total),
              page: number(props.page),
              pages: number(props.pages),
            })}
          </p>
          <DataTable
            label={title}
            columns={[
              {
                label: t('districtBudget.public.col.decision'),
                rowHeader: true,
                cell: (d) => (
                  <>
                    <a class="utrecht-link" href={decisionHref(d.reference)}>
                      {d.title}
                    </a>
                    <br />
                    <span>
                      {d.reference} · {t(`districtBudget.public.kind.${d.kind}`)} · {recipientOf(ctx, d)}
                    </span>
                  </>
                ),
              },
              ...(perWijk
                ? [
                    {
                      label: t('districtBudget.public.col.wijk'),
                      cell: (d: PublicDecision) => props.wijkNames.get(d.wijkCode) ?? d.wijkCode,
                    },
                  ]
                : []),
              { label: t('districtBudget.public.col.date'), cell: (d) => date(d.decidedOn) },
              {
                label: t('districtBudget.public.col.amount'),
                numeric: true,
                cell: (d) => euros(d.amountCents),
              },
              { label: t('districtBudget.public.col.spent'), numeric: true, cell: (d) => euros(spentOf(d)) },
              {
                label: t('districtBudget.public.col.status'),
                cell: (d) => t(`districtBudget.public.status.${d.status}`),
              },
              {
                label: t('districtBudget.public.col.related'),
                cell: (d) =>
                  d.relatedTotal > 0 ? (
                    <a class="utrecht-link" href={`${decisionHref(d.reference)}#samenhang`}>
                      {t('districtBudget.public.relatedCount', { count: number(d.relatedTotal) })}
                    </a>
                  ) : (
                    '–'
                  ),
              },
            ]}
            rows={props.decisions}
            rowKey={(d) => d.reference}
          />
          <Pages ctx={ctx} code={place.code} year={year} page={props.page} pages={props.pages} />
        </>
      )}
      <Section id="downloaden" heading={t('districtBudget.public.download')}>
        <ul class="utrecht-unordered-list">
          <li class="utrecht-unordered-list__item">
            <a class="utrecht-link" href={openDataHref(place.code, year, 'csv')} download>
              {t('districtBudget.public.download.csv')}
            </a>
          </li>
          <li class="utrecht-unordered-list__item">
            <a class="utrecht-link" href={openDataHref(place.code, year, 'geojson')}>
              {t('districtBudget.public.download.geojson')}
            </a>
          </li>
        </ul>
      </Section>
      <YearLinks
        ctx={ctx}
        code={place.code}
        years={props.years}
        current={year}
        href={(c, y) => registerHref(c, y)}
      />
    </Layout>
  );
}

function Pages(props: { ctx: PageContext; code: string; year: number; page: number; pages: number }) {
  const { ctx, page, pages } = props;
  if (pages <= 1) return null;
  return (
    <nav aria-label={ctx.t('districtBudget.public.register.pages')}>
      <ul class="utrecht-unordered-list">
        {page > 1 ? (
          <li class="utrecht-unordered-list__item">
            <a class="utrecht-link" rel="prev" href={registerHref(props.code, props.year, page - 1)}>
              {ctx.t('districtBudget.public.register.previous')}
            </a>
          </li>
        ) : null}
        {page < pages ? (
          <li class="utrecht-unordered-list__item">
            <a class="utrecht-link" rel="next" href={registerHref(props.code, props.year, page + 1)}>
              {ctx.t('districtBudget.public.register.next')}
            </a>
          </li>
        ) : null}
      </ul>
    </nav>
  );
}

/** One decision: what, how much, why, when, by whom (a role), its status and money, related decisions, objection route. */
export function DecisionPage(props: {
  ctx: PageContext;
  decision: PublicDecision;
  wijk: NamedPlace;
  crumbs: Crumb[];
  today: string;
}) {
  const { ctx, decision: d } = props;
  const { t } = ctx;
  const { euros, date, number } = ctx.format;
  const title = t('districtBudget.public.decision.title', { reference: d.reference, title: d.title });
  const items: { key: string; label: string; value: ComponentChildren }[] = [
    {
      key: 'kind',
      label: t('districtBudget.public.decision.kind'),
      value: t(`districtBudget.public.kind.${d.kind}`),
    },
    { key: 'amount', label: t('districtBudget.public.decision.amount'), value: euros(d.amountCents) },
    { key: 'purpose', label: t('districtBudget.public.decision.purpose'), value: d.purpose },
    { key: 'reason', label: t('districtBudget.public.decision.reason'), value: d.reason },
    { key: 'recipient', label: t('districtBudget.public.decision.recipient'), value: recipientOf(ctx, d) },
    { key: 'decided', label: t('districtBudget.public.decision.decided'), value: date(d.decidedOn) },
    {
      key: 'decider',
      label: t('districtBudget.public.decision.decider'),
      value: t(
        d.approvalReasons.length > 0
          ? 'districtBudget.public.decision.deciderRoleApproved'
          : 'districtBudget.public.decision.deciderRole',
      ),
    },
    ...(d.approvalReasons.length > 0
      ? [
          {
            key: 'why',
            label: t('districtBudget.public.decision.approvalWhy'),
            value: d.approvalReasons.map((r) => t(`districtBudget.public.reason.${r}`)).join('; '),
          },
        ]
      : []),
    {
      key: 'status',
      label: t('districtBudget.public.decision.status'),
      value: t('districtBudget.public.decision.statusSince', {
        status: t(`districtBudget.public.status.${d.status}`),
        date: date(d.statusOn),
      }),
    },
    ...(d.spendBy
      ? [{ key: 'spendBy', label: t('districtBudget.public.decision.spendBy'), value: date(d.spendBy) }]
      : []),
    {
      key: 'place',
      label: t('districtBudget.public.decision.place'),
      value: (
        <>
          <a class="utrecht-link" href={overviewHref(d.wijkCode, d.year)}>
            {props.wijk.name}
          </a>
          {d.buurtCode ? (
            <>
              {' · '}
              <a class="utrecht-link" href={`/buurten/${d.buurtCode}`}>
                {t('districtBudget.public.decision.buurt', { code: d.buurtCode })}
              </a>
            </>
          ) : null}
        </>
      ),
    },
    ...(d.arrangementReference
      ? [
          {
            key: 'arr',
            label: t('districtBudget.public.decision.arrangement'),
            value: d.arrangementReference,
          },
        ]
      : []),
  ];
  const money = [
    { key: 'amount', label: t('districtBudget.public.decision.amount'), cents: d.amountCents },
    { key: 'committed', label: t('districtBudget.public.decision.committed'), cents: d.money.committedCents },
    { key: 'paid', label: t('districtBudget.public.decision.paid'), cents: d.money.paidCents },
    ...(d.kind === 'top_up'
      ? [{ key: 'matched', label: t('districtBudget.public.decision.matched'), cents: d.money.matchedCents }]
      : []),
    { key: 'returned', label: t('districtBudget.public.decision.returned'), cents: d.money.returnedCents },
  ];
  const open = props.today <= d.objectionDeadline;
  const objectionParams = {
    deadline: date(d.objectionDeadline),
    madeKnown: date(d.madeKnownOn),
    reference: d.reference,
  };
  return (
    <Layout ctx={ctx} title={title} crumbs={props.crumbs}>
      <h1 class="utrecht-heading-1">{title}</h1>
      <dl class="utrecht-data-list">
        {items.map((i) => (
          <div class="utrecht-data-list__item" key={i.key}>
            <dt class="utrecht-data-list__item-key">{i.label}</dt>
            <dd class="utrecht-data-list__item-value">{i.value}</dd>
          </div>
        ))}
      </dl>
      <Section id="geld" heading={t('districtBudget.public.decision.money')}>
        <DataTable
          label={t('districtBudget.public.decision.money')}
          columns={[
            { label: t('districtBudget.public.decision.what'), rowHeader: true, cell: (r) => r.label },
            { label: t('districtBudget.public.figures.heading'), numeric: true, cell: (r) => euros(r.cents) },
          ]}
          rows={money}
          rowKey={(r) => r.key}
        />
      </Section>
      <Section id="samenhang" heading={t('districtBudget.public.decision.related')}>
        <p class="utrecht-paragraph">{t('districtBudget.public.decision.relatedIntro')}</p>
        {d.related.length === 0 ? (
          <p class="utrecht-paragraph">{t('districtBudget.public.decision.relatedNone')}</p>
        ) : (
          <>
            <DataTable
              label={t('districtBudget.public.decision.related')}
              columns={[
                {
                  label: t('districtBudget.public.col.decision'),
                  rowHeader: true,
                  cell: (r) => (
                    <>
                      <a class="utrecht-link" href={decisionHref(r.reference)}>
                        {r.title}
                      </a>
                      <br />
                      <span>
                        {r.reference} ·{' '}
                        {r.ties.map((tie) => t(`districtBudget.public.decision.tie.${tie}`)).join(', ')}
                      </span>
                    </>
                  ),
                },
                { label: t('districtBudget.public.col.date'), cell: (r) => date(r.decidedOn) },
                {
                  label: t('districtBudget.public.col.amount'),
                  numeric: true,
                  cell: (r) => euros(r.amountCents),
                },
                {
                  label: t('districtBudget.public.col.status'),
                  cell: (r) => t(`districtBudget.public.status.${r.status}`),
                },
              ]}
              rows={d.related}
              rowKey={(r) => r.reference}
            />
            {d.relatedTotal > d.related.length ? (
              <p class="utrecht-paragraph">
                {t('districtBudget.public.decision.relatedMore', {
                  count: number(d.relatedTotal - d.related.length),
                })}
              </p>
            ) : null}
          </>
        )}
      </Section>
      <Section id="bezwaar" heading={t('districtBudget.public.decision.objection')}>
        <p class="utrecht-paragraph">
          {t(
            open
              ? 'districtBudget.public.decision.objectionText'
              : 'districtBudget.public.decision.objectionClosed',
            objectionParams,
          )}
        </p>
      </Section>
      <LinkParagraph href={registerHref(d.wijkCode, d.year)}>
        {t('districtBudget.public.decision.back', { place: props.wijk.name })}
      </LinkParagraph>
    </Layout>
  );
}
