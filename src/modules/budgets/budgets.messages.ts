import type { MessageBundle } from '../../web/i18n/i18n.js';

const nl = {
  'budgets.title': 'Buurtbudget',
  'budgets.intro':
    'Elk huishouden krijgt ieder jaar een bedrag van de gemeente (meestal € 10). U geeft dat aan één initiatief in uw eigen buurt of wijk. U heeft daarvoor de code uit de brief van de gemeente nodig. U geeft het hele bedrag in één keer.',
  'budgets.code.label': 'Uw code',
  'budgets.code.hint':
    'Staat in de brief, bijvoorbeeld 7KQ4-Mb9T-XaE2. Let op hoofdletters en kleine letters. Streepjes en spaties mogen.',
  'budgets.code.button': 'Verder',
  'budgets.desk.note':
    'Geen computer? Neem uw brief mee naar de balie van het gemeentehuis. Een medewerker helpt u.',
  'budgets.state.unused': 'U heeft uw buurtbudget van {amount} nog niet gegeven.',
  'budgets.state.pledged': 'U heeft uw {amount} gegeven aan {title}. Uw bonnummer is {receipt}.',
  'budgets.state.funded':
    'U heeft uw {amount} gegeven aan {title}. Dat initiatief heeft genoeg geld en gaat door. Uw bonnummer is {receipt}.',
  'budgets.state.released':
    'Het initiatief dat u koos, {title}, haalde het doel niet op tijd. U kunt uw {amount} opnieuw geven.',
  'budgets.state.lapsed': 'Het jaar is voorbij. Uw buurtbudget van dit jaar is vervallen.',
  'budgets.state.yearNotOpen': 'U kunt op dit moment niet geven. Het buurtbudget is nu niet open.',
  'budgets.choose.title': 'Kies een initiatief',
  'budgets.choose.legend': 'Aan welk initiatief geeft u uw {amount}?',
  'budgets.choose.progress': '{pledged} van {goal} opgehaald, open tot {deadline}',
  'budgets.choose.none':
    'Er zijn nu geen initiatieven in uw buurt waaraan u kunt geven. Kijk later nog eens.',
  'budgets.choose.button': 'Kies dit initiatief',
  'budgets.confirm.title': 'Controleer uw keuze',
  'budgets.confirm.text':
    'U geeft {amount} aan {title}. Dit kunt u daarna niet meer veranderen. Haalt het initiatief het doel niet op tijd, dan mag u opnieuw kiezen.',
  'budgets.confirm.button': 'Ja, geef {amount}',
  'budgets.confirm.back': 'Nee, ik kies een ander initiatief',
  'budgets.receipt.title': 'Bedankt! Uw bijdrage is ontvangen',
  'budgets.receipt.text': 'Uw {amount} gaat naar {title}.',
  'budgets.receipt.number': 'Bonnummer',
  'budgets.receipt.keep':
    'Bewaar dit nummer. Met uw code kunt u later altijd zien wat er met uw bijdrage gebeurt.',
  'budgets.receipt.fundedNow': 'Met uw bijdrage is het doel bereikt. Het initiatief gaat door!',
  'budgets.status.active': 'Wacht op het doel',
  'budgets.status.funded': 'Doel bereikt',
  'budgets.status.released': 'Vrijgegeven',
  'budgets.errors.code.length': 'Een code heeft 12 tekens. Controleer de code in uw brief.',
  'budgets.errors.code.character':
    'Het teken "{character}" komt niet voor in codes. Codes hebben geen 0, 1, O, I, L of U. Controleer de code in uw brief.',
  'budgets.errors.code.check':
    'Deze code klopt niet. Misschien is er één teken verkeerd, of zijn twee tekens omgewisseld. Let ook op hoofdletters en kleine letters.',
  'budgets.errors.codeUnknown': 'Wij kennen deze code niet. Gebruik de code uit de nieuwste brief.',
  'budgets.errors.alreadyPledged':
    'Met deze code is al gegeven aan {title} (bonnummer {receipt}). U kunt maar één keer geven.',
  'budgets.errors.alreadyFunded': '{title} heeft al genoeg geld. Kies een ander initiatief.',
  'budgets.errors.notOpen': 'Aan dit initiatief kunt u nu niet geven. Kies een ander initiatief.',
  'budgets.errors.notInScope': 'Dit initiatief ligt niet in uw buurt. Kies een initiatief uit de lijst.',
  'budgets.errors.lapsed': 'Het jaar is voorbij. Met deze code kunt u niet meer geven.',
  'budgets.errors.yearNotOpen': 'U kunt op dit moment niet geven. Het buurtbudget is nu niet open.',
  'budgets.errors.yearLocked':
    'Bedrag en keuze (buurt of wijk) liggen vast: er zijn al codes uitgegeven of bijdragen gedaan.',
  'budgets.errors.yearClosed': 'Dit jaar is al afgesloten.',
  'budgets.errors.noYear': 'Er is geen buurtbudget voor {year}.',
  'budgets.errors.pledgesWaiting':
    'Er wachten nog {count} bijdragen op initiatieven met een latere einddatum. Sluit het jaar af na die datum.',
  'budgets.errors.initiativeNotFound': 'Dit initiatief bestaat niet.',
  'budgets.errors.receiptNotFound': 'Dit bonnummer bestaat niet.',
  'budgets.desk.title': 'Buurtbudget aan de balie',
  'budgets.desk.intro':
    'Vul de code uit de brief van de bewoner in en het nummer van het initiatief dat de bewoner kiest (bijvoorbeeld INI-2026-0042).',
  'budgets.desk.initiative': 'Nummer van het initiatief',
  'budgets.desk.button': 'Bijdrage vastleggen',
  'budgets.figures.title': 'Buurtbudget {year} in cijfers',
  'budgets.figures.intro':
    'Hoeveel geld er per buurt beschikbaar was, hoeveel huishoudens gaven, wat naar initiatieven ging en wat vervallen is.',
  'budgets.figures.buurt': 'Buurt',
  'budgets.figures.households': 'Huishoudens',
  'budgets.figures.available': 'Beschikbaar',
  'budgets.figures.pledged': 'Gegeven',
  'budgets.figures.funded': 'Naar initiatieven',
  'budgets.figures.released': 'Vrijgegeven',
  'budgets.figures.lapsed': 'Vervallen',
  'budgets.figures.total': 'Totaal',
  'budgets.figures.csv': 'Download als CSV (open data)',
  'budgets.figures.none': 'Voor dit jaar zijn er nog geen codes uitgegeven.',
  'budgets.admin.title': 'Buurtbudget {year} beheren',
  'budgets.admin.terms':
    '{amount} per huishouden, te geven in de eigen {scope}, van {opens} tot en met {closes}.',
  'budgets.admin.goalTitle': 'Doel en einddatum van een initiatief',
  'budgets.admin.goal': 'Doel in euro',
  'budgets.admin.deadline': 'Einddatum',
  'budgets.admin.goalButton': 'Doel opslaan',
  'budgets.admin.goalSaved': 'Het doel is opgeslagen.',
  'budgets.admin.goalInvalid': 'Vul een bedrag en een datum in.',
  'budgets.admin.closeTitle': 'Het jaar afsluiten',
  'budgets.admin.closeText':
    'Niet gebruikte en vrijgegeven codes vervallen. Dit kan niet ongedaan worden gemaakt.',
  'budgets.admin.closeButton': 'Jaar afsluiten',
  'budgets.admin.closed': 'Het jaar is afgesloten.',
};

