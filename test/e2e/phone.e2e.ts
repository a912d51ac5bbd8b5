import { pino } from 'pino';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANONYMOUS } from '../../src/access/index.js';
import {
  createOpenInitiative,
  openSupport,
  setUpBudgetYear,
} from '../../src/modules/budgets/budgets.test-helpers.js';
import { createAppI18n } from '../../src/modules/index.js';
import {
  checkSubmissionForm,
  submitInitiative,
  validForm,
} from '../../src/modules/initiatives/initiatives.test-helpers.js';
import { amsterdamDate } from '../../src/shared/dates.js';
import { createStaff, grant, TEST_PASSWORD } from '../helpers/browser.js';
import { startE2eRun, type E2eRun } from './helpers.js';

/** A common phone (iPhone 12 to 15), in CSS pixels. */
const PHONE = { width: 390, height: 844 };
const STAFF = 'beheer.telefoon.e2e@zoetermeer.example';

let run: E2eRun;
let phone: BrowserContext;
let page: Page;
const year = Number(amsterdamDate(new Date()).slice(0, 4));
let open = '';
let tracked = { reference: '', token: '' };

beforeAll(async () => {
  run = await startE2eRun();
  const { app } = run;
  // The demo's initiatives (long titles, budgets, timelines), one of them open for support, a
  // budget year with its figures, and an initiative handed in with a tracking link.
  await app.modules.initiatives.seedDemo(pino({ level: 'silent' }));
  const { ctx } = await setUpBudgetYear(app.modules.budgets.context, { year });
  const initiative = await createOpenInitiative(app.database.db, {
    buurt: 'BU06370001',
    wijk: 'WK063700',
    title: 'Picknicktafels en een jeu-de-boulesbaan bij het Dorpsplein',
  });
  await openSupport(ctx, initiative.id, 150_000, `${year}-12-31`, year);
  open = initiative.reference;
  const checked = checkSubmissionForm(validForm(), { staff: false });
  if (!checked.input) throw new Error(JSON.stringify(checked.issues));
  const t = createAppI18n(app.modules).translator('nl');
  tracked = await submitInitiative(
    app.modules.initiatives.context,
    { actor: ANONYMOUS, channel: 'web' },
    checked.input,
    [],
    t,
  );
  await createStaff(app, {
    email: STAFF,
    displayName: 'Bas Beheer-Telefoonboek',
    grants: [grant('administrator', 'GM0637'), grant('coach', 'GM0637')],
  });
  phone = await run.newContext({ javaScriptEnabled: false, viewport: PHONE });
  page = await phone.newPage();
});
afterAll(async () => {
  await phone?.close();
  await run?.close();
});

/**
 * Opens `path` and returns what sticks out to the right of the screen: nothing when the page
 * does not scroll sideways. Each element named by its tag and class, for the failure message.
 */
async function overflowOn(path: string): Promise<{ status: number; wider: string[] }> {
  const response = await page.goto(run.baseUrl + path, { waitUntil: 'load' });
  const wider = await page.evaluate(() => {
    const doc = document.documentElement;
    if (doc.scrollWidth <= doc.clientWidth) return [];
    return Array.from(document.querySelectorAll('body *'))
      .filter((e) => e.getBoundingClientRect().right > doc.clientWidth + 0.5)
      .slice(0, 5)
      .map(
        (e) =>
          `${e.tagName.toLowerCase()}.${Array.from(e.classList).join('.')} (${Math.round(e.getBoundingClientRect().right)} px)`,
      );
  });
  return { status: response?.status() ?? 0, wider };
}

async function expectNoSidewaysScroll(paths: string[]): Promise<void> {
  const problems: string[] = [];
  for (const path of paths) {
    const { status, wider } = await overflowOn(path);
    expect(status, path).toBe(200);
    if (wider.length > 0) problems.push(`${path}: ${wider.join(', ')}`);
  }
  expect(problems).toEqual([]);
}

describe('every page reads on a 390-pixel phone, JavaScript off: nothing scrolls sideways', () => {
  it('the public pages', async () => {
    await expectNoSidewaysScroll([
      '/',
      '/zoeken?q=dorp',
      '/gemeenten/GM0637',
      '/wijken/WK063700',
      '/buurten/BU06370001',
      '/initiatieven',
      '/initiatieven?plaats=GM0637',
      `/initiatieven/${open}`,
      '/initiatieven/nieuw?gemeente=GM0637',
      '/initiatieven/formulier',
      `/initiatieven/volgen/${tracked.token}`,
      '/buurtbudget',
      `/buurtbudget/cijfers/GM0637?year=${year}`,
      '/inloggen',
      '/inloggen/bewoner',
      // English words are longer (and the switch remembers English: back to Dutch after).
      `/buurtbudget/cijfers/GM0637?year=${year}&lang=en`,
      `/initiatieven/${open}?lang=en`,
      '/?lang=nl',
    ]);
    // The figures table became rows of labelled lines: every figure still on screen.
    await page.goto(`${run.baseUrl}/buurtbudget/cijfers/GM0637?year=${year}`);
    const lapsed = page.locator('tfoot td').last();
    expect(await lapsed.getAttribute('data-label')).toBe('Vervallen');
    const box = await lapsed.boundingBox();
    expect(box && box.x >= 0 && box.x + box.width <= PHONE.width).toBe(true);
  });

  it('the staff pages, signed in', async () => {
    await page.goto(`${run.baseUrl}/inloggen`);
    await page.getByLabel('E-mailadres').fill(STAFF);
    await page.getByLabel('Wachtwoord').fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Inloggen' }).click();
    await page.waitForLoadState('load');
    await expectNoSidewaysScroll([
      '/account',
      '/account/wachtwoord',
      '/beheer/medewerkers',
      '/beheer/medewerkers/uitnodigen',
      '/beheer/audit',
      '/beheer/privacy',
      '/beheer/initiatieven',
      '/beheer/initiatieven?weergave=all',
      `/beheer/initiatieven/${tracked.reference}`,
      '/beheer/initiatieven/nieuw',
      '/beheer/buurtbudget',
      `/beheer/buurtbudget/GM0637/${year}`,
      `/beheer/buurtbudget/GM0637/${year + 1}`,
      '/beheer/buurtbudget/balie',
    ]);
  });
});
