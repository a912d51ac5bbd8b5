import fs from 'node:fs/promises';
import path from 'node:path';
import { sql } from 'kysely';
import type { Db, Queryable } from '../../db/database.js';
import { NotFoundError, ValidationError } from '../../shared/errors.js';
import {
  ImportFileError,
  importFormatOf,
  parseFiguresCsv,
  parseGeoJsonPlaces,
  yearFromFileName,
} from './places.import.js';
import {
  bumpPlaceRevision,
  countPlaces,
  findAllBuurtBoundaries,
  findBoundary,
  findChildBoundaries,
  findBuurtCodesIn,
  findChildren,
  findMunicipalities,
  findPlaceByCode,
  findPlacesByCodes,
  readPlaceRevision,
  searchPlacesByName,
  upsertPlaces,
} from './places.repository.js';
import {
  displayName,
  normalizePlaceCode,
  type Boundary,
  type Place,
  type PlaceDetail,
  type PlaceInput,
} from './place.js';
import { SpatialIndex } from './spatial-index.js';
import type { MapShape } from './svg-map.js';

/**
 * The point → buurt index of one app process. It checks the database's place revision at most
 * every `ttlMs`, so an import by the CLI or by another process behind the load balancer is
 * picked up without a restart.
 */
export class PlaceIndex {
  private index = SpatialIndex.build([]);
  private revision = -1;
  private checkedAt = 0;
  private refreshing: Promise<void> | undefined;

  constructor(
    private readonly db: Db,
    private readonly ttlMs = 2000,
  ) {}

  /** Rebuilds now if the places changed; call after an import in this process. */
  async refresh(force = false): Promise<void> {
    this.refreshing ??= (async () => {
      try {
        const revision = await readPlaceRevision(this.db);
        if (force || revision !== this.revision) {
          const boundaries = await findAllBuurtBoundaries(this.db);
          this.index = SpatialIndex.build(boundaries);
          this.revision = revision;
        }
        this.checkedAt = Date.now();
      } finally {
        this.refreshing = undefined;
      }
    })();
    return this.refreshing;
  }

  async lookup(lon: number, lat: number): Promise<string | undefined> {
    if (Date.now() - this.checkedAt > this.ttlMs) await this.refresh();
    return this.index.lookup(lon, lat);
  }

  get size(): number {
    return this.index.size;
  }
}

export interface ImportResult {
  file: string;
  places: number;
  byLevel: Record<'gemeente' | 'wijk' | 'buurt', number>;
}

export interface ImportOptions {
  /** Year of the figures for a CSV without one in its name. */
  year?: number | undefined;
  onProgress?: ((done: number, total: number) => void) | undefined;
}

/** Reads and checks an import file completely before anything is written. */
export async function readPlacesFile(filePath: string, year?: number): Promise<PlaceInput[]> {
  const name = path.basename(filePath);
  const format = importFormatOf(name);
  if (!format) {
    throw new ImportFileError(name, [
      { where: 'file', what: 'has an unknown type: use a .geojson (or .json) or a .csv file' },
    ]);
  }
  let content: string;
  try {
    content = await fs.readFile(filePath, 'utf8');
  } catch (error) {
    throw new ImportFileError(name, [
      { where: 'file', what: `cannot be read (${(error as Error).message})` },
    ]);
  }
  if (format === 'geojson') return parseGeoJsonPlaces(name, content);
  const figuresYear = year ?? yearFromFileName(name);
  if (figuresYear === undefined) {
    throw new ImportFileError(name, [
      { where: 'file', what: 'has no year in its name: give the year of the figures with --year' },
    ]);
  }
  return parseFiguresCsv(name, content, figuresYear);
}

/**
 * Writes checked places in one transaction and bumps the place revision, so the file is
 * imported whole or not at all, and every app process rebuilds its spatial index.
 */
export async function importPlaces(
  db: Db,
  file: string,
  places: readonly PlaceInput[],
  onProgress?: (done: number, total: number) => void,
): Promise<ImportResult> {
  await db.transaction().execute(async (trx) => {
    await upsertPlaces(trx, places, (done) => onProgress?.(done, places.length));
    await bumpPlaceRevision(trx);
  });
  const byLevel = { gemeente: 0, wijk: 0, buurt: 0 };
  for (const p of places) byLevel[p.level]++;
  return { file, places: places.length, byLevel };
}

