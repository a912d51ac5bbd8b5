import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allocate, setMandate } from '../../src/modules/district-budget/district-budget.test-helpers.js';
import { amsterdamDate } from '../../src/shared/dates.js';
import { createStaff, grant, TEST_PASSWORD } from '../helpers/browser.js';
import { expectNoAxeViolations, openPage, startE2eRun, type E2eRun } from './helpers.js';

let run: E2eRun;
const year = Number(amsterdamDate(new Date()).slice(0, 4));

beforeAll(async () => {
  run = await startE2eRun();
  const ctx = run.app.modules.districtBudget.context;
  const admin = { actor: 'cli', channel: 'cli' } as const;
  const decider = await createStaff(run.app, {
    email: 'wijkmanager.e2e@zoetermeer.example',
    displayName: 'Wim Wijk',
    grants: [grant('district_manager', 'WK063700')],
  });
  await createStaff(run.app, {
    email: 'tweede.e2e@zoetermeer.example',
    displayName: 'Tessa Tweede',
    grants: [grant('district_manager', 'WK063700')],
  });
  await setMandate(ctx, admin, { accountId: decider, municipalityCode: 'GM0637', limitCents: 500_000 });
  await allocate(ctx, admin, { wijkCode: 'WK063700', year, amountCents: 5_000_000 });
});
afterAll(async () => {
  await run?.close();
});

async function signIn(email: string) {
  const context = await run.newContext({ forbidPageScripts: true });
  const { page } = await openPage(run, context, '/inloggen');
  await page.getByLabel('E-mailadres').fill(email);
  await page.getByLabel('Wachtwoord').fill(TEST_PASSWORD);
  await page.getByRole('button', { name: 'Inloggen' }).click();
  await page.waitForLoadState('load');
  return { context, page };
}

