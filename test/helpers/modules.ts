import type { Config } from '../../src/config.js';
import type { Database } from '../../src/db/database.js';
import { createModules, type Modules } from '../../src/modules/index.js';
import type { Clock } from '../../src/shared/clock.js';
import { systemClock } from '../../src/shared/clock.js';

/** Keeps what modules log out of the test output. */
const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };

/**
 * Every module over a test's (or a benchmark's) database, without the web app: what a service
 * test or a benchmark calls, exactly as the app and the command line build them.
 */
export function createTestModules(config: Config, database: Database, clock: Clock = systemClock): Modules {
  return createModules({ config, database, web: { asset: () => '', map: config.map }, clock, log: silent });
}
