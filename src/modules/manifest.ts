import type { FastifyInstance } from 'fastify';
import type { CommandRunner, PermissionTable } from '../access/index.js';
import type { Config } from '../config.js';
import type { Database } from '../db/database.js';
import type { RevisionCache } from '../db/revisions.js';
import type { Job } from '../jobs/index.js';
import type { PersonalDataEntry } from '../privacy/index.js';
import type { Clock } from '../shared/clock.js';
import type { MessageBundle } from '../web/i18n/i18n.js';
import type {
  FrontDoorContributor,
  HomeTask,
  NavigationEntry,
  OpenDataSet,
  PlaceSection,
  PlaceSectionPlace,
} from '../web/front-door.js';
import type { PageContext, WebDeps } from '../web/page.js';

export type {
  HomeTask,
  LocalizedText,
  ModuleStat,
  NavigationEntry,
  OpenDataDistribution,
  OpenDataLicence,
  OpenDataSet,
  PlaceSection,
  PlaceSectionPlace,
  StatPeriod,
  StatPlace,
} from '../web/front-door.js';

/** Where a module logs: the app's pino logger, or plain lines on stderr on the command line. */
export interface ModuleLog {
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
}

/** What every module is built with (by `createModules`, and nothing else). */
export interface ModuleDeps {
  config: Config;
  database: Database;
  web: WebDeps;
  /** The current time (tests pass a clock they can move). */
  clock: Clock;
  log: ModuleLog;
  /**
   * This process's cache of what public pages read, dropped when a topic changes anywhere
   * (built by `createModules`, one per set of modules).
   */
  cache: RevisionCache;
  /**
   * The shared command step: every change of state runs through `commands.run(acting, action,
   * body)`, which checks the permission for the place, and writes the change and its audit
   * entry in one transaction (`src/access/command.ts`).
   */
  commands: CommandRunner;
}

/**
 * The manifest of a capability (places, identity, initiatives, budgets, reports …): what it
 * brings to the product, declared in one place, its `index.ts`. `src/modules/index.ts` builds
 * every module once (`createModules`) and the app, `main.ts`, the command line, the privacy
 * register, benchmarks and tests all take what they need from there: nothing else is wired
 * by hand.
 */
export interface ModuleManifest extends FrontDoorContributor<PageContext> {
  readonly name: string;
  /** Dutch and English texts (English typed against the Dutch keys). */
  readonly messages: MessageBundle;
  /** Who may do what in this module: permission → roles (see `PermissionTable`). */
  readonly permissions?: PermissionTable;
  /**
   * Every table this module owns (creates in its migrations and alone reads and writes).
   * Another module never queries them: it calls this module's `index.ts`. A test fails when
   * the database holds a table nobody declares.
   */
  readonly tables: readonly string[];
  /**
   * The views this module publishes as its contract in the database: what other modules (their
   * repositories and database functions) may read of its data, where a call through its
   * `index.ts` cannot serve (a read under another module's locks). Another module reads these,
   * never the tables behind them. Listed in ARCHITECTURE.md's "Contracts".
   */
  readonly views?: readonly string[];
  /**
   * The personal data register's entries for this module's tables (AVG/GDPR art. 30): why,
   * how long, which gemeente each row belongs to, how to find one person's rows. An empty list
   * says the module holds no personal data. Retention, export and erasure all read these.
   */
  readonly personalData: readonly PersonalDataEntry[];
  /** Registers the module's page and API routes. Every route declares `config.access`. */
  registerRoutes?(app: FastifyInstance): Promise<void>;
  /** Work at start-up, after migrations (warming caches). */
  start?(): Promise<void>;
  /** Background jobs (schedules, queued work); main.ts registers them with the process's runner. */
  jobs?(): readonly Job[];
  /** Loads the module's demo data when the database has none of it. */
  seedDemo?(log: ModuleLog, options: DemoOptions): Promise<void>;
  /**
   * Entries of the layout's navigation: residents' in the primary navigation, for everyone;
   * staff pages in the staff menu, for staff who hold the entry's permission.
   */
  readonly navigation?: readonly NavigationEntry[];
  /**
   * The tasks this module offers on the home page (the front door), for whoever is looking:
   * only tasks that can be done now (giving the household budget only while a year is open).
   */
  homeTasks?(ctx: PageContext): Promise<readonly HomeTask[]>;
  /**
   * What this module shows on a gemeente, wijk or buurt page (initiatives open for support
   * there, the household budget's figures, later reports and meetings); undefined for nothing.
   */
  placeSection?(place: PlaceSectionPlace, ctx: PageContext): Promise<PlaceSection | undefined>;
  /**
   * The open datasets this module publishes now (a file per gemeente or year may come and go):
   * listed on /open-data and in the DCAT catalogue at /open-data/catalogus.jsonld.
   */
  openData?(): Promise<readonly OpenDataSet[]>;
}

/** What the demo may contain: decided once, by the server's start (`src/server.ts`). */
export interface DemoOptions {
  /**
   * Secrets the demo publishes: staff accounts with the demo password, letters whose codes go
   * into the log. True outside production; false in production, where they would be live.
   */
  readonly publishedSecrets: boolean;
}
