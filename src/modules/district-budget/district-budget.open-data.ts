import { textsOf, type OpenDataSet } from '../../web/front-door.js';
import { districtPublicMessages } from './district-budget.public.messages.js';
import { municipalitiesWithBudgets, type DistrictPublicContext } from './district-budget.public.js';

/**
 * The district budget's open data: one dataset, the register of decisions, with a CSV, a
 * GeoJSON (the decisions with a place: maintenance orders) and the JSON API per gemeente that
 * has a district budget (each file holds the gemeente's current year; `jaar` picks another).
 */
export async function districtOpenData(ctx: DistrictPublicContext): Promise<readonly OpenDataSet[]> {
  const text = textsOf(districtPublicMessages);
  const gemeenten = await municipalitiesWithBudgets(ctx);
  // No district budget anywhere yet: no dataset without files.
  if (gemeenten.length === 0) return [];
  return [
    {
      id: 'wijkbudget-besluiten',
      title: text('districtBudget.public.openData.title'),
      description: text('districtBudget.public.openData.description'),
      keywords: {
        nl: ['wijkbudget', 'besluiten', 'subsidie', 'onderhoud', 'transparantie', 'bezwaar'],
        en: ['district budget', 'decisions', 'grants', 'maintenance', 'transparency', 'objection'],
      },
      accrualPeriodicity: 'UPDATE_CONT',
      themes: ['GOVE', 'ECON'],
      licence: 'CC0-1.0',
      distributions: gemeenten.flatMap((code) => {
        const title = text('districtBudget.public.openData.file', { code });
        return [
          {
            href: `/open-data/wijkbudget-besluiten.csv?plaats=${code}`,
            title,
            mediaType: 'text/csv',
            format: 'CSV',
          },
          {
            href: `/open-data/wijkbudget-besluiten.geojson?plaats=${code}`,
            title,
            mediaType: 'application/geo+json',
            format: 'GEOJSON',
          },
          {
            href: `/api/v1/district-budget/decisions?plaats=${code}`,
            title,
            mediaType: 'application/json',
            format: 'JSON',
          },
        ];
      }),
    },
  ];
}
