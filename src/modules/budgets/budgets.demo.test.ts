import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { sql } from 'kysely';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/helpers/app.js';
import { unplainFigures, visibleText } from '../../../test/helpers/plain-text.js';
import { amsterdamDate } from '../../shared/dates.js';
import { down, up } from '../../db/migrations/0011-household-codes-case-insensitive.js';
import { DEMO_LETTERS, DEMO_LETTERS_FILE } from './budgets.demo.js';
import { asTyped } from './budgets.test-helpers.js';
import { verifyLedger } from './years.service.js';

let t: TestApp;
let dataDir: string;
const logged: { msg: string; file?: string; codes?: string[]; buurt?: string }[] = [];
const log = pino(
  { level: 'info' },
  new Writable({
    write(chunk: Buffer, _encoding, done) {
      logged.push(JSON.parse(chunk.toString()) as (typeof logged)[number]);
      done();
    },
  }),
);
const year = Number(amsterdamDate(new Date()).slice(0, 4));
/** Outside production: the demo's letters and their codes in the log. */
const demo = { publishedSecrets: true };
/** The codes of the first demo letters. */
let firstCodes: string[] = [];

beforeAll(async () => {
  // The demo letters go into the data folder: a throw-away one, never the checkout's.
  dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'buurtkracht-demo-'));
  t = await createTestApp({ BUURTKRACHT_DATA_DIR: dataDir });
  await t.modules.initiatives.seedDemo(pino({ level: 'silent' }));
});
afterAll(async () => {
  await t?.close();
  await fs.rm(dataDir, { recursive: true, force: true });
});

async function counts() {
  const { rows } = await sql<{
    years: number;
    vouchers: number;
    goals: number;
    printed: number;
    audit: number;
  }>`
    select (select count(*)::int from budget_year) as years,
      (select count(*)::int from voucher) as vouchers,
      (select count(*)::int from initiative_support_goal) as goals,
      (select count(*)::int from voucher where printed_at is not null) as printed,
      (select count(*)::int from audit_log where action like 'budgets.%') as audit
  `.execute(t.database.db);
  return rows[0];
}

function post(url: string, body: unknown) {
  return t.app.inject({
    method: 'POST',
    url,
    headers: { 'content-type': 'application/json' },
    payload: JSON.stringify(body),
  });
}

describe('the demo household budget', () => {
  it('is loaded by one of two processes starting at the same moment', async () => {
    await Promise.all([t.modules.budgets.seedDemo(log, demo), t.modules.budgets.seedDemo(log, demo)]);
    expect(logged.filter((l) => l.msg.startsWith('demo household budget loaded'))).toHaveLength(1);
    expect((await counts())?.years).toBe(1);
  });

  it('opens the current year in Zoetermeer with vouchers from the CBS counts and goals in several buurten', async () => {
    const { rows: years } = await sql<{ municipality_code: string; amount_cents: number; scope: string }>`
      select municipality_code, amount_cents, scope, opens_on::text as opens_on, closes_on::text as closes_on
      from budget_year
    `.execute(t.database.db);
    expect(years).toEqual([
      {
        municipality_code: 'GM0637',
        amount_cents: 1000,
        scope: 'buurt',
        opens_on: `${year}-01-01`,
        closes_on: `${year}-12-31`,
      },
    ]);
    const households = (await t.modules.budgets.context.buurtenOf('GM0637')).reduce(
      (n, b) => n + b.households,
      0,
    );
    expect(households).toBeGreaterThan(50_000);
    expect((await counts())?.vouchers).toBe(households);
    const { rows: open } = await sql<{ buurt_code: string; goal_cents: number | null }>`
      select i.buurt_code, g.goal_cents from initiative i
      left join initiative_support_goal g on g.initiative_id = i.id
      where i.municipality_code = 'GM0637' and i.stage = 'open_for_support'
    `.execute(t.database.db);
    expect(open.length).toBeGreaterThanOrEqual(4);
    expect(open.every((o) => o.goal_cents !== null)).toBe(true);
    expect(new Set(open.map((o) => o.buurt_code)).size).toBeGreaterThanOrEqual(3);
    // The audit log says who did it: the demo, not someone at the command line.
    const { rows: who } = await sql<{ actor_label: string; channel: string }>`
      select distinct actor_label, channel from audit_log where action like 'budgets.%'
    `.execute(t.database.db);
    expect(who).toEqual([{ actor_label: 'demo', channel: 'system' }]);
    expect(await verifyLedger(t.database.db)).toBeUndefined();
  });

  it('prints letters for a buurt with initiatives, and a logged code pledges at once', async () => {
    const letters = logged.find((l) => l.codes !== undefined);
    expect(letters?.file).toBe(path.join(dataDir, DEMO_LETTERS_FILE));
    const pdf = await fs.readFile(letters?.file ?? '');
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(letters?.codes).toHaveLength(DEMO_LETTERS);
    firstCodes = letters?.codes ?? [];
    for (const code of letters?.codes ?? [])
      expect(code).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{2}$/);
    expect((await counts())?.printed).toBe(DEMO_LETTERS);

    const code = letters?.codes?.[0] ?? '';
    const lookup = await post('/api/v1/vouchers/lookup', { code });
    expect(lookup.statusCode).toBe(200);
    const options = lookup.json<{ initiatives: { id: string }[] }>().initiatives;
    expect(options.length).toBeGreaterThanOrEqual(2);
    const pledge = await post('/api/v1/pledges', { code, initiativeId: options[0]?.id });
    expect(pledge.statusCode).toBe(201);
    expect(await verifyLedger(t.database.db)).toBeUndefined();
  });

  it('adds nothing on a second start, and only points to the letters again', async () => {
    const before = await counts();
    const { mtimeMs } = await fs.stat(path.join(dataDir, DEMO_LETTERS_FILE));
    logged.length = 0;
    await t.modules.budgets.seedDemo(log, demo);
    expect(await counts()).toEqual(before);
    expect((await fs.stat(path.join(dataDir, DEMO_LETTERS_FILE))).mtimeMs).toBe(mtimeMs);
    expect(logged).toEqual([
      expect.objectContaining({ file: path.join(dataDir, DEMO_LETTERS_FILE) }) as (typeof logged)[number],
    ]);
    expect(logged[0]?.codes).toBeUndefined();
  });

  it('prints its letters again at the next start when migration 0011 found their codes in the old format', async () => {
    const before = logged.length;
    // A demo database from before 0011: its printed letters are marked for a new letter.
    await down(t.database.db);
    await up(t.database.db);
    await t.modules.budgets.seedDemo(log, demo);
    const reissued = logged.slice(before).find((l) => l.codes !== undefined);
    expect(reissued?.file).toBe(path.join(dataDir, DEMO_LETTERS_FILE));
    expect(reissued?.codes).toHaveLength(DEMO_LETTERS);
    expect((await post('/api/v1/vouchers/lookup', { code: firstCodes[1] })).statusCode).toBe(404);
    const lookup = await post('/api/v1/vouchers/lookup', { code: asTyped(reissued?.codes?.[1] ?? '') });
    expect(lookup.statusCode).toBe(200);
    expect(await verifyLedger(t.database.db)).toBeUndefined();
    // And only once: the start after that points to the file again.
    logged.length = 0;
    await t.modules.budgets.seedDemo(log, demo);
    expect(logged[0]?.codes).toBeUndefined();
  });
});

