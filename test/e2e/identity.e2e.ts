import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaff, grant, TEST_PASSWORD } from '../helpers/browser.js';
import { queuedMail } from '../helpers/outbox.js';
import {
  auditWithJs,
  auditWithoutJs,
  expectNoAxeViolations,
  openPage,
  startE2eRun,
  type E2eRun,
} from './helpers.js';

const ADMIN = 'beheer.e2e@zoetermeer.example';
/** A colleague in Zoetermeer: data the administrator's privacy requests reach. */
const COLLEAGUE = 'coach.e2e@zoetermeer.example';

let run: E2eRun;
/** Signed in, for the axe pass of pages behind a session: the server's HTML, page scripts refused. */
let auditContext: BrowserContext;

beforeAll(async () => {
  run = await startE2eRun();
  await createStaff(run.app, {
    email: ADMIN,
    displayName: 'Bea Beheer',
    grants: [grant('administrator', 'GM0637')],
  });
  await createStaff(run.app, { email: COLLEAGUE, grants: [grant('coach', 'GM0637')] });
  auditContext = await run.newContext({ forbidPageScripts: true });
});
afterAll(async () => {
  await auditContext?.close();
  await run?.close();
});

/** Asks for a sign-in link in the page, and reads the path of the link from the outbox. */
async function askForLink(page: Page, email: string): Promise<string> {
  await page.getByLabel('Uw e-mailadres').fill(email);
  await page.getByRole('button', { name: 'Stuur mij een link' }).click();
  await page.waitForLoadState('load');
  expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Kijk in uw e-mail');
  const mail = (await queuedMail(run.app, email)).at(-1);
  const link = /https?:\/\/\S+(\/inloggen\/bewoner\/[A-Za-z0-9_-]{43})/.exec(mail?.text ?? '')?.[1];
  expect(link).toBeDefined();
  return link ?? '';
}

describe('a resident signs in by e-mail link with JavaScript off', () => {
  it('asks for a link, follows it, is recognised on /mijn and signs out', async () => {
    const { page } = await openPage(run, run.withoutJs, '/inloggen/bewoner');
    // A mistake first: the error summary links to the field.
    await page.getByLabel('Uw e-mailadres').fill('geen-adres');
    await page.getByRole('button', { name: 'Stuur mij een link' }).click();
    await page.waitForLoadState('load');
    expect(await page.getByRole('alert').innerText()).toContain('Er is een probleem');

    const link = await askForLink(page, 'bewoner.e2e@voorbeeld.nl');
    await page.goto(run.baseUrl + link);
    expect(await page.locator('main').innerText()).toContain('bewoner.e2e@voorbeeld.nl');
    await page.getByRole('button', { name: 'Inloggen' }).click();
    await page.waitForLoadState('load');
    expect(new URL(page.url()).pathname).toBe('/mijn');
    expect(await page.locator('main').innerText()).toContain('bewoner.e2e@voorbeeld.nl');

    await page.getByRole('button', { name: 'Uitloggen' }).click();
    await page.waitForLoadState('load');
    expect(new URL(page.url()).pathname).toBe('/inloggen/bewoner');
    expect(await page.getByRole('status').innerText()).toContain('U bent uitgelogd.');
    // Used once: the link no longer works.
    const again = await page.goto(run.baseUrl + link);
    expect(again?.status()).toBe(404);
    await page.close();
  });
});

