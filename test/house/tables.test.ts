import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import type { Database } from '../../src/db/database.js';
import {
  buildPersonalDataRegister,
  CORE_TABLES,
  listModules,
  type Modules,
} from '../../src/modules/index.js';
import { mailPersonalData } from '../../src/mail/index.js';
import { privacyPersonalData } from '../../src/privacy/index.js';
import { rateLimitPersonalData } from '../../src/web/rate-limit.personal-data.js';
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

describe('the personal data register is built from what the modules declare', () => {
  it('passes its own checks and holds every module’s entries and the shared layers’', () => {
    const ids = buildPersonalDataRegister(modules).map((e) => e.id);
    for (const m of listModules(modules)) for (const e of m.personalData) expect(ids).toContain(e.id);
    for (const e of [...mailPersonalData, ...rateLimitPersonalData, ...privacyPersonalData])
      expect(ids).toContain(e.id);
  });

  it('has entries only for a module’s own tables', () => {
    const strays = listModules(modules).flatMap((m) =>
      m.personalData
        .filter((e) => !m.tables.includes(e.table))
        .map((e) => `${m.name}: ${e.id} on ${e.table}`),
    );
    expect(strays).toEqual([]);
  });

  it('erases a module’s rows before those of the modules it was built on (their rows point that way)', () => {
    const register = buildPersonalDataRegister(modules);
    const built = listModules(modules).map((m) => m.name);
    const moduleOf = (id: string) =>
      listModules(modules).find((m) => m.personalData.some((e) => e.id === id))?.name;
    const order = register.map((e) => moduleOf(e.id)).filter((name) => name !== undefined);
    // Identity (built early) comes after initiatives and budgets (built on it), as their rows point to staff.
    expect(order.indexOf('initiatives')).toBeLessThan(order.indexOf('identity'));
    for (let i = 1; i < order.length; i += 1) {
      expect(built.indexOf(order[i] ?? '')).toBeLessThanOrEqual(built.indexOf(order[i - 1] ?? ''));
    }
  });
});
