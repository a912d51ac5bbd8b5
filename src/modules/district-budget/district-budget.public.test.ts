import { brotliDecompressSync } from 'node:zlib';
import { getIssues } from '@placemarkio/check-geojson';
import { parse } from 'csv-parse/sync';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/helpers/app.js';
import { formatsFor } from '../../shared/format.js';
import { verifyLedger } from '../budgets/index.js';
import { CSV_COLUMNS } from './district-budget.api.js';
import { loadDecisions, moveMoney, type BulkWijk } from './district-budget.test-helpers.js';
import { CLI_ACTING } from '../../access/index.js';

// The public register and overview of the district budget, over decisions loaded in bulk (what
// the service writes for decisions that took effect) and one waiting for a second approval.

const now = new Date('2026-06-15T10:00:00Z');
let t: TestApp;
const WIJKEN: BulkWijk[] = [
  {
    wijkCode: 'WK063700',
    municipalityCode: 'GM0637',
    buurtCode: 'BU06370001',
    point: { lat: 52.06, lon: 4.5 },
  },
  {
    wijkCode: 'WK063701',
    municipalityCode: 'GM0637',
    buurtCode: 'BU06370101',
    point: { lat: 52.05, lon: 4.47 },
  },
  {
    wijkCode: 'WK063702',
    municipalityCode: 'GM0637',
    buurtCode: 'BU06370201',
    point: { lat: 52.07, lon: 4.49 },
  },
];
const PER_WIJK = 30;
const ALLOCATION = 5_000_000;

beforeAll(async () => {
  t = await createTestApp({}, { clock: () => now });
  await loadDecisions(t.database.db, t.modules.budgets.ledger, {
    wijken: WIJKEN,
    year: 2026,
    perWijk: PER_WIJK,
    allocationCents: ALLOCATION,
    at: new Date('2026-01-02T09:00:00Z'),
  });
  // One decision waiting for a second approval: not public, but counted.
  await sql`
    insert into district_decision (reference, municipality_code, wijk_code, year, kind, title, purpose, purpose_key,
      reason, recipient_kind, recipient, recipient_key, amount_cents, initiative_id, decided_by_label, decided_at,
      approval_reasons, status, status_at, updated_at)
    values ('WB-0637-2026-9999', 'GM0637', 'WK063700', 2026, 'grant', 'Geheim wachtend besluit', 'Kerstbomen',
      'kerstbomen', 'Reden', 'initiative', 'Stichting Wacht', 'stichting wacht', 600000, gen_random_uuid(),
      'Wendy Wijkmanager', now(), '{above_sum}', 'awaiting_approval', now(), now())`.execute(t.database.db);
});
afterAll(async () => {
  await t?.close();
});

interface ApiDecision {
  reference: string;
  wijk: string;
  kind: string;
  recipientKind: string;
  recipient: string | null;
  amountCents: number;
  paidCents: number;
  returnedCents: number;
  committedCents: number;
  status: string;
  madeKnownOn: string;
  objectionDeadline: string;
  related: { reference: string; ties: string[] }[];
  relatedTotal: number;
  place: { lat: number; lon: number } | null;
}

async function getJson<T>(url: string): Promise<T> {
  const res = await t.app.inject({ url });
  expect(res.statusCode, `${url}: ${res.body}`).toBe(200);
  return res.json<T>();
}

async function allOfWijk(wijk: string): Promise<ApiDecision[]> {
  const items: ApiDecision[] = [];
  for (let page = 1; ; page++) {
    const body = await getJson<{ items: ApiDecision[]; next: string | null }>(
      `/api/v1/district-budget/decisions?plaats=${wijk}&jaar=2026&pagina=${page}`,
    );
    items.push(...body.items);
    if (!body.next) return items;
  }
}

