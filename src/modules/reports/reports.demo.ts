import crypto from 'node:crypto';
import { DEMO_ACTING } from '../../access/index.js';
import { amsterdamDate } from '../../shared/dates.js';
import type { PlacesModule } from '../places/index.js';
import {
  deadlineMoment,
  deadlineOn,
  DEFAULT_CATEGORIES,
  findSubcategory,
  formatPublicId,
  routeReport,
  type CloseReason,
  type ReportStatus,
} from './report.js';
import { reportsPermissions } from './reports.permissions.js';
import * as repo from './reports.repository.js';
import { ensureSetUp, type ReportPlace, type ReportsContext } from './reports.service.js';

/** The demo's gemeenten, each with a box around it and a housing corporation as partner. */
const DEMO_MUNICIPALITIES = [
  { code: 'GM0637', box: [52.03, 52.085, 4.43, 4.545], corporation: 'Vidomes' },
  { code: 'GM0796', box: [51.66, 51.735, 5.24, 5.37], corporation: 'Zayaz' },
  { code: 'GM0622', box: [51.895, 51.93, 4.3, 4.37], corporation: 'Waterweg Wonen' },
] as const;

const PER_GEMEENTE = 110;

/** What residents write, per kind. */
const DESCRIPTIONS: Record<string, readonly string[]> = {
  'afval-naast-container': [
    'Vuilniszakken naast de container, de meeuwen halen ze open',
    'Karton en zakken naast de papiercontainer',
  ],
  'afval-container': [
    'De container zit al dagen vol',
    'Klep van de restafvalcontainer is kapot, hij gaat niet meer open',
  ],
  'afval-zwerfafval': ['Veel blikjes en chipszakken in de berm', 'Zwerfafval rond het bankje bij de vijver'],
  'afval-dumping': [
    'Oude bank en matras op de stoep gezet',
    'Iemand heeft bouwafval in het plantsoen gedumpt',
  ],
  'wegen-bestrating': [
    'Drie tegels liggen los voor de ingang van de school',
    'Stoeptegels omhoog gekomen door boomwortels, mensen struikelen',
  ],
  'wegen-gat': ['Diep gat in het fietspad, gevaarlijk in het donker', 'Kuil in de weg bij de bushalte'],
  'wegen-bankje': ['Bankje bij de speeltuin is kapot, een plank mist', 'Paaltje omver gereden'],
  'wegen-bord': ['Verkeersbord staat scheef na een aanrijding', 'Straatnaambord is weg'],
  'groen-snoeien': ['Struiken groeien over het fietspad', 'Takken hangen zo laag dat de bus ze raakt'],
  'groen-onkruid': ['Veel onkruid tussen de tegels op het plein', 'Onkruid in de goot langs de hele straat'],
  'groen-boom-gevaar': ['Grote tak hangt los na de storm', 'Boom omgewaaid over het voetpad'],
  'groen-gras': ['Gras in het park is al weken niet gemaaid', 'Grasveld naast de flat is heel hoog'],
  'verlichting-uit': [
    'Lantaarnpaal doet het al een week niet, erg donker',
    'Drie lampen achter elkaar uit in het steegje',
  ],
  'verlichting-overdag': ['Straatlamp brandt de hele dag', 'Lamp bij het pleintje gaat overdag niet uit'],
  'verlichting-mast': [
    'Lantaarnpaal staat scheef na aanrijding',
    'Luikje van de lantaarnpaal is open, draden zichtbaar',
  ],
  'spelen-toestel': ['Schommel hangt scheef, een ketting is los', 'Glijbaan heeft een scherpe rand'],
  'spelen-zandbak': ['Glas in de zandbak', 'Hondenpoep in de zandbak van de speeltuin'],
  'water-put': ['Put verstopt, water loopt niet weg', 'Kolk zit vol bladeren'],
  'water-overlast': [
    'Na elke regenbui staat de straat blank',
    'Grote plas op het fietspad die niet wegloopt',
  ],
  'overlast-fietswrak': [
    'Fietswrak al maanden aan het hek bij het station',
    'Fiets zonder wielen in het fietsenrek',
  ],
  'overlast-graffiti': ['Graffiti op de muur van het buurthuis', 'Bekladde elektriciteitskast'],
  'overlast-ongedierte': ['Ratten gezien bij de containers', 'Veel ratten bij het water achter de flat'],
  'overlast-parkeren': ['Aanhanger staat al weken op de stoep', 'Auto geparkeerd op het groen'],
  'overig-overig': ['Hek om het trapveldje is open gezaagd', 'Losliggende kabel langs de weg'],
};

