import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSmtpMailer, deliverOutbox, type Mailer } from '../../src/mail/index.js';
import { createStaff, grant, TEST_PASSWORD } from '../helpers/browser.js';
import { startTestSmtpServer, type TestSmtpServer } from '../helpers/smtp-server.js';
import {
  auditWithJs,
  auditWithoutJs,
  expectNoAxeViolations,
  newBrowserContext,
  openPage,
  startE2eRun,
  type E2eRun,
} from './helpers.js';

let run: E2eRun;
let smtp: TestSmtpServer;
let mailer: Mailer;
let reportId = '';
let trackingPath = '';

const MANAGER = 'wijk.meldingen@zoetermeer.example';

/** The text of every message the SMTP server received for an address. */
function mailTo(address: string): string[] {
  return smtp.received.filter((m) => m.envelopeTo.includes(address)).map((m) => m.raw.replace(/=\r\n/g, ''));
}

/** Fills the report form with JavaScript off: a kind, a description, the buurt and an address. */
async function fillReport(page: Page, description: string, email: string): Promise<void> {
  await page.getByLabel('Soort melding').selectOption('wegen-bestrating');
  await page.getByLabel('Beschrijving').fill(description);
  await page.getByLabel('Buurt').selectOption('BU06370002');
  await page.getByLabel('Adres of herkenningspunt').fill('Stadhuisplein 1');
  await page.getByLabel('E-mailadres (niet verplicht)').fill(email);
  await page.getByRole('button', { name: 'Verstuur de melding' }).click();
  await page.waitForLoadState('load');
}

// The resident's and staff's flows run in the audit context: the page's own scripts are refused
// (the server's HTML works alone, as with JavaScript off), while axe can still run in the page.

beforeAll(async () => {
  run = await startE2eRun({ PUBLIC_URL: 'https://buurt.example' });
  smtp = await startTestSmtpServer();
  mailer = createSmtpMailer({ url: smtp.url, from: 'Buurtkracht <noreply@buurt.example>' });
  await createStaff(run.app, { email: MANAGER, grants: [grant('district_manager', 'WK063700')] });
}, 180_000);
afterAll(async () => {
  await mailer?.close();
  await smtp?.close();
  await run?.close();
});

describe('a resident reports with JavaScript off, and a neighbour joins', { timeout: 180_000 }, () => {
  it('makes a report: the number, the deadline in words and a private link', async () => {
    const { page } = await openPage(run, run.audit, '/meldingen/nieuw?gemeente=GM0637');
    await expectNoAxeViolations(page);
    // Sent empty: the errors beside the fields, and axe on the page with errors.
    await page.getByRole('button', { name: 'Verstuur de melding' }).click();
    await page.waitForLoadState('load');
    expect(
      await page.locator('.utrecht-form-field-error-message, [id$="-error"]').first().textContent(),
    ).toBeTruthy();
    await expectNoAxeViolations(page);
    await fillReport(page, 'Drie tegels liggen los voor de ingang', 'melder@buurt.example');
    expect(await page.locator('h1').textContent()).toBe('Uw melding is ontvangen');
    const text = (await page.locator('main').textContent()) ?? '';
    reportId = /M-\d{4}-\d{6}/.exec(text)?.[0] ?? '';
    expect(reportId).not.toBe('');
    expect(text).toMatch(/uiterlijk \d{1,2} [a-z]+ \d{4}/);
    trackingPath = new URL((await page.locator('.bk-private-link').getAttribute('href')) ?? '').pathname;
    await expectNoAxeViolations(page);
    await page.close();
  });

  it('offers the report nearby first; following it makes the neighbour a supporter', async () => {
    const { page } = await openPage(run, run.audit, '/meldingen/nieuw?gemeente=GM0637');
    await fillReport(page, 'Losse stoeptegels bij het stadhuis', 'buur@buurt.example');
    expect(await page.locator('h1').textContent()).toBe('Is dit dezelfde melding?');
    expect(await page.locator('main').textContent()).toContain(reportId);
    await expectNoAxeViolations(page);
    await page.getByRole('button', { name: 'Ja, dit is mijn melding ook' }).first().click();
    await page.waitForLoadState('load');
    expect(await page.locator('h1').textContent()).toBe('U volgt deze melding');
    await expectNoAxeViolations(page);
    await page.close();
  });

  it('a status move reaches the reporter and the supporter through the SMTP server', async () => {
    const context = await newBrowserContext(run.browser, { forbidPageScripts: true });
    try {
      const { page } = await openPage(run, context, '/inloggen');
      await page.getByLabel('E-mailadres').fill(MANAGER);
      await page.getByLabel('Wachtwoord').fill(TEST_PASSWORD);
      await page.getByRole('button', { name: 'Inloggen' }).click();
      await page.waitForLoadState('load');
      await page.goto(`${run.baseUrl}/beheer/meldingen`);
      expect(await page.locator('main').textContent()).toContain(reportId);
      await expectNoAxeViolations(page);
      await page.goto(`${run.baseUrl}/beheer/meldingen/${reportId}`);
      await expectNoAxeViolations(page);
      await page.getByLabel('In behandeling genomen').check();
      await page.getByRole('button', { name: 'Stand veranderen' }).click();
      await page.waitForLoadState('load');
      expect(await page.locator('main').textContent()).toContain('De stand is veranderd.');
      // Closed as fixed: the reporter is asked whether it was solved.
      await page.getByLabel('Afgehandeld').check();
      await page.getByLabel('Opgelost', { exact: true }).check();
      await page.getByRole('button', { name: 'Stand veranderen' }).click();
      await page.waitForLoadState('load');
      await page.close();
    } finally {
      await context.close();
    }
    await deliverOutbox(run.app.database.db, mailer);
    const toReporter = mailTo('melder@buurt.example');
    const toSupporter = mailTo('buur@buurt.example');
    expect(toReporter.some((m) => m.includes('Wij hebben uw melding in behandeling genomen.'))).toBe(true);
    expect(toSupporter.some((m) => m.includes('Wij hebben uw melding in behandeling genomen.'))).toBe(true);
    const confirm = toReporter
      .map((m) => /https:\/\/buurt\.example(\/meldingen\/opgelost\/[A-Za-z0-9_-]{43})/.exec(m)?.[1])
      .find(Boolean);
    expect(confirm).toBeTruthy();
    await auditWithoutJs(run, confirm ?? '');
  });
});

describe('every new page passes axe, with JavaScript on and off', { timeout: 180_000 }, () => {
  it('the public list and map, a report, the tracking page', async () => {
    for (const path of [
      '/meldingen?plaats=GM0637',
      `/meldingen/${reportId}`,
      trackingPath,
      '/meldingen?plaats=WK063700&status=closed',
    ])
      await auditWithoutJs(run, path);
    for (const path of [
      '/meldingen/nieuw?gemeente=GM0637',
      '/meldingen?plaats=GM0637',
      `/meldingen/${reportId}`,
    ]) {
      const errors = await auditWithJs(run, path, async (page) => {
        await page.waitForLoadState('networkidle');
      });
      expect(errors).toEqual([]);
    }
  });
});
