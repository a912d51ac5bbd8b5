import { sql, type ColumnType, type Generated } from 'kysely';
import type { Queryable } from '../../db/database.js';
import { bboxOf } from './geometry.js';
import type { Boundary, Place, PlaceInput, PlaceLevel } from './place.js';

interface PlaceTable {
  code: string;
  level: PlaceLevel;
  name: string | null;
  parent_code: string | null;
  municipality_code: string;
  households: number | null;
  inhabitants: number | null;
  year: number;
  boundary: ColumnType<Boundary | null, string | null, string | null>;
  min_lon: number | null;
  min_lat: number | null;
  max_lon: number | null;
  max_lat: number | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

interface PlaceRevisionTable {
  id: number;
  revision: number;
  updated_at: Generated<Date>;
}

// A type alias, not an interface: Kysely's withTables needs the implicit index signature.
type PlacesTables = {
  place: PlaceTable;
  place_revision: PlaceRevisionTable;
};

const q = (db: Queryable) => db.withTables<PlacesTables>();

const placeColumns = [
  'code',
  'level',
  'name',
  'parent_code',
  'municipality_code',
  'households',
  'inhabitants',
  'year',
  sql<boolean>`boundary is not null`.as('has_boundary'),
] as const;

interface PlaceRow {
  code: string;
  level: PlaceLevel;
  name: string | null;
  parent_code: string | null;
  municipality_code: string;
  households: number | null;
  inhabitants: number | null;
  year: number;
  has_boundary: boolean;
}

function toPlace(row: PlaceRow): Place {
  return {
    code: row.code,
    level: row.level,
    name: row.name,
    parentCode: row.parent_code,
    municipalityCode: row.municipality_code,
    households: row.households,
    inhabitants: row.inhabitants,
    year: row.year,
    hasBoundary: row.has_boundary,
  };
}

const LEVEL_ORDER: Record<PlaceLevel, number> = { gemeente: 0, wijk: 1, buurt: 2 };
const BATCH = 500;

/**
 * Inserts or updates places, parents before children. A missing ancestor (a buurt file
 * imported before the figures) is created with its code only. Names, figures and boundaries
 * that the input leaves empty keep what the database had. Run it inside a transaction.
 */
export async function upsertPlaces(
  db: Queryable,
  inputs: readonly PlaceInput[],
  onBatch?: (written: number) => void,
): Promise<void> {
  const sorted = [...inputs].sort((a, b) => LEVEL_ORDER[a.level] - LEVEL_ORDER[b.level]);
  const ancestors = new Map<string, { level: PlaceLevel; parent: string | null; year: number }>();
  for (const input of sorted) {
    if (input.level !== 'gemeente') {
      ancestors.set(input.municipalityCode, { level: 'gemeente', parent: null, year: input.year });
    }
    if (input.level === 'buurt' && input.parentCode) {
      ancestors.set(input.parentCode, { level: 'wijk', parent: input.municipalityCode, year: input.year });
    }
  }
  const ancestorRows = [...ancestors.entries()]
    .sort(([, a], [, b]) => LEVEL_ORDER[a.level] - LEVEL_ORDER[b.level])
    .map(([code, a]) => ({
      code,
      level: a.level,
      parent_code: a.parent,
      municipality_code: `GM${code.slice(2, 6)}`,
      year: a.year,
    }));
  for (let i = 0; i < ancestorRows.length; i += BATCH) {
    await q(db)
      .insertInto('place')
      .values(ancestorRows.slice(i, i + BATCH))
      .onConflict((oc) => oc.column('code').doNothing())
      .execute();
  }
  for (let i = 0; i < sorted.length; i += BATCH) {
    const rows = sorted.slice(i, i + BATCH).map((p) => {
      const box = p.boundary ? bboxOf(p.boundary) : undefined;
      return {
        code: p.code,
        level: p.level,
        name: p.name,
        parent_code: p.parentCode,
        municipality_code: p.municipalityCode,
        households: p.households,
        inhabitants: p.inhabitants,
        year: p.year,
        boundary: p.boundary ? JSON.stringify(p.boundary) : null,
        min_lon: box?.minLon ?? null,
        min_lat: box?.minLat ?? null,
        max_lon: box?.maxLon ?? null,
        max_lat: box?.maxLat ?? null,
      };
    });
    await q(db)
      .insertInto('place')
      .values(rows)
      .onConflict((oc) =>
        oc.column('code').doUpdateSet((eb) => ({
          name: sql`coalesce(${eb.ref('excluded.name')}, place.name)`,
          households: sql`coalesce(${eb.ref('excluded.households')}, place.households)`,
          inhabitants: sql`coalesce(${eb.ref('excluded.inhabitants')}, place.inhabitants)`,
          year: eb.ref('excluded.year'),
          boundary: sql`coalesce(${eb.ref('excluded.boundary')}, place.boundary)`,
          min_lon: sql`coalesce(${eb.ref('excluded.min_lon')}, place.min_lon)`,
          min_lat: sql`coalesce(${eb.ref('excluded.min_lat')}, place.min_lat)`,
          max_lon: sql`coalesce(${eb.ref('excluded.max_lon')}, place.max_lon)`,
          max_lat: sql`coalesce(${eb.ref('excluded.max_lat')}, place.max_lat)`,
          updated_at: sql`now()`,
        })),
      )
      .execute();
    onBatch?.(Math.min(i + BATCH, sorted.length));
  }
}

export async function findPlaceByCode(db: Queryable, code: string): Promise<Place | undefined> {
  const row = await q(db)
    .selectFrom('place')
    .select(placeColumns)
    .where('code', '=', code)
    .executeTakeFirst();
  return row ? toPlace(row) : undefined;
}

export async function findPlacesByCodes(db: Queryable, codes: readonly string[]): Promise<Place[]> {
  if (codes.length === 0) return [];
  const rows = await q(db).selectFrom('place').select(placeColumns).where('code', 'in', codes).execute();
  return rows.map(toPlace);
}

/** The codes of the buurten in a gemeente or a wijk (a buurt: itself), in code order. */
export async function findBuurtCodesIn(
  db: Queryable,
  place: { code: string; level: PlaceLevel },
): Promise<string[]> {
  if (place.level === 'buurt') return [place.code];
  const rows = await q(db)
    .selectFrom('place')
    .select('code')
    .where('level', '=', 'buurt')
    .where(place.level === 'gemeente' ? 'municipality_code' : 'parent_code', '=', place.code)
    .orderBy('code')
    .execute();
  return rows.map((r) => r.code);
}

/** Children ordered by name, places without a name after those with one, then by code. */
export async function findChildren(db: Queryable, parentCode: string): Promise<Place[]> {
  const rows = await q(db)
    .selectFrom('place')
    .select(placeColumns)
    .where('parent_code', '=', parentCode)
    .orderBy(sql`name is null`)
    .orderBy('name')
    .orderBy('code')
    .execute();
  return rows.map(toPlace);
}

export async function findMunicipalities(
  db: Queryable,
  options: { withMapsOnly?: boolean } = {},
): Promise<Place[]> {
  const rows = await q(db)
    .selectFrom('place')
    .select(placeColumns)
    .where('level', '=', 'gemeente')
    .$if(options.withMapsOnly === true, (qb) =>
      qb.where('code', 'in', (eb) =>
        eb.selectFrom('place as p').select('p.municipality_code').where('p.boundary', 'is not', null),
      ),
    )
    .orderBy('name')
    .orderBy('code')
    .execute();
  return rows.map(toPlace);
}

/**
 * Places whose name contains the words typed, or whose code starts with them. Places with a
 * boundary (the ones a resident can look at) come first, then gemeenten before wijken before buurten.
 */
export async function searchPlacesByName(db: Queryable, query: string, limit: number): Promise<Place[]> {
  const pattern = `%${query.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const rows = await q(db)
    .selectFrom('place')
    .select(placeColumns)
    .where((eb) =>
      eb.or([
        eb(sql`lower(name)`, 'like', pattern),
        eb('code', 'like', `${query.toUpperCase().replace(/[\\%_]/g, '')}%`),
      ]),
    )
    .orderBy(sql`boundary is null`)
    .orderBy(sql`case level when 'gemeente' then 0 when 'wijk' then 1 else 2 end`)
    .orderBy('name')
    .orderBy('code')
    .limit(limit)
    .execute();
  return rows.map(toPlace);
}

export async function findBoundary(db: Queryable, code: string): Promise<Boundary | null | undefined> {
  const row = await q(db).selectFrom('place').select('boundary').where('code', '=', code).executeTakeFirst();
  return row ? row.boundary : undefined;
}

export interface BoundaryRow {
  code: string;
  name: string | null;
  boundary: Boundary;
}

/** The boundaries of a place's children (those that have one). */
export async function findChildBoundaries(db: Queryable, parentCode: string): Promise<BoundaryRow[]> {
  const rows = await q(db)
    .selectFrom('place')
    .select(['code', 'name', 'boundary'])
    .where('parent_code', '=', parentCode)
    .where('boundary', 'is not', null)
    .orderBy('code')
    .execute();
  return rows.flatMap((r) => (r.boundary ? [{ code: r.code, name: r.name, boundary: r.boundary }] : []));
}

/** Every buurt boundary, for the in-memory point → buurt index. */
export async function findAllBuurtBoundaries(db: Queryable): Promise<BoundaryRow[]> {
  const rows = await q(db)
    .selectFrom('place')
    .select(['code', 'name', 'boundary'])
    .where('level', '=', 'buurt')
    .where('boundary', 'is not', null)
    .orderBy('code')
    .execute();
  return rows.flatMap((r) => (r.boundary ? [{ code: r.code, name: r.name, boundary: r.boundary }] : []));
}

export async function countPlaces(db: Queryable): Promise<number> {
  const row = await q(db)
    .selectFrom('place')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function readPlaceRevision(db: Queryable): Promise<number> {
  const row = await q(db)
    .selectFrom('place_revision')
    .select('revision')
    .where('id', '=', 1)
    .executeTakeFirstOrThrow();
  return row.revision;
}

export async function bumpPlaceRevision(db: Queryable): Promise<number> {
  const row = await q(db)
    .updateTable('place_revision')
    .set((eb) => ({ revision: eb('revision', '+', 1), updated_at: sql`now()` }))
    .where('id', '=', 1)
    .returning('revision')
    .executeTakeFirstOrThrow();
  return row.revision;
}
