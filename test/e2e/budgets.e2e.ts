import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatCode, releaseExpiredSupport, type BudgetsContext } from '../../src/modules/budgets/index.js';
import {
  asTyped,
  createOpenInitiative,
  openSupport,
  setUpBudgetYear,
} from '../../src/modules/budgets/budgets.test-helpers.js';
import { amsterdamDate } from '../../src/shared/dates.js';
import { createStaff, grant, TEST_PASSWORD } from '../helpers/browser.js';
import {
  auditWithJs,
  auditWithoutJs,
  expectNoAxeViolations,
  openPage,
  startE2eRun,
  type E2eRun,
} from './helpers.js';

let run: E2eRun;
let ctx: BudgetsContext;
let codes: string[];
const year = Number(amsterdamDate(new Date()).slice(0, 4));

beforeAll(async () => {
  run = await startE2eRun();
  const setUp = await setUpBudgetYear(run.app.modules.budgets.context, {
    year,
    buurten: [{ code: 'BU06370001', wijkCode: 'WK063700', households: 4 }],
  });
  ctx = setUp.ctx;
  codes = setUp.codes.get('BU06370001') ?? [];
});
afterAll(async () => {
  await run?.close();
});

describe('the household budget with JavaScript off, end to end', () => {
  it('letter code → pledge → receipt → initiative funded', async () => {
    const i = await createOpenInitiative(run.app.database.db, {
      buurt: 'BU06370001',
      wijk: 'WK063700',
      title: 'Buurtbarbecue',
    });
    await openSupport(ctx, i.id, 2000, `${year}-12-31`, year);
    for (const [n, code] of codes.slice(0, 2).entries()) {
      // The QR link from the letter fills the code in. The second household goes through the
      // audit context (page scripts refused, as with JavaScript off) so axe checks every step.
      const context = n === 0 ? run.withoutJs : run.audit;
      const audit = n === 0 ? async () => undefined : expectNoAxeViolations;
      const { page } = await openPage(run, context, `/buurtbudget?code=${formatCode(code)}`);
      await page.getByRole('button', { name: 'Verder' }).click();
      await page.waitForLoadState('load');
      await audit(page);
      await page.getByLabel('Buurtbarbecue').check();
      await page.getByRole('button', { name: 'Kies dit initiatief' }).click();
      await page.waitForLoadState('load');
      await audit(page);
      await page.getByRole('button', { name: /Ja, geef/ }).click();
      await page.waitForLoadState('load');
      await audit(page);
      await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toContain('Bedankt');
      expect(await page.locator('#receipt').textContent()).toMatch(/^BB-/);
      await page.close();
    }
    const { rows } = await sql<{ stage: string }>`select stage from initiative where id = ${i.id}`.execute(
      run.app.database.db,
    );
    expect(rows[0]?.stage).toBe('funded');
  });

  it('a deadline passing releases the pledge, and the household gives again', async () => {
    const slow = await createOpenInitiative(run.app.database.db, {
      buurt: 'BU06370001',
      wijk: 'WK063700',
      title: 'Zwerfvuilactie',
    });
    await openSupport(ctx, slow.id, 100_000, `${year}-12-31`, year);
    const code = codes[2] ?? '';
    const { page } = await openPage(run, run.withoutJs, '/buurtbudget');
    // Typed from the letter as a resident might: small letters, spaces.
    await page.getByLabel('Uw code').fill(asTyped(code));
    await page.getByRole('button', { name: 'Verder' }).click();
    await page.waitForLoadState('load');
    await page.getByLabel('Zwerfvuilactie').check();
    await page.getByRole('button', { name: 'Kies dit initiatief' }).click();
    await page.waitForLoadState('load');
    await page.getByRole('button', { name: /Ja, geef/ }).click();
    await page.waitForLoadState('load');
    // The deadline passes: moved to yesterday here, then the hourly job runs.
    await sql`update initiative_support_goal set deadline = current_date - 1 where initiative_id = ${slow.id}`.execute(
      run.app.database.db,
    );
    expect(await releaseExpiredSupport(ctx)).toBe(1);
    const next = await createOpenInitiative(run.app.database.db, {
      buurt: 'BU06370001',
      wijk: 'WK063700',
      title: 'Geveltuintjes',
    });
    await openSupport(ctx, next.id, 100_000, `${year}-12-31`, year);
    await page.goto(`${run.baseUrl}/buurtbudget`);
    await page.getByLabel('Uw code').fill(code);
    await page.getByRole('button', { name: 'Verder' }).click();
    await page.waitForLoadState('load');
    expect(await page.locator('#state').textContent()).toContain('haalde het doel niet op tijd');
    await page.getByLabel('Geveltuintjes').check();
    await page.getByRole('button', { name: 'Kies dit initiatief' }).click();
    await page.waitForLoadState('load');
    await page.getByRole('button', { name: /Ja, geef/ }).click();
    await page.waitForLoadState('load');
    expect(await page.locator('#receipt').textContent()).toMatch(/^BB-/);
    await page.close();
  });
});