describe('accessibility of the sign-in and privacy pages', () => {
  it('passes axe without JavaScript', async () => {
    for (const url of [
      '/inloggen',
      '/inloggen/bewoner',
      '/inloggen/bewoner/ongeldig-maar-wel-lang-genoeg-0123456789abc',
    ]) {
      await auditWithoutJs(run, url);
    }
    // The landing of a fresh link (opening it does not use it up), then /mijn after the click.
    const { page } = await openPage(run, auditContext, '/inloggen/bewoner');
    const link = await askForLink(page, 'axe.e2e@voorbeeld.nl');
    await expectNoAxeViolations(page);
    await page.goto(run.baseUrl + link);
    await expectNoAxeViolations(page);
    await page.getByRole('button', { name: 'Inloggen' }).click();
    await page.waitForLoadState('load');
    expect(new URL(page.url()).pathname).toBe('/mijn');
    await expectNoAxeViolations(page);
    await page.getByRole('button', { name: 'Uitloggen' }).click();
    await page.waitForLoadState('load');
    await page.close();
  });

  it('passes axe with JavaScript, and raises no script errors', async () => {
    expect(await auditWithJs(run, '/inloggen')).toEqual([]);
    expect(await auditWithJs(run, '/inloggen/bewoner')).toEqual([]);
  });

  it('passes axe on the privacy pages, signed in as an administrator, through every step', async () => {
    const { page } = await openPage(run, auditContext, '/inloggen');
    await page.getByLabel('E-mailadres').fill(ADMIN);
    await page.getByLabel('Wachtwoord').fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Inloggen' }).click();
    await page.waitForLoadState('load');

    await page.goto(`${run.baseUrl}/beheer/privacy`);
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Privacyverzoeken');
    await expectNoAxeViolations(page);

    // An error beside the field.
    await page.getByLabel('E-mailadres van de aanvrager').fill('fout');
    await page.getByRole('button', { name: 'Opzoeken' }).click();
    await page.waitForLoadState('load');
    expect(await page.getByRole('alert').innerText()).toContain('Er is een probleem');
    await expectNoAxeViolations(page);

    // The person found, the confirmation step (with its error), and the result.
    // A resident's sign-in belongs to no gemeente: the page says who handles it.
    await page.getByLabel('E-mailadres van de aanvrager').fill('axe.e2e@voorbeeld.nl');
    await page.getByRole('button', { name: 'Opzoeken' }).click();
    await page.waitForLoadState('load');
    expect(await page.locator('main').innerText()).toContain('die handelt de technisch beheerder');
    await expectNoAxeViolations(page);
    await page.getByLabel('E-mailadres van de aanvrager').fill(COLLEAGUE);
    await page.getByRole('button', { name: 'Opzoeken' }).click();
    await page.waitForLoadState('load');
    expect(await page.locator('main').innerText()).toContain(`Gegevens bij ${COLLEAGUE}`);
    await expectNoAxeViolations(page);
    await page.getByRole('button', { name: 'Gegevens wissen…' }).click();
    await page.waitForLoadState('load');
    await expectNoAxeViolations(page);
    await page.getByRole('button', { name: 'Definitief wissen' }).click();
    await page.waitForLoadState('load');
    expect(await page.getByRole('alert').innerText()).toContain('Vink aan');
    await expectNoAxeViolations(page);
    await page.getByLabel('Ik heb gecontroleerd').check();
    await page.getByRole('button', { name: 'Definitief wissen' }).click();
    await page.waitForLoadState('load');
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Gegevens gewist');
    await expectNoAxeViolations(page);

    await page.goto(`${run.baseUrl}/beheer/privacy`);
    await page.getByRole('button', { name: 'Bewaartermijnen nu toepassen' }).click();
    await page.waitForLoadState('load');
    expect(await page.getByRole('status').first().innerText()).toContain('De bewaartermijnen zijn toegepast');
    await expectNoAxeViolations(page);
    await page.close();
  });
});

describe('the staff pages, signed in as an administrator, without JavaScript', () => {
  it('the invite form (its role checkboxes, its errors) and the invited page pass axe', async () => {
    // A context of its own: signed in afresh, whatever the tests before left behind.
    const context = await run.newContext({ forbidPageScripts: true });
    const { page } = await openPage(run, context, '/inloggen');
    await page.getByLabel('E-mailadres').fill(ADMIN);
    await page.getByLabel('Wachtwoord').fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Inloggen' }).click();
    await page.waitForLoadState('load');

    await page.goto(`${run.baseUrl}/beheer/medewerkers/uitnodigen`);
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Medewerker uitnodigen');
    await expectNoAxeViolations(page);

    // A partner without an organisation and a wrong address: both said beside their fields.
    await page.getByLabel('E-mailadres').fill('geen-adres');
    await page.getByLabel('Naam', { exact: true }).fill('Partner E2e');
    await page.locator('input[name="partner"]').first().check();
    await page.getByRole('button', { name: 'Uitnodigen' }).click();
    await page.waitForLoadState('load');
    expect(await page.getByRole('alert').innerText()).toContain('Er is een probleem');
    expect(await page.locator('input[name="partner"]').first().isChecked()).toBe(true);
    await expectNoAxeViolations(page);

    await page.getByLabel('E-mailadres').fill('partner.e2e@zoetermeer.example');
    await page.getByLabel('Organisatie van de partner').fill('Buurtwerk');
    await page.getByRole('button', { name: 'Uitnodigen' }).click();
    await page.waitForLoadState('load');
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Uitnodiging klaar');
    expect(await page.getByLabel('Link om het account in te stellen').inputValue()).toContain(
      '/account-instellen/',
    );
    await expectNoAxeViolations(page);
    await context.close();
  });
});

describe('the sign-in page with an OpenID Connect provider', () => {
  let oidcRun: E2eRun | undefined;
  afterAll(async () => {
    await oidcRun?.close();
  });

  it('shows the provider’s button, and an error beside it when the provider cannot be reached; both pass axe', async () => {
    // A provider address where nothing listens: the button leads back with a clear message.
    oidcRun = await startE2eRun({
      OIDC_ISSUER: 'http://127.0.0.1:9/niet-bereikbaar',
      OIDC_CLIENT_ID: 'buurtkracht',
      OIDC_CLIENT_SECRET: 'geheim',
    });
    await auditWithoutJs(oidcRun, '/inloggen');
    const { page } = await openPage(oidcRun, oidcRun.audit, '/inloggen');
    await page.getByRole('link', { name: 'Inloggen met uw organisatieaccount' }).click();
    await page.waitForLoadState('load');
    expect(await page.getByRole('alert').innerText()).toContain('lukt nu niet');
    await expectNoAxeViolations(page);
    await page.close();
  });
});
