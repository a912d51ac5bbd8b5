import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { auditWithJs, auditWithoutJs, openPage, startE2eRun, type E2eRun } from './helpers.js';

let run: E2eRun;
beforeAll(async () => {
  run = await startE2eRun();
});
afterAll(async () => {
  await run?.close();
});
// Each test starts as a new visitor: a language chosen in one test must not carry into the next.
afterEach(async () => {
  await Promise.all([run.withJs, run.withoutJs, run.audit].map((context) => context.clearCookies()));
});

/** Opens a page, hands it to `check`, and always closes it. */
async function withPage(
  context: 'js' | 'no-js',
  url: string,
  check: (page: Page, status: number, scriptErrors: string[]) => Promise<void>,
): Promise<void> {
  const opened = await openPage(run, context === 'js' ? run.withJs : run.withoutJs, url);
  try {
    await check(opened.page, opened.response.status(), opened.scriptErrors);
  } finally {
    await opened.page.close();
  }
}

const h1 = (page: Page) => page.getByRole('heading', { level: 1 }).innerText();

const breadcrumb = (page: Page) =>
  page.getByRole('navigation', { name: 'Kruimelpad' }).getByRole('link').allInnerTexts();

/** Without JavaScript the server-drawn SVG is the map: visible, one shape per place. */
async function expectSvgMap(page: Page, shapes: number): Promise<void> {
  const svg = page.locator('svg.bk-map__svg');
  expect(await svg.isVisible()).toBe(true);
  expect(await svg.locator('path').count()).toBe(shapes);
  expect(await page.locator('.bk-map__canvas--leaflet').count()).toBe(0);
}

/** With JavaScript Leaflet takes the SVG's place, drawing the same shapes. */
async function expectLeafletMap(page: Page, shapes: number): Promise<void> {
  // Leaflet is fetched only once the visitor reaches for the map.
  expect(await page.locator('.bk-map__canvas--leaflet').count()).toBe(0);
  await page.locator('[data-map]').hover();
  await page.locator('.bk-map__canvas--leaflet').waitFor({ state: 'visible' });
  await expect
    .poll(() => page.locator('.leaflet-overlay-pane path').count(), { timeout: 10_000 })
    .toBe(shapes);
  expect(await page.locator('svg.bk-map__svg').isHidden()).toBe(true);
  // Zoom buttons are the map's only controls; they must be reachable and named.
  expect(await page.getByRole('button', { name: 'Zoom in' }).count()).toBe(1);
}

describe('home page', () => {
  it('offers the search box and the municipalities with a map, without JavaScript', async () => {
    await withPage('no-js', '/', async (page, status) => {
      expect(status).toBe(200);
      expect(await page.title()).toBe('Samen werken aan uw buurt · Buurtkracht');
      expect(await h1(page)).toBe('Samen werken aan uw buurt');
      expect(await page.getByRole('searchbox', { name: 'Naam van uw gemeente, wijk of buurt' }).count()).toBe(
        1,
      );
      const withMap = page.getByRole('region', { name: 'Gemeenten met kaart' }).getByRole('listitem');
      expect(await withMap.allInnerTexts()).toEqual(["'s-Hertogenbosch", 'Vlaardingen', 'Zoetermeer']);
      expect(await page.getByRole('link', { name: 'Read this page in English' }).innerText()).toBe('English');
    });
  });

  it('leads to the resident tasks and the primary navigation, whole on a 390-pixel phone', async () => {
    await withPage('no-js', '/', async (page) => {
      const tasks = page.getByRole('region', { name: 'Wat wilt u doen?' }).getByRole('link');
      expect(await tasks.allInnerTexts()).toEqual([
        'Meld iets in de buurt',
        'Dien een initiatief in',
        'Bekijk initiatieven en hun steun',
        'Bekijk uw buurt',
      ]);
      await page.setViewportSize({ width: 390, height: 844 });
      const nav = page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link');
      expect(await nav.allInnerTexts()).toEqual([
        'Initiatieven',
        'Meldingen',
        'Buurtbudget',
        'Gemeenten',
        'Wijkbudget',
        'Afspraken',
      ]);
      for (const link of await nav.all()) {
        const box = await link.boundingBox();
        expect(box && box.x >= 0 && box.x + box.width <= 390).toBe(true);
      }
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      // Through the navigation to every gemeente; that page is marked as the current one.
      await page
        .getByRole('navigation', { name: 'Hoofdmenu' })
        .getByRole('link', { name: 'Gemeenten' })
        .click();
      await page.waitForURL('**/gemeenten');
      expect(await h1(page)).toBe('Alle gemeenten');
      expect(
        await page
          .getByRole('navigation', { name: 'Hoofdmenu' })
          .locator('[aria-current="page"]')
          .innerText(),
      ).toBe('Gemeenten');
    });
  });

  it('leads from the footer to the open data and its catalogue', async () => {
    await withPage('no-js', '/', async (page) => {
      await page.getByRole('contentinfo').getByRole('link', { name: 'Open data en API' }).click();
      await page.waitForURL('**/open-data');
      expect(await h1(page)).toBe('Open data en API');
      const datasets = page.getByRole('region', { name: 'Datasets' });
      expect(await datasets.getByRole('heading', { level: 3 }).allInnerTexts()).toEqual([
        'Gemeenten, wijken en buurten',
        'Initiatieven van bewoners',
        'Meerjarige afspraken',
        'Metingen van meerjarige afspraken',
        'Meldingen openbare ruimte',
      ]);
      expect(
        await page.getByRole('link', { name: 'Catalogus als DCAT-AP (JSON-LD)' }).getAttribute('href'),
      ).toBe('/open-data/catalogus.jsonld');
    });
  });

  it('lets a keyboard user skip to the content', async () => {
    await withPage('no-js', '/', async (page) => {
      await page.keyboard.press('Tab');
      const skip = page.locator('a.utrecht-skip-link:focus');
      expect(await skip.innerText()).toBe('Naar de inhoud');
      // Shown on screen while focused, not only to screen readers.
      const box = await skip.boundingBox();
      expect(box && box.y >= 0 && box.height > 0).toBe(true);
      await page.keyboard.press('Enter');
      expect(await page.locator('main#inhoud:focus').count()).toBe(1);
    });
  });
});

