import { sql, type Kysely, type RawBuilder } from 'kysely';

// The household budget's public figures from a rollup instead of a pass over the ledger, so a
// figures page costs the same for a village and for Amsterdam, in any year.
//
// budget_figures holds, per gemeente, year and buurt, what the figures page shows: vouchers
// (households) and lapsed vouchers, and the cents issued, pledged, released, funded and lapsed.
// Its rows are additions: the figures of a buurt are the SUM of its rows. Triggers on the
// ledger and on the vouchers append one row per buurt for every statement that writes them, in
// that statement's transaction, so the rollup is exact on every path (budget_pledge_batch, the
// service's journals, the year's close, a repair by hand in psql) and moves with the money or not
// at all. Appending takes no lock on another row: concurrent pledges never wait for each other
// on a counter row (an upserted counter per buurt would make every batch of a buurt wait for the
// one before it to commit, a long issuing run hold pledges up, and two writers that reach their
// buurten in different statements deadlock). `foldBudgetFigures` (a job every few seconds,
// and after issuing and closing) folds a buurt's rows into one; the sums never change by it.

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('budget_figures')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('municipality_code', 'text', (c) => c.notNull())
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('buurt_code', 'text', (c) => c.notNull())
    .addColumn('vouchers', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('lapsed_vouchers', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('issued_cents', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('pledged_cents', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('released_cents', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('funded_cents', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('lapsed_cents', 'bigint', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .createIndex('budget_figures_buurt_idx')
    .on('budget_figures')
    .columns(['municipality_code', 'year', 'buurt_code'])
    .execute();

  // The ledger's lines of a statement, per buurt (lines without a buurt are in no figure). Every
  // buurt touched gets a row, even at zero: the figures list the buurten the ledger names.
  await appendingTrigger(db, {
    name: 'ledger_line_figures',
    fn: 'budget_figures_from_ledger',
    on: sql`after insert on ledger_line referencing new table as ledger_new_lines`,
    columns: sql`issued_cents, pledged_cents, released_cents, funded_cents, lapsed_cents`,
    select: sql`
      select municipality_code, year, buurt_code,
        sum(case when kind = 'issue' and account = 'vouchers' then amount_cents else 0 end),
        sum(case when kind = 'pledge' and account = 'escrow' then amount_cents else 0 end),
        sum(case when kind = 'release' and account = 'vouchers' then amount_cents else 0 end),
        sum(case when kind = 'fund' and account = 'funded' then amount_cents else 0 end),
        sum(case when kind = 'lapse' and account = 'lapsed' then amount_cents else 0 end)
      from ledger_new_lines where buurt_code is not null
      group by municipality_code, year, buurt_code`,
  });

  // Vouchers per buurt: counted when made, and as they lapse (or, by hand, move or go).
  await appendingTrigger(db, {
    name: 'voucher_figures_insert',
    fn: 'budget_figures_from_new_vouchers',
    on: sql`after insert on voucher referencing new table as new_vouchers`,
    columns: sql`vouchers, lapsed_vouchers`,
    select: sql`
      select municipality_code, year, buurt_code, count(*), count(lapsed_at)
      from new_vouchers group by municipality_code, year, buurt_code`,
  });
  // An update counts the rows before (less) and after (more); only buurten whose counts change
  // get a row, so printing letters (new codes, printed_at) adds nothing.
  await appendingTrigger(db, {
    name: 'voucher_figures_update',
    fn: 'budget_figures_from_changed_vouchers',
    on: sql`after update on voucher referencing old table as old_vouchers new table as new_vouchers`,
    columns: sql`vouchers, lapsed_vouchers`,
    select: sql`
      select municipality_code, year, buurt_code, sum(n), sum(l)
      from (select municipality_code, year, buurt_code, -1 as n, -(lapsed_at is not null)::int as l
              from old_vouchers
            union all
            select municipality_code, year, buurt_code, 1, (lapsed_at is not null)::int
              from new_vouchers) d
      group by municipality_code, year, buurt_code
      having sum(n) <> 0 or sum(l) <> 0`,
  });
  await appendingTrigger(db, {
    name: 'voucher_figures_delete',
    fn: 'budget_figures_from_deleted_vouchers',
    on: sql`after delete on voucher referencing old table as old_vouchers`,
    columns: sql`vouchers, lapsed_vouchers`,
    select: sql`
      select municipality_code, year, buurt_code, -count(*), -count(lapsed_at)
      from old_vouchers group by municipality_code, year, buurt_code`,
  });

  // The figures of everything so far: one row per buurt, from the ledger and the vouchers.
  await sql`
    insert into budget_figures (municipality_code, year, buurt_code, vouchers, lapsed_vouchers,
                                issued_cents, pledged_cents, released_cents, funded_cents, lapsed_cents)
    with l as (
      select municipality_code, year, buurt_code,
        sum(case when kind = 'issue' and account = 'vouchers' then amount_cents else 0 end) as issued,
        sum(case when kind = 'pledge' and account = 'escrow' then amount_cents else 0 end) as pledged,
        sum(case when kind = 'release' and account = 'vouchers' then amount_cents else 0 end) as released,
        sum(case when kind = 'fund' and account = 'funded' then amount_cents else 0 end) as funded,
        sum(case when kind = 'lapse' and account = 'lapsed' then amount_cents else 0 end) as lapsed
      from ledger_line where buurt_code is not null
      group by municipality_code, year, buurt_code
    ), v as (
      select municipality_code, year, buurt_code, count(*) as vouchers, count(lapsed_at) as lapsed_vouchers
      from voucher group by municipality_code, year, buurt_code
    )
    select coalesce(l.municipality_code, v.municipality_code), coalesce(l.year, v.year),
      coalesce(l.buurt_code, v.buurt_code), coalesce(v.vouchers, 0), coalesce(v.lapsed_vouchers, 0),
      coalesce(l.issued, 0), coalesce(l.pledged, 0), coalesce(l.released, 0), coalesce(l.funded, 0),
      coalesce(l.lapsed, 0)
    from l full join v on v.municipality_code = l.municipality_code and v.year = l.year
      and v.buurt_code = l.buurt_code
  `.execute(db);
}

/**
 * A statement trigger whose function appends to budget_figures what `select` answers (gemeente,
 * year, buurt, then `columns`) from the statement's rows (its transition tables).
 */
async function appendingTrigger(
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  db: Kysely<any>,
  t: {
    name: string;
    fn: string;
    on: RawBuilder<unknown>;
    columns: RawBuilder<unknown>;
    select: RawBuilder<unknown>;
  },
): Promise<void> {
  await sql`
    create function ${sql.raw(t.fn)}() returns trigger language plpgsql as $fn$
    begin
      insert into budget_figures (municipality_code, year, buurt_code, ${t.columns}) ${t.select};
      return null;
    end $fn$
  `.execute(db);
  await sql`create trigger ${sql.raw(t.name)} ${t.on} for each statement execute function ${sql.raw(t.fn)}()`.execute(
    db,
  );
}

const TRIGGERS = [
  ['voucher_figures_delete', 'voucher', 'budget_figures_from_deleted_vouchers'],
  ['voucher_figures_update', 'voucher', 'budget_figures_from_changed_vouchers'],
  ['voucher_figures_insert', 'voucher', 'budget_figures_from_new_vouchers'],
  ['ledger_line_figures', 'ledger_line', 'budget_figures_from_ledger'],
] as const;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  for (const [trigger, table, fn] of TRIGGERS) {
    await sql`drop trigger ${sql.raw(trigger)} on ${sql.raw(table)}`.execute(db);
    await sql`drop function ${sql.raw(fn)}()`.execute(db);
  }
  await db.schema.dropTable('budget_figures').execute();
}
