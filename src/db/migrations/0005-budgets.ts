import { sql, type Kysely } from 'kysely';

// The household budget (buurtbudget): budget years, vouchers, pledges, support goals and a
// double-entry ledger. Every rule that protects money is enforced here, in the database, so
// that no code path (a second app process, a CLI run, a bug) can break it.

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('budget_year')
    .addColumn('municipality_code', 'text', (c) => c.notNull().references('place.code'))
    .addColumn('year', 'integer', (c) => c.notNull().check(sql`year between 2000 and 2100`))
    .addColumn('amount_cents', 'bigint', (c) =>
      c
        .notNull()
        .defaultTo(1000)
        .check(sql`amount_cents between 1 and 100000`),
    )
    .addColumn('scope', 'text', (c) =>
      c
        .notNull()
        .defaultTo('buurt')
        .check(sql`scope in ('buurt','wijk')`),
    )
    .addColumn('opens_on', 'date', (c) => c.notNull())
    .addColumn('closes_on', 'date', (c) => c.notNull())
    .addColumn('closed_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('budget_year_pk', ['municipality_code', 'year'])
    .addCheckConstraint('budget_year_dates', sql`opens_on <= closes_on`)
    // Targets of the foreign keys below: they lock amount and scope (see voucher and pledge).
    .addUniqueConstraint('budget_year_amount_key', ['municipality_code', 'year', 'amount_cents'])
    .addUniqueConstraint('budget_year_terms_key', ['municipality_code', 'year', 'amount_cents', 'scope'])
    .execute();

  // Households from a municipal register (optional): the letter's address block.
  await db.schema
    .createTable('budget_household')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('municipality_code', 'text', (c) => c.notNull().references('place.code'))
    .addColumn('buurt_code', 'text', (c) => c.notNull().references('place.code'))
    .addColumn('address', 'text', (c) => c.notNull())
    .addColumn('postcode', 'text', (c) => c.notNull())
    .addColumn('house_number', 'text', (c) => c.notNull())
    .addColumn('city', 'text', (c) => c.notNull().defaultTo(''))
    // From here the privacy register counts its retention.
    .addColumn('imported_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  // One row per address; erased (anonymised) rows have an empty postcode and drop out.
  await sql`create unique index budget_household_address_key on budget_household (postcode, house_number)
    where postcode <> ''`.execute(db);

  // One voucher per household per year. Only an HMAC of the code is kept; the plain code exists
  // only in the printed letter. The amount is copied and tied to the budget year by a foreign
  // key, so the year's amount cannot change once vouchers (and so ledger entries) exist.
  await db.schema
    .createTable('voucher')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('municipality_code', 'text', (c) => c.notNull())
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('amount_cents', 'bigint', (c) => c.notNull())
    .addColumn('buurt_code', 'text', (c) => c.notNull())
    .addColumn('wijk_code', 'text', (c) => c.notNull())
    .addColumn('household_id', 'bigint', (c) => c.references('budget_household.id'))
    .addColumn('code_hash', 'bytea', (c) => c.notNull().unique())
    // How often a code was printed for this voucher; a reprint replaces the hash (old code dead).
    .addColumn('code_version', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('printed_at', 'timestamptz')
    .addColumn('lapsed_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addForeignKeyConstraint(
      'voucher_terms_fk',
      ['municipality_code', 'year', 'amount_cents'],
      'budget_year',
      ['municipality_code', 'year', 'amount_cents'],
      (fk) => fk.onUpdate('restrict').onDelete('restrict'),
    )
    .execute();
  await db.schema
    .createIndex('voucher_buurt_idx')
    .on('voucher')
    .columns(['municipality_code', 'year', 'buurt_code'])
    .execute();
  await db.schema
    .createIndex('voucher_household_idx')
    .on('voucher')
    .columns(['household_id', 'year'])
    .unique()
    .where(sql.ref('household_id'), 'is not', null)
    .execute();

  // An initiative open for household pledges: its goal and deadline in one budget year.
  await db.schema
    .createTable('initiative_support_goal')
    .addColumn('initiative_id', 'uuid', (c) =>
      c.primaryKey().references('initiative.id').onDelete('restrict'),
    )
    .addColumn('municipality_code', 'text', (c) => c.notNull())
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('goal_cents', 'bigint', (c) => c.notNull().check(sql`goal_cents between 1 and 1000000000`))
    .addColumn('deadline', 'date', (c) => c.notNull())
    .addColumn('state', 'text', (c) =>
      c
        .notNull()
        .defaultTo('open')
        .check(sql`state in ('open','funded','expired')`),
    )
    .addColumn('settled_at', 'timestamptz')
    .addForeignKeyConstraint('support_goal_year_fk', ['municipality_code', 'year'], 'budget_year', [
      'municipality_code',
      'year',
    ])
    .execute();

  // A pledge: one voucher, whole, to one initiative. Active until the initiative is funded
  // (funded) or its deadline passes (released: the household may give again).
  await db.schema
    .createTable('pledge')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('receipt', 'text', (c) => c.notNull().unique())
    .addColumn('voucher_id', 'bigint', (c) => c.notNull().references('voucher.id'))
    .addColumn('initiative_id', 'uuid', (c) =>
      c.notNull().references('initiative_support_goal.initiative_id'),
    )
    .addColumn('municipality_code', 'text', (c) => c.notNull())
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('amount_cents', 'bigint', (c) => c.notNull())
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) =>
      c
        .notNull()
        .defaultTo('active')
        .check(sql`status in ('active','funded','released')`),
    )
    .addColumn('channel', 'text', (c) => c.notNull().check(sql`channel in ('online','api','service_desk')`))
    .addColumn('staff_account_id', 'uuid', (c) => c.references('staff_account.id').onDelete('set null'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('settled_at', 'timestamptz')
    // Amount and scope of the year are locked once the first pledge references them.
    .addForeignKeyConstraint(
      'pledge_terms_fk',
      ['municipality_code', 'year', 'amount_cents', 'scope'],
      'budget_year',
      ['municipality_code', 'year', 'amount_cents', 'scope'],
      (fk) => fk.onUpdate('restrict').onDelete('restrict'),
    )
    .execute();
  // Exactly once: at most one pledge per voucher that is active or funded, whatever the
  // concurrency. Released pledges do not count, so a released household may give again.
  await sql`create unique index pledge_one_per_voucher on pledge (voucher_id) where status in ('active','funded')`.execute(
    db,
  );
  await db.schema
    .createIndex('pledge_initiative_idx')
    .on('pledge')
    .columns(['initiative_id', 'status'])
    .execute();

  // The ledger: double entry, integer cents, append-only. A journal is a set of lines that sum
  // to zero (checked at commit); balances are sums of lines, never stored.
  await sql`create sequence ledger_journal_seq`.execute(db);
  await db.schema
    .createTable('ledger_line')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('journal_id', 'bigint', (c) => c.notNull())
    .addColumn('kind', 'text', (c) =>
      c.notNull().check(sql`kind in ('issue','pledge','release','fund','lapse','top_up')`),
    )
    .addColumn('account', 'text', (c) =>
      c.notNull().check(sql`account in ('pool','vouchers','escrow','funded','lapsed','district_budget')`),
    )
    .addColumn('municipality_code', 'text', (c) => c.notNull())
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('buurt_code', 'text')
    .addColumn('voucher_id', 'bigint', (c) => c.references('voucher.id'))
    .addColumn('initiative_id', 'uuid', (c) => c.references('initiative.id'))
    .addColumn('amount_cents', 'bigint', (c) => c.notNull().check(sql`amount_cents <> 0`))
    .addColumn('at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('ledger_line_journal_idx').on('ledger_line').column('journal_id').execute();
  await db.schema
    .createIndex('ledger_line_voucher_idx')
    .on('ledger_line')
    .column('voucher_id')
    .where(sql.ref('voucher_id'), 'is not', null)
    .execute();
  await db.schema
    .createIndex('ledger_line_initiative_idx')
    .on('ledger_line')
    .columns(['initiative_id', 'account'])
    .where(sql.ref('initiative_id'), 'is not', null)
    .execute();
  await db.schema
    .createIndex('ledger_line_account_idx')
    .on('ledger_line')
    .columns(['municipality_code', 'year', 'account'])
    .execute();

  await sql`
    create function ledger_refuse_change() returns trigger language plpgsql as $$
    begin
      raise exception 'ledger_line is append-only' using errcode = 'P0001';
    end $$
  `.execute(db);
  await sql`create trigger ledger_line_append_only before update or delete on ledger_line
    for each row execute function ledger_refuse_change()`.execute(db);
  await sql`create trigger ledger_line_no_truncate before truncate on ledger_line
    for each statement execute function ledger_refuse_change()`.execute(db);
  await sql`
    create function ledger_check_journal() returns trigger language plpgsql as $$
    declare total bigint;
    begin
      select coalesce(sum(amount_cents), 0) into total from ledger_line where journal_id = new.journal_id;
      if total <> 0 then
        raise exception 'ledger journal % does not balance (%)', new.journal_id, total using errcode = '23514';
      end if;
      return null;
    end $$
  `.execute(db);
  // Checked at commit, once every line of the journal is in.
  await sql`create constraint trigger ledger_line_balanced after insert on ledger_line
    deferrable initially deferred for each row execute function ledger_check_journal()`.execute(db);

  // Failed code look-ups per window, for the alarm on guessing (all processes together).
  await db.schema
    .createTable('voucher_failed_lookup')
    .addColumn('window_start', 'timestamptz', (c) => c.primaryKey())
    .addColumn('failures', 'integer', (c) => c.notNull())
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'voucher_failed_lookup',
    'ledger_line',
    'pledge',
    'initiative_support_goal',
    'voucher',
    'budget_household',
    'budget_year',
  ]) {
    await db.schema.dropTable(table).execute();
  }
  await sql`drop sequence ledger_journal_seq`.execute(db);
  await sql`drop function ledger_refuse_change()`.execute(db);
  await sql`drop function ledger_check_journal()`.execute(db);
}
