import { parse as parseCsv, CsvError } from 'csv-parse/sync';
import { isSource, yearOfPeriod, type Source } from './arrangement.js';

/**
 * Measured values in bulk, as a provider's spreadsheet writes them: one row per value, keyed on
 * the provider's own id for the arrangement (`extern_id`), the indicator's code, the period,
 * the value and its source. Read with a real CSV parser (csv-parse): quoted fields (with the
 * separator or a line break inside), a byte-order mark, and the separator Dutch Excel writes
 * (`;`, with a decimal comma) as well as `,` and tabs. Pure: which rows are wrong, by line.
 */

export interface MeasurementCsvRow {
  /** The line in the file where the row starts (the header is line 1). */
  line: number;
  externalId: string;
  indicator: string;
  period: string;
  year: number;
  value: number;
  source: Source;
}

export interface CsvProblem {
  /** The line in the file (1 = the header); 0 for the file as a whole. */
  line: number;
  /** Message key (`arrangements.csv.*`), with its parameters. */
  message: string;
  params?: Record<string, string | number>;
}

/** The most rows one upload may hold: a provider's years of values, not a data dump. */
export const MAX_CSV_ROWS = 5000;

/** Every accepted name of each column, Dutch first; compared without case, spaces or underscores. */
const COLUMNS = {
  externalId: ['externid', 'externeid', 'externalid', 'id'],
  indicator: ['indicator', 'indicatorcode', 'code'],
  period: ['periode', 'period'],
  value: ['waarde', 'value'],
  source: ['bron', 'source'],
} as const;
type Column = keyof typeof COLUMNS;

/** What people write in the source column, Dutch and English, mapped to the stored source. */
const SOURCE_WORDS: Record<string, Source> = {
  zelf: 'self_reported',
  zelfgerapporteerd: 'self_reported',
  eigenopgave: 'self_reported',
  selfreported: 'self_reported',
  registratie: 'municipal_registry',
  gemeentelijkeregistratie: 'municipal_registry',
  municipalregistry: 'municipal_registry',
  registry: 'municipal_registry',
  onafhankelijk: 'independent',
  onafhankelijkemeting: 'independent',
  independent: 'independent',
  independentmeasurement: 'independent',
};

function squeeze(text: string): string {
  return text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[\s_\-.]/g, '');
}

/** The separator of the header line (outside quotes): `;`, tab or `,`, whichever occurs most. */
export function detectDelimiter(headerLine: string): ';' | ',' | '\t' {
  const outside = headerLine.replace(/"[^"]*"/g, '');
  const counts = ([';', '\t', ','] as const).map((d) => [d, outside.split(d).length - 1] as const);
  const best = [...counts].sort((a, b) => b[1] - a[1])[0];
  return best && best[1] > 0 ? best[0] : ';';
}

/**
 * A number as the file writes it. With `;` as separator (Dutch Excel) the comma is the decimal
 * sign and a point separates thousands (`1.234,5`); otherwise the point is the decimal sign.
 */
export function parseCsvNumber(text: string, delimiter: string): number | undefined {
  let t = text.trim().replace(/\s/g, '');
  if (t === '') return undefined;
  if (delimiter === ';') {
    if (!/^-?[0-9]{1,3}(\.[0-9]{3})*(,[0-9]+)?$|^-?[0-9]+(,[0-9]+)?$/.test(t)) return undefined;
    t = t.replace(/\./g, '').replace(',', '.');
  } else if (!/^-?[0-9]+(\.[0-9]+)?$/.test(t)) return undefined;
  const n = Number(t);
  return Number.isFinite(n) ? n : undefined;
}

export function parseSource(text: string): Source | undefined {
  const raw = text.trim();
  if (isSource(raw)) return raw;
  return SOURCE_WORDS[squeeze(raw)];
}

/** A record as csv-parse gives it with `info` and `raw` on. */
interface InfoRecord {
  record: string[];
  raw: string;
  info: { lines: number };
}

function isInfoRecord(value: unknown): value is InfoRecord {
  if (typeof value !== 'object' || value === null) return false;
  if (!('record' in value) || !('raw' in value) || !('info' in value)) return false;
  const { record, raw, info } = value;
  return (
    Array.isArray(record) &&
    record.every((c) => typeof c === 'string') &&
    typeof raw === 'string' &&
    typeof info === 'object' &&
    info !== null &&
    'lines' in info &&
    typeof info.lines === 'number'
  );
}

