import { sql, type ColumnType, type Generated, type RawBuilder } from 'kysely';
import type { Queryable } from '../../db/database.js';
import type { RowShape } from '../../db/row-shape.js';
import type { BudgetScope, PledgeChannel, PledgeStatus, SupportState } from './budget.js';

// All SQL of the household budget, through Kysely's typed builder. Raw `sql` only where the
// builder cannot say it (each says why): arrays sent through unnest (one statement per batch),
// the batch function, locking in hash order, the figures' sums over a list of columns, and the
// ledger's checks. Each raw statement that answers rows has its row type checked against the
// database by budgets.repository.test.ts.

/** A `date` column: read as `YYYY-MM-DD` (src/db/database.ts), written as such. */
type DateColumn = string;

interface BudgetYearTable {
  municipality_code: string;
  year: number;
  amount_cents: Generated<number>;
  scope: Generated<BudgetScope>;
  opens_on: DateColumn;
  closes_on: DateColumn;
  closed_at: Date | null;
  created_at: Generated<Date>;
}

interface BudgetHouseholdTable {
  id: Generated<number>;
  municipality_code: string;
  buurt_code: string;
  address: string;
  postcode: string;
  house_number: string;
  city: Generated<string>;
  imported_at: Generated<Date>;
}

interface VoucherTable {
  id: Generated<number>;
  municipality_code: string;
  year: number;
  amount_cents: number;
  buurt_code: string;
  wijk_code: string;
  household_id: number | null;
  code_hash: Buffer;
  code_version: Generated<number>;
  printed_at: Date | null;
  lapsed_at: Date | null;
  created_at: Generated<Date>;
  needs_new_letter: Generated<boolean>;
}

interface VoucherFailedLookupTable {
  window_start: Date;
  failures: number;
}

interface PledgeTable {
  id: Generated<number>;
  receipt: string;
  voucher_id: number;
  initiative_id: string;
  municipality_code: string;
  year: number;
  amount_cents: number;
  scope: BudgetScope;
  status: Generated<PledgeStatus>;
  channel: PledgeChannel;
  staff_account_id: string | null;
  created_at: Generated<Date>;
  settled_at: Date | null;
  matched_cents: Generated<number>;
  match_rule_id: string | null;
}

interface SupportGoalTable {
  initiative_id: string;
  municipality_code: string;
  year: number;
  goal_cents: number;
  deadline: DateColumn;
  state: Generated<SupportState>;
  settled_at: Date | null;
  pledged_cents: Generated<number>;
  matched_cents: Generated<number>;
}

interface LedgerLineTable {
  id: Generated<number>;
  journal_id: number;
  kind: LedgerKind;
  account: LedgerAccount;
  municipality_code: string;
  year: number;
  buurt_code: string | null;
  voucher_id: number | null;
  initiative_id: string | null;
  amount_cents: number;
  at: ColumnType<Date, Date | undefined, never>;
  wijk_code: string | null;
  reference: string | null;
}

/** Initiatives' contract (migration 0022): read-only, every column as the view declares it. */
interface InitiativeBriefView {
  id: ColumnType<string, never, never>;
  reference: ColumnType<string, never, never>;
  title: ColumnType<string, never, never>;
  summary: ColumnType<string, never, never>;
  stage: ColumnType<string, never, never>;
  municipality_code: ColumnType<string, never, never>;
  wijk_code: ColumnType<string, never, never>;
  buurt_code: ColumnType<string, never, never>;
}

// A type alias, not an interface: Kysely's withTables needs the implicit index signature.
type BudgetsTables = {
  budget_year: BudgetYearTable;
  budget_household: BudgetHouseholdTable;
  voucher: VoucherTable;
  voucher_failed_lookup: VoucherFailedLookupTable;
  pledge: PledgeTable;
  initiative_support_goal: SupportGoalTable;
  ledger_line: LedgerLineTable;
  initiative_brief_v: InitiativeBriefView;
};

const q = (db: Queryable) => db.withTables<BudgetsTables>();

export interface BudgetYearRow {
  municipality_code: string;
  year: number;
  amount_cents: number;
  scope: BudgetScope;
  opens_on: string;
  closes_on: string;
  closed_at: Date | null;
}

export async function upsertBudgetYear(db: Queryable, row: Omit<BudgetYearRow, 'closed_at'>): Promise<void> {
  await q(db)
    .insertInto('budget_year')
    .values(row)
    .onConflict((oc) =>
      oc.columns(['municipality_code', 'year']).doUpdateSet((eb) => ({
        amount_cents: eb.ref('excluded.amount_cents'),
        scope: eb.ref('excluded.scope'),
        opens_on: eb.ref('excluded.opens_on'),
        closes_on: eb.ref('excluded.closes_on'),
      })),
    )
    .execute();
}

async function readBudgetYear(
  db: Queryable,
  municipalityCode: string,
  year: number,
  lock: boolean,
): Promise<BudgetYearRow | undefined> {
  const query = q(db)
    .selectFrom('budget_year')
    .select(['municipality_code', 'year', 'amount_cents', 'scope', 'opens_on', 'closes_on', 'closed_at'])
    .where('municipality_code', '=', municipalityCode)
    .where('year', '=', year);
  return (lock ? query.forNoKeyUpdate() : query).executeTakeFirst();
}

export function findBudgetYear(
  db: Queryable,
  municipalityCode: string,
  year: number,
): Promise<BudgetYearRow | undefined> {
  return readBudgetYear(db, municipalityCode, year, false);
}

/**
 * Locks a budget year's row, so that closes and voucher issuing of the year run one at a time,
 * and answers it as it stands (a close that waited sees the one before it). FOR NO KEY UPDATE,
 * not FOR UPDATE: each pledge's foreign key to the year (pledge_terms_fk) takes KEY SHARE on this
 * row while its batch holds vouchers; FOR UPDATE would make those batches wait for the close
 * while the close waits for their vouchers (a deadlock).
 */
export function lockBudgetYear(
  db: Queryable,
  municipalityCode: string,
  year: number,
): Promise<BudgetYearRow | undefined> {
  return readBudgetYear(db, municipalityCode, year, true);
}

export async function countVouchersByBuurt(
  db: Queryable,
  municipalityCode: string,
  year: number,
): Promise<Map<string, number>> {
  const rows = await q(db)
    .selectFrom('voucher')
    .select((eb) => ['buurt_code', eb.fn.countAll<number>().as('n')])
    .where('municipality_code', '=', municipalityCode)
    .where('year', '=', year)
    .groupBy('buurt_code')
    .execute();
  return new Map(rows.map((r) => [r.buurt_code, Number(r.n)]));
}

/**
 * Inserts vouchers in one statement. Raw: the arrays go through unnest, one parameter per column
 * however many rows (the builder's `values` sends a parameter per cell, too many for a batch).
 */
