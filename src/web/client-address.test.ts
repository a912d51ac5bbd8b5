import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/helpers/app.js';
import { createStaff, grant, TestBrowser, TEST_PASSWORD } from '../../test/helpers/browser.js';
import { rateLimitClientOf } from './client-address.js';
import { byIp } from './plugins/rate-limit.js';

describe('a per-IP limit counts an IPv4 address, and an IPv6 client by its /64', () => {
  it.each([
    ['192.0.2.7', '192.0.2.7'],
    ['::ffff:192.0.2.7', '192.0.2.7'],
    ['::ffff:c000:207', '192.0.2.7'],
    ['2001:db8:1:2::1', '2001:db8:1:2::/64'],
    ['2001:0db8:0001:0002:ffff:ffff:ffff:ffff', '2001:db8:1:2::/64'],
    ['2001:DB8:1:2:3:4:5:6', '2001:db8:1:2::/64'],
    ['2001:db8::1', '2001:db8:0:0::/64'],
    ['2001:db8:0:0:1::', '2001:db8:0:0::/64'],
    ['fe80::1%eth0', 'fe80:0:0:0::/64'],
    ['::1', '0:0:0:0::/64'],
    ['64:ff9b::192.0.2.7', '64:ff9b:0:0::/64'],
  ])('%s → %s', (ip, key) => {
    expect(rateLimitClientOf(ip)).toBe(key);
  });
});

/** A test route with a per-IP limit of 2 a minute, and one that shows the address the app sees. */
async function appWithLimitedRoute(env: Record<string, string>): Promise<TestApp> {
  const t = await createTestApp(env);
  t.app.post(
    '/api/v1/limited',
    { config: { access: 'public', rateLimit: [byIp('test-client', 2, 60)] } },
    async () => ({ ok: true }),
  );
  t.app.get('/api/v1/client', { config: { access: 'public' } }, async (request) => ({ ip: request.ip }));
  return t;
}

describe('behind a proxy: only the entries written by the listed proxies count', () => {
  let t: TestApp;
  beforeAll(async () => {
    // app.inject() connects from 127.0.0.1: the proxy, as far as the app can tell.
    t = await appWithLimitedRoute({ TRUST_PROXY: '127.0.0.1,10.0.0.0/8' });
    await createStaff(t, { email: 'achter@gemeente.example', grants: [grant('coach', 'GM0637')] });
  });
  afterAll(async () => {
    await t.close();
  });

  it('takes the client from the proxy, not from what the client wrote to the left of it', async () => {
    const seen = await t.app.inject({
      method: 'GET',
      url: '/api/v1/client',
      headers: { 'x-forwarded-for': '6.6.6.6, 203.0.113.7' },
    });
    expect(seen.json()).toEqual({ ip: '203.0.113.7' });
    // A chain of listed proxies is followed to the first address that is no proxy.
    const chain = await t.app.inject({
      method: 'GET',
      url: '/api/v1/client',
      headers: { 'x-forwarded-for': '6.6.6.6, 203.0.113.7, 10.1.2.3' },
    });
    expect(chain.json()).toEqual({ ip: '203.0.113.7' });
    // A client that reaches the app without the proxy is its own address, whatever it writes.
    const direct = await t.app.inject({
      method: 'GET',
      url: '/api/v1/client',
      headers: { 'x-forwarded-for': '203.0.113.99' },
      remoteAddress: '198.51.100.9',
    });
    expect(direct.json()).toEqual({ ip: '198.51.100.9' });
  });

  it('a forged X-Forwarded-For entry does not give a client a fresh per-IP limit', async () => {
    const call = (forged: string) =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/limited',
        payload: {},
        headers: { 'x-forwarded-for': `${forged}, 203.0.113.8` },
      });
    expect((await call('1.1.1.1')).statusCode).toBe(200);
    expect((await call('2.2.2.2')).statusCode).toBe(200);
    expect((await call('3.3.3.3')).statusCode).toBe(429);
  });

  it('writes the client behind the proxy in the audit log, not the forged entry', async () => {
    const browser = new TestBrowser(t, { 'x-forwarded-for': '6.6.6.6, 203.0.113.9' });
    expect((await browser.signIn('achter@gemeente.example', TEST_PASSWORD)).statusCode).toBe(303);
    const { rows } = await sql<{ ip: string | null }>`
      select ip from audit_log where action = 'identity.session.signed_in'`.execute(t.database.db);
    expect(rows.map((r) => r.ip)).toEqual(['203.0.113.9']);
  });
});

describe('without a proxy (TRUST_PROXY=false)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await appWithLimitedRoute({ TRUST_PROXY: 'false' });
  });
  afterAll(async () => {
    await t.close();
  });

  it('ignores X-Forwarded-For altogether', async () => {
    const seen = await t.app.inject({
      method: 'GET',
      url: '/api/v1/client',
      headers: { 'x-forwarded-for': '203.0.113.7' },
      remoteAddress: '198.51.100.10',
    });
    expect(seen.json()).toEqual({ ip: '198.51.100.10' });
  });

  it('counts the addresses of one IPv6 /64 together, another /64 apart', async () => {
    const call = (remoteAddress: string) =>
      t.app.inject({ method: 'POST', url: '/api/v1/limited', payload: {}, remoteAddress });
    expect((await call('2001:db8:1:2::1')).statusCode).toBe(200);
    expect((await call('2001:db8:1:2:ffff:ffff:ffff:fffe')).statusCode).toBe(200);
    expect((await call('2001:db8:1:2:abcd::9')).statusCode).toBe(429);
    expect((await call('2001:db8:1:3::1')).statusCode).toBe(200);
  });
});
