import { sql, type Kysely } from 'kysely';

// Multi-year arrangements (meerjarige afspraken) judged on effectiveness, and the right to
// challenge (uitdaagrecht). The same fields whoever the provider is: a resident initiative, an
// organisation (a partner) or the municipality's own service. Money never lives here: each
// tranche becomes a district-budget decision (`decision_id`), which moves the ledger.

const SOURCES = `('self_reported','municipal_registry','independent')`;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create sequence arrangement_reference_seq`.execute(db);

  await db.schema
    .createTable('arrangement')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    // A short number people can say on the phone: AFS-2026-0007.
    .addColumn('reference', 'text', (c) => c.notNull().unique())
    .addColumn('municipality_code', 'text', (c) => c.notNull().references('place.code'))
    .addColumn('wijk_code', 'text', (c) => c.notNull().references('place.code'))
    .addColumn('theme', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull().check(sql`length(title) between 3 and 160`))
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('provider_kind', 'text', (c) =>
      c.notNull().check(sql`provider_kind in ('initiative','organisation','municipality')`),
    )
    // The organisation (as named in partners' grants), the service, or the initiative's title.
    .addColumn('provider_name', 'text', (c) => c.notNull())
    .addColumn('initiative_id', 'uuid', (c) => c.references('initiative.id'))
    .addColumn('initiative_reference', 'text')
    // The provider's own id for this arrangement: the key of its CSV uploads.
    .addColumn('external_id', 'text', (c) => c.notNull())
    .addColumn('start_year', 'integer', (c) => c.notNull().check(sql`start_year between 2000 and 2100`))
    // Funded for up to four years at a time; each renewal adds up to four more.
    .addColumn('years', 'integer', (c) => c.notNull().check(sql`years between 1 and 20`))
    .addColumn('status', 'text', (c) =>
      c.notNull().check(sql`status in ('proposed','active','ended','stopped','declined')`),
    )
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint(
      'arrangement_initiative',
      sql`(provider_kind = 'initiative') = (initiative_id is not null)`,
    )
    .addUniqueConstraint('arrangement_external_id_key', ['municipality_code', 'external_id'])
    .execute();
  await sql`create index arrangement_wijk_theme on arrangement (wijk_code, theme)`.execute(db);

  await db.schema
    .createTable('arrangement_goal')
    .addColumn('arrangement_id', 'uuid', (c) => c.notNull().references('arrangement.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('arrangement_goal_pk', ['arrangement_id', 'position'])
    .execute();

  await db.schema
    .createTable('arrangement_indicator')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('arrangement_id', 'uuid', (c) => c.notNull().references('arrangement.id').onDelete('cascade'))
    // The criterion: arrangements on one theme are compared on indicators with the same code.
    .addColumn('code', 'text', (c) => c.notNull().check(sql`code ~ '^[a-z0-9_-]{1,40}$'`))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('unit', 'text', (c) => c.notNull())
    .addColumn('baseline', 'double precision', (c) => c.notNull())
    .addColumn('direction', 'text', (c) => c.notNull().check(sql`direction in ('increase','decrease')`))
    // How a year's periods make its value: the last one (a level) or their sum (a count).
    .addColumn('aggregation', 'text', (c) => c.notNull().check(sql`aggregation in ('last','sum')`))
    .addUniqueConstraint('arrangement_indicator_code_key', ['arrangement_id', 'code'])
    .execute();

  await db.schema
    .createTable('arrangement_target')
    .addColumn('indicator_id', 'uuid', (c) =>
      c.notNull().references('arrangement_indicator.id').onDelete('cascade'),
    )
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('target', 'double precision', (c) => c.notNull())
    .addPrimaryKeyConstraint('arrangement_target_pk', ['indicator_id', 'year'])
    .execute();

  await db.schema
    .createTable('arrangement_measurement')
    .addColumn('indicator_id', 'uuid', (c) =>
      c.notNull().references('arrangement_indicator.id').onDelete('cascade'),
    )
    // A year (2026), a quarter (2026-Q2) or a month (2026-05).
    .addColumn('period', 'text', (c) =>
      c.notNull().check(sql`period ~ '^[0-9]{4}(-Q[1-4]|-(0[1-9]|1[0-2]))?$'`),
    )
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('value', 'double precision', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull().check(sql`source in ${sql.raw(SOURCES)}`))
    .addColumn('via', 'text', (c) => c.notNull().check(sql`via in ('form','csv','demo')`))
    .addColumn('recorded_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('arrangement_measurement_pk', ['indicator_id', 'period'])
    .addCheckConstraint('arrangement_measurement_year', sql`year = substr(period, 1, 4)::integer`)
    .execute();

  await db.schema
    .createTable('arrangement_funding')
    .addColumn('arrangement_id', 'uuid', (c) => c.notNull().references('arrangement.id').onDelete('cascade'))
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('amount_cents', 'bigint', (c) => c.notNull().check(sql`amount_cents >= 0`))
    .addPrimaryKeyConstraint('arrangement_funding_pk', ['arrangement_id', 'year'])
    .execute();

  await db.schema
    .createTable('arrangement_tranche')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('arrangement_id', 'uuid', (c) => c.notNull().references('arrangement.id').onDelete('cascade'))
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('number', 'integer', (c) => c.notNull())
    .addColumn('amount_cents', 'bigint', (c) => c.notNull().check(sql`amount_cents > 0`))
    .addColumn('due_on', 'date', (c) => c.notNull())
    // The district-budget decision that pays it, once proposed.
    .addColumn('decision_id', 'text')
    .addColumn('decision_reference', 'text')
    .addColumn('proposed_at', 'timestamptz')
    .addUniqueConstraint('arrangement_tranche_key', ['arrangement_id', 'year', 'number'])
    .execute();

  await db.schema
    .createTable('arrangement_deliverable')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('arrangement_id', 'uuid', (c) => c.notNull().references('arrangement.id').onDelete('cascade'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('due_on', 'date', (c) => c.notNull())
    .addColumn('status', 'text', (c) =>
      c
        .notNull()
        .defaultTo('open')
        .check(sql`status in ('open','accepted','rejected')`),
    )
    .addColumn('review', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('reviewed_at', 'timestamptz')
    .execute();

  await db.schema
    .createTable('arrangement_evaluation')
    .addColumn('arrangement_id', 'uuid', (c) => c.notNull().references('arrangement.id').onDelete('cascade'))
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('results', 'text', (c) => c.notNull())
    .addColumn('narrative', 'text', (c) => c.notNull())
    .addColumn('judgement', 'text', (c) => c.notNull().check(sql`judgement in ('continue','adjust','stop')`))
    .addColumn('evaluated_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('arrangement_evaluation_pk', ['arrangement_id', 'year'])
    .execute();

  await db.schema
    .createTable('arrangement_renewal')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('arrangement_id', 'uuid', (c) => c.notNull().references('arrangement.id').onDelete('cascade'))
    .addColumn('decision', 'text', (c) => c.notNull().check(sql`decision in ('renew','adjust','end')`))
    .addColumn('years', 'integer', (c) => c.check(sql`years between 1 and 4`))
    .addColumn('reason', 'text', (c) => c.notNull())
    // The evaluations it took as input.
    .addColumn('evaluation_years', sql`integer[]`, (c) => c.notNull())
    .addColumn('decided_at', 'timestamptz', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('challengeable_task')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('municipality_code', 'text', (c) => c.notNull().references('place.code'))
    .addColumn('wijk_code', 'text', (c) => c.notNull().references('place.code'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    // How the task is done now: provider, cost per year, indicators and contract end.
    .addColumn('arrangement_id', 'uuid', (c) => c.notNull().references('arrangement.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await sql`create index challengeable_task_wijk on challengeable_task (wijk_code)`.execute(db);

  await db.schema
    .createTable('challenge')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('task_id', 'uuid', (c) => c.notNull().references('challengeable_task.id'))
    // Submitted through the initiatives desk: the initiative holds the residents' details.
    .addColumn('initiative_id', 'uuid', (c) => c.notNull().references('initiative.id'))
    .addColumn('initiative_reference', 'text', (c) => c.notNull())
    // The proposal as an arrangement (status proposed), shown beside the current provider.
    .addColumn('arrangement_id', 'uuid', (c) => c.notNull().unique().references('arrangement.id'))
    .addColumn('status', 'text', (c) =>
      c
        .notNull()
        .defaultTo('submitted')
        .check(sql`status in ('submitted','granted','refused')`),
    )
    .addColumn('decision_reason', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('objection_route', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('objection_deadline', 'date')
    .addColumn('decided_at', 'timestamptz')
    .addColumn('submitted_at', 'timestamptz', (c) => c.notNull())
    .execute();

  // The cache topic of what the front door and place pages read of arrangements (whether there
  // are any; a place's list with its funding): bumped once per transaction that changes either.
  await sql`insert into revision (topic) values ('arrangements') on conflict do nothing`.execute(db);
  for (const table of ['arrangement', 'arrangement_funding'])
    await sql
      .raw(
        `create constraint trigger ${table}_bumps_revision after insert or update or delete on ${table}
         deferrable initially deferred for each row execute function bump_revision('arrangements')`,
      )
      .execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await sql`delete from revision where topic = 'arrangements'`.execute(db);
  for (const table of [
    'challenge',
    'challengeable_task',
    'arrangement_renewal',
    'arrangement_evaluation',
    'arrangement_deliverable',
    'arrangement_tranche',
    'arrangement_funding',
    'arrangement_measurement',
    'arrangement_target',
    'arrangement_indicator',
    'arrangement_goal',
    'arrangement',
  ])
    await db.schema.dropTable(table).execute();
  await sql`drop sequence arrangement_reference_seq`.execute(db);
}
