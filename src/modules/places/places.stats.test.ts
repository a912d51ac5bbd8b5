import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/helpers/app.js';
import { visibleText } from '../../../test/helpers/plain-text.js';
import { formatsFor } from '../../shared/format.js';
import {
  createOpenInitiative,
  openSupport,
  pledgeHouseholdBudget,
  setUpBudgetYear,
} from '../budgets/budgets.test-helpers.js';

let t: TestApp;
const format = formatsFor('nl');
/** As `visibleText` reads a page: every run of spaces (a no-break space too) as one. */
const asRead = (text: string) => text.replace(/\s+/g, ' ');

interface Stat {
  name: string;
  unit: string;
  period: string;
  value: number | null;
}
interface StatsBody {
  place: { code: string; level: string };
  year: number;
  modules: { module: string; stats: Stat[] }[];
}

/** Name → value of every figure in an answer of `/api/v1/places/:code/stats`. */
function valuesOf(body: StatsBody): Map<string, number | null> {
  return new Map(body.modules.flatMap((m) => m.stats.map((s) => [s.name, s.value] as const)));
}

beforeAll(async () => {
  // Mid-2026, so the place pages show the 2026 household budget.
  t = await createTestApp({}, { clock: () => new Date('2026-06-15T10:00:00Z') });
  const { ctx, codes } = await setUpBudgetYear(t.modules.budgets.context);
  // Two initiatives in wijk WK063700: one reaches its goal (€ 10) with one pledge, one keeps seeking support.
  const reached = await createOpenInitiative(t.database.db, { buurt: 'BU06370001', wijk: 'WK063700' });
  const open = await createOpenInitiative(t.database.db, { buurt: 'BU06370001', wijk: 'WK063700' });
  await openSupport(ctx, reached.id, 1000, '2026-12-01');
  await openSupport(ctx, open.id, 5000, '2026-12-01');
  const [first, second, third] = codes.get('BU06370001') ?? [];
  await pledgeHouseholdBudget(ctx, { code: first ?? '', initiativeId: reached.id, channel: 'online' });
  await pledgeHouseholdBudget(ctx, { code: second ?? '', initiativeId: open.id, channel: 'online' });
  await pledgeHouseholdBudget(ctx, { code: third ?? '', initiativeId: open.id, channel: 'online' });
});
afterAll(async () => {
  await t?.close();
});

describe('a place’s figures from every module, in one JSON answer', () => {
  it('gives for a wijk what the modules’ own sections on its page show', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/places/WK063700/stats?year=2026' });
    expect(res.statusCode).toBe(200);
    const body = res.json<StatsBody>();
    expect(body.place).toMatchObject({ code: 'WK063700', level: 'wijk' });
    expect(body.modules.map((m) => m.module)).toEqual(['places', 'initiatives', 'budgets']);
    const values = valuesOf(body);
    expect(values.get('budgets.households')).toBe(9);
    expect(values.get('budgets.pledges')).toBe(3);
    expect(values.get('budgets.given')).toBe(3000);
    expect(values.get('budgets.funded')).toBe(1000);
    expect(values.get('initiatives.open')).toBe(1);
    expect(values.get('initiatives.funded')).toBe(1);
    expect(values.get('initiatives.public')).toBe(2);

    const page = visibleText((await t.app.inject({ method: 'GET', url: '/wijken/WK063700' })).body);
    const households = values.get('places.households');
    expect(households).toEqual(expect.any(Number));
    expect(page).toContain(asRead(`Huishoudens ${format.number(households ?? -1)}`));
    expect(page).toContain(asRead(`Huishoudens met een code ${format.number(9)}`));
    expect(page).toContain(asRead(`Gegeven ${format.euros(3000)}`));
    expect(page).toContain(asRead(`Naar initiatieven ${format.euros(1000)}`));
    expect(page).toContain(asRead(`waaraan u nu kunt geven: ${format.number(1)}.`));
  });

  it('sums a gemeente over its buurten, and says what it does not know for a year without a budget', async () => {
    const gemeente = valuesOf(
      (await t.app.inject({ method: 'GET', url: '/api/v1/places/GM0637/stats?year=2026' })).json<StatsBody>(),
    );
    expect(gemeente.get('budgets.households')).toBe(11);
    expect(gemeente.get('budgets.given')).toBe(3000);
    const before = valuesOf(
      (await t.app.inject({ method: 'GET', url: '/api/v1/places/GM0637/stats?year=2019' })).json<StatsBody>(),
    );
    expect(before.get('budgets.households')).toBeNull();
    expect(before.get('initiatives.funded')).toBe(0);
    expect(before.get('places.households')).toBe(gemeente.get('places.households'));
  });

  it('answers problem+json for an unknown place and a year that is no year', async () => {
    const unknown = await t.app.inject({ method: 'GET', url: '/api/v1/places/WK999999/stats' });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.headers['content-type']).toMatch(/^application\/problem\+json/);
    const badYear = await t.app.inject({ method: 'GET', url: '/api/v1/places/GM0637/stats?year=twintig' });
    expect(badYear.statusCode).toBe(400);
    expect(badYear.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(badYear.json().errors).toEqual([{ field: 'year', message: expect.stringContaining('jaar') }]);
  });

  it('is described in the OpenAPI document, and every figure is named after the module that gives it', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json();
    expect(doc.paths).toHaveProperty(['/api/v1/places/{code}/stats']);
    for (const m of Object.values(t.modules))
      for (const stat of m.stats ?? []) expect(stat.name.startsWith(`${m.name}.`)).toBe(true);
  });
});