describe('search', () => {
  it('lists the places that match, linked to their pages', async () => {
    await withPage('no-js', '/zoeken?q=centrum', async (page, status) => {
      expect(status).toBe(200);
      expect(await h1(page)).toBe('Zoeken');
      expect(await page.getByRole('searchbox').inputValue()).toBe('centrum');
      const results = page.getByRole('region', { name: /resultaten voor “centrum”/ });
      expect(await results.getByRole('heading', { level: 2 }).innerText()).toMatch(/^\d+ resultaten/);
      // Several places are called Centrum; each result says its level and code beside the link.
      const centrum = results.getByRole('listitem').filter({ hasText: 'Wijk · WK063700' });
      expect(await centrum.getByRole('link').innerText()).toBe('Centrum');
      expect(await centrum.getByRole('link').getAttribute('href')).toBe('/wijken/WK063700');
      const buurt = results.getByRole('link', { name: 'Stadscentrum', exact: true });
      expect(await buurt.getAttribute('href')).toBe('/buurten/BU06370002');
      expect(await breadcrumb(page)).toEqual(['Home']);
    });
  });

  it('explains beside the field when the search is too short', async () => {
    await withPage('no-js', '/zoeken?q=a', async (page, status) => {
      expect(status).toBe(400);
      const field = page.getByRole('searchbox', { name: 'Naam van uw gemeente, wijk of buurt' });
      expect(await field.inputValue()).toBe('a');
      expect(await field.getAttribute('aria-invalid')).toBe('true');
      const error = page.locator('#q-error');
      expect(await error.innerText()).toBe('Typ minstens 2 letters.');
      expect(await error.isVisible()).toBe(true);
      // A screen reader reads the error with the field, not only somewhere on the page.
      expect((await field.getAttribute('aria-describedby'))?.split(' ')).toContain('q-error');
      expect(await page.getByRole('region', { name: /resultaten/ }).count()).toBe(0);
    });
  });
});

describe('gemeente page', () => {
  it('shows the figures, the wijken and the SVG map without JavaScript', async () => {
    await withPage('no-js', '/gemeenten/GM0637', async (page, status) => {
      expect(status).toBe(200);
      expect(await h1(page)).toBe('Zoetermeer');
      expect(await page.locator('.utrecht-pre-heading').innerText()).toBe('Gemeente');
      expect(await page.getByRole('region', { name: 'Cijfers' }).innerText()).toContain('126.998');
      const table = page.getByRole('table');
      expect(await table.getByRole('row').count()).toBe(10); // header and 9 wijken
      expect(await table.getByRole('link', { name: 'Centrum', exact: true }).getAttribute('href')).toBe(
        '/wijken/WK063700',
      );
      expect(await breadcrumb(page)).toEqual(['Home']);
      await expectSvgMap(page, 9);
    });
  });

  it('replaces the SVG with the Leaflet map when JavaScript runs', async () => {
    await withPage('js', '/gemeenten/GM0637', async (page, _status, scriptErrors) => {
      await expectLeafletMap(page, 9);
      expect(scriptErrors).toEqual([]);
    });
  });
});

