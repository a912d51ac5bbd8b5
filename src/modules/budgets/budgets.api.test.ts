import { sql } from 'kysely';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/helpers/app.js';
import { buildApp, type App } from '../../app.js';
import { openDatabase, type Database } from '../../db/database.js';
import {
  asTyped,
  createOpenInitiative,
  OLD_FORMAT_CODE,
  openSupport,
  setUpBudgetYear,
} from './budgets.test-helpers.js';
import { issueLetterCodes, markLettersPrinted } from './vouchers.service.js';
import { verifyLedger } from './years.service.js';
import { type BudgetsContext } from './budgets.context.js';
import { formatCode, generateCode } from './voucher-code.js';

const now = new Date('2026-03-02T10:00:00Z');
let t: TestApp;
let ctx: BudgetsContext;
let codes: string[];
let ip = 0;

/** Every call from its own address, unless a test is about the per-client limit. */
function post(
  app: App['app'],
  url: string,
  body: unknown,
  remoteAddress = `10.1.${(ip >> 8) & 255}.${ip++ & 255}`,
) {
  return app.inject({
    method: 'POST',
    url,
    headers: { 'content-type': 'application/json' },
    payload: JSON.stringify(body),
    remoteAddress,
  });
}

beforeAll(async () => {
  t = await createTestApp({}, { clock: () => now });
  const setUp = await setUpBudgetYear(t.modules.budgets.context, {
    buurten: [{ code: 'BU06370001', wijkCode: 'WK063700', households: 60 }],
  });
  ctx = setUp.ctx;
  codes = setUp.codes.get('BU06370001') ?? [];
});
afterAll(async () => {
  await t.close();
});

describe('POST /api/v1/vouchers/lookup and /api/v1/pledges', () => {
  it('answers state and options, 201 with a receipt, 200 with the same one for a retry, 409 naming it', async () => {
    const a = await createOpenInitiative(t.database.db, {
      buurt: 'BU06370001',
      wijk: 'WK063700',
      title: 'Speeltuin',
    });
    const b = await createOpenInitiative(t.database.db, { buurt: 'BU06370001', wijk: 'WK063700' });
    await openSupport(ctx, a.id, 100_000, '2026-06-30');
    await openSupport(ctx, b.id, 100_000, '2026-06-30');
    const code = formatCode(codes[0] ?? '');

    // Typed from the letter in small letters with spaces: the same code.
    const lookup = await post(t.app, '/api/v1/vouchers/lookup', { code: asTyped(codes[0] ?? '') });
    expect(lookup.statusCode).toBe(200);
    expect(lookup.json()).toMatchObject({ state: 'unused', amountCents: 1000, pledge: null });
    expect(lookup.json<{ initiatives: { id: string }[] }>().initiatives.map((i) => i.id)).toEqual(
      expect.arrayContaining([a.id, b.id]),
    );

    const created = await post(t.app, '/api/v1/pledges', {
      code: asTyped(codes[0] ?? ''),
      initiativeId: a.id,
    });
    expect(created.statusCode).toBe(201);
    const receipt = created.json<{ receipt: string }>().receipt;
    expect(created.json()).toMatchObject({
      status: 'active',
      amountCents: 1000,
      initiative: { title: 'Speeltuin' },
    });

    const retry = await post(t.app, '/api/v1/pledges', { code, initiativeId: a.id });
    expect(retry.statusCode).toBe(200);
    expect(retry.json()).toMatchObject({ receipt });

    const other = await post(t.app, '/api/v1/pledges', { code, initiativeId: b.id });
    expect(other.statusCode).toBe(409);
    expect(other.headers['content-type']).toMatch(/problem\+json/);
    expect(other.json<{ detail: string }>().detail).toContain(receipt);
  });

  it('422 for an initiative not open, a bad check character explained; 404 for an unknown code', async () => {
    const code = codes[1] ?? '';
    const notOpen = await post(t.app, '/api/v1/pledges', {
      code,
      initiativeId: '00000000-0000-4000-8000-000000000000',
    });
    expect(notOpen.statusCode).toBe(422);
    const typo = `${code.slice(0, 13)}${code[13] === '2' ? '3' : '2'}`;
    const bad = await post(t.app, '/api/v1/vouchers/lookup', { code: typo });
    expect(bad.statusCode).toBe(422);
    expect(bad.json<{ detail: string }>().detail).toMatch(/één teken verkeerd|one character is wrong/);
    const old = await post(t.app, '/api/v1/vouchers/lookup', { code: OLD_FORMAT_CODE });
    expect(old.statusCode).toBe(422);
    expect(old.json<{ detail: string }>().detail).toMatch(/eerste brieven|first letters/);
  });
});