describe('the public register: every decision that took effect, never personal data', () => {
  it('lists a wijk’s decisions with their money, status and objection deadline', async () => {
    const body = await getJson<{ total: number; awaitingApproval: number; items: ApiDecision[] }>(
      '/api/v1/district-budget/decisions?plaats=WK063700&jaar=2026',
    );
    expect(body.total).toBe(PER_WIJK);
    expect(body.awaitingApproval).toBe(1);
    const all = await allOfWijk('WK063700');
    expect(all).toHaveLength(PER_WIJK);
    expect(all.map((d) => d.reference)).not.toContain('WB-0637-2026-9999');
    for (const d of all) {
      expect(d.wijk).toBe('WK063700');
      // The money follows the status: paid in full, returned in full, or still open.
      if (d.status === 'paid') expect(d.paidCents).toBe(d.amountCents);
      else expect(d.paidCents).toBe(0);
      if (d.status === 'returned') expect(d.returnedCents).toBe(d.amountCents);
      if (d.status === 'committed') expect(d.committedCents).toBe(d.amountCents);
      // Six weeks (42 days) after it was made known.
      const known = new Date(`${d.madeKnownOn}T12:00:00Z`).getTime();
      expect(new Date(`${d.objectionDeadline}T12:00:00Z`).getTime() - known).toBe(42 * 86_400_000);
      if (d.recipientKind === 'person') expect(d.recipient).toBeNull();
    }
    expect(all.some((d) => d.recipientKind === 'person')).toBe(true);
  });

  it('shows each decision’s related decisions: same recipient, initiative or purpose within 12 months', async () => {
    const all = await allOfWijk('WK063701');
    const withRelated = all.filter((d) => d.relatedTotal > 0);
    expect(withRelated.length).toBeGreaterThan(0);
    const one = withRelated[0];
    if (!one) throw new Error('a related decision expected');
    const detail = await getJson<ApiDecision>(`/api/v1/district-budget/decisions/${one.reference}`);
    expect(detail.related.length).toBeGreaterThan(0);
    expect(detail.related.length).toBeLessThanOrEqual(5);
    for (const r of detail.related) {
      expect(r.reference).not.toBe(one.reference);
      expect(r.ties.length).toBeGreaterThan(0);
      // The relation holds both ways.
      const back = await getJson<ApiDecision>(`/api/v1/district-budget/decisions/${r.reference}`);
      expect(back.relatedTotal).toBeGreaterThan(0);
    }
    // Decisions of the bulk data share a purpose every 12th decision: each has one in its wijk.
    const page = await t.app.inject({ url: `/wijkbudget/besluit/${one.reference}` });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('id="samenhang"');
    expect(page.body).toContain(detail.related[0]?.reference ?? '—');
  });

  it('keeps personal data out of every public page, API answer and file', async () => {
    const urls = [
      '/wijkbudget/WK063700',
      '/wijkbudget/WK063700/besluiten?jaar=2026',
      '/wijkbudget/GM0637/besluiten?jaar=2026',
      '/api/v1/district-budget/decisions?plaats=GM0637&jaar=2026',
      '/open-data/wijkbudget-besluiten.csv?plaats=GM0637&jaar=2026',
      '/open-data/wijkbudget-besluiten.geojson?plaats=GM0637&jaar=2026',
    ];
    const all = await allOfWijk('WK063700');
    for (const d of all.slice(0, 10)) urls.push(`/wijkbudget/besluit/${d.reference}`);
    for (const url of urls) {
      const res = await t.app.inject({ url });
      expect(res.statusCode, url).toBe(200);
      expect(res.body, url).not.toContain('Jan de Vries');
      expect(res.body, url).not.toContain('Wijkmanager (testgegevens)');
      expect(res.body, url).not.toContain('Wendy');
      expect(res.body, url).not.toContain('Geheim wachtend besluit');
    }
    const waiting = await t.app.inject({ url: '/wijkbudget/besluit/WB-0637-2026-9999' });
    expect(waiting.statusCode).toBe(404);
    expect(
      (await t.app.inject({ url: '/api/v1/district-budget/decisions/WB-0637-2026-9999' })).statusCode,
    ).toBe(404);
  });

  it('pages the gemeente’s register and names each decision’s wijk', async () => {
    const first = await t.app.inject({ url: '/wijkbudget/GM0637/besluiten?jaar=2026' });
    expect(first.statusCode).toBe(200);
    expect(first.body).toContain('rel="next"');
    expect(first.body).toContain('Meerzicht');
    const second = await t.app.inject({ url: '/wijkbudget/GM0637/besluiten?jaar=2026&pagina=2' });
    expect(second.statusCode).toBe(200);
    expect(second.body).toContain('rel="prev"');
    expect((await t.app.inject({ url: '/wijkbudget/GM0637/besluiten?jaar=2026&pagina=3' })).statusCode).toBe(
      404,
    );
    expect((await t.app.inject({ url: '/wijkbudget/BU06370001' })).statusCode).toBe(404);
    expect((await t.app.inject({ url: '/wijkbudget/GM0637?jaar=2019' })).statusCode).toBe(404);
  });
});

