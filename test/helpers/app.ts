import { buildApp, type App, type AppDeps } from '../../src/app.js';
import { loadConfig, type Config } from '../../src/config.js';
import type { Database } from '../../src/db/database.js';
import { createTestDatabase } from './database.js';

export interface TestApp extends App {
  database: Database;
  config: Config;
  close(): Promise<void>;
}

/**
 * The whole app on a fresh test database, for `app.inject()` and end-to-end tests. `deps`
 * passes what a test controls, such as a clock it can move.
 */
export async function createTestApp(
  env: Record<string, string> = {},
  deps: Pick<AppDeps, 'clock'> = {},
): Promise<TestApp> {
  const config = loadConfig({
    NODE_ENV: 'test',
    DEMO: 'false',
    LOG_LEVEL: 'silent',
    // A fixed key, so tests write no secret.key into the data folder.
    SECRET_KEY: 'test-secret-key-0123456789-abcdefghijklmnop',
    ...env,
  });
  const database = await createTestDatabase();
  const built = await buildApp({ config, database, ...deps });
  return {
    ...built,
    database,
    config,
    async close() {
      await built.app.close();
      await database.close();
    },
  };
}