export async function insertVouchers(
  db: Queryable,
  head: { municipalityCode: string; year: number; amountCents: number },
  rows: { buurtCode: string; wijkCode: string; hash: Buffer; householdId: number | null }[],
): Promise<void> {
  await sql`
    insert into voucher (municipality_code, year, amount_cents, buurt_code, wijk_code, code_hash, household_id)
    select ${head.municipalityCode}, ${head.year}, ${head.amountCents}, b, w, h, hh
    from unnest(${rows.map((r) => r.buurtCode)}::text[], ${rows.map((r) => r.wijkCode)}::text[],
                ${rows.map((r) => r.hash)}::bytea[], ${rows.map((r) => r.householdId)}::bigint[]) as t(b, w, h, hh)
  `.execute(db);
}

/** Kinds of ledger movement (migration 0014 lists them with the district budget's). */
export type LedgerKind =
  | 'issue'
  | 'pledge'
  | 'release'
  | 'fund'
  | 'lapse'
  | 'top_up'
  | 'allocate'
  | 'carry_over'
  | 'grant'
  | 'commit'
  | 'pay'
  | 'return'
  | 'match'
  | 'match_fund'
  | 'match_release';

/** Ledger accounts: the household budget's and the district budget's (`district_*`, per wijk). */
export type LedgerAccount =
  | 'pool'
  | 'vouchers'
  | 'escrow'
  | 'funded'
  | 'lapsed'
  | 'district_budget'
  | 'district_source'
  | 'district_granted'
  | 'district_committed'
  | 'district_paid'
  | 'district_lapsed';

export interface LedgerLine {
  kind: LedgerKind;
  account: LedgerAccount;
  municipalityCode: string;
  year: number;
  buurtCode: string | null;
  voucherId: number | null;
  initiativeId: string | null;
  amountCents: number;
  /** The wijk of a district-budget line (required for `district_*` accounts). */
  wijkCode?: string | null;
  /** What moved the money (`decision:<id>`, `match:<id>`), for the district budget. */
  reference?: string | null;
}

/**
 * Writes one journal: lines that must sum to zero (the database checks it per statement). Raw:
 * the lines go through unnest, and all of them take one `nextval` as their journal.
 */
export async function insertJournal(db: Queryable, lines: readonly LedgerLine[], at: Date): Promise<void> {
  if (lines.length === 0) return;
  await sql`
    insert into ledger_line (journal_id, kind, account, municipality_code, year, buurt_code, voucher_id,
                             initiative_id, amount_cents, wijk_code, reference, at)
    select j.id, k, a, m, y, b, v, i, c, w, r, ${at}
    from (select nextval('ledger_journal_seq') as id) j,
      unnest(${lines.map((l) => l.kind)}::text[], ${lines.map((l) => l.account)}::text[],
             ${lines.map((l) => l.municipalityCode)}::text[], ${lines.map((l) => l.year)}::int[],
             ${lines.map((l) => l.buurtCode)}::text[], ${lines.map((l) => l.voucherId)}::bigint[],
             ${lines.map((l) => l.initiativeId)}::uuid[], ${lines.map((l) => l.amountCents)}::bigint[],
             ${lines.map((l) => l.wijkCode ?? null)}::text[], ${lines.map((l) => l.reference ?? null)}::text[])
        as t(k, a, m, y, b, v, i, c, w, r)
  `.execute(db);
}

export interface VoucherRow {
  id: number;
  municipality_code: string;
  year: number;
  amount_cents: number;
  buurt_code: string;
  wijk_code: string;
  lapsed_at: Date | null;
  scope: BudgetScope;
  opens_on: string;
  closes_on: string;
  closed_at: Date | null;
}

/** The voucher of a code hash with its year's terms. */
export async function findVoucherByHash(db: Queryable, hash: Buffer): Promise<VoucherRow | undefined> {
  return q(db)
    .selectFrom('voucher as v')
    .innerJoin('budget_year as y', (j) =>
      j.onRef('y.municipality_code', '=', 'v.municipality_code').onRef('y.year', '=', 'v.year'),
    )
    .select([
      'v.id',
      'v.municipality_code',
      'v.year',
      'v.amount_cents',
      'v.buurt_code',
      'v.wijk_code',
      'v.lapsed_at',
      'y.scope',
      'y.opens_on',
      'y.closes_on',
      'y.closed_at',
    ])
    .where('v.code_hash', '=', hash)
    .executeTakeFirst();
}

export interface PledgeRow {
  id: number;
  receipt: string;
  voucher_id: number;
  initiative_id: string;
  amount_cents: number;
  status: PledgeStatus;
  channel: PledgeChannel;
  created_at: Date;
  initiative_title: string;
  initiative_reference: string;
}

function selectPledges(db: Queryable) {
  return q(db)
    .selectFrom('pledge as p')
    .innerJoin('initiative_brief_v as i', 'i.id', 'p.initiative_id')
    .select([
      'p.id',
      'p.receipt',
      'p.voucher_id',
      'p.initiative_id',
      'p.amount_cents',
      'p.status',
      'p.channel',
      'p.created_at',
      'i.title as initiative_title',
      'i.reference as initiative_reference',
    ]);
}

/** The voucher's pledges, newest first. */
export function findPledgesOfVoucher(db: Queryable, voucherId: number): Promise<PledgeRow[]> {
  return selectPledges(db).where('p.voucher_id', '=', voucherId).orderBy('p.id', 'desc').execute();
}

export function findPledgeByReceipt(db: Queryable, receipt: string): Promise<PledgeRow | undefined> {
  return selectPledges(db).where('p.receipt', '=', receipt).executeTakeFirst();
}

/** One pledge of a batch: a code's hash, the initiative chosen, the channel, a fresh receipt. */
export interface PledgeItem {
  codeHash: Buffer;
  /** Null when what was sent is no initiative id at all: the answer is then not_open. */
  initiativeId: string | null;
  channel: PledgeChannel;
  receipt: string;
}

export interface PledgeBatch {
  items: readonly PledgeItem[];
  staffAccountId: string | null;
  today: string;
  at: Date;
  /** False: a pledge that would reach the goal answers reaches_goal instead. */
  mayFund: boolean;
}

export type PledgeOutcome =
  | 'created'
  | 'funded'
  | 'same'
  | 'already'
  | 'unknown_code'
  | 'lapsed'
  | 'year_not_open'
  | 'not_open'
  | 'already_funded'
  | 'not_in_scope'
  | 'reaches_goal'
  | 'receipt_taken';

export interface PledgeOutcomeRow {
  ord: number;
  outcome: PledgeOutcome;
  receipt: string | null;
  status: PledgeStatus | null;
  amount_cents: number | null;
  initiative_id: string | null;
  initiative_reference: string | null;
  initiative_title: string | null;
  channel: PledgeChannel | null;
  created_at: Date | null;
  voucher_buurt_code: string | null;
  municipality_code: string | null;
}

/** `PledgeOutcomeRow` as data: budgets.repository.test.ts holds `budget_pledge_batch`'s rows to it. */
export const pledgeOutcomeRowShape: RowShape<PledgeOutcomeRow> = {
  ord: 'number',
  outcome: 'string',
  receipt: 'string?',
  status: 'string?',
  amount_cents: 'number?',
  initiative_id: 'string?',
  initiative_reference: 'string?',
  initiative_title: 'string?',
  channel: 'string?',
  created_at: 'date?',
  voucher_buurt_code: 'string?',
  municipality_code: 'string?',
};