/** Reads, checks and imports one CBS file (GeoJSON boundaries or figures CSV). */
export async function importPlacesFile(
  db: Db,
  filePath: string,
  options: ImportOptions = {},
): Promise<ImportResult> {
  const places = await readPlacesFile(filePath, options.year);
  return importPlaces(db, path.basename(filePath), places, options.onProgress);
}

/** The demo: national figures, then the boundaries of three municipalities. */
export const DEMO_FILES = [
  'cbs/kwb-2023-nl.csv',
  'cbs/GM0637-zoetermeer-wijken.geojson',
  'cbs/GM0637-zoetermeer.geojson',
  'cbs/GM0796-s-hertogenbosch-wijken.geojson',
  'cbs/GM0796-s-hertogenbosch.geojson',
  'cbs/GM0622-vlaardingen-wijken.geojson',
  'cbs/GM0622-vlaardingen.geojson',
] as const;

/**
 * Loads the demo places when the database has none. An advisory lock makes this safe when
 * several app processes start at once on one PostgreSQL server: one loads, the others see it done.
 */
export async function loadDemoPlacesIfEmpty(db: Db, datasetsDir: string): Promise<ImportResult[]> {
  // An everyday start: the places are there, so the files (seconds of parsing) are not read.
  if ((await countPlaces(db)) > 0) return [];
  const inputs: { file: string; places: PlaceInput[] }[] = [];
  for (const file of DEMO_FILES) {
    inputs.push({ file, places: await readPlacesFile(path.join(datasetsDir, file)) });
  }
  return db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(hashtext('buurtkracht:demo-places'))`.execute(trx);
    if ((await countPlaces(trx)) > 0) return [];
    const results: ImportResult[] = [];
    for (const { file, places } of inputs) {
      await upsertPlaces(trx, places);
      const byLevel = { gemeente: 0, wijk: 0, buurt: 0 };
      for (const p of places) byLevel[p.level]++;
      results.push({ file, places: places.length, byLevel });
    }
    await bumpPlaceRevision(trx);
    return results;
  });
}

export interface LookupResult {
  buurt: Place;
  wijk: Place;
  gemeente: Place;
}

/** Checks a coordinate pair typed by a person or sent by a client. */
export function parseCoordinates(lat: unknown, lon: unknown): { lat: number; lon: number } {
  const issues = [];
  const latN =
    typeof lat === 'string' && lat.trim() !== '' ? Number(lat) : typeof lat === 'number' ? lat : NaN;
  const lonN =
    typeof lon === 'string' && lon.trim() !== '' ? Number(lon) : typeof lon === 'number' ? lon : NaN;
  if (!Number.isFinite(latN) || latN < -90 || latN > 90)
    issues.push({ field: 'lat', message: 'errors.latitude' });
  if (!Number.isFinite(lonN) || lonN < -180 || lonN > 180)
    issues.push({ field: 'lon', message: 'errors.longitude' });
  if (issues.length > 0) throw new ValidationError(issues);
  return { lat: latN, lon: lonN };
}

/** The buurt, wijk and gemeente of a point; NotFoundError when no loaded buurt holds it. */
export async function lookupPoint(
  db: Queryable,
  index: PlaceIndex,
  lat: number,
  lon: number,
): Promise<LookupResult> {
  const code = await index.lookup(lon, lat);
  const buurt = code ? await findPlaceByCode(db, code) : undefined;
  if (!buurt?.parentCode) throw new NotFoundError('errors.pointOutside', { lat, lon });
  const [wijk, gemeente] = await Promise.all([
    findPlaceByCode(db, buurt.parentCode),
    findPlaceByCode(db, buurt.municipalityCode),
  ]);
  if (!wijk || !gemeente) throw new NotFoundError('errors.pointOutside', { lat, lon });
  return { buurt, wijk, gemeente };
}

export async function getPlaceDetail(db: Queryable, rawCode: string): Promise<PlaceDetail> {
  const code = normalizePlaceCode(rawCode);
  const place = code ? await findPlaceByCode(db, code) : undefined;
  if (!place) throw new NotFoundError('errors.placeNotFound', { code: rawCode });
  const ancestorCodes = [place.parentCode, place.municipalityCode].filter((c): c is string => c !== null);
  const [ancestors, children] = await Promise.all([
    findPlacesByCodes(db, ancestorCodes),
    findChildren(db, place.code),
  ]);
  const byCode = new Map(ancestors.map((a) => [a.code, a]));
  const municipality = place.level === 'gemeente' ? place : byCode.get(place.municipalityCode);
  if (!municipality) throw new NotFoundError('errors.placeNotFound', { code: rawCode });
  return {
    ...place,
    parent: place.parentCode ? (byCode.get(place.parentCode) ?? null) : null,
    municipality,
    children,
  };
}

/** The buurten of a place (every buurt of a gemeente or wijk; a buurt itself), for modules' sections. */
export function listBuurtCodesIn(db: Queryable, place: Pick<Place, 'code' | 'level'>): Promise<string[]> {
  return findBuurtCodesIn(db, place);
}

export function listMunicipalities(db: Queryable): Promise<Place[]> {
  return findMunicipalities(db);
}

/** Gemeenten with boundaries for (some of) their wijken or buurten: those with a map. */
export function listMunicipalitiesWithMaps(db: Queryable): Promise<Place[]> {
  return findMunicipalities(db, { withMapsOnly: true });
}

/** Search by name or code; a query shorter than two characters finds nothing. */
export async function searchPlaces(db: Queryable, query: string, limit = 25): Promise<Place[]> {
  const trimmed = query.trim().slice(0, 100);
  if (trimmed.length < 2) return [];
  return searchPlacesByName(db, trimmed, limit);
}

export interface BoundaryFeature {
  type: 'Feature';
  id: string;
  properties: {
    code: string;
    name: string | null;
    level: string;
    households: number | null;
    inhabitants: number | null;
    year: number;
  };
  geometry: Boundary;
}

/** A place's boundary as an RFC 7946 Feature; NotFoundError when it has none. */
export async function getBoundaryFeature(db: Queryable, rawCode: string): Promise<BoundaryFeature> {
  const code = normalizePlaceCode(rawCode);
  const place = code ? await findPlaceByCode(db, code) : undefined;
  const boundary = place ? await findBoundary(db, place.code) : undefined;
  if (!place || !boundary) throw new NotFoundError('errors.boundaryNotFound', { code: rawCode });
  return {
    type: 'Feature',
    id: place.code,
    properties: {
      code: place.code,
      name: place.name,
      level: place.level,
      households: place.households,
      inhabitants: place.inhabitants,
      year: place.year,
    },
    geometry: boundary,
  };
}

/**
 * What the server-drawn map of a place shows: its children's boundaries, each linking to its
 * page, or, for a buurt (no children), the buurt itself among its neighbours in the wijk.
 */
export async function getMapShapes(
  db: Queryable,
  place: Place,
  hrefOf: (code: string) => string,
): Promise<MapShape[]> {
  const children = place.level === 'buurt' ? [] : await findChildBoundaries(db, place.code);
  if (children.length > 0) {
    return children.map((c) => ({
      code: c.code,
      label: displayName(c),
      href: hrefOf(c.code),
      boundary: c.boundary,
      emphasis: false,
    }));
  }
  if (place.level === 'buurt' && place.parentCode) {
    const siblings = await findChildBoundaries(db, place.parentCode);
    return siblings.map((s) => ({
      code: s.code,
      label: displayName(s),
      href: s.code === place.code ? undefined : hrefOf(s.code),
      boundary: s.boundary,
      emphasis: s.code === place.code,
    }));
  }
  const own = await findBoundary(db, place.code);
  return own
    ? [{ code: place.code, label: displayName(place), href: undefined, boundary: own, emphasis: true }]
    : [];
}

/** The boundaries of a place's children as a FeatureCollection (for the enhanced map). */
export async function getChildFeatures(
  db: Queryable,
  rawCode: string,
): Promise<{ type: 'FeatureCollection'; features: BoundaryFeature[] }> {
  const code = normalizePlaceCode(rawCode);
  const place = code ? await findPlaceByCode(db, code) : undefined;
  if (!place) throw new NotFoundError('errors.placeNotFound', { code: rawCode });
  const [children, boundaries] = await Promise.all([
    findChildren(db, place.code),
    findChildBoundaries(db, place.code),
  ]);
  const byCode = new Map(children.map((c) => [c.code, c]));
  return {
    type: 'FeatureCollection',
    features: boundaries.flatMap((b) => {
      const child = byCode.get(b.code);
      if (!child) return [];
      return [
        {
          type: 'Feature' as const,
          id: child.code,
          properties: {
            code: child.code,
            name: child.name,
            level: child.level,
            households: child.households,
            inhabitants: child.inhabitants,
            year: child.year,
          },
          geometry: b.boundary,
        },
      ];
    }),
  };
}
