import { CLI_ACTING } from '../../access/index.js';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/helpers/app.js';
import {
  HouseholdImportError,
  importHouseholds,
  issueLetterCodes,
  issueVouchers,
} from './vouchers.service.js';
import { setBudgetYear, verifyLedger } from './years.service.js';

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp({}, { clock: () => new Date('2026-03-02T10:00:00Z') });
});
afterAll(async () => {
  await t.close();
});

async function households(): Promise<number> {
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from budget_household`.execute(
    t.database.db,
  );
  return rows[0]?.n ?? 0;
}

describe('the household register', () => {
  it('reports bad rows by line and imports nothing', async () => {
    const ctx = t.modules.budgets.context;
    const error = await importHouseholds(ctx, {
      municipalityCode: 'GM0637',
      text:
        'adres,postcode,huisnummer,buurtcode\n' +
        'Dorpsstraat,2712AB,1,BU06370001\n' +
        'Elders,2712AC,2,BU05990110\n' +
        'Nergens,27,3,BU06370001\n',
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HouseholdImportError);
    expect(error instanceof HouseholdImportError ? error.problems.map((p) => p.line) : []).toEqual([3, 4]);
    expect(await households()).toBe(0);
  });

  it('imports buurt codes and positions, then issues one voucher per household with its address', async () => {
    const ctx = t.modules.budgets.context;
    const point = await t.modules.places.lookupPoint(52.0575, 4.4931);
    const result = await importHouseholds(ctx, {
      municipalityCode: 'GM0637',
      text:
        'adres;postcode;huisnummer;plaats;buurtcode;lat;lon\n' +
        'Dorpsstraat;2712 AB;1;Zoetermeer;BU06370001;;\n' +
        'Dorpsstraat;2712 AB;3;Zoetermeer;BU06370001;;\n' +
        'Markt;2711 AA;10;Zoetermeer;;52,0575;4,4931\n',
    });
    expect(result).toEqual({ households: 3 });
    await setBudgetYear(ctx, CLI_ACTING, {
      municipalityCode: 'GM0637',
      year: 2026,
      amountCents: 1000,
      scope: 'buurt',
      opensOn: '2026-01-01',
      closesOn: '2026-12-31',
    });
    expect(await issueVouchers(ctx, CLI_ACTING, { municipalityCode: 'GM0637', year: 2026 })).toMatchObject({
      issued: 3,
    });
    expect(await issueVouchers(ctx, CLI_ACTING, { municipalityCode: 'GM0637', year: 2026 })).toMatchObject({
      issued: 0,
    });
    const letters = [];
    for await (const batch of issueLetterCodes(ctx, {
      municipalityCode: 'GM0637',
      year: 2026,
      reprint: false,
    })) {
      letters.push(...batch);
    }
    expect(letters.map((l) => [l.buurtCode, l.address?.postcode, l.address?.houseNumber])).toEqual([
      ['BU06370001', '2712AB', '1'],
      ['BU06370001', '2712AB', '3'],
      [point.buurt.code, '2711AA', '10'],
    ]);
    expect(await verifyLedger(t.database.db)).toBeUndefined();
  });
});
