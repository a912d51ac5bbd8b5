import { renderToString } from 'preact-render-to-string';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/helpers/app.js';
import { TestBrowser } from '../../../test/helpers/browser.js';
import type { PageContext } from '../../web/page.js';
import { createAppI18n } from '../index.js';
import type { PlaceSectionPlace } from '../manifest.js';
import { createOpenInitiative, openSupport, setUpBudgetYear } from './budgets.test-helpers.js';
import { pledgeHouseholdBudget } from './pledges.service.js';
import { releaseExpiredSupport, summarizeSupport } from './goals.service.js';
import { type BudgetsContext } from './budgets.context.js';
import { formatsFor } from '../../shared/format.js';

let now = new Date('2026-03-02T10:00:00Z');
let t: TestApp;
let ctx: BudgetsContext;
let codes: Map<string, string[]>;
/** Open until 30 June: one household gives in the first test. */
let open: { id: string; reference: string };
/** Reaches its goal of € 20 with two households. */
let funded: { id: string; reference: string };
/** In the other buurt, its deadline 10 March passes with one pledge. */
let expired: { id: string; reference: string };
/** Open for support but without a goal: nothing to show. */
let noGoal: { id: string; reference: string };

const code = (buurt: string, n: number) => codes.get(buurt)?.[n] ?? '';

/** Text as a person reads it: the no-break space Intl puts after the euro sign is a space. */
const readable = (html: string) => html.replace(/\u00a0/g, ' ');

/** `€ 20`: whole euros without cents (Intl's no-break space after the sign). */
const euros = (n: number) => `€\\s${n}(?![,\\d])`;

beforeAll(async () => {
  t = await createTestApp({}, { clock: () => now });
  const setUp = await setUpBudgetYear(t.modules.budgets.context);
  ctx = setUp.ctx;
  codes = setUp.codes;
  const db = t.database.db;
  const place = { buurt: 'BU06370001', wijk: 'WK063700' };
  open = await createOpenInitiative(db, { ...place, title: 'Speeltuin opknappen' });
  funded = await createOpenInitiative(db, { ...place, title: 'Buurtfeest op het plein' });
  expired = await createOpenInitiative(db, { buurt: 'BU06370002', wijk: 'WK063700', title: 'Bloembakken' });
  noGoal = await createOpenInitiative(db, { ...place, title: 'Zonder doel' });
  await openSupport(ctx, open.id, 5000, '2026-06-30');
  await openSupport(ctx, funded.id, 2000, '2026-06-30');
  await openSupport(ctx, expired.id, 10_000, '2026-03-10');
});
afterAll(async () => {
  await t?.close();
});

describe('an initiative’s support: given so far, by how many households, and how it ended', () => {
  it('a pledge increases what was given; an initiative without a goal has no support', async () => {
    const before = await summarizeSupport(ctx, [open.id, noGoal.id]);
    expect(before.get(open.id)).toEqual({
      goalCents: 5000,
      givenCents: 0,
      matchedCents: 0,
      households: 0,
      deadline: '2026-06-30',
      state: 'open',
      acceptsPledges: true,
      endedOn: undefined,
    });
    expect(before.has(noGoal.id)).toBe(false);
    await pledgeHouseholdBudget(ctx, {
      code: code('BU06370001', 0),
      initiativeId: open.id,
      channel: 'online',
    });
    const after = await summarizeSupport(ctx, [open.id]);
    expect(after.get(open.id)).toMatchObject({ givenCents: 1000, households: 1, acceptsPledges: true });
  });

  it('funded: the day and the households that reached the goal; nobody can give any more', async () => {
    for (const n of [1, 2])
      await pledgeHouseholdBudget(ctx, {
        code: code('BU06370001', n),
        initiativeId: funded.id,
        channel: 'online',
      });
    const support = (await summarizeSupport(ctx, [funded.id])).get(funded.id);
    expect(support).toMatchObject({
      state: 'funded',
      givenCents: 2000,
      households: 2,
      endedOn: '2026-03-02',
      acceptsPledges: false,
    });
  });

  it('not funded: the deadline passes, the pledges are released and no longer count', async () => {
    await pledgeHouseholdBudget(ctx, {
      code: code('BU06370002', 0),
      initiativeId: expired.id,
      channel: 'online',
    });
    expect((await summarizeSupport(ctx, [expired.id])).get(expired.id)).toMatchObject({
      givenCents: 1000,
      households: 1,
    });
    now = new Date('2026-03-11T10:00:00Z');
    expect(await releaseExpiredSupport(ctx)).toBe(1);
    const support = (await summarizeSupport(ctx, [expired.id, open.id])).get(expired.id);
    expect(support).toMatchObject({
      state: 'not_funded',
      givenCents: 0,
      households: 0,
      endedOn: '2026-03-11',
      acceptsPledges: false,
    });
  });
});

