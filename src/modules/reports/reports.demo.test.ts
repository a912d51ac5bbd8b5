import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/helpers/app.js';
import { applyRetention } from '../../privacy/index.js';
import { buildPersonalDataRegister } from '../index.js';

let t: TestApp;
const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };

async function count(query: ReturnType<typeof sql<{ n: number }>>): Promise<number> {
  const { rows } = await query.execute(t.database.db);
  return Number(rows[0]?.n ?? 0);
}

beforeAll(async () => {
  t = await createTestApp();
  await t.modules.reports.seedDemo(silent, { publishedSecrets: false });
}, 120_000);
afterAll(async () => {
  await t?.close();
});

describe('the demo reports', () => {
  it('are a few hundred across the three demo gemeenten, in every status and with every closing reason', async () => {
    const { rows } = await sql<{ municipality_code: string; n: number }>`
      select municipality_code, count(*)::integer as n from report group by 1 order by 1`.execute(
      t.database.db,
    );
    expect(rows.map((r) => r.municipality_code)).toEqual(['GM0622', 'GM0637', 'GM0796']);
    expect(rows.reduce((sum, r) => sum + r.n, 0)).toBeGreaterThanOrEqual(300);
    const statuses = await sql<{ status: string }>`select distinct status from report order by 1`.execute(
      t.database.db,
    );
    expect(statuses.rows.map((r) => r.status)).toEqual([
      'accepted',
      'closed',
      'forwarded',
      'in_progress',
      'new',
      'reopened',
    ]);
    const reasons = await sql<{ close_reason: string }>`
      select distinct close_reason from report where close_reason is not null order by 1`.execute(
      t.database.db,
    );
    expect(reasons.rows.map((r) => r.close_reason)).toEqual([
      'cannot',
      'duplicate',
      'fixed',
      'maintenance_level',
      'not_ours',
    ]);
  });

  it('have supporters, a merged duplicate per gemeente, and fixes confirmed and disputed', async () => {
    expect(await count(sql`select count(*)::integer as n from report_supporter`)).toBeGreaterThan(10);
    expect(await count(sql`select count(*)::integer as n from report where duplicate_of is not null`)).toBe(
      3,
    );
    expect(
      await count(sql`select count(*)::integer as n from report where confirmation = 'solved'`),
    ).toBeGreaterThan(0);
    expect(
      await count(sql`select count(*)::integer as n from report where confirmation = 'not_solved'`),
    ).toBeGreaterThan(0);
  });

  it('are loaded once', async () => {
    const before = await count(sql`select count(*)::integer as n from report`);
    await t.modules.reports.seedDemo(silent, { publishedSecrets: false });
    expect(await count(sql`select count(*)::integer as n from report`)).toBe(before);
  });

  it('show on the public list of a gemeente with the fix figures, and on a report’s page', async () => {
    const list = await t.app.inject({ url: '/meldingen?plaats=GM0796&status=open' });
    expect(list.statusCode).toBe(200);
    expect(list.body).toMatch(/<h1[^>]*>Meldingen in [^<]*s-Hertogenbosch<\/h1>/);
    const all = await t.app.inject({ url: '/meldingen?plaats=GM0796' });
    expect(all.body).toContain('Bevestigd door melder');
    const { rows } = await sql<{ public_id: string }>`
      select public_id from report where duplicate_of is not null limit 1`.execute(t.database.db);
    const page = await t.app.inject({ url: `/meldingen/${rows[0]?.public_id ?? ''}` });
    expect(page.body).toContain('Deze melding is samengevoegd met melding');
    expect(page.body).not.toContain('@example.nl');
  });
});

describe('privacy: contact details go a year after closing, reports five years after', () => {
  it('erases the reporter’s and supporters’ addresses 365 days after closing, and nothing of newer ones', async () => {
    await sql`update report set closed_at = now() - interval '400 days' where id in (
        select report_id from report_supporter where email is not null and report_closed_at is not null limit 1)`.execute(
      t.database.db,
    );
    await sql`update report_supporter set report_closed_at = now() - interval '400 days'
      where report_id in (select id from report where closed_at < now() - interval '365 days')`.execute(
      t.database.db,
    );
    await sql`update report set closed_at = now() - interval '400 days', reporter_email = 'oud@example.nl'
      where id = (select id from report where status = 'closed' and reporter_email is null and duplicate_of is null limit 1)`.execute(
      t.database.db,
    );
    const recentBefore = await count(
      sql`select count(*)::integer as n from report where reporter_email is not null and closed_at > now() - interval '365 days'`,
    );
    await applyRetention(t.database.db, { register: buildPersonalDataRegister(t.modules) });
    expect(
      await count(sql`select count(*)::integer as n from report where reporter_email = 'oud@example.nl'`),
    ).toBe(0);
    expect(
      await count(
        sql`select count(*)::integer as n from report_supporter where email is not null and report_closed_at < now() - interval '365 days'`,
      ),
    ).toBe(0);
    expect(
      await count(
        sql`select count(*)::integer as n from report where reporter_email is not null and closed_at > now() - interval '365 days'`,
      ),
    ).toBe(recentBefore);
    // The report itself stays (until five years after closing).
    expect(
      await count(
        sql`select count(*)::integer as n from report where closed_at < now() - interval '365 days'`,
      ),
    ).toBeGreaterThan(0);
  });
});
