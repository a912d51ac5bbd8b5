import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/helpers/app.js';
import { createOpenInitiative, openSupport, setUpBudgetYear } from './budgets.test-helpers.js';
import { pledgeBatch, type PledgeItem } from './budgets.repository.js';
import { pledgeHouseholdBudget } from './pledges.service.js';
import { verifyLedger } from './years.service.js';
import { type BudgetsContext } from './budgets.context.js';
import { deriveVoucherKey, hashCode } from './voucher-code.js';

// The database function behind every pledge, driven with batches as the group commit sends
// them: items are decided one after another, as if each had been committed before the next.
const now = new Date('2026-03-02T10:00:00Z');
let t: TestApp;
let ctx: BudgetsContext;
let codes: string[];
let receipts = 0;

function item(code: string, initiativeId: string | null, receipt?: string): PledgeItem {
  receipts++;
  return {
    codeHash: hashCode(deriveVoucherKey(t.config.secretKey), code),
    initiativeId,
    channel: 'api',
    receipt: receipt ?? `BB-2026-TEST-${String(receipts).padStart(4, '0')}`,
  };
}

function batch(items: PledgeItem[], mayFund = false) {
  return pledgeBatch(t.database.db, { items, staffAccountId: null, today: '2026-03-02', at: now, mayFund });
}

async function countRows(initiativeId: string): Promise<{ pledges: number; lines: number; total: number }> {
  const { rows } = await sql<{ pledges: number; lines: number; total: number }>`
    select (select count(*)::int from pledge where initiative_id = ${initiativeId}) as pledges,
      (select count(*)::int from ledger_line where initiative_id = ${initiativeId}) as lines,
      (select pledged_cents from initiative_support_goal where initiative_id = ${initiativeId}) as total
  `.execute(t.database.db);
  return rows[0] ?? { pledges: -1, lines: -1, total: -1 };
}

beforeAll(async () => {
  t = await createTestApp({}, { clock: () => now });
  const setUp = await setUpBudgetYear(t.modules.budgets.context, {
    buurten: [{ code: 'BU06370001', wijkCode: 'WK063700', households: 20 }],
  });
  ctx = setUp.ctx;
  codes = setUp.codes.get('BU06370001') ?? [];
});
afterAll(async () => {
  await t.close();
});

