import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaff, grant, TEST_PASSWORD } from '../helpers/browser.js';
import { auditWithoutJs, expectNoAxeViolations, openPage, startE2eRun, type E2eRun } from './helpers.js';

let run: E2eRun;
let comparePath = '';
let arrangementPath = '';
let taskPath = '';
let challengePath = '';

beforeAll(async () => {
  run = await startE2eRun();
  const modules = run.app.modules;
  await modules.initiatives.seedDemo(pino({ level: 'silent' }));
  await modules.arrangements.seedDemo(pino({ level: 'silent' }), { publishedSecrets: false });
  const { page } = await openPage(run, run.withoutJs, '/afspraken');
  const href = await page.locator('a[href^="/afspraken/AFS-"]').first().getAttribute('href');
  arrangementPath = href ?? '';
  await page.close();
}, 180_000);
afterAll(async () => {
  await run?.close();
});

describe('side by side, with JavaScript off', () => {
  it('chooses a wijk and theme with the GET form and shows an initiative beside an organisation', async () => {
    const { page } = await openPage(run, run.withoutJs, '/afspraken/naast-elkaar');
    const wijk = page.getByLabel('Wijk');
    const value = await wijk.locator('option').nth(1).getAttribute('value');
    await wijk.selectOption(value ?? '');
    // The demo's theme is the initiative's: take whichever theme the arrangements carry.
    const themes = await page
      .getByLabel('Thema')
      .locator('option')
      .evaluateAll((os) => os.map((o) => o.getAttribute('value') ?? ''));
    let shown = false;
    for (const theme of themes.filter((t) => t !== '' && t !== 'groen')) {
      await page.goto(`${run.baseUrl}/afspraken/naast-elkaar?wijk=${value ?? ''}&thema=${theme}`);
      if ((await page.locator('table').count()) > 0) {
        shown = true;
        break;
      }
    }
    expect(shown).toBe(true);
    const table = page.locator('table');
    expect(await table.textContent()).toContain('bewonersinitiatief');
    expect(await table.textContent()).toContain('organisatie');
    expect(await table.textContent()).toContain('Kosten per eenheid resultaat');
    comparePath = new URL(page.url()).pathname + new URL(page.url()).search;
    await page.close();
  });

  it('has no axe violations on the new public pages', async () => {
    await auditWithoutJs(run, comparePath);
    await auditWithoutJs(run, '/afspraken');
    await auditWithoutJs(run, arrangementPath);
    const { page } = await openPage(run, run.withoutJs, '/uitdaagrecht');
    taskPath = (await page.locator('a[href$="/uitdagen"]').first().getAttribute('href')) ?? '';
    challengePath =
      (await page.locator('a[href^="/uitdaagrecht/uitdaging/"]').first().getAttribute('href')) ?? '';
    await page.close();
    await auditWithoutJs(run, '/uitdaagrecht');
    await auditWithoutJs(run, taskPath);
    await auditWithoutJs(run, challengePath);
  });
});

describe('the staff pages', () => {
  it('has no axe violations on the list, the new form, a refused CSV and the manage page', async () => {
    const manager = 'wijkbeheer.e2e@zoetermeer.example';
    await createStaff(run.app, { email: manager, grants: [grant('administrator', 'GM0637')] });
    const context = await run.newContext({ forbidPageScripts: true });
    try {
      const { page } = await openPage(run, context, '/inloggen');
      await page.getByLabel('E-mailadres').fill(manager);
      await page.getByLabel('Wachtwoord').fill(TEST_PASSWORD);
      await page.getByRole('button', { name: 'Inloggen' }).click();
      await page.waitForLoadState('load');
      for (const path of [
        '/beheer/afspraken',
        '/beheer/afspraken/nieuw',
        `/beheer${arrangementPath}/wijzigen`,
        // Last: the refused CSV below is sent from the manage page.
        `/beheer${arrangementPath}`,
      ]) {
        await page.goto(`${run.baseUrl}${path}`);
        await expectNoAxeViolations(page);
      }
      // A bad file: the page comes back with every bad line, and nothing was saved.
      await page
        .getByLabel('Of plak de inhoud hier')
        .fill('extern_id;indicator;periode;waarde;bron\nX;y;2026;veel;zelf\n');
      await page.getByRole('button', { name: 'Bestand verwerken' }).click();
      await page.waitForLoadState('load');
      expect(await page.locator('#csv-problems').textContent()).toContain('Regel 2');
      await expectNoAxeViolations(page);
      // The new form with errors.
      await page.goto(`${run.baseUrl}/beheer/afspraken/nieuw`);
      await page.getByRole('button', { name: 'Afspraak maken' }).click();
      await page.waitForLoadState('load');
      await expectNoAxeViolations(page);
      await page.close();
    } finally {
      await context.close();
    }
  });

  it('has no axe violations on the edit form with JavaScript on', async () => {
    const context = await run.newContext();
    try {
      const { page } = await openPage(run, context, '/inloggen');
      await page.getByLabel('E-mailadres').fill('wijkbeheer.e2e@zoetermeer.example');
      await page.getByLabel('Wachtwoord').fill(TEST_PASSWORD);
      await page.getByRole('button', { name: 'Inloggen' }).click();
      await page.waitForLoadState('load');
      await page.goto(`${run.baseUrl}/beheer${arrangementPath}/wijzigen`);
      await expectNoAxeViolations(page);
      await page.close();
    } finally {
      await context.close();
    }
  });
});
