import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/helpers/app.js';
import { rowShapeMismatches, type RowShape } from '../../db/row-shape.js';
import {
  buurtFiguresRowShape,
  findBuurtFigures,
  findBuurtFiguresFromLedger,
  insertJournal,
  pledgeBatch,
  pledgeOutcomeRowShape,
  type PledgeOutcomeRow,
} from './budgets.repository.js';
import { ledgerSumRowShape, sumByReferences, sumByWijken } from './ledger.repository.js';
import { createOpenInitiative, openSupport, setUpBudgetYear } from './budgets.test-helpers.js';
import { deriveVoucherKey, hashCode } from './voucher-code.js';

// The compiler cannot see into raw `sql<Row>`: each raw statement of the repositories that
// answers rows is run here on the migrated database, and its rows held to the declared row type.
const now = new Date('2026-03-02T10:00:00Z');
let t: TestApp;
let pledged: PledgeOutcomeRow[];

beforeAll(async () => {
  t = await createTestApp({}, { clock: () => now });
  const { ctx, codes } = await setUpBudgetYear(t.modules.budgets.context, {
    buurten: [{ code: 'BU06370001', wijkCode: 'WK063700', households: 2 }],
  });
  const initiative = await createOpenInitiative(t.database.db, { buurt: 'BU06370001', wijk: 'WK063700' });
  await openSupport(ctx, initiative.id, 100_000, '2026-06-30');
  const key = deriveVoucherKey(t.config.secretKey);
  const [code = ''] = codes.get('BU06370001') ?? [];
  pledged = await pledgeBatch(t.database.db, {
    items: [
      {
        codeHash: hashCode(key, code),
        initiativeId: initiative.id,
        channel: 'api',
        receipt: 'BB-2026-SHAPE-1',
      },
      {
        codeHash: hashCode(key, 'zzzzzzzzzzzz'),
        initiativeId: initiative.id,
        channel: 'api',
        receipt: 'BB-2026-SHAPE-2',
      },
    ],
    staffAccountId: null,
    today: '2026-03-02',
    at: now,
    mayFund: false,
  });
  // A district-budget journal, so the ledger's sums by reference and by wijk have lines to sum.
  const line = {
    municipalityCode: 'GM0637',
    year: 2026,
    buurtCode: null,
    voucherId: null,
    initiativeId: null,
  };
  await insertJournal(
    t.database.db,
    [
      {
        ...line,
        kind: 'allocate',
        account: 'district_source',
        amountCents: -500,
        wijkCode: 'WK063700',
        reference: 'shape:1',
      },
      {
        ...line,
        kind: 'allocate',
        account: 'district_budget',
        amountCents: 500,
        wijkCode: 'WK063700',
        reference: 'shape:1',
      },
    ],
    now,
  );
});
afterAll(async () => {
  await t.close();
});

function expectShape<Row>(rows: readonly object[], shape: RowShape<Row>): void {
  expect(rows.length).toBeGreaterThan(0);
  for (const row of rows) expect(rowShapeMismatches({ ...row }, shape)).toEqual([]);
}

describe('the raw statements answer their declared row types', () => {
  it('budget_pledge_batch: a pledge made and an unknown code (its nulls)', () => {
    expect(pledged.map((r) => r.outcome)).toEqual(['created', 'unknown_code']);
    expectShape(pledged, pledgeOutcomeRowShape);
  });

  it('the figures per buurt, from the rollup and recomputed from the ledger', async () => {
    expectShape(await findBuurtFigures(t.database.db, 'GM0637', 2026), buurtFiguresRowShape);
    expectShape(await findBuurtFiguresFromLedger(t.database.db, 'GM0637', 2026), buurtFiguresRowShape);
  });

  it('the ledger’s sums by reference and by wijk', async () => {
    expectShape(await sumByReferences(t.database.db, ['shape:1']), ledgerSumRowShape);
    expectShape(await sumByWijken(t.database.db, ['WK063700'], 2026), ledgerSumRowShape);
  });
});

describe('a row shape check', () => {
  const shape: RowShape<{ cents: number; at: Date | null; reference: string | null }> = {
    cents: 'number',
    at: 'date?',
    reference: 'string?',
  };

  it('passes a row as declared, nulls where allowed', () => {
    expect(rowShapeMismatches({ cents: 12, at: null, reference: 'x' }, shape)).toEqual([]);
  });

  it('names a value of another type (a numeric sum left as text), a column missing and one extra', () => {
    expect(rowShapeMismatches({ cents: '12', reference: null, extra: 1 }, shape)).toEqual([
      'at: missing from the answer',
      'cents: string, declared number',
      'extra: answered, not declared',
    ]);
  });
});
