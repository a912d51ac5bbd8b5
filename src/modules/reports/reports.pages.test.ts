import { check as checkGeoJson } from '@placemarkio/check-geojson';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/helpers/app.js';
import { createStaff, grant, TestBrowser, TEST_PASSWORD } from '../../../test/helpers/browser.js';
import { queuedMail } from '../../../test/helpers/outbox.js';

// One app for the file. The clock can move (the 14 days of the confirmation link).
let now = new Date('2026-12-03T10:00:00Z');
let t: TestApp;
let manager: TestBrowser;

// Stadscentrum, Zoetermeer (BU06370002 in WK063700).
const POINT = { lat: '52.0605', lon: '4.4930' };
// About 20 m north of it.
const NEAR = { lat: '52.06068', lon: '4.4930' };

async function signIn(email: string): Promise<TestBrowser> {
  const browser = new TestBrowser(t);
  const res = await browser.signIn(email, TEST_PASSWORD);
  expect(res.statusCode).toBe(303);
  return browser;
}

/** Submits the form as a resident with JavaScript off or on (lat/lon filled by the pin). */
async function submit(fields: Record<string, string>) {
  const browser = new TestBrowser(t);
  await browser.get('/meldingen/nieuw?gemeente=GM0637');
  return { browser, res: await browser.post('/meldingen/nieuw', { gemeente: 'GM0637', ...fields }) };
}

async function trackingLinkOf(email: string): Promise<string> {
  const mail = (await queuedMail(t, email)).find((m) => m.subject.includes('is ontvangen'));
  const link = /\/meldingen\/volgen\/[A-Za-z0-9_-]{43}/.exec(mail?.text ?? '')?.[0];
  if (!link) throw new Error('no tracking link');
  return link;
}

async function publicIdFromTracking(link: string): Promise<string> {
  const page = await t.app.inject({ url: link });
  const id = /M-2026-[0-9]{6}/.exec(page.body)?.[0];
  if (!id) throw new Error('no id on the tracking page');
  return id;
}

beforeAll(async () => {
  t = await createTestApp({ PUBLIC_URL: 'https://buurt.example' }, { clock: () => now });
  await createStaff(t, { email: 'wijk@zoetermeer.nl', grants: [grant('district_manager', 'WK063700')] });
  await createStaff(t, { email: 'elders@vlaardingen.nl', grants: [grant('administrator', 'GM0622')] });
  await createStaff(t, { email: 'licht@netbeheer.nl', grants: [grant('partner', 'WK063700', 'Lichtnet')] });
  manager = await signIn('wijk@zoetermeer.nl');
}, 120_000);
afterAll(async () => {
  await t?.close();
});

describe('submitting without JavaScript and without an account', () => {
  it('asks for the buurt and an address, in Dutch beside the fields, when they are missing', async () => {
    const { res } = await submit({ category: 'wegen-bestrating', description: 'Drie tegels los' });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('Kies de buurt waar het is.');
    expect(res.body).toContain('Typ een adres of herkenningspunt');
    expect(res.body).toContain('value="wegen-bestrating" selected');
  });

  it('makes the report, routes it, sets the deadline in working days and mails the private link', async () => {
    const { res } = await submit({
      category: 'wegen-bestrating',
      description: 'Drie tegels liggen los voor de ingang van de school',
      buurt: 'BU06370002',
      address: 'Stadhuisplein 1',
      email: 'Bewoner@Example.nl ',
    });
    expect(res.statusCode).toBe(303);
    const received = await t.app.inject({ url: res.headers.location ?? '' });
    expect(received.headers['cache-control']).toBe('no-store');
    // 3 December 2026 (Thursday) + 10 working days = 17 December.
    expect(received.body).toContain('17 december 2026');
    expect(received.body).toContain('Team Buitenruimte');
    const mail = await queuedMail(t, 'bewoner@example.nl');
    expect(mail[0]?.subject).toMatch(/^Uw melding M-2026-\d{6} is ontvangen$/);
    expect(mail[0]?.text).toContain('https://buurt.example/meldingen/volgen/');
    expect(mail[0]?.storedText).not.toContain('/meldingen/volgen/');
  });

  it('routes street lighting to its own team by the gemeente’s rules', async () => {
    const { res } = await submit({
      category: 'verlichting-uit',
      description: 'Lamp is al een week uit',
      ...POINT,
    });
    expect(res.statusCode).toBe(303);
    const received = await t.app.inject({ url: res.headers.location ?? '' });
    expect(received.body).toContain('Team Openbare Verlichting');
  });
});

