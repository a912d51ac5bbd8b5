import { pino } from 'pino';
import { ConfigError, loadConfig, type Config } from './config.js';
import { DataDirLockedError } from './db/data-dir-lock.js';
import { openDatabase } from './db/database.js';
import { SecretKeyMismatchError } from './db/secret-key-check.js';
import type { RunningServer } from './server.js';
import { logSerializers } from './web/log-redaction.js';

/**
 * loadConfig → openDatabase, while the server's code loads → startServer (migrate → key check →
 * app → demo → listen → jobs); graceful shutdown.
 */
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
  // The database opens (the embedded one reads its files and compiles its WebAssembly off the
  // main thread) while the rest of the server's code loads: started first, then the import.
  const opening = openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    poolSize: config.databasePoolSize,
    purpose: 'server',
  });
  const loading = import('./server.js');
  // Whichever fails first is reported; the other must not end the process unhandled.
  loading.catch(() => undefined);
  opening.catch(() => undefined);
  const database = await opening;
  log.info(
    { engine: database.engine, dataDir: database.engine === 'pglite' ? config.dataDir : undefined },
    'database open',
  );
  // Signals are handled from here on: the server answers before its jobs have started (listen →
  // jobs), and a stop asked for in between waits for the start to finish, then shuts down cleanly.
  let server: RunningServer | undefined;
  let requested: string | undefined;
  let closing = false;
  const shutdown = async (signal: string) => {
    if (!server) {
      requested ??= signal;
      return;
    }
    if (closing) return;
    closing = true;
    log.info({ signal }, 'shutting down: finishing open requests');
    const force = setTimeout(() => {
      log.error('shutdown took longer than 15 s; exiting');
      process.exit(1);
    }, 15_000);
    force.unref();
    try {
      await server.close();
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

  try {
    const { startServer } = await loading;
    server = await startServer({ config, database, log });
  } catch (error) {
    // Releases the embedded database's lock, so the next attempt need not wait for it.
    await database.close().catch(() => undefined);
    throw error;
  }
  if (requested) return shutdown(requested);

  database.describe(config.publicUrl);
  log.info({ address: server.address, publicUrl: config.publicUrl }, 'Buurtkracht is running');
}

main().catch((error: unknown) => {
  if (error instanceof DataDirLockedError || error instanceof SecretKeyMismatchError) {
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
  process.stderr.write(
    `Buurtkracht could not start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
