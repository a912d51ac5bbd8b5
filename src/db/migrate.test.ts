import {
  sql,
  type KyselyPlugin,
  type PluginTransformQueryArgs,
  type PluginTransformResultArgs,
} from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../test/helpers/database.js';
import type { Database } from './database.js';
import { migrateToLatest } from './migrate.js';

/** Counts the statements sent through it. */
class Counter implements KyselyPlugin {
  count = 0;
  transformQuery(args: PluginTransformQueryArgs) {
    this.count++;
    return args.node;
  }
  transformResult(args: PluginTransformResultArgs) {
    return Promise.resolve(args.result);
  }
}

let database: Database;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database.close();
});

describe('migrating at every start', () => {
  it('finds a database that has every migration with two small reads, and changes nothing', async () => {
    const counter = new Counter();
    expect(await migrateToLatest(database.db.withPlugin(counter))).toEqual([]);
    expect(counter.count).toBe(2);
  });

  it('leaves a record it does not know to the migrator, which refuses it', async () => {
    await sql`insert into kysely_migration (name, timestamp) values ('9999-from-elsewhere', now())`.execute(
      database.db,
    );
    try {
      await expect(migrateToLatest(database.db)).rejects.toThrow(/9999-from-elsewhere/);
    } finally {
      await sql`delete from kysely_migration where name = '9999-from-elsewhere'`.execute(database.db);
    }
  });
});
