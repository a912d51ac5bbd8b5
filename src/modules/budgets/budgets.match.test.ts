import crypto from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/helpers/app.js';
import type { Queryable } from '../../db/database.js';
import { createOpenInitiative, openSupport, setUpBudgetYear } from './budgets.test-helpers.js';
import { figuresPerBuurt, verifyLedger } from './years.service.js';
import { pledgeHouseholdBudget } from './pledges.service.js';
import { releaseExpiredSupport, summarizeSupport } from './goals.service.js';
import { type BudgetsContext } from './budgets.context.js';
import { ledger } from './ledger.js';
import { matchOf, type MatchFunding, type MatchRuleInput } from './match-funding.js';

// Match funding: a district rule adds to household pledges as they arrive, exactly, within its
// caps, towards the goal; it moves with the pledges to funded, or back at the deadline.
let now = new Date('2026-03-02T10:00:00Z');
let t: TestApp;
let ctx: BudgetsContext;
let match: MatchFunding;
let codes: string[];
let used = 0;
const WIJK = 'WK063700';
const BUURT = 'BU06370001';

/** The next unused household code of the buurt. */
function nextCode(): string {
  const code = codes[used++];
  if (!code) throw new Error('out of codes');
  return code;
}

async function pledge(initiativeId: string) {
  return pledgeHouseholdBudget(ctx, { code: nextCode(), initiativeId, channel: 'online' });
}

/** A top-up decision as the district budget makes it: allocated to the wijk, then granted. */
async function grant(cents: number): Promise<string> {
  const reference = `decision:${crypto.randomUUID()}`;
  const base = { municipalityCode: 'GM0637', year: 2026, wijkCode: WIJK };
  await ledger.post(
    t.database.db,
    [
      { ...base, kind: 'allocate', account: 'district_source', reference: null, amountCents: -cents },
      { ...base, kind: 'allocate', account: 'district_budget', reference: null, amountCents: cents },
    ],
    now,
  );
  await ledger.post(
    t.database.db,
    [
      { ...base, kind: 'grant', account: 'district_budget', reference, amountCents: -cents },
      { ...base, kind: 'grant', account: 'district_granted', reference, amountCents: cents },
    ],
    now,
  );
  return reference;
}

function setRule(rule: Omit<MatchRuleInput, 'wijkCode' | 'year'>) {
  return t.database.db
    .transaction()
    .execute((trx) => match.setRule(trx, { wijkCode: WIJK, year: 2026, ...rule }, now));
}

async function goalOf(db: Queryable, id: string) {
  const { rows } = await sql<{ pledged: number; matched: number; state: string; stage: string }>`
    select g.pledged_cents as pledged, g.matched_cents as matched, g.state, i.stage
    from initiative_support_goal g join initiative i on i.id = g.initiative_id where g.initiative_id = ${id}
  `.execute(db);
  return rows[0];
}

async function matchesOf(id: string): Promise<number[]> {
  const { rows } = await sql<{ m: number }>`
    select matched_cents as m from pledge where initiative_id = ${id} order by id
  `.execute(t.database.db);
  return rows.map((r) => r.m);
}

/** Sums of the ledger by account and kind for lines of a reference (a decision). */
async function ledgerOf(reference: string) {
  const { rows } = await sql<{ account: string; kind: string; s: number }>`
    select account, kind, sum(amount_cents)::bigint as s from ledger_line where reference = ${reference}
    group by account, kind order by account, kind
  `.execute(t.database.db);
  return Object.fromEntries(rows.map((r) => [`${r.account}/${r.kind}`, r.s]));
}

async function initiative(goalCents: number, deadline = '2026-06-30') {
  const i = await createOpenInitiative(t.database.db, { buurt: BUURT, wijk: WIJK });
  await openSupport(ctx, i.id, goalCents, deadline);
  return i;
}

beforeAll(async () => {
  t = await createTestApp({}, { clock: () => now });
  const setUp = await setUpBudgetYear(t.modules.budgets.context, {
    buurten: [{ code: BUURT, wijkCode: WIJK, households: 60 }],
  });
  ctx = setUp.ctx;
  codes = setUp.codes.get(BUURT) ?? [];
  match = t.modules.budgets.matchFunding;
});
afterAll(async () => {
  await t?.close();
});

