import { CLI_ACTING } from '../../access/index.js';
import { ValidationError } from '../../shared/errors.js';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/helpers/app.js';
import { ConflictError } from '../../shared/errors.js';
import { createOpenInitiative, openSupport, setUpBudgetYear } from './budgets.test-helpers.js';
import { AlreadyPledgedError, pledgeHouseholdBudget } from './pledges.service.js';
import { closeYear, figuresPerBuurt, setBudgetYear, verifyLedger } from './years.service.js';
import { CodeFormatError, lookupVoucher } from './codes.service.js';
import { issueLetterCodes } from './vouchers.service.js';
import { releaseExpiredSupport } from './goals.service.js';
import { type BudgetsContext } from './budgets.context.js';

let now = new Date('2026-03-02T10:00:00Z');
let t: TestApp;
let ctx: BudgetsContext;
let codes: Map<string, string[]>;
const used = new Set<string>();

/** A code of a buurt not used by an earlier test. */
function freshCode(buurt: string): string {
  const code = codes.get(buurt)?.find((c) => !used.has(c));
  if (!code) throw new Error(`no codes left in ${buurt}`);
  used.add(code);
  return code;
}

async function stageOf(id: string): Promise<string> {
  const { rows } = await sql<{ stage: string }>`select stage from initiative where id = ${id}`.execute(
    t.database.db,
  );
  return rows[0]?.stage ?? '';
}

beforeAll(async () => {
  t = await createTestApp({}, { clock: () => now });
  ({ ctx, codes } = await setUpBudgetYear(t.modules.budgets.context));
});
afterAll(async () => {
  await t.close();
});

describe('a household pledges exactly once', () => {
  it('gives the whole amount to one initiative in its buurt and gets a receipt', async () => {
    const a = await createOpenInitiative(t.database.db, {
      buurt: 'BU06370001',
      wijk: 'WK063700',
      title: 'Bankjes',
    });
    const other = await createOpenInitiative(t.database.db, { buurt: 'BU06370002', wijk: 'WK063700' });
    await openSupport(ctx, a.id, 50_000, '2026-06-30');
    await openSupport(ctx, other.id, 50_000, '2026-06-30');
    const code = freshCode('BU06370001');

    const before = await lookupVoucher(ctx, code);
    expect(before.state).toBe('unused');
    expect(before.options.map((o) => o.initiativeId)).toContain(a.id);
    expect(before.options.map((o) => o.initiativeId)).not.toContain(other.id);

    const first = await pledgeHouseholdBudget(ctx, { code, initiativeId: a.id, channel: 'online' });
    expect(first.created).toBe(true);
    expect(first.receipt.amountCents).toBe(1000);
    expect(first.receipt.initiativeTitle).toBe('Bankjes');

    // A double click or a retry: the same receipt, nothing new.
    const again = await pledgeHouseholdBudget(ctx, { code, initiativeId: a.id, channel: 'online' });
    expect(again).toMatchObject({ created: false, receipt: { receipt: first.receipt.receipt } });

    const b = await createOpenInitiative(t.database.db, { buurt: 'BU06370001', wijk: 'WK063700' });
    await openSupport(ctx, b.id, 50_000, '2026-06-30');
    const refused = await pledgeHouseholdBudget(ctx, { code, initiativeId: b.id, channel: 'online' }).catch(
      (e: unknown) => e,
    );
    expect(refused).toBeInstanceOf(AlreadyPledgedError);
    expect(refused).toMatchObject({ status: 409, params: { receipt: first.receipt.receipt } });

    const after = await lookupVoucher(ctx, code);
    expect(after).toMatchObject({
      state: 'pledged',
      pledge: { receipt: first.receipt.receipt },
      options: [],
    });
    expect(await verifyLedger(t.database.db)).toBeUndefined();
  });

  it('refuses an initiative outside the household’s buurt (422)', async () => {
    const elsewhere = await createOpenInitiative(t.database.db, { buurt: 'BU06370100', wijk: 'WK063701' });
    await openSupport(ctx, elsewhere.id, 5000, '2026-06-30');
    await expect(
      pledgeHouseholdBudget(ctx, {
        code: freshCode('BU06370001'),
        initiativeId: elsewhere.id,
        channel: 'online',
      }),
    ).rejects.toMatchObject({ status: 422, messageKey: 'budgets.errors.notInScope' });
  });

  it('catches a mistyped code before any database look-up', async () => {
    const code = codes.get('BU06370002')?.[0] ?? '';
    // Two neighbours swapped (where they differ: swapping equal ones leaves the code as it is).
    const at = [...code].findIndex((c, i) => i > 0 && c !== code[i - 1]);
    const typo = `${code.slice(0, at - 1)}${code[at] ?? ''}${code[at - 1] ?? ''}${code.slice(at + 1)}`;
    expect(typo).not.toBe(code);
    await expect(lookupVoucher(ctx, typo)).rejects.toBeInstanceOf(CodeFormatError);
  });
});

