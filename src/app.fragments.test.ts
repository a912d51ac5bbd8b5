import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from './db/database.js';
import {
  createOpenInitiative,
  openSupport,
  setUpBudgetYear,
} from './modules/budgets/budgets.test-helpers.js';
import { createTestApp, type TestApp } from '../test/helpers/app.js';
import { createStaff, grant, TestBrowser, TEST_PASSWORD } from '../test/helpers/browser.js';

// The parts of public pages that are the same for every reader (a place's figures, map and
// wijken; the modules' place sections; the figures table) are rendered once per language and
// kept with the cached values they show (src/web/views/fragment.ts). They must change when
// those values do, and never carry anything of the reader: the menu, the CSRF token and the
// language links are the page's own.

describe('rendered parts of public pages', () => {
  let t: TestApp;
  let now = new Date('2026-03-02T09:00:00+01:00');
  /** Another process on the same database (see app.cache.test.ts). */
  let other: Database;
  let codes: string[];

  beforeAll(async () => {
    t = await createTestApp({}, { clock: () => now });
    other =
      t.database.url !== undefined
        ? await openDatabase({ databaseUrl: t.database.url, dataDir: 'unused', poolSize: 1 })
        : { ...t.database, close: async () => undefined };
    const setUp = await setUpBudgetYear(t.modules.budgets.context, {
      buurten: [{ code: 'BU06370001', wijkCode: 'WK063700', households: 6 }],
    });
    codes = setUp.codes.get('BU06370001') ?? [];
  });
  afterAll(async () => {
    await other?.close();
    await t?.close();
  });

  const page = async (url: string) => (await t.app.inject({ url })).body;
  const later = (ms: number) => (now = new Date(now.getTime() + ms));
  /** The table of the page's wijken or buurten (a cached part). */
  const childTable = (html: string) =>
    html.slice(html.indexOf('aria-labelledby="children"'), html.indexOf('</table>'));

  it('shows a gemeente’s renamed wijk in every language once the place is read again, not before', async () => {
    const { rows } = await sql<{ code: string; name: string }>`
      select code, name from place where municipality_code = 'GM0637' and level = 'wijk' order by code limit 1
    `.execute(t.database.db);
    const wijk = rows[0];
    if (!wijk) throw new Error('no wijk in the test places');
    const nl = await page('/gemeenten/GM0637');
    const en = await page('/gemeenten/GM0637?lang=en');
    expect(childTable(nl)).toContain('Wijken in Zoetermeer');
    expect(childTable(nl)).toContain(`>${wijk.name}</a>`);
    expect(childTable(en)).toContain('Districts in Zoetermeer');
    expect(childTable(en)).toContain(`>${wijk.name}</a>`);
    // The same parts again, as kept: each language its own.
    expect(childTable(await page('/gemeenten/GM0637'))).toBe(childTable(nl));
    expect(childTable(await page('/gemeenten/GM0637?lang=en'))).toBe(childTable(en));

    await sql`update place set name = 'Oosterheem-Noord' where code = ${wijk.code}`.execute(other.db);
    later(500);
    expect(childTable(await page('/gemeenten/GM0637'))).not.toContain('Oosterheem-Noord');
    later(500);
    expect(childTable(await page('/gemeenten/GM0637'))).toContain('>Oosterheem-Noord</a>');
    expect(childTable(await page('/gemeenten/GM0637?lang=en'))).toContain('>Oosterheem-Noord</a>');
    // The wijk's own page, and its map's labels.
    expect(await page(`/wijken/${wijk.code}`)).toContain(
      '<h1 class="utrecht-heading-1">Oosterheem-Noord</h1>',
    );
  });

  it('shows a pledge in the figures table and the place sections at once, in both languages', async () => {
    const initiative = await createOpenInitiative(t.database.db, {
      buurt: 'BU06370001',
      wijk: 'WK063700',
      title: 'Buurtfeest',
    });
    await openSupport(t.modules.budgets.context, initiative.id, 2000, '2026-06-30');
    const figures = (html: string) => html.slice(html.indexOf('<table'), html.indexOf('</table>'));
    const section = (html: string) =>
      html.slice(html.indexOf('aria-labelledby="initiatives"'), html.indexOf('aria-labelledby="open-data"'));
    const before = figures(await page('/buurtbudget/cijfers/GM0637?year=2026'));
    expect(before).toMatch(/Totaal/);
    expect(section(await page('/wijken/WK063700'))).toMatch(/€\s0 van €\s20/);
    expect(section(await page('/wijken/WK063700?lang=en'))).toMatch(/€\s?0 of €\s?20/);

    const resident = new TestBrowser(t);
    await resident.get('/buurtbudget');
    const given = await resident.post('/buurtbudget/geven', {
      code: codes[0] ?? '',
      initiativeId: initiative.id,
    });
    expect(given.statusCode).toBe(303);

    // This process wrote: its cache reads again at once, and so the parts are rendered again.
    const after = figures(await page('/buurtbudget/cijfers/GM0637?year=2026'));
    expect(after).not.toBe(before);
    expect(section(await page('/wijken/WK063700'))).toMatch(/€\s10 van €\s20/);
    expect(section(await page('/wijken/WK063700?lang=en'))).toMatch(/€\s?10 of €\s?20/);
    expect(figures(await page('/buurtbudget/cijfers/GM0637?year=2026&lang=en'))).toMatch(/Total/);
  });

  it('never shows one reader’s menu, token or language link to another', async () => {
    await createStaff(t, { email: 'coach@gemeente.example', grants: [grant('coach', 'GM0637')] });
    const staff = new TestBrowser(t);
    expect((await staff.signIn('coach@gemeente.example', TEST_PASSWORD)).statusCode).toBe(303);
    const token = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1];

    const first = (await staff.get('/gemeenten/GM0637')).body;
    const second = (await staff.get('/gemeenten/GM0637')).body;
    expect(first).toContain('bk-account-nav');
    expect(token(first)).toBeDefined();
    // Masked afresh for every page: never a kept copy.
    expect(token(second)).not.toBe(token(first));

    const anonymous = await page('/gemeenten/GM0637');
    expect(anonymous).not.toContain('bk-account-nav');
    expect(token(anonymous)).toBeUndefined();
    expect(childTable(anonymous)).toBe(childTable(first));

    // The language link is the page's own address, on pages that share their parts.
    expect(await page('/wijken/WK063700')).toContain('href="/wijken/WK063700?lang=en"');
    expect(await page('/gemeenten/GM0637')).toContain('href="/gemeenten/GM0637?lang=en"');
  });
});
