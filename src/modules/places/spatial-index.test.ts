import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { datasetsDir } from '../../shared/paths.js';
import { bboxOf, boundaryContains } from './geometry.js';
import type { Boundary } from './place.js';
import { parseGeoJsonPlaces } from './places.import.js';
import { SpatialIndex, type IndexedBoundary } from './spatial-index.js';

const box = (x0: number, y0: number, x1: number, y1: number): Boundary => ({
  type: 'Polygon',
  coordinates: [
    [
      [x0, y0],
      [x1, y0],
      [x1, y1],
      [x0, y1],
      [x0, y0],
    ],
  ],
});

function demoBuurten(): IndexedBoundary[] {
  return [
    'GM0637-zoetermeer.geojson',
    'GM0796-s-hertogenbosch.geojson',
    'GM0622-vlaardingen.geojson',
  ].flatMap((file) =>
    parseGeoJsonPlaces(file, fs.readFileSync(path.join(datasetsDir, 'cbs', file), 'utf8')).flatMap((p) =>
      p.boundary ? [{ code: p.code, boundary: p.boundary }] : [],
    ),
  );
}

/** A point inside a boundary, found on a fine grid over its bounding box. */
function pointInside(boundary: Boundary): [number, number] | undefined {
  const b = bboxOf(boundary);
  for (let i = 1; i < 40; i++) {
    for (let j = 1; j < 40; j++) {
      const lon = b.minLon + ((b.maxLon - b.minLon) * i) / 40;
      const lat = b.minLat + ((b.maxLat - b.minLat) * j) / 40;
      if (boundaryContains(boundary, lon, lat)) return [lon, lat];
    }
  }
  return undefined;
}

describe('point → buurt: the R-tree narrows, the polygon decides', () => {
  it('finds nothing in an empty index', () => {
    const index = SpatialIndex.build([]);
    expect(index.size).toBe(0);
    expect(index.lookup(4.49, 52.06)).toBeUndefined();
  });

  it('answers by the polygon, not the bounding box', () => {
    // A triangle: its bounding box holds (0.9, 0.9), the triangle does not.
    const triangle: Boundary = {
      type: 'Polygon',
      coordinates: [
        [
          [0, 0],
          [1, 0],
          [0, 1],
          [0, 0],
        ],
      ],
    };
    const index = SpatialIndex.build([{ code: 'BU00010001', boundary: triangle }]);
    expect(index.lookup(0.2, 0.2)).toBe('BU00010001');
    expect(index.lookup(0.9, 0.9)).toBeUndefined();
  });

  it('tells neighbours apart and finds nothing in the gaps', () => {
    const index = SpatialIndex.build([
      { code: 'BU00010001', boundary: box(0, 0, 1, 1) },
      { code: 'BU00010002', boundary: box(1, 0, 2, 1) },
      { code: 'BU00010003', boundary: box(3, 0, 4, 1) },
    ]);
    expect(index.size).toBe(3);
    expect(index.lookup(0.5, 0.5)).toBe('BU00010001');
    expect(index.lookup(1.5, 0.5)).toBe('BU00010002');
    expect(index.lookup(3.5, 0.5)).toBe('BU00010003');
    expect(index.lookup(2.5, 0.5)).toBeUndefined();
    expect(index.lookup(0.5, 1.5)).toBeUndefined();
  });

  it('gives the first boundary in input order where simplified boundaries overlap', () => {
    const a = { code: 'BU00010001', boundary: box(0, 0, 2, 2) };
    const b = { code: 'BU00010002', boundary: box(1, 1, 3, 3) };
    expect(SpatialIndex.build([a, b]).lookup(1.5, 1.5)).toBe('BU00010001');
    expect(SpatialIndex.build([b, a]).lookup(1.5, 1.5)).toBe('BU00010002');
  });

  it('finds the buurt in the hole of another: Kom Vinkel inside Landelijk gebied Vinkel', () => {
    const index = SpatialIndex.build(demoBuurten());
    expect(index.lookup(5.462, 51.704)).toBe('BU07961401');
    expect(index.lookup(5.445, 51.695)).toBe('BU07961499');
  });

  it('finds the demo buurten: Stadscentrum Zoetermeer, and nothing in the North Sea', () => {
    const index = SpatialIndex.build(demoBuurten());
    expect(index.size).toBe(174);
    expect(index.lookup(4.493, 52.0605)).toBe('BU06370002');
    expect(index.lookup(3.5, 52.5)).toBeUndefined();
  });

  it('maps a point inside each of the 174 demo buurten to that buurt', () => {
    const buurten = demoBuurten();
    const index = SpatialIndex.build(buurten);
    const wrong = buurten.flatMap(({ code, boundary }) => {
      const point = pointInside(boundary);
      if (!point) return [`${code}: no inside point found`];
      const found = index.lookup(point[0], point[1]);
      // Where simplified neighbours overlap, the earlier one wins; it must still hold the point.
      const winner = buurten.find((b) => b.code === found);
      return found === code || (winner && boundaryContains(winner.boundary, point[0], point[1]))
        ? []
        : [`${code}: ${String(found)}`];
    });
    expect(wrong).toEqual([]);
  });
});
