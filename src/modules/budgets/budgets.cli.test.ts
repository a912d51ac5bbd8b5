import { CLI_ACTING } from '../../access/index.js';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { createTestDatabase } from '../../../test/helpers/database.js';
import { testEngine } from '../../../test/helpers/engines.js';
import { createTestModules } from '../../../test/helpers/modules.js';
import { runCli } from '../../../test/helpers/processes.js';
import { loadConfig } from '../../config.js';
import { openDatabase, type Database } from '../../db/database.js';
import { countLetters, issueVouchers, lookupVoucher, pledgeHouseholdBudget } from './index.js';
import { createOpenInitiative, openSupport, setUpBudgetYear } from './budgets.test-helpers.js';
import { readLetters } from './letters.test-helpers.js';

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
    const setUp = await setUpBudgetYear(createTestModules(config, database).budgets.context, {
      buurten: [{ code: 'BU06370001', wijkCode: 'WK063700', households: 3 }],
    });
    const initiative = await createOpenInitiative(database.db, { buurt: 'BU06370001', wijk: 'WK063700' });
    await openSupport(setUp.ctx, initiative.id, 100_000, '2026-12-31');
    const pledgeDay = { ...setUp.ctx, now: () => new Date('2026-03-02T10:00:00Z') };
    const code = setUp.codes.get('BU06370001')?.[0] ?? '';
    await pledgeHouseholdBudget(pledgeDay, { code, initiativeId: initiative.id, channel: 'online' });
    // And a year whose letters are still to be printed.
    await setUpBudgetYear(createTestModules(config, database).budgets.context, {
      year: 2027,
      printed: false,
      buurten: [{ code: 'BU06370001', wijkCode: 'WK063700', households: 4 }],
    });
  });
}, 120_000);

afterAll(async () => {
  await server?.close();
  await fs.rm(tmp, { recursive: true, force: true });
});

