import { parse as parseCsv } from 'csv-parse/sync';

/**
 * The household register as a municipality exports it: one row per address, CSV with a header.
 * Columns (Dutch or English names): `adres`/`address` (street), `postcode`, `huisnummer`/
 * `house_number`, optional `plaats`/`city`, and either `buurtcode`/`buurt_code` or `lat` + `lon`
 * (WGS84), which the places module turns into a buurt.
 */
export interface RegisterRow {
  line: number;
  street: string;
  postcode: string;
  houseNumber: string;
  city: string;
  buurtCode: string | undefined;
  point: { lat: number; lon: number } | undefined;
}

/** One bad row: its line in the file (the header is line 1) and what is wrong, in plain words. */
export interface RegisterProblem {
  line: number;
  what: string;
}

const ALIASES: Record<string, string[]> = {
  street: ['adres', 'address', 'straat', 'street'],
  postcode: ['postcode', 'postal_code'],
  houseNumber: ['huisnummer', 'house_number', 'housenumber'],
  city: ['plaats', 'woonplaats', 'city'],
  buurtCode: ['buurtcode', 'buurt_code', 'buurt'],
  lat: ['lat', 'latitude'],
  lon: ['lon', 'lng', 'longitude'],
};

function pick(record: Record<string, string>, key: string): string {
  for (const name of ALIASES[key] ?? []) {
    const value = record[name];
    if (value !== undefined) return value.trim();
  }
  return '';
}

/** `2711 AB` → `2711AB`: one form for the unique key. Undefined when it is no Dutch postcode. */
export function normalizePostcode(input: string): string | undefined {
  const p = input.replace(/\s+/g, '').toUpperCase();
  return /^[1-9][0-9]{3}[A-Z]{2}$/.test(p) ? p : undefined;
}

/**
 * Reads the register and checks every row on its own; every problem is reported with its line,
 * so the file can be fixed in one go. The caller imports nothing when any problem is found.
 */
export function parseRegister(text: string): { rows: RegisterRow[]; problems: RegisterProblem[] } {
  let records: Record<string, string>[];
  try {
    records = parseCsv(text.replace(/^\uFEFF/, ''), {
      columns: (header: string[]) => header.map((h) => h.trim().toLowerCase()),
      delimiter: text.split('\n', 1)[0]?.includes(';') ? ';' : ',',
      skip_empty_lines: true,
      relax_column_count: false,
    });
  } catch (error) {
    return { rows: [], problems: [{ line: 0, what: `the file is not valid CSV: ${String(error)}` }] };
  }
  const rows: RegisterRow[] = [];
  const problems: RegisterProblem[] = [];
  const seen = new Map<string, number>();
  records.forEach((record, i) => {
    const line = i + 2;
    const street = pick(record, 'street');
    const postcode = normalizePostcode(pick(record, 'postcode'));
    const houseNumber = pick(record, 'houseNumber').toUpperCase();
    const buurtCode = pick(record, 'buurtCode').toUpperCase() || undefined;
    const latText = pick(record, 'lat');
    const lonText = pick(record, 'lon');
    const lat = Number(latText.replace(',', '.'));
    const lon = Number(lonText.replace(',', '.'));
    const rowProblems: string[] = [];
    if (street === '') rowProblems.push('the address (street) is empty');
    if (!postcode) rowProblems.push(`"${pick(record, 'postcode')}" is not a postcode such as 2711 AB`);
    if (!/^[0-9]{1,5}( ?[A-Z0-9-]{1,6})?$/.test(houseNumber))
      rowProblems.push(`"${houseNumber}" is not a house number`);
    const hasPoint = latText !== '' && lonText !== '';
    if (!buurtCode && !hasPoint) rowProblems.push('give a buurt code or lat and lon');
    if (buurtCode && !/^BU[0-9]{8}$/.test(buurtCode))
      rowProblems.push(`"${buurtCode}" is not a buurt code such as BU06370001`);
    if (!buurtCode && hasPoint && !(Math.abs(lat) <= 90 && Math.abs(lon) <= 180)) {
      rowProblems.push('lat and lon are not a position (WGS84 degrees)');
    }
    const key = `${postcode ?? ''}|${houseNumber}`;
    const earlier = seen.get(key);
    if (postcode && earlier !== undefined) rowProblems.push(`the same address as line ${earlier}`);
    else seen.set(key, line);
    if (rowProblems.length > 0) {
      problems.push({ line, what: rowProblems.join('; ') });
      return;
    }
    rows.push({
      line,
      street,
      postcode: postcode ?? '',
      houseNumber,
      city: pick(record, 'city'),
      buurtCode,
      point: buurtCode ? undefined : { lat, lon },
    });
  });
  if (records.length === 0) problems.push({ line: 1, what: 'the file has no households' });
  return { rows, problems };
}
