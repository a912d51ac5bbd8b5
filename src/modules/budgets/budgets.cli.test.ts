import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { createTestDatabase } from '../../../test/helpers/database.js';
import { testEngine } from '../../../test/helpers/engines.js';
import { runCli } from '../../../test/helpers/processes.js';
import { loadConfig } from '../../config.js';
import { openDatabase, type Database } from '../../db/database.js';
import { createBudgetsCliContext, pledgeHouseholdBudget } from './index.js';
import { createOpenInitiative, openSupport, setUpBudgetYear } from './budgets.test-helpers.js';

const SECRET_KEY = 'test-secret-key-0123456789-abcdefghijklmnop';

let tmp: string;
/** Where the command finds the database: a PGlite data folder, or a database on the server. */
let env: Record<string, string>;
/** The server's database stays open; a PGlite folder is opened only between runs (one process at a time). */
let server: Database | undefined;

async function withDatabase(fn: (database: Database) => Promise<void>): Promise<void> {
  if (server) return fn(server);
  const dataDir = env.BUURTKRACHT_DATA_DIR ?? '';
  const fresh = !(await fs.stat(path.join(dataDir, 'pglite')).catch(() => undefined));
  const database = await openDatabase({
    dataDir,
    purpose: 'test',
    ...(fresh ? { loadDataDir: new Blob([await fs.readFile(inject('pgliteTemplate'))]) } : {}),
  });
  try {
    await fn(database);
  } finally {
    await database.close();
  }
}

beforeAll(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'buurtkracht-ledger-'));
  env = { SECRET_KEY, BUURTKRACHT_DATA_DIR: path.join(tmp, 'data'), LOG_LEVEL: 'silent', DATABASE_URL: '' };
  if (testEngine() === 'postgresql') {
    server = await createTestDatabase();
    env.DATABASE_URL = server.url ?? '';
  }
  // A year with vouchers and one pledge, as the command line and the pages make them.
  await withDatabase(async (database) => {
    const config = loadConfig({ NODE_ENV: 'test', DEMO: 'false', ...env });
    const setUp = await setUpBudgetYear(createBudgetsCliContext({ config, database }).ctx, {
      buurten: [{ code: 'BU06370001', wijkCode: 'WK063700', households: 3 }],
    });
    const initiative = await createOpenInitiative(database.db, { buurt: 'BU06370001', wijk: 'WK063700' });
    await openSupport(setUp.ctx, initiative.id, 100_000, '2026-12-31');
    const pledgeDay = { ...setUp.ctx, now: () => new Date('2026-03-02T10:00:00Z') };
    const code = setUp.codes.get('BU06370001')?.[0] ?? '';
    await pledgeHouseholdBudget(pledgeDay, { code, initiativeId: initiative.id, channel: 'online' });
  });
}, 120_000);

afterAll(async () => {
  await server?.close();
  await fs.rm(tmp, { recursive: true, force: true });
});

describe('buurtkracht verify-ledger', () => {
  it('exits 0 when every invariant holds', async () => {
    const run = await runCli(['verify-ledger'], env);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('Ledger OK: every invariant holds.\n');
  });

  it('exits 1 naming the violation: a pledge without its ledger lines', async () => {
    // Nothing in the database stops this insert: only the check finds the money missing.
    await withDatabase(async ({ db }) => {
      await sql`
        insert into pledge (receipt, voucher_id, initiative_id, municipality_code, year, amount_cents, scope, channel)
        select 'BB-2026-BROKEN', v.id, g.initiative_id, v.municipality_code, v.year, v.amount_cents, 'buurt', 'online'
        from voucher v cross join initiative_support_goal g
        where not exists (select 1 from pledge p where p.voucher_id = v.id)
        limit 1
      `.execute(db);
    });
    const run = await runCli(['verify-ledger'], env);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(
      /^Ledger check failed: voucher balance outside 0…amount or not matching its pledge: voucher \d+ balance 1000\n$/,
    );
  });

  it('exits 1 naming the violation: a journal that does not balance', async () => {
    // The balance trigger is switched off for this one transaction (superuser only), as a
    // bug or a hand edit past the rules would do.
    await withDatabase(async ({ db }) => {
      await db.transaction().execute(async (trx) => {
        await sql`set local session_replication_role = replica`.execute(trx);
        await sql`
          insert into ledger_line (journal_id, kind, account, municipality_code, year, buurt_code, amount_cents)
          values (nextval('ledger_journal_seq'), 'issue', 'pool', 'GM0637', 2026, 'BU06370001', -500)
        `.execute(trx);
      });
    });
    const run = await runCli(['verify-ledger'], env);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^Ledger check failed: journal does not balance: journal \d+ sums to -500\n$/);
  });
});
