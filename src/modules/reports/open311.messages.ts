import type { MessageBundle } from '../../web/i18n/i18n.js';

// Texts of the Open311 API (error descriptions, the service notice) and of the API key pages
// and command; merged into the reports module's messages by its index.ts.
const nl = {
  'reports.open311.badRequest':
    'Het verzoek kon niet worden gelezen. Stuur de velden als formulier (application/x-www-form-urlencoded).',
  'reports.open311.failed': 'Er ging iets mis bij ons. Probeer het later opnieuw.',
  'reports.open311.noSuchPath':
    'Dit adres bestaat niet in de GeoReport v2-API. Gebruik .json of .xml aan het eind.',
  'reports.open311.noJurisdiction':
    'jurisdiction_id ontbreekt: geef de CBS-code van de gemeente, bijvoorbeeld GM0637.',
  'reports.open311.unknownJurisdiction': 'jurisdiction_id {id} is niet gevonden.',
  'reports.open311.apiKey': 'api_key ontbreekt of is ongeldig (of ingetrokken).',
  'reports.open311.apiKeyJurisdiction': 'Deze api_key hoort bij een andere gemeente dan jurisdiction_id.',
  'reports.open311.noService': 'service_code ontbreekt.',
  'reports.open311.unknownService': 'service_code {code} is niet gevonden.',
  'reports.open311.noLocation': 'Geef de plek: lat en long, of address_string.',
  'reports.open311.addressNeedsBuurt':
    'Met address_string zonder lat en long moet address_id de CBS-code van de buurt zijn, bijvoorbeeld BU06370101.',
  'reports.open311.outsideJurisdiction': 'De plek ligt niet in gemeente {id}.',
  'reports.open311.badDate':
    '{name} is geen datum en tijd volgens ISO 8601 met tijdzone, bijvoorbeeld 2026-12-03T09:00:00Z.',
  'reports.open311.windowTooLong': 'Tussen start_date en end_date mag hoogstens 90 dagen liggen.',
  'reports.open311.windowReversed': 'end_date ligt voor start_date.',
  'reports.open311.badStatus': 'status moet open of closed zijn (of beide, gescheiden door een komma).',
  'reports.open311.unknownRequest': 'service_request_id {id} is niet gevonden.',
  'reports.open311.unknownToken': 'Dit token is niet gevonden.',
  'reports.open311.notice':
    'Uw melding is ontvangen. We streven ernaar dat ze uiterlijk {dueOn} is opgepakt.',
  'reports.keys.errors.name': 'Geef de sleutel een naam van 2 tot 120 tekens.',
  'reports.keys.errors.notFound': 'Deze API-sleutel is niet gevonden.',
};

const en: Record<keyof typeof nl, string> = {
  'reports.open311.badRequest':
    'The request could not be read. Send the fields as a form (application/x-www-form-urlencoded).',
  'reports.open311.failed': 'Something went wrong on our side. Please try again later.',
  'reports.open311.noSuchPath':
    'This address does not exist in the GeoReport v2 API. End it in .json or .xml.',
  'reports.open311.noJurisdiction':
    'jurisdiction_id was not provided: give the gemeente’s CBS code, e.g. GM0637.',
  'reports.open311.unknownJurisdiction': 'jurisdiction_id {id} was not found.',
  'reports.open311.apiKey': 'api_key was not provided or is invalid (or revoked).',
  'reports.open311.apiKeyJurisdiction': 'This api_key belongs to another gemeente than jurisdiction_id.',
  'reports.open311.noService': 'service_code was not provided.',
  'reports.open311.unknownService': 'service_code {code} was not found.',
  'reports.open311.noLocation': 'Give the location: lat and long, or address_string.',
  'reports.open311.addressNeedsBuurt':
    'With address_string and no lat and long, address_id must be the CBS code of the buurt, e.g. BU06370101.',
  'reports.open311.outsideJurisdiction': 'The location is not in gemeente {id}.',
  'reports.open311.badDate':
    '{name} is not an ISO 8601 date-time with a time zone, e.g. 2026-12-03T09:00:00Z.',
  'reports.open311.windowTooLong': 'start_date and end_date may be at most 90 days apart.',
  'reports.open311.windowReversed': 'end_date is before start_date.',
  'reports.open311.badStatus': 'status must be open or closed (or both, separated by a comma).',
  'reports.open311.unknownRequest': 'service_request_id {id} was not found.',
  'reports.open311.unknownToken': 'This token was not found.',
  'reports.open311.notice': 'Your report was received. We aim to pick it up by {dueOn}.',
  'reports.keys.errors.name': 'Give the key a name of 2 to 120 characters.',
  'reports.keys.errors.notFound': 'This API key was not found.',
};

export const open311Messages = { nl, en } satisfies MessageBundle<keyof typeof nl>;