describe('a client’s limit counts failed codes, not right ones', () => {
  const lookup = (code: string, client: string) => post(t.app, '/api/v1/vouchers/lookup', { code }, client);

  it('lets one client (a kiosk, a community centre) look up right codes without end, and one code again and again', async () => {
    for (let i = 0; i < 45; i++) {
      const res = await lookup(formatCode(codes[20 + (i % 15)] ?? ''), '192.0.2.20');
      expect(res.statusCode, `look-up ${i + 1}`).toBe(200);
    }
    // A retry storm with one code, in one client.
    for (let i = 0; i < 60; i++) {
      expect((await lookup(codes[40] ?? '', '192.0.2.21')).statusCode, `retry ${i + 1}`).toBe(200);
    }
  });

  it('refuses a client after 30 failed codes in 10 minutes: unknown, replaced by a reprint, wrong check character', async () => {
    // Letters of another year, printed again: the codes of the first letters stopped working.
    const other = await setUpBudgetYear(t.modules.budgets.context, {
      year: 2027,
      buurten: [{ code: 'BU06370001', wijkCode: 'WK063700', households: 10 }],
    });
    const replaced = other.codes.get('BU06370001') ?? [];
    const reprint: number[][] = [];
    for await (const batch of issueLetterCodes(other.ctx, {
      municipalityCode: 'GM0637',
      year: 2027,
      reprint: true,
    }))
      reprint.push(batch.map((l) => l.voucherId));
    await markLettersPrinted(other.ctx, reprint);

    const client = '192.0.2.22';
    // Typing errors that can never match a code (wrong length, a character not on letters) are no guesses.
    for (let i = 0; i < 10; i++) expect((await lookup('nope', client)).statusCode).toBe(422);
    const failures = [
      ...replaced.slice(0, 10),
      ...Array.from({ length: 10 }, () => generateCode()),
      ...codes.slice(50, 60).map((code) => `${code.slice(0, 13)}${code[13] === '2' ? '3' : '2'}`),
    ];
    for (const [i, code] of failures.entries()) {
      const res =
        i % 2 === 0
          ? await lookup(code, client)
          : await post(
              t.app,
              '/api/v1/pledges',
              { code, initiativeId: '00000000-0000-4000-8000-000000000000' },
              client,
            );
      expect([404, 422], `failure ${i + 1}`).toContain(res.statusCode);
    }
    // The 31st attempt waits, even with a right code.
    const refused = await lookup(codes[41] ?? '', client);
    expect(refused.statusCode).toBe(429);
    expect(refused.json()).toMatchObject({ code: 'rate_limited' });
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    // Another client is not held up by this one.
    expect((await lookup(codes[41] ?? '', '192.0.2.23')).statusCode).toBe(200);
  });
});

