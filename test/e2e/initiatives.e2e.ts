import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaff, grant, TEST_PASSWORD } from '../helpers/browser.js';
import {
  auditWithJs,
  auditWithoutJs,
  expectNoAxeViolations,
  openPage,
  startE2eRun,
  type E2eRun,
} from './helpers.js';

const COACH = 'coach.e2e@zoetermeer.example';
const INITIATOR = { name: 'Henk Onbekend-Uniek', email: 'henk.uniek@example.nl', phone: '0612398765' };

let run: E2eRun;
let coachContext: BrowserContext;
/** Signed in too, for the axe pass of the desk: the server's HTML, page scripts refused. */
let deskAuditContext: BrowserContext;
let reference = '';
let trackingPath = '';

beforeAll(async () => {
  run = await startE2eRun();
  await createStaff(run.app, {
    email: COACH,
    displayName: 'Carla Coach',
    grants: [grant('coach', 'GM0637')],
  });
  coachContext = await run.newContext({ javaScriptEnabled: false });
  deskAuditContext = await run.newContext({ forbidPageScripts: true });
});
afterAll(async () => {
  await coachContext?.close();
  await deskAuditContext?.close();
  await run?.close();
});

async function signInAsCoach(context: BrowserContext = coachContext): Promise<Page> {
  const { page } = await openPage(run, context, '/inloggen');
  await page.getByLabel('E-mailadres').fill(COACH);
  await page.getByLabel('Wachtwoord').fill(TEST_PASSWORD);
  await page.getByRole('button', { name: 'Inloggen' }).click();
  await page.waitForLoadState('load');
  return page;
}

describe('the resident task with JavaScript off, end to end', () => {
  it('submits an initiative, which a coach takes in, discusses and publishes', async () => {
    // The resident: gemeente first, then the form.
    const { page } = await openPage(run, run.withoutJs, '/initiatieven/nieuw');
    await page.getByLabel('Kies eerst uw gemeente').selectOption('GM0637');
    await page.getByRole('button', { name: 'Kies gemeente' }).click();
    await page.waitForLoadState('load');

    // A first try with a mistake: the error summary links to the field, and nothing typed is lost.
    await page.getByLabel('Naam van uw initiatief').fill('Picknicktafels in het Dorp');
    await page.getByRole('button', { name: 'Initiatief indienen' }).click();
    await page.waitForLoadState('load');
    expect(await page.getByRole('alert').innerText()).toContain('Er is een probleem');
    expect(await page.getByLabel('Naam van uw initiatief').inputValue()).toBe('Picknicktafels in het Dorp');

    await page
      .getByLabel('Wat is het?')
      .fill('Twee picknicktafels op het grasveld, zodat buren samen kunnen eten.');
    await page.getByLabel('Voor wie is het?').fill('Alle buren');
    await page.getByLabel('Ontmoeting').check();
    await page.getByLabel('Buurt', { exact: true }).selectOption('BU06370001');
    await page.getByLabel('Beschrijf de plek').fill('Grasveld bij de kerk');
    await page.getByLabel('Regel 1: waarvoor').fill('Twee picknicktafels');
    await page.getByLabel('Regel 1: bedrag in euro').fill('1.250,00');
    await page.getByLabel('Geld').check();
    await page.getByLabel('Uw naam').fill(INITIATOR.name);
    await page.getByLabel('E-mailadres').fill(INITIATOR.email);
    await page.getByLabel('Telefoonnummer').fill(INITIATOR.phone);
    await page.getByRole('button', { name: 'Initiatief indienen' }).click();
    await page.waitForLoadState('load');
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Uw initiatief is ontvangen');
    reference = /INI-\d{4}-\d{4}/.exec(await page.locator('main').innerText())?.[0] ?? '';
    expect(reference).not.toBe('');
    trackingPath = new URL(
      await page
        .locator('.bk-token-link a')
        .getAttribute('href')
        .then((h) => h ?? ''),
    ).pathname;
    await page.close();

    // The coach takes it in and asks a question.
    const desk = await signInAsCoach();
    await desk.goto(`${run.baseUrl}/beheer/initiatieven`);
    await desk.getByRole('link', { name: 'Picknicktafels in het Dorp' }).click();
    await desk.waitForLoadState('load');
    await desk.getByLabel('In gesprek met coach').check();
    await desk.getByRole('button', { name: 'Fase wijzigen' }).click();
    await desk.waitForLoadState('load');
    expect(await desk.getByRole('status').first().innerText()).toContain('De fase is gewijzigd.');
    await desk.getByLabel('Bericht', { exact: true }).fill('Waar precies bij de kerk?');
    await desk.getByRole('button', { name: 'Plaatsen' }).click();
    await desk.waitForLoadState('load');

    // The initiator answers through the private link.
    const { page: tracking } = await openPage(run, run.withoutJs, trackingPath);
    expect(await tracking.locator('main').innerText()).toContain('Waar precies bij de kerk?');
    await tracking.getByLabel('Uw bericht').fill('Aan de zuidkant, naast de bank.');
    await tracking.getByRole('button', { name: 'Bericht versturen' }).click();
    await tracking.waitForLoadState('load');
    expect(await tracking.locator('main').innerText()).toContain('Uw bericht is verstuurd.');
    await tracking.close();

    // The coach publishes: in preparation, then open for support.
    await desk.goto(`${run.baseUrl}/beheer/initiatieven/${reference}`);
    expect(await desk.locator('main').innerText()).toContain('Aan de zuidkant, naast de bank.');
    for (const stage of ['In voorbereiding', 'Open voor steun']) {
      await desk.getByLabel(stage).check();
      await desk.getByRole('button', { name: 'Fase wijzigen' }).click();
      await desk.waitForLoadState('load');
    }
    await desk.close();

    // The public page and its timeline, without any personal data anywhere public.
    const { page: publicPage } = await openPage(run, run.withoutJs, `/initiatieven/${reference}`);
    const text = await publicPage.locator('main').innerText();
    expect(text).toContain('Picknicktafels in het Dorp');
    expect(text).toContain('Open voor steun');
    expect(text).toContain('In voorbereiding');
    expect(text).toMatch(/€\s1\.250(?![,\d])/);
    await publicPage.close();
    const publicUrls = [
      `/initiatieven/${reference}`,
      '/initiatieven?plaats=GM0637',
      `/api/v1/initiatives/${reference}`,
      '/api/v1/initiatives',
      '/open-data/initiatieven.csv',
      '/open-data/initiatieven.geojson',
    ];
    for (const url of publicUrls) {
      const body = await (await fetch(run.baseUrl + url)).text();
      // Submitted without a pin, so it has no point in the GeoJSON; everything else lists it.
      if (!url.endsWith('.geojson')) expect(body, url).toContain('Picknicktafels');
      for (const secret of Object.values(INITIATOR)) expect(body, url).not.toContain(secret);
    }
  });
});