describe('the match of one pledge: the ratio, within both caps and what the goal still needs', () => {
  it.each([
    // amount, numerator/denominator, left per initiative, left in the wijk, goal left → match
    [1000, 1, 1, 10_000, 10_000, 10_000, 1000],
    [1000, 1, 2, 10_000, 10_000, 10_000, 500],
    [1000, 2, 1, 10_000, 10_000, 10_000, 2000],
    [1000, 1, 3, 10_000, 10_000, 10_000, 333],
    [1000, 1, 1, 400, 10_000, 10_000, 400],
    [1000, 1, 1, 10_000, 250, 10_000, 250],
    [1000, 1, 1, 10_000, 10_000, 100, 100],
    [1000, 1, 1, 0, 10_000, 10_000, 0],
    [1000, 1, 1, 10_000, 10_000, -500, 0],
  ])(
    '%i cents at %i/%i, %i left per initiative, %i in the wijk, %i to the goal: %i',
    (a, n, d, i, w, g, m) => {
      expect(matchOf(a, { numerator: n, denominator: d, initiativeLeftCents: i, wijkLeftCents: w }, g)).toBe(
        m,
      );
    },
  );
});

describe('pledges are matched as they arrive, exactly, up to the caps', () => {
  it('1:1 — a pledge that crosses the initiative’s cap gets the part below it, then nothing', async () => {
    const reference = await grant(4000);
    await setRule({
      ratio: { numerator: 1, denominator: 1 },
      initiativeCapCents: 2500,
      wijkCapCents: 4000,
      decisionReference: reference,
    });
    const a = await initiative(100_000);
    for (let n = 0; n < 4; n++) await pledge(a.id);
    expect(await matchesOf(a.id)).toEqual([1000, 1000, 500, 0]);
    expect(await goalOf(t.database.db, a.id)).toMatchObject({ pledged: 4000, matched: 2500 });

    // The wijk's cap: 1,500 left; the next initiative gets 1,000, then 500, then nothing.
    const b = await initiative(100_000);
    for (let n = 0; n < 3; n++) await pledge(b.id);
    expect(await matchesOf(b.id)).toEqual([1000, 500, 0]);
    expect((await match.ruleOf(WIJK, 2026))?.usedCents).toBe(4000);
    expect(await ledgerOf(reference)).toEqual({
      'district_budget/grant': -4000,
      'district_granted/grant': 4000,
      'district_granted/match': -4000,
      'escrow/match': 4000,
    });
    const use = await match.usedOf(reference);
    expect(use).toMatchObject({ waitingCents: 4000, fundedCents: 0, releasedCents: 0 });
    expect(use.initiatives.map((i) => [i.reference, i.waitingCents, i.pledges])).toEqual(
      [
        [a.reference, 2500, 3],
        [b.reference, 1500, 2],
      ].sort((x, y) => String(x[0]).localeCompare(String(y[0]))),
    );
    expect(await verifyLedger(t.database.db)).toBeUndefined();
  });

  it('1:2 gives half a household’s cents; 2:1 twice; a new decision replaces the rule, the initiative’s cap counts both', async () => {
    const half = await grant(10_000);
    await setRule({
      ratio: { numerator: 1, denominator: 2 },
      initiativeCapCents: 10_000,
      wijkCapCents: 10_000,
      decisionReference: half,
    });
    const a = await initiative(100_000);
    await pledge(a.id);
    await pledge(a.id);
    expect(await matchesOf(a.id)).toEqual([500, 500]);

    const double = await grant(3000);
    const rule = await setRule({
      ratio: { numerator: 2, denominator: 1 },
      initiativeCapCents: 3000,
      wijkCapCents: 3000,
      decisionReference: double,
    });
    expect(rule.usedCents).toBe(0);
    await pledge(a.id);
    await pledge(a.id);
    // The initiative's cap counts what it holds under every rule of the year: 1,000 + 2,000.
    expect(await matchesOf(a.id)).toEqual([500, 500, 2000, 0]);
    // The first rule ended with what it had matched; the initiative holds both.
    const rules = await match.rulesOf([WIJK], 2026);
    expect(rules.find((r) => r.decisionReference === half)).toMatchObject({ usedCents: 1000 });
    expect(rules.find((r) => r.decisionReference === half)?.endedAt).toBeInstanceOf(Date);
    expect(await goalOf(t.database.db, a.id)).toMatchObject({ pledged: 4000, matched: 3000 });
    expect(await verifyLedger(t.database.db)).toBeUndefined();
  });

  it('the support shown counts the match, and says how much of it came from the wijk', async () => {
    const reference = await grant(5000);
    await setRule({
      ratio: { numerator: 1, denominator: 1 },
      initiativeCapCents: 5000,
      wijkCapCents: 5000,
      decisionReference: reference,
    });
    const a = await initiative(10_000);
    await pledge(a.id);
    expect((await summarizeSupport(ctx, [a.id])).get(a.id)).toMatchObject({
      givenCents: 2000,
      matchedCents: 1000,
      households: 1,
    });
    const page = await t.app.inject({ method: 'GET', url: `/initiatieven/${a.reference}` });
    expect(page.body.replace(/\u00a0/g, ' ')).toContain('waarvan € 10 uit het wijkbudget');
    // The household budget's own figures count households' cents only.
    const figures = await figuresPerBuurt(t.database.db, 'GM0637', 2026);
    const { rows } = await sql<{ s: number }>`
      select sum(amount_cents)::bigint as s from pledge where status <> 'released' and year = 2026
    `.execute(t.database.db);
    expect(figures.find((f) => f.buurtCode === BUURT)?.pledgedCents).toBe(rows[0]?.s);
  });
});

