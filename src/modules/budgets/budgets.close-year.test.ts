import { CLI_ACTING } from '../../access/index.js';
import crypto from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/helpers/app.js';
import { testEngine } from '../../../test/helpers/engines.js';
import { openDatabase, type Database } from '../../db/database.js';
import { DomainError } from '../../shared/errors.js';
import { pledgeBatch, replaceCodeHashes } from './budgets.repository.js';
import { createOpenInitiative, openSupport, setUpBudgetYear } from './budgets.test-helpers.js';
import { closeYear, verifyLedger } from './years.service.js';
import { issueVouchers } from './vouchers.service.js';
import { pledgeHouseholdBudget } from './pledges.service.js';
import { type BudgetsContext } from './budgets.context.js';

// Writers of a year's vouchers at the same time as pledges and each other: an administrator may
// close before the closing date or issue vouchers (from the admin page or the command line), and
// a reprint replaces codes while households pledge. Only a server runs them side by side (PGlite
// has one connection), and only there can they wait on each other.

let now = new Date();
let t: TestApp;
/** The `close-year` command's own connections: the close never queues behind the app's pledges. */
let cli: Database;

/** A fresh year (each can be closed once) with vouchers, and the clock inside it. */
async function openYear(year: number, households: number): Promise<{ ctx: BudgetsContext; codes: string[] }> {
  now = new Date(`${year}-03-02T10:00:00Z`);
  const setUp = await setUpBudgetYear(t.modules.budgets.context, {
    year,
    buurten: [{ code: 'BU06370001', wijkCode: 'WK063700', households }],
  });
  return { ctx: setUp.ctx, codes: setUp.codes.get('BU06370001') ?? [] };
}

/** `n` initiatives open for support with this goal, deadline well before the closing date. */
async function openInitiatives(
  ctx: BudgetsContext,
  year: number,
  n: number,
  goalCents: number,
): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const { id } = await createOpenInitiative(t.database.db, { buurt: 'BU06370001', wijk: 'WK063700' });
    await openSupport(ctx, id, goalCents, `${year}-06-30`, year);
    ids.push(id);
  }
  return ids;
}

/** What a household is told; anything else (a database error) is kept as it is. */
type PledgeOutcome = 'pledged' | 'funded' | 'too late' | unknown;

function pledge(ctx: BudgetsContext, code: string, initiativeId: string): Promise<PledgeOutcome> {
  return pledgeHouseholdBudget(ctx, { code, initiativeId, channel: 'online' }).then(
    (r) => (r.funded ? 'funded' : 'pledged'),
    (error: unknown) =>
      // The voucher lapsed with the close (or the year closed): refused, cleanly.
      error instanceof DomainError &&
      (error.messageKey === 'budgets.errors.lapsed' || error.messageKey === 'budgets.errors.yearNotOpen')
        ? 'too late'
        : error,
  );
}

/** What the administrator is told; anything else is kept as it is. */
type CloseOutcome = 'closed' | 'pledges waiting' | unknown;

function close(ctx: BudgetsContext, year: number): Promise<CloseOutcome> {
  return closeYear({ ...ctx, db: cli.db }, CLI_ACTING, { municipalityCode: 'GM0637', year }).then(
    () => 'closed',
    (error: unknown) =>
      error instanceof DomainError && error.messageKey === 'budgets.errors.pledgesWaiting'
        ? 'pledges waiting'
        : error,
  );
}

