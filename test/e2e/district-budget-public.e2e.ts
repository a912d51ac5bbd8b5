import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDecisions } from '../../src/modules/district-budget/district-budget.test-helpers.js';
import { amsterdamDate } from '../../src/shared/dates.js';
import { auditWithJs, auditWithoutJs, startE2eRun, type E2eRun } from './helpers.js';

// The district budget's public pages: axe with JavaScript on and off, the register read without
// JavaScript, and no sideways scrolling on a 390-px phone.

const PHONE = { width: 390, height: 844 };
let run: E2eRun;
let phone: BrowserContext;
let reference = '';
const year = Number(amsterdamDate(new Date()).slice(0, 4));

beforeAll(async () => {
  run = await startE2eRun();
  const { app } = run;
  await loadDecisions(app.database.db, app.modules.budgets.ledger, {
    wijken: [
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
    ],
    year,
    perWijk: 60,
    allocationCents: 8_000_000,
    at: new Date(),
  });
  const list = await app.app.inject({
    url: `/api/v1/district-budget/decisions?plaats=WK063700&jaar=${year}`,
  });
  reference =
    list
      .json<{ items: { reference: string; relatedTotal: number }[] }>()
      .items.find((d) => d.relatedTotal > 0)?.reference ?? '';
  phone = await run.newContext({ javaScriptEnabled: false, viewport: PHONE });
});
afterAll(async () => {
  await phone?.close();
  await run?.close();
});

function pages(): string[] {
  return [
    '/wijkbudget',
    '/wijkbudget/GM0637',
    '/wijkbudget/WK063700',
    `/wijkbudget/WK063700/besluiten?jaar=${year}`,
    `/wijkbudget/GM0637/besluiten?jaar=${year}&pagina=2`,
    `/wijkbudget/besluit/${reference}`,
    '/wijken/WK063700',
  ];
}

describe('district budget public pages', () => {
  it.each([
    ['the gemeenten', () => '/wijkbudget'],
    ['a gemeente’s overview', () => '/wijkbudget/GM0637'],
    ['a wijk’s overview', () => '/wijkbudget/WK063700'],
    ['a wijk’s register', () => `/wijkbudget/WK063700/besluiten?jaar=${year}`],
    ['a gemeente’s register, page 2', () => `/wijkbudget/GM0637/besluiten?jaar=${year}&pagina=2`],
    ['a decision', () => `/wijkbudget/besluit/${reference}`],
    ['a wijk page with the section', () => '/wijken/WK063700'],
  ])('%s passes axe with JavaScript on and off', async (_, path) => {
    expect(reference).not.toBe('');
    expect(await auditWithJs(run, path()), path()).toEqual([]);
    await auditWithoutJs(run, path());
  });

  it('lead from the overview to the register and a decision with its objection route, without JavaScript', async () => {
    const page: Page = await run.withoutJs.newPage();
    try {
      await page.goto(`${run.baseUrl}/wijkbudget/WK063700`);
      await expect(
        page.getByRole('img', { name: `Wijkbudget ${year}: waar het geld staat` }).count(),
      ).resolves.toBe(1);
      await page.getByRole('link', { name: /Alle besluiten over het wijkbudget/ }).click();
      await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toContain(
        'Besluiten wijkbudget',
      );
      await page.locator(`a[href="/wijkbudget/besluit/${reference}"]`).first().click();
      await expect(
        page.getByRole('heading', { name: 'Bent u het niet eens met dit besluit?' }).count(),
      ).resolves.toBe(1);
      await expect(
        page.getByRole('heading', { name: 'Besluiten die hiermee samenhangen' }).count(),
      ).resolves.toBe(1);
    } finally {
      await page.close();
    }
  });

  it('do not scroll sideways on a 390-px phone', async () => {
    const page = await phone.newPage();
    try {
      for (const path of pages()) {
        await page.goto(run.baseUrl + path);
        const wider = await page.evaluate(
          () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
        );
        expect(wider, path).toBe(0);
      }
    } finally {
      await page.close();
    }
  });
});
