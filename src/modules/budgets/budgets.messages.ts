import type { MessageBundle } from '../../web/i18n/i18n.js';

const nl = {
  'budgets.title': 'Buurtbudget',
  'budgets.intro':
    'Elk huishouden krijgt ieder jaar een bedrag van de gemeente (meestal € 10). U geeft dat aan één initiatief in uw eigen buurt of wijk. U heeft daarvoor de code uit de brief van de gemeente nodig. U geeft het hele bedrag in één keer.',
  'budgets.code.label': 'Uw code',
  'budgets.code.hint':
    'Staat in de brief, bijvoorbeeld 7KP4-M9TX-AE3R-6P. Kleine letters, spaties en streepjes mogen.',
  'budgets.code.button': 'Verder',
  'budgets.code.chosen':
    'U geeft uw buurtbudget aan: {title}. Vul uw code in. Daarna ziet u uw keuze nog een keer.',
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
  'budgets.choose.outsideBuurt':
    'Met deze code kunt u niet geven aan {title}: dat initiatief ligt niet in uw buurt. U kunt alleen geven aan een initiatief in uw eigen buurt.',
  'budgets.choose.outsideWijk':
    'Met deze code kunt u niet geven aan {title}: dat initiatief ligt niet in uw wijk. U kunt alleen geven aan een initiatief in uw eigen wijk.',
  'budgets.choose.notOpen': 'U kunt niet meer geven aan {title}: het is niet meer open voor het buurtbudget.',
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
  'budgets.errors.code.length': 'Een code heeft 14 tekens. Controleer de code in uw brief.',
  'budgets.errors.code.character':
    'Het teken "{character}" komt niet voor in codes. Een code heeft alleen cijfers en letters. Controleer de code in uw brief.',
  'budgets.errors.code.check':
    'Deze code klopt niet. Misschien is er één teken verkeerd, of zijn twee tekens omgewisseld.',
  'budgets.errors.code.old':
    'Deze code heeft 12 tekens. Zo zagen de codes in de eerste brieven eruit. Die codes werken niet meer. U krijgt een nieuwe brief met een code van 14 tekens. Heeft u die al? Gebruik dan de nieuwe code. Vragen? Ga naar de balie van het gemeentehuis.',
  'budgets.errors.codeUnknown': 'Wij kennen deze code niet. Gebruik de code uit de nieuwste brief.',
  'budgets.errors.match.wijk': 'Kies een wijk voor de verdubbelregeling.',
  'budgets.errors.match.year': 'Kies een jaar tussen 2000 en 2100.',
  'budgets.errors.match.ratio': 'Vul bij de verhouding hele getallen van 1 tot en met 100 in.',
  'budgets.errors.match.cap': 'Vul bij de grenzen een bedrag in van meer dan € 0.',
  'budgets.errors.match.reference': 'De regeling hoort bij een besluit over het wijkbudget.',
  'budgets.errors.match.capBelowUsed':
    'De grens voor de wijk kan niet lager dan wat al is toegekend uit de regeling: {used}.',
  'budgets.errors.match.initiativeCapBelowUsed':
    'De grens per initiatief kan niet lager dan wat één initiatief al kreeg uit de regeling.',
  'budgets.errors.match.notGranted':
    'Het besluit heeft niet genoeg geld toegekend voor deze grens. Nog beschikbaar: {granted}.',
  'budgets.errors.alreadyPledged':
    'Met deze code is al gegeven aan {title} (bonnummer {receipt}). U kunt maar één keer geven.',
  'budgets.errors.alreadyFunded': '{title} heeft al genoeg geld. Kies een ander initiatief.',
  'budgets.errors.notOpen': 'Aan dit initiatief kunt u nu niet geven. Kies een ander initiatief.',
  'budgets.errors.notInScope': 'Dit initiatief ligt niet in uw buurt. Kies een initiatief uit de lijst.',
  'budgets.errors.goalSettled':
    'Het doel van dit initiatief is al afgerond (bereikt of verlopen) en kan niet meer veranderen.',
  'budgets.errors.goalBelowPledged': 'Het doel moet hoger zijn dan wat huishoudens al gaven ({pledged}).',
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
  'budgets.place.title': 'Buurtbudget {year}',
  'budgets.place.intro':
    'Elk huishouden krijgt van de gemeente een buurtbudget om te geven aan een initiatief in de eigen buurt of wijk. Zo staat het in {name} in {year}:',
  'budgets.place.households': 'Huishoudens met een code',
  'budgets.place.available': 'Beschikbaar',
  'budgets.place.given': 'Gegeven',
  'budgets.stats.households': 'Huishoudens met een code voor het buurtbudget van het jaar',
  'budgets.stats.pledges':
    'Keren dat een huishouden zijn buurtbudget gaf in het jaar (ook als het later vrijkwam)',
  'budgets.stats.given': 'Bedrag dat huishoudens gaven in het jaar (ook als het later vrijkwam)',
  'budgets.stats.funded': 'Bedrag dat naar initiatieven ging die hun doel bereikten',
  'budgets.place.funded': 'Naar initiatieven',
  'budgets.place.initiativesFunded': 'Initiatieven gefinancierd',
  'budgets.place.openCount': 'Initiatieven in {name} waaraan u nu kunt geven: {count}.',
  'budgets.place.noneOpen': 'Er zijn nu geen initiatieven in {name} waaraan u kunt geven.',
  'budgets.place.give': 'Geef uw buurtbudget',
  'budgets.place.figures': 'De cijfers van elke buurt in de gemeente over {year}',
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
  'budgets.scope.buurt': 'buurt',
  'budgets.scope.wijk': 'wijk',
  'budgets.nav': 'Buurtbudget',
  'budgets.nav.resident': 'Buurtbudget',
  'budgets.task.give.title': 'Geef uw buurtbudget',
  'budgets.task.give.description':
    'Heeft u een brief met een code gekregen? Geef het budget van uw huishouden aan een initiatief in uw buurt.',
  'budgets.openData.title': 'Buurtbudget: cijfers per buurt',
  'budgets.openData.description':
    'Per gemeente, jaar en buurt: hoeveel huishoudens een buurtbudget kregen, en hoeveel daarvan is gegeven, naar initiatieven ging, terugkwam of verviel. Bedragen in centen.',
  'budgets.openData.file': '{name} {year}',
  'budgets.admin.indexTitle': 'Buurtbudget beheren',
  'budgets.admin.indexIntro':
    'Hier vindt u het buurtbudget van uw gemeente per jaar. Kies een jaar om het bedrag en de data in te stellen, tegoedbonnen uit te geven, doelen van initiatieven vast te leggen of het jaar af te sluiten.',
  'budgets.admin.deskLink': 'Een bijdrage vastleggen aan de balie',
  'budgets.admin.noGemeenten':
    'U kunt geen buurtbudget van een gemeente beheren. Aan de balie kunt u wel bijdragen vastleggen.',
  'budgets.admin.noYears': 'Er is nog geen buurtbudget ingesteld.',
  'budgets.admin.yearsOf': 'Buurtbudgetten van {name}',
  'budgets.admin.yearsTable': 'Jaren, bedragen en tegoedbonnen van {name}',
  'budgets.admin.col.year': 'Jaar',
  'budgets.admin.col.amount': 'Per huishouden',
  'budgets.admin.col.scope': 'Buurt of wijk',
  'budgets.admin.col.period': 'Open',
  'budgets.admin.col.vouchers': 'Tegoedbonnen',
  'budgets.admin.col.status': 'Stand',
  'budgets.admin.period': '{opens} tot en met {closes}',
  'budgets.admin.status.open': 'Open',
  'budgets.admin.status.notYetOpen': 'Nog niet open',
  'budgets.admin.status.ended': 'Voorbij, nog niet afgesloten',
  'budgets.admin.status.closed': 'Afgesloten',
  'budgets.admin.startYear': 'Buurtbudget {year} instellen',
  'budgets.admin.newYearTitle': 'Buurtbudget {year} instellen',
  'budgets.admin.newYearIntro':
    'Er is nog geen buurtbudget voor {year}. Vul in hoeveel geld elk huishouden krijgt, waar het dat mag geven en wanneer.',
  'budgets.admin.yearTitle': 'Bedrag, buurt of wijk, en data',
  'budgets.admin.amount': 'Bedrag per huishouden in euro',
  'budgets.admin.amountHint': 'Bijvoorbeeld 10 of 10,00. Het mag tussen 0,01 en 1.000 euro zijn.',
  'budgets.admin.amountInvalid': 'Vul een bedrag in euro in tussen 0,01 en 1.000, bijvoorbeeld 10 of 10,00.',
  'budgets.admin.scope': 'Aan welke initiatieven mag een huishouden geven?',
  'budgets.admin.scopeOption.buurt': 'Aan initiatieven in de eigen buurt',
  'budgets.admin.scopeOption.wijk': 'Aan initiatieven in de eigen wijk (alle buurten van de wijk)',
  'budgets.admin.scopeInvalid': 'Kies: eigen buurt of eigen wijk.',
  'budgets.admin.opensOn': 'Eerste dag om te geven',
  'budgets.admin.closesOn': 'Laatste dag om te geven',
  'budgets.admin.dateHint': 'Een datum in {year}.',
  'budgets.admin.dateInvalid': 'Vul een datum in {year} in, bijvoorbeeld {example}.',
  'budgets.admin.closesBeforeOpens': 'De laatste dag ligt voor de eerste dag. Kies een latere datum.',
  'budgets.admin.yearButton': 'Opslaan',
  'budgets.admin.yearSaved': 'Het buurtbudget voor {year} is opgeslagen.',
  'budgets.admin.fixed': 'ligt vast',
  'budgets.admin.amountLocked':
    'Het bedrag ligt vast, want er zijn al tegoedbonnen uitgegeven. U kunt nog wel kiezen tussen buurt en wijk, en de data veranderen.',
  'budgets.admin.allLocked':
    'Het bedrag en de keuze tussen buurt en wijk liggen vast, want huishoudens hebben al gegeven. U kunt alleen de data nog veranderen.',
  'budgets.admin.closedNote': 'Dit jaar is afgesloten. Er kan niets meer veranderen.',
  'budgets.admin.vouchersTitle': 'Tegoedbonnen',
  'budgets.admin.vouchersCount': 'Er zijn {count} tegoedbonnen uitgegeven.',
  'budgets.admin.vouchersText':
    'Elk huishouden krijgt één tegoedbon. Staan de huishoudens van de gemeente in de huishoudensregistratie, dan krijgt elk daarvan er één. Anders krijgt elke buurt er zoveel als het CBS huishoudens telt. Nog een keer uitgeven vult alleen aan. Bij een grote gemeente duurt het enkele seconden.',
  'budgets.admin.vouchersLetters':
    'De codes staan alleen in de brieven aan de huishoudens. Die maakt u daarna met de opdracht: npx buurtkracht letters.',
  'budgets.admin.vouchersButton': 'Tegoedbonnen uitgeven',
  'budgets.admin.vouchersIssued':
    'Er zijn {issued} tegoedbonnen uitgegeven, in {buurten} buurten. Er waren er al {already}.',
};