const en: Record<keyof typeof nl, string> = {
  'budgets.title': 'Household budget',
  'budgets.intro':
    'Every household gets an amount from the municipality each year (usually €10). You give it to one initiative in your own neighbourhood or district. You need the code from the municipality’s letter. You give the whole amount at once.',
  'budgets.code.label': 'Your code',
  'budgets.code.hint':
    'It is in the letter, for example 7KQ4-Mb9T-XaE2. Capitals and small letters matter. Hyphens and spaces are fine.',
  'budgets.code.button': 'Continue',
  'budgets.desk.note': 'No computer? Bring your letter to the desk at the town hall. Staff will help you.',
  'budgets.state.unused': 'You have not given your household budget of {amount} yet.',
  'budgets.state.pledged': 'You gave your {amount} to {title}. Your receipt number is {receipt}.',
  'budgets.state.funded':
    'You gave your {amount} to {title}. That initiative has enough money and goes ahead. Your receipt number is {receipt}.',
  'budgets.state.released':
    'The initiative you chose, {title}, did not reach its goal in time. You can give your {amount} again.',
  'budgets.state.lapsed': 'The year is over. Your household budget for this year has lapsed.',
  'budgets.state.yearNotOpen': 'You cannot give right now. The household budget is not open at the moment.',
  'budgets.choose.title': 'Choose an initiative',
  'budgets.choose.legend': 'Which initiative do you give your {amount} to?',
  'budgets.choose.progress': '{pledged} of {goal} raised, open until {deadline}',
  'budgets.choose.none':
    'There are no initiatives in your neighbourhood to give to right now. Please look again later.',
  'budgets.choose.button': 'Choose this initiative',
  'budgets.confirm.title': 'Check your choice',
  'budgets.confirm.text':
    'You give {amount} to {title}. You cannot change this afterwards. If the initiative does not reach its goal in time, you may choose again.',
  'budgets.confirm.button': 'Yes, give {amount}',
  'budgets.confirm.back': 'No, I choose another initiative',
  'budgets.receipt.title': 'Thank you! Your contribution has been received',
  'budgets.receipt.text': 'Your {amount} goes to {title}.',
  'budgets.receipt.number': 'Receipt number',
  'budgets.receipt.keep':
    'Keep this number. With your code you can always see later what happens with your contribution.',
  'budgets.receipt.fundedNow': 'Your contribution made it reach its goal. The initiative goes ahead!',
  'budgets.status.active': 'Waiting for the goal',
  'budgets.status.funded': 'Goal reached',
  'budgets.status.released': 'Released',
  'budgets.errors.code.length': 'A code has 12 characters. Please check the code in your letter.',
  'budgets.errors.code.character':
    'The character "{character}" is not used in codes. Codes have no 0, 1, O, I, L or U. Please check the code in your letter.',
  'budgets.errors.code.check':
    'This code is not right. Perhaps one character is wrong, or two characters are swapped. Mind capitals and small letters too.',
  'budgets.errors.codeUnknown': 'We do not know this code. Please use the code from your latest letter.',
  'budgets.errors.alreadyPledged':
    'This code was already given to {title} (receipt number {receipt}). You can give only once.',
  'budgets.errors.alreadyFunded': '{title} already has enough money. Please choose another initiative.',
  'budgets.errors.notOpen': 'You cannot give to this initiative now. Please choose another initiative.',
  'budgets.errors.notInScope':
    'This initiative is not in your neighbourhood. Please choose one from the list.',
  'budgets.errors.lapsed': 'The year is over. This code can no longer be used to give.',
  'budgets.errors.yearNotOpen': 'You cannot give right now. The household budget is not open at the moment.',
  'budgets.errors.yearLocked':
    'Amount and scope (neighbourhood or district) are fixed: codes were issued or contributions made already.',
  'budgets.errors.yearClosed': 'This year has already been closed.',
  'budgets.errors.noYear': 'There is no household budget for {year}.',
  'budgets.errors.pledgesWaiting':
    '{count} contributions still wait for initiatives with a later deadline. Close the year after that date.',
  'budgets.errors.initiativeNotFound': 'This initiative does not exist.',
  'budgets.errors.receiptNotFound': 'This receipt number does not exist.',
  'budgets.desk.title': 'Household budget at the desk',
  'budgets.desk.intro':
    'Enter the code from the resident’s letter and the number of the initiative they choose (for example INI-2026-0042).',
  'budgets.desk.initiative': 'Number of the initiative',
  'budgets.desk.button': 'Record contribution',
  'budgets.figures.title': 'Household budget {year} in figures',
  'budgets.figures.intro':
    'How much money each neighbourhood had, how much households gave, what went to initiatives and what lapsed.',
  'budgets.figures.buurt': 'Neighbourhood',
  'budgets.figures.households': 'Households',
  'budgets.figures.available': 'Available',
  'budgets.figures.pledged': 'Given',
  'budgets.figures.funded': 'To initiatives',
  'budgets.figures.released': 'Released',
  'budgets.figures.lapsed': 'Lapsed',
  'budgets.figures.total': 'Total',
  'budgets.figures.csv': 'Download as CSV (open data)',
  'budgets.figures.none': 'No codes have been issued for this year yet.',
  'budgets.admin.title': 'Manage household budget {year}',
  'budgets.admin.terms': '{amount} per household, to give in its own {scope}, from {opens} to {closes}.',
  'budgets.admin.goalTitle': 'Goal and deadline of an initiative',
  'budgets.admin.goal': 'Goal in euros',
  'budgets.admin.deadline': 'Deadline',
  'budgets.admin.goalButton': 'Save goal',
  'budgets.admin.goalSaved': 'The goal has been saved.',
  'budgets.admin.goalInvalid': 'Enter an amount and a date.',
  'budgets.admin.closeTitle': 'Close the year',
  'budgets.admin.closeText': 'Unused and released codes lapse. This cannot be undone.',
  'budgets.admin.closeButton': 'Close year',
  'budgets.admin.closed': 'The year has been closed.',
};

/** Texts of the household budget, Dutch first (B1), English complete. */
export const budgetsMessages = { nl, en } satisfies MessageBundle<keyof typeof nl>;
