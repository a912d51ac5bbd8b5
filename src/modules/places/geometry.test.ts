import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { datasetsDir } from '../../shared/paths.js';
import {
  bboxOf,
  boundaryContains,
  boundaryProblem,
  mergeBBoxes,
  polygonsOf,
  project,
  signedArea,
} from './geometry.js';
import type { Boundary, Ring } from './place.js';

const square = (x0: number, y0: number, x1: number, y1: number): Ring => [
  [x0, y0],
  [x1, y0],
  [x1, y1],
  [x0, y1],
  [x0, y0],
];
const clockwise = (ring: Ring): Ring => [...ring].reverse();

const unitSquare: Boundary = { type: 'Polygon', coordinates: [square(0, 0, 1, 1)] };
const squareWithHole: Boundary = {
  type: 'Polygon',
  coordinates: [square(0, 0, 10, 10), clockwise(square(4, 4, 6, 6))],
};
const twoIslands: Boundary = {
  type: 'MultiPolygon',
  coordinates: [[square(0, 0, 1, 1)], [square(5, 5, 7, 8)]],
};

function featureBoundary(file: string, code: string): Boundary {
  const collection = JSON.parse(fs.readFileSync(path.join(datasetsDir, 'cbs', file), 'utf8')) as {
    features: { id: string; geometry: Boundary }[];
  };
  const feature = collection.features.find((f) => f.id === code);
  if (!feature) throw new Error(`${code} not in ${file}`);
  return feature.geometry;
}

describe('a point lies in a boundary: inside an exterior ring and outside its holes', () => {
  it('finds points inside and outside a plain polygon', () => {
    expect(boundaryContains(unitSquare, 0.5, 0.5)).toBe(true);
    expect(boundaryContains(unitSquare, 1.5, 0.5)).toBe(false);
    expect(boundaryContains(unitSquare, 0.5, -0.1)).toBe(false);
  });

  it('leaves out the hole of a polygon', () => {
    expect(boundaryContains(squareWithHole, 2, 2)).toBe(true);
    expect(boundaryContains(squareWithHole, 5, 5)).toBe(false);
    expect(boundaryContains(squareWithHole, 8, 5)).toBe(true);
  });

  it('looks in every polygon of a MultiPolygon', () => {
    expect(boundaryContains(twoIslands, 0.5, 0.5)).toBe(true);
    expect(boundaryContains(twoIslands, 6, 7)).toBe(true);
    expect(boundaryContains(twoIslands, 3, 3)).toBe(false);
  });

  it('handles concave rings', () => {
    // A U shape: the notch between the arms is outside.
    const u: Boundary = {
      type: 'Polygon',
      coordinates: [
        [
          [0, 0],
          [3, 0],
          [3, 3],
          [2, 3],
          [2, 1],
          [1, 1],
          [1, 3],
          [0, 3],
          [0, 0],
        ],
      ],
    };
    expect(boundaryContains(u, 1.5, 2)).toBe(false);
    expect(boundaryContains(u, 0.5, 2)).toBe(true);
    expect(boundaryContains(u, 2.5, 2)).toBe(true);
    expect(boundaryContains(u, 1.5, 0.5)).toBe(true);
  });

  it("puts Kom Vinkel (BU07961401) in the hole of Landelijk gebied Vinkel (BU07961499), 's-Hertogenbosch", () => {
    const file = 'GM0796-s-hertogenbosch.geojson';
    const landelijk = featureBoundary(file, 'BU07961499');
    const kom = featureBoundary(file, 'BU07961401');
    expect(polygonsOf(landelijk)[0]).toHaveLength(2);
    const inVillage = { lon: 5.462, lat: 51.704 };
    const inCountryside = { lon: 5.445, lat: 51.695 };

    expect(boundaryContains(kom, inVillage.lon, inVillage.lat)).toBe(true);
    expect(boundaryContains(landelijk, inVillage.lon, inVillage.lat)).toBe(false);
    // Only the hole keeps the village out: the exterior ring alone contains it.
    const exteriorOnly: Boundary = { type: 'Polygon', coordinates: [polygonsOf(landelijk)[0]![0]!] };
    expect(boundaryContains(exteriorOnly, inVillage.lon, inVillage.lat)).toBe(true);

    expect(boundaryContains(landelijk, inCountryside.lon, inCountryside.lat)).toBe(true);
    expect(boundaryContains(kom, inCountryside.lon, inCountryside.lat)).toBe(false);
  });
});