describe('giving from an initiative’s page, with JavaScript off', () => {
  it('its give link → the code → the pledge goes to that initiative, whose page then counts it', async () => {
    const i = await createOpenInitiative(run.app.database.db, {
      buurt: 'BU06370001',
      wijk: 'WK063700',
      title: 'Speelveldje',
    });
    await openSupport(ctx, i.id, 100_000, `${year}-12-31`, year);
    const { page } = await openPage(run, run.withoutJs, `/initiatieven/${i.reference}`);
    const support = page.getByRole('region', { name: 'Steun van de buurt' });
    expect(await support.innerText()).toContain(`31 december ${year}`);
    await support.getByRole('link', { name: 'Geef uw buurtbudget aan dit initiatief' }).click();
    await page.waitForLoadState('load');
    expect(await page.locator('#chosen').innerText()).toContain('Speelveldje');
    await page.getByLabel('Uw code').fill(codes[3] ?? '');
    await page.getByRole('button', { name: 'Verder' }).click();
    await page.waitForLoadState('load');
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Controleer uw keuze');
    await page.getByRole('button', { name: /Ja, geef/ }).click();
    await page.waitForLoadState('load');
    expect(await page.locator('main').innerText()).toContain('gaat naar Speelveldje');
    await page.goto(`${run.baseUrl}/initiatieven/${i.reference}`);
    expect(await support.innerText()).toContain('1 huishouden');
    await page.close();
    // The same pages as the server sends them, through axe.
    await auditWithoutJs(run, `/initiatieven/${i.reference}`);
    await auditWithoutJs(run, '/initiatieven?plaats=BU06370001');
  });
});

describe('accessibility of the resident pages (axe, WCAG 2.1 AA)', () => {
  it('the code page, with and without JavaScript', async () => {
    await auditWithJs(run, '/buurtbudget');
    await auditWithoutJs(run, '/buurtbudget');
  });
  it('the figures page', async () => {
    await auditWithoutJs(run, `/buurtbudget/cijfers/GM0637?year=${year}`);
  });
});

describe('the staff pages of the household budget, signed in (axe, WCAG 2.1 AA, without JavaScript)', () => {
  it('the overview, the service desk and a year’s page; a new year set up through the form', async () => {
    await createStaff(run.app, {
      email: 'beheer.budget.e2e@zoetermeer.example',
      displayName: 'Bas Beheer',
      grants: [grant('administrator', 'GM0637'), grant('administrator', 'GM0088')],
    });
    // Page scripts refused: the server's HTML, as with JavaScript off, and axe can still run.
    const context = await run.newContext({ forbidPageScripts: true });
    const { page } = await openPage(run, context, '/inloggen');
    await page.getByLabel('E-mailadres').fill('beheer.budget.e2e@zoetermeer.example');
    await page.getByLabel('Wachtwoord').fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Inloggen' }).click();
    await page.waitForLoadState('load');

    // From the staff menu to the overview, and on to the desk and this year's page.
    await page
      .getByRole('navigation', { name: 'Uw account' })
      .getByRole('link', { name: 'Buurtbudget' })
      .click();
    await page.waitForLoadState('load');
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Buurtbudget beheren');
    await expectNoAxeViolations(page);
    await page.getByRole('link', { name: 'Een bijdrage vastleggen aan de balie' }).click();
    await page.waitForLoadState('load');
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Buurtbudget aan de balie');
    await expectNoAxeViolations(page);
    await page.goto(`${run.baseUrl}/beheer/buurtbudget`);
    await page.getByRole('link', { name: String(year), exact: true }).click();
    await page.waitForLoadState('load');
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe(
      `Buurtbudget ${year} beheren: Zoetermeer`,
    );
    // Vouchers and pledges of the tests above hold the amount (and the scope).
    expect(await page.locator('main').innerText()).toContain('vast, want');
    await expectNoAxeViolations(page);

    // A new year for Schiermonnikoog: a mistake first, then the terms, then its vouchers.
    await page.goto(`${run.baseUrl}/beheer/buurtbudget`);
    await page
      .getByRole('region', { name: 'Buurtbudgetten van Schiermonnikoog' })
      .getByRole('link', { name: `Buurtbudget ${year + 1} instellen` })
      .click();
    await page.waitForLoadState('load');
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe(
      `Buurtbudget ${year + 1} beheren: Schiermonnikoog`,
    );
    await expectNoAxeViolations(page);
    await page.getByLabel('Bedrag per huishouden in euro').fill('tien');
    await page.getByRole('button', { name: `Buurtbudget ${year + 1} instellen` }).click();
    await page.waitForLoadState('load');
    expect(await page.getByRole('alert').innerText()).toContain('Vul een bedrag in euro in');
    expect(await page.getByLabel('Bedrag per huishouden in euro').inputValue()).toBe('tien');
    await expectNoAxeViolations(page);
    await page.getByLabel('Bedrag per huishouden in euro').fill('12,50');
    await page.getByLabel('Aan initiatieven in de eigen wijk').check();
    await page.getByLabel('Eerste dag om te geven').fill(`${year + 1}-02-01`);
    await page.getByRole('button', { name: `Buurtbudget ${year + 1} instellen` }).click();
    await page.waitForLoadState('load');
    expect(await page.getByRole('status').innerText()).toContain(
      `Het buurtbudget voor ${year + 1} is opgeslagen.`,
    );
    expect(await page.locator('#terms').innerText()).toMatch(
      /12,50 per huishouden, te geven in de eigen wijk/,
    );
    await expectNoAxeViolations(page);
    await page.getByRole('button', { name: 'Tegoedbonnen uitgeven' }).click();
    await page.waitForLoadState('load');
    expect(await page.getByRole('status').innerText()).toContain('Er zijn 580 tegoedbonnen uitgegeven');
    expect(await page.locator('main').innerText()).toContain('Het bedrag ligt vast');
    await expectNoAxeViolations(page);
    await page.close();
    await context.close();
  });
});
