import type { MessageBundle } from './i18n.js';

/** Messages of the layout, the error pages and the shared error codes. */
const nl = {
  'app.name': 'Buurtkracht',
  'app.tagline': 'Samen werken aan je buurt',
  'layout.description':
    'Buurtkracht: zie wat er in uw buurt gebeurt, steun initiatieven met uw buurtbudget en bekijk de cijfers van uw gemeente, wijk of buurt.',
  'layout.skipToContent': 'Naar de inhoud',
  'layout.home': 'Home',
  'layout.languageSwitch': 'Taal',
  'layout.otherLanguage': 'English',
  'layout.otherLanguageLabel': 'Read this page in English',
  'layout.breadcrumb': 'Kruimelpad',
  'layout.mainNav': 'Hoofdmenu',
  'layout.footer.about': 'Buurtkracht is open-source software voor wijkgericht werken.',
  'layout.footer.api': 'Open data en API',
  'layout.footer.attribution':
    'Bron: Centraal Bureau voor de Statistiek (CBS), Kerncijfers wijken en buurten 2023; geometrie: CBS/Kadaster (PDOK), Wijk- en buurtkaart 2023, gegeneraliseerd; licentie CC BY 4.0.',
  'errors.title': 'Er ging iets mis',
  'errors.notFound': 'Deze pagina bestaat niet.',
  'errors.notFoundTitle': 'Pagina niet gevonden',
  'errors.notFoundShort': 'Niet gevonden',
  'errors.notFoundHelp': 'Controleer het adres, of zoek uw gemeente, wijk of buurt op de startpagina.',
  'errors.toHome': 'Naar de startpagina',
  'errors.validation': 'Niet alle gegevens zijn goed ingevuld.',
  'errors.forbidden': 'U mag dit niet doen.',
  'errors.unauthenticated': 'U moet eerst inloggen.',
  'errors.rateLimited': 'U heeft dit te vaak geprobeerd. Wacht even en probeer het dan opnieuw.',
  'errors.internal':
    'Er ging bij ons iets mis. Probeer het later opnieuw. Blijft het misgaan? Neem dan contact op met de gemeente.',
  'errors.badRequest': 'Het verzoek is niet goed opgebouwd.',
  'errors.unavailable': 'Deze dienst is tijdelijk niet beschikbaar. Probeer het later opnieuw.',
  'errors.summaryTitle': 'Er is een probleem',
  'errors.field.invalid': 'Deze waarde klopt niet.',
  'errors.field.required': 'Vul dit veld in.',
  'errors.field.tooLong': 'Dit is te lang: gebruik hoogstens {max} tekens.',
  'errors.tooLarge': 'Wat u stuurde is te groot',
  'errors.uploadTooLarge':
    'Wat u stuurde is samen groter dan {max} MB. Ga terug, kies minder of kleinere foto’s en verstuur het formulier opnieuw.',
  'errors.nulByte':
    'Wat u stuurde bevat een onzichtbaar teken dat hier niet kan (een nul-teken). Typ de tekst opnieuw en probeer het nog eens.',
  'errors.field.nulByte': 'Hier staat een onzichtbaar teken in dat niet kan (een nul-teken).',
} as const;

const en: Record<keyof typeof nl, string> = {
  'app.name': 'Buurtkracht',
  'app.tagline': 'Working together on your neighbourhood',
  'layout.description':
    'Buurtkracht: see what happens in your neighbourhood, support initiatives with your household budget and see the figures of your municipality, district or neighbourhood.',
  'layout.skipToContent': 'Skip to content',
  'layout.home': 'Home',
  'layout.languageSwitch': 'Language',
  'layout.otherLanguage': 'Nederlands',
  'layout.otherLanguageLabel': 'Lees deze pagina in het Nederlands',
  'layout.breadcrumb': 'Breadcrumb',
  'layout.mainNav': 'Main menu',
  'layout.footer.about': 'Buurtkracht is open-source software for neighbourhood-based working.',
  'layout.footer.api': 'Open data and API',
  'layout.footer.attribution':
    'Source: Statistics Netherlands (CBS), Key figures for districts and neighbourhoods 2023; boundaries: CBS/Kadaster (PDOK), district and neighbourhood map 2023 (generalised); licensed CC BY 4.0.',
  'errors.title': 'Something went wrong',
  'errors.notFound': 'This page does not exist.',
  'errors.notFoundTitle': 'Page not found',
  'errors.notFoundShort': 'Not found',
  'errors.notFoundHelp':
    'Check the address, or find your municipality, district or neighbourhood on the home page.',
  'errors.toHome': 'Go to the home page',
  'errors.validation': 'Some of the information is not filled in correctly.',
  'errors.forbidden': 'You are not allowed to do this.',
  'errors.unauthenticated': 'Please sign in first.',
  'errors.rateLimited': 'You have tried this too often. Please wait a moment and try again.',
  'errors.internal':
    'Something went wrong on our side. Please try again later. If it keeps happening, contact the municipality.',
  'errors.badRequest': 'The request is not well formed.',
  'errors.unavailable': 'This service is temporarily unavailable. Please try again later.',
  'errors.summaryTitle': 'There is a problem',
  'errors.field.invalid': 'This value is not right.',
  'errors.field.required': 'Fill in this field.',
  'errors.field.tooLong': 'This is too long: use at most {max} characters.',
  'errors.tooLarge': 'What you sent is too large',
  'errors.uploadTooLarge':
    'What you sent is larger than {max} MB in all. Go back, choose fewer or smaller photos and send the form again.',
  'errors.nulByte':
    'What you sent contains an invisible character that is not allowed here (a null character). Type the text again and try once more.',
  'errors.field.nulByte': 'This contains an invisible character that is not allowed (a null character).',
};

export const coreMessages = { nl, en } satisfies MessageBundle<keyof typeof nl>;
