import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliActing } from '../../access/index.js';
import { createTestApp, type TestApp } from '../../../test/helpers/app.js';
import { runCommandOn } from '../../../test/helpers/cli.js';
import { revokeApiKey } from './api-keys.js';
import { toXml } from './open311.js';
import { reportsCommands } from './index.js';

// An Open311 GeoReport v2 client written from the specification (http://wiki.open311.org/GeoReport_v2),
// reading JSON and XML alike. One app for the file; the clock stands still.
const now = new Date('2026-12-03T10:00:00Z');
let t: TestApp;
let zoetermeerKey: string;
let vlaardingenKey: string;

// Stadscentrum, Zoetermeer (BU06370002).
const POINT = { lat: '52.0605', long: '4.4930' };

// ---- a strict, minimal XML reader (no package with an XML parser is a dependency) ----

type XmlElement = { name: string; children: XmlElement[]; text: string };

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decode(text: string): string {
  return text.replace(/&([a-z]+);|&/g, (whole, name: string | undefined) => {
    const value = name ? ENTITIES[name] : undefined;
    if (value === undefined) throw new Error(`bad entity in ${JSON.stringify(text)}`);
    return value;
  });
}

/** Parses the documents this API sends: a declaration, elements without attributes, text. Throws on anything else. */
function parseXml(source: string): XmlElement {
  const declaration = '<?xml version="1.0" encoding="UTF-8"?>';
  if (!source.startsWith(declaration)) throw new Error('no XML declaration with UTF-8');
  let at = declaration.length;
  const skipSpace = () => {
    while (/\s/.test(source[at] ?? '')) at++;
  };
  function element(): XmlElement {
    const open = /^<([A-Za-z_][A-Za-z0-9_.-]*)(\/?)>/.exec(source.slice(at));
    if (!open?.[1]) throw new Error(`expected an element at ${at}: ${source.slice(at, at + 30)}`);
    at += open[0].length;
    const node: XmlElement = { name: open[1], children: [], text: '' };
    if (open[2] === '/') return node;
    for (;;) {
      const textEnd = source.indexOf('<', at);
      if (textEnd < 0) throw new Error(`unclosed <${node.name}>`);
      node.text += decode(source.slice(at, textEnd));
      at = textEnd;
      if (source.startsWith(`</${node.name}>`, at)) {
        at += node.name.length + 3;
        if (node.children.length > 0 && node.text.trim() !== '') throw new Error('mixed content');
        return node;
      }
      if (source.startsWith('</', at)) throw new Error(`mismatched close at ${at}`);
      node.children.push(element());
    }
  }
  skipSpace();
  const root = element();
  skipSpace();
  if (at !== source.length) throw new Error('content after the root element');
  return root;
}

/** The specification's XML as the JSON it mirrors: lists for the plural containers, else objects. */
const LISTS = new Set([
  'services',
  'service_requests',
  'errors',
  'attributes',
  'values',
  'endpoints',
  'formats',
]);
function fromXml(node: XmlElement): unknown {
  if (LISTS.has(node.name)) return node.children.map(fromXml);
  if (node.children.length === 0) return node.text;
  return Object.fromEntries(node.children.map((c) => [c.name, fromXml(c)]));
}

// ---- the client ----

type Format = 'json' | 'xml';
interface Answer {
  status: number;
  body: unknown;
}

async function call(
  method: 'GET' | 'POST',
  path: string,
  format: Format,
  params: Record<string, string>,
): Promise<Answer> {
  const search = new URLSearchParams(params).toString();
  const res =
    method === 'GET'
      ? await t.app.inject({ method, url: `/open311/v2/${path}.${format}${search ? `?${search}` : ''}` })
      : await t.app.inject({
          method,
          url: `/open311/v2/${path}.${format}`,
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          payload: search,
        });
  const type = res.headers['content-type'] ?? '';
  if (format === 'json') {
    expect(type).toBe('application/json; charset=utf-8');
    return { status: res.statusCode, body: JSON.parse(res.body) };
  }
  expect(type).toBe('text/xml; charset=utf-8');
  return { status: res.statusCode, body: fromXml(parseXml(res.body)) };
}

