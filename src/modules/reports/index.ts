import type { FastifyInstance } from 'fastify';
import type { Acting } from '../../access/index.js';
import { createApiKey } from './api-keys.js';
import { queueMail, withMailFooter } from '../../mail/index.js';
import { NotFoundError } from '../../shared/errors.js';
import { homeTask, type HomeTask, type PlaceSection, type PlaceSectionPlace } from '../../web/front-door.js';
import { I18n } from '../../web/i18n/i18n.js';
import type { PageContext } from '../../web/page.js';
import type { DemoOptions, ModuleDeps, ModuleLog, ModuleManifest, OpenDataSet } from '../manifest.js';
import { displayName, type PlacesModule } from '../places/index.js';
import { seedDemoReports } from './reports.demo.js';
import { open311Messages } from './open311.messages.js';
import { registerOpen311 } from './reports.open311.js';
import { reportsMessages } from './reports.messages.js';
import { reportsOpenData } from './reports.open-data.js';
import { registerReportsPages } from './reports.pages.js';
import { reportsPermissions } from './reports.permissions.js';
import { reportsPersonalData } from './reports.personal-data.js';
import { countOpen, type ReportPlace, type ReportsContext } from './reports.service.js';
import { ReportsPlaceSection } from './views/place-section.js';

export { reportsPermissions } from './reports.permissions.js';
export { reportsCommands } from './reports.cli.js';
export type { ReportStatus, CloseReason, ReportChannel } from './report.js';

/**
 * Reports in public space (meldingen openbare ruimte): submitted without an account, routed to
 * the team or partner that acts, followed through statuses with a public timeline, closed only
 * with a reason, and checked with the reporter afterwards. The tables are shaped for Open311
 * GeoReport v2 (see migration 0019).
 */
export class ReportsModule implements ModuleManifest {
  readonly name = 'reports';
  readonly tables = [
    'report_team',
    'report_category',
    'report_category_deadline',
    'report_routing_rule',
    'report',
    'report_update',
    'report_supporter',
    'report_api_key',
  ] as const;
  readonly personalData;
  readonly messages = {
    nl: { ...reportsMessages.nl, ...open311Messages.nl },
    en: { ...reportsMessages.en, ...open311Messages.en },
  };
  readonly permissions = reportsPermissions;
  readonly navigation = [
    { href: '/meldingen', label: 'reports.nav', order: 15, audience: 'resident' },
    {
      href: '/beheer/meldingen',
      label: 'reports.nav.staff',
      order: 115,
      audience: 'staff',
      permission: 'reports.handle',
    },
  ] as const;
  readonly context: ReportsContext;

  constructor(
    private readonly deps: ModuleDeps,
    private readonly ports: { places: PlacesModule },
  ) {
    this.personalData = reportsPersonalData(deps.config.reports.contactRetentionDays);
    const { places } = ports;
    const ref = (p: { code: string; name: string | null }) => ({ code: p.code, name: displayName(p) });
    this.context = {
      db: deps.database.db,
      commands: deps.commands,
      now: deps.clock,
      publicUrl: deps.config.publicUrl,
      mailT: new I18n([reportsMessages]).translator('nl'),
      places: {
        async placeOfPoint(lat, lon): Promise<ReportPlace | undefined> {
          try {
            const found = await places.lookupPoint(lat, lon);
            return { buurt: ref(found.buurt), wijk: ref(found.wijk), gemeente: ref(found.gemeente) };
          } catch (error) {
            if (error instanceof NotFoundError) return undefined;
            throw error;
          }
        },
        async placeOfBuurt(code): Promise<ReportPlace | undefined> {
          try {
            const detail = await places.getPlaceDetail(code);
            if (detail.level !== 'buurt' || !detail.parent) return undefined;
            return { buurt: ref(detail), wijk: ref(detail.parent), gemeente: ref(detail.municipality) };
          } catch (error) {
            if (error instanceof NotFoundError) return undefined;
            throw error;
          }
        },
      },
      async queueMail(trx, mail) {
        await queueMail(trx, {
          to: mail.to,
          subject: mail.subject,
          gemeente: mail.gemeente,
          ...(mail.secrets ? { secrets: mail.secrets } : {}),
          locale: 'nl',
          ...withMailFooter(
            { text: mail.text },
            {
              locale: 'nl',
              publicUrl: deps.config.publicUrl,
              reason: 'U krijgt deze e-mail omdat u een melding deed of volgt.',
            },
          ),
        });
      },
    };
  }

  /** Makes an Open311 API key for a gemeente (its administrators, or the command line); the key is returned once. */
  createApiKey(
    acting: Acting,
    input: { gemeente: string; name: string },
  ): Promise<{ id: string; key: string }> {
    return createApiKey(this.context, acting, input);
  }

  async registerRoutes(app: FastifyInstance): Promise<void> {
    await registerReportsPages(app, {
      ctx: this.context,
      web: this.deps.web,
      places: this.ports.places,
      cache: this.deps.cache,
    });
    const places = this.ports.places;
    await registerOpen311(app, {
      ctx: this.context,
      async gemeenteExists(code) {
        try {
          return (await places.getPlaceDetail(code)).level === 'gemeente';
        } catch (error) {
          if (error instanceof NotFoundError) return false;
          throw error;
        }
      },
    });
  }

  /** Reporting something is always possible. */
  async homeTasks(ctx: PageContext): Promise<readonly HomeTask[]> {
    return [homeTask(ctx.t, '/meldingen/nieuw', 'reports.task.report', 15)];
  }

  /** The open reports of a place, with a link to its list and map (read through the process's cache). */
  async placeSection(place: PlaceSectionPlace, ctx: PageContext): Promise<PlaceSection | undefined> {
    const open = await this.deps.cache.get(`reports:open:${place.code}`, ['reports'], () =>
      countOpen(this.context, place.code),
    );
    return {
      id: 'reports',
      order: 20,
      title: ctx.t('reports.place.section'),
      content: ReportsPlaceSection({ ctx, place, open }),
    };
  }

  openData(): Promise<readonly OpenDataSet[]> {
    return reportsOpenData(this.ports.places);
  }

  async seedDemo(log: ModuleLog, _options: DemoOptions): Promise<void> {
    const created = await seedDemoReports(this.context, this.ports.places);
    if (created > 0) log.info({ reports: created }, 'demo reports loaded');
  }
}