describe('the match moves with the pledges', () => {
  it('a match tops up to the goal, never past it; funding moves it to funded', async () => {
    const reference = await grant(10_000);
    await setRule({
      ratio: { numerator: 1, denominator: 1 },
      initiativeCapCents: 10_000,
      wijkCapCents: 10_000,
      decisionReference: reference,
    });
    const a = await initiative(3500);
    await pledge(a.id);
    const funding = await pledge(a.id);
    expect(funding.funded).toBe(true);
    expect(await matchesOf(a.id)).toEqual([1000, 500]);
    expect(await goalOf(t.database.db, a.id)).toEqual({
      pledged: 2000,
      matched: 1500,
      state: 'funded',
      stage: 'funded',
    });
    expect(await ledgerOf(reference)).toMatchObject({
      'district_granted/match': -1500,
      'escrow/match': 1500,
      'escrow/match_fund': -1500,
      'funded/match_fund': 1500,
    });
    expect((await match.usedOf(reference)).fundedCents).toBe(1500);
    expect((await match.ruleOf(WIJK, 2026))?.usedCents).toBe(1500);
    expect(await verifyLedger(t.database.db)).toBeUndefined();
  });

  it('a goal the match alone reaches is funded by that pledge', async () => {
    const reference = await grant(10_000);
    await setRule({
      ratio: { numerator: 3, denominator: 1 },
      initiativeCapCents: 10_000,
      wijkCapCents: 10_000,
      decisionReference: reference,
    });
    const a = await initiative(4000);
    expect((await pledge(a.id)).funded).toBe(true);
    expect(await goalOf(t.database.db, a.id)).toMatchObject({
      pledged: 1000,
      matched: 3000,
      state: 'funded',
    });
    expect(await verifyLedger(t.database.db)).toBeUndefined();
  });

  it('the deadline releases the matches to the decision, and the wijk’s cap counts them no longer', async () => {
    const reference = await grant(3000);
    await setRule({
      ratio: { numerator: 1, denominator: 1 },
      initiativeCapCents: 3000,
      wijkCapCents: 3000,
      decisionReference: reference,
    });
    const a = await initiative(100_000, '2026-03-05');
    await pledge(a.id);
    await pledge(a.id);
    expect((await match.ruleOf(WIJK, 2026))?.usedCents).toBe(2000);
    now = new Date('2026-03-06T10:00:00Z');
    expect(await releaseExpiredSupport(ctx)).toBe(2);
    expect(await goalOf(t.database.db, a.id)).toMatchObject({ pledged: 0, matched: 0, state: 'expired' });
    expect((await match.ruleOf(WIJK, 2026))?.usedCents).toBe(0);
    expect(await ledgerOf(reference)).toMatchObject({
      'district_granted/match': -2000,
      'district_granted/match_release': 2000,
      'escrow/match': 2000,
      'escrow/match_release': -2000,
    });
    expect(await match.usedOf(reference)).toMatchObject({ waitingCents: 0, releasedCents: 2000 });
    expect(await verifyLedger(t.database.db)).toBeUndefined();

    // What was released can match again: the whole 3,000 for the next initiative.
    const b = await initiative(100_000);
    for (let n = 0; n < 4; n++) await pledge(b.id);
    expect(await matchesOf(b.id)).toEqual([1000, 1000, 1000, 0]);
    expect(await verifyLedger(t.database.db)).toBeUndefined();
  });
});

