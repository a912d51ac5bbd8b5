import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/helpers/app.js';
import { createStaff, grant, TestBrowser, TEST_PASSWORD } from '../../../test/helpers/browser.js';
import {
  asTyped,
  createOpenInitiative,
  OLD_FORMAT_CODE,
  openSupport,
  setUpBudgetYear,
} from './budgets.test-helpers.js';
import { releaseExpiredSupport } from './goals.service.js';
import { verifyLedger } from './years.service.js';
import { type BudgetsContext } from './budgets.context.js';
import { formatCode, generateCode } from './voucher-code.js';

let now = new Date('2026-03-02T10:00:00Z');
let t: TestApp;
let ctx: BudgetsContext;
let codes: string[];

beforeAll(async () => {
  t = await createTestApp({}, { clock: () => now });
  const setUp = await setUpBudgetYear(t.modules.budgets.context, {
    buurten: [{ code: 'BU06370001', wijkCode: 'WK063700', households: 6 }],
  });
  ctx = setUp.ctx;
  codes = setUp.codes.get('BU06370001') ?? [];
});
afterAll(async () => {
  await t.close();
});

describe('the resident pledges without JavaScript and without an account', () => {
  it('letter code → choose → confirm → receipt → funded; the code shows the state later', async () => {
    const i = await createOpenInitiative(t.database.db, {
      buurt: 'BU06370001',
      wijk: 'WK063700',
      title: 'Buurtfeest',
    });
    await openSupport(ctx, i.id, 2000, '2026-06-30');
    const code = codes[0] ?? '';
    const browser = new TestBrowser(t);

    // The QR link fills the code in; the page is not cached and sends no referrer.
    const landing = await browser.get(`/buurtbudget?code=${encodeURIComponent(formatCode(code))}`);
    expect(landing.statusCode).toBe(200);
    expect(landing.headers['cache-control']).toBe('no-store');
    expect(landing.headers['referrer-policy']).toBe('no-referrer');
    expect(landing.body).toContain(`value="${formatCode(code)}"`);

    // Typed from the letter in small letters with spaces: the same code.
    const choose = await browser.post('/buurtbudget', { code: asTyped(code) });
    expect(choose.statusCode).toBe(200);
    expect(choose.body).toContain('Buurtfeest');
    expect(choose.body).toContain(`value="${i.id}"`);

    const confirm = await browser.post('/buurtbudget/kiezen', { code: asTyped(code), initiativeId: i.id });
    expect(confirm.statusCode).toBe(200);
    expect(confirm.body).toContain('Controleer uw keuze');

    const given = await browser.post('/buurtbudget/geven', { code: asTyped(code), initiativeId: i.id });
    expect(given.statusCode).toBe(303);
    const receiptUrl = given.headers.location ?? '';
    expect(receiptUrl).toMatch(/^\/buurtbudget\/bon\/BB-2026-/);
    const receipt = await browser.get(receiptUrl);
    expect(receipt.body).toMatch(/Uw €\s10 gaat naar Buurtfeest/);

    // A second click on the confirm button: the same receipt, no second pledge.
    const twice = await browser.post('/buurtbudget/geven', { code, initiativeId: i.id });
    expect(twice.headers.location).toBe(receiptUrl);

    // A neighbour reaches the goal: the initiative is funded.
    const neighbour = new TestBrowser(t);
    await neighbour.get('/buurtbudget');
    await neighbour.post('/buurtbudget', { code: codes[1] ?? '' });
    const done = await neighbour.post('/buurtbudget/geven', { code: codes[1] ?? '', initiativeId: i.id });
    expect(done.statusCode).toBe(303);
    const { rows } = await sql<{ stage: string }>`select stage from initiative where id = ${i.id}`.execute(
      t.database.db,
    );
    expect(rows[0]?.stage).toBe('funded');

    const later = await browser.post('/buurtbudget', { code });
    expect(later.body).toContain('heeft genoeg geld en gaat door');
    expect(later.body).toContain(receiptUrl.split('/').pop() ?? 'x');

    // Funded: a third household is told and pointed to others.
    const third = new TestBrowser(t);
    await third.get('/buurtbudget');
    const refused = await third.post('/buurtbudget/geven', { code: codes[2] ?? '', initiativeId: i.id });
    expect(refused.statusCode).toBe(422);
    expect(refused.body).toContain('Buurtfeest heeft al genoeg geld');
    expect(await verifyLedger(t.database.db)).toBeUndefined();
  });

  it('a deadline passing releases the pledge, and the household chooses again', async () => {
    const slow = await createOpenInitiative(t.database.db, {
      buurt: 'BU06370001',
      wijk: 'WK063700',
      title: 'Moestuin',
    });
    await openSupport(ctx, slow.id, 100_000, '2026-04-30');
    const code = codes[3] ?? '';
    const browser = new TestBrowser(t);
    await browser.get('/buurtbudget');
    expect((await browser.post('/buurtbudget/geven', { code, initiativeId: slow.id })).statusCode).toBe(303);
    now = new Date('2026-05-01T09:00:00Z');
    await releaseExpiredSupport(ctx);
    const next = await createOpenInitiative(t.database.db, {
      buurt: 'BU06370001',
      wijk: 'WK063700',
      title: 'Jeu de boules',
    });
    await openSupport(ctx, next.id, 100_000, '2026-09-30');
    const state = await browser.post('/buurtbudget', { code });
    expect(state.body).toContain('haalde het doel niet op tijd');
    expect(state.body).toContain('Jeu de boules');
    expect((await browser.post('/buurtbudget/geven', { code, initiativeId: next.id })).statusCode).toBe(303);
    expect(await verifyLedger(t.database.db)).toBeUndefined();
  });

  it('explains a mistyped code on the page', async () => {
    const browser = new TestBrowser(t);
    await browser.get('/buurtbudget');
    const code = codes[4] ?? '';
    const res = await browser.post('/buurtbudget', {
      code: `${code.slice(0, 13)}${code[13] === '2' ? '3' : '2'}`,
    });
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('één teken verkeerd');
    expect(res.body).not.toContain('hoofdletters');
  });

  it('tells a resident with a code from an old letter that it no longer works', async () => {
    const browser = new TestBrowser(t);
    await browser.get('/buurtbudget');
    const res = await browser.post('/buurtbudget', { code: OLD_FORMAT_CODE });
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('Zo zagen de codes in de eerste brieven eruit. Die codes werken niet meer.');
  });
});

