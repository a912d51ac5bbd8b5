import { parse as parseCsv } from 'csv-parse/sync';
import { boundaryProblem } from './geometry.js';
import {
  levelOfCode,
  municipalityCodeOf,
  parentCodeOf,
  type Boundary,
  type PlaceInput,
  type PlaceLevel,
} from './place.js';

/** One thing wrong in an import file, located by line (CSV) or feature (GeoJSON). */
export interface ImportProblem {
  /** `line 12` or `feature 3 (BU06370101)`. */
  where: string;
  what: string;
}

/** An import file that is refused as a whole; nothing of it is written. */
export class ImportFileError extends Error {
  constructor(
    readonly file: string,
    readonly problems: readonly ImportProblem[],
  ) {
    const shown = problems.slice(0, 20).map((p) => `  ${p.where}: ${p.what}`);
    const more = problems.length > 20 ? [`  … and ${problems.length - 20} more`] : [];
    super([`${file} was not imported:`, ...shown, ...more].join('\n'));
    this.name = 'ImportFileError';
  }
}

export type ImportFormat = 'geojson' | 'csv';

/** The format by file name: `.geojson`/`.json` or `.csv`. */
export function importFormatOf(fileName: string): ImportFormat | undefined {
  if (/\.(geo)?json$/i.test(fileName)) return 'geojson';
  if (/\.csv$/i.test(fileName)) return 'csv';
  return undefined;
}

/** A four-digit year in the file name (`kwb-2023-nl.csv` → 2023). */
export function yearFromFileName(fileName: string): number | undefined {
  const match = /(?:^|[^0-9])(20[0-9]{2})(?:[^0-9]|$)/.exec(fileName);
  return match?.[1] ? Number(match[1]) : undefined;
}

function countOrNull(value: unknown, field: string, problems: string[]): number | null {
  if (value === null || value === undefined || value === '') return null;
  const n = typeof value === 'number' ? value : Number(value);
  if (!Number.isInteger(n) || n < 0) {
    problems.push(`${field} must be a whole number of 0 or more (got ${JSON.stringify(value)})`);
    return null;
  }
  return n;
}

/**
 * Checks the relations a code implies: a buurt's parent is a wijk of the same gemeente, a
 * wijk's parent its gemeente. Returns the parent code to store.
 */
function checkedParent(
  code: string,
  level: PlaceLevel,
  givenParent: string | null,
  givenMunicipality: string | null,
  problems: string[],
): string | null {
  const derived = parentCodeOf(code);
  if (givenMunicipality !== null && givenMunicipality !== municipalityCodeOf(code)) {
    problems.push(`municipalityCode ${givenMunicipality} does not match code ${code}`);
  }
  if (givenParent === null) return derived;
  const parentLevel = levelOfCode(givenParent);
  const expected: PlaceLevel | undefined =
    level === 'buurt' ? 'wijk' : level === 'wijk' ? 'gemeente' : undefined;
  if (expected === undefined) {
    problems.push('a gemeente has no parent');
    return null;
  }
  if (parentLevel !== expected) {
    problems.push(`parent ${givenParent} is not a ${expected} code`);
  } else if (municipalityCodeOf(givenParent) !== municipalityCodeOf(code)) {
    problems.push(`parent ${givenParent} belongs to another gemeente than ${code}`);
  }
  return givenParent;
}

function text(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const trimmed = value.trim();
  return trimmed === '' ? null : trimmed;
}

/**
 * Parses a CBS buurt or wijk GeoJSON FeatureCollection (WGS84). Every problem is collected,
 * each naming its feature; any problem refuses the whole file.
 */
