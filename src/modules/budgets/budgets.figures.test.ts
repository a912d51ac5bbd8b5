import { CLI_ACTING } from '../../access/index.js';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/helpers/app.js';
import { down, up } from '../../db/migrations/0012-budget-figures-rollup.js';
import { DomainError } from '../../shared/errors.js';
import {
  findBuurtFigures,
  findBuurtFiguresFromLedger,
  pledgeBatch,
  type BuurtFiguresRow,
} from './budgets.repository.js';
import { closeYear, foldFigures, verifyLedger } from './years.service.js';
import { issueVouchers } from './vouchers.service.js';
import { pledgeHouseholdBudget } from './pledges.service.js';
import { releaseExpiredSupport } from './goals.service.js';
import { type BuurtHouseholds } from './budgets.context.js';
import { createOpenInitiative, openSupport, setUpBudgetYear } from './budgets.test-helpers.js';
import { deriveVoucherKey, hashCode } from './voucher-code.js';

// The transparency figures come from a rollup (budget_figures, migration 0012) that triggers keep
// in the transactions that move money. Whatever happens to a year, in whatever order, the figures
// must be what the ledger and the vouchers say.

let now = new Date('2026-03-02T10:00:00Z');
let t: TestApp;

beforeAll(async () => {
  t = await createTestApp({}, { clock: () => now });
});
afterAll(async () => {
  await t.close();
});

function figures(year: number): Promise<BuurtFiguresRow[]> {
  return findBuurtFigures(t.database.db, 'GM0637', year);
}

/** The rollup's figures equal the ledger's and the vouchers' (and, when asked, verify-ledger agrees). */
async function expectFiguresOfLedger(year: number, step: string, verify = false): Promise<void> {
  const fromLedger = await findBuurtFiguresFromLedger(t.database.db, 'GM0637', year);
  expect(await figures(year), step).toEqual(fromLedger);
  if (verify) expect(await verifyLedger(t.database.db), step).toBeUndefined();
}