describe('the service desk', () => {
  it('records a pledge for a resident, with the channel and an audit entry', async () => {
    const i = await createOpenInitiative(t.database.db, {
      buurt: 'BU06370001',
      wijk: 'WK063700',
      title: 'Bloembakken',
    });
    await openSupport(ctx, i.id, 100_000, '2026-09-30');
    const { rows: refs } = await sql<{
      reference: string;
    }>`select reference from initiative where id = ${i.id}`.execute(t.database.db);
    await createStaff(t, { email: 'balie@gemeente.example', grants: [grant('coach', 'GM0637')] });
    const desk = new TestBrowser(t);
    expect((await desk.signIn('balie@gemeente.example', TEST_PASSWORD)).statusCode).toBe(303);
    const page = await desk.get('/beheer/buurtbudget/balie');
    expect(page.statusCode).toBe(200);
    // Read aloud at the desk and typed as heard: small letters, spaces.
    const res = await desk.post('/beheer/buurtbudget/balie', {
      code: asTyped(codes[5] ?? ''),
      reference: refs[0]?.reference ?? '',
    });
    expect(res.statusCode).toBe(200);
    expect(res.body).toMatch(/BB-2026-/);
    const { rows } = await sql<{ channel: string; action: string }>`
      select p.channel, a.action from pledge p join audit_log a on a.subject_id = p.receipt where p.initiative_id = ${i.id}
    `.execute(t.database.db);
    expect(rows).toEqual([{ channel: 'service_desk', action: 'budgets.pledge.service_desk' }]);
  });

  it('is not open to the public', async () => {
    const res = await new TestBrowser(t).get('/beheer/buurtbudget/balie');
    expect([302, 303, 401, 403]).toContain(res.statusCode);
  });
});