describe('exactly once, whatever the concurrency', () => {
  it('200 concurrent attempts with one code through two app processes: one pledge, no 5xx', async () => {
    const a = await createOpenInitiative(t.database.db, { buurt: 'BU06370001', wijk: 'WK063700' });
    const b = await createOpenInitiative(t.database.db, { buurt: 'BU06370001', wijk: 'WK063700' });
    await openSupport(ctx, a.id, 100_000, '2026-06-30');
    await openSupport(ctx, b.id, 100_000, '2026-06-30');
    const code = codes[5] ?? '';

    // On PostgreSQL a second app with its own pool, as another process would be; PGlite has
    // one connection in one process, so there both halves go through the one app.
    let second: { built: App; database: Database } | undefined;
    if (t.database.url) {
      const database = await openDatabase({ databaseUrl: t.database.url, dataDir: 'unused', poolSize: 5 });
      second = { built: await buildApp({ config: t.config, database, clock: () => now }), database };
    }
    try {
      const apps = [t.app, second?.built.app ?? t.app];
      const responses = await Promise.all(
        Array.from({ length: 200 }, (_, i) =>
          post(apps[i % 2] ?? t.app, '/api/v1/pledges', { code, initiativeId: i % 4 < 3 ? a.id : b.id }),
        ),
      );
      const statuses = responses.map((r) => r.statusCode);
      expect(statuses.filter((s) => s >= 500)).toEqual([]);
      expect(statuses.filter((s) => s === 201)).toHaveLength(1);
      const winner = responses
        .find((r) => r.statusCode === 201)
        ?.json<{ receipt: string; initiative: { id: string } }>();
      if (!winner) throw new Error('no pledge');
      for (const r of responses) {
        if (r.statusCode === 200) expect(r.json<{ receipt: string }>().receipt).toBe(winner.receipt);
        else if (r.statusCode === 409) expect(r.json<{ detail: string }>().detail).toContain(winner.receipt);
        else expect(r.statusCode).toBe(201);
      }
      const { rows } = await sql<{ n: number }>`
        select count(*)::int as n from pledge p join initiative_support_goal g on g.initiative_id = p.initiative_id
        where p.initiative_id in (${a.id}, ${b.id})
      `.execute(t.database.db);
      expect(rows[0]?.n).toBe(1);
      expect(await verifyLedger(t.database.db)).toBeUndefined();
    } finally {
      if (second) {
        await second.built.app.close();
        await second.database.close();
      }
    }
  });
  it('40 households at once towards a goal of 20: exactly 20 pledges, funded once, the rest told', async () => {
    const i = await createOpenInitiative(t.database.db, { buurt: 'BU06370001', wijk: 'WK063700' });
    await openSupport(ctx, i.id, 20_000, '2026-06-30');
    let second: { built: App; database: Database } | undefined;
    if (t.database.url) {
      const database = await openDatabase({ databaseUrl: t.database.url, dataDir: 'unused', poolSize: 5 });
      second = { built: await buildApp({ config: t.config, database, clock: () => now }), database };
    }
    try {
      const apps = [t.app, second?.built.app ?? t.app];
      const responses = await Promise.all(
        codes
          .slice(20, 60)
          .map((code, n) => post(apps[n % 2] ?? t.app, '/api/v1/pledges', { code, initiativeId: i.id })),
      );
      const statuses = responses.map((r) => r.statusCode).sort();
      expect(statuses.filter((s) => s === 201)).toHaveLength(20);
      expect(statuses.filter((s) => s === 422)).toHaveLength(20);
      const { rows } = await sql<{ stage: string }>`select stage from initiative where id = ${i.id}`.execute(
        t.database.db,
      );
      expect(rows[0]?.stage).toBe('funded');
      expect(await verifyLedger(t.database.db)).toBeUndefined();
    } finally {
      if (second) {
        await second.built.app.close();
        await second.database.close();
      }
    }
  });
});

describe('codes stay out of logs and URLs', () => {
  it('the QR landing writes no request log; the API is described in OpenAPI', async () => {
    const lines: string[] = [];
    const logger = pino(
      { level: 'info' },
      {
        write: (line: string) => {
          lines.push(line);
        },
      },
    );
    const logged = await buildApp({ config: t.config, database: t.database, clock: () => now, logger });
    try {
      const code = formatCode(codes[10] ?? '');
      await logged.app.inject({ method: 'GET', url: `/buurtbudget?code=${code}` });
      await logged.app.inject({
        method: 'POST',
        url: '/api/v1/vouchers/lookup',
        headers: { 'content-type': 'application/json' },
        payload: JSON.stringify({ code }),
      });
      await logged.app.inject({ method: 'GET', url: '/health' });
      expect(lines.some((l) => l.includes('/health'))).toBe(true);
      expect(lines.filter((l) => l.includes(code) || l.includes(code.replace(/-/g, '')))).toEqual([]);
      const doc = (await logged.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json<{
        paths: Record<string, unknown>;
      }>();
      expect(Object.keys(doc.paths)).toEqual(
        expect.arrayContaining(['/api/v1/vouchers/lookup', '/api/v1/pledges']),
      );
    } finally {
      await logged.app.close();
    }
  });
});