/** An error answer as the specification defines it: a list of {code, description}, code = the HTTP status. */
function errorsOf(answer: Answer): string[] {
  expect(Array.isArray(answer.body)).toBe(true);
  return (answer.body as { code: unknown; description: string }[]).map((e) => {
    expect(String(e.code)).toBe(String(answer.status));
    expect(e.description.length).toBeGreaterThan(5);
    return e.description;
  });
}

const both: Format[] = ['json', 'xml'];

beforeAll(async () => {
  t = await createTestApp({ PUBLIC_URL: 'https://buurt.example' }, { clock: () => now });
  const command = reportsCommands.find((c) => c.name === 'create-api-key');
  const made = await runCommandOn(t, command, ['--gemeente', 'gm0637', '--name', 'BuitenBeter app']);
  expect(made.error).toBeUndefined();
  zoetermeerKey = /bk_[A-Za-z0-9_-]{43}/.exec(made.stdout)?.[0] ?? '';
  const other = await runCommandOn(t, command, ['--gemeente', 'GM0622', '--name', 'Vlaardingen app']);
  vlaardingenKey = /bk_[A-Za-z0-9_-]{43}/.exec(other.stdout)?.[0] ?? '';
  expect(vlaardingenKey).not.toBe('');
}, 120_000);
afterAll(async () => {
  await t?.close();
});

describe('create-api-key', () => {
  it('prints the key once and stores only its hash', async () => {
    expect(zoetermeerKey).toMatch(/^bk_/);
    const { rows } = await sql<{ key_hash: string }>`select key_hash from report_api_key`.execute(
      t.database.db,
    );
    expect(rows.length).toBe(2);
    expect(rows.map((r) => r.key_hash).join()).not.toContain(zoetermeerKey);
  });

  it('refuses an unknown gemeente and a missing name', async () => {
    const command = reportsCommands.find((c) => c.name === 'create-api-key');
    expect((await runCommandOn(t, command, ['--gemeente', 'GM9999', '--name', 'x app'])).error).toBeDefined();
    expect((await runCommandOn(t, command, ['--gemeente', 'GM0637'])).error?.message).toContain('--name');
  });
});

describe('discovery and services', () => {
  it.each(both)('lists the GeoReport v2 endpoint with both formats (%s)', async (format) => {
    const { status, body } = await call('GET', 'discovery', format, {});
    expect(status).toBe(200);
    const endpoint = (body as { endpoints: { specification: string; url: string; formats: string[] }[] })
      .endpoints[0];
    expect(endpoint?.specification).toBe('http://wiki.open311.org/GeoReport_v2');
    expect(endpoint?.url).toBe('https://buurt.example/open311/v2');
    expect(endpoint?.formats).toEqual(['text/xml', 'application/json']);
  });

  it.each(both)('lists the gemeente’s subcategories as services (%s)', async (format) => {
    const { status, body } = await call('GET', 'services', format, { jurisdiction_id: 'GM0637' });
    expect(status).toBe(200);
    const services = body as { service_code: string; service_name: string; group: string; type: string }[];
    const paving = services.find((s) => s.service_code === 'wegen-bestrating');
    expect(paving?.type).toBe('realtime');
    expect(paving?.group).toBe('Wegen en straatmeubilair');
    expect(services.length).toBeGreaterThan(10);
  });

  it.each(both)('gives 400 without jurisdiction_id and 404 for an unknown one (%s)', async (format) => {
    const missing = await call('GET', 'services', format, {});
    expect(missing.status).toBe(400);
    expect(errorsOf(missing)[0]).toContain('jurisdiction_id');
    const unknown = await call('GET', 'services', format, { jurisdiction_id: 'GM9999' });
    expect(unknown.status).toBe(404);
    expect(errorsOf(unknown)[0]).toContain('GM9999');
  });

  it.each(both)('defines a service, and gives 404 for an unknown service code (%s)', async (format) => {
    const known = await call('GET', 'services/wegen-bestrating', format, { jurisdiction_id: 'GM0637' });
    expect(known.status).toBe(200);
    expect((known.body as { service_code: string }).service_code).toBe('wegen-bestrating');
    const unknown = await call('GET', 'services/kernreactor', format, { jurisdiction_id: 'GM0637' });
    expect(unknown.status).toBe(404);
    expect(errorsOf(unknown)[0]).toContain('kernreactor');
  });
});

