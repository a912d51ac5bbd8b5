import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/helpers/app.js';
import { chooseEncoding } from './plugins/compression.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

const get = (url: string, acceptEncoding?: string) =>
  t.app.inject({ method: 'GET', url, headers: acceptEncoding ? { 'accept-encoding': acceptEncoding } : {} });

describe('pages and API answers travel compressed', () => {
  it('sends a page in Brotli to a browser that takes it, gzip to one that takes only that, plain to others', async () => {
    const plain = await get('/');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.headers.vary).toContain('Accept-Encoding');

    const br = await get('/', 'gzip, deflate, br, zstd');
    expect(br.headers['content-encoding']).toBe('br');
    const page = zlib.brotliDecompressSync(br.rawPayload).toString();
    expect(page).toContain('<title>');
    expect(br.rawPayload.length).toBeLessThan(plain.rawPayload.length / 3);

    const gz = await get('/', 'gzip');
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(zlib.gunzipSync(gz.rawPayload).toString()).toContain('<title>');
  });

  it('compresses JSON from the API as well', async () => {
    const res = await get('/api/v1/openapi.json', 'br');
    expect(res.headers['content-encoding']).toBe('br');
    expect(JSON.parse(zlib.brotliDecompressSync(res.rawPayload).toString())).toHaveProperty('openapi');
  });

  it('follows what the browser refuses', () => {
    expect(chooseEncoding('br;q=0, gzip')).toBe('gzip');
    expect(chooseEncoding('identity')).toBeUndefined();
    expect(chooseEncoding('*')).toBe('gzip');
  });
});

describe('a page loads one small stylesheet and no map library until the map is wanted', () => {
  it('links one CSS file, served precompressed and cached for a year, with only the components and tokens in use', async () => {
    const page = (await get('/buurten/BU06370002')).body;
    const stylesheets = [...page.matchAll(/<link rel="stylesheet" href="([^"]+)"/g)].map((m) => m[1]);
    expect(stylesheets).toHaveLength(1);
    expect(page).not.toContain('leaflet');
    expect(page).toMatch(/<script type="module" src="\/assets\/[0-9a-f]{12}\/js\/place-map\.js"/);

    const css = await get(stylesheets[0] ?? '', 'br');
    expect(css.statusCode).toBe(200);
    expect(css.headers['content-encoding']).toBe('br');
    expect(css.headers['cache-control']).toContain('immutable');
    expect(css.rawPayload.length).toBeLessThan(20 * 1024);
    const text = zlib.brotliDecompressSync(css.rawPayload).toString();
    expect(text).toContain('.utrecht-button');
    expect(text).toContain('--basis-color-');
    expect(text).toContain('.bk-page');
    // A component no page uses, and a token nothing refers to, are left out.
    expect(text).not.toContain('.utrecht-calendar');
    expect(text).not.toContain('--lux-login-link');
  });
});

describe('every page says what it is about', () => {
  it('gives the main public pages a description of their own, and others the site’s', async () => {
    const description = async (url: string) => {
      const res = await get(url);
      expect(res.statusCode, url).toBe(200);
      return /<meta name="description" content="([^"]+)"/.exec(res.body)?.[1];
    };
    const site = await description('/inloggen');
    expect(site).toContain('Buurtkracht');
    const own = await Promise.all(
      ['/', '/initiatieven', '/buurten/BU06370002', '/buurtbudget'].map(description),
    );
    for (const text of own) {
      expect(text?.length).toBeGreaterThan(40);
      expect(text).not.toBe(site);
    }
    expect(new Set(own).size).toBe(own.length);
  });
});