describe('transparency', () => {
  it('shows figures per buurt and offers them as CSV', async () => {
    const page = await new TestBrowser(t).get('/buurtbudget/cijfers/GM0637?year=2026');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Beschikbaar');
    const csv = await new TestBrowser(t).get('/buurtbudget/cijfers/GM0637/2026.csv');
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    expect(csv.body.split('\r\n')[0]).toBe(
      'buurt_code,buurt,households,available_cents,pledged_cents,funded_cents,released_cents,lapsed_cents',
    );
    expect(csv.body).toContain('"BU06370001"');
    expect(csv.body).toMatch(/"BU06370001",".*",6,6000,/);
  });
});

describe('the year’s admin page', () => {
  it('sets a support goal by reference, and refuses to close while pledges wait', async () => {
    const i = await createOpenInitiative(t.database.db, {
      buurt: 'BU06370001',
      wijk: 'WK063700',
      title: 'Speelbos',
    });
    const { rows } = await sql<{
      reference: string;
    }>`select reference from initiative where id = ${i.id}`.execute(t.database.db);
    await createStaff(t, { email: 'beheer@gemeente.example', grants: [grant('administrator', 'GM0637')] });
    const admin = new TestBrowser(t);
    expect((await admin.signIn('beheer@gemeente.example', TEST_PASSWORD)).statusCode).toBe(303);
    const page = await admin.get('/beheer/buurtbudget/GM0637/2026');
    expect(page.statusCode).toBe(200);
    const bad = await admin.post('/beheer/buurtbudget/GM0637/2026/doel', {
      reference: 'INI-0000-0000',
      goal: 'x',
    });
    expect(bad.statusCode).toBe(422);
    const saved = await admin.post('/beheer/buurtbudget/GM0637/2026/doel', {
      reference: rows[0]?.reference ?? '',
      goal: '250',
      deadline: '2026-10-31',
    });
    expect(saved.statusCode).toBe(200);
    expect(saved.body).toContain('Het doel is opgeslagen');
    const close = await admin.post('/beheer/buurtbudget/GM0637/2026/afsluiten');
    expect(close.statusCode).toBe(409);
    expect(close.body).toContain('wachten nog');
    const publicView = await new TestBrowser(t).get('/beheer/buurtbudget/GM0637/2026');
    expect(publicView.statusCode).not.toBe(200);
  });
});

/** A staff member signed in through the pages. */
async function signedIn(
  email: string,
  grants: Parameters<typeof createStaff>[1]['grants'],
): Promise<TestBrowser> {
  await createStaff(t, { email, grants });
  const browser = new TestBrowser(t);
  expect((await browser.signIn(email, TEST_PASSWORD)).statusCode).toBe(303);
  return browser;
}

/** The year form as the page posts it: the usual terms of `year`, with `fields` changed. */
function postYear(browser: TestBrowser, gemeente: string, year: number, fields: Record<string, string> = {}) {
  return browser.post(`/beheer/buurtbudget/${gemeente}/${year}/instellen`, {
    amount: '10',
    scope: 'buurt',
    opensOn: `${year}-01-01`,
    closesOn: `${year}-12-31`,
    ...fields,
  });
}

async function budgetYearRow(gemeente: string, year: number) {
  const { rows } = await sql<{ amount_cents: number; scope: string; opens_on: string; closes_on: string }>`
    select amount_cents, scope, opens_on::text as opens_on, closes_on::text as closes_on
    from budget_year where municipality_code = ${gemeente} and year = ${year}
  `.execute(t.database.db);
  return rows[0];
}

