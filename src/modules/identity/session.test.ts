import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/helpers/app.js';
import { createStaff, grant, TestBrowser, TEST_PASSWORD } from '../../../test/helpers/browser.js';
import { base32Decode, totpCode, totpStep } from './totp.js';

let now = new Date('2026-03-02T08:00:00Z');
const clock = () => new Date(now);
const advance = (ms: number) => {
  now = new Date(now.getTime() + ms);
};
const MINUTE = 60_000;

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ SESSION_IDLE_MINUTES: '30', SESSION_ABSOLUTE_HOURS: '12' }, { clock });
  await createStaff(t, { email: 'coach@gemeente.example', grants: [grant('coach', 'GM0637')] });
  await createStaff(t, { email: 'admin@gemeente.example', grants: [grant('administrator', 'GM0637')] });
});
afterAll(async () => {
  await t.close();
});

type SessionRow = { id: number; last_seen_at: Date; token_hash: string };
const sessionsOf = async (email: string) =>
  t.database.db
    .withTables<{
      staff_session: SessionRow & { account_id: string };
      staff_account: { id: string; email: string };
    }>()
    .selectFrom('staff_session')
    .innerJoin('staff_account', 'staff_account.id', 'staff_session.account_id')
    .select(['staff_session.id', 'staff_session.last_seen_at', 'staff_session.token_hash'])
    .where('staff_account.email', '=', email)
    .execute();

describe('the session cookie', () => {
  it('is HttpOnly and SameSite=Lax, without Max-Age', async () => {
    const b = new TestBrowser(t);
    const res = await b.signIn('coach@gemeente.example', TEST_PASSWORD);
    const cookie = String(res.headers['set-cookie']);
    expect(cookie).toMatch(/bk_session=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Lax/);
    expect(cookie).not.toContain('Max-Age');
  });

  it('is Secure with the __Host- prefix when PUBLIC_URL is https', async () => {
    const secure = await createTestApp({ PUBLIC_URL: 'https://buurtkracht.example' });
    try {
      await createStaff(secure, { email: 'coach@gemeente.example', grants: [grant('coach', 'GM0637')] });
      const b = new TestBrowser(secure);
      const res = await b.signIn('coach@gemeente.example', TEST_PASSWORD);
      expect(res.statusCode).toBe(303);
      expect(String(res.headers['set-cookie'])).toMatch(
        /__Host-bk_session=[^;]+; Path=\/; HttpOnly; Secure; SameSite=Lax/,
      );
      expect([...b.cookies.keys()]).toContain('__Host-bk_csrf');
    } finally {
      await secure.close();
    }
  });

  it('stores only the SHA-256 of the token', async () => {
    const b = new TestBrowser(t);
    await b.signIn('coach@gemeente.example', TEST_PASSWORD);
    const token = b.cookies.get('bk_session') ?? '';
    const rows = await sessionsOf('coach@gemeente.example');
    expect(rows.some((r) => r.token_hash === token)).toBe(false);
    expect(rows.every((r) => /^[0-9a-f]{64}$/.test(r.token_hash))).toBe(true);
  });
});

describe('sign-in starts a new session (no fixation)', () => {
  it('issues a new token even when the browser brings one', async () => {
    const b = new TestBrowser(t);
    await b.signIn('coach@gemeente.example', TEST_PASSWORD);
    const first = b.cookies.get('bk_session');
    await b.get('/account');
    expect(
      (await b.post('/inloggen', { email: 'coach@gemeente.example', password: TEST_PASSWORD })).statusCode,
    ).toBe(303);
    expect(b.cookies.get('bk_session')).not.toBe(first);
    const old = await t.app.inject({
      method: 'GET',
      url: '/account',
      headers: { cookie: `bk_session=${first}` },
    });
    expect(old.statusCode).toBe(303);
    const planted = new TestBrowser(t);
    planted.cookies.set('bk_session', 'a'.repeat(43));
    await planted.signIn('coach@gemeente.example', TEST_PASSWORD);
    expect(planted.cookies.get('bk_session')).not.toBe('a'.repeat(43));
  });
});

