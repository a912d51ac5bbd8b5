import type { OpenDataSet } from '../../../web/front-door.js';
import type { PageContext } from '../../../web/page.js';
import { Layout } from '../../../web/views/layout.js';
import { LinkParagraph, Section } from '../../../web/views/page-parts.js';
import { LICENCES } from '../catalogue.js';

/** One operation of the JSON API, as its OpenAPI document describes it. */
export interface ApiOperation {
  method: string;
  path: string;
  summary: string;
}

function Licence(props: { licence: OpenDataSet['licence'] }) {
  const licence = LICENCES[props.licence];
  return (
    <a class="utrecht-link" href={licence.deed} rel="license">
      {licence.name}
    </a>
  );
}

function Dataset(props: { ctx: PageContext; set: OpenDataSet }) {
  const { ctx, set } = props;
  const { t, locale } = ctx;
  const headingId = `set-${set.id}`;
  const formats = [...new Set(set.distributions.map((d) => d.format))].join(', ');
  return (
    <article class="bk-dataset" id={set.id} aria-labelledby={headingId}>
      <h3 class="utrecht-heading-3" id={headingId}>
        {set.title[locale]}
      </h3>
      <p class="utrecht-paragraph">{set.description[locale]}</p>
      <dl class="utrecht-data-list utrecht-data-list--rows">
        <div class="utrecht-data-list__item">
          <dt class="utrecht-data-list__item-key">{t('openData.format')}</dt>
          <dd class="utrecht-data-list__item-value">{formats}</dd>
        </div>
        <div class="utrecht-data-list__item">
          <dt class="utrecht-data-list__item-key">{t('openData.licence')}</dt>
          <dd class="utrecht-data-list__item-value">
            <Licence licence={set.licence} />
          </dd>
        </div>
        {set.attribution ? (
          <div class="utrecht-data-list__item">
            <dt class="utrecht-data-list__item-key">{t('openData.attribution')}</dt>
            <dd class="utrecht-data-list__item-value">{set.attribution[locale]}</dd>
          </div>
        ) : null}
        <div class="utrecht-data-list__item">
          <dt class="utrecht-data-list__item-key">{t('openData.frequency')}</dt>
          <dd class="utrecht-data-list__item-value">{t(`openData.frequency.${set.accrualPeriodicity}`)}</dd>
        </div>
      </dl>
      <h4 class="utrecht-heading-4">{t('openData.files')}</h4>
      <ul class="utrecht-unordered-list">
        {set.distributions.map((d) => (
          <li class="utrecht-unordered-list__item" key={d.href}>
            <a class="utrecht-link" href={d.href} type={d.mediaType}>
              {d.title ? `${d.title[locale]} (${d.format})` : d.format}
            </a>
          </li>
        ))}
      </ul>
      {set.landingPage ? (
        <LinkParagraph href={set.landingPage}>{t('openData.moreAbout')}</LinkParagraph>
      ) : null}
    </article>
  );
}

/** The open-data catalogue for people: every module's datasets, the API and the DCAT catalogue. */
export function OpenDataPage(props: {
  ctx: PageContext;
  datasets: readonly OpenDataSet[];
  operations: readonly ApiOperation[];
}) {
  const { ctx, datasets } = props;
  const { t } = ctx;
  // The placeholders stay in the text without params: each becomes a link to its licence.
  const [before, between, after] = t('openData.licenceNote').split(/\{cc0\}|\{ccby\}/);
  return (
    <Layout ctx={ctx} title={t('openData.title')} crumbs={[{ href: '/', label: t('layout.home') }]}>
      <h1 class="utrecht-heading-1">{t('openData.title')}</h1>
      <p class="utrecht-paragraph utrecht-paragraph--lead">{t('openData.intro')}</p>
      <p class="utrecht-paragraph">
        {before}
        <Licence licence="CC0-1.0" />
        {between}
        <Licence licence="CC-BY-4.0" />
        {after}
      </p>
      <Section id="datasets" heading={t('openData.datasets')}>
        {datasets.length === 0 ? <p class="utrecht-paragraph">{t('openData.none')}</p> : null}
        {datasets.map((set) => (
          <Dataset ctx={ctx} set={set} key={set.id} />
        ))}
      </Section>
      <Section id="api" heading={t('openData.api.heading')}>
        <p class="utrecht-paragraph">{t('openData.api.description')}</p>
        <LinkParagraph href="/api/v1/openapi.json">{t('openData.api.openapi')}</LinkParagraph>
        <h3 class="utrecht-heading-3">{t('openData.api.operations')}</h3>
        <ul class="utrecht-unordered-list bk-api-list" lang="en">
          {props.operations.map((o) => (
            <li class="utrecht-unordered-list__item" key={`${o.method} ${o.path}`}>
              <code class="utrecht-code">
                {o.method} {o.path}
              </code>{' '}
              {o.summary}
            </li>
          ))}
        </ul>
      </Section>
      <Section id="catalogue" heading={t('openData.catalogue.heading')}>
        <p class="utrecht-paragraph">{t('openData.catalogue.text')}</p>
        <LinkParagraph href="/open-data/catalogus.jsonld">{t('openData.catalogue.link')}</LinkParagraph>
      </Section>
    </Layout>
  );
}
