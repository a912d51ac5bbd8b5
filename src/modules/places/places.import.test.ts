import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { datasetsDir } from '../../shared/paths.js';
import {
  ImportFileError,
  importFormatOf,
  parseFiguresCsv,
  parseGeoJsonPlaces,
  yearFromFileName,
} from './places.import.js';

const readDataset = (file: string) => fs.readFileSync(path.join(datasetsDir, 'cbs', file), 'utf8');

const ring = (x: number, y: number) => [
  [x, y],
  [x + 0.01, y],
  [x + 0.01, y + 0.01],
  [x, y + 0.01],
  [x, y],
];

interface FeatureSpec {
  code?: string;
  id?: string;
  props?: Record<string, unknown>;
  geometry?: unknown;
}

/** A buurt feature of Zoetermeer that passes every check, changed by `spec`. */
function feature(spec: FeatureSpec = {}) {
  const code = spec.code ?? 'BU06370101';
  return {
    type: 'Feature',
    ...(spec.id ? { id: spec.id } : {}),
    properties: {
      code,
      name: 'Palenstein',
      districtCode: `WK${code.slice(2, 8)}`,
      municipalityCode: `GM${code.slice(2, 6)}`,
      households: 2000,
      inhabitants: 4000,
      year: 2023,
      ...spec.props,
    },
    geometry: spec.geometry ?? { type: 'Polygon', coordinates: [ring(4.48, 52.05)] },
  };
}

const collection = (...features: unknown[]) => JSON.stringify({ type: 'FeatureCollection', features });

/** The problems an import file is refused with, as `where: what` lines. */
function problemsOf(parse: () => unknown): string[] {
  try {
    parse();
  } catch (error) {
    if (error instanceof ImportFileError) return error.problems.map((p) => `${p.where}: ${p.what}`);
    throw error;
  }
  throw new Error('the file was accepted');
}

const geojsonProblems = (content: string) => problemsOf(() => parseGeoJsonPlaces('test.geojson', content));

describe('file type and year come from the file name', () => {
  it('knows GeoJSON and CSV by extension, in any case', () => {
    expect(importFormatOf('GM0637-zoetermeer.geojson')).toBe('geojson');
    expect(importFormatOf('buurten.JSON')).toBe('geojson');
    expect(importFormatOf('kwb-2023-nl.csv')).toBe('csv');
    expect(importFormatOf('kwb-2023.xlsx')).toBeUndefined();
    expect(importFormatOf('geojson')).toBeUndefined();
  });

  it('finds a four-digit year standing on its own', () => {
    expect(yearFromFileName('kwb-2023-nl.csv')).toBe(2023);
    expect(yearFromFileName('2024.csv')).toBe(2024);
    expect(yearFromFileName('figures_2021_final.csv')).toBe(2021);
    expect(yearFromFileName('figures.csv')).toBeUndefined();
    // Part of a longer number is no year.
    expect(yearFromFileName('export-120235.csv')).toBeUndefined();
    expect(yearFromFileName('GM0637-zoetermeer.csv')).toBeUndefined();
  });
});

describe('a CBS GeoJSON file becomes places', () => {
  it('reads the 26 buurten of Zoetermeer with their wijk and gemeente', () => {
    const places = parseGeoJsonPlaces('GM0637-zoetermeer.geojson', readDataset('GM0637-zoetermeer.geojson'));
    expect(places).toHaveLength(26);
    expect(places.every((p) => p.level === 'buurt' && p.municipalityCode === 'GM0637')).toBe(true);
    expect(places.find((p) => p.code === 'BU06370002')).toMatchObject({
      name: 'Stadscentrum',
      parentCode: 'WK063700',
      year: 2023,
      boundary: { type: 'Polygon' },
    });
    expect(places.reduce((sum, p) => sum + (p.households ?? 0), 0)).toBe(56_950);
  });

  it('reads wijken with their gemeente as parent', () => {
    const places = parseGeoJsonPlaces('wijken.geojson', readDataset('GM0796-s-hertogenbosch-wijken.geojson'));
    expect(places).toHaveLength(14);
    expect(places.every((p) => p.level === 'wijk' && p.parentCode === 'GM0796')).toBe(true);
  });

  it('takes the code from the feature id when the properties have none', () => {
    const f = feature({ id: 'BU06370102', props: { code: undefined, districtCode: 'WK063701' } });
    expect(parseGeoJsonPlaces('f.geojson', collection(f))[0]?.code).toBe('BU06370102');
  });

  it('derives the parent when the file does not give it, and keeps Amsterdam letter codes', () => {
    const f = feature({
      code: 'BU0363AA01',
      props: { districtCode: undefined, municipalityCode: undefined },
    });
    expect(parseGeoJsonPlaces('f.geojson', collection(f))[0]).toMatchObject({
      code: 'BU0363AA01',
      parentCode: 'WK0363AA',
      municipalityCode: 'GM0363',
    });
  });

  it('stores empty names and missing counts as null', () => {
    const f = feature({ props: { name: '  ', households: null, inhabitants: undefined } });
    expect(parseGeoJsonPlaces('f.geojson', collection(f))[0]).toMatchObject({
      name: null,
      households: null,
      inhabitants: null,
    });
  });
});

