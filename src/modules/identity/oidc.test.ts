import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/helpers/app.js';
import { createStaff, grant, TestBrowser } from '../../../test/helpers/browser.js';
import {
  loginAtProvider,
  startTestOidcProvider,
  type TestOidcProvider,
} from '../../../test/helpers/oidc-provider.js';

const APP = 'http://buurtkracht.test';
const ANNA = 'anna.coach@zoetermeer.example';

let provider: TestOidcProvider;
let t: TestApp;
beforeAll(async () => {
  provider = await startTestOidcProvider({
    redirectUri: `${APP}/inloggen/oidc/terug`,
    emails: { 'sub-anna': ANNA, 'sub-anna-2': ANNA, 'sub-onbekend': 'onbekend@zoetermeer.example' },
  });
  t = await createTestApp({
    PUBLIC_URL: APP,
    OIDC_ISSUER: provider.issuer,
    OIDC_CLIENT_ID: provider.clientId,
    OIDC_CLIENT_SECRET: provider.clientSecret,
    OIDC_LABEL: 'Inloggen met Gemeente-ID',
  });
  await createStaff(t, { email: ANNA, displayName: 'Anna Coach', grants: [grant('coach', 'GM0637')] });
});
afterAll(async () => {
  await t?.close();
  await provider?.close();
});

/** The whole flow for one browser: the app's button, the provider's pages, back to the app. */
async function signInThroughProvider(browser: TestBrowser, login: string, terug = '/account') {
  const start = await browser.get(`/inloggen/oidc?terug=${encodeURIComponent(terug)}`);
  expect(start.statusCode).toBe(303);
  const location = start.headers.location ?? '';
  expect(location.startsWith(`${provider.issuer}/auth?`)).toBe(true);
  const params = new URL(location).searchParams;
  expect(params.get('code_challenge_method')).toBe('S256');
  expect(params.get('state')).toMatch(/.{20,}/);
  expect(params.get('nonce')).toMatch(/.{20,}/);
  const back = await loginAtProvider(location, login, APP);
  expect(back.pathname).toBe('/inloggen/oidc/terug');
  return { back, callback: () => browser.get(`${back.pathname}${back.search}`) };
}

describe('staff sign in through the OpenID Connect provider', () => {
  it('shows the provider’s button on the sign-in page', async () => {
    const page = await new TestBrowser(t).get('/inloggen');
    expect(page.body).toContain('Inloggen met Gemeente-ID');
    expect(page.body).toContain('href="/inloggen/oidc?terug=%2Faccount"');
  });

  it('signs in an active account with the address, as a password sign-in would, and links the subject', async () => {
    const browser = new TestBrowser(t);
    const { callback } = await signInThroughProvider(browser, 'sub-anna');
    const done = await callback();
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toBe('/account');
    const account = await browser.get('/account');
    expect(account.statusCode).toBe(200);
    expect(account.body).toContain('Anna Coach');
    const { rows } = await sql<{ issuer: string; subject: string }>`
      select issuer, subject from staff_oidc_identity`.execute(t.database.db);
    expect(rows).toEqual([{ issuer: provider.issuer, subject: 'sub-anna' }]);
    const { rows: audit } = await sql<{ action: string }>`
      select action from audit_log where action in ('identity.account.oidc_linked', 'identity.session.signed_in')
      order by id`.execute(t.database.db);
    expect(audit.map((r) => r.action)).toEqual([
      'identity.account.oidc_linked',
      'identity.session.signed_in',
    ]);

    // The next time, the same subject signs in again.
    const again = new TestBrowser(t);
    expect((await (await signInThroughProvider(again, 'sub-anna')).callback()).headers.location).toBe(
      '/account',
    );
  });

  it('returns to this site only, whatever `terug` said when the flow started', async () => {
    for (const terug of ['/.//evil.example/pad', '/..//evil.example', '/%2e%2e//evil.example']) {
      const done = await (await signInThroughProvider(new TestBrowser(t), 'sub-anna', terug)).callback();
      expect(done.statusCode).toBe(303);
      expect(new URL(done.headers.location ?? '', APP).origin, terug).toBe(APP);
      expect(done.headers.location).toBe('/account');
    }
  });

  it('refuses an address without an active staff account, with a clear message', async () => {
    const browser = new TestBrowser(t);
    const res = await (await signInThroughProvider(browser, 'sub-onbekend')).callback();
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('Er is geen actief medewerkersaccount voor onbekend@zoetermeer.example');
    expect((await browser.get('/account')).statusCode).toBe(303);
  });

  it('refuses another subject presenting the address of an account that is already linked', async () => {
    const res = await (await signInThroughProvider(new TestBrowser(t), 'sub-anna-2')).callback();
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('al gekoppeld aan een ander account bij Inloggen met Gemeente-ID');
  });

  it('refuses a way back whose state does not match, or that another browser started', async () => {
    const browser = new TestBrowser(t);
    const { back } = await signInThroughProvider(browser, 'sub-anna');
    const tampered = new URL(back);
    tampered.searchParams.set('state', 'iemand-anders');
    const wrong = await browser.get(`${tampered.pathname}${tampered.search}`);
    expect(wrong.statusCode).toBe(400);
    expect(wrong.body).toContain('is niet gelukt');

    const other = new TestBrowser(t);
    const { back: second } = await signInThroughProvider(other, 'sub-anna');
    // A browser that never started this attempt (no signed attempt cookie) gets nowhere.
    const stranger = await new TestBrowser(t).get(`${second.pathname}${second.search}`);
    expect(stranger.statusCode).toBe(400);
    // A forged attempt cookie is refused too.
    other.cookies.set('bk_oidc', `${other.cookies.get('bk_oidc') ?? ''}x`);
    expect((await other.get(`${second.pathname}${second.search}`)).statusCode).toBe(400);
  });
});

describe('OIDC settings', () => {
  it('are all or nothing, and https outside tests', async () => {
    const { loadConfig, ConfigError } = await import('../../config.js');
    const base = { NODE_ENV: 'test', SECRET_KEY: 'x'.repeat(40) };
    expect(() => loadConfig({ ...base, OIDC_ISSUER: 'https://id.example' })).toThrow(ConfigError);
    try {
      loadConfig({ ...base, OIDC_CLIENT_ID: 'a' });
    } catch (error) {
      expect(error instanceof ConfigError ? error.problems : []).toEqual([
        'OIDC_ISSUER: required with OIDC_CLIENT_ID and OIDC_CLIENT_SECRET',
        'OIDC_CLIENT_SECRET: required with OIDC_ISSUER and OIDC_CLIENT_ID',
      ]);
    }
    expect(() =>
      loadConfig({
        ...base,
        NODE_ENV: 'production',
        OIDC_ISSUER: 'http://id.example',
        OIDC_CLIENT_ID: 'a',
        OIDC_CLIENT_SECRET: 'b',
      }),
    ).toThrow(/must be an https:\/\/ URL/);
    const config = loadConfig({
      ...base,
      OIDC_ISSUER: 'https://id.example',
      OIDC_CLIENT_ID: 'a',
      OIDC_CLIENT_SECRET: 'b',
    });
    expect(config.oidc).toEqual({
      issuer: 'https://id.example',
      clientId: 'a',
      clientSecret: 'b',
      emailClaim: 'email',
      label: undefined,
    });
    expect(loadConfig(base).oidc).toBeUndefined();
  });
});
