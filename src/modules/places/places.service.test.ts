import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../test/helpers/database.js';
import type { Database, Db } from '../../db/database.js';
import { datasetsDir } from '../../shared/paths.js';
import { ImportFileError } from './places.import.js';
import { readPlaceRevision } from './places.repository.js';
import {
  getPlaceDetail,
  importPlaces,
  importPlacesFile,
  loadDemoPlacesIfEmpty,
  PlaceIndex,
  readPlacesFile,
} from './places.service.js';

let database: Database;
let db: Db;
let tmp: string;

// One database for the file: each test either leaves it as it was (a refused file) or adds the
// made-up gemeente GM9999, which is removed after it; what a test asserts is relative to what it
// found, or is the demo places that every test leaves alone.
beforeAll(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'buurtkracht-places-'));
  database = await createTestDatabase();
  db = database.db;
});
afterAll(async () => {
  await database.close();
  await fs.rm(tmp, { recursive: true, force: true });
});
afterEach(async () => {
  await sql`delete from place where municipality_code = 'GM9999'`.execute(db);
});

const dataset = (file: string) => path.join(datasetsDir, 'cbs', file);

async function writeTemp(name: string, content: string): Promise<string> {
  const file = path.join(tmp, name);
  await fs.writeFile(file, content);
  return file;
}

/**
 * Buurten of a made-up gemeente GM9999 in the Wadden Sea, far from the demo places: a grid of
 * `count` squares of 0.01°, ten wijken wide.
 */
function syntheticBuurten(count: number, overrides: (i: number) => Record<string, unknown> = () => ({})) {
  const features = Array.from({ length: count }, (_, i) => {
    const wijk = String(Math.floor(i / 100)).padStart(2, '0');
    const code = `BU9999${wijk}${String(i % 100).padStart(2, '0')}`;
    const x = 5.0 + (i % 40) * 0.01;
    const y = 53.3 + Math.floor(i / 40) * 0.01;
    return {
      type: 'Feature',
      id: code,
      properties: {
        code,
        name: `Testbuurt ${i}`,
        districtCode: `WK9999${wijk}`,
        municipalityCode: 'GM9999',
        households: 100 + i,
        inhabitants: 200 + i,
        year: 2023,
        ...overrides(i),
      },
      geometry: {
        type: 'Polygon',
        coordinates: [
          [
            [x, y],
            [x + 0.01, y],
            [x + 0.01, y + 0.01],
            [x, y + 0.01],
            [x, y],
          ],
        ],
      },
    };
  });
  return JSON.stringify({ type: 'FeatureCollection', features });
}

/** Everything an import may write, in a stable order; `updated_at` is left out on purpose. */
async function snapshot(): Promise<unknown[]> {
  const { rows } = await sql`
    select code, level, name, parent_code, municipality_code, households, inhabitants, year,
           boundary::text as boundary, min_lon, min_lat, max_lon, max_lat
    from place order by code`.execute(db);
  return rows;
}