describe('a batch of pledges', () => {
  it('decides each item as if the ones before it were committed', async () => {
    const x = await createOpenInitiative(t.database.db, { buurt: 'BU06370001', wijk: 'WK063700' });
    const y = await createOpenInitiative(t.database.db, { buurt: 'BU06370001', wijk: 'WK063700' });
    await openSupport(ctx, x.id, 100_000, '2026-06-30');
    await openSupport(ctx, y.id, 100_000, '2026-06-30');
    const [a = '', b = ''] = codes;
    const rows = await batch([
      item(a, x.id),
      item(a, x.id), // the same again: its receipt
      item(a, y.id), // another choice: refused, naming that receipt
      item(b, x.id),
      item('zzzzzzzzzzzz', x.id), // no such voucher
      item(b, null), // not an initiative at all (but b's own pledge is named)
    ]);
    expect(rows.map((r) => r.outcome)).toEqual([
      'created',
      'same',
      'already',
      'created',
      'unknown_code',
      'already',
    ]);
    expect(rows[1]?.receipt).toBe(rows[0]?.receipt);
    expect(rows[2]?.receipt).toBe(rows[0]?.receipt);
    expect(rows[2]?.initiative_id).toBe(x.id);
    expect(rows[5]?.receipt).toBe(rows[3]?.receipt);
    expect(await countRows(x.id)).toEqual({ pledges: 2, lines: 4, total: 2000 });
    expect(await countRows(y.id)).toEqual({ pledges: 0, lines: 0, total: 0 });
    expect(await verifyLedger(t.database.db)).toBeUndefined();
  });

  it('leaves out an item whose receipt number exists, and every item that named it', async () => {
    const x = await createOpenInitiative(t.database.db, { buurt: 'BU06370001', wijk: 'WK063700' });
    await openSupport(ctx, x.id, 100_000, '2026-06-30');
    const [first] = await batch([item(codes[2] ?? '', x.id)]);
    const taken = first?.receipt ?? '';
    const rows = await batch([
      item(codes[3] ?? '', x.id, taken),
      item(codes[3] ?? '', x.id),
      item(codes[4] ?? '', x.id),
    ]);
    expect(rows.map((r) => r.outcome)).toEqual(['receipt_taken', 'receipt_taken', 'created']);
    expect(rows[0]?.receipt).toBeNull();
    expect(await countRows(x.id)).toEqual({ pledges: 2, lines: 4, total: 2000 });
    expect(await verifyLedger(t.database.db)).toBeUndefined();
    // The service sends such items again with a new number.
    const again = await pledgeHouseholdBudget(ctx, {
      code: codes[3] ?? '',
      initiativeId: x.id,
      channel: 'api',
    });
    expect(again.created).toBe(true);
    expect(again.receipt.receipt).not.toBe(taken);
  });

  it('does not reach a goal without the right to fund it; the service funds it alone', async () => {
    const x = await createOpenInitiative(t.database.db, { buurt: 'BU06370001', wijk: 'WK063700' });
    await openSupport(ctx, x.id, 2000, '2026-06-30');
    const rows = await batch([
      item(codes[5] ?? '', x.id),
      item(codes[6] ?? '', x.id),
      item(codes[7] ?? '', x.id),
    ]);
    expect(rows.map((r) => r.outcome)).toEqual(['created', 'reaches_goal', 'reaches_goal']);
    expect(await countRows(x.id)).toEqual({ pledges: 1, lines: 2, total: 1000 });

    const funded = await pledgeHouseholdBudget(ctx, {
      code: codes[6] ?? '',
      initiativeId: x.id,
      channel: 'api',
    });
    expect(funded).toMatchObject({ created: true, funded: true });
    await expect(
      pledgeHouseholdBudget(ctx, { code: codes[7] ?? '', initiativeId: x.id, channel: 'api' }),
    ).rejects.toMatchObject({ status: 422, messageKey: 'budgets.errors.alreadyFunded' });
    const { rows: state } = await sql<{ stage: string; state: string }>`
      select i.stage, g.state from initiative i join initiative_support_goal g on g.initiative_id = i.id
      where i.id = ${x.id}
    `.execute(t.database.db);
    expect(state[0]).toEqual({ stage: 'funded', state: 'funded' });
    expect(await verifyLedger(t.database.db)).toBeUndefined();
  });

  it('a goal changes only while open, and never down to what was given', async () => {
    const x = await createOpenInitiative(t.database.db, { buurt: 'BU06370001', wijk: 'WK063700' });
    await openSupport(ctx, x.id, 3000, '2026-06-30');
    await batch([item(codes[8] ?? '', x.id), item(codes[9] ?? '', x.id)]);
    await expect(openSupport(ctx, x.id, 2000, '2026-06-30')).rejects.toMatchObject({
      status: 409,
      messageKey: 'budgets.errors.goalBelowPledged',
    });
    await openSupport(ctx, x.id, 2500, '2026-07-31');
    await pledgeHouseholdBudget(ctx, { code: codes[10] ?? '', initiativeId: x.id, channel: 'api' });
    await expect(openSupport(ctx, x.id, 10_000, '2026-07-31')).rejects.toMatchObject({
      status: 409,
      messageKey: 'budgets.errors.goalSettled',
    });
    const { rows } = await sql<{ goal: number; deadline: string; state: string }>`
      select goal_cents as goal, deadline::text as deadline, state from initiative_support_goal
      where initiative_id = ${x.id}
    `.execute(t.database.db);
    expect(rows[0]).toEqual({ goal: 2500, deadline: '2026-07-31', state: 'funded' });
  });

  it('an empty batch answers nothing and writes nothing', async () => {
    await expect(batch([])).resolves.toEqual([]);
  });

  it('verify-ledger names a line whose voucher does not exist (the lines carry no foreign keys)', async () => {
    expect(await verifyLedger(t.database.db)).toBeUndefined();
    await sql`
      insert into ledger_line (journal_id, kind, account, municipality_code, wijk_code, year, voucher_id, amount_cents)
      select j, 'top_up', 'district_budget', 'GM0637', 'WK063700', 2026, 999999999, c
      from (select nextval('ledger_journal_seq') as j) s, (values (-500), (500)) as v(c)
    `.execute(t.database.db);
    expect(await verifyLedger(t.database.db)).toMatch(
      /^a ledger line names a voucher or initiative that does not exist: line \d+ voucher 999999999/,
    );
  });
});
