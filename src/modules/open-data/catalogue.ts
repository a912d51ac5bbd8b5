/**
 * The open-data catalogue as DCAT-AP 3 in JSON-LD, following DCAT-AP-NL where it can: every
 * controlled value is a URI from the EU vocabularies that both use (file types, frequencies,
 * data themes, licences, languages), texts in Dutch and English. Pure: datasets in, a JSON-LD
 * document out.
 */
import type { LocalizedText, OpenDataLicence, OpenDataSet } from '../../web/front-door.js';

const EU = 'http://publications.europa.eu/resource/authority';

/** The EU licence vocabulary's URI for each licence used here, with its human-readable deed. */
export const LICENCES: Readonly<Record<OpenDataLicence, { uri: string; deed: string; name: string }>> = {
  'CC0-1.0': {
    uri: `${EU}/licence/CC0`,
    deed: 'https://creativecommons.org/publicdomain/zero/1.0/',
    name: 'CC0 1.0',
  },
  'CC-BY-4.0': {
    uri: `${EU}/licence/CC_BY_4_0`,
    deed: 'https://creativecommons.org/licenses/by/4.0/',
    name: 'CC BY 4.0',
  },
};

export const JSON_LD_CONTEXT = {
  dcat: 'http://www.w3.org/ns/dcat#',
  dct: 'http://purl.org/dc/terms/',
  foaf: 'http://xmlns.com/foaf/0.1/',
  vcard: 'http://www.w3.org/2006/vcard/ns#',
  rdfs: 'http://www.w3.org/2000/01/rdf-schema#',
  'dcat:dataset': { '@type': '@id' },
  'dcat:accessURL': { '@type': '@id' },
  'dcat:downloadURL': { '@type': '@id' },
  'dcat:landingPage': { '@type': '@id' },
  'dcat:mediaType': { '@type': '@id' },
  'dcat:theme': { '@type': '@id' },
  'dcat:themeTaxonomy': { '@type': '@id' },
  'dcat:endpointURL': { '@type': '@id' },
  'dcat:endpointDescription': { '@type': '@id' },
  'dcat:servesDataset': { '@type': '@id' },
  'dct:format': { '@type': '@id' },
  'dct:license': { '@type': '@id' },
  'dct:language': { '@type': '@id' },
  'dct:accrualPeriodicity': { '@type': '@id' },
  'dct:conformsTo': { '@type': '@id' },
  'foaf:homepage': { '@type': '@id' },
  'vcard:hasURL': { '@type': '@id' },
} as const;

type LangString = { '@value': string; '@language': string };

function texts(text: LocalizedText): LangString[] {
  return [
    { '@value': text.nl, '@language': 'nl' },
    { '@value': text.en, '@language': 'en' },
  ];
}

/** The dataset's URI: its entry on the catalogue page. */
export function datasetUri(publicUrl: string, id: string): string {
  return `${publicUrl}/open-data#${id}`;
}

export interface CatalogueSite {
  /** The site's public address, without a trailing slash. */
  publicUrl: string;
  title: LocalizedText;
  description: LocalizedText;
  /** The organisation that runs the site and answers for its data. */
  publisher: string;
  api: { title: LocalizedText; description: LocalizedText };
}

/** The whole catalogue: the site's datasets, their distributions, and the JSON API that serves them. */
export function buildCatalogue(site: CatalogueSite, datasets: readonly OpenDataSet[]): object {
  const { publicUrl } = site;
  const absolute = (href: string) => `${publicUrl}${href}`;
  const publisher = {
    '@id': `${publicUrl}/#uitgever`,
    '@type': 'foaf:Agent',
    'foaf:name': site.publisher,
    'foaf:homepage': `${publicUrl}/`,
  };
  const contactPoint = {
    // DCAT-AP's range is vcard:Kind; Organization says which kind.
    '@type': ['vcard:Kind', 'vcard:Organization'],
    'vcard:fn': site.publisher,
    'vcard:hasURL': `${publicUrl}/open-data`,
  };
  const dutch = `${EU}/language/NLD`;
  const english = `${EU}/language/ENG`;
  return {
    '@context': JSON_LD_CONTEXT,
    '@id': `${publicUrl}/open-data#catalogus`,
    '@type': 'dcat:Catalog',
    'dct:title': texts(site.title),
    'dct:description': texts(site.description),
    'dct:publisher': publisher,
    'foaf:homepage': `${publicUrl}/open-data`,
    'dct:language': [dutch, english],
    // The catalogue's own description is free to reuse.
    'dct:license': LICENCES['CC0-1.0'].uri,
    'dcat:themeTaxonomy': `${EU}/data-theme`,
    'dcat:service': {
      '@id': `${publicUrl}/api/v1#api`,
      '@type': 'dcat:DataService',
      'dct:title': texts(site.api.title),
      'dct:description': texts(site.api.description),
      'dcat:endpointURL': `${publicUrl}/api/v1`,
      'dcat:endpointDescription': `${publicUrl}/api/v1/openapi.json`,
      'dct:conformsTo': 'https://spec.openapis.org/oas/v3.1.0',
      'dct:license': LICENCES['CC0-1.0'].uri,
      'dcat:servesDataset': datasets.map((d) => datasetUri(publicUrl, d.id)),
    },
    'dcat:dataset': datasets.map((d) => {
      const licence = LICENCES[d.licence].uri;
      const rights = d.attribution
        ? { '@type': 'dct:RightsStatement', 'rdfs:label': texts(d.attribution) }
        : undefined;
      return {
        '@id': datasetUri(publicUrl, d.id),
        '@type': 'dcat:Dataset',
        'dct:identifier': datasetUri(publicUrl, d.id),
        'dct:title': texts(d.title),
        'dct:description': texts(d.description),
        'dcat:keyword': [
          ...d.keywords.nl.map((k) => ({ '@value': k, '@language': 'nl' })),
          ...d.keywords.en.map((k) => ({ '@value': k, '@language': 'en' })),
        ],
        'dct:publisher': { '@id': publisher['@id'] },
        'dcat:contactPoint': contactPoint,
        'dct:language': dutch,
        'dct:license': licence,
        ...(rights ? { 'dct:rights': rights } : {}),
        'dct:accrualPeriodicity': `${EU}/frequency/${d.accrualPeriodicity}`,
        'dcat:theme': d.themes.map((code) => `${EU}/data-theme/${code}`),
        ...(d.landingPage ? { 'dcat:landingPage': absolute(d.landingPage) } : {}),
        'dcat:distribution': d.distributions.map((file, n) => ({
          '@id': `${datasetUri(publicUrl, d.id)}-${n + 1}`,
          '@type': 'dcat:Distribution',
          ...(file.title ? { 'dct:title': texts(file.title) } : {}),
          'dcat:accessURL': absolute(file.href),
          'dcat:downloadURL': absolute(file.href),
          'dcat:mediaType': `https://www.iana.org/assignments/media-types/${file.mediaType}`,
          'dct:format': `${EU}/file-type/${file.format}`,
          'dct:license': licence,
          ...(rights ? { 'dct:rights': rights } : {}),
        })),
      };
    }),
  };
}
