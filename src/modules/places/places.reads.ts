import type { Db } from '../../db/database.js';
import type { RevisionCache } from '../../db/revisions.js';
import { NotFoundError } from '../../shared/errors.js';
import { normalizePlaceCode, type Place, type PlaceDetail } from './place.js';
import { placeHref } from './place-urls.js';
import { findPlacesByCodes } from './places.repository.js';
import {
  getBoundaryFeature,
  getChildFeatures,
  getMapShapes,
  getPlaceDetail,
  listBuurtCodesIn,
  listMunicipalities,
  listMunicipalitiesWithMaps,
  searchPlaces,
  type BoundaryFeature,
} from './places.service.js';
import { buildSvgMap, type MapMarker, type MapShape, type SvgMap } from './svg-map.js';

const TOPICS = ['places'] as const;

/**
 * What pages and the API read about places, through the process's revision cache: places
 * change only on import, which bumps the `places` revision (trigger on `place`), so every
 * process drops these within a second of an import anywhere. All of it is public.
 */
export class PlaceReads {
  constructor(
    private readonly db: Db,
    private readonly cache: RevisionCache,
  ) {}

  /** Every gemeente, by name; `withMapsOnly`: only those with boundaries below them. */
  municipalities(withMapsOnly = false): Promise<Place[]> {
    return this.cache.get(`places:municipalities:${withMapsOnly}`, TOPICS, () =>
      withMapsOnly ? listMunicipalitiesWithMaps(this.db) : listMunicipalities(this.db),
    );
  }

  /** A place with its parent, gemeente and children; NotFoundError for an unknown code. */
  detail(rawCode: string): Promise<PlaceDetail> {
    const code = normalizePlaceCode(rawCode);
    if (!code) return Promise.reject(new NotFoundError('errors.placeNotFound', { code: rawCode }));
    return this.cache.get(`places:detail:${code}`, TOPICS, () => getPlaceDetail(this.db, code));
  }

  /** Places by code (unknown codes left out), sorted by code. */
  findByCodes(codes: readonly string[]): Promise<Place[]> {
    const sorted = [...new Set(codes)].sort();
    if (sorted.length === 0) return Promise.resolve([]);
    return this.cache.get(`places:codes:${sorted.join(',')}`, TOPICS, async () =>
      (await findPlacesByCodes(this.db, sorted)).sort((a, b) => (a.code < b.code ? -1 : 1)),
    );
  }

  /** The buurt codes within a place (the place itself for a buurt), for the modules' place sections. */
  buurtCodesIn(place: Pick<Place, 'code' | 'level'>): Promise<string[]> {
    return this.cache.get(`places:buurten:${place.code}`, TOPICS, () => listBuurtCodesIn(this.db, place));
  }

  /** Search by name or code (see `searchPlaces`). */
  search(query: string, limit: number): Promise<Place[]> {
    return this.cache.get(`places:search:${limit}:${query.trim().toLowerCase()}`, TOPICS, () =>
      searchPlaces(this.db, query, limit),
    );
  }

  /** The shapes of a place's server-drawn map (see `getMapShapes`), linking to the place pages. */
  mapShapes(place: Place): Promise<MapShape[]> {
    return this.cache.get(`places:shapes:${place.code}`, TOPICS, () =>
      getMapShapes(this.db, place, placeHref),
    );
  }

  /** The server-drawn map of a place with `markers` on it; undefined when nothing has a boundary. */
  async svgMap(place: Place, markers: readonly MapMarker[] = []): Promise<SvgMap | undefined> {
    if (markers.length > 0) return buildSvgMap(await this.mapShapes(place), markers);
    return this.cache.get(`places:svg:${place.code}`, TOPICS, async () =>
      buildSvgMap(await this.mapShapes(place)),
    );
  }

  /** A place's boundary as a GeoJSON Feature; NotFoundError when it has none. */
  boundaryFeature(rawCode: string): Promise<BoundaryFeature> {
    return this.cache.get(`places:boundary:${rawCode.toUpperCase()}`, TOPICS, () =>
      getBoundaryFeature(this.db, rawCode),
    );
  }

  /** The boundaries of a place's children as a FeatureCollection. */
  childFeatures(rawCode: string): Promise<Awaited<ReturnType<typeof getChildFeatures>>> {
    return this.cache.get(`places:children:${rawCode.toUpperCase()}`, TOPICS, () =>
      getChildFeatures(this.db, rawCode),
    );
  }
}