/** A small seeded random generator (mulberry32): the same sequence on every run and engine. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let r = Math.imul(a ^ (a >>> 15), 1 | a);
    r = (r + Math.imul(r ^ (r >>> 7), 61 | r)) ^ r;
    return ((r ^ (r >>> 14)) >>> 0) / 4294967296;
  };
}

describe('the figures of a year, after any sequence of pledges, releases, funding, top-ups and the close', () => {
  it('are what the ledger says after every step, and after the migration rebuilds them', async () => {
    const rnd = random(20260302);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T;
    const year = 2026;
    const buurten: BuurtHouseholds[] = [
      { code: 'BU06370001', wijkCode: 'WK063700', households: 8 },
      { code: 'BU06370002', wijkCode: 'WK063700', households: 5 },
      { code: 'BU06370100', wijkCode: 'WK063701', households: 4 },
    ];
    const setUp = await setUpBudgetYear(t.modules.budgets.context, { year, buurten });
    const ctx = { ...setUp.ctx, buurtenOf: () => Promise.resolve(buurten.map((b) => ({ ...b }))) };
    await expectFiguresOfLedger(year, 'issued and printed');

    // Small goals (two to five households), deadlines through the year.
    const deadlines = ['2026-04-15', '2026-06-30', '2026-09-30', '2026-12-31'];
    const initiatives: string[] = [];
    for (const [i, buurt] of [
      'BU06370001',
      'BU06370001',
      'BU06370002',
      'BU06370100',
      'BU06370002',
    ].entries()) {
      const wijk = buurten.find((b) => b.code === buurt)?.wijkCode ?? '';
      const { id } = await createOpenInitiative(t.database.db, { buurt, wijk });
      await openSupport(
        ctx,
        id,
        1000 * (2 + Math.floor(rnd() * 4)),
        deadlines[i % deadlines.length] ?? '',
        year,
      );
      initiatives.push(id);
    }
    const codes = [...setUp.codes.values()].flat();
    const seen = new Set<string>();
    for (let step = 0; step < 45; step++) {
      const r = rnd();
      let what: string;
      if (r < 0.6) {
        const code = pick(codes);
        what = `pledge ${code}`;
        try {
          await pledgeHouseholdBudget(ctx, { code, initiativeId: pick(initiatives), channel: 'online' });
        } catch (error) {
          // Refused (another buurt, funded, past its deadline, already given): nothing moves.
          if (!(error instanceof DomainError)) throw error;
          seen.add(error.messageKey);
        }
      } else if (r < 0.75) {
        const later = new Date(now.getTime() + (10 + Math.floor(rnd() * 50)) * 86_400_000);
        now = later < new Date('2026-12-31T10:00:00Z') ? later : now;
        what = `released at ${now.toISOString()}`;
        await releaseExpiredSupport(ctx);
      } else if (r < 0.9) {
        what = 'folded';
        await foldFigures(t.database.db);
      } else {
        const buurt = pick(buurten);
        buurt.households += 1;
        what = `one more household in ${buurt.code}`;
        await issueVouchers(ctx, CLI_ACTING, { municipalityCode: 'GM0637', year });
      }
      await expectFiguresOfLedger(year, `step ${step}: ${what}`);
    }
    now = new Date('2027-01-04T10:00:00Z');
    await closeYear(ctx, CLI_ACTING, { municipalityCode: 'GM0637', year });
    await expectFiguresOfLedger(year, 'closed', true);

    // What the pledges themselves say, summed apart from the ledger and the rollup.
    const { rows: pledges } = await sql<{ status: string; buurt: string; ini_buurt: string; cents: number }>`
      select p.status, v.buurt_code as buurt, i.buurt_code as ini_buurt, p.amount_cents::int as cents
      from pledge p join voucher v on v.id = p.voucher_id join initiative i on i.id = p.initiative_id
      where p.year = ${year}`.execute(t.database.db);
    const sum = (
      keep: (p: (typeof pledges)[number]) => boolean,
      buurt: (p: (typeof pledges)[number]) => string,
    ) => {
      const by = new Map<string, number>();
      for (const p of pledges.filter(keep)) by.set(buurt(p), (by.get(buurt(p)) ?? 0) + p.cents);
      return by;
    };
    const pledged = sum(
      () => true,
      (p) => p.buurt,
    );
    const released = sum(
      (p) => p.status === 'released',
      (p) => p.buurt,
    );
    const funded = sum(
      (p) => p.status === 'funded',
      (p) => p.ini_buurt,
    );
    const rows = await figures(year);
    // The random run went through every kind of step that moves money.
    expect(released.size).toBeGreaterThan(0);
    expect(funded.size).toBeGreaterThan(0);
    expect([...seen].length).toBeGreaterThan(0);
    for (const b of buurten) {
      const row = rows.find((x) => x.buurt_code === b.code);
      const given = pledged.get(b.code) ?? 0;
      const back = released.get(b.code) ?? 0;
      const kept = given - back;
      expect(row, b.code).toMatchObject({
        vouchers: b.households,
        issued_cents: 1000 * b.households,
        pledged_cents: given,
        released_cents: back,
        funded_cents: funded.get(b.code) ?? 0,
        // Every voucher not given for good lapses with the close.
        lapsed_cents: 1000 * b.households - kept,
        lapsed_vouchers: b.households - kept / 1000,
      });
    }

    // Folding changes no figure; the migration rebuilds the same figures from the ledger alone.
    const before = await figures(year);
    await foldFigures(t.database.db);
    expect(await figures(year)).toEqual(before);
    const { rows: perBuurt } = await sql<{ n: number }>`
      select count(*)::int as n from budget_figures where year = ${year} group by buurt_code`.execute(
      t.database.db,
    );
    expect(perBuurt.map((r) => r.n)).toEqual(buurten.map(() => 1));
    await down(t.database.db);
    await up(t.database.db);
    expect(await figures(year)).toEqual(before);
    await expectFiguresOfLedger(year, 'rebuilt by the migration', true);
  }, 120_000);
});

describe('pledges at the same time', () => {
  it('lose no count: batches on their own connections, with folds in between', async () => {
    const year = 2028;
    now = new Date('2028-03-02T10:00:00Z');
    const buurten: BuurtHouseholds[] = [
      { code: 'BU06370001', wijkCode: 'WK063700', households: 16 },
      { code: 'BU06370002', wijkCode: 'WK063700', households: 16 },
    ];
    const setUp = await setUpBudgetYear(t.modules.budgets.context, { year, buurten });
    const goalOf = new Map<string, string>();
    for (const b of buurten) {
      const { id } = await createOpenInitiative(t.database.db, { buurt: b.code, wijk: b.wijkCode });
      await openSupport(setUp.ctx, id, 1_000_000, '2028-12-31', year);
      goalOf.set(b.code, id);
    }
    const key = deriveVoucherKey(t.config.secretKey);
    // Households of both buurten mixed, eight batches of four, each batch on its own connection.
    const items = buurten.flatMap((b) =>
      (setUp.codes.get(b.code) ?? []).map((code, i) => ({
        codeHash: hashCode(key, code),
        initiativeId: goalOf.get(b.code) ?? null,
        channel: 'api' as const,
        receipt: `BB-2028-CONC-${b.code.slice(-4)}${String(i).padStart(2, '0')}`,
      })),
    );
    items.sort((a, b) => a.receipt.slice(-2).localeCompare(b.receipt.slice(-2)));
    const batches = Array.from({ length: 8 }, (_, k) => items.slice(k * 4, k * 4 + 4));
    const results = await Promise.all([
      ...batches.map((b) =>
        pledgeBatch(t.database.db, {
          items: b,
          staffAccountId: null,
          today: '2028-03-02',
          at: now,
          mayFund: false,
        }),
      ),
      foldFigures(t.database.db),
      foldFigures(t.database.db),
    ]);
    const outcomes = results
      .slice(0, batches.length)
      .flatMap((rows) => (rows as { outcome: string }[]).map((r) => r.outcome));
    expect(outcomes).toEqual(items.map(() => 'created'));
    const rows = await figures(year);
    expect(rows.map((r) => [r.buurt_code, r.pledged_cents])).toEqual([
      ['BU06370001', 16_000],
      ['BU06370002', 16_000],
    ]);
    await expectFiguresOfLedger(year, 'after the concurrent batches', true);
  }, 60_000);
});
