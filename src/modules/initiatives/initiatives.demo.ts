import crypto from 'node:crypto';
import { addWorkingDays, amsterdamDate } from '../../shared/dates.js';
import {
  checkMove,
  formatReference,
  PUBLIC_STAGES,
  type HelpKind,
  type Stage,
  type Theme,
} from './initiative.js';
import * as repo from './initiatives.repository.js';
import type { InitiativesContext } from './initiatives.service.js';

interface DemoInitiative {
  buurt: string;
  /** A point inside the buurt, or none (the place described in words). */
  at?: [lat: number, lon: number];
  title: string;
  summary: string;
  forWhom: string;
  themes: Theme[];
  help: HelpKind[];
  where: string;
  lines: [string, number][];
  /** The path through the stages, after `submitted`; the last is where it stands. */
  path: Stage[];
  reasons?: Partial<Record<Stage, string>>;
  thread?: [author: 'initiator' | 'staff' | 'note', body: string][];
  initiator: string;
  daysAgo: number;
}

const DEMO: DemoInitiative[] = [
  {
    buurt: 'BU06370001',
    at: [52.0521, 4.4982],
    title: 'Moestuin achter de Dorpsstraat',
    summary:
      'Wij willen van het lege grasveld achter de Dorpsstraat een moestuin maken. Buren kweken samen groenten en kruiden.\n\nOp zaterdag drinken we er koffie; iedereen is welkom.',
    forWhom: 'Buren van alle leeftijden, ook mensen die weinig mensen kennen',
    themes: ['groen', 'ontmoeting'],
    help: ['money', 'permit', 'materials'],
    where: 'Grasveld achter Dorpsstraat 40-60',
    lines: [
      ['Plantenbakken van hout', 120000],
      ['Zaden, planten en aarde', 35000],
      ['Gereedschapskist met slot', 25000],
    ],
    path: ['intake', 'in_preparation', 'open_for_support'],
    thread: [
      [
        'staff',
        'Wat een mooi plan! Weet u al van wie het grasveld is? Dan kijk ik of er een vergunning nodig is.',
      ],
      ['initiator', 'Ik denk van de gemeente. Er staat een bordje van de gemeente bij.'],
      ['note', 'Grond is van de gemeente; bij afdeling Groen nagevraagd: geen vergunning nodig voor bakken.'],
      [
        'staff',
        'Goed nieuws: voor losse plantenbakken is geen vergunning nodig. Zullen we de begroting samen doornemen?',
      ],
    ],
    initiator: 'Fatima Bakkali',
    daysAgo: 60,
  },
  // Open for support in Zoetermeer, in several buurten: the demo household budget gives them a
  // goal, and its demo letters go to the buurt with the most of them (BU06370001).
  {
    buurt: 'BU06370001',
    title: 'Bloembakken bij de bushalte',
    summary: 'Vier grote bloembakken bij de bushalte aan de Dorpsstraat. Buren geven de planten samen water.',
    forWhom: 'Iedereen die bij de bushalte wacht of langsloopt',
    themes: ['groen'],
    help: ['money', 'materials'],
    where: 'Bushalte Dorpsstraat',
    lines: [['Vier bloembakken met planten', 40000]],
    path: ['intake', 'in_preparation', 'open_for_support'],
    initiator: 'Joke Hoogendoorn',
    daysAgo: 45,
  },
  {
    buurt: 'BU06370001',
    title: 'Zwerfvuilprikkers voor de buurt',
    summary:
      'Grijpers, hesjes en zakken voor buren die één keer per maand samen zwerfvuil opruimen. Daarna drinken we koffie.',
    forWhom: 'Buren die hun straat schoon willen houden, ook kinderen met hun ouders',
    themes: ['groen', 'ontmoeting'],
    help: ['money', 'people'],
    where: 'Verzamelen bij het buurthuis',
    lines: [['Twaalf grijpers, hesjes en zakken', 18000]],
    path: ['intake', 'in_preparation', 'open_for_support'],
    initiator: 'Sven de Wit',
    daysAgo: 25,
  },
  {
    buurt: 'BU06370100',
    title: 'Jeu de boules-baan in Meerzicht',
    summary: 'Een jeu de boules-baan op het grasveld bij de flats, met een bankje ernaast.',
    forWhom: 'Buren van alle leeftijden, vooral ouderen',
    themes: ['ontmoeting', 'spelen'],
    help: ['money', 'permit'],
    where: 'Grasveld bij de flats aan het water',
    lines: [
      ['Aanleg baan', 150000],
      ['Ballen en bankje', 45000],
    ],
    path: ['intake', 'in_preparation', 'open_for_support'],
    initiator: 'Henk Vermeulen',
    daysAgo: 70,
  },
  {
    buurt: 'BU06370300',
    title: 'Ruilkast voor boeken en speelgoed',
    summary: 'Een houten kast bij het buurthuis waar buren boeken en speelgoed ruilen.',
    forWhom: 'Gezinnen en iedereen die graag leest',
    themes: ['ontmoeting', 'jongeren'],
    help: ['materials'],
    where: 'Bij de ingang van het buurthuis in Seghwaert',
    lines: [['Kast, verf en slot', 30000]],
    path: ['intake', 'in_preparation', 'open_for_support'],
    initiator: 'Priya Ramdin',
    daysAgo: 30,
  },
  {
    buurt: 'BU06370500',
    at: [52.0465, 4.4704],
    title: 'Speelmiddag op het Rokkeveense plein',
    summary: 'Elke eerste woensdag van de maand een speelmiddag met springkussen, stoepkrijt en limonade.',
    forWhom: 'Kinderen van 4 tot 12 jaar en hun ouders',
    themes: ['spelen', 'jongeren'],
    help: ['money', 'people'],
    where: 'Plein bij het winkelcentrum',
    lines: [
      ['Huur springkussen (10 keer)', 90000],
      ['Limonade en fruit', 20000],
    ],
    path: ['intake', 'in_preparation', 'open_for_support', 'funded', 'in_execution'],
    initiator: 'Kees van Dijk',
    daysAgo: 150,
  },
  {
    buurt: 'BU06370300',
    title: 'Koffieochtend voor ouderen in Seghwaert',
    summary:
      'Een wekelijkse koffieochtend in het buurthuis, zodat ouderen elkaar leren kennen en minder alleen zijn.',
    forWhom: 'Ouderen in Seghwaert die vaak alleen zijn',
    themes: ['eenzaamheid', 'ontmoeting', 'zorg'],
    help: ['space', 'people'],
    where: 'Buurthuis in Seghwaert-Zuid-West',
    lines: [['Koffie, thee en koek voor een jaar', 60000]],
    path: [],
    initiator: 'Marianne de Graaf',
    daysAgo: 12,
  },
  {
    buurt: 'BU06370100',
    at: [52.0581, 4.4657],
    title: 'Bankjes langs het water in Meerzicht',
    summary: 'Drie bankjes langs het water, zodat wandelaars even kunnen uitrusten.',
    forWhom: 'Wandelaars, ouderen en mensen met een hond',
    themes: ['ontmoeting', 'groen'],
    help: ['money', 'permit'],
    where: 'Wandelpad langs de Meerzichtlaan',
    lines: [['Drie bankjes met plaatsing', 450000]],
    path: ['intake', 'in_preparation', 'open_for_support', 'not_funded'],
    reasons: { not_funded: 'De termijn liep af voordat het doelbedrag was bereikt.' },
    initiator: 'Ahmed El Amrani',
    daysAgo: 200,
  },
  {
    buurt: 'BU07960105',
    at: [51.6914, 5.2964],
    title: 'Buurtfeest Het Zand',
    summary: 'Een buurtfeest in de straat met muziek, eten uit alle landen en spelletjes voor kinderen.',
    forWhom: 'Alle bewoners van Het Zand',
    themes: ['ontmoeting'],
    help: ['money', 'permit', 'materials'],
    where: 'Straat tussen het station en het park',
    lines: [
      ['Geluidsinstallatie', 40000],
      ['Tafels en stoelen huren', 30000],
      ['Vergunning evenement', 12000],
    ],
    path: [
      'intake',
      'in_preparation',
      'open_for_support',
      'funded',
      'in_execution',
      'completed',
      'evaluated',
    ],
    thread: [
      ['staff', 'Voor een straatfeest heeft u een evenementenvergunning nodig. Ik help u met de aanvraag.'],
      ['initiator', 'Fijn, dank u wel. Wat moet ik allemaal aanleveren?'],
    ],
    initiator: 'Jeroen Smits',
    daysAgo: 300,
  },
  {
    buurt: 'BU07960403',
    at: [51.6988, 5.3015],
    title: 'Boekenkastje bij de Orthenpoort',
    summary:
      'Een houten boekenkastje waar buren boeken ruilen. Een buurman timmert het, de school schildert het.',
    forWhom: 'Iedereen die graag leest, jong en oud',
    themes: ['ontmoeting', 'overig'],
    help: ['materials'],
    where: 'Bij de ingang van het park',
    lines: [['Hout, verf en scharnieren', 17500]],
    path: ['intake', 'in_preparation', 'open_for_support', 'funded', 'in_execution', 'completed'],
    initiator: 'Yusuf Demir',
    daysAgo: 240,
  },
  {
    buurt: 'BU07960202',
    title: 'Jongerenavond in Zuid',
    summary:
      'Een vaste avond in de week waar jongeren kunnen chillen, gamen en praten met een jongerenwerker.',
    forWhom: 'Jongeren van 12 tot 18 jaar',
    themes: ['jongeren', 'veiligheid'],
    help: ['space', 'people'],
    where: 'Wijkcentrum Zuid',
    lines: [['Spelcomputer en spellen', 80000]],
    path: ['intake'],
    thread: [['staff', 'Ik heb de jongerenwerker gevraagd mee te denken. Kunt u volgende week langskomen?']],
    initiator: 'Sanne Verhoeven',
    daysAgo: 20,
  },
  {
    buurt: 'BU07960301',
    title: 'Geveltuintjes in de Hinthamerpoort',
    summary: 'Samen met buren geveltuintjes aanleggen, zodat de straat groener en koeler wordt.',
    forWhom: 'Bewoners van de straat',
    themes: ['groen'],
    help: ['materials', 'people'],
    where: 'Hinthamerstraat, even nummers',
    lines: [['Planten en tegels eruit halen', 50000]],
    path: ['withdrawn'],
    reasons: { withdrawn: 'We doen mee aan een landelijke actie die de tuintjes al betaalt.' },
    initiator: 'Lotte Bakker',
    daysAgo: 40,
  },
  {
    buurt: 'BU07960601',
    title: 'Reclame voor mijn eigen winkel',
    summary: 'Ik wil een groot reclamebord voor mijn winkel in de wijk zetten.',
    forWhom: 'Mijn klanten',
    themes: ['overig'],
    help: ['money'],
    where: 'Hoek bij de rotonde',
    lines: [['Reclamebord', 300000]],
    path: ['intake', 'declined'],
    reasons: { declined: 'Het buurtbudget is voor initiatieven voor de buurt, niet voor één bedrijf.' },
    initiator: 'Piet Hermans',
    daysAgo: 70,
  },
  {
    buurt: 'BU06220103',
    at: [51.9115, 4.3415],
    title: 'Opknappen speeltuin Centrum',
    summary:
      'De speeltuin in het centrum is oud. Wij willen nieuwe speeltoestellen en een bankje voor ouders.',
    forWhom: 'Kinderen tot 10 jaar en hun ouders',
    themes: ['spelen'],
    help: ['money', 'permit'],
    where: 'Speeltuin aan het plein',
    lines: [
      ['Klimrek', 650000],
      ['Bankje', 90000],
    ],
    path: ['intake', 'in_preparation'],
    thread: [
      ['initiator', 'Wanneer hoor ik of de gemeente meebetaalt?'],
      ['staff', 'De wijkmanager besluit in maart over het wijkbudget. Ik houd u op de hoogte.'],
    ],
    initiator: 'Naima Ouali',
    daysAgo: 35,
  },
  {
    buurt: 'BU06220402',
    at: [51.9097, 4.3533],
    title: 'Buurtpreventie-app Oostbuurt',
    summary: 'Een groep buren die samen let op veiligheid, met bordjes en een avondwandeling.',
    forWhom: 'Alle bewoners van de Oostbuurt',
    themes: ['veiligheid'],
    help: ['materials'],
    where: 'De hele Oostbuurt',
    lines: [['Bordjes buurtpreventie', 40000]],
    path: ['intake', 'in_preparation', 'open_for_support', 'funded'],
    initiator: 'Bram Visser',
    daysAgo: 90,
  },
  {
    buurt: 'BU06220601',
    title: 'Samen eten in Vaart Zuid',
    summary: 'Eén keer per maand koken buren voor elkaar in de kerkzaal. Iedereen betaalt wat hij kan.',
    forWhom: 'Buren die graag samen eten, vooral mensen die alleen wonen',
    themes: ['eenzaamheid', 'ontmoeting'],
    help: ['space', 'money'],
    where: 'Kerkzaal aan de Vaart',
    lines: [['Boodschappen voor 12 maaltijden', 180000]],
    path: [],
    initiator: 'Ellen Jansen',
    daysAgo: 2,
  },
];