export function parseGeoJsonPlaces(fileName: string, content: string): PlaceInput[] {
  let json: unknown;
  try {
    json = JSON.parse(content);
  } catch (error) {
    throw new ImportFileError(fileName, [
      { where: 'file', what: `is not valid JSON (${(error as Error).message})` },
    ]);
  }
  const collection = json as { type?: unknown; features?: unknown };
  if (collection?.type !== 'FeatureCollection' || !Array.isArray(collection.features)) {
    throw new ImportFileError(fileName, [{ where: 'file', what: 'is not a GeoJSON FeatureCollection' }]);
  }
  const result: PlaceInput[] = [];
  const problems: ImportProblem[] = [];
  const seen = new Set<string>();
  collection.features.forEach((feature: unknown, index) => {
    const f = (feature ?? {}) as { id?: unknown; properties?: unknown; geometry?: unknown };
    const props = (typeof f.properties === 'object' && f.properties !== null ? f.properties : {}) as Record<
      string,
      unknown
    >;
    const code = text(props.code) ?? text(f.id);
    const where = `feature ${index + 1}${code ? ` (${code})` : ''}`;
    const featureProblems: string[] = [];
    const level = code ? levelOfCode(code) : undefined;
    if (!code) featureProblems.push('has no code');
    else if (!level) featureProblems.push(`code ${code} is not a CBS gemeente, wijk or buurt code`);
    else if (seen.has(code)) featureProblems.push(`code ${code} occurs twice`);
    const geometryProblem = boundaryProblem(f.geometry);
    if (geometryProblem) featureProblems.push(geometryProblem);
    const households = countOrNull(props.households, 'households', featureProblems);
    const inhabitants = countOrNull(props.inhabitants, 'inhabitants', featureProblems);
    const year = props.year === undefined ? undefined : Number(props.year);
    if (year === undefined || !Number.isInteger(year) || year < 1990 || year > 2100) {
      featureProblems.push('year must be a year such as 2023');
    }
    let parentCode: string | null = null;
    if (code && level) {
      seen.add(code);
      const givenParent =
        level === 'buurt' ? text(props.districtCode) : level === 'wijk' ? text(props.municipalityCode) : null;
      parentCode = checkedParent(code, level, givenParent, text(props.municipalityCode), featureProblems);
    }
    if (featureProblems.length > 0 || !code || !level || year === undefined) {
      for (const what of featureProblems) problems.push({ where, what });
      return;
    }
    result.push({
      code,
      level,
      name: text(props.name),
      parentCode,
      municipalityCode: municipalityCodeOf(code),
      households,
      inhabitants,
      year,
      boundary: f.geometry as Boundary,
    });
  });
  if (problems.length > 0) throw new ImportFileError(fileName, problems);
  if (result.length === 0) {
    throw new ImportFileError(fileName, [{ where: 'file', what: 'has no features' }]);
  }
  return result;
}

const CSV_COLUMNS = ['code', 'level', 'households', 'inhabitants'] as const;

/**
 * Parses the CBS figures CSV (`code,name,level,parentCode,municipalityCode,households,inhabitants`).
 * Line numbers count the header as line 1. Any problem refuses the whole file.
 */
export function parseFiguresCsv(fileName: string, content: string, year: number): PlaceInput[] {
  let records: { record: Record<string, string>; info: { lines: number } }[];
  // Kept apart from the records so that a file with a header but no rows is told so.
  let header: string[] | undefined;
  try {
    records = parseCsv(content, {
      columns: (names: string[]) => (header = names),
      bom: true,
      skip_empty_lines: true,
      info: true,
      trim: true,
    }) as { record: Record<string, string>; info: { lines: number } }[];
  } catch (error) {
    const e = error as { message: string; lines?: number };
    throw new ImportFileError(fileName, [
      { where: e.lines ? `line ${e.lines}` : 'file', what: `is not valid CSV (${e.message})` },
    ]);
  }
  if (!header) throw new ImportFileError(fileName, [{ where: 'file', what: 'is empty' }]);
  const columns = header;
  const missing = CSV_COLUMNS.filter((c) => !columns.includes(c));
  if (missing.length > 0) {
    throw new ImportFileError(fileName, [
      { where: 'line 1', what: `the header lacks the column(s) ${missing.join(', ')}` },
    ]);
  }
  const result: PlaceInput[] = [];
  const problems: ImportProblem[] = [];
  const seen = new Set<string>();
  for (const { record, info } of records) {
    const where = `line ${info.lines}`;
    const rowProblems: string[] = [];
    const code = text(record.code) ?? '';
    const level = levelOfCode(code);
    if (!level) rowProblems.push(`code ${JSON.stringify(code)} is not a CBS gemeente, wijk or buurt code`);
    else if (record.level !== level)
      rowProblems.push(`level ${JSON.stringify(record.level)} does not match code ${code} (${level})`);
    if (seen.has(code)) rowProblems.push(`code ${code} occurs twice`);
    seen.add(code);
    const households = countOrNull(record.households, 'households', rowProblems);
    const inhabitants = countOrNull(record.inhabitants, 'inhabitants', rowProblems);
    let parentCode: string | null = null;
    if (level) {
      parentCode = checkedParent(
        code,
        level,
        text(record.parentCode),
        text(record.municipalityCode),
        rowProblems,
      );
    }
    if (rowProblems.length > 0 || !level) {
      for (const what of rowProblems) problems.push({ where, what });
      continue;
    }
    result.push({
      code,
      level,
      // The figures file names only gemeenten; its wijk and buurt names are empty.
      name: text(record.name),
      parentCode,
      municipalityCode: municipalityCodeOf(code),
      households,
      inhabitants,
      year,
      boundary: null,
    });
  }
  if (problems.length > 0) throw new ImportFileError(fileName, problems);
  if (result.length === 0) throw new ImportFileError(fileName, [{ where: 'file', what: 'has no rows' }]);
  return result;
}