describe('accessibility of every initiatives page', () => {
  it('passes axe without JavaScript', async () => {
    for (const url of [
      '/initiatieven/nieuw',
      '/initiatieven/nieuw?gemeente=GM0637',
      '/initiatieven/formulier?gemeente=GM0637',
      '/initiatieven?plaats=GM0637',
      `/initiatieven/${reference}`,
      trackingPath,
    ]) {
      await auditWithoutJs(run, url);
    }
  });

  it('passes axe with JavaScript, and the enhancements raise no errors', async () => {
    const form = await auditWithJs(run, '/initiatieven/nieuw?gemeente=GM0637', (page) =>
      page.locator('.bk-pin__map.leaflet-container').waitFor({ state: 'visible' }),
    );
    expect(form).toEqual([]);
    const list = await auditWithJs(run, '/initiatieven?plaats=GM0637', async (page) => {
      await page.locator('[data-map]').hover();
      await page.locator('.bk-map__canvas--leaflet').waitFor({ state: 'visible' });
    });
    expect(list).toEqual([]);
    expect(await auditWithJs(run, `/initiatieven/${reference}`)).toEqual([]);
  });

  it('passes axe on the desk pages, signed in', async () => {
    const page = await signInAsCoach(deskAuditContext);
    for (const url of [
      '/beheer/initiatieven?weergave=all',
      `/beheer/initiatieven/${reference}`,
      '/beheer/initiatieven/nieuw',
    ]) {
      await page.goto(run.baseUrl + url);
      expect(await page.getByRole('heading', { level: 1 }).count()).toBe(1);
      await expectNoAxeViolations(page);
    }
    await page.close();
  });
});
