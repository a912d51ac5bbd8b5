import type { PageContext } from '../../../web/page.js';
import { uploadHref } from '../../uploads/index.js';
import { GetForm, TextField } from '../../../web/views/form.js';
import { Layout, metaDescription, type Crumb } from '../../../web/views/layout.js';
import { LinkParagraph, Section } from '../../../web/views/page-parts.js';
import { PlaceMap, type SvgMap } from '../../places/index.js';
import { PUBLIC_STAGES, THEMES, type Stage, type Theme } from '../initiative.js';
import type { PublicInitiative, PublicInitiativeDetail } from '../initiatives.service.js';
import { SelectField } from '../../../web/views/fields.js';
import type { SupportSummary } from '../initiative-support.js';
import { SupportBrief, SupportSection } from './support.js';
import { BudgetTable, InitiativeFacts, Paragraphs, Photos, StageBadge, Timeline } from './parts.js';

export interface ListFilter {
  placeCode: string | undefined;
  stage: Stage | undefined;
  theme: Theme | undefined;
  page: number;
}

export function listHref(filter: Partial<ListFilter>): string {
  const params = new URLSearchParams();
  if (filter.placeCode) params.set('plaats', filter.placeCode);
  if (filter.stage) params.set('fase', filter.stage);
  if (filter.theme) params.set('thema', filter.theme);
  if (filter.page && filter.page > 1) params.set('pagina', String(filter.page));
  const query = params.toString();
  return query ? `/initiatieven?${query}` : '/initiatieven';
}

/** The public list with filters (a GET form, no JavaScript needed) and the map of markers. */
export function ListPage(props: {
  ctx: PageContext;
  filter: ListFilter;
  placeName: string | undefined;
  items: readonly PublicInitiative[];
  /** Household-budget support by initiative id (only those with a support goal). */
  support: ReadonlyMap<string, SupportSummary>;
  hasMore: boolean;
  map: SvgMap | undefined;
}) {
  const { ctx, filter, items } = props;
  const { t } = ctx;
  const title = props.placeName
    ? t('initiatives.list.titleIn', { name: props.placeName })
    : t('initiatives.list.title');
  const openDataQuery = filter.placeCode ? `?plaats=${filter.placeCode}` : '';
  return (
    <Layout
      ctx={ctx}
      title={title}
      description={t('initiatives.list.intro')}
      crumbs={[{ href: '/', label: t('layout.home') }]}
      scripts={props.map ? [ctx.asset('js/place-map.js')] : []}
    >
      <h1 class="utrecht-heading-1">{title}</h1>
      <p class="utrecht-paragraph">{t('initiatives.list.intro')}</p>
      <LinkParagraph
        href={`/initiatieven/nieuw${filter.placeCode ? `?gemeente=GM${filter.placeCode.slice(2, 6)}` : ''}`}
      >
        {t('initiatives.list.submit')}
      </LinkParagraph>

      <GetForm
        action="/initiatieven"
        class="bk-form bk-filters"
        labelledBy="filters"
        submit={{ label: t('initiatives.list.filter') }}
      >
        <h2 class="utrecht-heading-2" id="filters">
          {t('initiatives.list.filters')}
        </h2>
        <TextField
          name="plaats"
          label={t('initiatives.list.place')}
          hint={t('initiatives.list.placeHint')}
          value={filter.placeCode ?? ''}
          maxLength={10}
        />
        <SelectField
          name="fase"
          label={t('initiatives.list.stage')}
          value={filter.stage ?? ''}
          empty={t('initiatives.list.all')}
          options={[...PUBLIC_STAGES, 'withdrawn' as const, 'declined' as const].map((s) => ({
            value: s,
            label: t(`initiatives.stage.${s}`),
          }))}
        />
        <SelectField
          name="thema"
          label={t('initiatives.list.theme')}
          value={filter.theme ?? ''}
          empty={t('initiatives.list.all')}
          options={THEMES.map((th) => ({ value: th, label: t(`initiatives.theme.${th}`) }))}
        />
      </GetForm>

      {props.map ? (
        <Section id="map" heading={t('initiatives.list.map')}>
          <PlaceMap
            ctx={ctx}
            map={props.map}
            caption={t('initiatives.list.mapCaption')}
            geojsonUrl={`/api/v1/places/${filter.placeCode?.startsWith('BU') ? `WK${filter.placeCode.slice(2, 8)}` : (filter.placeCode ?? '')}/children.geojson`}
            pointsUrl={`/open-data/initiatieven.geojson${openDataQuery}`}
          />
        </Section>
      ) : null}

      <Section id="results" heading={t('initiatives.list.count', { count: items.length })}>
        {items.length === 0 ? <p class="utrecht-paragraph">{t('initiatives.list.none')}</p> : null}
        <ul class="bk-cards">
          {items.map((i) => (
            <li class="bk-card" key={i.reference}>
              <h3 class="utrecht-heading-3">
                <a class="utrecht-link" href={`/initiatieven/${i.reference}`}>
                  {i.title}
                </a>
              </h3>
              <p class="utrecht-paragraph">
                <StageBadge ctx={ctx} stage={i.stage} />{' '}
                {t('initiatives.list.in', { place: `${i.buurt.name}, ${i.gemeente.name}` })}
              </p>
              <p class="utrecht-paragraph">
                {i.summary.length > 200 ? `${i.summary.slice(0, 200)}…` : i.summary}
              </p>
              <p class="utrecht-paragraph utrecht-paragraph--small">
                {i.themes.map((th) => t(`initiatives.theme.${th}`)).join(', ')} ·{' '}
                {t('initiatives.list.budget')}: {ctx.format.euros(i.budgetTotalCents)}
              </p>
              <SupportBrief ctx={ctx} support={props.support.get(i.id)} id={`support-${i.reference}`} />
            </li>
          ))}
        </ul>
        <p class="utrecht-paragraph">
          {filter.page > 1 ? (
            <a class="utrecht-link" href={listHref({ ...filter, page: filter.page - 1 })} rel="prev">
              {t('initiatives.list.previous')}
            </a>
          ) : null}{' '}
          {props.hasMore ? (
            <a class="utrecht-link" href={listHref({ ...filter, page: filter.page + 1 })} rel="next">
              {t('initiatives.list.next')}
            </a>
          ) : null}
        </p>
      </Section>

      <Section id="open-data" heading={t('initiatives.list.openData')}>
        <ul class="utrecht-unordered-list">
          <li class="utrecht-unordered-list__item">
            <a class="utrecht-link" href={`/open-data/initiatieven.csv${openDataQuery}`}>
              {t('initiatives.list.csv')}
            </a>
          </li>
          <li class="utrecht-unordered-list__item">
            <a class="utrecht-link" href={`/open-data/initiatieven.geojson${openDataQuery}`}>
              {t('initiatives.list.geojson')}
            </a>
          </li>
          <li class="utrecht-unordered-list__item">
            <a class="utrecht-link" href={`/api/v1/initiatives${openDataQuery}`}>
              {t('initiatives.list.api')}
            </a>
          </li>
        </ul>
      </Section>
    </Layout>
  );
}

