/**
 * Places: the CBS hierarchy gemeente (GM0599) → wijk (WK059901) → buurt (BU05990110).
 * Codes are strings: Amsterdam's contain letters (WK0363AA, BU0363AA01).
 */
export type PlaceLevel = 'gemeente' | 'wijk' | 'buurt';

export const PLACE_LEVELS: readonly PlaceLevel[] = ['gemeente', 'wijk', 'buurt'];

export type Position = [lon: number, lat: number];
export type Ring = Position[];

/** A boundary in WGS84, as GeoJSON (RFC 7946) geometry. */
export type Boundary =
  { type: 'Polygon'; coordinates: Ring[] } | { type: 'MultiPolygon'; coordinates: Ring[][] };

export interface BBox {
  minLon: number;
  minLat: number;
  maxLon: number;
  maxLat: number;
}

/** A place as other code sees it. `name` is null where CBS gave none; show the code then. */
export interface Place {
  code: string;
  level: PlaceLevel;
  name: string | null;
  parentCode: string | null;
  municipalityCode: string;
  households: number | null;
  inhabitants: number | null;
  year: number;
  hasBoundary: boolean;
}

/** A place with what its page and API show around it. */
export interface PlaceDetail extends Place {
  parent: Place | null;
  municipality: Place;
  children: Place[];
}

/** What an import writes for one place; missing fields keep what the database has. */
export interface PlaceInput {
  code: string;
  level: PlaceLevel;
  name: string | null;
  parentCode: string | null;
  municipalityCode: string;
  households: number | null;
  inhabitants: number | null;
  year: number;
  boundary: Boundary | null;
}

const CODE_PATTERNS: Record<PlaceLevel, RegExp> = {
  gemeente: /^GM[0-9]{4}$/,
  wijk: /^WK[0-9]{4}[0-9A-Z]{2}$/,
  buurt: /^BU[0-9]{4}[0-9A-Z]{4}$/,
};

/** The level a CBS code belongs to, or undefined when it is no valid place code. */
export function levelOfCode(code: string): PlaceLevel | undefined {
  return PLACE_LEVELS.find((level) => CODE_PATTERNS[level].test(code));
}

/** Normalises user input (`bu 0637 0101` → `BU06370101`); undefined when it is no place code. */
export function normalizePlaceCode(input: string): string | undefined {
  const code = input.replace(/\s+/g, '').toUpperCase();
  return levelOfCode(code) ? code : undefined;
}

/** The parent's code derived from the CBS code structure: BU GGGG WW BB → WK GGGG WW → GM GGGG. */
export function parentCodeOf(code: string): string | null {
  const level = levelOfCode(code);
  if (level === 'buurt') return `WK${code.slice(2, 8)}`;
  if (level === 'wijk') return `GM${code.slice(2, 6)}`;
  return null;
}

/** The gemeente a code belongs to. */
export function municipalityCodeOf(code: string): string {
  return `GM${code.slice(2, 6)}`;
}

/** What a person sees as the place's name: its name, or its code where CBS gave none. */
export function displayName(place: Pick<Place, 'name' | 'code'>): string {
  return place.name ?? place.code;
}
