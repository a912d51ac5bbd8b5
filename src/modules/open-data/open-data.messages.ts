import type { MessageBundle } from '../../web/i18n/i18n.js';

const nl = {
  'openData.title': 'Open data en API',
  'openData.intro':
    'Alle gegevens die Buurtkracht openbaar maakt, om te downloaden en te hergebruiken. Er staan geen persoonsgegevens in.',
  'openData.catalogue.description':
    'De open data van Buurtkracht: initiatieven, het buurtbudget en de gemeenten, wijken en buurten.',
  'openData.licenceNote':
    'Onze eigen gegevens mag iedereen vrij gebruiken: ze vallen onder {cc0}. Cijfers en grenzen van het CBS vallen onder {ccby}: vermeld dan het CBS als bron.',
  'openData.datasets': 'Datasets',
  'openData.none': 'Er zijn nog geen open datasets.',
  'openData.format': 'Formaat',
  'openData.licence': 'Licentie',
  'openData.frequency': 'Hoe vaak het verandert',
  'openData.files': 'Downloaden',
  'openData.attribution': 'Bronvermelding',
  'openData.moreAbout': 'Meer over deze gegevens',
  'openData.api.title': 'Buurtkracht API',
  'openData.api.heading': 'API',
  'openData.api.description':
    'De JSON-API van Buurtkracht onder /api/v1, beschreven in OpenAPI 3.1. Foutmeldingen volgen RFC 9457.',
  'openData.api.openapi': 'API-beschrijving (OpenAPI, JSON)',
  'openData.api.operations': 'Wat de API kan',
  'openData.catalogue.heading': 'Catalogus voor dataportalen',
  'openData.catalogue.text':
    'De catalogus staat ook in een vorm voor computers (DCAT-AP, JSON-LD), zodat een dataportaal zoals data.overheid.nl hem kan overnemen.',
  'openData.catalogue.link': 'Catalogus als DCAT-AP (JSON-LD)',
  'openData.frequency.UPDATE_CONT': 'Doorlopend',
  'openData.frequency.CONT': 'Doorlopend',
  'openData.frequency.DAILY': 'Dagelijks',
  'openData.frequency.WEEKLY': 'Wekelijks',
  'openData.frequency.MONTHLY': 'Maandelijks',
  'openData.frequency.ANNUAL': 'Jaarlijks',
  'openData.frequency.IRREG': 'Onregelmatig',
} as const;

const en: Record<keyof typeof nl, string> = {
  'openData.title': 'Open data and API',
  'openData.intro': 'All the data Buurtkracht publishes, to download and reuse. None of it is personal data.',
  'openData.catalogue.description':
    'The open data of Buurtkracht: initiatives, the household budget, and the municipalities, districts and neighbourhoods.',
  'openData.licenceNote':
    'Our own data is free for anyone to use: it is released under {cc0}. Figures and boundaries from Statistics Netherlands (CBS) are licensed {ccby}: credit CBS as the source.',
  'openData.datasets': 'Datasets',
  'openData.none': 'There are no open datasets yet.',
  'openData.format': 'Format',
  'openData.licence': 'Licence',
  'openData.frequency': 'How often it changes',
  'openData.files': 'Download',
  'openData.attribution': 'Credit',
  'openData.moreAbout': 'More about this data',
  'openData.api.title': 'Buurtkracht API',
  'openData.api.heading': 'API',
  'openData.api.description':
    'The JSON API of Buurtkracht under /api/v1, described in OpenAPI 3.1. Errors follow RFC 9457.',
  'openData.api.openapi': 'API description (OpenAPI, JSON)',
  'openData.api.operations': 'What the API offers',
  'openData.catalogue.heading': 'Catalogue for data portals',
  'openData.catalogue.text':
    'The catalogue is also available for computers (DCAT-AP, JSON-LD), so that a data portal such as data.overheid.nl can harvest it.',
  'openData.catalogue.link': 'Catalogue as DCAT-AP (JSON-LD)',
  'openData.frequency.UPDATE_CONT': 'Continuously',
  'openData.frequency.CONT': 'Continuously',
  'openData.frequency.DAILY': 'Daily',
  'openData.frequency.WEEKLY': 'Weekly',
  'openData.frequency.MONTHLY': 'Monthly',
  'openData.frequency.ANNUAL': 'Yearly',
  'openData.frequency.IRREG': 'Irregularly',
};

export const openDataMessages = { nl, en } satisfies MessageBundle<keyof typeof nl>;
