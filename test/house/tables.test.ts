import fs from 'node:fs';
import path from 'node:path';
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

const modulesDir = path.join(import.meta.dirname, '..', '..', 'src', 'modules');

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

/** Product source files of a module folder (tests and test helpers may set up any table). */
function productFilesOf(folder: string): string[] {
  return fs
    .readdirSync(folder, { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.tsx?$/.test(f) && !/\.test(-helpers)?\.tsx?$/.test(f))
    .map((f) => path.join(folder, f));
}

/** Source without its comments (which may say "into place" without querying anything). */
function withoutComments(source: string): string {
  return source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:])\/\/.*$/gm, '$1');
}

/** Where SQL names a table (`from t`, `join t`, `into t`, `update t`) or Kysely does (`selectFrom('t as x')`). */
function mentionsTable(source: string, table: string): boolean {
  const code = withoutComments(source);
  const sqlUse = new RegExp(`\\b(from|join|into|update)\\s+${table}\\b`, 'i');
  const builderUse = new RegExp(
    `\\b(selectFrom|innerJoin|leftJoin|rightJoin|fullJoin|insertInto|updateTable|deleteFrom|mergeInto)\\(\\s*['"\`]${table}(\\s+as\\s+\\w+)?['"\`]`,
  );
  return sqlUse.test(code) || builderUse.test(code);
}

describe('every view is a contract of one module, over its own tables', () => {
  it('declares every view of the migrated database in one module', async () => {
    const { rows } = await sql<{ name: string }>`
      select table_name as name from information_schema.views where table_schema = 'public' order by 1
    `.execute(database.db);
    const declared = listModules(modules).flatMap((m) => m.views ?? []);
    expect(rows.map((r) => r.name)).toEqual([...declared].sort());
  });

  it('builds each view from its owner’s tables only', async () => {
    const strays: string[] = [];
    for (const owner of listModules(modules))
      for (const view of owner.views ?? []) {
        const { rows } = await sql<{ definition: string }>`
          select pg_get_viewdef(${view}::regclass) as definition
        `.execute(database.db);
        const readers = modulesNamedIn(rows[0]?.definition ?? '');
        if (readers.some((m) => m !== owner.name)) strays.push(`${view}: ${readers.join(', ')}`);
      }
    expect(strays).toEqual([]);
  });
});

/** The modules whose tables `source` (SQL, or code building SQL) reads or writes. */
function modulesNamedIn(source: string): string[] {
  return listModules(modules)
    .filter((owner) => owner.tables.some((table) => mentionsTable(source, table)))
    .map((owner) => owner.name);
}

describe('no module queries another module’s tables', () => {
  it('finds no table of one module named in another’s code (its published views it may read)', () => {
    const found: string[] = [];
    for (const reader of listModules(modules)) {
      const sources = productFilesOf(path.join(modulesDir, reader.name)).map((f) =>
        fs.readFileSync(f, 'utf8'),
      );
      for (const owner of listModules(modules)) {
        if (owner === reader) continue;
        for (const table of owner.tables)
          if (sources.some((s) => mentionsTable(s, table))) found.push(`${reader.name} → ${table}`);
      }
    }
    expect(found.sort()).toEqual([]);
  });

  it('finds no database function that names the tables of two modules', async () => {
    // A function (a trigger's, the pledge batch) belongs to the module whose tables it names;
    // another module's rows it reads through that module's views.
    const { rows } = await sql<{ name: string; body: string }>`
      select p.proname as name, p.prosrc as body from pg_proc p
      join pg_namespace n on n.oid = p.pronamespace
      where n.nspname = 'public' order by 1
    `.execute(database.db);
    expect(rows.map((r) => r.name)).toContain('budget_pledge_batch');
    const mixed = rows
      .map((r) => ({ name: r.name, owners: modulesNamedIn(r.body) }))
      .filter((f) => f.owners.length > 1)
      .map((f) => `${f.name}: ${f.owners.join(', ')}`);
    expect(mixed).toEqual([]);
  });

  it('notices a function body that joins another module’s table, and not one that joins its view', () => {
    const body = (source: string) => `
      select sg.goal_cents, gi.stage from initiative_support_goal sg
      left join ${source} gi on gi.id = sg.initiative_id`;
    expect(modulesNamedIn(body('initiative'))).toEqual(['initiatives', 'budgets']);
    expect(modulesNamedIn(body('initiative_brief_v'))).toEqual(['budgets']);
  });

  it('notices a query of another module’s table, in SQL or through Kysely', () => {
    expect(mentionsTable("select id from staff_account where email = ''", 'staff_account')).toBe(true);
    expect(mentionsTable(".innerJoin('staff_role as r', 'r.account_id', 'a.id')", 'staff_role')).toBe(true);
    expect(mentionsTable("q(db).selectFrom('initiative')", 'initiative')).toBe(true);
    expect(mentionsTable("const label = 'initiative_event_kind';", 'initiative')).toBe(false);
    expect(mentionsTable("gemeente: { kind: 'place' }, // renamed into place", 'place')).toBe(false);
  });
});
