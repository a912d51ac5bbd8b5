import type { Migration } from 'kysely';
import * as m0001 from './0001-places.js';

/**
 * Every migration, in order. Listed here rather than read from the folder, so that the
 * compiled app, the CLI and the tests run exactly the same set. Names never change once merged.
 */
export const migrations: Record<string, Migration> = {
  '0001-places': m0001,
};