describe('the budget overview: allocated, spent, committed, granted, returned, remaining, from the ledger', () => {
  it('adds up for each wijk, and the ledger still verifies', async () => {
    const decisions = await allOfWijk('WK063702');
    const sum = (f: (d: ApiDecision) => boolean) =>
      decisions.filter(f).reduce((n, d) => n + d.amountCents, 0);
    const body = await getJson<{
      year: number;
      wijken: {
        wijk: string;
        allocatedCents: number;
        spentCents: number;
        committedCents: number;
        grantedCents: number;
        returnedCents: number;
        remainingCents: number;
      }[];
    }>('/api/v1/district-budget/overview/WK063702?jaar=2026');
    const [w] = body.wijken;
    expect(w).toEqual({
      wijk: 'WK063702',
      allocatedCents: ALLOCATION,
      carriedCents: 0,
      spentCents: sum((d) => d.status === 'paid'),
      committedCents: sum((d) => d.status === 'committed'),
      grantedCents: sum((d) => d.status === 'granted'),
      returnedCents: sum((d) => d.status === 'returned'),
      remainingCents: ALLOCATION - sum((d) => d.status !== 'returned'),
      lapsedCents: 0,
    });
    const gemeente = await getJson<{ wijken: { wijk: string }[] }>('/api/v1/district-budget/overview/GM0637');
    expect(gemeente.wijken.map((x) => x.wijk)).toEqual(WIJKEN.map((x) => x.wijkCode));
    expect(await verifyLedger(t.database.db)).toBeUndefined();
  });

  it('draws the figures as a chart with the same figures in a table, for a wijk and per wijk for a gemeente', async () => {
    const overview = await getJson<{ wijken: { remainingCents: number; spentCents: number }[] }>(
      '/api/v1/district-budget/overview/WK063700',
    );
    const page = await t.app.inject({ url: '/wijkbudget/WK063700' });
    expect(page.statusCode).toBe(200);
    expect(page.body).toMatch(/<svg[^>]*role="img"[^>]*aria-labelledby="wijkbudget-grafiek-caption"/);
    const euros = formatsFor('nl').euros;
    const w = overview.wijken[0];
    expect(page.body).toContain(`>${euros(w?.spentCents ?? -1)}<`);
    expect(page.body).toContain(`>${euros(w?.remainingCents ?? -1)}<`);
    const gemeente = await t.app.inject({ url: '/wijkbudget/GM0637' });
    expect(gemeente.body).toContain('href="/wijkbudget/WK063701?jaar=2026"');
    expect(gemeente.body).toMatch(/<tfoot/);
    // The place pages carry the section, the home of the register.
    const wijkPage = await t.app.inject({ url: '/wijken/WK063700' });
    expect(wijkPage.body).toContain('href="/wijkbudget/WK063700?jaar=2026"');
    const index = await t.app.inject({ url: '/wijkbudget' });
    expect(index.body).toContain('href="/wijkbudget/GM0637"');
  });
});