describe('the initiative pages show the support', () => {
  it('open: goal, given, households, deadline in words, a progress bar and the give link', async () => {
    const res = await t.app.inject({ url: `/initiatieven/${open.reference}` });
    expect(res.statusCode).toBe(200);
    const page = readable(res.body);
    expect(page).toContain('Steun van de buurt');
    expect(page).toMatch(new RegExp(`Doel</dt><dd[^>]*>${euros(50)}<`));
    expect(page).toMatch(new RegExp(`Gegeven</dt><dd[^>]*>${euros(10)}<`));
    expect(page).toMatch(/Gegeven door<\/dt><dd[^>]*>1 huishouden</);
    expect(page).toMatch(/Geven kan tot en met<\/dt><dd[^>]*>30 juni 2026</);
    expect(page).toMatch(/<progress[^>]*max="5000"[^>]*value="1000"[^>]*aria-labelledby="support-progress"/);
    expect(page).toContain(
      `href="/buurtbudget?initiatief=${open.reference}">Geef uw buurtbudget aan dit initiatief</a>`,
    );
  });

  it('funded and not funded: how it ended, and no give link', async () => {
    const done = readable((await t.app.inject({ url: `/initiatieven/${funded.reference}` })).body);
    expect(done).toMatch(
      new RegExp(`Gefinancierd op 2 maart 2026: 2 huishoudens gaven samen ${euros(20)} \\(het doel was`),
    );
    expect(done).not.toContain('Geef uw buurtbudget');
    const ended = readable((await t.app.inject({ url: `/initiatieven/${expired.reference}` })).body);
    expect(ended).toMatch(
      new RegExp(
        `Niet gefinancierd: het doel van ${euros(100)} was op de einddatum, 10 maart 2026, niet gehaald. ` +
          'Wie had gegeven, kreeg op 11 maart 2026 het buurtbudget terug',
      ),
    );
    expect(ended).not.toContain('Geef uw buurtbudget');
    const none = (await t.app.inject({ url: `/initiatieven/${noGoal.reference}` })).body;
    expect(none).not.toContain('Steun van de buurt');
  });

  it('the list: the same progress in brief, in text beside the bar', async () => {
    const res = await t.app.inject({ url: '/initiatieven?plaats=BU06370001' });
    const page = readable(res.body);
    expect(page).toMatch(
      new RegExp(
        `id="support-${open.reference}">${euros(10)} van ${euros(50)} · 1 huishouden · nog tot 30 juni 2026</p>` +
          `<progress[^>]*aria-labelledby="support-${open.reference}"`,
      ),
    );
    expect(page).toMatch(new RegExp(`Gefinancierd op 2 maart 2026 door 2 huishoudens met ${euros(20)}`));
  });
});

