import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import type { Logger } from 'pino';
import { buildApp, type App } from './app.js';
import type { Config } from './config.js';
import type { Database } from './db/database.js';
import { migrateToLatest } from './db/migrate.js';
import { checkSecretKey } from './db/secret-key-check.js';
import { CommandSocketUnavailable, serveCommands, type CommandServer } from './cli/remote.js';
import { runCli } from './cli/run.js';
import { JobRunner } from './jobs/index.js';
import { createMailer, outboxDeliveryJob } from './mail/index.js';
import { listModules, type DemoOptions } from './modules/index.js';

/** An app process that listens; `close()` finishes open requests and stops its background work. */
export interface RunningServer {
  readonly app: FastifyInstance;
  readonly address: string;
  /** Stops listening (open requests finish), then the jobs and the mailer. The database stays open. */
  close(): Promise<void>;
}

/** Runs `work` holding a PostgreSQL session advisory lock (on its own connection of the pool). */
async function withStartupLock(database: Database, name: string, work: () => Promise<void>): Promise<void> {
  if (database.engine === 'pglite') return work();
  await database.db.connection().execute(async (connection) => {
    await sql`select pg_advisory_lock(hashtext(${name}))`.execute(connection);
    try {
      await work();
    } finally {
      await sql`select pg_advisory_unlock(hashtext(${name}))`.execute(connection);
    }
  });
}

/**
 * Each module's demo data, when DEMO is on. Outside production the demo has everything, staff
 * accounts with the published password and letters whose codes go into the log included. In
 * production (only with DEMO=true) it has neither: both would be live secrets, in a database
 * and a log that real people use.
 */
async function loadDemo(app: App, database: Database, config: Config, log: Logger): Promise<void> {
  const options: DemoOptions = { publishedSecrets: config.env !== 'production' };
  // Several processes starting on one fresh PostgreSQL database: one seeds, the others wait
  // and then find the demo there (each seed does nothing when its data exists). The embedded
  // database has one process and one connection, so it needs no lock.
  await withStartupLock(database, 'buurtkracht:demo', async () => {
    for (const module of listModules(app.modules)) await module.seedDemo?.(log, options);
  });
  // Each module logs what it loaded; in production the log also says what the demo left out.
  if (!options.publishedSecrets) {
    log.warn(
      { skipped: ['demo staff accounts (published password)', 'demo letters (codes in the log)'] },
      'demo loaded without staff accounts (production)',
    );
  }
}

/**
 * One app process on an open database: migrate → check the key → buildApp → demo → listen on
 * PORT/HOST → jobs (resolves once they run too). Refuses (SecretKeyMismatchError) before anything else when the database
 * was set up with another SECRET_KEY.
 */
export async function startServer(deps: {
  config: Config;
  database: Database;
  log: Logger;
}): Promise<RunningServer> {
  const { config, database, log } = deps;
  const applied = await migrateToLatest(database.db);
  if (applied.length > 0) log.info({ migrations: applied }, 'migrations applied');
  await checkSecretKey(database.db, config);

  const built = await buildApp({ config, database, logger: log });
  if (config.demo) await loadDemo(built, database, config, log);
  else log.info({ demo: false }, 'no demo loaded: DEMO is off (the default in production)');

  // Background work: the mail outbox, and each module's jobs (the privacy register's retention
  // among them). Started once the site answers: nothing a page shows waits for them.
  const mailer = createMailer(config, log);
  const jobs = new JobRunner({ db: database.db, log });
  jobs.define(outboxDeliveryJob(database.db, mailer));
  for (const module of listModules(built.modules)) for (const job of module.jobs?.() ?? []) jobs.define(job);

  // With the embedded database, commands given while this server runs are carried out here.
  let commands: CommandServer | undefined;
  if (database.dataDir) {
    try {
      commands = await serveCommands(database.dataDir, (argv, io) =>
        runCli(argv, { ...io, env: process.env }, { config, database, modules: built.modules }),
      );
    } catch (error) {
      // Not fatal: the site runs; a command then asks to stop the server first, as it always did.
      log.warn(
        error instanceof CommandSocketUnavailable ? { reason: error.message } : { err: error },
        'commands cannot reach this server: stop it to run them',
      );
    }
  }

  const close = async (): Promise<void> => {
    await commands?.close();
    await built.app.close();
    // Jobs still use the database and the mail server: stop them before either closes.
    await jobs.stop();
    await mailer.close();
  };
  try {
    const address = await built.app.listen({ port: config.port, host: config.host });
    await jobs.start();
    return { app: built.app, address, close };
  } catch (error) {
    await close();
    throw error;
  }
}