describe('wijk page', () => {
  it('shows the wijk in its gemeente, its buurten and the SVG map without JavaScript', async () => {
    await withPage('no-js', '/wijken/WK063700', async (page, status) => {
      expect(status).toBe(200);
      expect(await h1(page)).toBe('Centrum');
      expect(await page.locator('.utrecht-pre-heading').innerText()).toBe('Wijk in Zoetermeer');
      expect(await breadcrumb(page)).toEqual(['Home', 'Zoetermeer']);
      const buurten = page.getByRole('table').getByRole('link');
      expect(await buurten.allInnerTexts()).toEqual(
        expect.arrayContaining(['Dorp', 'Stadscentrum', 'Palenstein', 'Driemanspolder']),
      );
      await expectSvgMap(page, 4);
    });
  });

  it('replaces the SVG with the Leaflet map when JavaScript runs', async () => {
    await withPage('js', '/wijken/WK063700', async (page, _status, scriptErrors) => {
      await expectLeafletMap(page, 4);
      expect(scriptErrors).toEqual([]);
    });
  });
});

describe('buurt page', () => {
  it('shows the buurt among its neighbours, highlighted, without JavaScript', async () => {
    await withPage('no-js', '/buurten/BU06370002', async (page, status) => {
      expect(status).toBe(200);
      expect(await h1(page)).toBe('Stadscentrum');
      expect(await page.locator('.utrecht-pre-heading').innerText()).toBe('Buurt in Centrum');
      expect(await breadcrumb(page)).toEqual(['Home', 'Zoetermeer', 'Centrum']);
      const figures = page.getByRole('region', { name: 'Cijfers' });
      expect(await figures.innerText()).toContain('2.925');
      await expectSvgMap(page, 4);
      expect(await page.locator('svg.bk-map__svg .bk-map__shape--emphasis').count()).toBe(1);
      // The map is hidden from screen readers; its caption says where its places are listed.
      expect(await page.locator('.bk-map figcaption').innerText()).toBe(
        'Kaart van Stadscentrum en de buurten eromheen in Centrum. De lijst van alle buurten staat op de pagina van Centrum.',
      );
      expect(await page.getByRole('link', { name: 'Grens als GeoJSON' }).getAttribute('href')).toBe(
        '/api/v1/places/BU06370002/boundary.geojson',
      );
    });
  });

  it('replaces the SVG with the Leaflet map when JavaScript runs', async () => {
    await withPage('js', '/buurten/BU06370002', async (page, _status, scriptErrors) => {
      await expectLeafletMap(page, 4);
      expect(scriptErrors).toEqual([]);
      // For a person to look at: `BK_E2E_SCREENSHOTS=/tmp npx vitest run --project e2e`.
      const dir = process.env.BK_E2E_SCREENSHOTS;
      if (dir) await page.screenshot({ path: path.join(dir, 'buurt-BU06370002.png'), fullPage: true });
    });
  });

  it('shows the code where there is no name, and says why there is no map', async () => {
    for (const context of ['no-js', 'js'] as const) {
      await withPage(context, '/buurten/BU00140000', async (page, status, scriptErrors) => {
        expect(status).toBe(200);
        expect(await h1(page)).toBe('BU00140000');
        expect(await page.getByRole('region', { name: 'Kaart' }).innerText()).toContain(
          'Van BU00140000 is geen grens bekend, dus er is geen kaart.',
        );
        expect(await page.locator('.bk-map').count()).toBe(0);
        expect(await page.getByRole('link', { name: 'Grens als GeoJSON' }).count()).toBe(0);
        expect(scriptErrors).toEqual([]);
      });
    }
  });
});

describe('page not found', () => {
  it('says so plainly and offers the way back home', async () => {
    for (const url of ['/bestaat-niet', '/gemeenten/GM9999']) {
      await withPage('no-js', url, async (page, status) => {
        expect(status).toBe(404);
        expect(await h1(page)).toMatch(/niet gevonden/i);
        expect(await page.getByRole('link', { name: 'Naar de startpagina' }).getAttribute('href')).toBe('/');
      });
    }
  });
});