/**
 * Loads the demo initiatives when there are none: a mix across the three demo gemeenten, in
 * every stage, with timelines and threads. Moves follow the stage machine, as real ones do.
 */
export async function seedDemoInitiatives(ctx: InitiativesContext): Promise<number> {
  if ((await repo.countInitiatives(ctx.db)) > 0) return 0;
  const now = ctx.now();
  let created = 0;
  for (const [n, demo] of DEMO.entries()) {
    const place = demo.at
      ? ((await ctx.places.placeOfPoint(demo.at[0], demo.at[1])) ??
        (await ctx.places.placeOfBuurt(demo.buurt)))
      : await ctx.places.placeOfBuurt(demo.buurt);
    if (!place) continue;
    const coaches = await ctx.staff.holdingRoles(ctx.db, place.gemeente.code, ['coach']);
    const coach = coaches[0];
    const day = 24 * 3600 * 1000;
    const submittedAt = new Date(now.getTime() - demo.daysAgo * day);
    await ctx.db.transaction().execute(async (trx) => {
      const year = Number(amsterdamDate(submittedAt).slice(0, 4));
      const id = await repo.insertInitiative(trx, {
        reference: formatReference(year, await repo.nextReferenceNumber(trx, year)),
        title: demo.title,
        summary: demo.summary,
        for_whom: demo.forWhom,
        themes: demo.themes,
        help_wanted: demo.help,
        buurt_code: place.buurt.code,
        wijk_code: place.wijk.code,
        municipality_code: place.gemeente.code,
        location_description: demo.where,
        lat: demo.at?.[0] ?? null,
        lon: demo.at?.[1] ?? null,
        stage: 'submitted',
        channel: n % 4 === 2 ? 'paper' : 'online',
        initiator_name: demo.initiator,
        initiator_email: `${demo.initiator.toLowerCase().replace(/[^a-z]+/g, '.')}@example.nl`,
        initiator_phone: null,
        // Demo initiators never get their link: a random token nobody knows.
        tracking_token_hash: crypto.createHash('sha256').update(crypto.randomBytes(32)).digest('hex'),
        submitted_by_account_id: null,
        intake_due_on: addWorkingDays(amsterdamDate(submittedAt), ctx.settings.intakeWorkingDays),
        created_at: submittedAt,
      });
      await repo.insertBudgetLines(
        trx,
        id,
        demo.lines.map(([description, amountCents]) => ({ description, amountCents })),
      );
      await repo.insertEvent(trx, {
        initiativeId: id,
        from: null,
        to: 'submitted',
        reason: '',
        mover: 'initiator',
        actorAccountId: null,
        at: submittedAt,
      });
      let stage: Stage = 'submitted';
      const step = Math.max(1, Math.floor(demo.daysAgo / (demo.path.length + 2)));
      for (const [k, to] of demo.path.entries()) {
        const mover = to === 'withdrawn' ? 'initiator' : 'coach';
        const reason = demo.reasons?.[to] ?? '';
        if (checkMove(stage, to, mover, reason)) throw new Error(`demo move ${stage} → ${to} is not allowed`);
        const at = new Date(submittedAt.getTime() + (k + 1) * step * day);
        await repo.updateStage(trx, id, to, PUBLIC_STAGES.includes(to));
        await repo.insertEvent(trx, {
          initiativeId: id,
          from: stage,
          to,
          reason,
          mover,
          actorAccountId: mover === 'coach' ? (coach?.id ?? null) : null,
          at,
        });
        stage = to;
      }
      if (coach && stage !== 'submitted') await repo.updateCoach(trx, id, coach.id);
      for (const [k, [author, body]] of (demo.thread ?? []).entries()) {
        await repo.insertMessage(trx, {
          initiativeId: id,
          author: author === 'initiator' ? 'initiator' : 'staff',
          authorAccountId: author === 'initiator' ? null : (coach?.id ?? null),
          authorLabel: author === 'initiator' ? 'Initiatiefnemer' : (coach?.name ?? 'Initiatiefcoach'),
          body,
          staffOnly: author === 'note',
          at: new Date(submittedAt.getTime() + (k + 1) * day + 3600 * 1000),
        });
      }
    });
    created++;
  }
  return created;
}
