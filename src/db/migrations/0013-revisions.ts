import { sql, type Kysely } from 'kysely';

// One counter per topic of public data (places, initiatives, budgets). Every app process caches
// what public pages read and checks these counters at most once a second (src/db/revisions.ts).
// The counters move by trigger, not by the modules' code, so no write path can forget one: a
// deferred constraint trigger runs at commit, after the transaction took all its other locks,
// bumps its topic once per transaction (a transaction-local flag) and first takes one advisory
// lock, so two commits that bump two topics in other orders never wait on each other in a circle.
// Ledger-derived figures move with every pledge and are cached for a short time instead: a
// counter there would make every pledge batch of every process wait for one row.

const TRIGGERS: readonly { table: string; topic: string; columns?: string }[] = [
  { table: 'place', topic: 'places' },
  { table: 'initiative', topic: 'initiatives' },
  { table: 'initiative_budget_line', topic: 'initiatives' },
  { table: 'initiative_photo', topic: 'initiatives' },
  { table: 'initiative_event', topic: 'initiatives' },
  { table: 'budget_year', topic: 'budgets' },
  // Pledges change only `pledged_cents`: they leave the counter alone.
  { table: 'initiative_support_goal', topic: 'budgets', columns: 'goal_cents, deadline, state' },
];

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('revision')
    .addColumn('topic', 'text', (c) => c.primaryKey())
    .addColumn('revision', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('changed_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await sql`insert into revision (topic) values ('places'), ('initiatives'), ('budgets')`.execute(db);
  await sql`
    create function bump_revision() returns trigger language plpgsql as $$
    declare
      flag text := 'buurtkracht.revision_' || tg_argv[0];
    begin
      if current_setting(flag, true) = 'on' then
        return null;
      end if;
      perform set_config(flag, 'on', true);
      perform pg_advisory_xact_lock(hashtext('buurtkracht:revision'));
      update revision set revision = revision + 1, changed_at = now() where topic = tg_argv[0];
      return null;
    end
    $$`.execute(db);
  for (const t of TRIGGERS) {
    const events = t.columns ? `insert or delete or update of ${t.columns}` : 'insert or update or delete';
    await sql
      .raw(
        `create constraint trigger ${t.table}_bumps_revision after ${events} on ${t.table}
         deferrable initially deferred for each row execute function bump_revision('${t.topic}')`,
      )
      .execute(db);
  }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  for (const t of TRIGGERS) {
    await sql.raw(`drop trigger ${t.table}_bumps_revision on ${t.table}`).execute(db);
  }
  await sql`drop function bump_revision()`.execute(db);
  await db.schema.dropTable('revision').execute();
}