const STREETS = [
  'Dorpsstraat',
  'Kerkweg',
  'Schoolstraat',
  'Molenlaan',
  'Parkweg',
  'Stationsplein',
  'Julianalaan',
];

/** A small fixed random sequence, so the demo is the same on every machine. */
function randomOf(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
}

interface Planned {
  place: ReportPlace;
  point: { lat: number; lon: number } | undefined;
  address: string;
  categoryCode: string;
  mainCode: string;
  description: string;
  at: Date;
  email: string | null;
  ageDays: number;
}

const DAY = 24 * 3600 * 1000;

/**
 * A few hundred reports across the demo's three gemeenten over the last half year, in every
 * status: the older, the more are closed, with every closing reason, supporters, confirmed and
 * disputed fixes (one reopened), and one merged duplicate. Written as one demo command per
 * gemeente, straight into the tables (no mail is queued for the demo's addresses).
 */
export async function seedDemoReports(ctx: ReportsContext, _places: PlacesModule): Promise<number> {
  const now = ctx.now();
  let created = 0;
  for (const [index, gemeente] of DEMO_MUNICIPALITIES.entries()) {
    if ((await repo.findReports(ctx.db, { placeCode: gemeente.code }, { limit: 1, offset: 0 })).length > 0)
      continue;
    const random = randomOf(7919 * (index + 1));
    const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] ?? (list[0] as T);
    // Places first: the transaction holds PGlite's one connection.
    const planned: Planned[] = [];
    for (let attempt = 0; planned.length < PER_GEMEENTE && attempt < PER_GEMEENTE * 4; attempt++) {
      const [minLat, maxLat, minLon, maxLon] = gemeente.box;
      const point = {
        lat: minLat + random() * (maxLat - minLat),
        lon: minLon + random() * (maxLon - minLon),
      };
      const place = await ctx.places.placeOfPoint(point.lat, point.lon);
      if (!place || place.gemeente.code !== gemeente.code) continue;
      const main = pick(DEFAULT_CATEGORIES);
      const sub = pick(main.subcategories);
      const ageDays = Math.floor(random() * 180);
      const withPin = random() > 0.15;
      planned.push({
        place,
        point: withPin
          ? { lat: Math.round(point.lat * 1e6) / 1e6, lon: Math.round(point.lon * 1e6) / 1e6 }
          : undefined,
        address: withPin ? '' : `${pick(STREETS)} ${1 + Math.floor(random() * 80)}`,
        categoryCode: sub.code,
        mainCode: main.code,
        description: pick(DESCRIPTIONS[sub.code] ?? ['Er is iets kapot']),
        at: new Date(now.getTime() - ageDays * DAY - Math.floor(random() * 8) * 3600 * 1000),
        email: random() < 0.45 ? `melder${index}${planned.length}@example.nl` : null,
        ageDays,
      });
    }
    planned.sort((a, b) => a.at.getTime() - b.at.getTime());
    created += await ctx.commands.run(DEMO_ACTING, 'reports.demo', async (step) => {
      const { trx } = step;
      step.authorize(reportsPermissions['reports.handle'], gemeente.code);
      if ((await repo.findReports(trx, { placeCode: gemeente.code }, { limit: 1, offset: 0 })).length > 0) {
        step.recordNothing('the demo reports were loaded before');
        return 0;
      }
      await ensureSetUp(trx, gemeente.code, new Date(0));
      await repo.insertTeams(trx, [
        {
          municipality_code: gemeente.code,
          code: 'corporatie',
          name: gemeente.corporation,
          organisation: gemeente.corporation,
          is_default: false,
        },
      ]);
      const teams = await repo.findTeams(trx, gemeente.code);
      const team = (code: string) => teams.find((t) => t.code === code)?.id ?? '';
      const firstWijk = planned[0]?.place.wijk.code ?? null;
      // Containers at the corporation's flats in one wijk are the corporation's.
      await repo.insertRules(trx, [
        {
          municipality_code: gemeente.code,
          position: 5,
          category_code: 'afval-container',
          place_code: firstWijk,
          team_id: team('corporatie'),
        },
      ]);
      const rules = (await repo.findRules(trx, gemeente.code)).map((r) => ({
        position: r.position,
        categoryCode: r.category_code ?? undefined,
        placeCode: r.place_code ?? undefined,
        teamId: r.team_id,
      }));
      const defaultTeam = team('buitenruimte');
      let duplicateTarget: { id: string; publicId: string } | undefined;
      for (const [n, plan] of planned.entries()) {
        const deadline = await repo.findCurrentDeadline(trx, gemeente.code, plan.categoryCode, plan.at);
        if (!deadline || !findSubcategory(DEFAULT_CATEGORIES, plan.categoryCode)) continue;
        const teamId = routeReport(
          rules,
          {
            categoryCode: plan.categoryCode,
            mainCategoryCode: plan.mainCode,
            buurtCode: plan.place.buurt.code,
          },
          defaultTeam,
        );
        const dueOn = deadlineOn(plan.at, deadline.working_days);
        const publicId = formatPublicId(
          Number(amsterdamDate(plan.at).slice(0, 4)),
          await repo.nextReportNumber(trx),
        );
        const r = random();
        // The older the report, the more likely it is closed.
        const status: ReportStatus =
          plan.ageDays > 45
            ? r < 0.88
              ? 'closed'
              : r < 0.95
                ? 'in_progress'
                : 'reopened'
            : plan.ageDays > 10
              ? r < 0.45
                ? 'closed'
                : r < 0.75
                  ? 'in_progress'
                  : r < 0.9
                    ? 'accepted'
                    : 'forwarded'
              : r < 0.4
                ? 'new'
                : r < 0.7
                  ? 'accepted'
                  : r < 0.85
                    ? 'in_progress'
                    : 'forwarded';
        const reasonRoll = random();
        const reason: CloseReason | null =
          status !== 'closed'
            ? null
            : reasonRoll < 0.7
              ? 'fixed'
              : reasonRoll < 0.82
                ? 'maintenance_level'
                : reasonRoll < 0.92
                  ? 'not_ours'
                  : 'cannot';
        const step1 = new Date(plan.at.getTime() + (0.2 + random()) * DAY);
        const closedAt =
          status === 'closed'
            ? new Date(
                Math.min(
                  now.getTime() - DAY / 2,
                  plan.at.getTime() + (1 + random() * deadline.working_days * 1.6) * DAY,
                ),
              )
            : null;
        const confirmRoll = random();
        const confirmation =
          reason === 'fixed' && plan.email
            ? confirmRoll < 0.5
              ? 'solved'
              : confirmRoll < 0.6
                ? 'not_solved'
                : null
            : null;
        const forwardedTeam =
          status === 'forwarded'
            ? (teams.find((t) => t.id !== teamId && !t.is_default)?.id ?? teamId)
            : teamId;
        const detail =
          reason === 'not_ours'
            ? plan.mainCode === 'water'
              ? 'het waterschap'
              : 'Rijkswaterstaat'
            : reason === 'cannot'
              ? 'de grond is niet van de gemeente en de eigenaar geeft geen toestemming'
              : '';
        const id = await repo.insertReport(trx, {
          public_id: publicId,
          municipality_code: gemeente.code,
          wijk_code: plan.place.wijk.code,
          buurt_code: plan.place.buurt.code,
          category_code: plan.categoryCode,
          description: plan.description,
          lat: plan.point?.lat ?? null,
          lon: plan.point?.lon ?? null,
          address_text: plan.address,
          channel: n % 9 === 0 ? 'phone' : n % 13 === 0 ? 'desk' : 'web',
          status,
          team_id: forwardedTeam,
          requested_at: plan.at,
          updated_at: closedAt ?? step1,
          deadline_id: deadline.id,
          due_on: dueOn,
          expected_at: deadlineMoment(dueOn),
          closed_at: closedAt,
          close_reason: reason,
          close_detail: detail,
          duplicate_of: null,
          tracking_token_hash: crypto.randomBytes(32).toString('hex'),
          reporter_email: plan.email,
          contact_erased_at: null,
          entered_by_account_id: null,
          confirm_token_hash: null,
          confirm_sent_at: reason === 'fixed' && plan.email && closedAt ? closedAt : null,
          confirmation,
          confirmation_reason: confirmation === 'not_solved' ? 'Het is nog steeds niet goed' : '',
          confirmed_at: confirmation && closedAt ? new Date(closedAt.getTime() + DAY) : null,
        });
        const update = (at: Date, kind: repo.UpdateKind, s: ReportStatus, message: string) =>
          repo.insertUpdate(trx, {
            report_id: id,
            at,
            kind,
            status: s,
            team_id: forwardedTeam,
            public_message: message,
            internal_note: '',
            actor_account_id: null,
          });
        const teamName = teams.find((t) => t.id === teamId)?.name ?? '';
        await update(
          plan.at,
          'submitted',
          'new',
          ctx.mailT('reports.timeline.submitted', { team: teamName }),
        );
        if (status !== 'new')
          await update(step1, 'status', 'accepted', ctx.mailT('reports.timeline.accepted'));
        if (status === 'forwarded')
          await update(
            new Date(step1.getTime() + DAY / 4),
            'forwarded',
            'forwarded',
            ctx.mailT('reports.timeline.forwarded', {
              team: teams.find((t) => t.id === forwardedTeam)?.name ?? '',
            }),
          );
        if (status === 'in_progress' || status === 'reopened' || reason === 'fixed')
          await update(
            new Date(step1.getTime() + DAY / 2),
            'status',
            'in_progress',
            ctx.mailT('reports.timeline.in_progress'),
          );
        if (status === 'reopened') {
          await update(
            new Date(step1.getTime() + DAY),
            'closed',
            'closed',
            ctx.mailT('reports.timeline.closed.fixed'),
          );
          await update(
            new Date(step1.getTime() + 2 * DAY),
            'disputed',
            'closed',
            ctx.mailT('reports.timeline.disputed', { reason: 'De tegels liggen nog steeds los' }),
          );
          await update(
            new Date(step1.getTime() + 2 * DAY),
            'reopened',
            'reopened',
            ctx.mailT('reports.timeline.reopenedByReporter'),
          );
        }
        if (closedAt && reason)
          await update(
            closedAt,
            'closed',
            'closed',
            ctx.mailT(`reports.timeline.closed.${reason}`, { detail }),
          );
        if (confirmation === 'solved' && closedAt)
          await update(
            new Date(closedAt.getTime() + DAY),
            'confirmed',
            'closed',
            ctx.mailT('reports.timeline.confirmed'),
          );
        if (confirmation === 'not_solved' && closedAt)
          await update(
            new Date(closedAt.getTime() + DAY),
            'disputed',
            'closed',
            ctx.mailT('reports.timeline.disputed', { reason: 'Het is nog steeds niet goed' }),
          );
        // Supporters ("ik heb dit ook") on about one in seven.
        if (random() < 0.15) {
          const count = 1 + Math.floor(random() * 3);
          for (let s = 0; s < count; s++)
            await repo.insertSupporter(trx, {
              report_id: id,
              email: random() < 0.6 ? `buur${index}${n}${s}@example.nl` : null,
              channel: 'web',
              created_at: new Date(plan.at.getTime() + ((s + 1) * DAY) / 3),
              report_closed_at: closedAt,
              contact_erased_at: null,
            });
        }
        // One merged duplicate per gemeente: a later open report of the same kind joins an open one.
        if (!duplicateTarget && status === 'in_progress' && plan.point) duplicateTarget = { id, publicId };
      }
      if (duplicateTarget) {
        const target = await repo.findReportById(trx, duplicateTarget.id);
        if (target) {
          const { id: _targetId, ...copied } = target;
          const at = new Date(now.getTime() - 3 * DAY);
          const deadline = await repo.findCurrentDeadline(trx, gemeente.code, target.category_code, at);
          const dupPublicId = formatPublicId(
            Number(amsterdamDate(at).slice(0, 4)),
            await repo.nextReportNumber(trx),
          );
          const dupId = await repo.insertReport(trx, {
            ...copied,
            public_id: dupPublicId,
            description: 'Dit is hier al eerder gemeld, maar het is nog steeds niet opgelost',
            lat: (target.lat ?? 0) + 0.0002,
            status: 'closed',
            requested_at: at,
            updated_at: at,
            deadline_id: deadline?.id ?? target.deadline_id,
            closed_at: at,
            close_reason: 'duplicate',
            close_detail: target.public_id,
            duplicate_of: target.id,
            tracking_token_hash: crypto.randomBytes(32).toString('hex'),
            reporter_email: null,
            confirm_token_hash: null,
            confirm_sent_at: null,
            confirmation: null,
            confirmation_reason: '',
            confirmed_at: null,
          });
          await repo.insertUpdate(trx, {
            report_id: dupId,
            at,
            kind: 'closed',
            status: 'closed',
            team_id: target.team_id,
            public_message: ctx.mailT('reports.timeline.closed.duplicate', { detail: target.public_id }),
            internal_note: '',
            actor_account_id: null,
          });
          await repo.insertUpdate(trx, {
            report_id: target.id,
            at,
            kind: 'merged',
            status: target.status,
            team_id: target.team_id,
            public_message: ctx.mailT('reports.timeline.merged', { id: dupPublicId }),
            internal_note: '',
            actor_account_id: null,
          });
          await repo.insertSupporter(trx, {
            report_id: target.id,
            email: 'dubbel@example.nl',
            channel: 'web',
            created_at: at,
            report_closed_at: null,
            contact_erased_at: null,
          });
        }
      }
      step.record({
        subject: { type: 'gemeente', id: gemeente.code },
        municipalityCodes: [gemeente.code],
        details: { reports: planned.length },
      });
      return planned.length;
    });
  }
  return created;
}