async function countWhere(condition: ReturnType<typeof sql>): Promise<number> {
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from place where ${condition}`.execute(
    db,
  );
  return rows[0]?.n ?? 0;
}

describe('importing a file again changes nothing', () => {
  it('adds the places of a new file once; the second import adds and changes none', async () => {
    const file = await writeTemp('GM9999-test.geojson', syntheticBuurten(12));
    const before = await countWhere(sql`true`);
    const revision = await readPlaceRevision(db);

    const first = await importPlacesFile(db, file);
    expect(first).toEqual({
      file: 'GM9999-test.geojson',
      places: 12,
      byLevel: { gemeente: 0, wijk: 0, buurt: 12 },
    });
    // The 12 buurten, plus their wijk and gemeente, created with their codes only.
    expect(await countWhere(sql`true`)).toBe(before + 14);
    expect(await countWhere(sql`code in ('GM9999', 'WK999900')`)).toBe(2);
    const afterFirst = await snapshot();

    await importPlacesFile(db, file);
    expect(await snapshot()).toEqual(afterFirst);
    expect(await countWhere(sql`code like '%9999%'`)).toBe(14);
    // Each import bumps the revision, so every app process rebuilds its index.
    expect(await readPlaceRevision(db)).toBe(revision + 2);
  });

  it('leaves the demo database as it was when a demo file is imported again', async () => {
    const before = await snapshot();
    const result = await importPlacesFile(db, dataset('GM0637-zoetermeer.geojson'));
    expect(result.byLevel).toEqual({ gemeente: 0, wijk: 0, buurt: 26 });
    expect(await snapshot()).toEqual(before);
  });
});

describe('a refused file leaves the database exactly as it was', () => {
  it('refuses a file with one bad feature among good ones, naming it, and writes none of it', async () => {
    const file = await writeTemp(
      'GM9999-bad.geojson',
      syntheticBuurten(30, (i) => (i === 17 ? { households: -1 } : {})),
    );
    const before = await snapshot();
    const revision = await readPlaceRevision(db);

    const error = await importPlacesFile(db, file).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImportFileError);
    expect((error as Error).message).toBe(
      'GM9999-bad.geojson was not imported:\n' +
        '  feature 18 (BU99990017): households must be a whole number of 0 or more (got -1)',
    );
    expect(await snapshot()).toEqual(before);
    expect(await readPlaceRevision(db)).toBe(revision);
  });

  it('refuses a CSV with a bad line and writes none of its good lines', async () => {
    const file = await writeTemp(
      'figures-2024.csv',
      [
        'code,name,level,parentCode,municipalityCode,households,inhabitants',
        'GM0637,Zoetermeer,gemeente,,GM0637,1,2',
        'BU06370002,,buurt,WK063700,GM0637,1,2',
        'BU06370003,,buurt,WK059900,GM0637,1,2',
      ].join('\n'),
    );
    const before = await snapshot();
    await expect(importPlacesFile(db, file)).rejects.toThrow(
      'line 4: parent WK059900 belongs to another gemeente than BU06370003',
    );
    expect(await snapshot()).toEqual(before);
  });

  it('rolls back the whole file when writing fails half-way', async () => {
    const places = await readPlacesFile(await writeTemp('GM9999-big.geojson', syntheticBuurten(1200)));
    const revision = await readPlaceRevision(db);
    const before = await snapshot();
    const batches: number[] = [];

    const failing = importPlaces(db, 'GM9999-big.geojson', places, (done) => {
      batches.push(done);
      // The first batch of 500 is written by now; fail as a lost connection or a full disk would.
      throw new Error('disk full');
    });
    await expect(failing).rejects.toThrow('disk full');
    expect(batches).toEqual([500]);
    expect(await countWhere(sql`municipality_code = 'GM9999'`)).toBe(0);
    expect(await snapshot()).toEqual(before);
    expect(await readPlaceRevision(db)).toBe(revision);

    // And the same file, written without interruption, goes in whole.
    const progress: number[] = [];
    await importPlaces(db, 'GM9999-big.geojson', places, (done, total) => progress.push(done / total));
    expect(progress.at(-1)).toBe(1);
    expect(await countWhere(sql`municipality_code = 'GM9999' and level = 'buurt'`)).toBe(1200);
  });
});

describe('a figures CSV keeps the names and boundaries a GeoJSON import set', () => {
  it('updates the figures and year, and keeps name and boundary, of a demo buurt', async () => {
    const file = await writeTemp(
      'kwb-2024-part.csv',
      [
        'code,name,level,parentCode,municipalityCode,households,inhabitants',
        'GM0637,Zoetermeer,gemeente,,GM0637,57000,127500',
        'WK063700,,wijk,GM0637,GM0637,,',
        'BU06370002,,buurt,WK063700,GM0637,4321,8765',
      ].join('\n'),
    );
    const before = await getPlaceDetail(db, 'BU06370002');
    expect(before).toMatchObject({ name: 'Stadscentrum', hasBoundary: true, year: 2023 });

    await importPlacesFile(db, file);
    const after = await getPlaceDetail(db, 'BU06370002');
    expect(after).toMatchObject({
      name: 'Stadscentrum',
      hasBoundary: true,
      households: 4321,
      inhabitants: 8765,
      year: 2024,
    });
    // Empty figures in the CSV keep the stored ones too.
    expect((await getPlaceDetail(db, 'WK063700')).households).toBe(before.parent?.households);
  });

  it('keeps all 174 demo boundaries and names when the national figures are imported again', async () => {
    const named = sql`boundary is not null and name is not null`;
    expect(await countWhere(named)).toBe(174 + 31);
    const result = await importPlacesFile(db, dataset('kwb-2023-nl.csv'));
    expect(result.byLevel).toEqual({ gemeente: 342, wijk: 3352, buurt: 14421 });
    expect(await countWhere(named)).toBe(174 + 31);
    expect(await countWhere(sql`true`)).toBe(18_115);
  });
});

describe('a running app sees an import without a restart', () => {
  const point = { lon: 5.005, lat: 53.305 };

  it('finds a newly imported buurt once the revision moved', async () => {
    const index = new PlaceIndex(db, 0);
    await index.refresh();
    const demoSize = index.size;
    expect(await index.lookup(point.lon, point.lat)).toBeUndefined();

    await importPlacesFile(db, await writeTemp('GM9999-index.geojson', syntheticBuurten(5)));
    expect(await index.lookup(point.lon, point.lat)).toBe('BU99990000');
    expect(index.size).toBe(demoSize + 5);
  });

  it('keeps its index for its time-to-live, or until refreshed', async () => {
    const index = new PlaceIndex(db, 60_000);
    await index.refresh();
    await importPlacesFile(db, await writeTemp('GM9999-ttl.geojson', syntheticBuurten(5)));
    expect(await index.lookup(point.lon, point.lat)).toBeUndefined();
    await index.refresh();
    expect(await index.lookup(point.lon, point.lat)).toBe('BU99990000');
  });
});

describe('a file is checked completely before anything is written', () => {
  it('refuses an unknown file type', async () => {
    await expect(readPlacesFile(await writeTemp('places.xlsx', 'x'))).rejects.toThrow(
      'places.xlsx was not imported:\n  file: has an unknown type: use a .geojson (or .json) or a .csv file',
    );
  });

  it('refuses a file that is not there', async () => {
    await expect(readPlacesFile(path.join(tmp, 'missing.geojson'))).rejects.toThrow(
      /missing\.geojson was not imported:\n {2}file: cannot be read \(ENOENT/,
    );
  });

  it('asks for the year of a CSV whose name has none', async () => {
    const file = await writeTemp(
      'figures.csv',
      'code,name,level,parentCode,municipalityCode,households,inhabitants\nGM0637,Zoetermeer,gemeente,,GM0637,1,2\n',
    );
    await expect(readPlacesFile(file)).rejects.toThrow('give the year of the figures with --year');
    expect(await readPlacesFile(file, 2022)).toMatchObject([{ code: 'GM0637', year: 2022 }]);
  });
});

describe('the demo places load only into an empty database', () => {
  it('loads nothing when places are there', async () => {
    const before = await readPlaceRevision(db);
    expect(await loadDemoPlacesIfEmpty(db, datasetsDir)).toEqual([]);
    expect(await readPlaceRevision(db)).toBe(before);
  });
});
