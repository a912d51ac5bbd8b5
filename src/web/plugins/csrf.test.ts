import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/helpers/app.js';
import { createStaff, grant, TestBrowser, TEST_PASSWORD } from '../../../test/helpers/browser.js';
import { maskToken, unmaskToken } from './csrf.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  await createStaff(t, { email: 'coach@gemeente.example', grants: [grant('coach', 'GM0637')] });
});
afterAll(async () => {
  await t.close();
});

describe('forms from another site are refused (anonymous visitors: signed double-submit cookie)', () => {
  it('refuses a sign-in form without a token with a clear 403 page', async () => {
    const b = new TestBrowser(t);
    await b.get('/inloggen');
    const res = await b.post('/inloggen', {
      _csrf: '',
      email: 'coach@gemeente.example',
      password: TEST_PASSWORD,
    });
    expect(res.statusCode).toBe(403);
    expect(res.headers['content-type']).toContain('text/html');
    expect(res.body).toContain('Dit formulier is verlopen of kwam niet van deze website.');
    expect(res.headers['set-cookie'] ?? '').not.toContain('bk_session=');
  });

  it('refuses the token of another visitor (it is bound to their cookie)', async () => {
    const attacker = new TestBrowser(t);
    await attacker.get('/inloggen');
    const victim = new TestBrowser(t);
    await victim.get('/');
    const res = await victim.post('/inloggen', {
      _csrf: attacker.lastToken ?? '',
      email: 'x@y.nl',
      password: 'z',
    });
    expect(res.statusCode).toBe(403);
  });

  it('issues the cookie only on pages with a form', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/' });
    expect(String(res.headers['set-cookie'] ?? '')).not.toContain('bk_csrf');
    const signIn = await t.app.inject({ method: 'GET', url: '/inloggen' });
    expect(String(signIn.headers['set-cookie'])).toMatch(/bk_csrf=[^;]+; Path=\/; HttpOnly; SameSite=Lax/);
  });

  it('answers in English for an English visitor', async () => {
    const b = new TestBrowser(t, { 'accept-language': 'en' });
    await b.get('/inloggen');
    const res = await b.post('/inloggen', { _csrf: 'forged', email: 'x@y.nl', password: 'z' });
    expect(res.statusCode).toBe(403);
    expect(res.body).toContain('This form has expired or did not come from this website.');
  });
});

describe('signed-in staff: a synchronizer token tied to the session', () => {
  it('accepts the session token and refuses the visitor token it had before signing in', async () => {
    const b = new TestBrowser(t);
    const before = (await b.get('/inloggen'), b.lastToken);
    expect(
      (await b.post('/inloggen', { email: 'coach@gemeente.example', password: TEST_PASSWORD })).statusCode,
    ).toBe(303);
    const page = await b.get('/account/wachtwoord');
    expect(b.lastToken).not.toBe(before);
    expect(page.statusCode).toBe(200);
    const forged = await b.post('/account/overal-uitloggen', { _csrf: before ?? '' });
    expect(forged.statusCode).toBe(403);
    expect((await b.get('/account')).statusCode).toBe(200);
  });

  it('JSON API calls with the session cookie need the token in X-CSRF-Token', async () => {
    const b = new TestBrowser(t);
    await b.signIn('coach@gemeente.example', TEST_PASSWORD);
    await b.get('/account');
    const token = b.lastToken ?? '';
    const without = await b.request({ method: 'DELETE', url: '/api/v1/account/sessions' });
    expect(without.statusCode).toBe(403);
    expect(without.headers['content-type']).toContain('application/problem+json');
    expect(without.json()).toMatchObject({ status: 403, code: 'forbidden' });
    const wrong = await b.request({
      method: 'DELETE',
      url: '/api/v1/account/sessions',
      headers: { 'x-csrf-token': 'x' },
    });
    expect(wrong.statusCode).toBe(403);
    const ok = await b.request({
      method: 'DELETE',
      url: '/api/v1/account/sessions',
      headers: { 'x-csrf-token': token },
    });
    expect(ok.statusCode).toBe(204);
    expect((await b.request({ method: 'GET', url: '/api/v1/account' })).statusCode).toBe(401);
  });
});

describe('the token a page carries is masked afresh on every page', () => {
  it('never repeats its bytes, yet stands for the same token', () => {
    const a = maskToken('session-token-0123456789');
    const b = maskToken('session-token-0123456789');
    expect(a).not.toBe(b);
    expect(a).not.toContain('session-token');
    expect(unmaskToken(a)).toBe('session-token-0123456789');
    expect(unmaskToken(b)).toBe('session-token-0123456789');
    expect(unmaskToken('not.masked-at-all')).toBe('not.masked-at-all');
  });
});
