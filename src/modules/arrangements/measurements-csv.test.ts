import { describe, expect, it } from 'vitest';
import { detectDelimiter, parseCsvNumber, parseMeasurementsCsv, parseSource } from './measurements-csv.js';

describe('reading a measurements file as Dutch Excel writes it', () => {
  it('reads a BOM, semicolons, CRLF, quoted fields and decimal commas', () => {
    const text =
      '\uFEFFextern_id;indicator;periode;waarde;bron\r\n' +
      '"SWZ;01";bezoekers;2026-Q1;"1.234,5";zelf gerapporteerd\r\n' +
      '\r\n' +
      'SWZ-02;eenzaam;2026;46,8;"onafhankelijke meting"\r\n';
    const { rows, problems } = parseMeasurementsCsv(text);
    expect(problems).toEqual([]);
    expect(rows).toEqual([
      {
        line: 2,
        externalId: 'SWZ;01',
        indicator: 'bezoekers',
        period: '2026-Q1',
        year: 2026,
        value: 1234.5,
        source: 'self_reported',
      },
      {
        line: 4,
        externalId: 'SWZ-02',
        indicator: 'eenzaam',
        period: '2026',
        year: 2026,
        value: 46.8,
        source: 'independent',
      },
    ]);
  });

  it('reports every bad row by the line it starts on, after a multi-line field', () => {
    const text = ['extern_id;indicator;periode;waarde;bron', 'A;x;"2026-Q5";1;zelf', 'A;"y'].join('\n');
    expect(parseMeasurementsCsv(text).problems).toEqual([
      { line: 3, message: 'arrangements.csv.quoteNotClosed' },
    ]);
    const multi = [
      'extern_id;indicator;periode;waarde;bron',
      'A;"two\nlines";2026;1;zelf',
      'A;x;2026-13;1;zelf',
      'A;x;2026;één;zelf',
      'A;x;2026;1;geruchten',
      'A;x;2026',
      ';x;2026;1;zelf',
      'A;y;2026;2;registratie',
      'A;y;2026;3;registratie',
    ].join('\n');
    const { problems, rows } = parseMeasurementsCsv(multi);
    expect(problems.map((p) => [p.line, p.message])).toEqual([
      [4, 'arrangements.csv.period'],
      [5, 'arrangements.csv.value'],
      [6, 'arrangements.csv.source'],
      [7, 'arrangements.csv.columns'],
      [8, 'arrangements.csv.externalId'],
      [10, 'arrangements.csv.duplicate'],
    ]);
    expect(rows.map((r) => r.line)).toEqual([2, 9]);
  });

  it('takes commas and English headers, with the point as decimal sign', () => {
    const { rows, problems } = parseMeasurementsCsv(
      'External ID,Indicator,Period,Value,Source\nB,z,2025-03,12.5,independent\n',
    );
    expect(problems).toEqual([]);
    expect(rows[0]).toMatchObject({
      externalId: 'B',
      period: '2025-03',
      year: 2025,
      value: 12.5,
      source: 'independent',
    });
  });

  it('refuses a file without the columns, or empty', () => {
    expect(parseMeasurementsCsv('a;b;c\n1;2;3').problems[0]).toMatchObject({
      line: 1,
      message: 'arrangements.csv.header',
    });
    expect(parseMeasurementsCsv('').problems[0]?.message).toBe('arrangements.csv.empty');
    expect(parseMeasurementsCsv('extern_id;indicator;periode;waarde;bron\n').problems[0]?.message).toBe(
      'arrangements.csv.empty',
    );
  });

  it('reads numbers by the separator, and sources in Dutch and English', () => {
    expect(detectDelimiter('a;b,c;d')).toBe(';');
    expect(detectDelimiter('"a;b",c,d')).toBe(',');
    expect(parseCsvNumber('1.234,5', ';')).toBe(1234.5);
    expect(parseCsvNumber('1.234', ';')).toBe(1234);
    expect(parseCsvNumber('12,5', ',')).toBeUndefined();
    expect(parseCsvNumber('-3.25', ',')).toBe(-3.25);
    expect(parseSource('Registratie van de gemeente')).toBeUndefined();
    expect(parseSource('Gemeentelijke registratie')).toBe('municipal_registry');
    expect(parseSource('self_reported')).toBe('self_reported');
  });
});