/**
 * Pledges a batch in the database (migrations 0007, 0016, 0022): one statement, one round trip,
 * one commit; one row per item, in the items' order. Raw: a call of a set-returning function.
 */
export async function pledgeBatch(db: Queryable, b: PledgeBatch): Promise<PledgeOutcomeRow[]> {
  const { rows } = await sql<PledgeOutcomeRow>`
    select * from budget_pledge_batch(${b.items.map((i) => i.codeHash)}::bytea[],
      ${b.items.map((i) => i.initiativeId)}::uuid[], ${b.items.map((i) => i.channel)}::text[],
      ${b.items.map((i) => i.receipt)}::text[], ${b.staffAccountId}::uuid, ${b.today}::date,
      ${b.at}::timestamptz, ${b.mayFund})
  `.execute(db);
  if (rows.length !== b.items.length) throw new Error('budget_pledge_batch answered a row per item');
  return rows;
}

export interface SupportRow {
  initiative_id: string;
  municipality_code: string;
  year: number;
  goal_cents: number;
  deadline: string;
  state: SupportState;
  reference: string;
  title: string;
  summary: string;
  stage: string;
  buurt_code: string;
  wijk_code: string;
  /** What counts towards the goal: households' pledges and their matches (active or funded). */
  pledged_cents: number;
  /** The part of `pledged_cents` matched from the district budget. */
  matched_cents: number;
}

function selectSupport(db: Queryable) {
  return q(db)
    .selectFrom('initiative_support_goal as g')
    .innerJoin('initiative_brief_v as i', 'i.id', 'g.initiative_id')
    .select((eb) => [
      'g.initiative_id',
      'g.municipality_code',
      'g.year',
      'g.goal_cents',
      'g.deadline',
      'g.state',
      'i.reference',
      'i.title',
      'i.summary',
      'i.stage',
      'i.buurt_code',
      'i.wijk_code',
      eb('g.pledged_cents', '+', eb.ref('g.matched_cents')).as('pledged_cents'),
      'g.matched_cents',
    ]);
}

/** One support goal with its initiative. */
export function findSupport(db: Queryable, initiativeId: string): Promise<SupportRow | undefined> {
  return selectSupport(db).where('g.initiative_id', '=', initiativeId).executeTakeFirst();
}

export function findSupportByReference(db: Queryable, reference: string): Promise<SupportRow | undefined> {
  return selectSupport(db).where('i.reference', '=', reference).executeTakeFirst();
}

/** Initiatives open for pledges in a scope (a buurt or a wijk) of one year. */
export function findOpenSupport(
  db: Queryable,
  filter: { municipalityCode: string; year: number; buurtCode?: string; wijkCode?: string; today: string },
): Promise<SupportRow[]> {
  let query = selectSupport(db)
    .where('g.municipality_code', '=', filter.municipalityCode)
    .where('g.year', '=', filter.year)
    .where('g.state', '=', 'open')
    .where('g.deadline', '>=', filter.today)
    .where('i.stage', '=', 'open_for_support');
  if (filter.buurtCode) query = query.where('i.buurt_code', '=', filter.buurtCode);
  if (filter.wijkCode) query = query.where('i.wijk_code', '=', filter.wijkCode);
  return query.orderBy('g.deadline').orderBy('i.title').limit(200).execute();
}

export interface SupportSummaryRow {
  initiative_id: string;
  reference: string;
  title: string;
  stage: string;
  goal_cents: number;
  deadline: string;
  state: SupportState;
  settled_at: Date | null;
  /** Households' pledges and their matches that still count. */
  given_cents: number;
  matched_cents: number;
  households: number;
}

/**
 * Support goals with what households gave, in one statement for any number of goals (the
 * pledges of each through their index). A released pledge no longer counts.
 */
function selectSupportSummaries(db: Queryable) {
  return q(db)
    .selectFrom('initiative_support_goal as g')
    .innerJoin('initiative_brief_v as i', 'i.id', 'g.initiative_id')
    .leftJoinLateral(
      (eb) =>
        eb
          .selectFrom('pledge')
          .select((p) => [
            p.fn.sum<number | null>(p('amount_cents', '+', p.ref('matched_cents'))).as('given_cents'),
            p.fn.sum<number | null>('matched_cents').as('matched_cents'),
            p.fn.countAll<number>().as('households'),
          ])
          .whereRef('pledge.initiative_id', '=', 'g.initiative_id')
          .where('pledge.status', '<>', 'released')
          .as('p'),
      (join) => join.onTrue(),
    )
    .select((eb) => [
      'g.initiative_id',
      'i.reference',
      'i.title',
      'i.stage',
      'g.goal_cents',
      'g.deadline',
      'g.state',
      'g.settled_at',
      // sum() of bigint is numeric: cast back, so the int8 parser makes it a number.
      eb.cast<number>(eb.fn.coalesce('p.given_cents', eb.lit(0)), 'bigint').as('given_cents'),
      eb.cast<number>(eb.fn.coalesce('p.matched_cents', eb.lit(0)), 'bigint').as('matched_cents'),
      eb.cast<number>(eb.fn.coalesce('p.households', eb.lit(0)), 'integer').as('households'),
    ]);
}

/** The support of these initiatives (those that have a goal). */
export async function findSupportSummaries(
  db: Queryable,
  initiativeIds: readonly string[],
): Promise<SupportSummaryRow[]> {
  if (initiativeIds.length === 0) return [];
  return selectSupportSummaries(db)
    .where((eb) => eb('g.initiative_id', '=', eb.fn.any(eb.val([...initiativeIds]))))
    .execute();
}

/** The support goals of one budget year for initiatives in these buurten, nearest deadline first. */
export async function findSupportSummariesInBuurten(
  db: Queryable,
  filter: { municipalityCode: string; year: number; buurtCodes: readonly string[] },
): Promise<SupportSummaryRow[]> {
  if (filter.buurtCodes.length === 0) return [];
  return selectSupportSummaries(db)
    .where('g.municipality_code', '=', filter.municipalityCode)
    .where('g.year', '=', filter.year)
    .where((eb) => eb('i.buurt_code', '=', eb.fn.any(eb.val([...filter.buurtCodes]))))
    .orderBy('g.deadline')
    .orderBy('i.title')
    .execute();
}

/**
 * Sets a goal, or changes one that is still open and stays above what is pledged. When it
 * changes nothing, answers the goal as it stands (locked by the attempt) so the caller can say why.
 */
