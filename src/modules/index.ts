import { CommandRunner } from '../access/index.js';
import type { CliCommand } from '../cli/command.js';
import { MIGRATION_TABLES } from '../db/migrate.js';
import { readRevisions, RevisionCache, REVISION_TABLES } from '../db/revisions.js';
import { SECRET_KEY_CHECK_TABLES } from '../db/secret-key-check.js';
import { MAIL_TABLES, mailPersonalData } from '../mail/index.js';
import {
  checkRegister,
  PRIVACY_TABLES,
  privacyPersonalData,
  type PersonalDataEntry,
} from '../privacy/index.js';
import { FrontDoor } from '../web/front-door.js';
import { coreMessages } from '../web/i18n/core.messages.js';
import { I18n } from '../web/i18n/i18n.js';
import type { PageContext, SiteDeps } from '../web/page.js';
import { rateLimitPersonalData } from '../web/rate-limit.personal-data.js';
import { RATE_LIMIT_TABLES } from '../web/rate-limit-store.js';
import { ArrangementsModule, type ArrangementFunding } from './arrangements/index.js';
import { AuditModule, recordAudit } from './audit/index.js';
import { BudgetsModule, budgetsCommands } from './budgets/index.js';
import { DistrictBudgetModule, districtBudgetCommands, matchFundingOf } from './district-budget/index.js';
import { IdentityModule, identityCommands } from './identity/index.js';
import { InitiativesModule, type InitiativeSupport } from './initiatives/index.js';
import type { ModuleDeps, ModuleManifest } from './manifest.js';
import { OpenDataModule } from './open-data/index.js';
import { PlacesModule, placesCommands } from './places/index.js';
import { PrivacyRequestsModule, privacyRequestsCommands } from './privacy-requests/index.js';
import { UploadsModule } from './uploads/index.js';
import { ReportsModule, reportsCommands } from './reports/index.js';

export type { DemoOptions, ModuleDeps, ModuleLog, ModuleManifest } from './manifest.js';

/** Every module of the product, built once over one database, by name. */
export interface Modules {
  places: PlacesModule;
  identity: IdentityModule;
  audit: AuditModule;
  uploads: UploadsModule;
  initiatives: InitiativesModule;
  budgets: BudgetsModule;
  districtBudget: DistrictBudgetModule;
  arrangements: ArrangementsModule;
  reports: ReportsModule;
  privacyRequests: PrivacyRequestsModule;
  openData: OpenDataModule;
}

/** What `createModules` is given: the modules' dependencies, with the web's before the front door. */
export type ModuleBuildDeps = Omit<ModuleDeps, 'web' | 'cache' | 'commands'> & { web: SiteDeps };

/**
 * Builds every module once, in the order they depend on each other. The app, `main.ts`, the
 * command line, benchmarks and tests take the modules from here. A new module is one line
 * below (and one in `Modules`), plus its commands in `moduleCommands` if it has any.
 */
export function createModules(build: ModuleBuildDeps): Modules {
  const { database, clock } = build;
  const cache = new RevisionCache(
    { read: () => readRevisions(database.db), writes: () => database.writes() },
    { now: () => clock().getTime() },
  );
  // The front door reads the modules when a page asks, so every module's pages get it while
  // the modules are still being built.
  const deps: ModuleDeps = {
    ...build,
    cache,
    commands: new CommandRunner({ db: database.db, writeAudit: recordAudit, now: clock }),
    web: { ...build.web, frontDoor: frontDoorOf(() => modules) },
  };
  const places = new PlacesModule(deps);
  const identity = new IdentityModule(deps, { places });
  const audit = new AuditModule(deps);
  const uploads = new UploadsModule(deps);
  // Late-bound: initiatives shows the household budget's support, and budgets is built after it.
  const initiatives = new InitiativesModule(deps, {
    places,
    staff: identity.staffDirectory,
    support: (): InitiativeSupport => budgets.initiativeSupport,
    uploads,
  });
  const budgets = new BudgetsModule(deps, { places, initiatives });
  const districtBudget = new DistrictBudgetModule(deps, {
    places,
    initiatives,
    budgets,
    staff: identity.staffDirectory,
    // A top-up decision puts budgets' match funding in force for its wijk and year.
    matchFunding: () => matchFundingOf(budgets.matchFunding, clock),
  });
  const arrangements = new ArrangementsModule(deps, {
    places,
    initiatives,
    // Tranches are district-budget decisions (kind 'arrangement'), under its mandate rules.
    funding: (): ArrangementFunding => districtBudget.arrangementFunding,
  });
  const reports = new ReportsModule(deps, { places });
  const privacyRequests = new PrivacyRequestsModule(deps, {
    accounts: identity.service,
    places,
    register: () => register,
  });
  const openData = new OpenDataModule(deps);
  const modules: Modules = {
    places,
    identity,
    audit,
    uploads,
    initiatives,
    budgets,
    districtBudget,
    arrangements,
    reports,
    privacyRequests,
    openData,
  };
  const register = buildPersonalDataRegister(modules);
  return modules;
}

/**
 * The tables of the shared layers below the modules (migrations, the key check, the mail
 * outbox, the privacy register's log, rate limits). With every module's `tables`, these are
 * all the tables there are: `test/house/tables.test.ts` holds the database to that.
 */
export const CORE_TABLES: readonly string[] = [
  ...MIGRATION_TABLES,
  ...SECRET_KEY_CHECK_TABLES,
  ...MAIL_TABLES,
  ...PRIVACY_TABLES,
  ...RATE_LIMIT_TABLES,
  ...REVISION_TABLES,
];

/**
 * The personal data register (AVG/GDPR art. 30): every module's entries and those of the
 * shared layers, checked. Erasure works through it in order, and a row may point only to rows
 * of modules built before its own (budgets → initiatives → identity), so the modules' entries
 * come in reverse build order; the shared layers' rows point to no module's.
 */
export function buildPersonalDataRegister(modules: Modules): readonly PersonalDataEntry[] {
  return checkRegister([
    ...listModules(modules)
      .reverse()
      .flatMap((m) => m.personalData),
    ...mailPersonalData,
    ...rateLimitPersonalData,
    ...privacyPersonalData,
  ]);
}

/**
 * Every module's navigation, home tasks, place sections and open datasets, in build order
 * (`FrontDoor` sorts them by their `order`). Modules reach it as `deps.web.frontDoor`.
 */
export function frontDoorOf(modules: Modules | (() => Modules)): FrontDoor<PageContext> {
  return new FrontDoor(() => listModules(typeof modules === 'function' ? modules() : modules));
}

/** Every text of the product: the web layer's own and each module's, in Dutch and English. */
export function createAppI18n(modules: Modules): I18n {
  return new I18n([coreMessages, ...listModules(modules).map((m) => m.messages)]);
}

/** The modules in the order they were built (routes, start-up work, demo seeds run in it). */
export function listModules(modules: Modules): ModuleManifest[] {
  return Object.values(modules);
}

/**
 * Every module's command-line commands, in the order `buurtkracht --help` lists them. Known
 * without a database (help and usage errors open none), hence declared beside the modules.
 */
export const moduleCommands: readonly CliCommand[] = [
  ...placesCommands,
  ...identityCommands,
  ...privacyRequestsCommands,
  ...budgetsCommands,
  ...districtBudgetCommands,
  ...reportsCommands,
];

declare module '../cli/command.js' {
  /** A command's `ctx.modules()`: every module over the command's database. */
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled by extending Modules
  interface CliModules extends Modules {}
}
