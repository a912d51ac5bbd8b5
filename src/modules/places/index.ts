import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { datasetsDir } from '../../shared/paths.js';
import { NotFoundError } from '../../shared/errors.js';
import { homeTask, textsOf, type HomeTask, type ModuleStat, type OpenDataSet } from '../../web/front-door.js';
import { placesStats } from './places.stats.js';
import type { PageContext } from '../../web/page.js';
import type { ModuleDeps, ModuleLog, ModuleManifest } from '../manifest.js';
import { displayName, type Place, type PlaceDetail } from './place.js';
import type { MapMarker, SvgMap } from './svg-map.js';
import type { BuurtChoice } from './views/place-picker.js';
import { registerPlacesApi } from './places.api.js';
import { placesMessages } from './places.messages.js';
import { registerPlacesPages } from './places.pages.js';
import { PlaceReads } from './places.reads.js';
import { loadDemoPlacesIfEmpty, lookupPoint, PlaceIndex, type LookupResult } from './places.service.js';

export type { Place, PlaceDetail, PlaceLevel } from './place.js';
export { displayName, levelOfCode, municipalityCodeOf, normalizePlaceCode, parentCodeOf } from './place.js';
export { placeHref } from './place-urls.js';
export { placesMessages } from './places.messages.js';
export type { MapMarker, SvgMap } from './svg-map.js';
export { PlaceMap } from './views/place-map.js';
export { PlacePicker, type BuurtChoice } from './views/place-picker.js';
export {
  getPlaceDetail,
  importPlaces,
  importPlacesFile,
  loadDemoPlacesIfEmpty,
  readPlacesFile,
  type ImportResult,
} from './places.service.js';
export { ImportFileError, importFormatOf } from './places.import.js';
export { placesCommands } from './places.cli.js';

/**
 * Places: the CBS hierarchy, boundaries and figures, and point → buurt. Other modules use the
 * methods here (a report's point to its buurt, a page's breadcrumb), never the repository.
 */
export class PlacesModule implements ModuleManifest {
  readonly name = 'places';
  readonly tables = ['place', 'place_revision'] as const;
  readonly personalData = [];
  readonly messages = placesMessages;
  readonly index: PlaceIndex;
  readonly navigation = [
    { href: '/gemeenten', label: 'places.nav', order: 30, audience: 'resident' },
  ] as const;
  /** Public reads through the process's revision cache. */
  readonly reads: PlaceReads;
  /** A place's CBS figures (households, inhabitants), for other modules and the place API. */
  readonly stats: readonly ModuleStat[];

  constructor(private readonly deps: ModuleDeps) {
    this.index = new PlaceIndex(deps.database.db);
    this.reads = new PlaceReads(deps.database.db, deps.cache);
    this.stats = placesStats(this.reads);
  }

  async registerRoutes(app: FastifyInstance): Promise<void> {
    const { db } = this.deps.database;
    await registerPlacesApi(app, {
      db,
      index: this.index,
      reads: this.reads,
      stats: () => this.deps.web.frontDoor.stats(),
      clock: this.deps.clock,
    });
    await registerPlacesPages(app, { reads: this.reads, web: this.deps.web, cache: this.deps.cache });
  }

  async start(): Promise<void> {
    await this.index.refresh(true);
  }

  async seedDemo(log: ModuleLog): Promise<void> {
    const results = await loadDemoPlacesIfEmpty(this.deps.database.db, datasetsDir);
    for (const r of results) log.info({ file: path.basename(r.file), ...r.byLevel }, 'demo places loaded');
    if (results.length > 0) await this.index.refresh(true);
  }

  async homeTasks(ctx: PageContext): Promise<readonly HomeTask[]> {
    return [homeTask(ctx.t, '/gemeenten', 'places.task.find', 40)];
  }

  /** The gemeenten with their CBS figures, and the wijk boundaries of each gemeente with a map. */
  async openData(): Promise<readonly OpenDataSet[]> {
    const withMap = await this.reads.municipalities(true);
    const text = textsOf(placesMessages);
    return [
      {
        id: 'gemeenten-wijken-buurten',
        title: text('places.openData.title'),
        description: text('places.openData.description'),
        keywords: {
          nl: ['gemeenten', 'wijken', 'buurten', 'CBS', 'grenzen', 'huishoudens', 'inwoners'],
          en: [
            'municipalities',
            'districts',
            'neighbourhoods',
            'CBS',
            'boundaries',
            'households',
            'inhabitants',
          ],
        },
        accrualPeriodicity: 'ANNUAL',
        themes: ['REGI', 'SOCI'],
        licence: 'CC-BY-4.0',
        attribution: text('places.openData.attribution'),
        landingPage: '/gemeenten',
        distributions: [
          {
            href: '/api/v1/places',
            title: text('places.openData.all'),
            mediaType: 'application/json',
            format: 'JSON',
          },
          ...withMap.map((m) => ({
            href: `/api/v1/places/${m.code}/children.geojson`,
            title: text('places.openData.wijken', { name: displayName(m) }),
            mediaType: 'application/geo+json',
            format: 'GEOJSON',
          })),
        ],
      },
    ];
  }

  /** The buurt, wijk and gemeente of a point; NotFoundError outside every known buurt. */
  lookupPoint(lat: number, lon: number): Promise<LookupResult> {
    return lookupPoint(this.deps.database.db, this.index, lat, lon);
  }

  getPlace(code: string): Promise<Place> {
    return this.reads.detail(code);
  }

  /**
   * A place with its parent, gemeente and children; NotFoundError for an unknown code. Cached:
   * shared with other callers, never to be changed.
   */
  getPlaceDetail(code: string): Promise<PlaceDetail> {
    return this.reads.detail(code);
  }

  /** Every gemeente, by name; `withMapsOnly`: only those whose wijken and buurten have boundaries. */
  listMunicipalities(options: { withMapsOnly?: boolean } = {}): Promise<Place[]> {
    return this.reads.municipalities(options.withMapsOnly === true);
  }

  /** Places by code, in no particular order; unknown codes are left out (names for lists). */
  findPlaces(codes: readonly string[]): Promise<Place[]> {
    return this.reads.findByCodes(codes);
  }

  /**
   * The buurten of a gemeente grouped by wijk, for a form's place select (`PlacePicker`);
   * undefined for a code that is no known gemeente, or one without wijken.
   */
  async buurtChoice(code: string): Promise<BuurtChoice | undefined> {
    if (!/^GM[0-9]{4}$/.test(code)) return undefined;
    try {
      const gemeente = await this.getPlaceDetail(code);
      if (gemeente.level !== 'gemeente' || gemeente.children.length === 0) return undefined;
      const wijken = await Promise.all(gemeente.children.map((w) => this.getPlaceDetail(w.code)));
      return {
        gemeente: { code: gemeente.code, name: displayName(gemeente) },
        wijken: wijken
          .filter((w) => w.children.length > 0)
          .map((w) => ({
            code: w.code,
            name: displayName(w),
            buurten: w.children.map((b) => ({ code: b.code, name: displayName(b) })),
          })),
      };
    } catch (error) {
      if (error instanceof NotFoundError) return undefined;
      throw error;
    }
  }

  /**
   * The server-drawn map of a place (its children's boundaries, see the place page) with
   * markers on it: other modules draw their points this way. Undefined when nothing has a boundary.
   */
  svgMapOf(place: Place, markers: readonly MapMarker[]): Promise<SvgMap | undefined> {
    return this.reads.svgMap(place, markers);
  }
}