export async function upsertSupportGoal(
  db: Queryable,
  row: { initiativeId: string; municipalityCode: string; year: number; goalCents: number; deadline: string },
): Promise<{ applied: true } | { applied: false; state: SupportState; pledged_cents: number }> {
  const written = await q(db)
    .insertInto('initiative_support_goal')
    .values({
      initiative_id: row.initiativeId,
      municipality_code: row.municipalityCode,
      year: row.year,
      goal_cents: row.goalCents,
      deadline: row.deadline,
    })
    .onConflict((oc) =>
      oc
        .column('initiative_id')
        .doUpdateSet((eb) => ({
          goal_cents: eb.ref('excluded.goal_cents'),
          deadline: eb.ref('excluded.deadline'),
        }))
        .where('initiative_support_goal.state', '=', 'open')
        .where((eb) =>
          eb(
            eb('initiative_support_goal.pledged_cents', '+', eb.ref('initiative_support_goal.matched_cents')),
            '<',
            eb.ref('excluded.goal_cents'),
          ),
        ),
    )
    .returning('initiative_id')
    .executeTakeFirst();
  if (written) return { applied: true };
  const current = await q(db)
    .selectFrom('initiative_support_goal')
    .select((eb) => ['state', eb('pledged_cents', '+', eb.ref('matched_cents')).as('pledged_cents')])
    .where('initiative_id', '=', row.initiativeId)
    .executeTakeFirst();
  if (!current) throw new Error('support goal neither written nor found');
  return { applied: false, ...current };
}

export async function findInitiativeForGoal(
  db: Queryable,
  initiativeId: string,
): Promise<{ id: string; municipality_code: string; buurt_code: string; stage: string } | undefined> {
  return q(db)
    .selectFrom('initiative_brief_v')
    .select(['id', 'municipality_code', 'buurt_code', 'stage'])
    .where('id', '=', initiativeId)
    .executeTakeFirst();
}

export interface ActivePledgeRow {
  id: number;
  voucher_id: number;
  amount_cents: number;
  buurt_code: string;
  matched_cents: number;
  match_rule_id: string | null;
}

export async function findActivePledges(db: Queryable, initiativeId: string): Promise<ActivePledgeRow[]> {
  return q(db)
    .selectFrom('pledge as p')
    .innerJoin('voucher as v', 'v.id', 'p.voucher_id')
    .select(['p.id', 'p.voucher_id', 'p.amount_cents', 'v.buurt_code', 'p.matched_cents', 'p.match_rule_id'])
    .where('p.initiative_id', '=', initiativeId)
    .where('p.status', '=', 'active')
    .execute();
}

/** Settles every active pledge of an initiative; returns the cents settled. */
export async function settlePledges(
  db: Queryable,
  initiativeId: string,
  status: 'funded' | 'released',
  at: Date,
): Promise<number> {
  const row = await q(db)
    .with('settled', (w) =>
      w
        .updateTable('pledge')
        .set({ status, settled_at: at })
        .where('initiative_id', '=', initiativeId)
        .where('status', '=', 'active')
        .returning('amount_cents'),
    )
    .selectFrom('settled')
    .select((eb) =>
      eb
        .cast<number>(eb.fn.coalesce(eb.fn.sum<number | null>('amount_cents'), eb.lit(0)), 'bigint')
        .as('total'),
    )
    .executeTakeFirst();
  return row?.total ?? 0;
}

/**
 * Locks a support goal row and returns its state. Kept apart from any sum: in READ COMMITTED a
 * statement that waited for the lock still reads with its older snapshot, so sums are read by
 * the next statement (`sumActivePledges`), which sees everything committed before the lock.
 * NO KEY UPDATE, not UPDATE: each pledge's foreign key already holds KEY SHARE on this row,
 * which FOR UPDATE would wait for (two pledges would deadlock); NO KEY UPDATE still queues them.
 */
export async function lockSupportState(
  db: Queryable,
  initiativeId: string,
): Promise<SupportState | undefined> {
  const row = await q(db)
    .selectFrom('initiative_support_goal')
    .select('state')
    .where('initiative_id', '=', initiativeId)
    .forNoKeyUpdate()
    .executeTakeFirst();
  return row?.state;
}

/** A goal past its deadline: expired, and its running totals less the pledges and matches released. */
export async function expireSupport(
  db: Queryable,
  initiativeId: string,
  released: { pledgedCents: number; matchedCents: number },
  at: Date,
): Promise<void> {
  await q(db)
    .updateTable('initiative_support_goal')
    .set((eb) => ({
      state: 'expired',
      settled_at: at,
      pledged_cents: eb('pledged_cents', '-', released.pledgedCents),
      matched_cents: eb('matched_cents', '-', released.matchedCents),
    }))
    .where('initiative_id', '=', initiativeId)
    .execute();
}

/** Open goals whose deadline lies before `today`. */
export async function findExpiredSupport(db: Queryable, today: string): Promise<string[]> {
  const rows = await q(db)
    .selectFrom('initiative_support_goal')
    .select('initiative_id')
    .where('state', '=', 'open')
    .where('deadline', '<', today)
    .execute();
  return rows.map((r) => r.initiative_id);
}