describe('is this the same? open reports of the same kind nearby are offered first', () => {
  let first = '';
  it('offers the report 20 m away, and following it makes the resident a supporter', async () => {
    const made = await submit({
      category: 'afval-dumping',
      description: 'Bank en matras op de stoep',
      ...POINT,
      email: 'eerste@example.nl',
    });
    expect(made.res.statusCode).toBe(303);
    first = await publicIdFromTracking(await trackingLinkOf('eerste@example.nl'));
    const { browser, res } = await submit({
      category: 'afval-dumping',
      description: 'Oude bank gedumpt',
      ...NEAR,
      email: 'tweede@example.nl',
    });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Is dit dezelfde melding?');
    expect(res.body).toContain(first);
    expect(res.body).toMatch(/op 2\d meter/);
    const follow = await browser.post(`/meldingen/${first}/ook`, { email: 'tweede@example.nl' });
    expect(follow.statusCode).toBe(303);
    const page = await t.app.inject({ url: `/meldingen/${first}` });
    expect(page.body).toContain('1 anderen');
    // No personal data on the public page.
    expect(page.body).not.toContain('eerste@example.nl');
    expect(page.body).not.toContain('tweede@example.nl');
  });

  it('does not offer another kind, and "not the same" makes a new report', async () => {
    const other = await submit({
      category: 'afval-zwerfafval',
      description: 'Blikjes in de struiken',
      ...NEAR,
    });
    expect(other.res.statusCode).toBe(303);
    const again = await submit({
      category: 'afval-dumping',
      description: 'Kast op de stoep',
      ...NEAR,
      notSame: '1',
    });
    expect(again.res.statusCode).toBe(303);
  });

  it('a status move reaches the reporter and the supporter; closing without a reason is refused', async () => {
    await manager.get(`/beheer/meldingen/${first}`);
    const accept = await manager.post(`/beheer/meldingen/${first}/stand`, { to: 'accepted' });
    expect(accept.statusCode).toBe(303);
    const toReporter = (await queuedMail(t, 'eerste@example.nl')).filter((m) =>
      m.subject.startsWith('Nieuws'),
    );
    const toSupporter = (await queuedMail(t, 'tweede@example.nl')).filter((m) =>
      m.subject.startsWith('Nieuws'),
    );
    expect(toReporter[0]?.text).toContain('Wij hebben uw melding in behandeling genomen.');
    expect(toSupporter[0]?.text).toContain('Wij hebben uw melding in behandeling genomen.');
    await manager.get(`/beheer/meldingen/${first}`);
    const refused = await manager.post(`/beheer/meldingen/${first}/stand`, { to: 'closed' });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('Afhandelen zonder reden kan niet.');
    const notOurs = await manager.post(`/beheer/meldingen/${first}/stand`, {
      to: 'closed',
      reason: 'not_ours',
    });
    expect(notOurs.body).toContain('Schrijf op naar wie de melding is doorgestuurd.');
  });
});

describe('the work queue is scoped to the places of staff', () => {
  it('shows Zoetermeer’s reports to its district manager, overdue ones marked in words', async () => {
    const queue = await manager.get('/beheer/meldingen');
    expect(queue.statusCode).toBe(200);
    expect(queue.body).toContain('Team Buitenruimte');
    now = new Date('2026-12-21T10:00:00Z');
    try {
      const later = await signIn('wijk@zoetermeer.nl');
      const late = await later.get('/beheer/meldingen?teLaat=1');
      expect(late.body).toContain('te laat: had klaar moeten zijn op 17 december 2026');
    } finally {
      now = new Date('2026-12-03T12:00:00Z');
      manager = await signIn('wijk@zoetermeer.nl');
    }
  });

  it('never shows them to staff of another gemeente', async () => {
    const other = await signIn('elders@vlaardingen.nl');
    const queue = await other.get('/beheer/meldingen');
    expect(queue.body).not.toMatch(/M-2026-\d{6}/);
    const { rows } = await sql<{ public_id: string }>`select public_id from report limit 1`.execute(
      t.database.db,
    );
    const page = await other.get(`/beheer/meldingen/${rows[0]?.public_id ?? ''}`);
    expect(page.statusCode).toBe(403);
  });

  it('shows a partner only the reports routed to a team of their organisation', async () => {
    await sql`insert into report_team (municipality_code, code, name, organisation) values ('GM0637', 'lichtnet', 'Lichtnet', 'Lichtnet')`.execute(
      t.database.db,
    );
    await sql`update report_routing_rule set team_id = (select id from report_team where code = 'lichtnet') where category_code = 'verlichting'`.execute(
      t.database.db,
    );
    const { res } = await submit({
      category: 'verlichting-mast',
      description: 'Paal scheef na aanrijding',
      ...POINT,
    });
    expect(res.statusCode).toBe(303);
    const { rows } = await sql<{ public_id: string; name: string }>`
      select public_id, name from report join report_team on report_team.id = report.team_id`.execute(
      t.database.db,
    );
    const partner = await signIn('licht@netbeheer.nl');
    const queue = await partner.get('/beheer/meldingen');
    for (const row of rows) {
      if (row.name === 'Lichtnet') expect(queue.body).toContain(row.public_id);
      else expect(queue.body).not.toContain(`>${row.public_id}<`);
    }
    expect(rows.some((r) => r.name === 'Lichtnet')).toBe(true);
  });
});