describe('POST requests', () => {
  const fields = {
    jurisdiction_id: 'GM0637',
    service_code: 'wegen-bestrating',
    ...POINT,
    description: 'Tegels <los> & "scheef" voor de school',
    email: 'bewoner@example.nl',
  };

  it.each(both)('refuses a missing or wrong api_key with 403 (%s)', async (format) => {
    const missing = await call('POST', 'requests', format, fields);
    expect(missing.status).toBe(403);
    expect(errorsOf(missing)[0]).toContain('api_key');
    const wrong = await call('POST', 'requests', format, { ...fields, api_key: `bk_${'a'.repeat(43)}` });
    expect(wrong.status).toBe(403);
  });

  it.each(both)('gives 404 for an unknown service code and 400 without a location (%s)', async (format) => {
    const unknown = await call('POST', 'requests', format, {
      ...fields,
      api_key: zoetermeerKey,
      service_code: 'x-y',
    });
    expect(unknown.status).toBe(404);
    expect(errorsOf(unknown)[0]).toContain('x-y');
    const { lat: _lat, long: _long, ...noPlace } = fields;
    const nowhere = await call('POST', 'requests', format, { ...noPlace, api_key: zoetermeerKey });
    expect(nowhere.status).toBe(400);
    expect(errorsOf(nowhere)[0]).toContain('lat');
  });

  it('refuses a key of one gemeente for another, and a point outside the jurisdiction', async () => {
    const other = await call('POST', 'requests', 'json', { ...fields, api_key: vlaardingenKey });
    expect(other.status).toBe(403);
    const outside = await call('POST', 'requests', 'json', {
      ...fields,
      jurisdiction_id: 'GM0622',
      api_key: vlaardingenKey,
    });
    expect(outside.status).toBe(400);
    expect(errorsOf(outside)[0]).toContain('GM0622');
  });

  it.each(both)('makes a report and reads it back (%s)', async (format) => {
    const posted = await call('POST', 'requests', format, { ...fields, api_key: zoetermeerKey });
    expect(posted.status).toBe(200);
    const [made] = posted.body as { service_request_id: string; service_notice: string; token: string }[];
    expect(made?.service_request_id).toMatch(/^M-2026-\d{6}$/);
    const id = made?.service_request_id ?? '';
    for (const readAs of both) {
      const read = await call('GET', `requests/${id}`, readAs, { jurisdiction_id: 'GM0637' });
      expect(read.status).toBe(200);
      const [request] = read.body as Record<string, unknown>[];
      expect(request).toMatchObject({
        service_request_id: id,
        status: 'open',
        service_code: 'wegen-bestrating',
        description: 'Tegels <los> & "scheef" voor de school',
        agency_responsible: 'Team Buitenruimte',
        requested_datetime: '2026-12-03T10:00:00Z',
        // Ten working days, until 23:59 in Amsterdam.
        expected_datetime: '2026-12-17T22:59:00Z',
      });
      expect(String(request?.status_notes)).toContain('Team Buitenruimte');
      expect(Number(request?.lat)).toBeCloseTo(52.0605, 6);
      expect(JSON.stringify(request)).not.toContain('bewoner@example.nl');
    }
    const token = await call('GET', `tokens/${made?.token ?? ''}`, format, { jurisdiction_id: 'GM0637' });
    expect(token.status).toBe(200);
    expect((token.body as { service_request_id: string }[])[0]?.service_request_id).toBe(id);
    // Another gemeente's jurisdiction does not see it.
    const elsewhere = await call('GET', `requests/${id}`, format, { jurisdiction_id: 'GM0622' });
    expect(elsewhere.status).toBe(404);
  });

  it('accepts an address with the buurt as address_id, without lat and long', async () => {
    const posted = await call('POST', 'requests', 'xml', {
      jurisdiction_id: 'GM0637',
      service_code: 'afval-zwerfafval',
      address_string: 'Stadhuisplein 1',
      address_id: 'BU06370002',
      description: 'Zakken afval naast de container',
      api_key: zoetermeerKey,
    });
    expect(posted.status).toBe(200);
    const id = (posted.body as { service_request_id: string }[])[0]?.service_request_id ?? '';
    const read = await call('GET', `requests/${id}`, 'json', { jurisdiction_id: 'GM0637' });
    expect((read.body as { address: string; lat: unknown }[])[0]).toMatchObject({
      address: 'Stadhuisplein 1',
      lat: null,
    });
  });

  it('refuses a revoked key', async () => {
    const command = reportsCommands.find((c) => c.name === 'create-api-key');
    const made = await runCommandOn(t, command, ['--gemeente', 'GM0637', '--name', 'Oude app']);
    const key = /bk_[A-Za-z0-9_-]{43}/.exec(made.stdout)?.[0] ?? '';
    const before = await call('POST', 'requests', 'json', { ...fields, api_key: key });
    expect(before.status).toBe(200);
    const { rows } = await sql<{ id: string; last_used_at: Date | null }>`
      select id, last_used_at from report_api_key where name = 'Oude app'`.execute(t.database.db);
    const old = rows[0];
    expect(old?.last_used_at?.toISOString()).toBe(now.toISOString());
    await revokeApiKey(t.modules.reports.context, cliActing('test'), old?.id ?? '');
    const after = await call('POST', 'requests', 'json', { ...fields, api_key: key });
    expect(after.status).toBe(403);
  });
});