describe('timeouts', () => {
  it('ends a session after 30 idle minutes', async () => {
    const b = new TestBrowser(t);
    await b.signIn('coach@gemeente.example', TEST_PASSWORD);
    advance(29 * MINUTE);
    expect((await b.get('/account')).statusCode).toBe(200);
    advance(29 * MINUTE);
    expect((await b.get('/account')).statusCode).toBe(200);
    advance(31 * MINUTE);
    const res = await b.get('/account');
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/inloggen?terug=%2Faccount');
    expect(b.cookies.has('bk_session')).toBe(false);
  });

  it('ends a session 12 hours after sign-in however active', async () => {
    const b = new TestBrowser(t);
    await b.signIn('coach@gemeente.example', TEST_PASSWORD);
    for (let hour = 0; hour < 11; hour++) {
      advance(20 * MINUTE);
      expect((await b.get('/account')).statusCode).toBe(200);
      advance(20 * MINUTE);
      expect((await b.get('/account')).statusCode).toBe(200);
      advance(20 * MINUTE);
      expect((await b.get('/account')).statusCode).toBe(200);
    }
    advance(61 * MINUTE);
    expect((await b.get('/account')).statusCode).toBe(303);
  });

  it('writes last-seen at most once a minute', async () => {
    const b = new TestBrowser(t);
    await b.signIn('admin@gemeente.example', TEST_PASSWORD);
    const [before] = await sessionsOf('admin@gemeente.example');
    advance(20_000);
    await b.get('/account');
    const [after20s] = await sessionsOf('admin@gemeente.example');
    expect(after20s?.last_seen_at.getTime()).toBe(before?.last_seen_at.getTime());
    advance(50_000);
    await b.get('/account');
    const [after70s] = await sessionsOf('admin@gemeente.example');
    expect(after70s?.last_seen_at.getTime()).toBe(now.getTime());
  });
});

describe('sign out everywhere', () => {
  it('ends every session of the account, on every device', async () => {
    const laptop = new TestBrowser(t);
    const phone = new TestBrowser(t);
    await laptop.signIn('coach@gemeente.example', TEST_PASSWORD);
    await phone.signIn('coach@gemeente.example', TEST_PASSWORD);
    const account = await laptop.get('/account');
    expect(account.body).toContain('(dit apparaat)');
    const res = await laptop.post('/account/overal-uitloggen');
    expect(res.headers.location).toBe('/inloggen?uitgelogd=overal');
    expect((await phone.get('/account')).statusCode).toBe(303);
    expect((await laptop.get('/account')).statusCode).toBe(303);
    expect(await sessionsOf('coach@gemeente.example')).toEqual([]);
  });

  it('happens for the other devices when the password changes', async () => {
    await createStaff(t, { email: 'changer@gemeente.example', grants: [grant('coach', 'GM0637')] });
    const laptop = new TestBrowser(t);
    const phone = new TestBrowser(t);
    await laptop.signIn('changer@gemeente.example', TEST_PASSWORD);
    await phone.signIn('changer@gemeente.example', TEST_PASSWORD);
    await laptop.get('/account/wachtwoord');
    const wrong = await laptop.post('/account/wachtwoord', { currentPassword: 'nope', newPassword: 'kort' });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.body).toContain('Dit wachtwoord klopt niet.');
    expect(wrong.body).toContain('Gebruik minstens 12 tekens.');
    const ok = await laptop.post('/account/wachtwoord', {
      currentPassword: TEST_PASSWORD,
      newPassword: 'een-nieuwe-lange-zin-2026',
    });
    expect(ok.headers.location).toBe('/account?gewijzigd=wachtwoord');
    expect((await laptop.get('/account')).statusCode).toBe(200);
    expect((await phone.get('/account')).statusCode).toBe(303);
    expect(
      (await new TestBrowser(t).signIn('changer@gemeente.example', 'een-nieuwe-lange-zin-2026')).statusCode,
    ).toBe(303);
  });
});

