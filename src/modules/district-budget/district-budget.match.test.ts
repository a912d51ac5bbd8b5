import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/helpers/app.js';
import type { Acting, StaffActor } from '../../access/index.js';
import { pledgeHouseholdBudget, verifyLedger, type BudgetsContext } from '../budgets/index.js';
import { createOpenInitiative, openSupport, setUpBudgetYear } from '../budgets/budgets.test-helpers.js';
import { createStaff } from '../initiatives/initiatives.test-helpers.js';
import { allocate, decide, moveMoney, setMandate, wijkFigures } from './district-budget.service.js';

// A top-up decision on the district budget puts match funding in force for its wijk (budgets
// matches the pledges as they arrive); returning it stops the matching. Both modules as the
// app builds them, one ledger under both.
const now = new Date('2026-03-02T10:00:00Z');
const WIJK = 'WK063700';
const BUURT = 'BU06370001';
let t: TestApp;
let budgets: BudgetsContext;
let codes: string[] = [];
let manager: StaffActor;
const web = (actor: StaffActor): Acting => ({ actor, channel: 'web', ip: '192.0.2.1' });

async function pledge(initiativeId: string) {
  const code = codes.shift();
  if (!code) throw new Error('out of codes');
  return pledgeHouseholdBudget(budgets, { code, initiativeId, channel: 'online' });
}

async function supportOf(id: string) {
  return (await t.modules.budgets.initiativeSupport.supportOf([id])).get(id);
}

beforeAll(async () => {
  t = await createTestApp({}, { clock: () => now });
  const ctx = t.modules.districtBudget.context;
  const admin = await createStaff(t.modules.identity, 'Ada Beheer', [
    { role: 'administrator', placeCode: 'GM0637' },
  ]);
  manager = await createStaff(t.modules.identity, 'Wim Wijkmanager', [
    { role: 'district_manager', placeCode: WIJK },
  ]);
  await setMandate(ctx, web(admin), {
    accountId: manager.accountId,
    municipalityCode: 'GM0637',
    limitCents: 500_000,
  });
  await allocate(ctx, web(admin), { wijkCode: WIJK, year: 2026, amountCents: 1_000_000 });
  const setUp = await setUpBudgetYear(t.modules.budgets.context, {
    buurten: [{ code: BUURT, wijkCode: WIJK, households: 8 }],
  });
  budgets = setUp.ctx;
  codes = setUp.codes.get(BUURT) ?? [];
});
afterAll(async () => {
  await t?.close();
});

describe('a top-up decision matches household pledges in its wijk', () => {
  let decisionId = '';
  let initiativeId = '';

  it('adds a euro per household euro up to its cap per initiative, towards the goal', async () => {
    const ctx = t.modules.districtBudget.context;
    const outcome = await decide(ctx, web(manager), {
      kind: 'top_up',
      wijkCode: WIJK,
      year: 2026,
      title: 'Matchfunding buurtbudget 2026',
      purpose: 'Elke euro van huishoudens verdubbelen',
      reason: 'Initiatieven die bewoners steunen krijgen sneller hun doel.',
      recipientKind: 'organisation',
      recipient: 'Initiatieven in de wijk',
      amountCents: 5000,
      iban: null,
      accountHolder: null,
      matchNumerator: 1,
      matchDenominator: 1,
      matchCapPerInitiativeCents: 2000,
    });
    expect(outcome.status).toBe('granted');
    decisionId = outcome.id;

    const initiative = await createOpenInitiative(t.database.db, { buurt: BUURT, wijk: WIJK });
    initiativeId = initiative.id;
    await openSupport(budgets, initiativeId, 10_000, '2026-06-30');
    for (let n = 0; n < 3; n++) await pledge(initiativeId);
    // Three households gave € 10 each; the wijk added € 10 twice, then its cap per initiative was reached.
    expect(await supportOf(initiativeId)).toMatchObject({
      givenCents: 5000,
      matchedCents: 2000,
      households: 3,
    });
    const [figures] = await wijkFigures(ctx, [WIJK], 2026);
    expect(figures?.matchedCents).toBe(2000);
    expect(await verifyLedger(t.database.db)).toBeUndefined();
  });

  it('stops matching once the decision is returned; what was matched stays with the pledges', async () => {
    const ctx = t.modules.districtBudget.context;
    const other = await createOpenInitiative(t.database.db, { buurt: BUURT, wijk: WIJK });
    await openSupport(budgets, other.id, 10_000, '2026-06-30');
    await pledge(other.id);
    expect(await supportOf(other.id)).toMatchObject({ givenCents: 2000, matchedCents: 1000 });

    // € 20 of the € 50 reserved was not matched: it goes back to the wijk's budget.
    const before = (await wijkFigures(ctx, [WIJK], 2026))[0]?.remainingCents ?? 0;
    await moveMoney(ctx, web(manager), decisionId, { movement: 'return' });
    expect((await wijkFigures(ctx, [WIJK], 2026))[0]?.remainingCents).toBe(before + 2000);
    await pledge(other.id);
    expect(await supportOf(other.id)).toMatchObject({ givenCents: 3000, matchedCents: 1000, households: 2 });
    expect(await supportOf(initiativeId)).toMatchObject({ matchedCents: 2000 });
    expect(await verifyLedger(t.database.db)).toBeUndefined();
  });
});