describe('after closing as fixed the reporter is asked whether it was solved', () => {
  it('reopens the report when the reporter says no, with a reason', async () => {
    const made = await submit({
      category: 'spelen-toestel',
      description: 'Schommel hangt scheef',
      ...POINT,
      email: 'ouder@example.nl',
    });
    expect(made.res.statusCode).toBe(303);
    const id = await publicIdFromTracking(await trackingLinkOf('ouder@example.nl'));
    await manager.get(`/beheer/meldingen/${id}`);
    expect(
      (await manager.post(`/beheer/meldingen/${id}/stand`, { to: 'closed', reason: 'fixed' })).statusCode,
    ).toBe(303);
    const mail = (await queuedMail(t, 'ouder@example.nl')).at(-1);
    const link = /\/meldingen\/opgelost\/[A-Za-z0-9_-]{43}/.exec(mail?.text ?? '')?.[0] ?? '';
    expect(link).not.toBe('');
    const resident = new TestBrowser(t);
    await resident.get(link);
    const noReason = await resident.post(link, { solved: 'nee' });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.body).toContain('Schrijf op wat er nog mis is.');
    const answered = await resident.post(link, { solved: 'nee', reason: 'Hij hangt nog steeds scheef' });
    expect(answered.statusCode).toBe(303);
    const page = await t.app.inject({ url: `/meldingen/${id}` });
    expect(page.body).toContain('Heropend');
    expect(page.body).toContain('Hij hangt nog steeds scheef');
    // The link works once.
    const again = await resident.get(link);
    expect(again.body).toContain('Deze vraag kunt u niet meer beantwoorden');
  });

  it('shows per team and category how many fixes the reporters confirmed or disputed', async () => {
    const list = await t.app.inject({ url: '/meldingen?plaats=GM0637' });
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain('Volgens melder niet opgelost');
  });
});

describe('merging a duplicate', () => {
  it('closes it as a duplicate and carries its reporter and supporters over', async () => {
    const a = await submit({
      category: 'groen-onkruid',
      description: 'Onkruid tussen de tegels',
      ...POINT,
      email: 'a@example.nl',
    });
    const b = await submit({
      category: 'groen-onkruid',
      description: 'Veel onkruid op het plein',
      ...NEAR,
      email: 'b@example.nl',
      notSame: '1',
    });
    expect(a.res.statusCode).toBe(303);
    expect(b.res.statusCode).toBe(303);
    const idA = await publicIdFromTracking(await trackingLinkOf('a@example.nl'));
    const idB = await publicIdFromTracking(await trackingLinkOf('b@example.nl'));
    await manager.get(`/beheer/meldingen/${idB}`);
    const merged = await manager.post(`/beheer/meldingen/${idB}/stand`, {
      to: 'closed',
      reason: 'duplicate',
      duplicateOf: idA,
    });
    expect(merged.statusCode).toBe(303);
    await manager.get(`/beheer/meldingen/${idA}`);
    await manager.post(`/beheer/meldingen/${idA}/stand`, { to: 'in_progress' });
    const toB = (await queuedMail(t, 'b@example.nl')).filter((m) => m.text.includes('Wij zijn ermee bezig.'));
    expect(toB).toHaveLength(1);
    const page = await t.app.inject({ url: `/meldingen/${idB}` });
    expect(page.body).toContain(`samengevoegd met melding ${idA}`);
  });
});

describe('open data', () => {
  it('publishes valid GeoJSON (RFC 7946) and CSV without personal data', async () => {
    const geo = await t.app.inject({ url: '/open-data/meldingen.geojson?plaats=GM0637' });
    expect(geo.headers['content-type']).toMatch(/^application\/geo\+json/);
    const parsed = checkGeoJson(geo.body);
    expect(parsed.type).toBe('FeatureCollection');
    expect(geo.body).not.toContain('@example.nl');
    const csv = await t.app.inject({ url: '/open-data/meldingen.csv?plaats=WK063700' });
    expect(csv.body.split('\r\n')[0]).toContain('service_code');
    expect(csv.body).not.toContain('@example.nl');
    expect(csv.body).toContain('afval-dumping');
  });

  it('is in the catalogue, the navigation, the home page and the place page', async () => {
    const home = await t.app.inject({ url: '/' });
    expect(home.body).toContain('Meld iets in de buurt');
    expect(home.body).toContain('href="/meldingen"');
    const place = await t.app.inject({ url: '/gemeenten/GM0637' });
    expect(place.body).toMatch(/\d+ open meldingen/);
    const catalogue = await t.app.inject({ url: '/open-data' });
    expect(catalogue.body).toContain('Meldingen openbare ruimte');
  });
});