/**
 * Every public page of the demo, found as a visitor finds them: following links from the home
 * page (in both languages, through the language switch). Pages of one kind (`/buurten/BU…`) are
 * alike, so a few of each are read, not all of the country's. Here rather than in a file of its
 * own: the demo is loaded once for both.
 */
describe("figures on the demo's public pages are written for people", () => {
  const PER_KIND = 2;
  /** `/buurten/BU06370001?lang=en` → `/buurten/BU#?lang`: pages of one kind share it. */
  const kindOf = (url: URL) => {
    const keys = [...url.searchParams.keys()].sort().join('&');
    return `${url.pathname.replace(/\d+/g, '#')}${keys ? `?${keys}` : ''}`;
  };
  const linksOf = (html: string) =>
    [...html.matchAll(/<a\b[^>]*\shref="([^"]+)"/g)].map((m) => (m[1] ?? '').replaceAll('&amp;', '&'));

  it('shows no date as 2026-12-31 and no count of five digits without separators, on any page', async () => {
    // The demo's figures: the budget of its gemeente, and the gemeente itself.
    const queue = ['/', '/buurtbudget/cijfers/GM0637', '/gemeenten/GM0637'];
    const seen = new Set<string>(queue);
    const perKind = new Map<string, number>();
    const problems: string[] = [];
    let pages = 0;
    for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
      const res = await t.app.inject({ method: 'GET', url: next });
      expect(res.statusCode, next).toBeLessThan(500);
      const location = res.headers.location;
      const found = typeof location === 'string' ? [location] : [];
      if (res.statusCode === 200 && String(res.headers['content-type']).startsWith('text/html')) {
        pages++;
        for (const problem of unplainFigures(visibleText(res.body))) problems.push(`${next}: ${problem}`);
        found.push(...linksOf(res.body));
      }
      for (const href of found) {
        const url = new URL(href, 'http://buurtkracht.test');
        if (url.host !== 'buurtkracht.test' || url.pathname.startsWith('/api/')) continue;
        // Open data files are for machines; the letters are checked where they are made.
        if (/\.(csv|geojson|json|pdf)$/.test(url.pathname)) continue;
        const target = url.pathname + url.search;
        const kind = kindOf(url);
        if (seen.has(target) || (perKind.get(kind) ?? 0) >= PER_KIND) continue;
        seen.add(target);
        perKind.set(kind, (perKind.get(kind) ?? 0) + 1);
        queue.push(target);
      }
    }
    // The crawl reached the pages with the most figures: places, initiatives and the budget.
    expect(pages).toBeGreaterThan(20);
    expect([...perKind.keys()]).toEqual(
      expect.arrayContaining(['/gemeenten/GM#', '/wijken/WK#', '/buurten/BU#', '/initiatieven/INI-#-#']),
    );
    expect(problems).toEqual([]);
  });
});
