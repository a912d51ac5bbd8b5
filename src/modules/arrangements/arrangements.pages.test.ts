import { parse as parseCsv } from 'csv-parse/sync';
import { sql } from 'kysely';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/helpers/app.js';
import { createStaff, grant, TestBrowser, TEST_PASSWORD } from '../../../test/helpers/browser.js';
import { DEMO_ACTING, type StaffActor } from '../../access/index.js';
import { ForbiddenError } from '../../shared/errors.js';
import type { SubmissionInput } from '../initiatives/index.js';
import {
  createArrangement,
  createTask,
  CsvRejectedError,
  decideRenewal,
  evaluate,
  getArrangement,
  getTask,
  listArrangements,
  recordMeasurement,
  sideBySide,
  submitChallenge,
  uploadMeasurementsCsv,
} from './arrangements.service.js';

let t: TestApp;
let wijk = '';
let orgRef = '';
let residentRef = '';

const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };

function staff(grants: StaffActor['grants']): StaffActor {
  return {
    kind: 'staff',
    accountId: '00000000-0000-0000-0000-000000000001',
    email: 'x@example.nl',
    displayName: 'X',
    grants,
    totpEnabled: false,
  };
}

async function countValues(): Promise<number> {
  const { rows } = await sql<{
    n: number;
  }>`select count(*)::integer as n from arrangement_measurement`.execute(t.database.db);
  return rows[0]?.n ?? 0;
}

async function signIn(email: string): Promise<TestBrowser> {
  const browser = new TestBrowser(t);
  await browser.get('/inloggen');
  const res = await browser.post('/inloggen', { email, password: TEST_PASSWORD });
  expect(res.statusCode).toBe(303);
  return browser;
}

beforeAll(async () => {
  t = await createTestApp();
  await t.modules.initiatives.seedDemo(pino({ level: 'silent' }));
  await t.modules.arrangements.seedDemo(silent, { publishedSecrets: false });
  const all = await listArrangements(t.modules.arrangements.context, { placeCode: 'GM0637' });
  const org = all.find((a) => a.providerKind === 'organisation');
  const res = all.find((a) => a.providerKind === 'initiative' && a.status === 'active');
  if (!org || !res) throw new Error('demo arrangements missing');
  wijk = org.wijk.code;
  orgRef = org.reference;
  residentRef = res.reference;
}, 120_000);
afterAll(async () => {
  await t?.close();
});

describe('the front door', () => {
  it('offers comparing providers once there are arrangements (the places test shows none without)', async () => {
    const res = await t.app.inject({ url: '/' });
    expect(res.body).toContain('href="/afspraken/naast-elkaar">Vergelijk wie wat doet in de wijk<');
  });
});

describe('the demo: an organisation and a resident initiative on one theme, with two years of values', () => {
  it('compares them on the same criteria, cost per unit with its data-quality flag', async () => {
    const org = await getArrangement(t.modules.arrangements.context, orgRef);
    const comparison = await sideBySide(t.modules.arrangements.context, { wijkCode: wijk, theme: org.theme });
    expect(comparison.arrangements.map((a) => a.providerKind).sort()).toEqual(['initiative', 'organisation']);
    expect(comparison.criteria.map((c) => c.code)).toEqual(['bezoekers', 'eenzaam']);
    const years = new Set(org.indicators.flatMap((i) => i.measurements.map((m) => m.year)));
    expect(years.size).toBe(2);
    const first = Math.min(...years);
    const earlier = await sideBySide(t.modules.arrangements.context, {
      wijkCode: wijk,
      theme: org.theme,
      year: first,
    });
    const orgCells = earlier.arrangements.find((a) => a.reference === orgRef)?.cells;
    // 650 + 690 + 730 + 770 visits against a baseline of 2,400: 440 more, for € 48.000.
    expect(orgCells?.get('bezoekers')).toMatchObject({
      value: { value: 2840 },
      result: 440,
      costPerUnitCents: 10_909,
      quality: 'self_reported',
    });
    expect(orgCells?.get('eenzaam')).toMatchObject({ quality: 'verified', result: 1.5 });
  });

  it('shows the side-by-side page without JavaScript: a GET form and one table', async () => {
    const org = await getArrangement(t.modules.arrangements.context, orgRef);
    const res = await t.app.inject({ url: `/afspraken/naast-elkaar?wijk=${wijk}&thema=${org.theme}` });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('bewonersinitiatief');
    expect(res.body).toContain('organisatie');
    expect(res.body).toContain('Kosten per eenheid resultaat');
    expect(res.body).toContain('Niet gecontroleerd: zelf gerapporteerd');
    expect(res.body).toMatch(/<form method="get" action="\/afspraken\/naast-elkaar"/);
    expect(res.body).not.toMatch(/<script(?![^>]*src)/);
    const place = await t.app.inject({ url: `/wijken/${wijk}` });
    expect(place.statusCode).toBe(200);
    expect(place.body).toContain('Meerjarige afspraken');
    expect(place.body).toContain(`/afspraken/naast-elkaar?wijk=${wijk}`);
    const detail = await t.app.inject({ url: `/afspraken/${residentRef}` });
    expect(detail.statusCode).toBe(200);
    expect(detail.body).toContain('Alle metingen');
  });
});

