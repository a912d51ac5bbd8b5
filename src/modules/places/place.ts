/**
 * Places: the CBS hierarchy gemeente (GM0599) → wijk (WK059901) → buurt (BU05990110).
 * Codes are strings: Amsterdam's contain letters (WK0363AA, BU0363AA01).
 */
import type { PlaceLevel } from '../../shared/place-codes.js';

export type { PlaceLevel } from '../../shared/place-codes.js';
export {
  levelOfCode,
  municipalityCodeOf,
  normalizePlaceCode,
  parentCodeOf,
  PLACE_LEVELS,
} from '../../shared/place-codes.js';

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

/** What a person sees as the place's name: its name, or its code where CBS gave none. */
export function displayName(place: Pick<Place, 'name' | 'code'>): string {
  return place.name ?? place.code;
}