describe('funding', () => {
  it('funds the initiative the moment the pledges reach the goal, then takes no more', async () => {
    const i = await createOpenInitiative(t.database.db, { buurt: 'BU06370002', wijk: 'WK063700' });
    await openSupport(ctx, i.id, 2000, '2026-06-30');
    const one = await pledgeHouseholdBudget(ctx, {
      code: freshCode('BU06370002'),
      initiativeId: i.id,
      channel: 'online',
    });
    expect(one.funded).toBe(false);
    const two = await pledgeHouseholdBudget(ctx, {
      code: freshCode('BU06370002'),
      initiativeId: i.id,
      channel: 'online',
    });
    expect(two.funded).toBe(true);
    expect(await stageOf(i.id)).toBe('funded');
    await expect(
      pledgeHouseholdBudget(ctx, { code: freshCode('BU06370002'), initiativeId: i.id, channel: 'online' }),
    ).rejects.toMatchObject({ status: 422, messageKey: 'budgets.errors.alreadyFunded' });
    expect(await verifyLedger(t.database.db)).toBeUndefined();
  });
});

describe('the deadline', () => {
  it('releases the pledges, and those households may give again that year', async () => {
    const late = await createOpenInitiative(t.database.db, { buurt: 'BU06370001', wijk: 'WK063700' });
    await openSupport(ctx, late.id, 100_000, '2026-04-30');
    const code = freshCode('BU06370001');
    await pledgeHouseholdBudget(ctx, { code, initiativeId: late.id, channel: 'online' });
    now = new Date('2026-05-01T08:00:00Z');
    expect(await releaseExpiredSupport(ctx)).toBe(1);
    expect(await stageOf(late.id)).toBe('not_funded');
    const released = await lookupVoucher(ctx, code);
    expect(released.state).toBe('released');
    const next = await createOpenInitiative(t.database.db, { buurt: 'BU06370001', wijk: 'WK063700' });
    await openSupport(ctx, next.id, 100_000, '2026-09-30');
    const again = await pledgeHouseholdBudget(ctx, { code, initiativeId: next.id, channel: 'online' });
    expect(again.created).toBe(true);
    expect(await verifyLedger(t.database.db)).toBeUndefined();
  });
});

