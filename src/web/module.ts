import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import type { Database } from '../db/database.js';
import type { Job } from '../jobs/index.js';
import type { PermissionTable } from '../modules/identity/index.js';
import type { Clock } from '../shared/clock.js';
import type { MessageBundle } from './i18n/i18n.js';
import type { WebDeps } from './page.js';

/** What buildApp hands to every module. */
export interface ModuleDeps {
  config: Config;
  database: Database;
  web: WebDeps;
  /** The current time (tests pass a clock they can move); the system clock when left out. */
  clock?: Clock;
}

/**
 * A capability of the product (places, identity, initiatives, budgets, reports …), each with
 * the same face: its messages, its routes, and what it does once at start and for the demo.
 */
export interface AppModule {
  readonly name: string;
  readonly messages: MessageBundle;
  /** Who may do what in this module: permission → roles (see `PermissionTable`). */
  readonly permissions?: PermissionTable;
  /** Registers the module's page and API routes. Every route declares `config.access`. */
  registerRoutes(app: FastifyInstance): Promise<void>;
  /** Work at start-up, after migrations (warming caches). */
  start?(): Promise<void>;
  /** Background jobs (schedules, queued work); main.ts registers them with the process's runner. */
  jobs?(): readonly Job[];
  /** Loads the module's demo data when the database has none of it. */
  seedDemo?(log: Logger, options: DemoOptions): Promise<void>;
}

/** What the demo may contain: decided once, by the server's start (`src/server.ts`). */
export interface DemoOptions {
  /**
   * Secrets the demo publishes: staff accounts with the demo password, letters whose codes go
   * into the log. True outside production; false in production, where they would be live.
   */
  readonly publishedSecrets: boolean;
}
