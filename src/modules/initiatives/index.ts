import type { FastifyInstance } from 'fastify';
import { initiativesPersonalData, photoFilesPersonalData } from './initiatives.personal-data.js';
import type { Logger } from 'pino';
import { MAX_UPLOAD_BYTES, type UploadsModule } from '../uploads/index.js';
import type { ModuleDeps, ModuleManifest } from '../manifest.js';
import { addMultipartParser } from '../../web/multipart.js';
import type { PlacesModule } from '../places/index.js';
import { MAX_PHOTOS } from './initiative.js';
import { registerInitiativesApi } from './initiatives.api.js';
import { seedDemoInitiatives } from './initiatives.demo.js';
import { registerDeskPages } from './initiatives.desk.pages.js';
import { initiativesMessages } from './initiatives.messages.js';
import { registerInitiativesPages } from './initiatives.pages.js';
import { initiativesPermissions } from './initiatives.permissions.js';
import { createInitiativesContext } from './initiatives.context.js';
import type { Queryable } from '../../db/database.js';
import type { InitiativeSupport } from './initiative-support.js';
import { findInitiativeBrief, type InitiativeBrief } from './initiative-brief.js';
import { getPublicInitiative, listPublicInitiatives } from './public.service.js';
import { moveBySystem } from './moves.service.js';
import {
  photoAccess,
  placeOfSubmission,
  submitInitiative,
  type SubmissionPlace,
  type InitiativesContext,
  type PublicInitiative,
  type PublicInitiativeDetail,
  type StaffPort,
} from './initiatives.service.js';
import type { SubmissionInput } from './initiatives.schema.js';
import type { Acting } from '../../access/index.js';
import type { Translate } from '../../web/i18n/i18n.js';
import {
  homeTask,
  textsOf,
  type HomeTask,
  type ModuleStat,
  type OpenDataSet,
  type PlaceSection,
  type PlaceSectionPlace,
} from '../../web/front-door.js';
import type { PageContext } from '../../web/page.js';
import { cachedFragment } from '../../web/views/fragment.js';
import { InitiativesPlaceSection } from './views/place-section.js';
import { initiativesStats } from './initiatives.stats.js';

/** Initiatives a place page shows at most; the list page has them all. */
const PLACE_SECTION_LIMIT = 10;

export { initiativesPermissions } from './initiatives.permissions.js';
export type { Stage, Theme } from './initiative.js';

export type { InitiativesOptions } from './initiatives.context.js';
export type {
  StaffPort,
  PublicInitiative,
  PublicInitiativeDetail,
  SubmissionPlace,
} from './initiatives.service.js';
export type { SubmissionInput } from './initiatives.schema.js';
export type { InitiativeSupport, SupportSummary } from './initiative-support.js';
export type { InitiativeBrief } from './initiative-brief.js';
export { SupportBrief } from './views/support.js';

/**
 * Initiatives: the one desk (één loket). Residents submit (online, on paper, at the desk),
 * coaches take them in and guide them through the stages, the public follows them.
 */
export class InitiativesModule implements ModuleManifest {
  readonly name = 'initiatives';
  readonly tables = [
    'initiative',
    'initiative_budget_line',
    'initiative_event',
    'initiative_message',
    'initiative_participant',
    'initiative_photo',
    'initiative_reference_counter',
  ] as const;
  readonly personalData = initiativesPersonalData;
  readonly messages = initiativesMessages;
  readonly permissions = initiativesPermissions;
  /** What other modules may read of an initiative in the database (migration 0022): no personal data. */
  readonly views = ['initiative_brief_v'] as const;
  readonly context: InitiativesContext;
  /** Counts of public initiatives per place (open for support now, funded in a year). */
  readonly stats: readonly ModuleStat[];
  readonly navigation = [
    { href: '/initiatieven', label: 'initiatives.nav', order: 10, audience: 'resident' },
    {
      href: '/beheer/initiatieven',
      label: 'initiatives.nav.desk',
      order: 110,
      audience: 'staff',
      permission: 'initiatives.intake',
    },
  ] as const;

  constructor(
    private readonly deps: ModuleDeps,
    private readonly ports: {
      places: PlacesModule;
      staff: StaffPort;
      /** The household budget's support of initiatives: late-bound, as budgets is built after this module. */
      support: () => InitiativeSupport;
      /** Where the photos are kept: initiatives keeps their upload ids only. */
      uploads: UploadsModule;
    },
  ) {
    this.context = createInitiativesContext(deps, ports, {
      intakeWorkingDays: deps.config.initiatives.intakeWorkingDays,
    });
    this.stats = initiativesStats(deps.database.db, deps.cache);
    ports.uploads.addOwner({
      accessOf: (uploadId, actor) => photoAccess(this.context, actor, uploadId),
      personalData: photoFilesPersonalData,
    });
  }

  async registerRoutes(app: FastifyInstance): Promise<void> {
    const deps = {
      ctx: this.context,
      web: this.deps.web,
      places: this.ports.places,
      support: this.ports.support,
    };
    // Multipart only inside this module's scope: other routes keep refusing it.
    await app.register(async (scope) => {
      addMultipartParser(scope, {
        fileSize: MAX_UPLOAD_BYTES,
        files: MAX_PHOTOS,
        fields: 80,
        fieldSize: 20_000,
      });
      await registerInitiativesPages(scope, deps);
      await registerDeskPages(scope, deps);
    });
    await registerInitiativesApi(app, deps);
  }

