import type { MessageBundle } from '../../web/i18n/i18n.js';

const nl = {
  'places.level.gemeente': 'Gemeente',
  'places.level.wijk': 'Wijk',
  'places.level.buurt': 'Buurt',
  'places.levelPlural.gemeente': 'Gemeenten',
  'places.levelPlural.wijk': 'Wijken',
  'places.levelPlural.buurt': 'Buurten',
  'places.home.title': 'Vind uw gemeente, wijk of buurt',
  'places.home.description': 'Zoek uw gemeente, wijk of buurt en zie de kaart en de cijfers van het CBS.',
  'places.home.intro':
    'Zie wat er speelt in uw buurt: de cijfers, de kaart en straks ook initiatieven, meldingen en bijeenkomsten.',
  'places.search.label': 'Naam van uw gemeente, wijk of buurt',
  'places.search.hint': 'Bijvoorbeeld: Zoetermeer, Rokkeveen of Vlaardingen. Een CBS-code mag ook.',
  'places.search.button': 'Zoeken',
  'places.search.title': 'Zoeken',
  'places.search.results': '{count} resultaten voor “{query}”',
  'places.search.none':
    'Geen gemeente, wijk of buurt gevonden voor “{query}”. Controleer de spelling of probeer een deel van de naam.',
  'places.search.tooShort': 'Typ minstens 2 letters.',
  'places.home.withMap': 'Gemeenten met kaart',
  'places.home.all': 'Alle gemeenten ({count})',
  'places.page.description':
    '{name} ({level}): de kaart en de cijfers van het CBS, zoals inwoners en huishoudens.',
  'places.page.in': '{level} in {parent}',
  'places.page.figures': 'Cijfers',
  'places.page.households': 'Huishoudens',
  'places.page.inhabitants': 'Inwoners',
  'places.page.code': 'CBS-code',
  'places.page.year': 'Peiljaar',
  'places.page.unknown': 'onbekend',
  'places.page.map': 'Kaart',
  'places.page.mapCaption': 'Kaart van {name}. De namen staan ook in de lijst hieronder.',
  'places.page.mapCaptionBuurt':
    'Kaart van {name} en de buurten eromheen in {parent}. De lijst van alle buurten staat op de pagina van {parent}.',
  'places.page.noMap': 'Van {name} is geen grens bekend, dus er is geen kaart.',
  'places.page.children': '{level} in {name}',
  'places.page.noChildren': 'Geen {level} bekend.',
  'places.page.name': 'Naam',
  'places.page.openData': 'Open data',
  'places.page.boundaryGeoJson': 'Grens als GeoJSON',
  'places.page.json': 'Gegevens als JSON',
  'places.page.figuresNote':
    'Cijfers van het CBS per 1 januari {year}; wijk- en buurtcijfers zijn afgerond op 5.',
  'errors.placeNotFound': 'Er is geen gemeente, wijk of buurt met code {code}.',
  'errors.boundaryNotFound': 'Van {code} is geen grens bekend.',
  'errors.pointOutside': 'Het punt {lat}, {lon} ligt niet in een buurt die wij kennen.',
  'errors.latitude': 'Geef een breedtegraad (lat) tussen -90 en 90, zoals 52.06.',
  'errors.longitude': 'Geef een lengtegraad (lon) tussen -180 en 180, zoals 4.49.',
} as const;

const en: Record<keyof typeof nl, string> = {
  'places.level.gemeente': 'Municipality',
  'places.level.wijk': 'District',
  'places.level.buurt': 'Neighbourhood',
  'places.levelPlural.gemeente': 'Municipalities',
  'places.levelPlural.wijk': 'Districts',
  'places.levelPlural.buurt': 'Neighbourhoods',
  'places.home.title': 'Find your municipality, district or neighbourhood',
  'places.home.description':
    'Find your municipality, district or neighbourhood and see its map and the CBS figures.',
  'places.home.intro':
    'See what is going on in your neighbourhood: the figures, the map, and soon initiatives, reports and meetings too.',
  'places.search.label': 'Name of your municipality, district or neighbourhood',
  'places.search.hint': 'For example: Zoetermeer, Rokkeveen or Vlaardingen. A CBS code works too.',
  'places.search.button': 'Search',
  'places.search.title': 'Search',
  'places.search.results': '{count} results for “{query}”',
  'places.search.none':
    'No municipality, district or neighbourhood found for “{query}”. Check the spelling or try part of the name.',
  'places.search.tooShort': 'Type at least 2 letters.',
  'places.home.withMap': 'Municipalities with a map',
  'places.home.all': 'All municipalities ({count})',
  'places.page.description':
    '{name} ({level}): the map and the CBS figures, such as inhabitants and households.',
  'places.page.in': '{level} in {parent}',
  'places.page.figures': 'Figures',
  'places.page.households': 'Households',
  'places.page.inhabitants': 'Inhabitants',
  'places.page.code': 'CBS code',
  'places.page.year': 'Reference year',
  'places.page.unknown': 'unknown',
  'places.page.map': 'Map',
  'places.page.mapCaption': 'Map of {name}. The names are also in the list below.',
  'places.page.mapCaptionBuurt':
    'Map of {name} and the neighbourhoods around it in {parent}. The list of all its neighbourhoods is on the page of {parent}.',
  'places.page.noMap': 'No boundary is known for {name}, so there is no map.',
  'places.page.children': '{level} in {name}',
  'places.page.noChildren': 'No {level} known.',
  'places.page.name': 'Name',
  'places.page.openData': 'Open data',
  'places.page.boundaryGeoJson': 'Boundary as GeoJSON',
  'places.page.json': 'Data as JSON',
  'places.page.figuresNote':
    'Figures from Statistics Netherlands (CBS) as of 1 January {year}; district and neighbourhood figures are rounded to 5.',
  'errors.placeNotFound': 'There is no municipality, district or neighbourhood with code {code}.',
  'errors.boundaryNotFound': 'No boundary is known for {code}.',
  'errors.pointOutside': 'The point {lat}, {lon} is not in any neighbourhood we know.',
  'errors.latitude': 'Give a latitude (lat) between -90 and 90, such as 52.06.',
  'errors.longitude': 'Give a longitude (lon) between -180 and 180, such as 4.49.',
};

export const placesMessages = { nl, en } satisfies MessageBundle<keyof typeof nl>;