/** Waits until at least `n` sessions of this database wait for a lock (or until `done()`). */
async function lockWaits(n: number, done = () => false): Promise<void> {
  for (let tries = 0; tries < 500 && !done(); tries++) {
    const { rows } = await sql<{ n: number }>`
      select count(*)::int as n from pg_stat_activity
      where datname = current_database() and wait_event_type = 'Lock'
    `.execute(t.database.db);
    if ((rows[0]?.n ?? 0) >= n) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  if (done()) return;
  throw new Error(`fewer than ${n} sessions wait for a lock`);
}

/** The year's closed state, and its vouchers both lapsed and given to an initiative (money counted twice). */
async function yearState(year: number): Promise<{ closed: boolean; pledgedAndLapsed: number }> {
  const { rows } = await sql<{ closed: boolean; pledged_and_lapsed: number }>`
    select y.closed_at is not null as closed, (
      select count(*)::int from voucher v
      where v.municipality_code = y.municipality_code and v.year = y.year and v.lapsed_at is not null
        and exists (select 1 from pledge p where p.voucher_id = v.id and p.status in ('active','funded'))
    ) as pledged_and_lapsed
    from budget_year y where y.municipality_code = 'GM0637' and y.year = ${year}
  `.execute(t.database.db);
  const row = rows[0];
  if (!row) throw new Error(`no budget year ${year}`);
  return { closed: row.closed, pledgedAndLapsed: row.pledged_and_lapsed };
}

describe.runIf(testEngine() === 'postgresql')(
  'pledges, closing, issuing and reprinting at the same time',
  () => {
    beforeAll(async () => {
      t = await createTestApp({}, { clock: () => now });
      cli = await openDatabase({
        databaseUrl: t.database.url,
        dataDir: 'unused',
        poolSize: 2,
        purpose: 'test',
      });
    });
    afterAll(async () => {
      await cli?.close();
      await t?.close();
    });

    it('waits for the pledge batches in flight, then refuses while their pledges wait: no deadlock, nothing counted twice', async () => {
      const year = 2050;
      const { ctx, codes } = await openYear(year, 100);
      // Out of reach: every pledge stays active, waiting for the deadline.
      const initiatives = await openInitiatives(ctx, year, 4, 100_000_000);
      let pledges: Promise<PledgeOutcome>[] = [];
      let closing: Promise<CloseOutcome> = Promise.resolve('not started');
      // The goals held for a moment (as by a goal being changed, or by another process's batch):
      // the batch in flight holds its vouchers and waits for the goals while the close begins (the
      // next batch is sent ahead on the same pipelined connection and waits behind it).
      await t.database.db.transaction().execute(async (trx) => {
        await sql`select 1 from initiative_support_goal where initiative_id = any(${initiatives}::uuid[])
        order by initiative_id for no key update`.execute(trx);
        pledges = codes.map((code, i) => pledge(ctx, code, initiatives[i % initiatives.length] ?? ''));
        await lockWaits(1);
        closing = close(ctx, year);
        await lockWaits(2);
      });
      const closed = await closing;
      const outcomes = await Promise.all(pledges);

      expect(await yearState(year)).toEqual({ closed: false, pledgedAndLapsed: 0 });
      expect(closed).toBe('pledges waiting');
      expect(outcomes.filter((o) => o !== 'pledged')).toEqual([]);
      expect(await verifyLedger(t.database.db)).toBeUndefined();
    });

    it('many pledges and a close at once, round after round: each pledge made before the close or refused as too late, the close done or refused cleanly', async () => {
      for (let round = 0; round < 8; round++) {
        // Years count down, so no earlier round's goals are past their deadline for this close.
        const year = 2049 - round;
        const { ctx, codes } = await openYear(year, 100);
        // Even rounds: each pledge reaches its own goal (funded, nothing left waiting), so the
        // close always goes on to lapse vouchers while pledges are in flight. Odd rounds: goals
        // out of reach, so a pledge that comes first leaves the close refused.
        const funding = round % 2 === 0;
        const initiatives = funding
          ? await openInitiatives(ctx, year, codes.length, 1000)
          : await openInitiatives(ctx, year, 4, 100_000_000);
        const pledgeAll = () =>
          codes.map((code, i) => pledge(ctx, code, initiatives[i % initiatives.length] ?? ''));
        // Each round the two meet at another moment: the close a little after the first pledges,
        // or (odd rounds, where one pledge made first decides) the pledges a little after the close.
        const pause = () => new Promise((resolve) => setTimeout(resolve, (round * 7) % 30));
        let closing: Promise<CloseOutcome>;
        let pledges: Promise<PledgeOutcome>[];
        if (funding) {
          pledges = pledgeAll();
          await pause();
          closing = close(ctx, year);
        } else {
          closing = close(ctx, year);
          await pause();
          pledges = pledgeAll();
        }
        const closed = await closing;
        const outcomes = await Promise.all(pledges);

        const state = await yearState(year);
        expect(state.pledgedAndLapsed).toBe(0);
        if (funding) {
          expect(closed).toBe('closed');
          expect(outcomes.filter((o) => o !== 'funded' && o !== 'too late')).toEqual([]);
        } else {
          // Closed: no pledge came before it (it would be waiting), so all came too late. Refused:
          // the year stays open, and every pledge was made.
          expect(['closed', 'pledges waiting']).toContain(closed);
          const expected = closed === 'closed' ? 'too late' : 'pledged';
          expect(outcomes.filter((o) => o !== expected)).toEqual([]);
        }
        expect(state.closed).toBe(closed === 'closed');
      }
      expect(await verifyLedger(t.database.db)).toBeUndefined();
    }, 120_000);

    it('two issuing runs at once give each household one voucher; a run that meets a close leaves no voucher open in the closed year', async () => {
      const year = 2030;
      now = new Date(`${year}-03-02T10:00:00Z`);
      const households = (n: number): BudgetsContext => ({
        ...t.modules.budgets.context,
        buurtenOf: () => Promise.resolve([{ code: 'BU06370001', wijkCode: 'WK063700', households: n }]),
      });
      // The year, with no voucher yet: the two runs below issue the first ones.
      await setUpBudgetYear(t.modules.budgets.context, {
        year,
        buurten: [{ code: 'BU06370001', wijkCode: 'WK063700', households: 0 }],
        printed: false,
      });
      const vouchers = async (): Promise<{ all: number; open: number }> => {
        const { rows } = await sql<{ all: number; open: number }>`
        select count(*)::int as all, count(*) filter (where lapsed_at is null)::int as open
        from voucher where municipality_code = 'GM0637' and year = ${year}`.execute(t.database.db);
        return rows[0] ?? { all: -1, open: -1 };
      };
      // The page and the command line at the same moment: one run issues, the other finds it done.
      const input = { municipalityCode: 'GM0637', year };
      const [a, b] = await Promise.all([
        issueVouchers(households(300), CLI_ACTING, input),
        issueVouchers({ ...households(300), db: cli.db }, CLI_ACTING, input),
      ]);
      expect(a.issued + b.issued).toBe(300);
      expect(await vouchers()).toEqual({ all: 300, open: 300 });

      // A top-up (CBS counts 100 more) and a close at once: whichever comes second sees the first.
      const [toppedUp, closed] = await Promise.all([
        issueVouchers(households(400), CLI_ACTING, input).then(
          (r) => r.issued,
          (error: unknown) =>
            error instanceof DomainError && error.messageKey === 'budgets.errors.yearClosed'
              ? 'closed'
              : error,
        ),
        close(households(400), year),
      ]);
      expect(closed).toBe('closed');
      const after = await vouchers();
      expect(after.open).toBe(0);
      expect(after.all).toBe(toppedUp === 'closed' ? 300 : 400);
      expect(await verifyLedger(t.database.db)).toBeUndefined();
    });

    it('a reprint and a pledge batch on the same vouchers never wait on each other in a circle', async () => {
      const year = 2031;
      const { ctx } = await openYear(year, 30);
      const [initiative] = await openInitiatives(ctx, year, 1, 100_000_000);
      // Three vouchers: B before C before A by id (the order a reprint used to lock them in),
      // A before B by hash (the order a pledge batch locks them in).
      const { rows } = await sql<{ id: number; code_hash: Buffer }>`
      select id, code_hash from voucher where municipality_code = 'GM0637' and year = ${year} order by id
    `.execute(t.database.db);
      let triple:
        { a: (typeof rows)[number]; b: (typeof rows)[number]; c: (typeof rows)[number] } | undefined;
      for (const [i, b] of rows.entries()) {
        const c = rows[i + 1];
        const a = rows.slice(i + 2).find((r) => Buffer.compare(r.code_hash, b.code_hash) < 0);
        if (c && a) {
          triple = { a, b, c };
          break;
        }
      }
      if (!triple) throw new Error('no three vouchers in that order');
      const { a, b, c } = triple;
      let reprint: Promise<unknown> = Promise.resolve();
      let pledges: Promise<unknown> = Promise.resolve();
      // C held for a moment (by a close, say): the reprint takes what it locks before C and waits;
      // the batch takes A and waits for B; then C comes free.
      await t.database.db.transaction().execute(async (trx) => {
        await sql`select 1 from voucher where id = ${c.id} for update`.execute(trx);
        reprint = replaceCodeHashes(
          cli.db,
          [b, c, a].map((v) => ({ id: v.id, hash: crypto.randomBytes(32) })),
        ).catch((error: unknown) => error);
        await lockWaits(1);
        pledges = pledgeBatch(t.database.db, {
          items: [a, b].map((v, n) => ({
            codeHash: v.code_hash,
            initiativeId: initiative ?? '',
            channel: 'api',
            receipt: `BB-${year}-LOCK-000${n}`,
          })),
          staffAccountId: null,
          today: `${year}-03-02`,
          at: now,
          mayFund: false,
        }).catch((error: unknown) => error);
        // The batch waits for the reprint (the reprint's order met A or B first), or is done.
        let pledged = false;
        void pledges.then(() => (pledged = true));
        await lockWaits(2, () => pledged);
      });
      // Whichever goes first, neither is aborted as a deadlock: the reprint replaces all three
      // codes, and the batch pledges both vouchers (first) or finds their old codes gone (second).
      expect(await reprint).toBe(3);
      const outcomes = (await pledges) as { outcome: string }[];
      expect(outcomes).toHaveLength(2);
      expect(new Set(outcomes.map((o) => o.outcome)).size).toBe(1);
      expect(['created', 'unknown_code']).toContain(outcomes[0]?.outcome);
      expect(await verifyLedger(t.database.db)).toBeUndefined();
    });
  },
);