// Schiermonnikoog (GM0088): two buurten and 580 households in the CBS figures, so issuing all
// its vouchers from the page takes a moment instead of Zoetermeer's 57,000.
describe('an administrator sets up a budget year on the admin page', () => {
  let admin: TestBrowser;
  beforeAll(async () => {
    admin = await signedIn('beheer@schiermonnikoog.example', [grant('administrator', 'GM0088')]);
  });

  it('finds the page from the staff menu and the overview, and starts a new year there', async () => {
    const overview = await admin.get('/beheer/buurtbudget');
    expect(overview.statusCode).toBe(200);
    expect(overview.body).toContain('href="/beheer/buurtbudget"');
    expect(overview.body).toContain('Buurtbudgetten van Schiermonnikoog');
    expect(overview.body).toContain('Er is nog geen buurtbudget ingesteld.');
    expect(overview.body).toContain('href="/beheer/buurtbudget/GM0088/2026"');
    expect(overview.body).toContain('Buurtbudget 2027 instellen');
    expect(overview.body).not.toContain('Zoetermeer');

    const page = await admin.get('/beheer/buurtbudget/GM0088/2026');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Er is nog geen buurtbudget voor 2026.');
    // The usual terms are filled in: EUR 10, own buurt, the whole year.
    expect(page.body).toContain('name="amount" value="10"');
    expect(page.body).toMatch(/value="buurt"[^>]*checked/);
    expect(page.body).toContain('value="2026-12-31"');
  });

  it('saves amount (typed Dutch-style), scope and dates, with an audit entry', async () => {
    const res = await postYear(admin, 'GM0088', 2026, {
      amount: '12,50',
      scope: 'wijk',
      opensOn: '2026-02-01',
      closesOn: '2026-11-30',
    });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Het buurtbudget voor 2026 is opgeslagen.');
    expect(res.body).toMatch(
      /€\s12,50 per huishouden, te geven in de eigen wijk, van 1 februari 2026 tot en met 30 november 2026\./,
    );
    expect(await budgetYearRow('GM0088', 2026)).toEqual({
      amount_cents: 1250,
      scope: 'wijk',
      opens_on: '2026-02-01',
      closes_on: '2026-11-30',
    });
    const { rows } = await sql<{ actor_label: string; channel: string }>`
      select actor_label, channel from audit_log where action = 'budgets.year.set' and subject_id = 'GM0088/2026'
    `.execute(t.database.db);
    expect(rows).toEqual([{ actor_label: expect.stringContaining('beheer') as string, channel: 'web' }]);
    const overview = await admin.get('/beheer/buurtbudget');
    expect(overview.body).toContain('1 februari 2026 tot en met 30 november 2026');
    expect(overview.body).not.toContain('Buurtbudget 2026 instellen');
  });

  it('explains every mistake beside its field, keeps what was typed, and saves nothing', async () => {
    const res = await postYear(admin, 'GM0088', 2027, {
      amount: 'tien euro',
      scope: 'stad',
      opensOn: '2027-02-30',
      closesOn: '2026-12-31',
    });
    expect(res.statusCode).toBe(422);
    for (const field of ['amount', 'scope', 'opensOn', 'closesOn']) {
      expect(res.body).toContain(`href="#${field}"`);
      expect(res.body).toContain(`id="${field}-error"`);
    }
    expect(res.body).toContain('Vul een bedrag in euro in tussen 0,01 en 1.000');
    expect(res.body).toContain('Kies: eigen buurt of eigen wijk.');
    expect(res.body).toContain('Vul een datum in 2027 in, bijvoorbeeld 2027-01-01.');
    expect(res.body).toContain('value="tien euro"');
    expect(res.body).toContain('value="2027-02-30"');
    const backwards = await postYear(admin, 'GM0088', 2027, {
      opensOn: '2027-06-01',
      closesOn: '2027-05-01',
    });
    expect(backwards.statusCode).toBe(422);
    expect(backwards.body).toContain('De laatste dag ligt voor de eerste dag.');
    const tooMuch = await postYear(admin, 'GM0088', 2027, { amount: '1.000,01' });
    expect(tooMuch.statusCode).toBe(422);
    expect(await budgetYearRow('GM0088', 2027)).toBeUndefined();
  });

  it('issues the vouchers from the CBS counts, and a second run only tops up', async () => {
    const first = await admin.post('/beheer/buurtbudget/GM0088/2026/tegoedbonnen');
    expect(first.statusCode).toBe(200);
    expect(first.body).toContain('Er zijn 580 tegoedbonnen uitgegeven, in 2 buurten. Er waren er al 0.');
    const again = await admin.post('/beheer/buurtbudget/GM0088/2026/tegoedbonnen');
    expect(again.body).toContain('Er zijn 0 tegoedbonnen uitgegeven, in 2 buurten. Er waren er al 580.');
    expect(again.body).toContain('Er zijn 580 tegoedbonnen uitgegeven.');
    const { rows } = await sql<{ n: number }>`
      select count(*)::int as n from audit_log where action = 'budgets.vouchers.issued' and subject_id = 'GM0088/2026'
    `.execute(t.database.db);
    expect(rows[0]?.n).toBe(2);
    expect(await verifyLedger(t.database.db)).toBeUndefined();
  });

  it('shows the amount as fixed once vouchers exist; scope and dates still change', async () => {
    const page = await admin.get('/beheer/buurtbudget/GM0088/2026');
    expect(page.body).toContain('Het bedrag ligt vast, want er zijn al tegoedbonnen uitgegeven.');
    expect(page.body).not.toContain('name="amount"');
    expect(page.body).toContain('name="scope"');
    // An amount sent anyway is not used: the stored one is kept.
    const res = await postYear(admin, 'GM0088', 2026, { amount: '20' });
    expect(res.statusCode).toBe(200);
    expect(await budgetYearRow('GM0088', 2026)).toEqual({
      amount_cents: 1250,
      scope: 'buurt',
      opens_on: '2026-01-01',
      closes_on: '2026-12-31',
    });
  });

  it('shows amount and scope as fixed once households gave; the dates still change', async () => {
    // Zoetermeer's 2026 has pledges from the tests above.
    const zoetermeer = await signedIn('beheer.zoetermeer@gemeente.example', [
      grant('administrator', 'GM0637'),
    ]);
    const page = await zoetermeer.get('/beheer/buurtbudget/GM0637/2026');
    expect(page.body).toContain('liggen vast, want huishoudens hebben al gegeven');
    expect(page.body).not.toContain('name="amount"');
    expect(page.body).not.toContain('name="scope"');
    expect(page.body).toContain('name="closesOn"');
    const res = await postYear(zoetermeer, 'GM0637', 2026, {
      amount: '25',
      scope: 'wijk',
      closesOn: '2026-12-30',
    });
    expect(res.statusCode).toBe(200);
    expect(await budgetYearRow('GM0637', 2026)).toEqual({
      amount_cents: 1000,
      scope: 'buurt',
      opens_on: '2026-01-01',
      closes_on: '2026-12-30',
    });
    expect(await verifyLedger(t.database.db)).toBeUndefined();
  });

  it('closes a year, after which nothing changes; a missing year is said beside its terms', async () => {
    const missing = await admin.post('/beheer/buurtbudget/GM0088/2031/tegoedbonnen');
    expect(missing.statusCode).toBe(404);
    expect(missing.body).toContain('href="#terms"');
    expect(missing.body).toContain('Er is geen buurtbudget voor 2031.');
    expect((await postYear(admin, 'GM0088', 2030)).statusCode).toBe(200);
    const closed = await admin.post('/beheer/buurtbudget/GM0088/2030/afsluiten');
    expect(closed.statusCode).toBe(200);
    expect(closed.body).toContain('Het jaar is afgesloten.');
    expect(closed.body).toContain('Dit jaar is afgesloten. Er kan niets meer veranderen.');
    expect(closed.body).not.toContain('name="opensOn"');
    expect(closed.body).not.toContain('Tegoedbonnen uitgeven');
    const change = await postYear(admin, 'GM0088', 2030, { closesOn: '2030-06-30' });
    expect(change.statusCode).toBe(409);
    expect(change.body).toContain('Dit jaar is al afgesloten.');
    expect((await budgetYearRow('GM0088', 2030))?.closes_on).toBe('2030-12-31');
    const issue = await admin.post('/beheer/buurtbudget/GM0088/2030/tegoedbonnen');
    expect(issue.statusCode).toBe(409);
    expect((await admin.get('/beheer/buurtbudget')).body).toContain('Afgesloten');
  });

  it('refuses a form without its CSRF token, and saves nothing', async () => {
    await admin.get('/beheer/buurtbudget/GM0088/2028');
    const res = await postYear(admin, 'GM0088', 2028, { _csrf: '' });
    expect(res.statusCode).toBe(403);
    expect(await budgetYearRow('GM0088', 2028)).toBeUndefined();
  });

  it('answers an impossible year or gemeente in the address without a server error', async () => {
    for (const url of ['/beheer/buurtbudget/GM0088/1999', '/beheer/buurtbudget/GM0088/twintig']) {
      expect((await admin.get(url)).statusCode).toBe(400);
    }
    expect((await admin.get('/beheer/buurtbudget/gm0088/2026')).statusCode).toBe(403);
  });
});

