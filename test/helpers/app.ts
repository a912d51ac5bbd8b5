import { buildApp, type App } from '../../src/app.js';
import { loadConfig, type Config } from '../../src/config.js';
import type { Database } from '../../src/db/database.js';
import { createTestDatabase } from './database.js';

export interface TestApp extends App {
  database: Database;
  config: Config;
  close(): Promise<void>;
}

/** The whole app on a fresh test database, for `app.inject()` and end-to-end tests. */
export async function createTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const config = loadConfig({ NODE_ENV: 'test', DEMO: 'false', LOG_LEVEL: 'silent', ...env });
  const database = await createTestDatabase();
  const built = await buildApp({ config, database });
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
