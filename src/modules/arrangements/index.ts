import type { FastifyInstance } from 'fastify';
import { NotFoundError } from '../../shared/errors.js';
import { addMultipartParser } from '../../web/multipart.js';
import {
  homeTask,
  textsOf,
  type HomeTask,
  type OpenDataSet,
  type PlaceSection,
  type PlaceSectionPlace,
} from '../../web/front-door.js';
import type { PageContext } from '../../web/page.js';
import type { InitiativesModule } from '../initiatives/index.js';
import type { DemoOptions, ModuleDeps, ModuleLog, ModuleManifest } from '../manifest.js';
import { displayName, type PlacesModule } from '../places/index.js';
import type { ArrangementFunding } from './arrangement-funding.js';
import { registerArrangementsApi } from './arrangements.api.js';
import { seedDemoArrangements } from './arrangements.demo.js';
import { arrangementsMessages } from './arrangements.messages.js';
import { registerArrangementsPages } from './arrangements.pages.js';
import { arrangementsPermissions } from './arrangements.permissions.js';
import { listArrangements, type ArrangementsContext } from './arrangements.service.js';
import { ArrangementsPlaceSection } from './views/place-section.js';

export type { ArrangementFunding, TrancheDecisionStatus } from './arrangement-funding.js';
export { arrangementsPermissions } from './arrangements.permissions.js';

/** The most a measurements CSV file may weigh (5,000 rows fit easily). */
const MAX_CSV_BYTES = 2 * 1024 * 1024;

/**
 * Multi-year arrangements judged on effectiveness, the side-by-side comparison, and the right
 * to challenge. Providers of every kind share the same fields and figures; tranches are paid
 * as district-budget decisions through the `ArrangementFunding` port.
 */
export class ArrangementsModule implements ModuleManifest {
  readonly name = 'arrangements';
  readonly tables = [
    'arrangement',
    'arrangement_goal',
    'arrangement_indicator',
    'arrangement_target',
    'arrangement_measurement',
    'arrangement_funding',
    'arrangement_tranche',
    'arrangement_deliverable',
    'arrangement_evaluation',
    'arrangement_renewal',
    'challengeable_task',
    'challenge',
  ] as const;
  /**
   * None: providers are organisations or initiatives (by title), and a challenge's residents
   * stay in the initiative it was submitted as (initiatives' register covers them). Who decided
   * is in the audit log, not here.
   */
  readonly personalData = [];
  readonly messages = arrangementsMessages;
  readonly permissions = arrangementsPermissions;
  readonly navigation = [
    { href: '/afspraken', label: 'arrangements.nav', order: 40, audience: 'resident' },
    {
      href: '/beheer/afspraken',
      label: 'arrangements.nav.staff',
      order: 140,
      audience: 'staff',
      permission: 'arrangements.report',
    },
  ] as const;
  readonly context: ArrangementsContext;

  constructor(
    private readonly deps: ModuleDeps,
    private readonly ports: {
      places: PlacesModule;
      initiatives: InitiativesModule;
      /** The district budget's side of the tranches: late-bound, as the district budget implements it. */
      funding: () => ArrangementFunding;
    },
  ) {
    this.context = {
      db: deps.database.db,
      commands: deps.commands,
      now: deps.clock,
      async placeNames(codes) {
        const found = await ports.places.findPlaces(codes);
        return new Map(found.map((p) => [p.code, displayName(p)]));
      },
      initiatives: {
        async publicInitiative(reference) {
          try {
            const found = await ports.initiatives.publicInitiative(reference);
            return {
              id: found.id,
              reference: found.reference,
              title: found.title,
              wijkCode: found.wijk.code,
            };
          } catch (error) {
            if (error instanceof NotFoundError) return undefined;
            throw error;
          }
        },
      },
      funding: ports.funding,
    };
  }