describe('open data and the API: every arrangement and every measured value', () => {
  interface CatalogueFile {
    'dcat:downloadURL': string;
    'dcat:mediaType': string;
  }
  interface CatalogueSet {
    '@id': string;
    'dcat:distribution': CatalogueFile[];
  }

  it('lists two datasets in the catalogue, and each file answers with its declared format', async () => {
    const page = await t.app.inject({ url: '/open-data' });
    expect(page.body).toContain('href="/open-data/afspraken-metingen.csv"');
    const catalogue = await t.app.inject({ url: '/open-data/catalogus.jsonld' });
    const sets = (catalogue.json<{ 'dcat:dataset': CatalogueSet[] }>()['dcat:dataset'] ?? []).filter((d) =>
      /#meerjarige-afspraken(-metingen)?$/.test(d['@id']),
    );
    expect(sets).toHaveLength(2);
    const files = sets.flatMap((d) => d['dcat:distribution']);
    expect(files.map((f) => new URL(f['dcat:downloadURL']).pathname).sort()).toEqual([
      '/api/v1/arrangements',
      '/open-data/afspraken-metingen.csv',
      '/open-data/afspraken.csv',
    ]);
    const bodies = new Map<string, string>();
    for (const file of files) {
      const url = new URL(file['dcat:downloadURL']);
      const res = await t.app.inject({ url: url.pathname + url.search });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toContain(file['dcat:mediaType'].split('/media-types/')[1]);
      bodies.set(url.pathname, res.body);
    }
    const arrangements = parseCsv(bodies.get('/open-data/afspraken.csv') ?? '', {
      bom: true,
      columns: true,
    }) as Record<string, string>[];
    const org = arrangements.find((r) => r.reference === orgRef);
    expect(org).toMatchObject({ provider_kind: 'organisation', wijk_code: wijk, status: 'active' });
    expect(Number(org?.funding_cents)).toBeGreaterThan(0);
    expect(org?.funding_per_year).toMatch(/^[0-9]{4}:[0-9]+( [0-9]{4}:[0-9]+)*$/);
    expect(arrangements.some((r) => r.reference === residentRef && r.provider_kind === 'initiative')).toBe(
      true,
    );
    const values = parseCsv(bodies.get('/open-data/afspraken-metingen.csv') ?? '', {
      bom: true,
      columns: true,
    }) as Record<string, string>[];
    const a = await getArrangement(t.modules.arrangements.context, orgRef);
    expect(
      values.find((r) => r.arrangement_reference === orgRef && r.period === `${a.startYear}-Q1`),
    ).toMatchObject({
      indicator_code: 'bezoekers',
      value: '650',
      source: 'self_reported',
      data_quality: 'self_reported',
    });
    expect(values.some((r) => r.indicator_code === 'eenzaam' && r.data_quality === 'verified')).toBe(true);
  });

  it('gives one arrangement with goals, targets, values with their flag and evaluations; refuses unknown places', async () => {
    const all = await t.app.inject({ url: `/api/v1/arrangements?plaats=${wijk}` });
    const items = all.json<{ items: { reference: string; theme: string }[] }>().items;
    const theme = items.find((i) => i.reference === orgRef)?.theme;
    const same = await t.app.inject({ url: `/api/v1/arrangements?plaats=${wijk}&thema=${theme ?? ''}` });
    expect(same.json<{ items: { reference: string }[] }>().items.map((i) => i.reference)).toEqual(
      expect.arrayContaining([orgRef, residentRef]),
    );
    const one = await t.app.inject({ url: `/api/v1/arrangements/${orgRef.toLowerCase()}` });
    expect(one.statusCode).toBe(200);
    const body = one.json<{
      funding: { year: number; amountCents: number }[];
      indicators: {
        code: string;
        measurements: { source: string; quality: string }[];
        perYear: { quality: string; costPerUnitCents: number | null }[];
      }[];
    }>();
    expect(body.funding.length).toBeGreaterThan(0);
    const visits = body.indicators.find((i) => i.code === 'bezoekers');
    expect(visits?.measurements[0]).toMatchObject({ source: 'self_reported', quality: 'self_reported' });
    expect(visits?.perYear[0]).toMatchObject({ quality: 'self_reported', costPerUnitCents: 10_909 });
    expect((await t.app.inject({ url: '/api/v1/arrangements?plaats=WK999999' })).statusCode).toBe(404);
    const bad = await t.app.inject({ url: '/api/v1/arrangements?plaats=Zoetermeer' });
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    expect((await t.app.inject({ url: '/api/v1/arrangements/AFS-1' })).statusCode).toBe(404);
    const doc = await t.app.inject({ url: '/api/v1/openapi.json' });
    expect(Object.keys(doc.json<{ paths: Record<string, unknown> }>().paths)).toEqual(
      expect.arrayContaining(['/api/v1/arrangements', '/api/v1/arrangements/{reference}']),
    );
  });
});

