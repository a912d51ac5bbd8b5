import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoAxeViolations, openPage, startE2eRun, type E2eRun } from './helpers.js';

let run: E2eRun;
beforeAll(async () => {
  run = await startE2eRun();
});
afterAll(async () => {
  await run?.close();
});

/** The checks the page tests rely on must be able to fail, or their passing means nothing. */
describe('the end-to-end harness', () => {
  it('fails a page with accessibility violations, naming each rule and element', async () => {
    const page = await run.withJs.newPage();
    try {
      await page.setContent('<html><head><title>x</title></head><body><img src="a.png"></body></html>');
      await expect(expectNoAxeViolations(page)).rejects.toThrow(/html-has-lang[\s\S]*image-alt[\s\S]*img/);
    } finally {
      await page.close();
    }
  });

  it('keeps the page scripts from running in the audit context, which still runs axe', async () => {
    const { page } = await openPage(run, run.audit, '/buurten/BU06370002');
    try {
      // place-map.js would fetch the GeoJSON and draw the Leaflet map once the map is reached for.
      await page.locator('[data-map]').hover();
      await page.waitForLoadState('networkidle');
      expect(await page.locator('.bk-map__canvas--leaflet').count()).toBe(0);
      expect(await page.locator('svg.bk-map__svg').isVisible()).toBe(true);
      await expectNoAxeViolations(page);
    } finally {
      await page.close();
    }
  });

  it('never reaches beyond this machine', async () => {
    const page = await run.withJs.newPage();
    try {
      await expect(page.goto('https://service.pdok.nl/')).rejects.toThrow(/ERR_BLOCKED_BY_CLIENT/);
    } finally {
      await page.close();
    }
  });
});
