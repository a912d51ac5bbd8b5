import type { FastifyInstance } from 'fastify';
import type { VNode } from 'preact';
import type { PermissionTable } from '../access/index.js';
import type { Config } from '../config.js';
import type { Database } from '../db/database.js';
import type { RevisionCache } from '../db/revisions.js';
import type { Job } from '../jobs/index.js';
import type { PersonalDataEntry } from '../privacy/index.js';
import type { Clock } from '../shared/clock.js';
import type { PlaceLevel } from '../shared/place-codes.js';
import type { MessageBundle } from '../web/i18n/i18n.js';
import type { PageContext, WebDeps } from '../web/page.js';

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
}

/**
 * The manifest of a capability (places, identity, initiatives, budgets, reports …): what it
 * brings to the product, declared in one place, its `index.ts`. `src/modules/index.ts` builds
 * every module once (`createModules`) and the app, `main.ts`, the command line, the privacy
 * register, benchmarks and tests all take what they need from there: nothing else is wired
 * by hand.
 */
export interface ModuleManifest {
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
  /** Entries of the primary navigation in the layout (residents') and of the staff menu. */
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
  /** The open datasets this module publishes: listed on /open-data and in the DCAT catalogue. */
  readonly openData?: readonly OpenDataSet[];
}

/** A link in the layout's navigation. `label` is a message key; `order` sorts across modules. */
export interface NavigationEntry {
  readonly href: string;
  readonly label: string;
  readonly order: number;
  /** `resident`: the primary navigation, shown to everyone; `staff`: shown to staff who hold `permission`. */
  readonly audience: 'resident' | 'staff';
  readonly permission?: string;
}

/** A task on the home page, its texts already in the reader's language. */
export interface HomeTask {
  readonly href: string;
  readonly title: string;
  readonly description: string;
  readonly order: number;
}

/** The place a section is asked for (what every module may know of it, without the places module). */
export interface PlaceSectionPlace {
  readonly code: string;
  readonly level: PlaceLevel;
  readonly name: string;
  readonly municipalityCode: string;
  /** The place's buurt codes (the place itself for a buurt), for modules that record buurten. */
  readonly buurtCodes: readonly string[];
}

/** A module's section on a place page: a heading (level 2, in the reader's language) and content. */
export interface PlaceSection {
  readonly id: string;
  readonly order: number;
  readonly title: string;
  readonly content: VNode;
}

/**
 * An open dataset (DCAT-AP-NL `dcat:Dataset` with its distributions). Texts are message keys;
 * `href` is a path on this site. The catalogue at /open-data and /open-data/catalogus.jsonld
 * lists every module's sets.
 */
export interface OpenDataSet {
  readonly id: string;
  readonly title: string;
  readonly description: string;
  readonly keywords: readonly string[];
  /** How often it changes: an EU frequency code (`CONT`, `DAILY`, `WEEKLY`, `ANNUAL`, `IRREG` …). */
  readonly accrualPeriodicity: string;
  readonly distributions: readonly {
    readonly href: string;
    /** IANA media type: `text/csv`, `application/geo+json`, `application/json` … */
    readonly mediaType: string;
    /** EU file type code: `CSV`, `GEOJSON`, `JSON` … */
    readonly format: string;
  }[];
}

/** What the demo may contain: decided once, by the server's start (`src/server.ts`). */
export interface DemoOptions {
  /**
   * Secrets the demo publishes: staff accounts with the demo password, letters whose codes go
   * into the log. True outside production; false in production, where they would be live.
   */
  readonly publishedSecrets: boolean;
}