describe('measured values: partners for their own organisation, in bulk, all or nothing', () => {
  const partnerOf = (organisation: string) => staff([{ role: 'partner', placeCode: wijk, organisation }]);

  it('lets the organisation’s partner report, and refuses another organisation’s', async () => {
    const ctx = t.modules.arrangements.context;
    const org = await getArrangement(ctx, orgRef);
    const year = org.startYear + 1;
    await recordMeasurement(
      ctx,
      { actor: partnerOf('stichting welzijn zoetermeer'), channel: 'web' },
      orgRef,
      {
        indicatorCode: 'eenzaam',
        period: String(year),
        value: 44.9,
        source: 'independent',
      },
    );
    await expect(
      recordMeasurement(ctx, { actor: partnerOf('Woonstad'), channel: 'web' }, orgRef, {
        indicatorCode: 'eenzaam',
        period: String(year),
        value: 10,
        source: 'self_reported',
      }),
    ).rejects.toBeInstanceOf(ForbiddenError);
    const after = await getArrangement(ctx, orgRef);
    expect(
      after.indicators.find((i) => i.code === 'eenzaam')?.measurements.find((m) => m.period === String(year))
        ?.value,
    ).toBe(44.9);
  });

  it('applies nothing when one row is bad, and names the rows by line', async () => {
    const ctx = t.modules.arrangements.context;
    const org = await getArrangement(ctx, orgRef);
    const resident = await getArrangement(ctx, residentRef);
    const before = await countValues();
    const text = [
      'extern_id;indicator;periode;waarde;bron',
      `SWZ-ONT-01;bezoekers;${org.startYear}-Q1;999;zelf`,
      `SWZ-ONT-01;onbekend;${org.startYear}-Q2;1;zelf`,
      `${resident.externalId};bezoekers;${org.startYear}-Q1;1;zelf`,
      `SWZ-ONT-01;bezoekers;1999;1;zelf`,
    ].join('\r\n');
    const error = await uploadMeasurementsCsv(
      ctx,
      { actor: partnerOf('Stichting Welzijn Zoetermeer'), channel: 'web' },
      text,
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CsvRejectedError);
    expect(error instanceof CsvRejectedError ? error.problems.map((p) => [p.line, p.message]) : []).toEqual([
      [3, 'arrangements.csv.unknownIndicator'],
      [4, 'arrangements.csv.notYours'],
      [5, 'arrangements.csv.period'],
    ]);
    expect(await countValues()).toBe(before);
    const changed = await getArrangement(ctx, orgRef);
    expect(changed.indicators[0]?.measurements.find((m) => m.period === `${org.startYear}-Q1`)?.value).toBe(
      650,
    );
  });

  it('uploads a file through the page for a signed-in partner, and shows bad lines', async () => {
    await createStaff(t, {
      email: 'partner@welzijn.example',
      grants: [grant('partner', wijk, 'Stichting Welzijn Zoetermeer')],
    });
    const browser = await signIn('partner@welzijn.example');
    const page = await browser.get('/beheer/afspraken');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(orgRef);
    expect(page.body).not.toContain(residentRef);
    const org = await getArrangement(t.modules.arrangements.context, orgRef);
    const bad = await browser.post('/beheer/afspraken/metingen', {
      csv: `extern_id;indicator;periode;waarde;bron\nSWZ-ONT-01;bezoekers;${org.startYear}-Q2;veel;zelf\n`,
      terug: '/beheer/afspraken',
    });
    expect(bad.statusCode).toBe(422);
    expect(bad.body).toContain('Regel 2');
    const good = await browser.post('/beheer/afspraken/metingen', {
      csv: `\uFEFFextern_id;indicator;periode;waarde;bron\r\n"SWZ-ONT-01";bezoekers;${org.startYear}-Q2;"701";"zelf gerapporteerd"\r\n`,
      terug: `/beheer/afspraken/${orgRef}`,
    });
    expect(good.statusCode).toBe(303);
    expect(good.headers.location).toBe(`/beheer/afspraken/${orgRef}?klaar=csv&waarden=1`);
    const { rows } = await sql<{
      n: number;
    }>`select count(*)::integer as n from audit_log where action = 'arrangements.measurements.uploaded'`.execute(
      t.database.db,
    );
    expect(rows[0]?.n).toBeGreaterThanOrEqual(3);
  });
});