describe('GET requests', () => {
  it.each(both)('filters by service code, status and dates, within the window (%s)', async (format) => {
    const all = await call('GET', 'requests', format, { jurisdiction_id: 'GM0637' });
    expect(all.status).toBe(200);
    const codes = (all.body as { service_code: string }[]).map((r) => r.service_code);
    expect(codes).toContain('wegen-bestrating');
    expect(codes).toContain('afval-zwerfafval');
    const litter = await call('GET', 'requests', format, {
      jurisdiction_id: 'GM0637',
      service_code: 'afval-zwerfafval',
    });
    expect((litter.body as { service_code: string }[]).map((r) => r.service_code)).toEqual([
      'afval-zwerfafval',
    ]);
    const closed = await call('GET', 'requests', format, { jurisdiction_id: 'GM0637', status: 'closed' });
    expect(closed.body).toEqual([]);
    const later = await call('GET', 'requests', format, {
      jurisdiction_id: 'GM0637',
      start_date: '2026-12-04T00:00:00+01:00',
    });
    expect(later.body).toEqual([]);
    const tooLong = await call('GET', 'requests', format, {
      jurisdiction_id: 'GM0637',
      start_date: '2026-01-01T00:00:00Z',
      end_date: '2026-12-31T00:00:00Z',
    });
    expect(tooLong.status).toBe(400);
    const badDate = await call('GET', 'requests', format, {
      jurisdiction_id: 'GM0637',
      end_date: 'gisteren',
    });
    expect(badDate.status).toBe(400);
    expect(errorsOf(badDate)[0]).toContain('end_date');
  });

  it('gives 404 in the format asked for on an unknown path', async () => {
    const res = await t.app.inject({ url: '/open311/v2/nergens.json' });
    expect(res.statusCode).toBe(404);
    expect(JSON.parse(res.body)).toEqual([{ code: 404, description: expect.any(String) }]);
  });
});

describe('the XML writer', () => {
  it('escapes markup and drops characters XML 1.0 forbids, so any description stays a valid document', () => {
    const xml = toXml('service_requests', [{ description: 'a\u0000b <c> & d\u001F\uD800 "e"' }]);
    expect(fromXml(parseXml(xml))).toEqual([{ description: 'ab <c> & d "e"' }]);
  });
});