describe('buurtkracht letters', () => {
  const letters = (out: string) =>
    runCli(['letters', '--gemeente', 'GM0637', '--year', '2027', '--out', out], env);
  const notPrinted =
    'No letters file was written and no voucher was marked printed: once that is fixed, the same ' +
    "command prints these households' letters, with new codes.\n";

  it('into a directory: exits 1 with a clear message and leaves no partial file', async () => {
    const dir = path.join(tmp, 'a-folder');
    await fs.mkdir(dir);
    const run = await letters(dir);
    expect(run.stderr).toBe(`Cannot write ${dir}: it is a directory.\n${notPrinted}`);
    expect(run.code).toBe(1);
    await expect(fs.stat(`${dir}.partial`)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('into a folder that does not exist: exits 1 with a clear message and leaves no partial file', async () => {
    const out = path.join(tmp, 'missing', 'letters.pdf');
    const run = await letters(out);
    expect(run.stderr).toBe(`Cannot write ${out}.partial: its folder does not exist.\n${notPrinted}`);
    expect(run.code).toBe(1);
    await expect(fs.stat(path.join(tmp, 'missing'))).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('overwrites the partial file of a run that was stopped, saying so, and prints every household', async () => {
    const out = path.join(tmp, 'letters.pdf');
    await fs.writeFile(`${out}.partial`, '%PDF-1.4\n1 0 obj\n<< /Type /Catalog');
    const run = await letters(out);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain(
      `Overwriting ${out}.partial, left by an earlier run that did not finish. Its letters never ` +
        'counted as printed, and their households get new codes when printed: do not use that file.\n',
    );
    expect(run.stdout).toMatch(new RegExp(`^Wrote 4 letters to ${out} in `));
    await expect(fs.stat(`${out}.partial`)).rejects.toMatchObject({ code: 'ENOENT' });
    const pages = readLetters(await fs.readFile(out));
    expect(pages).toHaveLength(4);
    await withDatabase(async (database) => {
      const config = loadConfig({ NODE_ENV: 'test', DEMO: 'false', ...env });
      const ctx = createTestModules(config, database).budgets.context;
      for (const page of pages) {
        await expect(lookupVoucher(ctx, page.code ?? '')).resolves.toMatchObject({ state: 'unused' });
      }
      expect(await countLetters(ctx, { municipalityCode: 'GM0637', year: 2027, reprint: false })).toBe(0);
    });
  });

  it('never writes over an earlier letters file (it may be the only copy of its codes); with nothing to print writes nothing', async () => {
    /** CBS counts `households` now: the vouchers missing are issued, still without a letter. */
    const households = (n: number) =>
      withDatabase(async (database) => {
        const config = loadConfig({ NODE_ENV: 'test', DEMO: 'false', ...env });
        const ctx = createTestModules(config, database).budgets.context;
        await issueVouchers(
          {
            ...ctx,
            buurtenOf: () => Promise.resolve([{ code: 'BU06370001', wijkCode: 'WK063700', households: n }]),
          },
          CLI_ACTING,
          { municipalityCode: 'GM0637', year: 2027 },
        );
      });
    const unprinted = async (): Promise<number> => {
      let n = -1;
      await withDatabase(async (database) => {
        const config = loadConfig({ NODE_ENV: 'test', DEMO: 'false', ...env });
        const ctx = createTestModules(config, database).budgets.context;
        n = await countLetters(ctx, { municipalityCode: 'GM0637', year: 2027, reprint: false });
      });
      return n;
    };
    await households(6);
    const first = path.join(tmp, 'first.pdf');
    const todo = await unprinted();
    expect(todo).toBeGreaterThan(0);
    expect((await letters(first)).stdout).toMatch(new RegExp(`^Wrote ${todo} letters to ${first} in `));
    const printed = await fs.readFile(first);

    const again = await letters(first);
    expect(again.code).toBe(0);
    expect(again.stdout).toBe(
      `Every voucher already has a printed letter: nothing written to ${first}. Use --reprint to replace them all.\n`,
    );
    const nothing = path.join(tmp, 'nothing.pdf');
    expect((await letters(nothing)).code).toBe(0);
    await expect(fs.stat(nothing)).rejects.toMatchObject({ code: 'ENOENT' });

    // Two more households: the same file name again is refused, and the first file stays as it was.
    await households(8);
    const refused = await letters(first);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toBe(
      `${first} exists already. It may be the only copy of codes that work (only a hash of each code ` +
        `is stored): write to another file, or move that one away first.\n${notPrinted}`,
    );
    expect((await fs.readFile(first)).equals(printed)).toBe(true);
    expect(await unprinted()).toBe(2);
    const second = path.join(tmp, 'second.pdf');
    expect((await letters(second)).stdout).toMatch(new RegExp(`^Wrote 2 letters to ${second} in `));
    expect(await unprinted()).toBe(0);
    // Five runs of the command and five openings of the data folder: ~30 s on PGlite here.
  }, 120_000);
});

describe('buurtkracht verify-ledger', () => {
  it('exits 0 when every invariant holds', async () => {
    const run = await runCli(['verify-ledger'], env);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('Ledger OK: every invariant holds.\n');
  });

  it('exits 1 naming the buurt and the figure when the transparency figures differ from the ledger', async () => {
    // The rollup changed past the triggers, as a hand edit would; put back afterwards.
    const tamper = (cents: number) =>
      withDatabase(async ({ db }) => {
        await sql`update budget_figures set pledged_cents = pledged_cents + ${cents}
          where id = (select min(id) from budget_figures where year = 2026 and buurt_code = 'BU06370001')`.execute(
          db,
        );
      });
    await tamper(500);
    try {
      const run = await runCli(['verify-ledger'], env);
      expect(run.code).toBe(1);
      expect(run.stdout).toBe('');
      expect(run.stderr).toBe(
        'Ledger check failed: the transparency figures (budget_figures) differ from the ledger and the ' +
          'vouchers: GM0637 2026 BU06370001: pledged_cents 1500 in the figures, 1000 by the ledger\n',
      );
    } finally {
      await tamper(-500);
    }
    expect((await runCli(['verify-ledger'], env)).code).toBe(0);
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