describe('evaluation and renewal', () => {
  it('renews only on the evaluations, never unchanged against a stop', async () => {
    const ctx = t.modules.arrangements.context;
    const manager = {
      actor: staff([{ role: 'district_manager', placeCode: wijk, organisation: null }]),
      channel: 'web' as const,
    };
    const a = await getArrangement(ctx, residentRef);
    await evaluate(ctx, manager, residentRef, {
      year: a.startYear + 1,
      results: 'Minder bezoekers',
      narrative: 'De groep werd kleiner.',
      judgement: 'stop',
    });
    await expect(
      decideRenewal(ctx, manager, residentRef, { decision: 'renew', years: 2, reason: 'Het liep goed' }),
    ).rejects.toMatchObject({ code: 'validation_failed' });
    await decideRenewal(ctx, manager, residentRef, {
      decision: 'adjust',
      years: 1,
      reason: 'Door met een kleiner programma',
      amountPerYearCents: 700_000,
    });
    const after = await getArrangement(ctx, residentRef);
    expect(after.renewals).toMatchObject([
      { decision: 'adjust', years: 1, evaluationYears: [a.startYear, a.startYear + 1] },
    ]);
    expect(after.years).toBe(3);
    expect(after.funding.get(a.startYear + 2)).toBe(700_000);
    expect(after.tranches.filter((x) => x.year === a.startYear + 2).map((x) => x.amountCents)).toEqual([
      350_000, 350_000,
    ]);
    const partner = {
      actor: staff([{ role: 'partner', placeCode: wijk, organisation: 'Stichting Welzijn Zoetermeer' }]),
      channel: 'web' as const,
    };
    await expect(
      evaluate(ctx, partner, orgRef, {
        year: a.startYear,
        results: 'x x x',
        narrative: 'y y y',
        judgement: 'continue',
      }),
    ).rejects.toBeInstanceOf(ForbiddenError);
    expect(DEMO_ACTING.actor).toBe('demo');
  });
});

