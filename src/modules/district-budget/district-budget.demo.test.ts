import { sql } from 'kysely';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/helpers/app.js';
import { runCommandOn } from '../../../test/helpers/cli.js';
import { amsterdamDate } from '../../shared/dates.js';
import { budgetsCommands } from '../budgets/index.js';
import { wijkFigures } from './district-budget.test-helpers.js';

let t: TestApp;
const silent = pino({ level: 'silent' });
const year = Number(amsterdamDate(new Date()).slice(0, 4));

beforeAll(async () => {
  t = await createTestApp();
  await t.modules.identity.seedDemo(silent, { publishedSecrets: true });
  await t.modules.initiatives.seedDemo(silent);
  await t.modules.districtBudget.seedDemo(silent, { publishedSecrets: true });
});
afterAll(async () => {
  await t.close();
});

describe('the district budget’s demo', () => {
  it('gives every wijk of Zoetermeer a budget, and Dorp a year of decisions in every state', async () => {
    const wijken = (await t.modules.places.getPlaceDetail('GM0637')).children.map((c) => c.code);
    const figures = await wijkFigures(t.modules.districtBudget.context, wijken, year);
    expect(figures.map((f) => f.wijkCode).sort()).toEqual([...wijken].sort());
    const { rows } = await sql<{ status: string; approval_reasons: string[]; decided_at: Date }>`
      select status, approval_reasons, decided_at from district_decision where wijk_code = 'WK063700'
      order by decided_at`.execute(t.database.db);
    const statuses = rows.map((r) => r.status);
    expect(statuses).toContain('awaiting_approval');
    expect(statuses).toContain('paid');
    // The split attempt: caught by the sum rule and refused.
    expect(rows.some((r) => r.status === 'rejected' && r.approval_reasons.includes('above_sum'))).toBe(true);
    const dorp = figures.find((f) => f.wijkCode === 'WK063700');
    expect(dorp?.returnedCents).toBe(30_000);
    // Spread over the year, not all today.
    expect(new Set(rows.map((r) => amsterdamDate(r.decided_at))).size).toBeGreaterThan(3);
    const verify = await runCommandOn(
      t,
      budgetsCommands.find((c) => c.name === 'verify-ledger'),
      [],
    );
    expect(verify.error).toBeUndefined();
  });

  it('loads once', async () => {
    const before = await sql<{ n: number }>`select count(*)::int as n from district_decision`.execute(
      t.database.db,
    );
    await t.modules.districtBudget.seedDemo(silent, { publishedSecrets: true });
    const after = await sql<{ n: number }>`select count(*)::int as n from district_decision`.execute(
      t.database.db,
    );
    expect(after.rows[0]?.n).toBe(before.rows[0]?.n);
  });
});
