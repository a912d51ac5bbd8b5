import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestApp, type TestApp } from '../../../test/helpers/app.js';
import { createOpenInitiative } from '../budgets/budgets.test-helpers.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

const get = (url: string, headers: Record<string, string> = {}) =>
  t.app.inject({ method: 'GET', url, headers });

describe('home page', () => {
  it('offers the three demo municipalities and a search form, in Dutch', async () => {
    const res = await get('/');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<html lang="nl"');
    for (const name of ['Zoetermeer', "'s-Hertogenbosch", 'Vlaardingen']) expect(res.body).toContain(name);
    expect(res.body).toContain('action="/zoeken"');
    expect(res.body).toContain('href="#inhoud"');
  });

  it('offers every module’s resident tasks in order, and staff sign-in; no budget task while no year is open', async () => {
    const res = await get('/');
    const tasks = [...res.body.matchAll(/class="utrecht-link bk-tasks__link" href="([^"]+)">([^<]+)</g)].map(
      (m) => `${m[1]} ${m[2]}`,
    );
    expect(tasks).toEqual([
      '/meldingen/nieuw Meld iets in de buurt',
      '/initiatieven/nieuw Dien een initiatief in',
      '/initiatieven Bekijk initiatieven en hun steun',
      '/gemeenten Bekijk uw buurt',
    ]);
    expect(res.body).toContain('href="/inloggen">Inloggen voor medewerkers</a>');
    expect(res.body).not.toContain('straks');
  });

  it('has a primary navigation from the modules, marking the page shown', async () => {
    const res = await get('/gemeenten');
    const nav = res.body.slice(
      res.body.indexOf('<nav class="utrecht-nav-bar'),
      res.body.indexOf('</nav>', res.body.indexOf('utrecht-nav-bar')),
    );
    const links = [...nav.matchAll(/href="([^"]+)"( aria-current="page")?>([^<]+)</g)].map((m) => [
      m[1],
      m[3],
      Boolean(m[2]),
    ]);
    expect(links).toEqual([
      ['/initiatieven', 'Initiatieven', false],
      ['/meldingen', 'Meldingen', false],
      ['/buurtbudget', 'Buurtbudget', false],
      ['/gemeenten', 'Gemeenten', true],
      ['/wijkbudget', 'Wijkbudget', false],
      ['/afspraken', 'Afspraken', false],
    ]);
    expect(nav).toContain('aria-label="Hoofdmenu"');
    // The footer leads to the open data catalogue.
    expect(res.body).toContain('<a class="utrecht-link" href="/open-data">Open data en API</a>');
  });

  it('lists every gemeente on its own page', async () => {
    const res = await get('/gemeenten');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Alle gemeenten (342)');
    expect(res.body).toContain('href="/gemeenten/GM0014"');
  });

  it('switches to English with ?lang=en and remembers it in a cookie', async () => {
    const res = await get('/?lang=en');
    expect(res.body).toContain('<html lang="en"');
    expect(res.body).toContain('Find your municipality');
    expect(res.body).toContain('What would you like to do?');
    const cookie = String(res.headers['set-cookie']);
    expect(cookie).toContain('lang=en');
    const next = await get('/gemeenten/GM0637', { cookie: 'lang=en' });
    expect(next.body).toContain('Households');
  });
});

describe('search', () => {
  it('goes straight to the place when one matches', async () => {
    const res = await get('/zoeken?q=Zoetermeer');
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/gemeenten/GM0637');
  });

  it('lists several matches', async () => {
    const res = await get('/zoeken?q=centrum');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('/wijken/WK063700');
  });

  it('explains beside the field when the query is too short', async () => {
    const res = await get('/zoeken?q=a');
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('id="q-error"');
    expect(res.body).toContain('Typ minstens 2 letters.');
    expect(res.body).toContain('aria-invalid="true"');
  });
});

describe('place pages', () => {
  it('shows a gemeente with figures, its wijken and a server-drawn map', async () => {
    const res = await get('/gemeenten/GM0637');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<h1 class="utrecht-heading-1">Zoetermeer</h1>');
    expect(res.body).toContain('126.998'); // inhabitants, Dutch number format
    expect(res.body).toContain('href="/wijken/WK063700"');
    expect(res.body).toMatch(/<svg[^>]*class="bk-map__svg"/);
    expect((res.body.match(/<path/g) ?? []).length).toBe(9);
  });

  it('shows a buurt among its neighbours, with a breadcrumb', async () => {
    const res = await get('/buurten/BU06370002');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Stadscentrum');
    expect(res.body).toContain('bk-map__shape--emphasis');
    expect(res.body).toContain('href="/gemeenten/GM0637"');
    expect(res.body).toContain('href="/wijken/WK063700"');
  });

  it('shows the code where CBS gave no name and no map where no boundary is known', async () => {
    const res = await get('/buurten/BU00140000');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<h1 class="utrecht-heading-1">BU00140000</h1>');
    expect(res.body).not.toContain('bk-map__svg');
  });

  it('shows the place’s initiatives, those open for support first, and says so where there are none', async () => {
    const open = await createOpenInitiative(t.database.db, {
      buurt: 'BU06370002',
      wijk: 'WK063700',
      title: 'Bankjes op het plein',
    });
    const busy = await createOpenInitiative(t.database.db, {
      buurt: 'BU06370001',
      wijk: 'WK063700',
      title: 'Moestuin',
    });
    // Further along and more recently active: still after the one residents can support now.
    await sql`update initiative set stage = 'in_execution', updated_at = now() + interval '1 day' where id = ${busy.id}`.execute(
      t.database.db,
    );
    const res = await get('/wijken/WK063700');
    const section = res.body.slice(res.body.indexOf('id="initiatives"'));
    expect(section).toContain('Initiatieven van bewoners');
    const order = [open.reference, busy.reference].map((r) => section.indexOf(`href="/initiatieven/${r}"`));
    expect(order[0]).toBeGreaterThan(0);
    expect(order[1]).toBeGreaterThan(order[0] ?? 0);
    expect(section).toContain('Open voor steun');
    expect(section).toContain('In uitvoering');
    expect(section).toContain('href="/initiatieven?plaats=WK063700"');

    const none = await get('/buurten/BU06370100');
    expect(none.body).toContain('nog geen initiatieven van bewoners');
    expect(none.body).toContain('href="/initiatieven/nieuw"');
  });

  it('redirects a code under the wrong level to its own page', async () => {
    const res = await get('/gemeenten/WK063700');
    expect(res.statusCode).toBe(301);
    expect(res.headers.location).toBe('/wijken/WK063700');
  });

  it('shows a clear 404 page for an unknown place or path', async () => {
    for (const url of ['/gemeenten/GM9999', '/bestaat-niet']) {
      const res = await get(url);
      expect(res.statusCode).toBe(404);
      expect(res.headers['content-type']).toContain('text/html');
      expect(res.body).toContain('href="/"');
    }
  });
});
