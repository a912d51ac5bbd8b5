/**
 * CSV for open data and exports (RFC 4180: comma-separated, CRLF). Text is always quoted; a
 * text cell starting with `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading
 * apostrophe, so a spreadsheet shows it as text instead of running it as a formula (OWASP
 * "CSV injection"): these files hold text typed by residents and staff.
 */
export type CsvValue = string | number | null | undefined;

/** One cell: empty for a missing value, a bare number, or quoted, formula-safe text. */
export function csvCell(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return String(value);
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return `"${safe.replace(/"/g, '""')}"`;
}

/** One line, ending in CRLF. */
export function csvLine(cells: readonly CsvValue[]): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}
