import { textsOf, type OpenDataSet } from '../../web/front-door.js';
import { displayName, type PlacesModule } from '../places/index.js';
import { reportsMessages } from './reports.messages.js';

/**
 * The reports as open data (CC0 1.0): a GeoJSON (RFC 7946) and a CSV file per gemeente, with
 * no personal data (no description of who, no contact, no internal notes).
 */
export async function reportsOpenData(places: PlacesModule): Promise<readonly OpenDataSet[]> {
  const text = textsOf(reportsMessages);
  const municipalities = await places.listMunicipalities({ withMapsOnly: true });
  return [
    {
      id: 'meldingen',
      title: text('reports.openData.title'),
      description: text('reports.openData.description'),
      keywords: {
        nl: ['meldingen', 'openbare ruimte', 'onderhoud', 'buurt'],
        en: ['reports', 'public space', 'maintenance', 'neighbourhood'],
      },
      accrualPeriodicity: 'UPDATE_CONT',
      themes: ['GOVE', 'REGI'],
      licence: 'CC0-1.0',
      landingPage: '/meldingen',
      distributions: municipalities.flatMap((m) => [
        {
          href: `/open-data/meldingen.geojson?plaats=${m.code}`,
          title: text('reports.openData.geojson', { name: displayName(m) }),
          mediaType: 'application/geo+json',
          format: 'GEOJSON',
        },
        {
          href: `/open-data/meldingen.csv?plaats=${m.code}`,
          title: text('reports.openData.csv', { name: displayName(m) }),
          mediaType: 'text/csv',
          format: 'CSV',
        },
      ]),
    },
  ];
}
