import type { PlaceSection } from '../../../web/front-door.js';
import type { PageContext } from '../../../web/page.js';
import { cachedFragment, type FragmentMemo, type PublicContext } from '../../../web/views/fragment.js';
import { Layout, type Crumb } from '../../../web/views/layout.js';
import { DataTable, Section } from '../../../web/views/page-parts.js';
import { displayName, type Place, type PlaceDetail } from '../place.js';
import { placeHref } from '../place-urls.js';
import type { SvgMap } from '../svg-map.js';
import { PlaceMap } from './place-map.js';

const CHILD_LEVEL = { gemeente: 'wijk', wijk: 'buurt', buurt: undefined } as const;

/**
 * A place's page: what the places module knows of it (figures, map, its wijken or buurten, its
 * open data) and every module's section. The places module's parts are the same for every
 * reader in one language, so they are rendered once per language and kept with the cached
 * place and map (`cachedFragment`); the layout around them (menu, language links) is not.
 */
export function PlacePage(props: {
  ctx: PageContext;
  place: PlaceDetail;
  map: SvgMap | undefined;
  /** What every module shows about this place (initiatives, the household budget …), in order. */
  sections: readonly PlaceSection[];
  /** Where the rendered parts are kept (the revision cache). */
  memo: FragmentMemo;
}) {
  const { ctx, place, map, memo } = props;
  const { t } = ctx;
  const name = displayName(place);
  const crumbs: Crumb[] = [{ href: '/', label: t('layout.home') }];
  if (place.level !== 'gemeente')
    crumbs.push({ href: placeHref(place.municipality.code), label: displayName(place.municipality) });
  if (place.level === 'buurt' && place.parent)
    crumbs.push({ href: placeHref(place.parent.code), label: displayName(place.parent) });
  const levelLabel = t(`places.level.${place.level}`);
  return (
    <Layout
      ctx={ctx}
      title={`${name} (${levelLabel})`}
      description={t('places.page.description', { name, level: levelLabel })}
      crumbs={crumbs}
      scripts={map ? [ctx.asset('js/place-map.js')] : []}
    >
      {cachedFragment(memo, [place, map], ctx, (c) => (
        <PlaceOverview ctx={c} place={place} map={map} />
      ))}

      {props.sections.map((s) => (
        <Section id={s.id} heading={s.title} key={s.id}>
          {s.content}
        </Section>
      ))}

      {cachedFragment(
        memo,
        [place],
        ctx,
        (c) => (
          <PlaceOpenData ctx={c} place={place} />
        ),
        'open-data',
      )}
    </Layout>
  );
}