describe('the right to challenge', () => {
  it('lists the task with its provider, cost and indicators, and takes a challenge through the initiatives desk', async () => {
    const register = await t.app.inject({ url: `/uitdaagrecht?wijk=${wijk}` });
    expect(register.statusCode).toBe(200);
    expect(register.body).toContain('Gemeentelijke buitendienst');
    expect(register.body).toContain('Groene Vingers');
    const taskId = /href="\/uitdaagrecht\/([0-9a-f-]{36})\/uitdagen"/.exec(register.body)?.[1] ?? '';
    const browser = new TestBrowser(t);
    const form = await browser.get(`/uitdaagrecht/${taskId}/uitdagen`);
    expect(form.statusCode).toBe(200);
    const buurt = /<option value="(BU[0-9]{8})"/.exec(form.body)?.[1] ?? '';
    const empty = await browser.post(`/uitdaagrecht/${taskId}/uitdagen`, { title: 'Wij', buurt });
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('href="#target-meldingen"');
    const sent = await browser.post(`/uitdaagrecht/${taskId}/uitdagen`, {
      title: 'Buren Groen',
      plan: 'Wij onderhouden de plantsoenen met twintig buren.',
      cost: '70.000',
      years: '2',
      'target-meldingen': '85',
      'target-tevreden': '64,5',
      buurt,
      name: 'Anna de Vries',
      email: 'anna@example.nl',
      phone: '',
    });
    expect(sent.statusCode).toBe(200);
    const reference = /INI-[0-9]{4}-[0-9]{4,}/.exec(sent.body)?.[0] ?? '';
    expect(reference).not.toBe('');
    const challengeId = /\/uitdaagrecht\/uitdaging\/([0-9a-f-]{36})/.exec(sent.body)?.[1] ?? '';
    const page = await t.app.inject({ url: `/uitdaagrecht/uitdaging/${challengeId}` });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Gemeentelijke buitendienst');
    expect(page.body).toContain('Buren Groen');
    expect(page.body).not.toContain('Anna de Vries');
    expect(page.body).not.toContain('anna@example.nl');
    const api = await t.app.inject({ url: `/api/v1/arrangements?plaats=${wijk}` });
    expect(api.body).toContain('Buren Groen');
    const csv = await t.app.inject({ url: `/open-data/afspraken.csv?plaats=${wijk}` });
    for (const body of [api.body, csv.body]) {
      expect(body).not.toContain('Anna de Vries');
      expect(body).not.toContain('anna@example.nl');
    }

    await createStaff(t, {
      email: 'wijkmanager@zoetermeer.example',
      grants: [grant('district_manager', wijk)],
    });
    const manager = await signIn('wijkmanager@zoetermeer.example');
    await manager.get(`/uitdaagrecht/uitdaging/${challengeId}`);
    const decided = await manager.post(`/uitdaagrecht/uitdaging/${challengeId}/besluit`, {
      status: 'refused',
      reason: 'Het plan haalt de doelen niet voor minder geld.',
      route: 'Bezwaar binnen zes weken bij het college van burgemeester en wethouders.',
    });
    expect(decided.statusCode).toBe(303);
    const after = await t.app.inject({ url: `/uitdaagrecht/uitdaging/${challengeId}` });
    expect(after.body).toContain('Afgewezen');
    expect(after.body).toContain('Bezwaar binnen zes weken');
    expect(after.body).not.toMatch(/[0-9]{4}-[0-9]{2}-[0-9]{2}</);
  });
});

