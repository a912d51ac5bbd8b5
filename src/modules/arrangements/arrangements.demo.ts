import { DEMO_ACTING } from '../../access/index.js';
import { amsterdamDate } from '../../shared/dates.js';
import { I18n } from '../../web/i18n/i18n.js';
import type { InitiativesModule, SubmissionInput } from '../initiatives/index.js';
import type { PlacesModule } from '../places/index.js';
import type { Source } from './arrangement.js';
import { arrangementsMessages } from './arrangements.messages.js';
import * as repo from './arrangements.repository.js';
import {
  createArrangement,
  createTask,
  evaluate,
  submitChallenge,
  uploadMeasurementsCsv,
  type ArrangementsContext,
} from './arrangements.service.js';

/** The demo's gemeente: Zoetermeer, where the initiatives desk's demo lives too. */
const GEMEENTE = 'GM0637';
/** The wijk of the demo's district manager and partner. */
const DEMO_WIJK = 'WK063700';

/** A year's quarters as CSV rows, each quarter a little better than the one before. */
function quarterRows(
  id: string,
  code: string,
  year: number,
  quarters: number,
  start: number,
  step: number,
  source: string,
): string[] {
  return Array.from(
    { length: quarters },
    (_, q) => `${id};${code};${year}-Q${q + 1};${String(start + step * q).replace('.', ',')};${source}`,
  );
}

/**
 * Two arrangements on one theme in one wijk (an organisation and a resident initiative) with
 * two years of measured values, uploaded as a provider's CSV would be; an evaluation of the
 * first year for both; and one challengeable task (the municipality's green maintenance) with
 * a residents' challenge submitted through the initiatives desk. Runs once.
 */
