import type { PlaceSection } from '../../../web/front-door.js';
import type { PageContext } from '../../../web/page.js';
import { Layout, type Crumb } from '../../../web/views/layout.js';
import { DataTable, Section } from '../../../web/views/page-parts.js';
import { displayName, type Place, type PlaceDetail } from '../place.js';
import { placeHref } from '../place-urls.js';
import type { SvgMap } from '../svg-map.js';
import { PlaceMap } from './place-map.js';

const CHILD_LEVEL = { gemeente: 'wijk', wijk: 'buurt', buurt: undefined } as const;

export function PlacePage(props: {
  ctx: PageContext;
  place: PlaceDetail;
  map: SvgMap | undefined;
  /** What every module shows about this place (initiatives, the household budget …), in order. */
  sections: readonly PlaceSection[];
}) {
  const { ctx, place } = props;
  const { t, format } = ctx;
  const name = displayName(place);
  const count = (n: number | null) => (n === null ? t('places.page.unknown') : format.number(n));
  const crumbs: Crumb[] = [{ href: '/', label: t('layout.home') }];
  if (place.level !== 'gemeente')
    crumbs.push({ href: placeHref(place.municipality.code), label: displayName(place.municipality) });
  if (place.level === 'buurt' && place.parent)
    crumbs.push({ href: placeHref(place.parent.code), label: displayName(place.parent) });
  const childLevel = CHILD_LEVEL[place.level];
  const levelLabel = t(`places.level.${place.level}`);
  const parent: Place | null = place.parent;
  return (
    <Layout
      ctx={ctx}
      title={`${name} (${levelLabel})`}
      description={t('places.page.description', { name, level: levelLabel })}
      crumbs={crumbs}
      scripts={props.map ? [ctx.asset('js/place-map.js')] : []}
    >
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

      {props.sections.map((s) => (
        <Section id={s.id} heading={s.title} key={s.id}>
          {s.content}
        </Section>
      ))}

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
    </Layout>
  );
}