describe('who may set up a budget year', () => {
  it('refuses staff of another gemeente, and coaches (who set goals only)', async () => {
    const other = await signedIn('beheer@vlaardingen.example', [grant('administrator', 'GM0622')]);
    expect((await other.get('/beheer/buurtbudget/GM0088/2026')).statusCode).toBe(403);
    const refused = await postYear(other, 'GM0088', 2029);
    expect(refused.statusCode).toBe(403);
    expect((await other.post('/beheer/buurtbudget/GM0088/2026/tegoedbonnen')).statusCode).toBe(403);
    const overview = await other.get('/beheer/buurtbudget');
    expect(overview.body).toContain('Buurtbudgetten van Vlaardingen');
    expect(overview.body).not.toContain('Schiermonnikoog');

    const coach = await signedIn('coach@schiermonnikoog.example', [grant('coach', 'GM0088')]);
    const page = await coach.get('/beheer/buurtbudget/GM0088/2026');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Doel en einddatum van een initiatief');
    expect(page.body).not.toContain('/instellen');
    expect(page.body).not.toContain('Tegoedbonnen uitgeven');
    expect(page.body).not.toContain('Jaar afsluiten');
    const posted = await postYear(coach, 'GM0088', 2026);
    expect(posted.statusCode).toBe(403);
    expect((await coach.get('/beheer/buurtbudget')).body).not.toContain('Buurtbudget 2027 instellen');
  });

  it('shows desk staff only the desk, partners and visitors nothing', async () => {
    const manager = await signedIn('wijkmanager@schiermonnikoog.example', [
      grant('district_manager', 'WK008800'),
    ]);
    const overview = await manager.get('/beheer/buurtbudget');
    expect(overview.statusCode).toBe(200);
    expect(overview.body).toContain('href="/beheer/buurtbudget/balie"');
    expect(overview.body).toContain('U kunt geen buurtbudget van een gemeente beheren.');
    const partner = await signedIn('partner@schiermonnikoog.example', [grant('partner', 'WK008800')]);
    expect((await partner.get('/beheer/buurtbudget')).statusCode).toBe(403);
    expect((await partner.get('/account')).body).not.toContain('href="/beheer/buurtbudget"');
    const visitor = new TestBrowser(t);
    expect((await visitor.get('/beheer/buurtbudget')).statusCode).toBe(303);
    await visitor.get('/buurtbudget');
    const post = await visitor.post('/beheer/buurtbudget/GM0088/2029/instellen', { amount: '10' });
    expect([303, 403]).toContain(post.statusCode);
    expect(await budgetYearRow('GM0088', 2029)).toBeUndefined();
  });
});

