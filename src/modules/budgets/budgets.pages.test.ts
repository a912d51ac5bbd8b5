import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/helpers/app.js';
import { createStaff, grant, TestBrowser, TEST_PASSWORD } from '../../../test/helpers/browser.js';
import { createOpenInitiative, openSupport, setUpBudgetYear } from './budgets.test-helpers.js';
import { releaseExpiredSupport, verifyLedger, type BudgetsContext } from './budgets.service.js';
import { formatCode } from './voucher-code.js';

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

    const choose = await browser.post('/buurtbudget', { code: formatCode(code) });
    expect(choose.statusCode).toBe(200);
    expect(choose.body).toContain('Buurtfeest');
    expect(choose.body).toContain(`value="${i.id}"`);

    const confirm = await browser.post('/buurtbudget/kiezen', { code, initiativeId: i.id });
    expect(confirm.statusCode).toBe(200);
    expect(confirm.body).toContain('Controleer uw keuze');

    const given = await browser.post('/buurtbudget/geven', { code, initiativeId: i.id });
    expect(given.statusCode).toBe(303);
    const receiptUrl = given.headers.location ?? '';
    expect(receiptUrl).toMatch(/^\/buurtbudget\/bon\/BB-2026-/);
    const receipt = await browser.get(receiptUrl);
    expect(receipt.body).toMatch(/Uw €\s10,00 gaat naar Buurtfeest/);

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
      code: `${code.slice(0, 11)}${code[11] === '2' ? '3' : '2'}`,
    });
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('één teken verkeerd');
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
    const res = await desk.post('/beheer/buurtbudget/balie', {
      code: codes[5] ?? '',
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