describe('a GeoJSON file with a problem is refused, naming the feature and what is wrong', () => {
  it('refuses text that is not JSON', () => {
    const problems = geojsonProblems('{"type": "FeatureCollection", "features": [');
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^file: is not valid JSON \(/);
  });

  it('refuses JSON that is not a FeatureCollection', () => {
    expect(geojsonProblems(JSON.stringify(feature()))).toEqual(['file: is not a GeoJSON FeatureCollection']);
    expect(geojsonProblems('null')).toEqual(['file: is not a GeoJSON FeatureCollection']);
    expect(geojsonProblems('{"type":"FeatureCollection"}')).toEqual([
      'file: is not a GeoJSON FeatureCollection',
    ]);
  });

  it('refuses a collection without features', () => {
    expect(geojsonProblems(collection())).toEqual(['file: has no features']);
  });

  it('refuses RD New coordinates, saying they must be converted', () => {
    const rd = feature({ geometry: { type: 'Polygon', coordinates: [ring(92000, 450000)] } });
    expect(geojsonProblems(collection(feature({ code: 'BU06370102' }), rd))).toEqual([
      'feature 2 (BU06370101): position [92000, 450000] is not WGS84 longitude/latitude (RD coordinates must be converted first)',
    ]);
  });

  it('refuses an unclosed ring', () => {
    const open = feature({ geometry: { type: 'Polygon', coordinates: [ring(4.48, 52.05).slice(0, 4)] } });
    expect(geojsonProblems(collection(open))).toEqual([
      'feature 1 (BU06370101): ring 1 of polygon 1 is not closed',
    ]);
  });

  it('refuses a feature without geometry', () => {
    const f = { ...feature(), geometry: null };
    expect(geojsonProblems(collection(f))).toEqual(['feature 1 (BU06370101): geometry is missing']);
  });

  it('refuses negative and fractional counts', () => {
    expect(geojsonProblems(collection(feature({ props: { households: -5, inhabitants: 2.5 } })))).toEqual([
      'feature 1 (BU06370101): households must be a whole number of 0 or more (got -5)',
      'feature 1 (BU06370101): inhabitants must be a whole number of 0 or more (got 2.5)',
    ]);
  });

  it('refuses a code that occurs twice', () => {
    expect(geojsonProblems(collection(feature(), feature({ code: 'BU06370102' }), feature()))).toEqual([
      'feature 3 (BU06370101): code BU06370101 occurs twice',
    ]);
  });

  it('refuses a feature without a code, or with a code that is no CBS code', () => {
    expect(
      geojsonProblems(collection(feature({ props: { code: '' } }), feature({ code: 'XX1234' }))),
    ).toEqual([
      'feature 1: has no code',
      'feature 2 (XX1234): code XX1234 is not a CBS gemeente, wijk or buurt code',
    ]);
  });

  it('refuses a missing or impossible year', () => {
    expect(
      geojsonProblems(
        collection(
          feature({ props: { year: undefined } }),
          feature({ code: 'BU06370102', props: { year: 23 } }),
        ),
      ),
    ).toEqual([
      'feature 1 (BU06370101): year must be a year such as 2023',
      'feature 2 (BU06370102): year must be a year such as 2023',
    ]);
  });

  it('refuses a buurt whose wijk belongs to another gemeente', () => {
    expect(geojsonProblems(collection(feature({ props: { districtCode: 'WK059901' } })))).toEqual([
      'feature 1 (BU06370101): parent WK059901 belongs to another gemeente than BU06370101',
    ]);
  });

  it('refuses a buurt whose parent is not a wijk', () => {
    expect(geojsonProblems(collection(feature({ props: { districtCode: 'GM0637' } })))).toEqual([
      'feature 1 (BU06370101): parent GM0637 is not a wijk code',
    ]);
  });

  it('refuses a municipalityCode that contradicts the code', () => {
    expect(geojsonProblems(collection(feature({ props: { municipalityCode: 'GM0599' } })))).toEqual([
      'feature 1 (BU06370101): municipalityCode GM0599 does not match code BU06370101',
    ]);
  });

  it('lists every problem of every feature, and shows the first 20 in its message', () => {
    const features = Array.from({ length: 25 }, (_, i) =>
      feature({ code: `BU063701${String(i).padStart(2, '0')}`, props: { households: -1 } }),
    );
    let error: unknown;
    try {
      parseGeoJsonPlaces('many.geojson', collection(...features));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ImportFileError);
    const importError = error as ImportFileError;
    expect(importError.problems).toHaveLength(25);
    expect(importError.message.split('\n')[0]).toBe('many.geojson was not imported:');
    expect(importError.message).toContain('feature 20 (BU06370119)');
    expect(importError.message).not.toContain('feature 21 ');
    expect(importError.message).toContain('… and 5 more');
  });
});