describe('a support goal with an impossible deadline', () => {
  it('is explained beside the field, not a server error', async () => {
    const admin = new TestBrowser(t);
    await admin.signIn('beheer.zoetermeer@gemeente.example', TEST_PASSWORD);
    await admin.get('/beheer/buurtbudget/GM0637/2026');
    const res = await admin.post('/beheer/buurtbudget/GM0637/2026/doel', {
      reference: 'INI-0000-0000',
      goal: '100',
      deadline: '2026-02-30',
    });
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('id="deadline-error"');
  });
});

describe('failed codes, not right ones, count toward a limit', () => {
  /** A code with its last (check) character changed: always caught by the check. */
  const mistyped = (code: string) => `${code.slice(0, 13)}${code[13] === '2' ? '3' : '2'}`;

  it('a resident’s pages: right codes again and again; the 31st attempt after 30 failed codes waits', async () => {
    // A fresh 10-minute window: the tests above typed codes from this same address.
    now = new Date(now.getTime() + 20 * 60_000);
    const browser = new TestBrowser(t);
    await browser.get('/buurtbudget');
    for (let i = 0; i < 40; i++) {
      const res = await browser.post('/buurtbudget', { code: codes[i % codes.length] ?? '' });
      expect(res.statusCode, `look-up ${i + 1}`).toBe(200);
    }
    for (let i = 0; i < 30; i++) {
      const code = mistyped(codes[i % codes.length] ?? '');
      const path = ['/buurtbudget', '/buurtbudget/kiezen', '/buurtbudget/geven'][i % 3] ?? '/buurtbudget';
      const res = await browser.post(path, { code, initiativeId: '00000000-0000-4000-8000-000000000000' });
      expect(res.statusCode, `failure ${i + 1}`).toBe(422);
    }
    const refused = await browser.post('/buurtbudget', { code: codes[0] ?? '' });
    expect(refused.statusCode).toBe(429);
    expect(refused.body).toContain('U heeft dit te vaak geprobeerd.');
  });

  it('the service desk: a member of staff is refused after 30 failed codes', async () => {
    now = new Date(now.getTime() + 20 * 60_000);
    const i = await createOpenInitiative(t.database.db, { buurt: 'BU06370001', wijk: 'WK063700' });
    await openSupport(ctx, i.id, 100_000, '2026-12-31');
    const { rows } = await sql<{ reference: string }>`
      select reference from initiative where id = ${i.id}`.execute(t.database.db);
    const reference = rows[0]?.reference ?? '';
    await createStaff(t, { email: 'balie.raden@gemeente.example', grants: [grant('coach', 'GM0637')] });
    const desk = new TestBrowser(t);
    expect((await desk.signIn('balie.raden@gemeente.example', TEST_PASSWORD)).statusCode).toBe(303);
    await desk.get('/beheer/buurtbudget/balie');
    for (let n = 0; n < 30; n++) {
      const code = n % 2 === 0 ? generateCode() : mistyped(codes[n % codes.length] ?? '');
      const res = await desk.post('/beheer/buurtbudget/balie', { code, reference });
      expect([404, 422], `failure ${n + 1}`).toContain(res.statusCode);
    }
    const refused = await desk.post('/beheer/buurtbudget/balie', { code: codes[5] ?? '', reference });
    expect(refused.statusCode).toBe(429);
  });
});
