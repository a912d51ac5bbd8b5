import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/helpers/app.js';
import { createStaff, grant, TestBrowser, TEST_PASSWORD } from '../../../test/helpers/browser.js';
import type { RoleGrant } from '../../access/index.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

const accounts: [string, RoleGrant[]][] = [
  ['administrator@gemeente.example', [grant('administrator', 'GM0637')]],
  ['district_manager@gemeente.example', [grant('district_manager', 'WK063700')]],
  ['coach@gemeente.example', [grant('coach', 'WK063705')]],
  ['partner@gemeente.example', [grant('partner', 'WK063700', 'Politie Haaglanden')]],
];

describe('each role signs in locally', () => {
  beforeAll(async () => {
    for (const [email, grants] of accounts) await createStaff(t, { email, grants });
  });

  it.each(accounts)('%s signs in and sees their own account page', async (email) => {
    const b = new TestBrowser(t);
    const res = await b.signIn(email, TEST_PASSWORD);
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/account');
    const account = await b.get('/account');
    expect(account.statusCode).toBe(200);
    expect(account.body).toContain(email);
    expect(account.body).toContain('Uitloggen');
    const me = await b.request({ method: 'GET', url: '/api/v1/account' });
    expect(me.json()).toMatchObject({ email });
  });

  it('accepts the address in any case and with spaces around it', async () => {
    const b = new TestBrowser(t);
    expect((await b.signIn('  Coach@Gemeente.Example ', TEST_PASSWORD)).statusCode).toBe(303);
  });

  it('returns to the local page asked for, never to another site', async () => {
    const b = new TestBrowser(t);
    await b.get('/inloggen?terug=%2Fbeheer%2Fmedewerkers');
    const back = await b.post('/inloggen', {
      email: 'administrator@gemeente.example',
      password: TEST_PASSWORD,
      terug: '/beheer/medewerkers',
    });
    expect(back.headers.location).toBe('/beheer/medewerkers');
    const evil = new TestBrowser(t);
    await evil.get('/inloggen');
    const res = await evil.post('/inloggen', {
      email: 'administrator@gemeente.example',
      password: TEST_PASSWORD,
      terug: '//evil.example/phish',
    });
    expect(res.headers.location).toBe('/account');
  });
});

describe('wrong password and unknown account look the same', () => {
  it('gives the same page and message, keeps the address typed, never the password', async () => {
    await createStaff(t, { email: 'same@gemeente.example', grants: [grant('coach', 'GM0637')] });
    const answer = async (email: string) => {
      const b = new TestBrowser(t);
      await b.get('/inloggen');
      const started = performance.now();
      const res = await b.post('/inloggen', { email, password: 'not-the-password-at-all' });
      return { res, ms: performance.now() - started };
    };
    const wrong = await answer('same@gemeente.example');
    const unknown = await answer('nobody@gemeente.example');
    for (const { res } of [wrong, unknown]) {
      expect(res.statusCode).toBe(400);
      expect(res.body).toContain('Het e-mailadres of het wachtwoord klopt niet.');
      expect(res.body).not.toContain('not-the-password-at-all');
    }
    expect(wrong.res.body).toContain('value="same@gemeente.example"');
    const strip = (html: string, email: string) =>
      html.replace(/name="_csrf" value="[^"]+"/, '').replaceAll(email, 'EMAIL');
    expect(strip(wrong.res.body, 'same@gemeente.example')).toBe(
      strip(unknown.res.body, 'nobody@gemeente.example'),
    );
    // Both verify an argon2id hash (a dummy one for the unknown account): similar time.
    expect(unknown.ms).toBeGreaterThan(wrong.ms / 4);
  });

  it('refuses disabled and not-yet-set-up accounts with the same message', async () => {
    const id = await createStaff(t, { email: 'gone@gemeente.example', grants: [grant('coach', 'GM0637')] });
    await t.database.db
      .withTables<{ staff_account: { id: string; status: string } }>()
      .updateTable('staff_account')
      .set({ status: 'disabled' })
      .where('id', '=', id)
      .execute();
    const b = new TestBrowser(t);
    const res = await b.signIn('gone@gemeente.example', TEST_PASSWORD);
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('Het e-mailadres of het wachtwoord klopt niet.');
  });

  it('explains an empty field beside it', async () => {
    const b = new TestBrowser(t);
    await b.get('/inloggen');
    const res = await b.post('/inloggen', { email: '', password: '' });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('href="#email"');
    expect(res.body).toContain('id="password-error"');
  });
});

