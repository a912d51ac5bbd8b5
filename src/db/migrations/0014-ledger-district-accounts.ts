import { sql, type Kysely } from 'kysely';

// The one double-entry ledger carries the district budget (wijkbudget) beside the household
// budget: its own kinds and accounts, the wijk a line belongs to, and a reference to what moved
// the money (a decision, a match-funding rule). `verify-ledger` covers every line as before:
// each journal sums to zero, and the lines stay append-only.
//
// District money, per wijk and year (accounts):
//   district_source   the gemeente's side of an allocation (negative: what it allocated)
//   district_budget   what the wijk has and has not yet granted
//   district_granted  granted by a decision, not yet committed
//   district_committed committed (an order, an agreement), not yet paid
//   district_paid     paid out
//   district_lapsed   left at the end of a year and not carried over
// Kinds: allocate, carry_over, grant, commit, pay, return (back to district_budget), lapse;
// match (district_budget → escrow of an initiative, as household pledges arrive), match_fund
// (escrow → funded with the pledges), match_release (escrow → district_budget with the pledges).

const KINDS = [
  'issue',
  'pledge',
  'release',
  'fund',
  'lapse',
  'top_up',
  'allocate',
  'carry_over',
  'grant',
  'commit',
  'pay',
  'return',
  'match',
  'match_fund',
  'match_release',
];
const ACCOUNTS = [
  'pool',
  'vouchers',
  'escrow',
  'funded',
  'lapsed',
  'district_budget',
  'district_source',
  'district_granted',
  'district_committed',
  'district_paid',
  'district_lapsed',
];

const list = (values: readonly string[]) => sql.join(values.map((v) => sql.lit(v)));

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table ledger_line drop constraint ledger_line_kind_check`.execute(db);
  await sql`alter table ledger_line drop constraint ledger_line_account_check`.execute(db);
  await sql`alter table ledger_line add constraint ledger_line_kind_check check (kind in (${list(KINDS)}))`.execute(
    db,
  );
  await sql`alter table ledger_line add constraint ledger_line_account_check check (account in (${list(ACCOUNTS)}))`.execute(
    db,
  );
  await sql`alter table ledger_line add column wijk_code text`.execute(db);
  // What moved the money, e.g. `decision:<uuid>` or `match:<uuid>`: the district budget's key.
  await sql`alter table ledger_line add column reference text`.execute(db);
  // District lines always name their wijk (the household budget's lines name a buurt).
  await sql`alter table ledger_line add constraint ledger_line_district_wijk
    check (account not like 'district%' or wijk_code is not null)`.execute(db);
  await sql`create index ledger_line_wijk_idx on ledger_line (wijk_code, year, account)
    where wijk_code is not null`.execute(db);
  await sql`create index ledger_line_reference_idx on ledger_line (reference)
    where reference is not null`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index ledger_line_reference_idx`.execute(db);
  await sql`drop index ledger_line_wijk_idx`.execute(db);
  await sql`alter table ledger_line drop constraint ledger_line_district_wijk`.execute(db);
  await sql`alter table ledger_line drop column reference`.execute(db);
  await sql`alter table ledger_line drop column wijk_code`.execute(db);
}
