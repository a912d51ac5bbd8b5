import { describe, expect, it } from 'vitest';
import { normalizePostcode, parseRegister } from './household-register.js';

describe('the household register', () => {
  it('reads addresses with a buurt code or a position', () => {
    const { rows, problems } = parseRegister(
      'adres;postcode;huisnummer;plaats;buurtcode;lat;lon\nDorpsstraat;2712 AB;12;Zoetermeer;BU06370001;;\nMarktlaan;2711CD;3a;Zoetermeer;;52,06;4,49\n',
    );
    expect(problems).toEqual([]);
    expect(rows).toMatchObject([
      { line: 2, postcode: '2712AB', houseNumber: '12', buurtCode: 'BU06370001' },
      { line: 3, houseNumber: '3A', point: { lat: 52.06, lon: 4.49 } },
    ]);
  });

  it('reports every bad row by line', () => {
    const { problems } = parseRegister(
      'address,postcode,house_number,buurt_code\nA,1234AB,1,BU06370001\n,12,x!,\nB,1234AB,1,BU06370001\n',
    );
    expect(problems.map((p) => p.line)).toEqual([3, 4]);
    expect(problems[0]?.what).toMatch(/empty.*postcode.*house number.*buurt code or lat/);
    expect(problems[1]?.what).toContain('line 2');
  });

  it('normalises postcodes', () => {
    expect(normalizePostcode('2711 ab')).toBe('2711AB');
    expect(normalizePostcode('0711AB')).toBeUndefined();
  });
});