describe('the give link starts the pledge with the initiative chosen; the code is still asked and its buurt checked', () => {
  it('code page → confirm this initiative; another buurt’s code is told why and may choose another', async () => {
    const browser = new TestBrowser(t);
    const start = await browser.get(`/buurtbudget?initiatief=${open.reference.toLowerCase()}`);
    expect(start.statusCode).toBe(200);
    expect(start.body).toContain('U geeft uw buurtbudget aan: Speeltuin opknappen.');
    expect(start.body).toContain(`name="initiatief" value="${open.reference}"`);

    const confirm = await browser.post('/buurtbudget', {
      code: code('BU06370001', 3),
      initiatief: open.reference,
    });
    expect(confirm.statusCode).toBe(200);
    expect(confirm.body).toContain('Controleer uw keuze');
    expect(confirm.body).toContain('aan Speeltuin opknappen');
    expect(confirm.body).toContain(`name="initiativeId" value="${open.id}"`);

    // A household of another wijk: not this initiative, and told why in Dutch.
    const elsewhere = await browser.post('/buurtbudget', {
      code: code('BU06370100', 0),
      initiatief: open.reference,
    });
    expect(elsewhere.statusCode).toBe(422);
    expect(elsewhere.body).toContain(
      'Met deze code kunt u niet geven aan Speeltuin opknappen: dat initiatief ligt niet in uw buurt.',
    );
    expect(elsewhere.body).toContain('Er zijn nu geen initiatieven in uw buurt waaraan u kunt geven.');

    // Funded meanwhile: no longer open; the household chooses from what is.
    const closed = await browser.post('/buurtbudget', {
      code: code('BU06370001', 4),
      initiatief: funded.reference,
    });
    expect(closed.statusCode).toBe(422);
    expect(closed.body).toContain('U kunt niet meer geven aan Buurtfeest op het plein');
    expect(closed.body).toContain(`value="${open.id}"`);
  });
});

describe('the household budget’s section on a place page', () => {
  const i18n = () => createAppI18n(t.modules);
  const pageCtx = (): PageContext => ({
    locale: 'nl',
    t: i18n().translator('nl'),
    format: formatsFor('nl'),
    nonce: '',
    url: '/',
    asset: () => '',
    map: t.config.map,
    actor: { kind: 'anonymous' },
    can: () => false,
    csrfToken: () => '',
    navigation: [],
  });
  const buurt: PlaceSectionPlace = {
    code: 'BU06370001',
    level: 'buurt',
    name: 'Dorp',
    municipalityCode: 'GM0637',
    buurtCodes: ['BU06370001'],
  };

  it('a buurt: its figures of the year, how many initiatives are open for support, and a way to give', async () => {
    const section = await t.modules.budgets.placeSection(buurt, pageCtx());
    expect(section?.title).toBe('Buurtbudget 2026');
    const html = readable(renderToString(section!.content));
    expect(html).toMatch(/Huishoudens met een code<\/dt><dd[^>]*>6</);
    expect(html).toMatch(new RegExp(`Beschikbaar</dt><dd[^>]*>${euros(60)}<`));
    expect(html).toMatch(new RegExp(`Gegeven</dt><dd[^>]*>${euros(30)}<`));
    expect(html).toMatch(new RegExp(`Naar initiatieven</dt><dd[^>]*>${euros(20)}<`));
    expect(html).toMatch(/Initiatieven gefinancierd<\/dt><dd[^>]*>1</);
    expect(html).toContain('Initiatieven in Dorp waaraan u nu kunt geven: 1.');
    expect(html).toContain('href="/buurtbudget">Geef uw buurtbudget</a>');
    expect(html).toContain('href="/buurtbudget/cijfers/GM0637?year=2026"');
  });

  it('the initiatives’ own section lists those open for support there, each with its progress', async () => {
    const section = await t.modules.initiatives.placeSection(buurt, pageCtx());
    const html = readable(renderToString(section.content));
    expect(html).toContain(`href="/initiatieven/${open.reference}">Speeltuin opknappen</a>`);
    expect(html).toMatch(new RegExp(`${euros(10)} van ${euros(50)} · 1 huishouden · nog tot 30 juni 2026`));
  });

  it('a gemeente sums all its buurten; a gemeente without a household budget has no section', async () => {
    const gemeente = {
      ...buurt,
      code: 'GM0637',
      level: 'gemeente' as const,
      name: 'Zoetermeer',
      buurtCodes: ['BU06370001', 'BU06370002', 'BU06370100'],
    };
    const section = await t.modules.budgets.placeSection(gemeente, pageCtx());
    const html = readable(renderToString(section!.content));
    expect(html).toMatch(/Huishoudens met een code<\/dt><dd[^>]*>11</);
    const other = { ...gemeente, code: 'GM0088', municipalityCode: 'GM0088', buurtCodes: ['BU00880000'] };
    expect(await t.modules.budgets.placeSection(other, pageCtx())).toBeUndefined();
  });
});