describe('a challenge is one transaction with its initiative', () => {
  async function initiativesTitled(title: string): Promise<number> {
    const { rows } = await sql<{
      n: number;
    }>`select count(*)::integer as n from initiative where title = ${title}`.execute(t.database.db);
    return rows[0]?.n ?? 0;
  }

  it('leaves no initiative behind when linking the challenge fails', async () => {
    const ctx = t.modules.arrangements.context;
    const taskId = await createTask(ctx, DEMO_ACTING, {
      arrangementReference: orgRef,
      title: 'Beheer van het buurthuis',
      description: '',
    });
    const buurt = (await t.modules.places.getPlaceDetail(wijk)).children[0]?.code ?? '';
    const title = 'Buurthuis in eigen hand';
    const submission: SubmissionInput = {
      title,
      summary: 'Wij runnen het buurthuis zelf.',
      forWhom: 'De buurt',
      themes: ['ontmoeting'],
      helpWanted: ['money'],
      point: undefined,
      buurtCode: buurt,
      locationDescription: 'Het buurthuis',
      budgetLines: [{ description: 'Kosten per jaar', amountCents: 4_000_000 }],
      initiatorName: 'Bewonersgroep',
      initiatorEmail: undefined,
      initiatorPhone: undefined,
      channel: 'online',
    };
    const acting = { actor: { kind: 'anonymous' as const }, channel: 'web' as const };
    const error = await submitChallenge(
      ctx,
      acting,
      taskId,
      {
        title,
        plan: 'Wij runnen het buurthuis met vrijwilligers.',
        costPerYearCents: 4_000_000,
        years: 2,
        targets: new Map([
          ['bezoekers', 3000],
          ['eenzaam', 40],
        ]),
      },
      async () => {
        const place = await t.modules.initiatives.placeOfSubmission(submission);
        return async (trx) => {
          const submitted = await t.modules.initiatives.submit(acting, submission, (key) => key, {
            trx,
            place,
          });
          // The task goes before the link is written: the challenge's insert then fails.
          await sql`delete from challengeable_task where id = ${taskId}`.execute(trx);
          return submitted;
        };
      },
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect(await initiativesTitled(title)).toBe(0);
    // The task's removal was undone with everything else.
    expect((await getTask(ctx, taskId)).challenges).toEqual([]);
  });
});

describe('a manager makes an arrangement through the form', () => {
  it('shows every problem by field, then creates it with its tranches and targets', async () => {
    await createStaff(t, { email: 'beheer@zoetermeer.example', grants: [grant('administrator', 'GM0637')] });
    const browser = await signIn('beheer@zoetermeer.example');
    const form = await browser.get('/beheer/afspraken/nieuw');
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain(`value="${wijk}"`);
    const wrong = await browser.post('/beheer/afspraken/nieuw', {
      wijk,
      theme: 'spelen',
      title: 'Speeltuinbeheer',
      providerKind: 'organisation',
      providerName: 'Speeltuinbond',
      externalId: 'SB-1',
      startYear: '2027',
      funding: '10.000; 12.000',
      'i0-code': 'Bezoek ers',
      'i0-name': 'Kinderen die spelen',
      'i0-unit': 'kinderen',
      'i0-baseline': '100',
      'i0-targets': '120',
      deliverables: 'morgen het plan',
    });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.body).toContain('href="#i0-code"');
    expect(wrong.body).toContain('href="#i0-targets"');
    expect(wrong.body).toContain('href="#deliverables"');
    expect(wrong.body).toContain('value="Speeltuinbond"');
    const made = await browser.post('/beheer/afspraken/nieuw', {
      wijk,
      theme: 'spelen',
      title: 'Speeltuinbeheer',
      providerKind: 'organisation',
      providerName: 'Speeltuinbond',
      externalId: 'SB-1',
      startYear: '2027',
      funding: '10.000; 12.000,50',
      tranches: '2',
      'i0-code': 'kinderen',
      'i0-name': 'Kinderen die spelen',
      'i0-unit': 'kinderen',
      'i0-baseline': '100',
      'i0-targets': '120; 1.140,5',
      'i0-direction': 'increase',
      'i0-aggregation': 'last',
      deliverables: '2027-04-01 Speelplan',
    });
    expect(made.statusCode).toBe(303);
    const reference = /AFS-[0-9]{4}-[0-9]{4,}/.exec(made.headers.location ?? '')?.[0] ?? '';
    const a = await getArrangement(t.modules.arrangements.context, reference);
    expect(a.tranches.map((x) => [x.year, x.amountCents])).toEqual([
      [2027, 500_000],
      [2027, 500_000],
      [2028, 600_025],
      [2028, 600_025],
    ]);
    expect([...(a.indicators[0]?.targets ?? new Map()).entries()]).toEqual([
      [2027, 120],
      [2028, 1140.5],
    ]);
    expect(a.deliverables).toMatchObject([{ title: 'Speelplan', dueOn: '2027-04-01', status: 'open' }]);
    const manage = await browser.get(`/beheer/afspraken/${reference}?klaar=nieuw`);
    expect(manage.statusCode).toBe(200);
    expect(manage.body).toContain('Taak uitdaagbaar maken');
    const again = await browser.post('/beheer/afspraken/nieuw', {
      wijk,
      theme: 'spelen',
      title: 'Nog een keer',
      providerKind: 'organisation',
      providerName: 'Speeltuinbond',
      externalId: 'SB-1',
      startYear: '2027',
      funding: '1',
      'i0-code': 'kinderen',
      'i0-name': 'Kinderen',
      'i0-unit': 'kinderen',
      'i0-baseline': '1',
      'i0-targets': '2',
    });
    expect(again.statusCode).toBe(400);
    expect(again.body).toContain('al een afspraak met dit nummer');
  });

  it('refuses a partner the form', async () => {
    const browser = await signIn('partner@welzijn.example');
    expect((await browser.get('/beheer/afspraken/nieuw')).statusCode).toBe(403);
  });
});