/** The place's heading, figures, map and its wijken or buurten. */
function PlaceOverview(props: { ctx: PublicContext; place: PlaceDetail; map: SvgMap | undefined }) {
  const { ctx, place } = props;
  const { t, format } = ctx;
  const name = displayName(place);
  const count = (n: number | null) => (n === null ? t('places.page.unknown') : format.number(n));
  const childLevel = CHILD_LEVEL[place.level];
  const levelLabel = t(`places.level.${place.level}`);
  const parent: Place | null = place.parent;
  return (
    <>
      <p class="utrecht-pre-heading">
        {parent ? t('places.page.in', { level: levelLabel, parent: displayName(parent) }) : levelLabel}
      </p>
      <h1 class="utrecht-heading-1">{name}</h1>

      <div class="bk-place">
        <section aria-labelledby="figures" class="bk-place__figures">
          <h2 class="utrecht-heading-2" id="figures">
            {t('places.page.figures')}
          </h2>
          <dl class="utrecht-data-list utrecht-data-list--rows">
            <div class="utrecht-data-list__item">
              <dt class="utrecht-data-list__item-key">{t('places.page.households')}</dt>
              <dd class="utrecht-data-list__item-value">{count(place.households)}</dd>
            </div>
            <div class="utrecht-data-list__item">
              <dt class="utrecht-data-list__item-key">{t('places.page.inhabitants')}</dt>
              <dd class="utrecht-data-list__item-value">{count(place.inhabitants)}</dd>
            </div>
            {childLevel ? (
              <div class="utrecht-data-list__item">
                <dt class="utrecht-data-list__item-key">{t(`places.levelPlural.${childLevel}`)}</dt>
                <dd class="utrecht-data-list__item-value">{format.number(place.children.length)}</dd>
              </div>
            ) : null}
            <div class="utrecht-data-list__item">
              <dt class="utrecht-data-list__item-key">{t('places.page.code')}</dt>
              <dd class="utrecht-data-list__item-value">{place.code}</dd>
            </div>
            <div class="utrecht-data-list__item">
              <dt class="utrecht-data-list__item-key">{t('places.page.year')}</dt>
              <dd class="utrecht-data-list__item-value">{String(place.year)}</dd>
            </div>
          </dl>
          <p class="utrecht-paragraph utrecht-paragraph--small bk-muted">
            {t('places.page.figuresNote', { year: String(place.year) })}
          </p>
        </section>

        <section aria-labelledby="map" class="bk-place__map">
          <h2 class="utrecht-heading-2" id="map">
            {t('places.page.map')}
          </h2>
          {props.map ? (
            <PlaceMap
              ctx={ctx}
              map={props.map}
              caption={
                // A buurt has no list of its own: point to its wijk's list of the buurten drawn here.
                place.level === 'buurt' && parent
                  ? t('places.page.mapCaptionBuurt', { name, parent: displayName(parent) })
                  : t('places.page.mapCaption', { name })
              }
              geojsonUrl={`/api/v1/places/${place.level === 'buurt' && place.parentCode ? place.parentCode : place.code}/children.geojson`}
              focusCode={place.level === 'buurt' ? place.code : undefined}
            />
          ) : (
            <p class="utrecht-paragraph">{t('places.page.noMap', { name })}</p>
          )}
        </section>
      </div>

      {childLevel ? (
        <section aria-labelledby="children">
          <h2 class="utrecht-heading-2" id="children">
            {t('places.page.children', { level: t(`places.levelPlural.${childLevel}`), name })}
          </h2>
          {place.children.length === 0 ? (
            <p class="utrecht-paragraph">
              {t('places.page.noChildren', { level: t(`places.levelPlural.${childLevel}`).toLowerCase() })}
            </p>
          ) : (
            <DataTable
              label={t('places.page.children', { level: t(`places.levelPlural.${childLevel}`), name })}
              rows={place.children}
              rowKey={(c) => c.code}
              columns={[
                {
                  label: t('places.page.name'),
                  rowHeader: true,
                  cell: (c) => (
                    <a class="utrecht-link" href={placeHref(c.code)}>
                      {displayName(c)}
                    </a>
                  ),
                },
                { label: t('places.page.code'), cell: (c) => c.code },
                { label: t('places.page.households'), numeric: true, cell: (c) => count(c.households) },
                { label: t('places.page.inhabitants'), numeric: true, cell: (c) => count(c.inhabitants) },
              ]}
            />
          )}
        </section>
      ) : null}
    </>
  );
}

/** Links to the place's data in the API. */
function PlaceOpenData(props: { ctx: PublicContext; place: PlaceDetail }) {
  const { ctx, place } = props;
  const { t } = ctx;
  return (
    <section aria-labelledby="open-data">
      <h2 class="utrecht-heading-2" id="open-data">
        {t('places.page.openData')}
      </h2>
      <ul class="utrecht-unordered-list">
        <li class="utrecht-unordered-list__item">
          <a class="utrecht-link" href={`/api/v1/places/${place.code}`}>
            {t('places.page.json')}
          </a>
        </li>
        {place.hasBoundary ? (
          <li class="utrecht-unordered-list__item">
            <a class="utrecht-link" href={`/api/v1/places/${place.code}/boundary.geojson`}>
              {t('places.page.boundaryGeoJson')}
            </a>
          </li>
        ) : null}
      </ul>
    </section>
  );
}