export async function countActivePledgesOfYear(
  db: Queryable,
  municipalityCode: string,
  year: number,
): Promise<number> {
  const row = await q(db)
    .selectFrom('pledge')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('municipality_code', '=', municipalityCode)
    .where('year', '=', year)
    .where('status', '=', 'active')
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/**
 * The vouchers that match `where`, locked in code_hash order: the order in which
 * `budget_pledge_batch` locks a batch's vouchers, so every writer of many vouchers and the
 * pledge batches never wait on each other in a circle. Raw, as are the statements built on it:
 * they lock through a materialized CTE and update from unnest'ed arrays.
 */
function vouchersLockedInHashOrder(where: RawBuilder<unknown>) {
  return sql`select id from voucher where ${where} order by code_hash for update`;
}

/**
 * Locks every voucher of a year (`vouchersLockedInHashOrder`). Returns once every batch
 * holding one of them has committed; later batches wait for this transaction to end. Reads
 * nothing: in READ COMMITTED this statement's snapshot is older than its waits, the next one's
 * is not.
 */
export async function lockVouchersOfYear(
  db: Queryable,
  municipalityCode: string,
  year: number,
): Promise<void> {
  // Counted in the database, so the rows are locked without being sent.
  await sql`
    select count(*) from (${vouchersLockedInHashOrder(
      sql`municipality_code = ${municipalityCode} and year = ${year}`,
    )}) locked
  `.execute(db);
}

/**
 * Marks every voucher without an active or funded pledge as lapsed; returns counts per buurt.
 * Only with the year's vouchers locked (`lockVouchersOfYear`): an UPDATE that waits for a
 * batch's voucher lock goes on with its old snapshot, and would lapse a voucher just pledged.
 */
export async function lapseVouchers(
  db: Queryable,
  municipalityCode: string,
  year: number,
  at: Date,
): Promise<{ buurt_code: string; n: number; cents: number }[]> {
  return q(db)
    .with('lapsed', (w) =>
      w
        .updateTable('voucher as v')
        .set({ lapsed_at: at })
        .where('v.municipality_code', '=', municipalityCode)
        .where('v.year', '=', year)
        .where('v.lapsed_at', 'is', null)
        .where(({ not, exists, selectFrom }) =>
          not(
            exists(
              selectFrom('pledge as p')
                .select('p.id')
                .whereRef('p.voucher_id', '=', 'v.id')
                .where('p.status', 'in', ['active', 'funded']),
            ),
          ),
        )
        .returning(['v.buurt_code', 'v.amount_cents']),
    )
    .selectFrom('lapsed')
    .select((eb) => [
      'buurt_code',
      eb.fn.countAll<number>().as('n'),
      eb.cast<number>(eb.fn.sum('amount_cents'), 'bigint').as('cents'),
    ])
    .groupBy('buurt_code')
    .execute();
}

export async function markYearClosed(
  db: Queryable,
  municipalityCode: string,
  year: number,
  at: Date,
): Promise<void> {
  await q(db)
    .updateTable('budget_year')
    .set({ closed_at: at })
    .where('municipality_code', '=', municipalityCode)
    .where('year', '=', year)
    .execute();
}

export interface BuurtFiguresRow {
  buurt_code: string;
  vouchers: number;
  issued_cents: number;
  pledged_cents: number;
  released_cents: number;
  funded_cents: number;
  lapsed_cents: number;
  lapsed_vouchers: number;
}

/** `BuurtFiguresRow` as data (the rollup's and the ledger's figures are both held to it by a test). */
export const buurtFiguresRowShape: RowShape<BuurtFiguresRow> = {
  buurt_code: 'string',
  vouchers: 'number',
  issued_cents: 'number',
  pledged_cents: 'number',
  released_cents: 'number',
  funded_cents: 'number',
  lapsed_cents: 'number',
  lapsed_vouchers: 'number',
};

/**
 * The figures' sums over ledger lines, per gemeente, year and buurt (lines without a buurt count
 * nowhere). The figures' statements are raw: each is one set of sums over FIGURE_COLUMNS, shared
 * by the rollup, its fold and verify-ledger.
 */
const ledgerFigures = sql`
  select municipality_code, year, buurt_code,
    sum(case when kind = 'issue' and account = 'vouchers' then amount_cents else 0 end) as issued,
    sum(case when kind = 'pledge' and account = 'escrow' then amount_cents else 0 end) as pledged,
    sum(case when kind = 'release' and account = 'vouchers' then amount_cents else 0 end) as released,
    sum(case when kind = 'fund' and account = 'funded' then amount_cents else 0 end) as funded,
    sum(case when kind = 'lapse' and account = 'lapsed' then amount_cents else 0 end) as lapsed
  from ledger_line`;

/** The vouchers and lapsed vouchers per gemeente, year and buurt. */
const voucherFigures = sql`
  select municipality_code, year, buurt_code, count(*) as vouchers, count(lapsed_at) as lapsed_vouchers
  from voucher`;

/**
 * The figures recomputed from the ledger and the vouchers, per gemeente, year and buurt, as the
 * rollup should hold them; `where` narrows both (columns municipality_code and year).
 */
function figuresFromLedger(where: RawBuilder<unknown>) {
  return sql`
    with l as (${ledgerFigures} where buurt_code is not null and ${where} group by 1, 2, 3),
      v as (${voucherFigures} where ${where} group by 1, 2, 3)
    select coalesce(l.municipality_code, v.municipality_code) as municipality_code,
      coalesce(l.year, v.year) as year, coalesce(l.buurt_code, v.buurt_code) as buurt_code,
      coalesce(v.vouchers, 0)::int as vouchers, coalesce(v.lapsed_vouchers, 0)::int as lapsed_vouchers,
      coalesce(l.issued, 0)::bigint as issued_cents, coalesce(l.pledged, 0)::bigint as pledged_cents,
      coalesce(l.released, 0)::bigint as released_cents, coalesce(l.funded, 0)::bigint as funded_cents,
      coalesce(l.lapsed, 0)::bigint as lapsed_cents
    from l full join v on v.municipality_code = l.municipality_code and v.year = l.year
      and v.buurt_code = l.buurt_code`;
}

/** The figures as the rollup holds them: its rows summed per gemeente, year and buurt. */
function figuresFromRollup(where: RawBuilder<unknown>) {
  return sql`
    select municipality_code, year, buurt_code, sum(vouchers)::int as vouchers,
      sum(lapsed_vouchers)::int as lapsed_vouchers, sum(issued_cents)::bigint as issued_cents,
      sum(pledged_cents)::bigint as pledged_cents, sum(released_cents)::bigint as released_cents,
      sum(funded_cents)::bigint as funded_cents, sum(lapsed_cents)::bigint as lapsed_cents
    from budget_figures where ${where}
    group by municipality_code, year, buurt_code`;
}

const FIGURE_COLUMNS = [
  'vouchers',
  'lapsed_vouchers',
  'issued_cents',
  'pledged_cents',
  'released_cents',
  'funded_cents',
  'lapsed_cents',
] as const;

/**
 * Figures per buurt of the households: issued (vouchers account in), pledged, released and
 * lapsed (by the households' buurt), funded (by the initiative's buurt), and the vouchers. Read
 * from the rollup `budget_figures` (migration 0012), which triggers keep in the transactions that
 * write the ledger and the vouchers: a few rows per buurt, whatever the size of the ledger.
 */
export function findBuurtFigures(
  db: Queryable,
  municipalityCode: string,
  year: number,
): Promise<BuurtFiguresRow[]> {
  return readFigures(db, figuresFromRollup, municipalityCode, year);
}

/** The same figures recomputed from every ledger line and voucher of the year (checks, tests). */
export function findBuurtFiguresFromLedger(
  db: Queryable,
  municipalityCode: string,
  year: number,
): Promise<BuurtFiguresRow[]> {
  return readFigures(db, figuresFromLedger, municipalityCode, year);
}

async function readFigures(
  db: Queryable,
  source: (where: RawBuilder<unknown>) => RawBuilder<unknown>,
  municipalityCode: string,
  year: number,
): Promise<BuurtFiguresRow[]> {
  const { rows } = await sql<BuurtFiguresRow>`
    select buurt_code, ${sql.join(FIGURE_COLUMNS.map((c) => sql.ref(c)))}
    from (${source(sql`municipality_code = ${municipalityCode} and year = ${year}`)}) f
    order by buurt_code
  `.execute(db);
  return rows;
}

/**
 * Folds every buurt's rollup rows into one (of one gemeente and year, or all); answers how many
 * buurten were folded. The sums stay as they are, in one statement: a reader sees the rows
 * before or after. Rows another fold holds are skipped, not waited for; rows written meanwhile
 * wait for the next fold. Pledges are never held up: they only append.
 */
export async function foldBudgetFigures(
  db: Queryable,
  scope?: { municipalityCode: string; year: number },
): Promise<number> {
  const where = scope
    ? sql`municipality_code = ${scope.municipalityCode} and year = ${scope.year}`
    : sql`true`;
  const { rows } = await sql<{ n: number }>`
    with doomed as (
      select id from budget_figures
      where ${where} and (municipality_code, year, buurt_code) in (
        select municipality_code, year, buurt_code from budget_figures where ${where}
        group by municipality_code, year, buurt_code having count(*) > 1)
      for update skip locked
    ), gone as (
      delete from budget_figures f using doomed d where f.id = d.id
      returning f.municipality_code, f.year, f.buurt_code, ${sql.join(FIGURE_COLUMNS.map((c) => sql.ref(`f.${c}`)))}
    ), folded as (
      insert into budget_figures (municipality_code, year, buurt_code, ${sql.join(FIGURE_COLUMNS.map((c) => sql.ref(c)))})
      select municipality_code, year, buurt_code, ${sql.join(FIGURE_COLUMNS.map((c) => sql`sum(${sql.ref(c)})`))}
      from gone group by municipality_code, year, buurt_code
      returning 1
    ) select count(*)::int as n from folded
  `.execute(db);
  return rows[0]?.n ?? 0;
}

export interface VoucherToPrintRow {
  id: number;
  buurt_code: string;
  household_id: number | null;
  address: string | null;
  postcode: string | null;
  house_number: string | null;
  city: string | null;
}

/**
 * Which vouchers of a year get a letter: all (a reprint); or those without a printed letter or
 * whose letter has a code of the old format (migration 0011); or only the latter.
 */
export interface LetterFilter {
  municipalityCode: string;
  year: number;
  reprint: boolean;
  oldFormatOnly?: boolean;
}

/** The vouchers of a year, not lapsed, that `filter` gives a letter. */
function selectVouchersToPrint(db: Queryable, filter: LetterFilter) {
  return q(db)
    .selectFrom('voucher as v')
    .where('v.municipality_code', '=', filter.municipalityCode)
    .where('v.year', '=', filter.year)
    .where('v.lapsed_at', 'is', null)
    .$if(!filter.reprint && filter.oldFormatOnly === true, (qb) => qb.where('v.needs_new_letter', '=', true))
    .$if(!filter.reprint && filter.oldFormatOnly !== true, (qb) =>
      qb.where((eb) => eb.or([eb('v.printed_at', 'is', null), eb('v.needs_new_letter', '=', true)])),
    );
}

/** Vouchers for letters (see `LetterFilter`), not lapsed, in id order from `afterId`. */
export function findVouchersToPrint(
  db: Queryable,
  filter: LetterFilter & { afterId: number; limit: number },
): Promise<VoucherToPrintRow[]> {
  return selectVouchersToPrint(db, filter)
    .leftJoin('budget_household as h', 'h.id', 'v.household_id')
    .select(['v.id', 'v.buurt_code', 'v.household_id', 'h.address', 'h.postcode', 'h.house_number', 'h.city'])
    .where('v.id', '>', filter.afterId)
    .orderBy('v.id')
    .limit(filter.limit)
    .execute();
}

export async function countVouchersToPrint(db: Queryable, filter: LetterFilter): Promise<number> {
  const row = await selectVouchersToPrint(db, filter)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/**
 * Replaces the code hashes of a batch: the old codes stop working at once, so a letter printed
 * earlier no longer counts as printed until `markVouchersPrinted` records the new one. The rows
 * are locked first in hash order, as pledge batches and close-year lock vouchers: a reprint while
 * households pledge never waits on a batch in a circle.
 */
export async function replaceCodeHashes(
  db: Queryable,
  rows: { id: number; hash: Buffer }[],
): Promise<number> {
  const ids = rows.map((r) => r.id);
  const result = await sql`
    with locked as materialized (${vouchersLockedInHashOrder(sql`id = any(${ids}::bigint[])`)})
    update voucher v set code_hash = t.h, code_version = v.code_version + 1, printed_at = null,
      needs_new_letter = false
    from unnest(${ids}::bigint[], ${rows.map((r) => r.hash)}::bytea[]) as t(id, h), locked l
    where v.id = t.id and l.id = t.id
  `.execute(db);
  return Number(result.numAffectedRows ?? 0);
}

/** Records that these vouchers' current codes are in a complete letters file. */
export async function markVouchersPrinted(db: Queryable, ids: readonly number[], at: Date): Promise<number> {
  const result = await sql`
    with locked as materialized (${vouchersLockedInHashOrder(sql`id = any(${[...ids]}::bigint[])`)})
    update voucher v set printed_at = ${at} from locked l where v.id = l.id
  `.execute(db);
  return Number(result.numAffectedRows ?? 0);
}

/** Counts a failed code look-up in the current window; returns the window's total. */
export async function countFailedLookup(db: Queryable, windowStart: Date): Promise<number> {
  const row = await q(db)
    .insertInto('voucher_failed_lookup')
    .values({ window_start: windowStart, failures: 1 })
    .onConflict((oc) =>
      oc
        .column('window_start')
        .doUpdateSet((eb) => ({ failures: eb('voucher_failed_lookup.failures', '+', 1) })),
    )
    .returning('failures')
    .executeTakeFirst();
  return row?.failures ?? 0;
}

/**
 * The first broken invariant of the ledger, or undefined. Each query stops at one row. Raw: each
 * check is a report over full joins and aggregates that reads as SQL; every one answers `detail`.
 */
export async function findLedgerViolation(db: Queryable): Promise<string | undefined> {
  const checks: { name: string; query: ReturnType<typeof sql<{ detail: string }>> }[] = [
    {
      name: 'journal does not balance',
      query: sql<{ detail: string }>`
        select 'journal ' || journal_id || ' sums to ' || sum(amount_cents) as detail
        from ledger_line group by journal_id having sum(amount_cents) <> 0 limit 1`,
    },
    {
      name: 'voucher balance outside 0…amount or not matching its pledge',
      query: sql<{ detail: string }>`
        with own as (
          select voucher_id, sum(amount_cents) as s from ledger_line
          where account = 'vouchers' and voucher_id is not null group by voucher_id
        )
        select 'voucher ' || v.id || ' balance ' || (v.amount_cents + coalesce(o.s, 0)) as detail
        from voucher v left join own o on o.voucher_id = v.id
        where (o.voucher_id is not null or exists (select 1 from pledge p where p.voucher_id = v.id))
          and (v.amount_cents + coalesce(o.s, 0)) <> case
            when exists (select 1 from pledge p where p.voucher_id = v.id and p.status in ('active','funded'))
            then 0 else v.amount_cents end
        limit 1`,
    },
    {
      name: 'escrow differs from the active pledges',
      query: sql<{ detail: string }>`
        with e as (select initiative_id, sum(amount_cents) as s from ledger_line
                   where account = 'escrow' group by initiative_id),
             p as (select initiative_id, sum(amount_cents + matched_cents) as s from pledge
                   where status = 'active' group by initiative_id)
        select 'initiative ' || coalesce(e.initiative_id, p.initiative_id) || ' escrow ' || coalesce(e.s, 0)
          || ' active pledges with their matches ' || coalesce(p.s, 0) as detail
        from e full join p on p.initiative_id = e.initiative_id
        where coalesce(e.s, 0) <> coalesce(p.s, 0) limit 1`,
    },
    {
      name: 'a ledger line names a voucher or initiative that does not exist',
      query: sql<{ detail: string }>`
        select 'line ' || l.id || coalesce(' voucher ' || l.voucher_id, '')
          || coalesce(' initiative ' || l.initiative_id, '') as detail
        from ledger_line l
        where (l.voucher_id is not null and not exists (select 1 from voucher v where v.id = l.voucher_id))
          or (l.initiative_id is not null and not exists (select 1 from initiative_brief_v i where i.id = l.initiative_id))
        limit 1`,
    },
    {
      name: 'a goal’s running total differs from its pledges (or its matched total from their matches)',
      query: sql<{ detail: string }>`
        with p as (select initiative_id, sum(amount_cents) as s, sum(matched_cents) as m from pledge
                   where status in ('active','funded') group by initiative_id)
        select 'initiative ' || g.initiative_id || ' total ' || g.pledged_cents || ' pledges '
          || coalesce(p.s, 0) || ' matched ' || g.matched_cents || ' matches ' || coalesce(p.m, 0) as detail
        from initiative_support_goal g left join p on p.initiative_id = g.initiative_id
        where g.pledged_cents <> coalesce(p.s, 0) or g.matched_cents <> coalesce(p.m, 0) limit 1`,
    },
    {
      name: 'funded differs from the funded pledges and their matches, or from the goal',
      query: sql<{ detail: string }>`
        with f as (select initiative_id, sum(amount_cents) filter (where kind = 'fund') as s,
                     sum(amount_cents) filter (where kind = 'match_fund') as m from ledger_line
                   where account = 'funded' group by initiative_id),
             p as (select initiative_id, sum(amount_cents) as s, sum(matched_cents) as m from pledge
                   where status = 'funded' group by initiative_id)
        select 'initiative ' || g.initiative_id || ' state ' || g.state || ' goal ' || g.goal_cents
          || ' funded ' || coalesce(f.s, 0) || ' + matched ' || coalesce(f.m, 0) || ', funded pledges '
          || coalesce(p.s, 0) || ' + matched ' || coalesce(p.m, 0) as detail
        from initiative_support_goal g
          left join f on f.initiative_id = g.initiative_id left join p on p.initiative_id = g.initiative_id
        where coalesce(f.s, 0) <> coalesce(p.s, 0) or coalesce(f.m, 0) <> coalesce(p.m, 0)
          or (g.state = 'funded') <> (coalesce(f.s, 0) + coalesce(f.m, 0) >= g.goal_cents)
          or (g.state <> 'funded' and coalesce(f.s, 0) + coalesce(f.m, 0) <> 0)
        limit 1`,
    },
    {
      name: 'a match rule’s total differs from its matches, or an initiative holds more than its cap',
      query: sql<{ detail: string }>`
        with p as (select match_rule_id, initiative_id, sum(matched_cents) as m from pledge
                   where match_rule_id is not null and status in ('active','funded')
                   group by match_rule_id, initiative_id)
        select 'rule ' || r.id || ' used ' || r.used_cents || ' matches ' || coalesce(sum(p.m), 0)
          || ' largest per initiative ' || coalesce(max(p.m), 0) || ' cap ' || r.initiative_cap_cents as detail
        from budget_match_rule r left join p on p.match_rule_id = r.id
        group by r.id, r.used_cents, r.initiative_cap_cents
        having r.used_cents <> coalesce(sum(p.m), 0) or coalesce(max(p.m), 0) > r.initiative_cap_cents
        limit 1`,
    },
    {
      name: 'the matches’ ledger lines differ from the matched pledges of a decision',
      query: sql<{ detail: string }>`
        with l as (select reference, wijk_code, -sum(amount_cents) as s from ledger_line
                   where account = 'district_granted' and kind in ('match','match_release')
                   group by reference, wijk_code),
             r as (select decision_reference, wijk_code, sum(used_cents) as s from budget_match_rule
                   group by decision_reference, wijk_code),
             b as (select reference, wijk_code, sum(amount_cents) as s from ledger_line
                   where account = 'district_granted'
                     and reference in (select decision_reference from budget_match_rule)
                   group by reference, wijk_code)
        select coalesce(l.reference, r.decision_reference) || ' in ' || coalesce(l.wijk_code, r.wijk_code)
          || ': matched by the ledger ' || coalesce(l.s, 0) || ', by the rules ' || coalesce(r.s, 0)
          || ', left granted ' || coalesce(b.s, 0) as detail
        from l full join r on r.decision_reference = l.reference and r.wijk_code = l.wijk_code
          left join b on b.reference = coalesce(l.reference, r.decision_reference)
            and b.wijk_code = coalesce(l.wijk_code, r.wijk_code)
        where coalesce(l.s, 0) <> coalesce(r.s, 0) or coalesce(b.s, 0) < 0
        limit 1`,
    },
    {
      name: 'vouchers or lapsed account differs from the vouchers',
      query: sql<{ detail: string }>`
        with own as (
          select voucher_id, sum(amount_cents) as s from ledger_line
          where account = 'vouchers' and voucher_id is not null group by voucher_id
        ), expected as (
          select v.municipality_code, v.year,
            sum(case when v.lapsed_at is null then v.amount_cents + coalesce(o.s, 0) else 0 end) as open,
            sum(case when v.lapsed_at is not null then v.amount_cents + coalesce(o.s, 0) else 0 end) as lapsed,
            sum(v.amount_cents) as issued
          from voucher v left join own o on o.voucher_id = v.id group by v.municipality_code, v.year
        ), actual as (
          select municipality_code, year,
            sum(case when account = 'vouchers' then amount_cents else 0 end) as open,
            sum(case when account = 'lapsed' then amount_cents else 0 end) as lapsed,
            -sum(case when account = 'pool' and kind = 'issue' then amount_cents else 0 end) as issued
          from ledger_line group by municipality_code, year
        )
        select coalesce(e.municipality_code, a.municipality_code) || ' ' || coalesce(e.year, a.year)
          || ': expected open/lapsed/issued ' || coalesce(e.open, 0) || '/' || coalesce(e.lapsed, 0) || '/' || coalesce(e.issued, 0)
          || ', ledger ' || coalesce(a.open, 0) || '/' || coalesce(a.lapsed, 0) || '/' || coalesce(a.issued, 0) as detail
        from expected e full join actual a on a.municipality_code = e.municipality_code and a.year = e.year
        where coalesce(e.open, 0) <> coalesce(a.open, 0) or coalesce(e.lapsed, 0) <> coalesce(a.lapsed, 0)
          or coalesce(e.issued, 0) <> coalesce(a.issued, 0)
        limit 1`,
    },
    {
      name: 'the transparency figures (budget_figures) differ from the ledger and the vouchers',
      query: sql<{ detail: string }>`
        with r as (${figuresFromRollup(sql`true`)}), e as (${figuresFromLedger(sql`true`)})
        select coalesce(r.municipality_code, e.municipality_code) || ' ' || coalesce(r.year, e.year)
          || ' ' || coalesce(r.buurt_code, e.buurt_code) || ': '
          || concat_ws(', ', ${sql.join(
            FIGURE_COLUMNS.map(
              (c) => sql`case when coalesce(r.${sql.ref(c)}, 0) <> coalesce(e.${sql.ref(c)}, 0)
                then ${sql.lit(c)} || ' ' || coalesce(r.${sql.ref(c)}, 0) || ' in the figures, '
                  || coalesce(e.${sql.ref(c)}, 0) || ' by the ledger' end`,
            ),
          )}) as detail
        from r full join e on e.municipality_code = r.municipality_code and e.year = r.year
          and e.buurt_code = r.buurt_code
        where ${sql.join(
          FIGURE_COLUMNS.map((c) => sql`coalesce(r.${sql.ref(c)}, 0) <> coalesce(e.${sql.ref(c)}, 0)`),
          sql` or `,
        )}
        order by 1 limit 1`,
    },
  ];
  for (const check of checks) {
    const { rows } = await check.query.execute(db);
    const first = rows[0];
    if (first) return `${check.name}: ${first.detail}`;
  }
  return undefined;
}

/**
 * Writes register rows; an address already known gets the new street, city and buurt. Raw: the
 * rows go through unnest (one parameter per column), and the conflict target is a partial index.
 */
export async function upsertHouseholds(
  db: Queryable,
  municipalityCode: string,
  rows: { street: string; postcode: string; houseNumber: string; city: string; buurtCode: string }[],
): Promise<void> {
  await sql`
    insert into budget_household (municipality_code, buurt_code, address, postcode, house_number, city)
    select ${municipalityCode}, b, a, p, n, c
    from unnest(${rows.map((r) => r.buurtCode)}::text[], ${rows.map((r) => r.street)}::text[],
                ${rows.map((r) => r.postcode)}::text[], ${rows.map((r) => r.houseNumber)}::text[],
                ${rows.map((r) => r.city)}::text[]) as t(b, a, p, n, c)
    on conflict (postcode, house_number) where postcode <> '' do update set
      municipality_code = excluded.municipality_code, buurt_code = excluded.buurt_code,
      address = excluded.address, city = excluded.city, imported_at = now()
  `.execute(db);
}

export async function countHouseholds(db: Queryable, municipalityCode: string): Promise<number> {
  const row = await q(db)
    .selectFrom('budget_household')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('municipality_code', '=', municipalityCode)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** Registered households of the gemeente without a voucher in `year`. */
export async function findHouseholdsWithoutVoucher(
  db: Queryable,
  municipalityCode: string,
  year: number,
): Promise<{ id: number; buurt_code: string }[]> {
  return q(db)
    .selectFrom('budget_household as h')
    .select(['h.id', 'h.buurt_code'])
    .where('h.municipality_code', '=', municipalityCode)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('voucher as v')
            .select('v.id')
            .whereRef('v.household_id', '=', 'h.id')
            .where('v.year', '=', year),
        ),
      ),
    )
    .orderBy('h.id')
    .execute();
}