describe('a manager changes an arrangement after it is made', () => {
  let reference = '';
  const form = (changes: Record<string, string>) => ({
    theme: 'spelen',
    title: 'Speelplein De Akker',
    description: 'Toezicht en activiteiten op het speelplein.',
    goals: 'Meer kinderen buiten\nVeilig spelen',
    'funding-2027': '€ 20.000',
    'funding-2028': '€ 20.000',
    'i0-code': 'kinderen',
    'i0-name': 'Kinderen per week',
    'i0-unit': 'kinderen',
    'i0-baseline': '40',
    'i0-targets': '50; 60',
    'i0-direction': 'increase',
    'i0-aggregation': 'last',
    ...changes,
  });

  beforeAll(async () => {
    const made = await createArrangement(t.modules.arrangements.context, DEMO_ACTING, {
      wijkCode: wijk,
      theme: 'spelen',
      title: 'Speelplein',
      description: '',
      provider: { kind: 'organisation', name: 'Speeltuinvereniging De Akker' },
      externalId: 'AKKER-1',
      startYear: 2027,
      fundingPerYear: [2_000_000, 2_000_000],
      tranchesPerYear: 2,
      goals: ['Meer kinderen buiten'],
      indicators: [
        {
          code: 'kinderen',
          name: 'Kinderen per week',
          unit: 'kinderen',
          baseline: 40,
          direction: 'increase',
          aggregation: 'last',
          targets: [50, 60],
        },
      ],
      deliverables: [],
    });
    reference = made.reference;
  });

  it('refuses staff of another gemeente the form and the change', async () => {
    await createStaff(t, {
      email: 'wijkmanager@elders.example',
      grants: [grant('district_manager', 'WK079601')],
    });
    const other = await signIn('wijkmanager@elders.example');
    expect((await other.get(`/beheer/afspraken/${reference}/wijzigen`)).statusCode).toBe(403);
    const res = await other.post(`/beheer/afspraken/${reference}/wijzigen`, form({ title: 'Overgenomen' }));
    expect(res.statusCode).toBe(403);
    expect((await getArrangement(t.modules.arrangements.context, reference)).title).toBe('Speelplein');
  });

  it('shows problems beside the fields, then changes texts, targets, funding and adds a measurement', async () => {
    await createStaff(t, {
      email: 'wijkmanager2@zoetermeer.example',
      grants: [grant('district_manager', wijk)],
    });
    const browser = await signIn('wijkmanager2@zoetermeer.example');
    const manage = await browser.get(`/beheer/afspraken/${reference}`);
    expect(manage.body).toContain(`href="/beheer/afspraken/${reference}/wijzigen"`);
    const page = await browser.get(`/beheer/afspraken/${reference}/wijzigen`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('value="Speelplein"');
    expect(page.body).toMatch(/value="€\s20\.000"/);
    expect(page.body).toMatch(/id="i0-code"[^>]*readonly|readonly[^>]*id="i0-code"/);

    const wrong = await browser.post(
      `/beheer/afspraken/${reference}/wijzigen`,
      form({ title: 'x', 'funding-2028': 'veel', 'i0-targets': '55' }),
    );
    expect(wrong.statusCode).toBe(400);
    expect(wrong.body).toContain('href="#title"');
    expect(wrong.body).toContain('href="#funding-2028"');
    expect(wrong.body).toContain('Geef per meting een doel voor elk jaar (2 jaar).');
    expect(wrong.body).toContain('value="veel"');

    const done = await browser.post(
      `/beheer/afspraken/${reference}/wijzigen`,
      form({
        'funding-2028': '€ 24.000,50',
        'i0-targets': '55; 70',
        'i1-code': 'ouders',
        'i1-name': 'Ouders die meehelpen',
        'i1-unit': 'ouders',
        'i1-baseline': '0',
        'i1-targets': '5; 10',
      }),
    );
    expect(done.statusCode).toBe(303);
    const a = await getArrangement(t.modules.arrangements.context, reference);
    expect(a).toMatchObject({
      title: 'Speelplein De Akker',
      goals: ['Meer kinderen buiten', 'Veilig spelen'],
    });
    expect(a.tranches.map((x) => [x.year, x.amountCents])).toEqual([
      [2027, 1_000_000],
      [2027, 1_000_000],
      [2028, 1_200_025],
      [2028, 1_200_025],
    ]);
    expect(a.indicators.map((i) => [i.code, [...i.targets.values()]])).toEqual([
      ['kinderen', [55, 70]],
      ['ouders', [5, 10]],
    ]);
    const { rows } = await sql<{ n: number }>`select count(*)::integer as n from audit_log
      where action = 'arrangements.arrangement.changed'`.execute(t.database.db);
    expect(rows[0]?.n).toBe(1);
  });
});