  async registerRoutes(app: FastifyInstance): Promise<void> {
    // Multipart (the CSV file) only inside this module's scope.
    await app.register(async (scope) => {
      addMultipartParser(scope, { fileSize: MAX_CSV_BYTES, files: 1, fields: 10, fieldSize: MAX_CSV_BYTES });
      await registerArrangementsPages(scope, {
        ctx: this.context,
        web: this.deps.web,
        places: this.ports.places,
        initiatives: this.ports.initiatives,
      });
    });
    await registerArrangementsApi(app, { ctx: this.context, publicUrl: this.deps.config.publicUrl });
  }

  /**
   * Two files and the API: every public arrangement (one row each, funding per year), and every
   * measured value with its source and data-quality flag. Small enough to be one file each.
   */
  async openData(): Promise<readonly OpenDataSet[]> {
    const text = textsOf(arrangementsMessages);
    const keywords = {
      nl: ['meerjarige afspraken', 'uitdaagrecht', 'effectiviteit', 'indicatoren', 'subsidie'],
      en: ['multi-year arrangements', 'right to challenge', 'effectiveness', 'indicators', 'grants'],
    };
    return [
      {
        id: 'meerjarige-afspraken',
        title: text('arrangements.openData.title'),
        description: text('arrangements.openData.description'),
        keywords,
        accrualPeriodicity: 'UPDATE_CONT',
        themes: ['GOVE', 'SOCI'],
        licence: 'CC0-1.0',
        landingPage: '/afspraken',
        distributions: [
          {
            href: '/open-data/afspraken.csv',
            title: text('arrangements.openData.arrangementsFile'),
            mediaType: 'text/csv',
            format: 'CSV',
          },
          {
            href: '/api/v1/arrangements',
            title: text('arrangements.openData.arrangementsFile'),
            mediaType: 'application/json',
            format: 'JSON',
          },
        ],
      },
      {
        id: 'meerjarige-afspraken-metingen',
        title: text('arrangements.openData.valuesTitle'),
        description: text('arrangements.openData.valuesDescription'),
        keywords,
        accrualPeriodicity: 'UPDATE_CONT',
        themes: ['GOVE', 'SOCI'],
        licence: 'CC0-1.0',
        landingPage: '/afspraken/naast-elkaar',
        distributions: [
          {
            href: '/open-data/afspraken-metingen.csv',
            title: text('arrangements.openData.valuesFile'),
            mediaType: 'text/csv',
            format: 'CSV',
          },
        ],
      },
    ];
  }

  /** Comparing providers, once there is an arrangement to compare (read through the process's cache). */
  async homeTasks(ctx: PageContext): Promise<readonly HomeTask[]> {
    const any = await this.deps.cache.get('arrangements:any', ['arrangements'], async () =>
      (await listArrangements(this.context, {})).some((a) => a.status !== 'declined'),
    );
    return any ? [homeTask(ctx.t, '/afspraken/naast-elkaar', 'arrangements.task.compare', 60)] : [];
  }

  /** A wijk's or gemeente's arrangements (none for a buurt: arrangements are made per wijk). */
  async placeSection(place: PlaceSectionPlace, ctx: PageContext): Promise<PlaceSection | undefined> {
    if (place.level === 'buurt') return undefined;
    // Read through the process's cache: place pages are public and read nothing else per view.
    const items = await this.deps.cache.get(
      `arrangements:place:${place.code}`,
      ['arrangements', 'places'],
      async () =>
        (await listArrangements(this.context, { placeCode: place.code })).filter(
          (a) => a.status !== 'declined',
        ),
    );
    if (items.length === 0) return undefined;
    const first = items[0];
    const compareHref =
      place.level === 'wijk' && first
        ? `/afspraken/naast-elkaar?wijk=${place.code}&thema=${first.theme}`
        : undefined;
    return {
      id: 'arrangements',
      order: 40,
      title: ctx.t('arrangements.place.section'),
      content: ArrangementsPlaceSection({ ctx, placeCode: place.code, items, compareHref }),
    };
  }

  async seedDemo(log: ModuleLog, _options: DemoOptions): Promise<void> {
    const created = await seedDemoArrangements(this.context, this.ports.initiatives, this.ports.places);
    if (created > 0) log.info({ arrangements: created }, 'demo arrangements loaded');
  }
}