  async homeTasks(ctx: PageContext): Promise<readonly HomeTask[]> {
    return [
      homeTask(ctx.t, '/initiatieven/nieuw', 'initiatives.task.submit', 20),
      homeTask(ctx.t, '/initiatieven', 'initiatives.task.browse', 30),
    ];
  }

  /** The place's public initiatives, those open for support first. */
  async placeSection(place: PlaceSectionPlace, ctx: PageContext): Promise<PlaceSection> {
    const found = await listPublicInitiatives(this.context, {
      placeCode: place.code,
      limit: PLACE_SECTION_LIMIT * 5,
    });
    const live = found.filter((i) => i.stage !== 'withdrawn' && i.stage !== 'declined');
    const ordered = [
      ...live.filter((i) => i.stage === 'open_for_support'),
      ...live.filter((i) => i.stage !== 'open_for_support'),
    ];
    const items = ordered.slice(0, PLACE_SECTION_LIMIT);
    const support = await this.ports.support().supportOf(items.map((i) => i.id));
    return {
      id: 'initiatives',
      order: 10,
      title: ctx.t('initiatives.place.section'),
      // Rendered once per language while the cached list and support it shows stay current.
      content: cachedFragment(
        this.deps.cache,
        [found, support],
        ctx,
        (c) =>
          InitiativesPlaceSection({
            ctx: c,
            place,
            items,
            support,
            more: ordered.length > PLACE_SECTION_LIMIT,
          }),
        place.code,
      ),
    };
  }

  async openData(): Promise<readonly OpenDataSet[]> {
    const text = textsOf(initiativesMessages);
    const all = text('initiatives.openData.all');
    return [
      {
        id: 'initiatieven',
        title: text('initiatives.openData.title'),
        description: text('initiatives.openData.description'),
        keywords: {
          nl: ['initiatieven', 'bewonersinitiatieven', 'buurt', 'participatie'],
          en: ['initiatives', 'residents’ initiatives', 'neighbourhood', 'participation'],
        },
        accrualPeriodicity: 'UPDATE_CONT',
        themes: ['GOVE', 'SOCI'],
        licence: 'CC0-1.0',
        landingPage: '/initiatieven',
        distributions: [
          { href: '/open-data/initiatieven.csv', title: all, mediaType: 'text/csv', format: 'CSV' },
          {
            href: '/open-data/initiatieven.geojson',
            title: all,
            mediaType: 'application/geo+json',
            format: 'GEOJSON',
          },
          { href: '/api/v1/initiatives', title: all, mediaType: 'application/json', format: 'JSON' },
        ],
      },
    ];
  }

  /**
   * Moves an initiative as the system (the household budget: funded, or not funded at its
   * deadline) inside the caller's transaction.
   */
  moveBySystem(
    trx: Queryable,
    initiativeId: string,
    to: 'funded' | 'not_funded',
    reason: string,
  ): Promise<void> {
    return moveBySystem(this.context, trx, initiativeId, to, reason);
  }

  /**
   * An initiative by id or reference as the district budget needs it (place, title, coach), on
   * the caller's connection so it can sit inside the caller's transaction.
   */
  briefOf(db: Queryable, idOrReference: string): Promise<InitiativeBrief | undefined> {
    return findInitiativeBrief(db, idOrReference);
  }

  /**
   * Submits an initiative as the desk's own form does (online by a resident, or by staff for
   * one), without photos: for other modules whose residents' requests enter through the desk
   * (a challenge under the right to challenge). Its own transaction, or the caller's with `within`
   * (the place looked up before it by `placeOfSubmission`); returns the reference and
   * the tracking token (shown once).
   */
  submit(
    acting: Acting,
    input: SubmissionInput,
    t: Translate,
    within?: { trx: Queryable; place: SubmissionPlace },
  ): Promise<{ id: string; reference: string; token: string; intakeDueOn: string }> {
    return submitInitiative(this.context, acting, input, [], t, within);
  }

  /**
   * Where a submission would lie (a ValidationError on `buurt` when nowhere): for a caller that
   * submits inside its own transaction (`submit(…, { trx, place })`), looked up before it.
   */
  placeOfSubmission(input: Pick<SubmissionInput, 'point' | 'buurtCode'>): Promise<SubmissionPlace> {
    return placeOfSubmission(this.context, input);
  }

  /** Public initiatives of a place (newest activity first), no personal data: for other modules' lists and demos. */
  publicInitiatives(filter: { placeCode?: string; limit?: number }): Promise<PublicInitiative[]> {
    return listPublicInitiatives(this.context, filter);
  }

  /** One public initiative by reference (no personal data); NotFoundError when not public. */
  publicInitiative(reference: string): Promise<PublicInitiativeDetail> {
    return getPublicInitiative(this.context, reference);
  }

  async seedDemo(log: Logger): Promise<void> {
    const created = await seedDemoInitiatives(this.context);
    if (created > 0) log.info({ initiatives: created }, 'demo initiatives loaded');
  }
}
