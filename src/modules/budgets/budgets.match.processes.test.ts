import crypto from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/helpers/app.js';
import { testEngine } from '../../../test/helpers/engines.js';
import { runCli, startServerProcess, type ServerProcess } from '../../../test/helpers/processes.js';
import { amsterdamDate } from '../../shared/dates.js';
import { createOpenInitiative, openSupport, setUpBudgetYear } from './budgets.test-helpers.js';
import { ledger } from './ledger.js';
import type { MatchRuleInput } from './match-funding.js';
import { formatCode } from './voucher-code.js';

// Match funding's caps under real concurrency: 200 pledges at once through two app processes
// (each its own Node process, pool and batches) on one PostgreSQL server. In one wijk the
// initiative's cap binds, in the other the wijk's: each must stop exactly at its cap, with one
// pledge matched in part, whatever the order the batches meet the rules in.
const year = Number(amsterdamDate(new Date()).slice(0, 4));
let t: TestApp;
let servers: ServerProcess[] = [];
let env: Record<string, string>;
let codes: Map<string, string[]>;

const WIJK_A = 'WK063700';
const WIJK_B = 'WK063701';
const BUURT_A = 'BU06370001';
const BUURT_B = 'BU06370100';

async function grantAndSetRule(rule: Omit<MatchRuleInput, 'decisionReference' | 'year'>): Promise<string> {
  const reference = `decision:${crypto.randomUUID()}`;
  const at = new Date();
  const base = { municipalityCode: 'GM0637', year, wijkCode: rule.wijkCode };
  const cents = rule.wijkCapCents;
  await t.database.db.transaction().execute(async (trx) => {
    await ledger.post(
      trx,
      [
        { ...base, kind: 'allocate', account: 'district_source', reference: null, amountCents: -cents },
        { ...base, kind: 'allocate', account: 'district_budget', reference: null, amountCents: cents },
      ],
      at,
    );
    await ledger.post(
      trx,
      [
        { ...base, kind: 'grant', account: 'district_budget', reference, amountCents: -cents },
        { ...base, kind: 'grant', account: 'district_granted', reference, amountCents: cents },
      ],
      at,
    );
    await t.modules.budgets.matchFunding.setRule(trx, { ...rule, year, decisionReference: reference }, at);
  });
  return reference;
}

function pledge(n: number, code: string, initiativeId: string): Promise<Response> {
  const server = servers[n % servers.length];
  if (!server) throw new Error('no server running');
  return fetch(`${server.url}/api/v1/pledges`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-forwarded-for': `10.8.${(n >> 8) & 255}.${n & 255}`,
    },
    body: JSON.stringify({ code: formatCode(code), initiativeId }),
  });
}

async function matchesOf(ids: readonly string[]): Promise<number[]> {
  const { rows } = await sql<{ m: number }>`
    select matched_cents as m from pledge where initiative_id = any(${[...ids]}::uuid[])
  `.execute(t.database.db);
  return rows.map((r) => r.m);
}

describe.runIf(testEngine() === 'postgresql')('match funding through two app processes on one server', () => {
  beforeAll(async () => {
    t = await createTestApp();
    const setUp = await setUpBudgetYear(t.modules.budgets.context, {
      year,
      buurten: [
        { code: BUURT_A, wijkCode: WIJK_A, households: 100 },
        { code: BUURT_B, wijkCode: WIJK_B, households: 100 },
      ],
    });
    codes = setUp.codes;
    const url = t.database.url;
    if (!url) throw new Error('a PostgreSQL test database has a url');
    env = {
      DATABASE_URL: url,
      SECRET_KEY: t.config.secretKey,
      DEMO: 'false',
      TRUST_PROXY: 'loopback',
      NODE_ENV: 'test',
    };
    servers = await Promise.all([startServerProcess(env), startServerProcess(env)]);
  }, 120_000);
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.stop()));
    await t?.close();
  });

  it('200 pledges at once: the initiative’s cap and the wijk’s cap each stop exactly; verify-ledger passes', async () => {
    const ctx = t.modules.budgets.context;
    const a = await createOpenInitiative(t.database.db, { buurt: BUURT_A, wijk: WIJK_A });
    const b = await createOpenInitiative(t.database.db, { buurt: BUURT_B, wijk: WIJK_B });
    const c = await createOpenInitiative(t.database.db, { buurt: BUURT_B, wijk: WIJK_B });
    for (const i of [a, b, c]) await openSupport(ctx, i.id, 10_000_000, `${year}-12-31`, year);
    // Wijk A: 100 pledges of € 10 towards one initiative, matched 1:1 up to € 455 for it.
    const ruleA = await grantAndSetRule({
      wijkCode: WIJK_A,
      ratio: { numerator: 1, denominator: 1 },
      initiativeCapCents: 45_500,
      wijkCapCents: 90_000,
    });
    // Wijk B: 100 pledges over two initiatives, matched 1:1 up to € 702,50 for the wijk.
    const ruleB = await grantAndSetRule({
      wijkCode: WIJK_B,
      ratio: { numerator: 1, denominator: 1 },
      initiativeCapCents: 90_000,
      wijkCapCents: 70_250,
    });

    const inA = codes.get(BUURT_A) ?? [];
    const inB = codes.get(BUURT_B) ?? [];
    expect([inA.length, inB.length]).toEqual([100, 100]);
    const attempts = Array.from({ length: 200 }, (_, n) =>
      n % 2 === 0
        ? { code: inA[n >> 1] ?? '', initiative: a.id }
        : { code: inB[n >> 1] ?? '', initiative: n % 4 === 1 ? b.id : c.id },
    );
    const responses = await Promise.all(attempts.map((x, n) => pledge(n, x.code, x.initiative)));
    expect(responses.map((r) => r.status).filter((s) => s !== 201)).toEqual([]);

    const matchedA = await matchesOf([a.id]);
    expect(matchedA.reduce((s, m) => s + m, 0)).toBe(45_500);
    expect(matchedA.filter((m) => m === 1000)).toHaveLength(45);
    expect(matchedA.filter((m) => m === 500)).toHaveLength(1);
    const matchedB = await matchesOf([b.id, c.id]);
    expect(matchedB.reduce((s, m) => s + m, 0)).toBe(70_250);
    expect(matchedB.filter((m) => m === 1000)).toHaveLength(70);
    expect(matchedB.filter((m) => m === 250)).toHaveLength(1);

    const match = t.modules.budgets.matchFunding;
    expect((await match.ruleOf(WIJK_A, year))?.usedCents).toBe(45_500);
    expect((await match.ruleOf(WIJK_B, year))?.usedCents).toBe(70_250);
    expect((await match.usedOf(ruleA)).waitingCents).toBe(45_500);
    expect((await match.usedOf(ruleB)).waitingCents).toBe(70_250);
    const { rows } = await sql<{ reference: string; s: number }>`
      select reference, sum(amount_cents)::bigint as s from ledger_line
      where account = 'district_granted' and reference in (${ruleA}, ${ruleB}) group by reference
    `.execute(t.database.db);
    expect(Object.fromEntries(rows.map((r) => [r.reference, r.s]))).toEqual({
      [ruleA]: 90_000 - 45_500,
      [ruleB]: 0,
    });

    const verified = await runCli(['verify-ledger'], env);
    expect(verified.code, verified.stderr).toBe(0);
  }, 120_000);
});
