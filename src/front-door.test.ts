import fs from 'node:fs/promises';
import path from 'node:path';
import rdf from '@zazuko/env';
import jsonld from 'jsonld';
import { Parser } from 'n3';
import { pino } from 'pino';
import SHACLValidator from 'rdf-validate-shacl';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../test/helpers/app.js';
import { setUpBudgetYear } from './modules/budgets/budgets.test-helpers.js';
import { loadDecisions } from './modules/district-budget/district-budget.test-helpers.js';
import { amsterdamDate } from './shared/dates.js';
import { projectRoot } from './shared/paths.js';

/**
 * The front door: the site as a resident without JavaScript meets it (only links, followed
 * from the home page), and the open data it leads to (the page, the DCAT-AP catalogue and its
 * files). One app for all: the demo's initiatives loaded, a household budget year open.
 */
const year = Number(amsterdamDate(new Date()).slice(0, 4));
let t: TestApp;
let catalogue: Record<string, unknown>;
let shapes: ReturnType<typeof rdf.dataset>;

beforeAll(async () => {
  t = await createTestApp();
  await t.modules.initiatives.seedDemo(pino({ level: 'silent' }));
  await setUpBudgetYear(t.modules.budgets.context, { year, printed: false });
  // A district budget with decisions, so its dataset and files are in the catalogue too.
  await loadDecisions(t.database.db, t.modules.budgets.ledger, {
    wijken: [
      {
        wijkCode: 'WK063700',
        municipalityCode: 'GM0637',
        buurtCode: 'BU06370001',
        point: { lat: 52.06, lon: 4.5 },
      },
    ],
    year,
    perWijk: 12,
    allocationCents: 1_000_000,
    at: new Date(),
  });
  const res = await t.app.inject({ method: 'GET', url: '/open-data/catalogus.jsonld' });
  expect(res.statusCode).toBe(200);
  expect(res.headers['content-type']).toBe('application/ld+json; charset=utf-8');
  catalogue = res.json<Record<string, unknown>>();
  const shapesFile = path.join(projectRoot, 'src/modules/open-data/testdata/dcat-ap-shapes.ttl');
  shapes = parse(await fs.readFile(shapesFile, 'utf8'), 'text/turtle');
});
afterAll(async () => {
  await t?.close();
});

/** The site's own links of a page (`<a href>` only: no forms, no scripts). */
function linksOf(html: string): string[] {
  const hrefs = [...html.matchAll(/<a\s[^>]*?href="([^"]*)"/g)].map((m) =>
    (m[1] ?? '').replaceAll('&amp;', '&'),
  );
  return hrefs
    .filter((href) => href.startsWith('/') && !href.startsWith('//'))
    .map((href) => href.split('#')[0] ?? '');
}

/**
 * Every address reached from `/` in at most `clicks` clicks, with the fewest clicks to each.
 * Pages are fetched as a browser without JavaScript would (in-process); files are not opened.
 */
async function crawl(clicks: number): Promise<Map<string, number>> {
  const reached = new Map<string, number>([['/', 0]]);
  let frontier = ['/'];
  for (let depth = 1; depth <= clicks; depth++) {
    const next: string[] = [];
    for (const url of frontier) {
      const res = await t.app.inject({ method: 'GET', url });
      if (res.statusCode !== 200 || !String(res.headers['content-type']).startsWith('text/html')) continue;
      for (const link of linksOf(res.body)) {
        if (reached.has(link) || link.startsWith('/assets/')) continue;
        reached.set(link, depth);
        next.push(link);
      }
    }
    frontier = next;
  }
  return reached;
}

describe('the front door, without JavaScript', () => {
  let reached: Map<string, number>;
  beforeAll(async () => {
    reached = await crawl(2);
  });

  it('reaches every resident task in at most two clicks, and each task’s page opens', async () => {
    const tasks = {
      '/buurtbudget': 'Geef uw buurtbudget',
      '/initiatieven/nieuw': 'Dien een initiatief in',
      '/initiatieven': 'Bekijk initiatieven en hun steun',
      '/gemeenten': 'Bekijk uw buurt',
    };
    const home = await t.app.inject({ method: 'GET', url: '/' });
    for (const [href, title] of Object.entries(tasks)) {
      expect(home.body).toContain(`href="${href}">${title}</a>`);
      expect(reached.get(href), href).toBeLessThanOrEqual(2);
      expect((await t.app.inject({ method: 'GET', url: href })).statusCode, href).toBe(200);
    }
    // An initiative's own page (its support, a way to give), from the list of initiatives.
    const initiatives = [...reached].filter(([url]) => /^\/initiatieven\/INI-[0-9]{4}-[0-9]+$/.test(url));
    expect(initiatives.length).toBeGreaterThan(0);
    expect(Math.max(...initiatives.map(([, clicks]) => clicks))).toBeLessThanOrEqual(2);
  });

  it('finds the initiatives’ CSV and GeoJSON and the DCAT catalogue', () => {
    expect(reached.get('/open-data/initiatieven.csv')).toBeLessThanOrEqual(2);
    expect(reached.get('/open-data/initiatieven.geojson')).toBeLessThanOrEqual(2);
    expect(reached.get('/open-data/catalogus.jsonld')).toBeLessThanOrEqual(2);
  });
});

function parse(text: string, format: 'text/turtle' | 'application/n-quads') {
  return rdf.dataset(new Parser({ format }).parse(text));
}

/** The catalogue as RDF (JSON-LD → N-Quads), then checked against the DCAT-AP shapes. */
async function validate(document: object) {
  const nquads = (await jsonld.toRDF(document, { format: 'application/n-quads' })) as string;
  const validator = new SHACLValidator(shapes, { factory: rdf });
  return validator.validate(parse(nquads, 'application/n-quads'));
}