describe('the rule as the district budget sets and ends it', () => {
  it('needs the money granted, keeps caps above what is used, and ends', async () => {
    const reference = await grant(2000);
    const base = {
      ratio: { numerator: 1, denominator: 1 },
      initiativeCapCents: 2000,
      decisionReference: reference,
    };
    await expect(setRule({ ...base, wijkCapCents: 2001 })).rejects.toMatchObject({
      messageKey: 'budgets.errors.match.notGranted',
    });
    await expect(setRule({ ...base, wijkCapCents: 0 })).rejects.toMatchObject({
      messageKey: 'budgets.errors.match.cap',
    });
    await expect(
      setRule({ ...base, wijkCapCents: 1000, decisionReference: 'match:1' }),
    ).rejects.toMatchObject({ messageKey: 'budgets.errors.match.reference' });
    await setRule({ ...base, wijkCapCents: 1000 });
    const a = await initiative(100_000);
    await pledge(a.id);
    await expect(setRule({ ...base, wijkCapCents: 900 })).rejects.toMatchObject({
      messageKey: 'budgets.errors.match.capBelowUsed',
    });
    await expect(setRule({ ...base, initiativeCapCents: 900, wijkCapCents: 2000 })).rejects.toMatchObject({
      messageKey: 'budgets.errors.match.initiativeCapBelowUsed',
    });
    // The same decision raises its cap within what it granted.
    const raised = await setRule({ ...base, wijkCapCents: 2000 });
    expect(raised).toMatchObject({ usedCents: 1000, wijkCapCents: 2000 });
    await pledge(a.id);
    expect(await matchesOf(a.id)).toEqual([1000, 1000]);

    const ended = await t.database.db.transaction().execute((trx) => match.endRule(trx, WIJK, 2026, now));
    expect(ended?.endedAt).toBeInstanceOf(Date);
    expect(await match.ruleOf(WIJK, 2026)).toBeUndefined();
    const b = await initiative(100_000);
    await pledge(b.id);
    expect(await matchesOf(b.id)).toEqual([0]);
    expect(await verifyLedger(t.database.db)).toBeUndefined();
  });
});

describe('verify-ledger sees a match that is off', () => {
  it('names a rule whose total differs from its matches', async () => {
    const reference = await grant(1000);
    const rule = await setRule({
      ratio: { numerator: 1, denominator: 1 },
      initiativeCapCents: 1000,
      wijkCapCents: 1000,
      decisionReference: reference,
    });
    await t.database.db
      .transaction()
      .execute(async (trx) => {
        await sql`update budget_match_rule set used_cents = 1 where id = ${rule.id}`.execute(trx);
        expect(await verifyLedger(trx)).toMatch(/match rule’s total differs/);
        throw new Rollback();
      })
      .catch((error: unknown) => {
        if (!(error instanceof Rollback)) throw error;
      });
    expect(await verifyLedger(t.database.db)).toBeUndefined();
  });
});

class Rollback extends Error {}
