import { sql } from 'kysely';
import { pino } from 'pino';
import { buildApp } from './app.js';
import { ConfigError, loadConfig, type Config } from './config.js';
import { DataDirLockedError } from './db/data-dir-lock.js';
import { openDatabase, type Database } from './db/database.js';
import { migrateToLatest } from './db/migrate.js';
import { JobRunner } from './jobs/index.js';
import { createMailer, outboxDeliveryJob } from './mail/index.js';
import { retentionJob } from './privacy/index.js';
import { logSerializers } from './web/log-redaction.js';
import { listModules } from './modules/index.js';

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

/** loadConfig → openDatabase → migrate → buildApp → demo → jobs → listen; graceful shutdown. */
async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\nSee .env.example for every setting.\n`);
      process.exit(1);
    }
    throw error;
  }
  // Request URLs are logged with their one-time tokens and personal codes redacted.
  const log = pino({ level: config.logLevel, serializers: logSerializers });
  const database = await openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    poolSize: config.databasePoolSize,
    purpose: 'server',
  });
  log.info(
    { engine: database.engine, dataDir: database.engine === 'pglite' ? config.dataDir : undefined },
    'database open',
  );
  const applied = await migrateToLatest(database.db);
  if (applied.length > 0) log.info({ migrations: applied }, 'migrations applied');

  const { app, modules } = await buildApp({ config, database, logger: log });
  if (config.demo) {
    // Several processes starting on one fresh PostgreSQL database: one seeds, the others wait
    // and then find the demo there (each seed does nothing when its data exists). The embedded
    // database has one process and one connection, so it needs no lock.
    await withStartupLock(database, 'buurtkracht:demo', async () => {
      for (const module of listModules(modules)) await module.seedDemo?.(log);
    });
  }

  // Background work: the mail outbox, the privacy register's retention, and each module's jobs.
  const mailer = createMailer(config, log);
  const jobs = new JobRunner({ db: database.db, log });
  jobs.define(outboxDeliveryJob(database.db, mailer));
  jobs.define(retentionJob(database.db));
  for (const module of listModules(modules)) for (const job of module.jobs?.() ?? []) jobs.define(job);
  await jobs.start();

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    log.info({ signal }, 'shutting down: finishing open requests');
    const force = setTimeout(() => {
      log.error('shutdown took longer than 15 s; exiting');
      process.exit(1);
    }, 15_000);
    force.unref();
    try {
      await app.close();
      // Jobs still use the database and the mail server: stop them before either closes.
      await jobs.stop();
      await mailer.close();
      await database.close();
      log.info('stopped');
      process.exit(0);
    } catch (error) {
      log.error({ err: error }, 'shutdown failed');
      process.exit(1);
    }
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));

  const address = await app.listen({ port: config.port, host: config.host });
  database.describe(config.publicUrl);
  log.info({ address, publicUrl: config.publicUrl }, 'Buurtkracht is running');
}

main().catch((error: unknown) => {
  if (error instanceof DataDirLockedError) {
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
  process.stderr.write(
    `Buurtkracht could not start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