interface Distribution {
  'dcat:downloadURL': string;
  'dcat:mediaType': string;
  'dct:format': string;
}
interface Dataset {
  '@id': string;
  'dct:title': { '@value': string; '@language': string }[];
  'dct:license': string;
  'dcat:distribution': Distribution[];
}
const datasetsOf = (doc: Record<string, unknown>) => doc['dcat:dataset'] as Dataset[];
const titleOf = (d: Dataset, language: string) =>
  d['dct:title'].find((x) => x['@language'] === language)?.['@value'];

describe('the DCAT-AP catalogue', () => {
  it('is JSON-LD that expands to a dcat:Catalog with every module’s datasets, in Dutch and English', async () => {
    const expanded = await jsonld.expand(catalogue);
    const types = expanded.flatMap((node) => node['@type'] ?? []);
    expect(types).toContain('http://www.w3.org/ns/dcat#Catalog');
    expect(datasetsOf(catalogue).map((d) => titleOf(d, 'nl'))).toEqual([
      'Gemeenten, wijken en buurten',
      'Initiatieven van bewoners',
      'Buurtbudget: cijfers per buurt',
      'Besluiten wijkbudget',
      'Meerjarige afspraken',
      'Metingen van meerjarige afspraken',
      'Meldingen openbare ruimte',
    ]);
    expect(datasetsOf(catalogue).map((d) => titleOf(d, 'en'))).toEqual([
      'Municipalities, districts and neighbourhoods',
      'Residents’ initiatives',
      'Household budget: figures per neighbourhood',
      'District budget decisions',
      'Multi-year arrangements',
      'Measurements of multi-year arrangements',
      'Reports in public space',
    ]);
  });

  it('licenses our own data CC0 1.0 and CBS’s figures CC BY 4.0, crediting CBS', () => {
    const [places, initiatives, budgets] = datasetsOf(catalogue);
    expect(places?.['dct:license']).toBe(
      'http://publications.europa.eu/resource/authority/licence/CC_BY_4_0',
    );
    expect(JSON.stringify(places)).toContain('Bron: Centraal Bureau voor de Statistiek (CBS)');
    for (const own of [initiatives, budgets])
      expect(own?.['dct:license']).toBe('http://publications.europa.eu/resource/authority/licence/CC0');
  });

  it('conforms to the DCAT-AP shapes', async () => {
    const report = await validate(catalogue);
    expect(
      report.results.map(
        (r) => `${r.focusNode?.value} ${r.path?.value}: ${r.message.map((m) => m.value).join(' ')}`,
      ),
    ).toEqual([]);
    expect(report.conforms).toBe(true);
  });

  it('fails the shapes when a mandatory property is missing (so the check can fail)', async () => {
    const broken = structuredClone(catalogue);
    delete broken['dct:publisher'];
    const [first] = datasetsOf(broken);
    if (!first) throw new Error('no dataset');
    delete (first as Partial<Dataset>)['dct:title'];
    first['dcat:distribution'] = first['dcat:distribution'].map((d) => {
      const { 'dcat:accessURL': _dropped, ...rest } = d as Distribution & { 'dcat:accessURL'?: string };
      return rest as Distribution;
    });
    const report = await validate(broken);
    expect(report.conforms).toBe(false);
    const failed = new Set(report.results.map((r) => r.path?.value));
    expect(failed).toContain('http://purl.org/dc/terms/publisher');
    expect(failed).toContain('http://purl.org/dc/terms/title');
    expect(failed).toContain('http://www.w3.org/ns/dcat#accessURL');
  });

  it('every file in it answers 200 with its declared media type', async () => {
    const files = datasetsOf(catalogue).flatMap((d) => d['dcat:distribution']);
    expect(files.length).toBeGreaterThanOrEqual(6);
    for (const file of files) {
      const url = new URL(file['dcat:downloadURL']);
      const res = await t.app.inject({ method: 'GET', url: `${url.pathname}${url.search}` });
      expect(res.statusCode, url.pathname).toBe(200);
      const declared = file['dcat:mediaType'].replace('https://www.iana.org/assignments/media-types/', '');
      expect(String(res.headers['content-type']).split(';')[0], url.pathname).toBe(declared);
    }
  });
});

describe('the open data page', () => {
  it('lists every dataset with its format, licence, how often it changes and its files, and the API', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/open-data' });
    expect(res.statusCode).toBe(200);
    const body = res.body;
    expect(body).toContain('<h1 class="utrecht-heading-1">Open data en API</h1>');
    for (const title of [
      'Gemeenten, wijken en buurten',
      'Initiatieven van bewoners',
      'Buurtbudget: cijfers per buurt',
    ])
      expect(body).toContain(title);
    expect(body).toContain('href="/open-data/initiatieven.csv"');
    expect(body).toContain('href="/open-data/initiatieven.geojson"');
    expect(body).toContain(`href="/buurtbudget/cijfers/GM0637/${year}.csv"`);
    expect(body).toContain(`Zoetermeer ${year} (CSV)`);
    expect(body).toContain('CC BY 4.0');
    expect(body).toContain('Jaarlijks');
    expect(body).toContain('Doorlopend');
    expect(body).toContain('href="/api/v1/openapi.json"');
    expect(body).toContain('GET /api/v1/places/lookup');
    expect(body).toContain('href="/open-data/catalogus.jsonld"');
  });

  it('reads in English too', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/open-data?lang=en' });
    expect(res.body).toContain('Open data and API');
    expect(res.body).toContain('Residents’ initiatives');
    expect(res.body).toContain('How often it changes');
  });
});