/** Every page, checked by axe (WCAG 2.0 and 2.1, A and AA) as it is with and without JavaScript. */
describe.each([
  { url: '/', shapes: 0 },
  { url: '/gemeenten', shapes: 0 },
  { url: '/open-data', shapes: 0 },
  { url: '/zoeken?q=centrum', shapes: 0 },
  { url: '/zoeken?q=a', shapes: 0 },
  { url: '/gemeenten/GM0637', shapes: 9 },
  { url: '/wijken/WK063700', shapes: 4 },
  { url: '/buurten/BU06370002', shapes: 4 },
  { url: '/buurten/BU00140000', shapes: 0 },
  { url: '/bestaat-niet', shapes: 0 },
  { url: '/buurten/BU06370002?lang=en', shapes: 4 },
])('accessibility of $url', ({ url, shapes }) => {
  it('has no axe violations without JavaScript', async () => {
    await auditWithoutJs(run, url);
  });

  it('has no axe violations with JavaScript, after the map is enhanced', async () => {
    const scriptErrors = await auditWithJs(run, url, async (page) => {
      if (shapes > 0) await expectLeafletMap(page, shapes);
    });
    expect(scriptErrors).toEqual([]);
  });
});

describe('resident tasks without JavaScript', () => {
  it('finds a buurt by typing its name in the search box on the home page', async () => {
    await withPage('no-js', '/', async (page) => {
      await page.getByRole('searchbox', { name: 'Naam van uw gemeente, wijk of buurt' }).fill('Palenstein');
      await page.getByRole('button', { name: 'Zoeken' }).click();
      await page.waitForURL('**/buurten/BU06370003');
      expect(await h1(page)).toBe('Palenstein');
    });
  });

  it('picks a place from several search results', async () => {
    await withPage('no-js', '/', async (page) => {
      const box = page.getByRole('searchbox', { name: 'Naam van uw gemeente, wijk of buurt' });
      await box.fill('centrum');
      await box.press('Enter');
      await page.waitForURL('**/zoeken?q=centrum');
      await page.getByRole('link', { name: 'Stadscentrum', exact: true }).click();
      await page.waitForURL('**/buurten/BU06370002');
      expect(await h1(page)).toBe('Stadscentrum');
    });
  });

  it('follows links from the gemeente to a wijk to a buurt, and back by the breadcrumb', async () => {
    await withPage('no-js', '/', async (page) => {
      await page.getByRole('link', { name: 'Zoetermeer', exact: true }).click();
      await page.waitForURL('**/gemeenten/GM0637');
      await page.getByRole('table').getByRole('link', { name: 'Centrum', exact: true }).click();
      await page.waitForURL('**/wijken/WK063700');
      expect(await h1(page)).toBe('Centrum');
      await page.getByRole('table').getByRole('link', { name: 'Stadscentrum', exact: true }).click();
      await page.waitForURL('**/buurten/BU06370002');
      expect(await h1(page)).toBe('Stadscentrum');
      await page
        .getByRole('navigation', { name: 'Kruimelpad' })
        .getByRole('link', { name: 'Zoetermeer' })
        .click();
      await page.waitForURL('**/gemeenten/GM0637');
      expect(await h1(page)).toBe('Zoetermeer');
    });
  });

  it('switches to English, and the next pages stay English', async () => {
    await withPage('no-js', '/buurten/BU06370002', async (page) => {
      await page.getByRole('link', { name: 'Read this page in English' }).click();
      await page.waitForURL('**/buurten/BU06370002?lang=en');
      expect(await page.locator('html').getAttribute('lang')).toBe('en');
      expect(await page.locator('.utrecht-pre-heading').innerText()).toBe('Neighbourhood in Centrum');
      expect(await page.getByRole('region', { name: 'Figures' }).innerText()).toContain('Households');
      await page.getByRole('navigation', { name: 'Breadcrumb' }).getByRole('link', { name: 'Home' }).click();
      await page.waitForURL(`${run.baseUrl}/`);
      expect(await h1(page)).toBe('Working together on your neighbourhood');
      await page.getByRole('link', { name: 'Lees deze pagina in het Nederlands' }).click();
      await page.waitForURL('**/?lang=nl');
      expect(await h1(page)).toBe('Samen werken aan uw buurt');
    });
  });
});
