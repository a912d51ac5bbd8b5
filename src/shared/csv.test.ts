import { describe, expect, it } from 'vitest';
import { csvCell, csvLine } from './csv.js';

describe('CSV cells are safe to open in a spreadsheet', () => {
  it.each([
    ['=HYPERLINK("http://evil.example")', `"'=HYPERLINK(""http://evil.example"")"`],
    ['+31 6 1234', `"'+31 6 1234"`],
    ['-2+3', `"'-2+3"`],
    ['@SUM(A1)', `"'@SUM(A1)"`],
    ['\tTAB', `"'\tTAB"`],
    ['Anouk "de" Beheerder', '"Anouk ""de"" Beheerder"'],
    ['regel 1\nregel 2', '"regel 1\nregel 2"'],
    ['gewoon', '"gewoon"'],
  ])('%j becomes %j', (value, cell) => {
    expect(csvCell(value)).toBe(cell);
  });

  it('writes numbers bare, missing values empty, and ends lines with CRLF', () => {
    expect(csvLine([7, -2.5, null, undefined, 'x'])).toBe('7,-2.5,,,"x"\r\n');
  });
});