describe('TOTP second factor for administrators', () => {
  const codeFor = (secret: string, at: Date) => totpCode(base32Decode(secret), totpStep(at));

  it('enrols with the secret and otpauth URI shown, then asks for a code at sign-in; a code works once', async () => {
    const b = new TestBrowser(t);
    await b.signIn('admin@gemeente.example', TEST_PASSWORD);
    const page = await b.get('/account/tweestapsverificatie');
    expect(page.statusCode).toBe(200);
    const uri = /href="(otpauth:\/\/totp\/[^"]+)"/.exec(page.body)?.[1]?.replaceAll('&amp;', '&') ?? '';
    const secret = new URL(uri).searchParams.get('secret') ?? '';
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(page.body).toContain(secret.slice(0, 4) + ' ');

    const wrong = await b.post('/account/tweestapsverificatie', { code: '000000' });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.body).toContain('Deze code klopt niet.');
    const on = await b.post('/account/tweestapsverificatie', { code: codeFor(secret, now) });
    expect(on.headers.location).toBe('/account?gewijzigd=tweestaps-aan');

    // The code just used to confirm does not sign anyone in.
    const replay = new TestBrowser(t);
    const step1 = await replay.signIn('admin@gemeente.example', TEST_PASSWORD);
    expect(step1.headers.location).toBe('/inloggen/code?terug=%2Faccount');
    // A pending sign-in is not yet signed in.
    expect((await replay.get('/account')).statusCode).toBe(303);
    await replay.get('/inloggen/code');
    expect((await replay.post('/inloggen/code', { code: codeFor(secret, now) })).statusCode).toBe(400);

    advance(30_000);
    const fresh = new TestBrowser(t);
    await fresh.signIn('admin@gemeente.example', TEST_PASSWORD);
    await fresh.get('/inloggen/code');
    const code = codeFor(secret, now);
    const signedIn = await fresh.post('/inloggen/code', { code, terug: '/beheer/audit' });
    expect(signedIn.statusCode).toBe(303);
    expect(signedIn.headers.location).toBe('/beheer/audit');
    expect((await fresh.get('/beheer/audit')).statusCode).toBe(200);

    // The same code a second time, in another browser: refused.
    const again = new TestBrowser(t);
    await again.signIn('admin@gemeente.example', TEST_PASSWORD);
    await again.get('/inloggen/code');
    const refused = await again.post('/inloggen/code', { code });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('Deze code klopt niet of is al gebruikt.');

    // The pending step expires after 5 minutes.
    advance(6 * MINUTE);
    const late = await again.post('/inloggen/code', { code: codeFor(secret, now) });
    expect(late.statusCode).toBe(303);
    expect(late.headers.location).toBe('/inloggen');

    // Turning it off needs the password.
    await fresh.get('/account/tweestapsverificatie');
    expect(
      (await fresh.post('/account/tweestapsverificatie/uitzetten', { password: 'nope' })).statusCode,
    ).toBe(400);
    const off = await fresh.post('/account/tweestapsverificatie/uitzetten', { password: TEST_PASSWORD });
    expect(off.headers.location).toBe('/account?gewijzigd=tweestaps-uit');
    expect((await new TestBrowser(t).signIn('admin@gemeente.example', TEST_PASSWORD)).headers.location).toBe(
      '/account',
    );
  });

  it('is offered to administrators only', async () => {
    const b = new TestBrowser(t);
    await b.signIn('changer@gemeente.example', 'een-nieuwe-lange-zin-2026');
    expect((await b.get('/account/tweestapsverificatie')).statusCode).toBe(403);
  });
});
