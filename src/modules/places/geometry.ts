import type { BBox, Boundary, Position, Ring } from './place.js';

/** The polygons of a boundary, each as rings: the first exterior, the others holes. */
export function polygonsOf(boundary: Boundary): Ring[][] {
  return boundary.type === 'Polygon' ? [boundary.coordinates] : boundary.coordinates;
}

export function bboxOf(boundary: Boundary): BBox {
  let minLon = Infinity;
  let minLat = Infinity;
  let maxLon = -Infinity;
  let maxLat = -Infinity;
  for (const polygon of polygonsOf(boundary)) {
    for (const [lon, lat] of polygon[0] ?? []) {
      if (lon < minLon) minLon = lon;
      if (lon > maxLon) maxLon = lon;
      if (lat < minLat) minLat = lat;
      if (lat > maxLat) maxLat = lat;
    }
  }
  return { minLon, minLat, maxLon, maxLat };
}

export function mergeBBoxes(boxes: Iterable<BBox>): BBox | undefined {
  let merged: BBox | undefined;
  for (const b of boxes) {
    merged = merged
      ? {
          minLon: Math.min(merged.minLon, b.minLon),
          minLat: Math.min(merged.minLat, b.minLat),
          maxLon: Math.max(merged.maxLon, b.maxLon),
          maxLat: Math.max(merged.maxLat, b.maxLat),
        }
      : { ...b };
  }
  return merged;
}

/** Even-odd ray casting; a point exactly on an edge may fall either side. */
function ringContains(ring: Ring, lon: number, lat: number): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const a = ring[i];
    const b = ring[j];
    if (!a || !b) continue;
    if (a[1] > lat !== b[1] > lat && lon < ((b[0] - a[0]) * (lat - a[1])) / (b[1] - a[1]) + a[0]) {
      inside = !inside;
    }
  }
  return inside;
}

/** Whether the point lies in the boundary: inside an exterior ring and outside its holes. */
export function boundaryContains(boundary: Boundary, lon: number, lat: number): boolean {
  for (const polygon of polygonsOf(boundary)) {
    const [exterior, ...holes] = polygon;
    if (exterior && ringContains(exterior, lon, lat) && !holes.some((h) => ringContains(h, lon, lat))) {
      return true;
    }
  }
  return false;
}

/** Signed area (shoelace) in degrees²: positive for counter-clockwise rings. */
export function signedArea(ring: Ring): number {
  let sum = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const a = ring[i];
    const b = ring[j];
    if (a && b) sum += (b[0] - a[0]) * (b[1] + a[1]);
  }
  return sum / 2;
}

/**
 * Describes what is wrong with a GeoJSON geometry as a boundary, or returns undefined when it
 * is a valid WGS84 (Multi)Polygon: closed rings of at least four positions within lon/lat range.
 */
export function boundaryProblem(geometry: unknown): string | undefined {
  if (typeof geometry !== 'object' || geometry === null) return 'geometry is missing';
  const g = geometry as { type?: unknown; coordinates?: unknown };
  if (g.type !== 'Polygon' && g.type !== 'MultiPolygon') {
    return `geometry type ${String(g.type)} is not Polygon or MultiPolygon`;
  }
  if (!Array.isArray(g.coordinates) || g.coordinates.length === 0) return 'geometry has no coordinates';
  const polygons: unknown[] = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
  for (const [p, polygon] of polygons.entries()) {
    if (!Array.isArray(polygon) || polygon.length === 0) return `polygon ${p + 1} has no rings`;
    for (const [r, ring] of polygon.entries()) {
      if (!Array.isArray(ring) || ring.length < 4) {
        return `ring ${r + 1} of polygon ${p + 1} has fewer than 4 positions`;
      }
      for (const position of ring) {
        if (
          !Array.isArray(position) ||
          position.length < 2 ||
          typeof position[0] !== 'number' ||
          typeof position[1] !== 'number' ||
          !Number.isFinite(position[0]) ||
          !Number.isFinite(position[1])
        ) {
          return `ring ${r + 1} of polygon ${p + 1} has a position that is not [lon, lat]`;
        }
        if (Math.abs(position[0]) > 180 || Math.abs(position[1]) > 90) {
          return `position [${position[0]}, ${position[1]}] is not WGS84 longitude/latitude (RD coordinates must be converted first)`;
        }
      }
      const first = ring[0] as Position;
      const last = ring[ring.length - 1] as Position;
      if (first[0] !== last[0] || first[1] !== last[1]) {
        return `ring ${r + 1} of polygon ${p + 1} is not closed`;
      }
    }
  }
  return undefined;
}

/** Web Mercator projection (EPSG:3857) in units of the unit square: what map tiles use. */
export function project(lon: number, lat: number): { x: number; y: number } {
  const sin = Math.sin((lat * Math.PI) / 180);
  return {
    x: (lon + 180) / 360,
    y: 0.5 - Math.log((1 + sin) / (1 - sin)) / (4 * Math.PI),
  };
}