describe('sign-in attempts are limited', () => {
  it('answers the 10th quick wrong attempt on one account with 429 and Retry-After', async () => {
    await createStaff(t, { email: 'target@gemeente.example', grants: [grant('coach', 'GM0637')] });
    const b = new TestBrowser(t);
    await b.get('/inloggen');
    for (let i = 1; i <= 9; i++) {
      const res = await b.post('/inloggen', {
        email: 'target@gemeente.example',
        password: `wrong-guess-${i}`,
      });
      expect(res.statusCode, `attempt ${i}`).toBe(400);
    }
    const tenth = await b.post('/inloggen', { email: 'TARGET@gemeente.example', password: TEST_PASSWORD });
    expect(tenth.statusCode).toBe(429);
    expect(Number(tenth.headers['retry-after'])).toBeGreaterThan(0);
    expect(tenth.body).toContain('U heeft dit te vaak geprobeerd.');
    // Another account from the same address is not blocked by this one's limit.
    expect(
      (await b.post('/inloggen', { email: 'same@gemeente.example', password: TEST_PASSWORD })).statusCode,
    ).toBe(303);
  });
});

describe('sign-in attempts are limited however the address is written', () => {
  it('counts the address field sent twice, in capitals or with spaces, as that one address', async () => {
    await createStaff(t, { email: 'twice@gemeente.example', grants: [grant('coach', 'GM0637')] });
    const b = new TestBrowser(t);
    await b.get('/inloggen');
    const spellings = [
      ['twice@gemeente.example', 'twice@gemeente.example'],
      ['Twice@Gemeente.Example', 'someone-else@gemeente.example'],
      [' twice@gemeente.example '],
    ];
    for (let i = 1; i <= 9; i++) {
      const email = spellings[i % spellings.length] ?? [];
      const res = await b.post('/inloggen', { email, password: `wrong-guess-${i}` });
      expect(res.statusCode, `attempt ${i}`).toBe(400);
    }
    // The form reads the first value: the right password would sign this account in, so it is refused.
    const tenth = await b.post('/inloggen', {
      email: ['twice@gemeente.example', 'twice@gemeente.example'],
      password: TEST_PASSWORD,
    });
    expect(tenth.statusCode).toBe(429);
  });
});

describe('protected pages and API', () => {
  it('sends a visitor to sign in and back; the API answers 401', async () => {
    const page = await t.app.inject({ method: 'GET', url: '/beheer/medewerkers?x=1' });
    expect(page.statusCode).toBe(303);
    expect(page.headers.location).toBe('/inloggen?terug=%2Fbeheer%2Fmedewerkers%3Fx%3D1');
    const api = await t.app.inject({ method: 'GET', url: '/api/v1/account' });
    expect(api.statusCode).toBe(401);
    expect(api.headers['content-type']).toContain('application/problem+json');
    expect(api.json()).toMatchObject({ status: 401, code: 'unauthenticated' });
  });

  it('answers 403 to staff without the permission', async () => {
    const b = new TestBrowser(t);
    await b.signIn('coach@gemeente.example', TEST_PASSWORD);
    const res = await b.get('/beheer/medewerkers');
    expect(res.statusCode).toBe(403);
    expect(res.body).toContain('U mag dit niet doen.');
  });

  it('shows staff their name and the pages they may open in the header', async () => {
    const b = new TestBrowser(t);
    await b.signIn('administrator@gemeente.example', TEST_PASSWORD);
    const home = await b.get('/');
    expect(home.body).toContain('href="/beheer/medewerkers"');
    expect(home.body).toContain('href="/beheer/audit"');
    expect(home.body).toContain('action="/uitloggen"');
    const anonymous = await t.app.inject({ method: 'GET', url: '/' });
    expect(anonymous.body).not.toContain('action="/uitloggen"');
    expect(anonymous.body).toContain('href="/inloggen"');
  });
});

describe('sign out', () => {
  it('ends the session on the server, not only the cookie', async () => {
    const b = new TestBrowser(t);
    await b.signIn('coach@gemeente.example', TEST_PASSWORD);
    const cookie = b.cookies.get('bk_session');
    await b.get('/account');
    const out = await b.post('/uitloggen');
    expect(out.statusCode).toBe(303);
    expect(out.headers.location).toBe('/inloggen?uitgelogd=1');
    expect(b.cookies.has('bk_session')).toBe(false);
    const replay = await t.app.inject({
      method: 'GET',
      url: '/account',
      headers: { cookie: `bk_session=${cookie}` },
    });
    expect(replay.statusCode).toBe(303);
  });
});