/** The public page of one initiative: never any personal data of the initiator. */
export function InitiativePage(props: {
  ctx: PageContext;
  initiative: PublicInitiativeDetail;
  /** Its household-budget support, when it has a support goal. */
  support: SupportSummary | undefined;
  giveHref: string;
}) {
  const { ctx, initiative: i } = props;
  const { t } = ctx;
  const crumbs: Crumb[] = [
    { href: '/', label: t('layout.home') },
    {
      href: listHref({ placeCode: i.gemeente.code }),
      label: t('initiatives.list.titleIn', { name: i.gemeente.name }),
    },
    { href: listHref({ placeCode: i.wijk.code }), label: i.wijk.name },
  ];
  return (
    <Layout ctx={ctx} title={i.title} description={metaDescription(i.summary)} crumbs={crumbs}>
      <p class="utrecht-pre-heading">
        {t('initiatives.page.submittedOn', { date: ctx.format.date(i.submittedOn) })}
      </p>
      <h1 class="utrecht-heading-1">{i.title}</h1>
      <Paragraphs text={i.summary} />
      <InitiativeFacts ctx={ctx} initiative={i} />
      {props.support ? <SupportSection ctx={ctx} support={props.support} giveHref={props.giveHref} /> : null}
      <Section id="budget" heading={t('initiatives.page.budget')}>
        <BudgetTable ctx={ctx} initiative={i} />
      </Section>
      {i.photos.length > 0 ? (
        <Section id="photos" heading={t('initiatives.page.photos')}>
          <Photos photos={i.photos.map((p) => ({ ...p, src: uploadHref(p.uploadId) }))} lazy />
        </Section>
      ) : null}
      <Section id="timeline" heading={t('initiatives.page.timeline')}>
        <Timeline ctx={ctx} entries={i.timeline} />
      </Section>
      <LinkParagraph href={listHref({ placeCode: i.buurt.code })}>
        {t('initiatives.page.all', { name: i.buurt.name })}
      </LinkParagraph>
    </Layout>
  );
}