describe('the budget year', () => {
  it('locks amount and scope in the database once pledges exist', async () => {
    await expect(
      setBudgetYear(ctx, CLI_ACTING, {
        municipalityCode: 'GM0637',
        year: 2026,
        amountCents: 2000,
        scope: 'wijk',
        opensOn: '2026-01-01',
        closesOn: '2026-12-31',
      }),
    ).rejects.toBeInstanceOf(ConflictError);
  });

  it('refuses terms against the year’s rules in the service itself, naming each field, and writes nothing', async () => {
    const before = await sql<{ n: number }>`select count(*)::int as n from budget_year`.execute(
      t.database.db,
    );
    const refusal = await setBudgetYear(ctx, CLI_ACTING, {
      municipalityCode: 'GM0637',
      year: 2031,
      amountCents: 100_001,
      scope: 'wijk',
      opensOn: '2031-06-01',
      closesOn: '2031-05-31',
    }).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(ValidationError);
    expect(refusal).toMatchObject({
      issues: [
        { field: 'amount', message: 'budgets.admin.amountInvalid' },
        { field: 'closesOn', message: 'budgets.admin.closesBeforeOpens' },
      ],
    });
    await expect(
      setBudgetYear(ctx, CLI_ACTING, {
        municipalityCode: 'GM0637',
        year: 2031,
        amountCents: 1000,
        scope: 'buurt',
        opensOn: '2030-12-31',
        closesOn: '2031-12-31',
      }),
    ).rejects.toMatchObject({ issues: [{ field: 'opensOn', message: 'budgets.admin.dateInvalid' }] });
    const after = await sql<{ n: number }>`select count(*)::int as n from budget_year`.execute(t.database.db);
    expect(after.rows).toEqual(before.rows);
  });

  it('keeps the ledger append-only', async () => {
    await expect(sql`update ledger_line set amount_cents = 1`.execute(t.database.db)).rejects.toThrow(
      /append-only/,
    );
    await expect(sql`delete from ledger_line`.execute(t.database.db)).rejects.toThrow(/append-only/);
  });

  it('refuses a journal that does not balance', async () => {
    await expect(
      sql`insert into ledger_line (journal_id, kind, account, municipality_code, year, amount_cents)
          values (nextval('ledger_journal_seq'), 'issue', 'pool', 'GM0637', 2026, 5)`.execute(t.database.db),
    ).rejects.toThrow(/does not balance/);
    // Each statement's lines must balance per journal: one that balances cannot carry one that does not.
    await expect(
      sql`insert into ledger_line (journal_id, kind, account, municipality_code, year, amount_cents)
          select j, 'issue', a, 'GM0637', 2026, c
          from (select nextval('ledger_journal_seq') as j1, nextval('ledger_journal_seq') as j2) s,
            lateral (values (s.j1, 'pool', -5), (s.j1, 'vouchers', 5), (s.j2, 'pool', -5)) as v(j, a, c)`.execute(
        t.database.db,
      ),
    ).rejects.toThrow(/does not balance/);
  });

  it('a reprint makes the old code useless', async () => {
    const old = freshCode('BU06370100');
    const fresh: string[] = [];
    const local = { ...ctx };
    for await (const batch of issueLetterCodes(local, {
      municipalityCode: 'GM0637',
      year: 2026,
      reprint: true,
    })) {
      fresh.push(...batch.map((l) => l.code));
    }
    expect(fresh).toHaveLength(11);
    await expect(lookupVoucher(ctx, old)).rejects.toMatchObject({ status: 404 });
    codes = new Map([['all', fresh]]);
  });

  it('closes: waiting pledges first, then unused and released vouchers lapse; figures per buurt', async () => {
    await expect(
      closeYear(ctx, CLI_ACTING, { municipalityCode: 'GM0637', year: 2026 }),
    ).rejects.toMatchObject({
      messageKey: 'budgets.errors.pledgesWaiting',
    });
    now = new Date('2026-12-31T22:00:00Z');
    await releaseExpiredSupport(ctx);
    now = new Date('2027-01-02T08:00:00Z');
    const figures = await closeYear(ctx, CLI_ACTING, { municipalityCode: 'GM0637', year: 2026 });
    const total = (f: (typeof figures)[number]) => f.issuedCents;
    expect(figures.reduce((n, f) => n + total(f), 0)).toBe(11 * 1000);
    // Funded: 2 households (2000); everything else lapsed.
    expect(figures.reduce((n, f) => n + f.fundedCents, 0)).toBe(2000);
    expect(figures.reduce((n, f) => n + f.lapsedCents, 0)).toBe(9000);
    expect(await verifyLedger(t.database.db)).toBeUndefined();
    expect(await figuresPerBuurt(t.database.db, 'GM0637', 2026)).toEqual(figures);
  });
});

describe('verify-ledger', () => {
  it('names a goal whose running total drifted from its pledges', async () => {
    expect(await verifyLedger(t.database.db)).toBeUndefined();
    const bump = (cents: number) =>
      sql`update initiative_support_goal set pledged_cents = pledged_cents + ${cents}
          where initiative_id = (select min(initiative_id::text)::uuid from initiative_support_goal)`.execute(
        t.database.db,
      );
    await bump(1000);
    expect(await verifyLedger(t.database.db)).toMatch(/^a goal’s running total differs from its pledges/);
    await bump(-1000);
    expect(await verifyLedger(t.database.db)).toBeUndefined();
  });
  it('names the first broken invariant, even for a journal that balances', async () => {
    const { rows } = await sql<{
      id: string;
    }>`select initiative_id as id from initiative_support_goal limit 1`.execute(t.database.db);
    // Money appearing in escrow with no pledge behind it: balanced, and still wrong.
    await sql`
      insert into ledger_line (journal_id, kind, account, municipality_code, wijk_code, year, initiative_id, amount_cents)
      select j, k, a, 'GM0637', 'WK063700', 2026, ${rows[0]?.id ?? null}::uuid, c
      from (select nextval('ledger_journal_seq') as j) s,
        (values ('top_up', 'district_budget', -500), ('top_up', 'escrow', 500)) as v(k, a, c)
    `.execute(t.database.db);
    expect(await verifyLedger(t.database.db)).toMatch(/^escrow differs from the active pledges: initiative /);
  });
});