export async function findInitiativeIdByReference(
  db: Queryable,
  reference: string,
): Promise<string | undefined> {
  const row = await q(db)
    .selectFrom('initiative_brief_v')
    .select('id')
    .where('reference', '=', reference)
    .executeTakeFirst();
  return row?.id;
}

// ---- the administrators' overview and the demo (appended) ----

export interface BudgetYearSummaryRow extends BudgetYearRow {
  vouchers: number;
  /** Whether any pledge was made in the year (its escrow lines, read through the ledger's index). */
  pledged: boolean;
}

/** The budget years of these gemeenten (one year, or all), newest first, with what locks their terms. */
export async function findBudgetYearSummaries(
  db: Queryable,
  municipalityCodes: readonly string[],
  year?: number,
): Promise<BudgetYearSummaryRow[]> {
  if (municipalityCodes.length === 0) return [];
  let query = q(db)
    .selectFrom('budget_year as y')
    .select((eb) => [
      'y.municipality_code',
      'y.year',
      'y.amount_cents',
      'y.scope',
      'y.opens_on',
      'y.closes_on',
      'y.closed_at',
      eb
        .selectFrom('voucher as v')
        .select(eb.fn.countAll<number>().as('n'))
        .whereRef('v.municipality_code', '=', 'y.municipality_code')
        .whereRef('v.year', '=', 'y.year')
        .$asScalar()
        .as('vouchers'),
      eb
        .exists(
          eb
            .selectFrom('ledger_line as l')
            .select('l.id')
            .whereRef('l.municipality_code', '=', 'y.municipality_code')
            .whereRef('l.year', '=', 'y.year')
            .where('l.account', '=', 'escrow'),
        )
        .$castTo<boolean>()
        .as('pledged'),
    ])
    .where((eb) => eb('y.municipality_code', '=', eb.fn.any(eb.val([...municipalityCodes]))));
  if (year !== undefined) query = query.where('y.year', '=', year);
  const rows = await query.orderBy('y.municipality_code').orderBy('y.year', 'desc').execute();
  return rows.map((r) => ({ ...r, vouchers: Number(r.vouchers) }));
}

