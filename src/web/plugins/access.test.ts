import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/helpers/app.js';
import { createStaff, grant, TestBrowser, TEST_PASSWORD } from '../../../test/helpers/browser.js';
import { findAccessProblems, listRouteAccess, safeLocalPath } from './access.js';

describe('every route declares who may call it', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
    await t.app.ready();
  });
  afterAll(async () => {
    await t.close();
  });

  it('walks every registered route: none without access, none with an unknown permission', () => {
    const routes = listRouteAccess(t.app);
    expect(findAccessProblems(routes, t.permissions)).toEqual([]);
    // The sweep sees what plugins register too: static assets and fastify's automatic HEAD routes.
    const seen = routes.map((r) => `${r.method} ${r.url}`);
    expect(seen).toContain('GET /inloggen');
    expect(seen).toContain('HEAD /inloggen');
    expect(seen.some((r) => r.startsWith('GET /assets/'))).toBe(true);
    expect(seen.some((r) => r.startsWith('HEAD /assets/'))).toBe(true);
    expect(routes.length).toBeGreaterThan(30);
  });
});

describe('the check fails for a route without access', () => {
  it('names the route, and the app refuses to start', async () => {
    const t = await createTestApp();
    try {
      t.app.get('/forgotten', async () => 'oops');
      t.app.post('/typo', { config: { access: { permission: 'identity.staf.manage' } } }, async () => 'oops');
      const problems = findAccessProblems(listRouteAccess(t.app), t.permissions);
      expect(problems).toEqual([
        'GET /forgotten: no config.access',
        'HEAD /forgotten: no config.access',
        'POST /typo: unknown permission identity.staf.manage',
      ]);
      await expect(t.app.ready()).rejects.toThrow(/GET \/forgotten: no config.access/);
    } finally {
      await t.database.close();
    }
  });
});

/** What a browser makes of a Location header on the app's site. */
const APP_ORIGIN = 'http://buurtkracht.test';
const originOf = (location: string | undefined) => new URL(location ?? '', APP_ORIGIN).origin;

/**
 * Ways to write another site as a path: each is refused, or kept only as a path that stays on
 * this site. The first group became `//…` after normalisation and was let through before.
 */
const NASTY_PATHS = [
  '/.//evil.example/pad',
  '/..//evil.example/pad',
  '/a/../..//evil.example',
  '/%2e%2e//evil.example',
  '/%2E%2e//evil.example',
  '/.%2e//evil.example',
  '/%2e//evil.example',
  '/a/%2e%2e/%2e%2e//evil.example',
  '//evil.example/x',
  '///evil.example',
  '/\\evil.example',
  '/./\\evil.example',
  '/%2F%2Fevil.example',
  '/%5Cevil.example',
  '/%5C%5Cevil.example',
  '/\t/evil.example',
  '/\n/evil.example',
  '/\r\n//evil.example',
  '/%09/evil.example',
  '/ /evil.example',
  'https://evil.example',
  'javascript:alert(1)',
  '\\evil.example',
];

describe('only local paths follow sign-in', () => {
  it.each([
    ['/beheer/medewerkers?x=1', '/beheer/medewerkers?x=1'],
    ['/account', '/account'],
    ['//evil.example/x', '/fallback'],
    ['/\\evil.example', '/fallback'],
    ['https://evil.example', '/fallback'],
    ['javascript:alert(1)', '/fallback'],
    ['/%2F%2Fevil.example', '/%2F%2Fevil.example'],
    ['/x\r\nLocation: https://evil.example', '/fallback'],
    ['/.//evil.example/pad', '/fallback'],
    ['/..//evil.example', '/fallback'],
    ['/%2e%2e//evil.example', '/fallback'],
    ['/a/./b/../c?d=1', '/a/c?d=1'],
    [undefined, '/fallback'],
  ])('%j → %j', (input, expected) => {
    expect(safeLocalPath(input, '/fallback')).toBe(expected);
  });

  it.each(NASTY_PATHS)('%j resolves on this site', (input) => {
    const path = safeLocalPath(input, '/fallback');
    expect(originOf(path)).toBe(APP_ORIGIN);
    expect(path.startsWith('/')).toBe(true);
    expect(path.startsWith('//')).toBe(false);
  });
});

describe('sign-in sends back to this site only, whatever `terug` says', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ PUBLIC_URL: APP_ORIGIN });
    // Five accounts: each signs in fewer times than its own rate limit allows.
    for (const n of [0, 1, 2, 3, 4]) {
      await createStaff(t, { email: `terug${n}@gemeente.example`, grants: [grant('coach', 'GM0637')] });
    }
  });
  afterAll(async () => {
    await t.close();
  });

  it('GET /inloggen?terug=… of a signed-in member of staff', async () => {
    const browser = new TestBrowser(t);
    expect((await browser.signIn('terug0@gemeente.example', TEST_PASSWORD)).statusCode).toBe(303);
    for (const terug of NASTY_PATHS) {
      const res = await browser.get(`/inloggen?terug=${encodeURIComponent(terug)}`);
      expect(res.statusCode, terug).toBe(303);
      expect(originOf(res.headers.location), terug).toBe(APP_ORIGIN);
    }
  });

  it('POST /inloggen with terug', async () => {
    for (const [i, terug] of NASTY_PATHS.entries()) {
      const browser = new TestBrowser(t);
      await browser.get('/inloggen');
      const res = await browser.post('/inloggen', {
        email: `terug${1 + (i % 4)}@gemeente.example`,
        password: TEST_PASSWORD,
        terug,
      });
      expect(res.statusCode, terug).toBe(303);
      expect(originOf(res.headers.location), terug).toBe(APP_ORIGIN);
    }
  });
});

describe('a route can name the place a request is about', () => {
  it('lets an administrator act in their own gemeente only', async () => {
    const t = await createTestApp();
    try {
      t.app.get<{ Params: { code: string } }>(
        '/beheer/plaats/:code',
        {
          config: {
            access: {
              permission: 'identity.staff.manage',
              place: (r) => Reflect.get(Object(r.params), 'code'),
            },
          },
        },
        async (request) => `ok ${request.params.code}`,
      );
      await createStaff(t, {
        email: 'beheer@zoetermeer.example',
        grants: [grant('administrator', 'GM0637')],
      });
      const admin = new TestBrowser(t);
      await admin.signIn('beheer@zoetermeer.example', TEST_PASSWORD);
      expect((await admin.get('/beheer/plaats/WK063705')).statusCode).toBe(200);
      expect((await admin.get('/beheer/plaats/GM0796')).statusCode).toBe(403);
      expect((await t.app.inject({ method: 'GET', url: '/beheer/plaats/GM0637' })).statusCode).toBe(303);
    } finally {
      await t.close();
    }
  });
});