describe('the bounding box covers the exterior rings', () => {
  it('spans a polygon', () => {
    expect(bboxOf(squareWithHole)).toEqual({ minLon: 0, minLat: 0, maxLon: 10, maxLat: 10 });
  });

  it('spans every polygon of a MultiPolygon', () => {
    expect(bboxOf(twoIslands)).toEqual({ minLon: 0, minLat: 0, maxLon: 7, maxLat: 8 });
  });

  it('merges boxes, and gives none for nothing', () => {
    expect(mergeBBoxes([])).toBeUndefined();
    const a = { minLon: 0, minLat: 1, maxLon: 2, maxLat: 3 };
    expect(mergeBBoxes([a, { minLon: -1, minLat: 2, maxLon: 1, maxLat: 5 }])).toEqual({
      minLon: -1,
      minLat: 1,
      maxLon: 2,
      maxLat: 5,
    });
    const merged = mergeBBoxes([a]);
    expect(merged).toEqual(a);
    expect(merged).not.toBe(a);
  });
});

describe('ring orientation (RFC 7946: exteriors counter-clockwise, holes clockwise)', () => {
  it('gives counter-clockwise rings a positive area', () => {
    expect(signedArea(square(0, 0, 2, 3))).toBe(6);
    expect(signedArea(clockwise(square(0, 0, 2, 3)))).toBe(-6);
  });

  it('holds for the shipped Vinkel buurt and its hole', () => {
    const [exterior, hole] = polygonsOf(featureBoundary('GM0796-s-hertogenbosch.geojson', 'BU07961499'))[0]!;
    expect(signedArea(exterior!)).toBeGreaterThan(0);
    expect(signedArea(hole!)).toBeLessThan(0);
  });
});

describe('a geometry is refused as a boundary with the reason', () => {
  it('accepts closed WGS84 Polygons and MultiPolygons', () => {
    expect(boundaryProblem(unitSquare)).toBeUndefined();
    expect(boundaryProblem(squareWithHole)).toBeUndefined();
    expect(boundaryProblem(twoIslands)).toBeUndefined();
    // A third value (altitude) in a position is allowed by RFC 7946.
    expect(
      boundaryProblem({ type: 'Polygon', coordinates: [square(4, 52, 5, 53).map(([x, y]) => [x, y, 0])] }),
    ).toBeUndefined();
  });

  it.each([
    ['no geometry', null, 'geometry is missing'],
    [
      'a point',
      { type: 'Point', coordinates: [4.5, 52] },
      'geometry type Point is not Polygon or MultiPolygon',
    ],
    ['no type', { coordinates: [] }, 'geometry type undefined is not Polygon or MultiPolygon'],
    ['no coordinates', { type: 'Polygon' }, 'geometry has no coordinates'],
    ['empty coordinates', { type: 'Polygon', coordinates: [] }, 'geometry has no coordinates'],
    ['a polygon without rings', { type: 'MultiPolygon', coordinates: [[]] }, 'polygon 1 has no rings'],
    [
      'a ring of three positions',
      {
        type: 'Polygon',
        coordinates: [
          [
            [0, 0],
            [1, 0],
            [0, 0],
          ],
        ],
      },
      'ring 1 of polygon 1 has fewer than 4 positions',
    ],
    [
      'a position that is a string',
      {
        type: 'Polygon',
        coordinates: [
          [
            [0, 0],
            [1, 0],
            ['1', 1],
            [0, 0],
          ],
        ],
      },
      'ring 1 of polygon 1 has a position that is not [lon, lat]',
    ],
    [
      'a position with NaN',
      {
        type: 'Polygon',
        coordinates: [
          [
            [0, 0],
            [1, 0],
            [NaN, 1],
            [0, 0],
          ],
        ],
      },
      'ring 1 of polygon 1 has a position that is not [lon, lat]',
    ],
    [
      'an unclosed ring',
      {
        type: 'Polygon',
        coordinates: [
          [
            [0, 0],
            [1, 0],
            [1, 1],
            [0, 1],
          ],
        ],
      },
      'ring 1 of polygon 1 is not closed',
    ],
    [
      'an unclosed hole in the second polygon',
      {
        type: 'MultiPolygon',
        coordinates: [[square(0, 0, 1, 1)], [square(5, 5, 9, 9), square(6, 6, 7, 7).slice(0, 4)]],
      },
      'ring 2 of polygon 2 is not closed',
    ],
  ])('refuses %s', (_case, geometry, problem) => {
    expect(boundaryProblem(geometry)).toBe(problem);
  });

  it('explains that RD New coordinates must be converted to WGS84 first', () => {
    // Zoetermeer in RD New (EPSG:28992): metres, not degrees.
    const rd = { type: 'Polygon', coordinates: [square(92000, 450000, 93000, 451000)] };
    expect(boundaryProblem(rd)).toBe(
      'position [92000, 450000] is not WGS84 longitude/latitude (RD coordinates must be converted first)',
    );
  });
});

describe('Web Mercator projection to the unit square', () => {
  it('maps (0, 0) to the centre and the antimeridian to the edges', () => {
    expect(project(0, 0)).toEqual({ x: 0.5, y: 0.5 });
    expect(project(-180, 0).x).toBe(0);
    expect(project(180, 0).x).toBe(1);
  });

  it('puts the north above the south (smaller y)', () => {
    expect(project(5, 53).y).toBeLessThan(project(5, 51).y);
  });
});
