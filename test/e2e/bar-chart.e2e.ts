import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { renderToString } from 'preact-render-to-string';
import { h } from 'preact';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatsFor } from '../../src/shared/format.js';
import { BarChart } from '../../src/web/views/bar-chart.js';
import { readAssetManifest } from '../../src/web/plugins/static-assets.js';
import { expectNoAxeViolations, startE2eRun, type E2eRun } from './helpers.js';

/**
 * The shared chart's examples (GOV.UK's way: every component's examples through axe), in the
 * app's own built stylesheet, on a desktop and on a 390-px phone, with scripts forbidden (the
 * chart has none). The pages that use it are checked in their own e2e files.
 */
const PHONE = { width: 390, height: 844 };
let run: E2eRun;
let phone: BrowserContext;
let stylesheet = '';

beforeAll(async () => {
  run = await startE2eRun();
  const { version } = readAssetManifest(path.resolve('dist/public'));
  stylesheet = `${run.baseUrl}/assets/${version}/css/app.css`;
  phone = await run.newContext({ viewport: PHONE, forbidPageScripts: true });
});
afterAll(async () => {
  await phone?.close();
  await run?.close();
});

const euros = formatsFor('nl').euros;
const wijken = [
  'Centrum',
  'Noord',
  'Rokkeveen-Oost met de Buytenparklaan en het Stadhuisplein',
  'Seghwaert',
  'Meerzicht',
  'Palenstein',
];

function examples(): string {
  const stacked = h(BarChart, {
    id: 'stacked',
    caption: 'Wijkbudget 2026 per wijk',
    summary: 'Van € 3.150.000 is € 1.230.000 uitgegeven.',
    groupHeading: 'Wijk',
    series: [
      { key: 'paid', label: 'Uitgegeven' },
      { key: 'committed', label: 'Vastgelegd' },
      { key: 'granted', label: 'Toegekend, nog niet vastgelegd' },
      { key: 'remaining', label: 'Nog vrij', outline: true },
    ],
    groups: wijken.map((label, i) => ({
      key: String(i),
      label,
      href: `/plaatsen/WK06370${i}`,
      values: [i * 12_345_600, 9_000_000 - i * 1_000_000, 5_000_000, 40_000_000 - i * 3_000_000],
    })),
    mode: 'stacked',
    format: euros,
    totalLabel: 'Totaal',
    emptyText: 'Nog geen wijkbudget.',
  });
  const grouped = h(BarChart, {
    id: 'grouped',
    caption: 'Besluiten per soort',
    groupHeading: 'Soort',
    series: [
      { key: '2025', label: '2025' },
      { key: '2026', label: '2026' },
    ],
    groups: ['Subsidie aan een initiatief', 'Onderhoud', 'Matchfunding'].map((label, i) => ({
      key: String(i),
      label,
      values: [(i + 1) * 750_000, (3 - i) * 500_000],
    })),
    mode: 'grouped',
    format: euros,
    emptyText: 'Nog geen besluiten.',
  });
  const empty = h(BarChart, {
    id: 'empty',
    caption: 'Wijkbudget 2027',
    groupHeading: 'Wijk',
    series: [{ key: 'a', label: 'Toegekend' }],
    groups: [],
    mode: 'stacked',
    format: euros,
    emptyText: 'Nog geen wijkbudget voor 2027.',
  });
  return `<!doctype html><html lang="nl"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Grafieken</title><link rel="stylesheet" href="${stylesheet}"></head><body><div class="bk-page"><main class="bk-main"><h1 class="utrecht-heading-1">Grafieken</h1>${renderToString(stacked)}${renderToString(grouped)}${renderToString(empty)}</main></div></body></html>`;
}

async function open(context: BrowserContext): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${run.baseUrl}/`);
  await page.setContent(examples(), { waitUntil: 'load' });
  return page;
}

describe('BarChart in a browser', () => {
  it('passes axe, and each chart is one image named by its caption', async () => {
    const page = await open(run.audit);
    try {
      await expectNoAxeViolations(page);
      await expect(page.getByRole('img', { name: 'Wijkbudget 2026 per wijk' }).count()).resolves.toBe(1);
      await expect(page.getByRole('img', { name: 'Besluiten per soort' }).count()).resolves.toBe(1);
      // The figures are read from the table, which has the same name.
      await expect(page.getByRole('table', { name: 'Wijkbudget 2026 per wijk' }).count()).resolves.toBe(1);
      // Side by side on a wide screen.
      const drawing = await page.locator('#stacked .bk-chart__drawing').boundingBox();
      const table = await page.locator('#stacked .bk-table').boundingBox();
      expect(table?.x ?? 0).toBeGreaterThan((drawing?.x ?? 0) + (drawing?.width ?? 0) - 1);
    } finally {
      await page.close();
    }
  });

  it('fits a 390-px phone with readable text, the table below the drawing', async () => {
    const page = await open(phone);
    try {
      await expectNoAxeViolations(page);
      const sideways = await page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
      expect(sideways).toBe(0);
      const svg = await page.locator('#stacked svg.bk-chart__svg').boundingBox();
      expect(svg?.width ?? 0).toBeLessThanOrEqual(PHONE.width);
      expect(svg?.width ?? 0).toBeGreaterThan(300);
      // Every value text stays inside the drawing, and is at least 11 px high on the screen.
      const texts = await page
        .locator('#stacked svg .bk-chart__value, #grouped svg .bk-chart__value')
        .evaluateAll((nodes) =>
          nodes.map((n) => {
            const box = n.getBoundingClientRect();
            const owner = n.closest('svg')?.getBoundingClientRect();
            return { right: box.right, height: box.height, limit: owner?.right ?? 0 };
          }),
        );
      expect(texts.length).toBe(6 + 6);
      for (const t of texts) {
        expect(t.right).toBeLessThanOrEqual(t.limit + 0.5);
        expect(t.height).toBeGreaterThanOrEqual(11);
      }
      const drawing = await page.locator('#stacked .bk-chart__drawing').boundingBox();
      const table = await page.locator('#stacked .bk-table').boundingBox();
      expect(table?.y ?? 0).toBeGreaterThan((drawing?.y ?? 0) + (drawing?.height ?? 0) - 1);
    } finally {
      await page.close();
    }
  });
});