const HEADER = 'code,name,level,parentCode,municipalityCode,households,inhabitants';
const csvProblems = (...lines: string[]) =>
  problemsOf(() => parseFiguresCsv('figures.csv', `${lines.join('\n')}\n`, 2023));

describe('the CBS figures CSV becomes places without boundaries', () => {
  it('reads the national file: 342 gemeenten, 3,352 wijken and 14,421 buurten', () => {
    const places = parseFiguresCsv('kwb-2023-nl.csv', readDataset('kwb-2023-nl.csv'), 2023);
    const count = (level: string) => places.filter((p) => p.level === level).length;
    expect([count('gemeente'), count('wijk'), count('buurt')]).toEqual([342, 3352, 14421]);
    expect(places.every((p) => p.boundary === null && p.year === 2023)).toBe(true);
    const households = places
      .filter((p) => p.level === 'gemeente')
      .reduce((s, p) => s + (p.households ?? 0), 0);
    expect(households).toBe(8_270_244);
    expect(places.find((p) => p.code === 'BU0363AA01')).toMatchObject({ parentCode: 'WK0363AA', name: null });
    expect(places.find((p) => p.code === 'GM0637')).toMatchObject({ name: 'Zoetermeer', parentCode: null });
  });

  it('accepts a BOM, CRLF line ends, blank lines and empty counts', () => {
    const content = `\uFEFF${HEADER}\r\n\r\nGM0637,Zoetermeer,gemeente,,GM0637,,\r\n`;
    expect(parseFiguresCsv('f.csv', content, 2024)).toEqual([
      {
        code: 'GM0637',
        level: 'gemeente',
        name: 'Zoetermeer',
        parentCode: null,
        municipalityCode: 'GM0637',
        households: null,
        inhabitants: null,
        year: 2024,
        boundary: null,
      },
    ]);
  });
});

describe('a figures CSV with a problem is refused, naming the line (the header is line 1)', () => {
  it('refuses a header without the needed columns', () => {
    expect(csvProblems('code,name,households', 'GM0637,Zoetermeer,5')).toEqual([
      'line 1: the header lacks the column(s) level, inhabitants',
    ]);
  });

  it('refuses an empty file, and a header without rows', () => {
    expect(problemsOf(() => parseFiguresCsv('f.csv', '', 2023))).toEqual(['file: is empty']);
    expect(csvProblems(HEADER)).toEqual(['file: has no rows']);
  });

  it('refuses a row with too few fields', () => {
    const problems = csvProblems(HEADER, 'GM0637,Zoetermeer,gemeente,,GM0637,5');
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^line 2: is not valid CSV/);
  });

  it('refuses a quote that is never closed', () => {
    const problems = csvProblems(
      HEADER,
      'GM0637,"Zoetermeer,gemeente,,GM0637,5,6',
      'GM0599,Rotterdam,gemeente,,GM0599,1,2',
    );
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^line \d+: is not valid CSV \(Quote Not Closed/);
  });

  it('refuses a level that does not match the code', () => {
    expect(
      csvProblems(HEADER, 'GM0637,Zoetermeer,gemeente,,GM0637,5,6', 'WK063701,,buurt,GM0637,GM0637,5,6'),
    ).toEqual(['line 3: level "buurt" does not match code WK063701 (wijk)']);
  });

  it('refuses a parent of another gemeente', () => {
    expect(csvProblems(HEADER, 'BU06370101,,buurt,WK059901,GM0637,5,6')).toEqual([
      'line 2: parent WK059901 belongs to another gemeente than BU06370101',
    ]);
  });

  it('refuses a gemeente with a parent', () => {
    expect(csvProblems(HEADER, 'GM0637,Zoetermeer,gemeente,GM0599,GM0637,5,6')).toEqual([
      'line 2: a gemeente has no parent',
    ]);
  });

  it('refuses negative households, a duplicate code and an unknown code, each on its own line', () => {
    expect(
      csvProblems(
        HEADER,
        'GM0637,Zoetermeer,gemeente,,GM0637,-1,6',
        'WK063701,,wijk,GM0637,GM0637,5,6',
        'WK063701,,wijk,GM0637,GM0637,5,6',
        'NL00,Nederland,land,,,5,6',
      ),
    ).toEqual([
      'line 2: households must be a whole number of 0 or more (got "-1")',
      'line 4: code WK063701 occurs twice',
      'line 5: code "NL00" is not a CBS gemeente, wijk or buurt code',
    ]);
  });

  it('counts a quoted field over two lines when naming later lines', () => {
    expect(
      csvProblems(HEADER, 'GM0637,"Zoeter\nmeer",gemeente,,GM0637,5,6', 'WK063701,,wijk,GM0637,GM0637,x,6'),
    ).toEqual(['line 4: households must be a whole number of 0 or more (got "x")']);
  });
});
