import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type App } from '../../app.js';
import { createTestApp, type TestApp } from '../../../test/helpers/app.js';
import { createStaff, grant, TestBrowser } from '../../../test/helpers/browser.js';
import { byIp, failuresOnly } from './rate-limit.js';

let now = new Date('2026-03-02T08:00:00Z');
const clock = () => new Date(now);

let t: TestApp;
let second: App;
beforeAll(async () => {
  t = await createTestApp({}, { clock });
  // A second app process on the same database, as behind a load balancer.
  second = await buildApp({ config: t.config, database: t.database, clock });
  await createStaff(t, { email: 'target@gemeente.example', grants: [grant('coach', 'GM0637')] });
});
afterAll(async () => {
  await second.app.close();
  await t.close();
});

describe('rate limits are shared by every app process', () => {
  it('counts attempts on either process towards one limit, and lets go when the window ends', async () => {
    const one = new TestBrowser(t);
    const two = new TestBrowser({ ...t, app: second.app });
    await one.get('/inloggen');
    await two.get('/inloggen');
    for (let i = 0; i < 9; i++) {
      const b = i % 2 === 0 ? one : two;
      expect(
        (await b.post('/inloggen', { email: 'target@gemeente.example', password: `guess-${i}` })).statusCode,
      ).toBe(400);
    }
    const tenth = await two.post('/inloggen', { email: 'target@gemeente.example', password: 'guess-10' });
    expect(tenth.statusCode).toBe(429);
    const retryAfter = Number(tenth.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(15 * 60);

    now = new Date(now.getTime() + retryAfter * 1000);
    expect(
      (await one.post('/inloggen', { email: 'target@gemeente.example', password: 'guess-11' })).statusCode,
    ).toBe(400);
  });

  it('stores keys as HMACs, never the e-mail address or IP address', async () => {
    const rows = await t.database.db
      .withTables<{ rate_limit_counter: { key: string } }>()
      .selectFrom('rate_limit_counter')
      .select('key')
      .execute();
    expect(rows.length).toBeGreaterThan(0);
    for (const { key } of rows) {
      expect(key).not.toContain('@');
      expect(key).not.toContain('127.0.0.1');
      expect(key).toMatch(/^[a-z-]+:[A-Za-z0-9_-]{43}$/);
    }
  });

  it('answers an API route over its limit with 429 problem+json and Retry-After', async () => {
    const app = await createTestApp({}, { clock });
    try {
      app.app.post(
        '/api/v1/limited',
        { config: { access: 'public', rateLimit: [byIp('test-limited', 2, 60)] } },
        async () => ({ ok: true }),
      );
      const call = () => app.app.inject({ method: 'POST', url: '/api/v1/limited', payload: {} });
      expect((await call()).statusCode).toBe(200);
      expect((await call()).statusCode).toBe(200);
      const third = await call();
      expect(third.statusCode).toBe(429);
      expect(third.headers['content-type']).toContain('application/problem+json');
      expect(third.json()).toMatchObject({ status: 429, code: 'rate_limited' });
      expect(Number(third.headers['retry-after'])).toBeGreaterThan(0);
    } finally {
      await app.close();
    }
  });
});

describe('a limit can count only failed attempts', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await createTestApp({}, { clock });
    // A guess is right when the body says so; the handler reports the others as failures.
    app.app.post(
      '/api/v1/guess',
      { config: { access: 'public', rateLimit: [failuresOnly(byIp('test-guess', 3, 600))] } },
      async (request) => {
        if (Reflect.get(Object(request.body), 'right') !== true) request.countAsFailure();
        return { ok: true };
      },
    );
  });
  afterAll(async () => {
    await app.close();
  });
  const guess = (right: boolean, remoteAddress: string) =>
    app.app.inject({ method: 'POST', url: '/api/v1/guess', payload: { right }, remoteAddress });
  const hitsOf = async (name: string) =>
    (
      await app.database.db
        .withTables<{ rate_limit_counter: { key: string; hits: number } }>()
        .selectFrom('rate_limit_counter')
        .select('hits')
        .where('key', 'like', `${name}:%`)
        .execute()
    ).map((r) => r.hits);

  it('lets any number of right attempts through; refuses the client once it failed up to the limit', async () => {
    for (let i = 0; i < 20; i++) expect((await guess(true, '192.0.2.10')).statusCode).toBe(200);
    for (let i = 0; i < 3; i++) expect((await guess(false, '192.0.2.10')).statusCode).toBe(200);
    expect((await guess(false, '192.0.2.10')).statusCode).toBe(429);
    // At the limit even a right attempt waits: the handler does not run.
    expect((await guess(true, '192.0.2.10')).statusCode).toBe(429);
    // Refused attempts tried nothing and are not counted as failures.
    expect(await hitsOf('test-guess')).toEqual([3]);
    // Another client has its own count.
    expect((await guess(false, '192.0.2.11')).statusCode).toBe(200);
  });

  it('never lets attempts sent at the same time past the limit together', async () => {
    const answers = await Promise.all(Array.from({ length: 20 }, () => guess(false, '192.0.2.12')));
    const statuses = answers.map((r) => r.statusCode);
    expect(statuses.filter((s) => s === 200)).toHaveLength(3);
    expect(statuses.filter((s) => s === 429)).toHaveLength(17);
  });
});
