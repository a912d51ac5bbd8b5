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
    [undefined, '/fallback'],
  ])('%j → %j', (input, expected) => {
    expect(safeLocalPath(input, '/fallback')).toBe(expected);
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