/** The years a gemeente has a budget year for, newest first (no figures: cheap at every start). */
export async function findBudgetYearNumbers(db: Queryable, municipalityCode: string): Promise<number[]> {
  const rows = await q(db)
    .selectFrom('budget_year')
    .select('year')
    .where('municipality_code', '=', municipalityCode)
    .orderBy('year', 'desc')
    .execute();
  return rows.map((r) => r.year);
}

export async function countBudgetYears(db: Queryable): Promise<number> {
  const row = await q(db)
    .selectFrom('budget_year')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

export interface InitiativeOpenForSupportRow {
  id: string;
  buurt_code: string;
  has_goal: boolean;
}

/** The gemeente's initiatives in the stage open for support, with whether they have a goal. */
export async function findInitiativesOpenForSupport(
  db: Queryable,
  municipalityCode: string,
): Promise<InitiativeOpenForSupportRow[]> {
  return q(db)
    .selectFrom('initiative_brief_v as i')
    .leftJoin('initiative_support_goal as g', 'g.initiative_id', 'i.id')
    .select((eb) => [
      'i.id',
      'i.buurt_code',
      eb('g.initiative_id', 'is not', null).$castTo<boolean>().as('has_goal'),
    ])
    .where('i.municipality_code', '=', municipalityCode)
    .where('i.stage', '=', 'open_for_support')
    .orderBy('i.reference')
    .execute();
}

/** Whether pledging is possible somewhere today: a budget year not closed, between its dates. */
export async function existsOpenBudgetYear(db: Queryable, today: string): Promise<boolean> {
  const row = await q(db)
    .selectFrom('budget_year')
    .select('year')
    .where('closed_at', 'is', null)
    .where('opens_on', '<=', today)
    .where('closes_on', '>=', today)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/** Every budget year (gemeente and year), for the open data files of their figures. */
export async function findAllBudgetYears(
  db: Queryable,
): Promise<{ municipality_code: string; year: number }[]> {
  return q(db)
    .selectFrom('budget_year')
    .select(['municipality_code', 'year'])
    .orderBy('municipality_code')
    .orderBy('year')
    .execute();
}
