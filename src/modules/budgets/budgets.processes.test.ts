import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/helpers/app.js';
import { testEngine } from '../../../test/helpers/engines.js';
import { runCli, startServerProcess, type ServerProcess } from '../../../test/helpers/processes.js';
import { amsterdamDate } from '../../shared/dates.js';
import { createOpenInitiative, openSupport, setUpBudgetYear } from './budgets.test-helpers.js';
import { formatCode } from './voucher-code.js';

// Exactly once across real processes: two app servers (each its own Node process and pool) on
// one PostgreSQL database behind a "load balancer" (this test, alternating between them and
// passing the client's address in X-Forwarded-For). PGlite serves one process by design.
const year = Number(amsterdamDate(new Date()).slice(0, 4));
let t: TestApp;
let codes: string[];
let servers: ServerProcess[] = [];
let env: Record<string, string>;
let client = 0;

/** The load balancer: round robin. */
function serverFor(n: number): ServerProcess {
  const server = servers[n % servers.length];
  if (!server) throw new Error('no server running');
  return server;
}

function pledge(server: ServerProcess, code: string, initiativeId: string): Promise<Response> {
  client++;
  return fetch(`${server.url}/api/v1/pledges`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-forwarded-for': `10.9.${(client >> 8) & 255}.${client & 255}`,
    },
    body: JSON.stringify({ code: formatCode(code), initiativeId }),
  });
}

describe.runIf(testEngine() === 'postgresql')('pledges through two app processes on one server', () => {
  beforeAll(async () => {
    t = await createTestApp();
    const setUp = await setUpBudgetYear(t.modules.budgets.context, {
      year,
      buurten: [{ code: 'BU06370001', wijkCode: 'WK063700', households: 60 }],
    });
    codes = setUp.codes.get('BU06370001') ?? [];
    const url = t.database.url;
    if (!url) throw new Error('a PostgreSQL test database has a url');
    env = {
      DATABASE_URL: url,
      SECRET_KEY: t.config.secretKey,
      DEMO: 'false',
      // The test is the proxy in front of both servers, on this machine.
      TRUST_PROXY: 'loopback',
      NODE_ENV: 'test',
    };
    servers = await Promise.all([startServerProcess(env), startServerProcess(env)]);
  }, 120_000);
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.stop()));
    await t?.close();
  });

  it('200 concurrent attempts with one code: one pledge, the same receipt for retries, no 5xx; verify-ledger passes', async () => {
    const a = await createOpenInitiative(t.database.db, { buurt: 'BU06370001', wijk: 'WK063700' });
    const b = await createOpenInitiative(t.database.db, { buurt: 'BU06370001', wijk: 'WK063700' });
    await openSupport(t.modules.budgets.context, a.id, 100_000, `${year}-12-31`, year);
    await openSupport(t.modules.budgets.context, b.id, 100_000, `${year}-12-31`, year);
    const code = codes[0] ?? '';

    // Three in four choose a (identical retries), one in four b (a different, concurrent pledge).
    const responses = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        pledge(serverFor(i), code, i % 4 < 3 ? a.id : b.id).then(async (r) => ({
          status: r.status,
          body: (await r.json()) as { receipt?: string; detail?: string; initiative?: { id: string } },
        })),
      ),
    );
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s >= 500)).toEqual([]);
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    const winner = responses.find((r) => r.status === 201)?.body;
    if (!winner?.receipt) throw new Error('no pledge');
    const chosen = winner.initiative?.id;
    for (const [i, r] of responses.entries()) {
      const same = (i % 4 < 3 ? a.id : b.id) === chosen;
      if (r.status === 201) continue;
      if (same) {
        expect(r.status).toBe(200);
        expect(r.body.receipt).toBe(winner.receipt);
      } else {
        expect(r.status).toBe(409);
        expect(r.body.detail).toContain(winner.receipt);
      }
    }
    const { rows } = await sql<{ n: number }>`
      select count(*)::int as n from pledge where initiative_id in (${a.id}, ${b.id})
    `.execute(t.database.db);
    expect(rows[0]?.n).toBe(1);

    const verified = await runCli(['verify-ledger'], env);
    expect(verified.code, verified.stderr).toBe(0);
  }, 60_000);

  it('40 households at once towards a goal of 20: exactly 20 pledges, funded once, the rest told', async () => {
    const i = await createOpenInitiative(t.database.db, { buurt: 'BU06370001', wijk: 'WK063700' });
    await openSupport(t.modules.budgets.context, i.id, 20_000, `${year}-12-31`, year);
    const responses = await Promise.all(
      codes.slice(10, 50).map((code, n) => pledge(serverFor(n), code, i.id)),
    );
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(20);
    expect(statuses.filter((s) => s === 422)).toHaveLength(20);
    const { rows } = await sql<{ stage: string; state: string; pledged: number }>`
      select i.stage, g.state, g.pledged_cents as pledged
      from initiative i join initiative_support_goal g on g.initiative_id = i.id where i.id = ${i.id}
    `.execute(t.database.db);
    expect(rows[0]).toEqual({ stage: 'funded', state: 'funded', pledged: 20_000 });
    const verified = await runCli(['verify-ledger'], env);
    expect(verified.code, verified.stderr).toBe(0);
  }, 60_000);
});
