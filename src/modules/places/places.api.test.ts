import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/helpers/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

const get = (url: string, headers: Record<string, string> = {}) =>
  t.app.inject({ method: 'GET', url, headers });

describe('point → buurt lookup', () => {
  it('finds the buurt, wijk and gemeente of a point in Zoetermeer', async () => {
    // Stadscentrum, Zoetermeer.
    const res = await get('/api/v1/places/lookup?lat=52.0605&lon=4.4930');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.buurt).toMatchObject({ code: 'BU06370002', name: 'Stadscentrum', level: 'buurt' });
    expect(body.wijk).toMatchObject({ code: 'WK063700', level: 'wijk' });
    expect(body.gemeente).toMatchObject({ code: 'GM0637', name: 'Zoetermeer' });
  });

  it('answers 404 problem+json for a point in the North Sea', async () => {
    const res = await get('/api/v1/places/lookup?lat=52.5&lon=3.5');
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json()).toMatchObject({ status: 404, code: 'not_found' });
    expect(res.json().detail).toContain('ligt niet in een buurt');
  });

  it('answers 400 problem+json naming the field for lat=abc', async () => {
    const res = await get('/api/v1/places/lookup?lat=abc&lon=4.49');
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    const body = res.json();
    expect(body.code).toBe('validation_failed');
    expect(body.errors).toEqual([{ field: 'lat', message: expect.stringContaining('breedtegraad') }]);
  });

  it('rejects out-of-range and missing coordinates', async () => {
    expect((await get('/api/v1/places/lookup?lat=91&lon=4.49')).statusCode).toBe(400);
    expect((await get('/api/v1/places/lookup?lat=52&lon=181')).statusCode).toBe(400);
    expect((await get('/api/v1/places/lookup')).statusCode).toBe(400);
  });

  it('speaks English when Accept-Language asks for it', async () => {
    const res = await get('/api/v1/places/lookup?lat=abc&lon=4.49', { 'accept-language': 'en-GB,en;q=0.9' });
    expect(res.json().errors[0].message).toContain('latitude');
    expect(res.json().title).toBe('Some of the information is not filled in correctly.');
  });
});

describe('places API', () => {
  it('lists the gemeenten of the whole country', async () => {
    const res = await get('/api/v1/places');
    expect(res.statusCode).toBe(200);
    const items = res.json().items as { code: string; name: string }[];
    expect(items).toHaveLength(342);
    expect(items.map((i) => i.name)).toEqual(
      expect.arrayContaining(['Zoetermeer', "'s-Hertogenbosch", 'Vlaardingen']),
    );
  });

  it('searches all levels by name', async () => {
    const res = await get('/api/v1/places?q=rokkeveen');
    expect(res.json().items.map((i: { code: string }) => i.code)).toContain('WK063705');
  });

  it('shows one place with parent, children and figures', async () => {
    const res = await get('/api/v1/places/WK063700');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ code: 'WK063700', level: 'wijk', parentCode: 'GM0637' });
    expect(body.parent.code).toBe('GM0637');
    expect(body.municipality.name).toBe('Zoetermeer');
    expect(body.children.length).toBeGreaterThan(0);
    expect(body.children.every((c: { parentCode: string }) => c.parentCode === 'WK063700')).toBe(true);
  });

  it('keeps letters in Amsterdam codes', async () => {
    const res = await get('/api/v1/places/WK0363AA');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ code: 'WK0363AA', name: null, municipalityCode: 'GM0363' });
  });

  it('answers 404 problem+json for an unknown code', async () => {
    const res = await get('/api/v1/places/GM9999');
    expect(res.statusCode).toBe(404);
    expect(res.json().detail).toContain('GM9999');
  });

  it('serves a valid RFC 7946 boundary', async () => {
    const res = await get('/api/v1/places/BU06370002/boundary.geojson');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/geo\+json/);
    const feature = res.json();
    expect(feature.type).toBe('Feature');
    expect(feature.geometry.type).toBe('Polygon');
    const ring: [number, number][] = feature.geometry.coordinates[0];
    expect(ring.length).toBeGreaterThanOrEqual(4);
    expect(ring[0]).toEqual(ring[ring.length - 1]);
    for (const [lon, lat] of ring) {
      expect(lon).toBeGreaterThan(3);
      expect(lon).toBeLessThan(8);
      expect(lat).toBeGreaterThan(50);
      expect(lat).toBeLessThan(54);
    }
    // RFC 7946: exterior rings counter-clockwise.
    let area = 0;
    for (let i = 0; i < ring.length - 1; i++)
      area += ring[i]![0] * ring[i + 1]![1] - ring[i + 1]![0] * ring[i]![1];
    expect(area).toBeGreaterThan(0);
  });

  it('answers 404 for a place without a boundary', async () => {
    const res = await get('/api/v1/places/BU00140000/boundary.geojson');
    expect(res.statusCode).toBe(404);
  });
});

describe('operations', () => {
  it('reports health with the engine', async () => {
    const res = await get('/health');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      status: 'ok',
      database: process.env.BK_TEST_ENGINE === 'postgresql' ? 'postgresql' : 'pglite',
    });
  });

  it('publishes an OpenAPI 3.1 document with the API routes only', async () => {
    const res = await get('/api/v1/openapi.json');
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/api/v1/places', '/api/v1/places/lookup', '/api/v1/places/{code}', '/health']),
    );
    expect(Object.keys(doc.paths).some((p) => p.startsWith('/gemeenten'))).toBe(false);
  });

  it('sends a strict Content-Security-Policy with a nonce on pages', async () => {
    const res = await get('/buurten/BU06370002');
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+'/);
    expect(csp).toContain("frame-ancestors 'none'");
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
    expect(res.body).toContain(`nonce="${nonce}"`);
  });

  it('serves static assets with a long cache lifetime', async () => {
    const page = await get('/');
    const href = /href="(\/assets\/[^"]+\.css)"/.exec(page.body)?.[1];
    expect(href).toBeDefined();
    const css = await get(href!);
    expect(css.statusCode).toBe(200);
    expect(css.headers['cache-control']).toContain('max-age=31536000');
    expect(css.headers['cache-control']).toContain('immutable');
  });
});