/** The line a record starts on: where it ends, less the line breaks inside it. */
function startLine(endLine: number, raw: string): number {
  const body = raw.replace(/^\n+/, '').replace(/\n$/, '');
  return endLine - (body.split('\n').length - 1);
}

/**
 * Reads a measurements file. Returns every good row and every problem; the caller applies
 * nothing when there is any problem. Problems name the line in the file as a spreadsheet
 * shows it, so the provider can find the row.
 */
export function parseMeasurementsCsv(text: string): { rows: MeasurementCsvRow[]; problems: CsvProblem[] } {
  const normalised = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const firstLine = normalised.split('\n', 1)[0] ?? '';
  if (normalised.trim() === '')
    return { rows: [], problems: [{ line: 0, message: 'arrangements.csv.empty' }] };
  const delimiter = detectDelimiter(firstLine);

  let records: InfoRecord[];
  try {
    const parsed: unknown = parseCsv(normalised, {
      delimiter,
      record_delimiter: '\n',
      relax_column_count: true,
      skip_empty_lines: true,
      info: true,
      raw: true,
    });
    records = Array.isArray(parsed) ? parsed.filter(isInfoRecord) : [];
  } catch (error) {
    if (error instanceof CsvError) {
      const line = typeof error.lines === 'number' ? error.lines : 0;
      const message =
        error.code === 'CSV_QUOTE_NOT_CLOSED' ? 'arrangements.csv.quoteNotClosed' : 'arrangements.csv.quote';
      return { rows: [], problems: [{ line, message }] };
    }
    throw error;
  }

  const [header, ...body] = records;
  if (!header) return { rows: [], problems: [{ line: 0, message: 'arrangements.csv.empty' }] };
  const positions = new Map<Column, number>();
  const names = header.record.map(squeeze);
  for (const column of Object.keys(COLUMNS) as Column[]) {
    const at = names.findIndex((n) => (COLUMNS[column] as readonly string[]).includes(n));
    if (at >= 0) positions.set(column, at);
  }
  const missing = (Object.keys(COLUMNS) as Column[]).filter((c) => !positions.has(c));
  if (missing.length > 0) {
    return {
      rows: [],
      problems: [{ line: 1, message: 'arrangements.csv.header', params: { columns: missing.length } }],
    };
  }
  if (body.length === 0) return { rows: [], problems: [{ line: 0, message: 'arrangements.csv.empty' }] };
  if (body.length > MAX_CSV_ROWS)
    return {
      rows: [],
      problems: [{ line: 0, message: 'arrangements.csv.tooMany', params: { max: MAX_CSV_ROWS } }],
    };

  const rows: MeasurementCsvRow[] = [];
  const problems: CsvProblem[] = [];
  const seen = new Map<string, number>();
  for (const { record, raw, info } of body) {
    const line = startLine(info.lines, raw);
    const cell = (c: Column) => (record[positions.get(c) ?? -1] ?? '').trim();
    if (record.length !== header.record.length) {
      problems.push({
        line,
        message: 'arrangements.csv.columns',
        params: { found: record.length, expected: header.record.length },
      });
      continue;
    }
    const externalId = cell('externalId');
    const indicator = cell('indicator').toLowerCase();
    const period = cell('period');
    const year = yearOfPeriod(period);
    const value = parseCsvNumber(cell('value'), delimiter);
    const source = parseSource(cell('source'));
    const before = problems.length;
    if (externalId === '') problems.push({ line, message: 'arrangements.csv.externalId' });
    if (indicator === '') problems.push({ line, message: 'arrangements.csv.indicator' });
    if (year === undefined)
      problems.push({ line, message: 'arrangements.csv.period', params: { value: period } });
    if (value === undefined)
      problems.push({ line, message: 'arrangements.csv.value', params: { value: cell('value') } });
    if (!source)
      problems.push({ line, message: 'arrangements.csv.source', params: { value: cell('source') } });
    if (problems.length > before || year === undefined || value === undefined || !source) continue;
    const key = `${externalId}|${indicator}|${period}`;
    const earlier = seen.get(key);
    if (earlier !== undefined) {
      problems.push({ line, message: 'arrangements.csv.duplicate', params: { other: earlier } });
      continue;
    }
    seen.set(key, line);
    rows.push({ line, externalId, indicator, period, year, value, source });
  }
  return { rows, problems };
}