describe('the district budget’s staff pages (axe, WCAG 2.1 AA, without JavaScript)', () => {
  it('a decision above the mandate waits, the decider cannot approve it, a second manager does', async () => {
    const a = await signIn('wijkmanager.e2e@zoetermeer.example');
    await a.page
      .getByRole('navigation', { name: 'Uw account' })
      .getByRole('link', { name: 'Wijkbudget' })
      .click();
    await a.page.waitForLoadState('load');
    expect(await a.page.getByRole('heading', { level: 1 }).innerText()).toBe('Wijkbudget: besluiten');
    await expectNoAxeViolations(a.page);

    await a.page.getByRole('link', { name: /Nieuw besluit voor/ }).click();
    await a.page.waitForLoadState('load');
    await expectNoAxeViolations(a.page);
    // A mistake first: the error summary and the field keep what was typed.
    await a.page.getByLabel('Bedrag in euro').fill('veel');
    await a.page.getByRole('button', { name: 'Besluit nemen' }).click();
    await a.page.waitForLoadState('load');
    expect(await a.page.getByRole('alert').innerText()).toContain('Vul een bedrag in euro in');
    await expectNoAxeViolations(a.page);

    await a.page.getByLabel('Onderhoudsopdracht').check();
    await a.page.getByLabel('Korte naam van het besluit').fill('Speelplein herstraten');
    await a.page.getByLabel('Doel', { exact: true }).fill('Speelplein veilig maken');
    await a.page.getByLabel('Reden van het besluit').fill('Losse tegels, kinderen vallen.');
    await a.page.getByLabel('Naam van de ontvanger').fill('Straatwerk Zoetermeer BV');
    await a.page.getByLabel('Bedrag in euro').fill('7.500');
    await a.page.getByLabel('Rekeningnummer (IBAN)').fill('NL91 ABNA 0417 1643 00');
    await a.page.getByLabel('Naam bij het rekeningnummer').fill('Straatwerk Zoetermeer BV');
    await a.page.getByLabel('Buurtcode van de plek (bij onderhoud)').fill('BU06370001');
    await a.page.getByRole('button', { name: 'Besluit nemen' }).click();
    await a.page.waitForLoadState('load');
    expect(await a.page.locator('main').innerText()).toContain('Een tweede persoon moet het goedkeuren');
    expect(await a.page.locator('main').innerText()).toContain('Dit is uw eigen besluit');
    expect(await a.page.getByRole('button', { name: 'Goedkeuren' }).count()).toBe(0);
    await expectNoAxeViolations(a.page);
    const url = a.page.url().replace(/\?.*$/, '');

    const b = await signIn('tweede.e2e@zoetermeer.example');
    await b.page.goto(url);
    await expectNoAxeViolations(b.page);
    await b.page.getByLabel('Toelichting (nodig bij afwijzen)').fill('Nagekeken, akkoord');
    await b.page.getByRole('button', { name: 'Goedkeuren' }).click();
    await b.page.waitForLoadState('load');
    expect(await b.page.locator('main').innerText()).toContain('U heeft het besluit goedgekeurd');
    expect(await b.page.locator('main').innerText()).toContain('Goedgekeurd door Tessa Tweede');
    await expectNoAxeViolations(b.page);

    // A change of the bank account voids the approval.
    await a.page.goto(url);
    await a.page.getByLabel('Rekeningnummer (IBAN)').fill('NL02ABNA0123456789');
    await a.page.getByLabel('Waarom wijzigt u het besluit?').fill('Ander rekeningnummer');
    await a.page.getByRole('button', { name: 'Wijziging opslaan' }).click();
    await a.page.waitForLoadState('load');
    expect(await a.page.locator('main').innerText()).toContain('De goedkeuring is vervallen');
    await expectNoAxeViolations(a.page);
    await a.context.close();
    await b.context.close();
  });

  it('the administrator sets a mandate and the backup pool on the settings page', async () => {
    await createStaff(run.app, {
      email: 'beheer.wijkbudget.e2e@zoetermeer.example',
      displayName: 'Bram Beheer',
      grants: [grant('administrator', 'GM0637')],
    });
    const admin = await signIn('beheer.wijkbudget.e2e@zoetermeer.example');
    await admin.page.goto(`${run.baseUrl}/beheer/wijkbudget`);
    await expectNoAxeViolations(admin.page);
    await admin.page
      .getByRole('link', { name: /Instellingen, mandaten en budgetten van Zoetermeer/ })
      .click();
    await admin.page.waitForLoadState('load');
    expect(await admin.page.getByRole('heading', { level: 1 }).innerText()).toBe(
      'Wijkbudget van Zoetermeer: instellingen',
    );
    await expectNoAxeViolations(admin.page);
    const mandates = admin.page.locator('section[aria-labelledby="mandates"]');
    await mandates.getByLabel('Medewerker').selectOption({ label: 'Tessa Tweede' });
    await mandates.getByLabel('Mandaat in euro (leeg: geen mandaat)').fill('2.500');
    await mandates.getByRole('button', { name: 'Mandaat opslaan' }).click();
    await admin.page.waitForLoadState('load');
    expect(await admin.page.locator('main').innerText()).toContain('Het mandaat is opgeslagen.');
    expect(await admin.page.locator('main').innerText()).toMatch(/€\s2\.500/);
    const pool = admin.page.locator('section[aria-labelledby="pool"]');
    await pool.getByLabel('Medewerker').selectOption({ label: 'Wim Wijk' });
    await pool.getByRole('button', { name: 'Toevoegen' }).click();
    await admin.page.waitForLoadState('load');
    expect(await admin.page.locator('main').innerText()).toContain('Weghalen: Wim Wijk');
    await admin.page.getByLabel(/Hoeveel jaar mag geld/).fill('5');
    await admin.page.getByRole('button', { name: 'Regels opslaan' }).click();
    await admin.page.waitForLoadState('load');
    expect(await admin.page.getByRole('alert').innerText()).toContain('Kies 0, 1, 2 of 3 jaar');
    await expectNoAxeViolations(admin.page);
    await admin.context.close();
  });
});
