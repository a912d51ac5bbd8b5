import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { datasetsDir } from '../../shared/paths.js';
import type { AppModule, ModuleDeps } from '../../web/module.js';
import type { Place } from './place.js';
import { registerPlacesApi } from './places.api.js';
import { placesMessages } from './places.messages.js';
import { registerPlacesPages } from './places.pages.js';
import {
  getPlaceDetail,
  loadDemoPlacesIfEmpty,
  lookupPoint,
  PlaceIndex,
  type LookupResult,
} from './places.service.js';

export type { Place, PlaceDetail, PlaceLevel } from './place.js';
export { displayName, normalizePlaceCode } from './place.js';
export { placeHref } from './place-urls.js';
export { importPlacesFile } from './places.service.js';
export { ImportFileError } from './places.import.js';

/**
 * Places: the CBS hierarchy, boundaries and figures, and point → buurt. Other modules use the
 * methods here (a report's point to its buurt, a page's breadcrumb), never the repository.
 */
export class PlacesModule implements AppModule {
  readonly name = 'places';
  readonly messages = placesMessages;
  readonly index: PlaceIndex;

  constructor(private readonly deps: ModuleDeps) {
    this.index = new PlaceIndex(deps.database.db);
  }

  async registerRoutes(app: FastifyInstance): Promise<void> {
    const { db } = this.deps.database;
    await registerPlacesApi(app, { db, index: this.index });
    await registerPlacesPages(app, { db, web: this.deps.web });
  }

  async start(): Promise<void> {
    await this.index.refresh(true);
  }

  async seedDemo(log: Logger): Promise<void> {
    const results = await loadDemoPlacesIfEmpty(this.deps.database.db, datasetsDir);
    for (const r of results) log.info({ file: path.basename(r.file), ...r.byLevel }, 'demo places loaded');
    if (results.length > 0) await this.index.refresh(true);
  }

  /** The buurt, wijk and gemeente of a point; NotFoundError outside every known buurt. */
  lookupPoint(lat: number, lon: number): Promise<LookupResult> {
    return lookupPoint(this.deps.database.db, this.index, lat, lon);
  }

  getPlace(code: string): Promise<Place> {
    return getPlaceDetail(this.deps.database.db, code);
  }
}
