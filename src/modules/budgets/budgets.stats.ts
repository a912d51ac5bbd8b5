import type { Queryable } from '../../db/database.js';
import { textsOf, type ModuleStat, type StatPlace } from '../../web/front-door.js';
import { budgetsMessages } from './budgets.messages.js';
import { figuresPerBuurt, listBudgetYears, type BuurtFigures } from './years.service.js';

const text = textsOf(budgetsMessages);
const ALL_LEVELS = ['gemeente', 'wijk', 'buurt'] as const;

/** A place's household-budget figures for one budget year: undefined when its gemeente had none. */
interface YearFigures {
  amountCents: number;
  figures: BuurtFigures[];
}

/**
 * The household budget's figures per place and budget year, from the same rollup
 * (`budget_figures`) and sums as the figures page and the place section, through the module's
 * cache of public figures (`load`).
 */
export function budgetsStats(
  db: Queryable,
  load: <T>(key: string, read: () => Promise<T>) => Promise<T>,
): readonly ModuleStat[] {
  const yearOf = (municipalityCode: string, year: number) =>
    load(`stats:${municipalityCode}:${year}`, async (): Promise<YearFigures | null> => {
      const [budgetYear] = await listBudgetYears(db, [municipalityCode], year);
      if (!budgetYear) return null;
      return {
        amountCents: budgetYear.amountCents,
        figures: await figuresPerBuurt(db, municipalityCode, year),
      };
    });
  const stat = (
    name: string,
    unit: ModuleStat['unit'],
    pick: (figures: { sum: (f: (b: BuurtFigures) => number) => number; amountCents: number }) => number,
  ): ModuleStat => ({
    name: `budgets.${name}`,
    description: text(`budgets.stats.${name}`),
    unit,
    levels: ALL_LEVELS,
    period: 'year',
    read: async (place: StatPlace, period) => {
      const found = await yearOf(place.municipalityCode, period.year);
      if (!found) return null;
      const inPlace = new Set(place.buurtCodes);
      const own = found.figures.filter((f) => inPlace.has(f.buurtCode));
      const sum = (f: (b: BuurtFigures) => number) => own.reduce((n, b) => n + f(b), 0);
      return pick({ sum, amountCents: found.amountCents });
    },
  });
  return [
    stat('households', 'count', ({ sum }) => sum((b) => b.vouchers)),
    // Every pledge gives the year's whole amount, so the cents given count the pledges.
    stat('pledges', 'count', ({ sum, amountCents }) =>
      amountCents > 0 ? Math.round(sum((b) => b.pledgedCents) / amountCents) : 0,
    ),
    stat('given', 'euro_cents', ({ sum }) => sum((b) => b.pledgedCents)),
    stat('funded', 'euro_cents', ({ sum }) => sum((b) => b.fundedCents)),
  ];
}
