import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/helpers/app.js';
import { createStaff, grant, TestBrowser, TEST_PASSWORD } from '../../../test/helpers/browser.js';
import { findNulFields } from './input-guard.js';

let t: TestApp;
const COACH = 'coach.nul@gemeente.example';
beforeAll(async () => {
  t = await createTestApp();
  await createStaff(t, { email: COACH, grants: [grant('coach', 'GM0637')] });
});
afterAll(async () => {
  await t?.close();
});

const DUTCH = 'Wat u stuurde bevat een onzichtbaar teken dat hier niet kan (een nul-teken).';

/** A 400 page in Dutch, as a person sees it. */
function expectRefusedPage(res: { statusCode: number; headers: Record<string, unknown>; body: string }) {
  expect(res.statusCode).toBe(400);
  expect(String(res.headers['content-type'])).toContain('text/html');
  expect(res.body).toContain(DUTCH);
}

/** A 400 problem document naming the field, as an API client reads it. */
function expectProblem(
  res: { statusCode: number; headers: Record<string, unknown>; body: string },
  field: string,
) {
  expect(res.statusCode).toBe(400);
  expect(String(res.headers['content-type'])).toContain('application/problem+json');
  const problem = JSON.parse(res.body) as { code: string; detail: string; errors: { field: string }[] };
  expect(problem.code).toBe('validation_failed');
  expect(problem.detail).toContain('nul-teken');
  expect(problem.errors.map((e) => e.field)).toContain(field);
}

describe('a NUL character in any input is a 400, never a 500', () => {
  it('in a path parameter: a page and the API', async () => {
    expectRefusedPage(await t.app.inject('/initiatieven/%00'));
    expectRefusedPage(await t.app.inject('/initiatieven/INI-2026-%0001'));
    expectRefusedPage(await t.app.inject('/plaatsen/GM0637%00'));
    expectProblem(await t.app.inject('/api/v1/initiatives/%00'), 'path');
    expectProblem(await t.app.inject('/api/v1/places/GM0637%00'), 'path');
  });

  it('in a query string', async () => {
    expectRefusedPage(await t.app.inject('/initiatieven?thema=groen%00'));
    expectProblem(await t.app.inject('/api/v1/initiatives?plaats=GM0637%00'), 'query');
  });

  it('in a form field, before the form is handled', async () => {
    const signIn = new TestBrowser(t);
    await signIn.get('/inloggen');
    expectRefusedPage(
      await signIn.post('/inloggen', { email: 'coach\u0000@gemeente.example', password: 'x' }),
    );
    const resident = new TestBrowser(t);
    await resident.get('/inloggen/bewoner');
    expectRefusedPage(await resident.post('/inloggen/bewoner', { email: 'jan\u0000@voorbeeld.nl' }));
  });

  it('in a multipart form field and a file name', async () => {
    const browser = new TestBrowser(t);
    await browser.get('/initiatieven/nieuw?gemeente=GM0637');
    const boundary = 'bk-nul';
    const part = (name: string, value: string, filename?: string) =>
      `--${boundary}\r\nContent-Disposition: form-data; name="${name}"${filename !== undefined ? `; filename="${filename}"\r\nContent-Type: image/png` : ''}\r\n\r\n${value}\r\n`;
    const send = (parts: string) =>
      browser.request({
        method: 'POST',
        url: '/initiatieven/nieuw',
        headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
        payload: `${part('_csrf', browser.lastToken ?? '')}${parts}--${boundary}--\r\n`,
      });
    expectRefusedPage(await send(part('title', 'Moestuin\u0000')));
    expectRefusedPage(await send(part('photo0', 'png', 'foto\u0000.png')));
  });

  it('in a JSON body, values and keys, named in the problem', async () => {
    const post = (payload: string) =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/vouchers/lookup',
        headers: { 'content-type': 'application/json' },
        payload,
      });
    expectProblem(await post(JSON.stringify({ code: 'ABCD\u0000EFGHJKLM' })), 'code');
    expectProblem(await post(JSON.stringify({ code: 'ABCDEFGHJKLM', ['x\u0000']: 1 })), 'body');
  });

  it('in a header value the app stores (the browser named at sign-in)', async () => {
    const browser = new TestBrowser(t, { 'user-agent': 'Mozilla/5.0\u0000' });
    const res = await browser.signIn(COACH, TEST_PASSWORD);
    expectRefusedPage(res);
    // The same sign-in with an ordinary browser works, so only the NUL was refused.
    expect((await new TestBrowser(t).signIn(COACH, TEST_PASSWORD)).statusCode).toBe(303);
  });

  it('finds a NUL however deep a body nests it, without running out of stack', () => {
    let deep: unknown = ['\u0000'];
    for (let i = 0; i < 200_000; i++) deep = [deep];
    expect(findNulFields({ a: deep })).toEqual(['a']);
    expect(findNulFields({ a: [{ b: 'ok' }, { c: 'n\u0000' }] })).toEqual(['a.c']);
    expect(findNulFields({ a: 'ok', b: ['ok'] })).toEqual([]);
  });
});