describe('open data: CSV and GeoJSON through the catalogue', () => {
  it('writes every decision of the gemeente’s year as RFC 4180 CSV that a CSV parser reads back', async () => {
    const res = await t.app.inject({ url: '/open-data/wijkbudget-besluiten.csv?plaats=GM0637&jaar=2026' });
    expect(res.headers['content-type']).toContain('text/csv');
    const records = parse(res.body, { bom: true, columns: true }) as Record<string, string>[];
    expect(records).toHaveLength(PER_WIJK * WIJKEN.length);
    expect(Object.keys(records[0] ?? {})).toEqual([...CSV_COLUMNS]);
    const api = await allOfWijk('WK063701');
    for (const d of api) {
      const row = records.find((r) => r.reference === d.reference);
      expect(row?.amount_cents).toBe(String(d.amountCents));
      expect(row?.paid_cents).toBe(String(d.paidCents));
      expect(row?.status).toBe(d.status);
      expect(row?.objection_deadline).toBe(d.objectionDeadline);
      expect(row?.wijk).toBe('Meerzicht');
      expect(row?.recipient).toBe(d.recipient ?? '');
    }
  });

  it('writes the decisions with a place as RFC 7946 GeoJSON points', async () => {
    const res = await t.app.inject({
      url: '/open-data/wijkbudget-besluiten.geojson?plaats=WK063700&jaar=2026',
    });
    expect(res.headers['content-type']).toContain('application/geo+json');
    expectRfc7946FeatureCollection(res.body);
    const features = (
      JSON.parse(res.body) as { features: { properties: { kind: string; reference: string } }[] }
    ).features;
    const located = (await allOfWijk('WK063700')).filter((d) => d.place !== null);
    expect(features.map((f) => f.properties.reference).sort()).toEqual(
      located.map((d) => d.reference).sort(),
    );
    expect(features.length).toBeGreaterThan(0);
    expect(features.every((f) => f.properties.kind === 'maintenance')).toBe(true);
  });

  it('sends the same file again until a decision in it changes, then the changed one; compressed when asked', async () => {
    const url = '/open-data/wijkbudget-besluiten.csv?plaats=WK063702&jaar=2026';
    const first = await t.app.inject({ url });
    const again = await t.app.inject({ url });
    expect(again.body).toBe(first.body);
    const packed = await t.app.inject({ url, headers: { 'accept-encoding': 'br, gzip' } });
    expect(packed.headers['content-encoding']).toBe('br');
    expect(packed.headers.vary).toContain('Accept-Encoding');
    expect(brotliDecompressSync(packed.rawPayload).toString()).toBe(first.body);
    // A committed decision's money comes back: the file shows it at once.
    const rows = parse(first.body, { bom: true, columns: true }) as Record<string, string>[];
    const committed = rows.find((r) => r.status === 'committed');
    if (!committed?.reference) throw new Error('a committed decision expected');
    const { rows: ids } = await sql<{ id: string }>`
      select id from district_decision where reference = ${committed.reference}`.execute(t.database.db);
    await moveMoney(t.modules.districtBudget.context, CLI_ACTING, ids[0]?.id ?? '', { movement: 'return' });
    const plain = (await t.app.inject({ url })).body;
    const after = parse(plain, { bom: true, columns: true }) as Record<string, string>[];
    const returned = after.find((r) => r.reference === committed.reference);
    expect(returned?.status).toBe('returned');
    expect(returned?.returned_cents).toBe(committed.amount_cents);
    const repacked = await t.app.inject({ url, headers: { 'accept-encoding': 'br' } });
    expect(brotliDecompressSync(repacked.rawPayload).toString()).toBe(plain);
  });

  it('lists the dataset in the catalogue with a file per gemeente', async () => {
    const page = await t.app.inject({ url: '/open-data' });
    expect(page.body).toContain('/open-data/wijkbudget-besluiten.csv?plaats=GM0637');
    const catalogue = await t.app.inject({ url: '/open-data/catalogus.jsonld' });
    expect(catalogue.statusCode).toBe(200);
    expect(catalogue.body).toContain('wijkbudget-besluiten.geojson?plaats=GM0637');
  });

  it('documents the API in the OpenAPI document', async () => {
    const doc = await getJson<{ paths: Record<string, unknown> }>('/api/v1/openapi.json');
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/district-budget/decisions',
        '/api/v1/district-budget/decisions/{reference}',
        '/api/v1/district-budget/overview/{plaats}',
      ]),
    );
  });
});

/**
 * RFC 7946 as check-geojson reads it (types, positions, members where they belong), plus what
 * it leaves alone: no `crs` member (removed from the format, section 4) and every position
 * longitude first (for Dutch points the smaller number; a swapped pair would not be).
 */
function expectRfc7946FeatureCollection(text: string): void {
  expect(getIssues(text)).toEqual([]);
  const doc = JSON.parse(text) as { type: string; features: { geometry: { coordinates: number[] } }[] };
  expect(doc.type).toBe('FeatureCollection');
  expect(text).not.toContain('"crs"');
  for (const feature of doc.features) {
    const [lon = 0, lat = 0] = feature.geometry.coordinates;
    expect(lon).toBeLessThan(lat);
  }
}