export async function seedDemoArrangements(
  ctx: ArrangementsContext,
  initiatives: InitiativesModule,
  places: PlacesModule,
): Promise<number> {
  if ((await repo.findArrangements(ctx.db, {})).length > 0) return 0;
  // In the demo district manager's wijk when a public initiative is there (wijkmanager@zoetermeer.example).
  const found = await initiatives.publicInitiatives({ placeCode: GEMEENTE, limit: 50 });
  const initiative = found.find((i) => i.wijk.code === DEMO_WIJK) ?? found[0];
  if (!initiative) return 0;
  const wijk = initiative.wijk.code;
  // Meeting people: not the green task's theme, so the pair stands side by side on its own.
  const theme = 'ontmoeting';
  const year = Number(amsterdamDate(ctx.now()).slice(0, 4));
  const first = year - 1;
  const quartersNow = Math.max(1, Math.min(4, Math.floor(Number(amsterdamDate(ctx.now()).slice(5, 7)) / 3)));

  const indicators = (targets: { visitors: number[]; lonely: number[] }) => [
    {
      code: 'bezoekers',
      name: 'Bezoekers van activiteiten',
      unit: 'bezoeken',
      baseline: 2400,
      direction: 'increase' as const,
      aggregation: 'sum' as const,
      targets: targets.visitors,
    },
    {
      code: 'eenzaam',
      name: 'Bewoners die zich vaak eenzaam voelen',
      unit: '%',
      baseline: 48,
      direction: 'decrease' as const,
      aggregation: 'last' as const,
      targets: targets.lonely,
    },
  ];
  const organisation = await createArrangement(ctx, DEMO_ACTING, {
    wijkCode: wijk,
    theme,
    title: 'Ontmoetingsprogramma buurthuis',
    description: 'Open inloop, maaltijden en activiteiten in het buurthuis, vijf dagen per week.',
    provider: { kind: 'organisation', name: 'Stichting Welzijn Zoetermeer' },
    externalId: 'SWZ-ONT-01',
    startYear: first,
    fundingPerYear: [4_800_000, 4_800_000, 4_800_000],
    tranchesPerYear: 4,
    goals: ['Meer bewoners ontmoeten elkaar', 'Minder bewoners voelen zich eenzaam'],
    indicators: indicators({ visitors: [2800, 3200, 3600], lonely: [46, 44, 42] }),
    deliverables: [
      { title: 'Jaarprogramma', dueOn: `${first}-02-01` },
      { title: 'Jaarverslag', dueOn: `${year}-03-01` },
    ],
  });
  const resident = await createArrangement(ctx, DEMO_ACTING, {
    wijkCode: wijk,
    theme,
    title: `Bewonersinitiatief: ${initiative.title}`,
    description:
      'Bewoners organiseren zelf wekelijkse ontmoetingen, met een kleine vergoeding voor ruimte en materiaal.',
    provider: { kind: 'initiative', initiativeReference: initiative.reference },
    externalId: initiative.reference,
    startYear: first,
    fundingPerYear: [900_000, 900_000],
    tranchesPerYear: 2,
    goals: ['Buren leren elkaar kennen', 'Minder bewoners voelen zich eenzaam'],
    indicators: indicators({ visitors: [900, 1200], lonely: [47, 45] }),
    deliverables: [{ title: 'Verslag van het eerste jaar', dueOn: `${year}-02-01` }],
  });

  // Two years of values, as each provider's CSV upload (Dutch Excel: semicolons, decimal comma).
  const rows = [
    'extern_id;indicator;periode;waarde;bron',
    ...quarterRows('SWZ-ONT-01', 'bezoekers', first, 4, 650, 40, 'zelf gerapporteerd'),
    ...quarterRows('SWZ-ONT-01', 'bezoekers', year, quartersNow, 760, 30, 'zelf gerapporteerd'),
    `SWZ-ONT-01;eenzaam;${first};46,5;onafhankelijke meting`,
    `SWZ-ONT-01;eenzaam;${year};45,2;onafhankelijke meting`,
    ...quarterRows(initiative.reference, 'bezoekers', first, 4, 210, 25, 'zelf gerapporteerd'),
    ...quarterRows(initiative.reference, 'bezoekers', year, quartersNow, 300, 20, 'zelf gerapporteerd'),
    `${initiative.reference};eenzaam;${first};46,8;onafhankelijke meting`,
    `${initiative.reference};eenzaam;${year};45,9;zelf gerapporteerd`,
  ];
  await uploadMeasurementsCsv(ctx, DEMO_ACTING, `${rows.join('\r\n')}\r\n`);
  for (const [reference, judgement] of [
    [organisation.reference, 'continue'],
    [resident.reference, 'continue'],
  ] as const) {
    await evaluate(ctx, DEMO_ACTING, reference, {
      year: first,
      results: 'Het aantal bezoeken steeg en minder bewoners zeggen zich vaak eenzaam te voelen.',
      narrative:
        'De doelen voor het eerste jaar zijn gehaald. De meting van eenzaamheid komt uit het wijkpanel.',
      judgement,
    });
  }

  // The right to challenge: the municipality's own green maintenance, and a residents' challenge.
  const green = await createArrangement(ctx, DEMO_ACTING, {
    wijkCode: wijk,
    theme: 'groen',
    title: 'Onderhoud van het buurtgroen',
    description: 'Maaien, snoeien en onkruid weghalen in de plantsoenen van de wijk.',
    provider: { kind: 'municipality', name: 'Gemeentelijke buitendienst' },
    externalId: 'BD-GROEN-01',
    startYear: year - 2,
    fundingPerYear: [8_500_000, 8_500_000, 8_500_000],
    tranchesPerYear: 1,
    goals: ['Het groen is verzorgd', 'Minder meldingen over onkruid en zwerfafval'],
    indicators: [
      {
        code: 'meldingen',
        name: 'Meldingen over groen',
        unit: 'meldingen',
        baseline: 120,
        direction: 'decrease',
        aggregation: 'sum',
        targets: [110, 100, 90],
      },
      {
        code: 'tevreden',
        name: 'Bewoners tevreden over het groen',
        unit: '%',
        baseline: 55,
        direction: 'increase',
        aggregation: 'last',
        targets: [58, 60, 62],
      },
    ],
    deliverables: [],
  });
  const measured: [string, string, number, Source][] = [
    ['meldingen', String(year - 2), 114, 'municipal_registry'],
    ['meldingen', String(year - 1), 109, 'municipal_registry'],
    ['tevreden', String(year - 2), 56, 'independent'],
    ['tevreden', String(year - 1), 57, 'independent'],
  ];
  await uploadMeasurementsCsv(
    ctx,
    DEMO_ACTING,
    [
      'extern_id,indicator,periode,waarde,bron',
      ...measured.map(([c, p, v, s]) => `BD-GROEN-01,${c},${p},${v},${s}`),
    ].join('\n'),
  );
  const taskId = await createTask(ctx, DEMO_ACTING, {
    arrangementReference: green.reference,
    title: 'Onderhoud van de plantsoenen',
    description:
      'Bewoners mogen het onderhoud van de plantsoenen overnemen. Het contract loopt af aan het eind van dit jaar.',
  });
  const buurt = (await places.getPlaceDetail(wijk)).children[0];
  if (!buurt) return 3;
  const t = new I18n([arrangementsMessages]).translator('nl');
  await submitChallenge(
    ctx,
    DEMO_ACTING,
    taskId,
    {
      title: 'Groene Vingers onderhoudt de plantsoenen',
      plan: 'Dertig bewoners onderhouden samen de plantsoenen. Een hovenier uit de wijk begeleidt ons en doet het zware werk.',
      costPerYearCents: 6_000_000,
      years: 2,
      targets: new Map([
        ['meldingen', 80],
        ['tevreden', 65],
      ]),
    },
    async (place) => {
      const submission: SubmissionInput = {
        title: 'Groene Vingers onderhoudt de plantsoenen',
        summary: 'Uitdaagrecht: bewoners nemen het onderhoud van de plantsoenen over.',
        forWhom: `Bewoners van ${place.name}`,
        themes: ['groen'],
        helpWanted: ['money'],
        point: undefined,
        buurtCode: buurt.code,
        locationDescription: place.name,
        budgetLines: [{ description: 'Kosten per jaar', amountCents: 6_000_000 }],
        initiatorName: 'Groene Vingers',
        initiatorEmail: undefined,
        initiatorPhone: undefined,
        channel: 'online',
      };
      const where = await initiatives.placeOfSubmission(submission);
      return (trx) =>
        initiatives.submit({ actor: { kind: 'anonymous' }, channel: 'system' }, submission, t, {
          trx,
          place: where,
        });
    },
  );
  return 3;
}