const en: Record<keyof typeof nl, string> = {
  'budgets.title': 'Household budget',
  'budgets.intro':
    'Every household gets an amount from the municipality each year (usually €10). You give it to one initiative in your own neighbourhood or district. You need the code from the municipality’s letter. You give the whole amount at once.',
  'budgets.code.label': 'Your code',
  'budgets.code.hint':
    'It is in the letter, for example 7KP4-M9TX-AE3R-6P. Small letters, spaces and hyphens are fine.',
  'budgets.code.button': 'Continue',
  'budgets.code.chosen':
    'You are giving your household budget to: {title}. Enter your code. You will see your choice once more after that.',
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
  'budgets.choose.outsideBuurt':
    'With this code you cannot give to {title}: that initiative is not in your neighbourhood. You can only give to an initiative in your own neighbourhood.',
  'budgets.choose.outsideWijk':
    'With this code you cannot give to {title}: that initiative is not in your district. You can only give to an initiative in your own district.',
  'budgets.choose.notOpen':
    'You can no longer give to {title}: it is no longer open for the household budget.',
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
  'budgets.errors.code.length': 'A code has 14 characters. Please check the code in your letter.',
  'budgets.errors.code.character':
    'The character "{character}" is not used in codes. A code has only digits and letters. Please check the code in your letter.',
  'budgets.errors.code.check':
    'This code is not right. Perhaps one character is wrong, or two characters are swapped.',
  'budgets.errors.code.old':
    'This code has 12 characters, as the codes in the first letters had. Those codes no longer work. You will get a new letter with a code of 14 characters. Do you have it already? Then please use the new code. Questions? Please go to the desk at the town hall.',
  'budgets.errors.codeUnknown': 'We do not know this code. Please use the code from your latest letter.',
  'budgets.errors.match.wijk': 'Choose a district for the match-funding rule.',
  'budgets.errors.match.year': 'Choose a year between 2000 and 2100.',
  'budgets.errors.match.ratio': 'Enter whole numbers from 1 to 100 for the ratio.',
  'budgets.errors.match.cap': 'Enter an amount of more than € 0 for each limit.',
  'budgets.errors.match.reference': 'The rule belongs to a decision on the district budget.',
  'budgets.errors.match.capBelowUsed':
    'The limit for the district cannot be lower than what the rule has already matched: {used}.',
  'budgets.errors.match.initiativeCapBelowUsed':
    'The limit per initiative cannot be lower than what one initiative has already received from the rule.',
  'budgets.errors.match.notGranted':
    'The decision has not granted enough money for this limit. Still available: {granted}.',
  'budgets.errors.alreadyPledged':
    'This code was already given to {title} (receipt number {receipt}). You can give only once.',
  'budgets.errors.alreadyFunded': '{title} already has enough money. Please choose another initiative.',
  'budgets.errors.notOpen': 'You cannot give to this initiative now. Please choose another initiative.',
  'budgets.errors.goalSettled':
    'The goal of this initiative is settled (reached or expired) and can no longer change.',
  'budgets.errors.goalBelowPledged':
    'The goal must be higher than what households have already given ({pledged}).',
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
  'budgets.place.title': 'Household budget {year}',
  'budgets.place.intro':
    'Every household gets a budget from the municipality to give to an initiative in its own neighbourhood or district. This is how things stand in {name} in {year}:',
  'budgets.place.households': 'Households with a code',
  'budgets.place.available': 'Available',
  'budgets.place.given': 'Given',
  'budgets.stats.households': 'Households with a code for the year’s household budget',
  'budgets.stats.pledges':
    'Times a household gave its household budget in the year (also when it was released later)',
  'budgets.stats.given': 'Amount households gave in the year (also when it was released later)',
  'budgets.stats.funded': 'Amount that went to initiatives that reached their goal',
  'budgets.place.funded': 'To initiatives',
  'budgets.place.initiativesFunded': 'Initiatives funded',
  'budgets.place.openCount': 'Initiatives in {name} you can give to now: {count}.',
  'budgets.place.noneOpen': 'There are no initiatives in {name} you can give to right now.',
  'budgets.place.give': 'Give your household budget',
  'budgets.place.figures': 'The figures for every neighbourhood in the municipality in {year}',
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
  'budgets.scope.buurt': 'neighbourhood',
  'budgets.scope.wijk': 'district',
  'budgets.nav': 'Household budget',
  'budgets.nav.resident': 'Household budget',
  'budgets.task.give.title': 'Give your household budget',
  'budgets.task.give.description':
    'Did you get a letter with a code? Give your household’s budget to an initiative in your neighbourhood.',
  'budgets.openData.title': 'Household budget: figures per neighbourhood',
  'budgets.openData.description':
    'Per municipality, year and neighbourhood: how many households received a household budget, and how much of it was given, went to initiatives, came back or lapsed. Amounts in cents.',
  'budgets.openData.file': '{name} {year}',
  'budgets.admin.indexTitle': 'Manage the household budget',
  'budgets.admin.indexIntro':
    'Here you find your municipality’s household budget for each year. Choose a year to set its amount and dates, issue vouchers, record the goals of initiatives or close the year.',
  'budgets.admin.deskLink': 'Record a contribution at the desk',
  'budgets.admin.noGemeenten':
    'You cannot manage the household budget of a municipality. You can record contributions at the desk.',
  'budgets.admin.noYears': 'No household budget has been set up yet.',
  'budgets.admin.yearsOf': 'Household budgets of {name}',
  'budgets.admin.yearsTable': 'Years, amounts and vouchers of {name}',
  'budgets.admin.col.year': 'Year',
  'budgets.admin.col.amount': 'Per household',
  'budgets.admin.col.scope': 'Neighbourhood or district',
  'budgets.admin.col.period': 'Open',
  'budgets.admin.col.vouchers': 'Vouchers',
  'budgets.admin.col.status': 'State',
  'budgets.admin.period': '{opens} to {closes}',
  'budgets.admin.status.open': 'Open',
  'budgets.admin.status.notYetOpen': 'Not open yet',
  'budgets.admin.status.ended': 'Over, not closed yet',
  'budgets.admin.status.closed': 'Closed',
  'budgets.admin.startYear': 'Set up household budget {year}',
  'budgets.admin.newYearTitle': 'Set up household budget {year}',
  'budgets.admin.newYearIntro':
    'There is no household budget for {year} yet. Enter how much money each household gets, where it may give it and when.',
  'budgets.admin.yearTitle': 'Amount, neighbourhood or district, and dates',
  'budgets.admin.amount': 'Amount per household in euros',
  'budgets.admin.amountHint': 'For example 10 or 10,00. Between 0.01 and 1,000 euros.',
  'budgets.admin.amountInvalid': 'Enter an amount in euros between 0.01 and 1,000, for example 10 or 10,00.',
  'budgets.admin.scope': 'Which initiatives may a household give to?',
  'budgets.admin.scopeOption.buurt': 'Initiatives in its own neighbourhood',
  'budgets.admin.scopeOption.wijk': 'Initiatives in its own district (every neighbourhood of the district)',
  'budgets.admin.scopeInvalid': 'Choose: own neighbourhood or own district.',
  'budgets.admin.opensOn': 'First day to give',
  'budgets.admin.closesOn': 'Last day to give',
  'budgets.admin.dateHint': 'A date in {year}.',
  'budgets.admin.dateInvalid': 'Enter a date in {year}, for example {example}.',
  'budgets.admin.closesBeforeOpens': 'The last day is before the first day. Choose a later date.',
  'budgets.admin.yearButton': 'Save',
  'budgets.admin.yearSaved': 'The household budget for {year} has been saved.',
  'budgets.admin.fixed': 'fixed',
  'budgets.admin.amountLocked':
    'The amount is fixed, because vouchers have been issued. You can still choose between neighbourhood and district, and change the dates.',
  'budgets.admin.allLocked':
    'The amount and the choice between neighbourhood and district are fixed, because households have given already. You can only change the dates.',
  'budgets.admin.closedNote': 'This year has been closed. Nothing can change any more.',
  'budgets.admin.vouchersTitle': 'Vouchers',
  'budgets.admin.vouchersCount': '{count} vouchers have been issued.',
  'budgets.admin.vouchersText':
    'Every household gets one voucher. If the municipality’s households are in the household register, each of them gets one. Otherwise each neighbourhood gets as many as CBS counts households. Issuing again only tops up. For a large municipality this takes a few seconds.',
  'budgets.admin.vouchersLetters':
    'The codes are only in the letters to the households. You make those afterwards with the command: npx buurtkracht letters.',
  'budgets.admin.vouchersButton': 'Issue vouchers',
  'budgets.admin.vouchersIssued':
    '{issued} vouchers were issued, in {buurten} neighbourhoods. {already} had been issued before.',
};

/** Texts of the household budget, Dutch first (B1), English complete. */
export const budgetsMessages = { nl, en } satisfies MessageBundle<keyof typeof nl>;
