import { Writable } from 'node:stream';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/helpers/app.js';
import {
  countLetters,
  lookupVoucher,
  pledgeHouseholdBudget,
  printLetters,
  type BudgetsContext,
} from '../../modules/budgets/index.js';
import {
  asTyped,
  createOpenInitiative,
  hashCode,
  openSupport,
  setUpBudgetYear,
} from '../../modules/budgets/budgets.test-helpers.js';
import { down, up } from './0011-household-codes-case-insensitive.js';

let t: TestApp;
let ctx: BudgetsContext;
const OLD_ALPHABET = '23456789ABCDEFGHJKMNPQRSTVWXYZabdefghjkmnpqrtwy';

/** A code as letters printed before 0011 had it: 11 random characters of 47 and a check mod 47. */
function oldCode(n: number): string {
  const body = Array.from({ length: 11 }, (_, i) => OLD_ALPHABET.charAt((n * 7 + i * 13) % 47)).join('');
  const sum = [...body].reduce((s, ch, i) => s + (i + 1) * OLD_ALPHABET.indexOf(ch), 0);
  // 12 · c ≡ −sum (mod 47); 12 · 4 = 48 ≡ 1, so c = −4 · sum.
  return body + OLD_ALPHABET.charAt((((-4 * sum) % 47) + 47) % 47);
}

beforeAll(async () => {
  t = await createTestApp({}, { clock: () => new Date('2026-03-02T10:00:00Z') });
});
afterAll(async () => {
  await t.close();
});

describe('migration 0011: a database with letters printed in the old, case-sensitive format', () => {
  it('stops the old codes, tells who types one, and prints those households new letters that work', async () => {
    const { db } = t.database;
    // Printed letters in one year (one voucher since lapsed, one already given), none in another.
    const printed = await setUpBudgetYear(t.modules.budgets.context, {
      buurten: [{ code: 'BU06370001', wijkCode: 'WK063700', households: 4 }],
    });
    ctx = printed.ctx;
    await setUpBudgetYear(ctx, { year: 2027, printed: false });
    const initiative = await createOpenInitiative(db, { buurt: 'BU06370001', wijk: 'WK063700' });
    await openSupport(ctx, initiative.id, 100_000, '2026-06-30');
    const given = await pledgeHouseholdBudget(ctx, {
      code: printed.codes.get('BU06370001')?.[0] ?? '',
      initiativeId: initiative.id,
      channel: 'online',
    });

    // Back to before 0011: the stored hashes are those of old-format codes.
    await down(db);
    const { rows: vouchers } = await sql<{ id: number }>`
      select id from voucher where year = 2026 order by id`.execute(db);
    const old = vouchers.map((_, n) => oldCode(n));
    for (const [n, v] of vouchers.entries()) {
      await sql`update voucher set code_hash = ${hashCode(ctx.voucherKey, old[n] ?? '')} where id = ${v.id}`.execute(
        db,
      );
    }
    await sql`update voucher set lapsed_at = now() where id = ${vouchers[3]?.id ?? 0}`.execute(db);
    await up(db);

    // Marked for a new letter: printed and not lapsed; the vouchers of 2027 were never printed.
    const { rows: marked } = await sql<{ year: number; marked: number; unmarked: number }>`
      select year, count(*) filter (where needs_new_letter)::int as marked,
        count(*) filter (where not needs_new_letter)::int as unmarked
      from voucher group by year order by year`.execute(db);
    expect(marked).toEqual([
      { year: 2026, marked: 3, unmarked: 1 },
      { year: 2027, marked: 0, unmarked: 11 },
    ]);
    // The old hashes are gone, and a resident typing an old code is told, not given a 500.
    const { rows: left } = await sql<{ n: number }>`
      select count(*)::int as n from voucher where code_hash = any(${old.map((c) => hashCode(ctx.voucherKey, c))}::bytea[])
    `.execute(db);
    expect(left[0]?.n).toBe(0);
    await expect(lookupVoucher(ctx, old[1] ?? '')).rejects.toMatchObject({
      status: 422,
      messageKey: 'budgets.errors.code.old',
    });
    // The administrator reads why in the gemeente's audit log.
    const { rows: audit } = await sql<{ actor_label: string; subject_id: string; details: unknown }>`
      select actor_label, subject_id, details, municipality_codes from audit_log
      where action = 'budgets.codes.old_format_replaced'`.execute(db);
    expect(audit).toEqual([
      {
        actor_label: 'migration 0011',
        subject_id: 'GM0637/2026',
        details: { vouchers: 3 },
        municipality_codes: ['GM0637'],
      },
    ]);

    // The next letters run prints exactly those three, with codes that work however typed.
    const filter = { municipalityCode: 'GM0637', year: 2026, reprint: false };
    expect(await countLetters(ctx, filter)).toBe(3);
    const codes: string[] = [];
    const result = await printLetters(ctx, {
      ...filter,
      municipalityName: 'Zoetermeer',
      publicUrl: 'https://buurtkracht.example',
      buurtNames: new Map(),
      out: new Writable({ write: (_chunk, _encoding, done) => done() }),
      onLetter: (letter) => codes.push(letter.code),
    });
    expect(result).toEqual({ letters: 3, revoked: 0, oldFormat: 3 });
    expect(await countLetters(ctx, filter)).toBe(0);
    const states = await Promise.all(codes.map((code) => lookupVoucher(ctx, asTyped(code))));
    // The household that had given sees its pledge under its new code.
    expect(states.map((s) => s.state)).toEqual(['pledged', 'unused', 'unused']);
    expect(states[0]?.pledge?.receipt).toBe(given.receipt.receipt);
  });
});
