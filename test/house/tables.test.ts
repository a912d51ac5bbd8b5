import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import type { Database } from '../../src/db/database.js';
import { CORE_TABLES, listModules, type Modules } from '../../src/modules/index.js';
import { createTestDatabase } from '../helpers/database.js';
import { createTestModules } from '../helpers/modules.js';

let database: Database;
let modules: Modules;
beforeAll(async () => {
  database = await createTestDatabase();
  modules = createTestModules(loadConfig({ NODE_ENV: 'test', DEMO: 'false', LOG_LEVEL: 'silent' }), database);
});
afterAll(async () => {
  await database?.close();
});

describe('every table has one owner', () => {
  it('declares every table of the migrated database, in one module or a shared layer', async () => {
    const { rows } = await sql<{ name: string }>`
      select table_name as name from information_schema.tables
      where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name
    `.execute(database.db);
    const declared = [...CORE_TABLES, ...listModules(modules).flatMap((m) => m.tables)];
    expect(rows.map((r) => r.name)).toEqual([...declared].sort());
  });

  it('never declares a table twice', () => {
    const owners = new Map<string, string[]>();
    for (const m of listModules(modules))
      for (const t of m.tables) owners.set(t, [...(owners.get(t) ?? []), m.name]);
    for (const t of CORE_TABLES) owners.set(t, [...(owners.get(t) ?? []), 'core']);
    expect([...owners].filter(([, by]) => by.length > 1)).toEqual([]);
  });
});
