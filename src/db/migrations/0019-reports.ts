import { sql, type Kysely } from 'kysely';

// Reports in public space (meldingen openbare ruimte). Shaped for Open311 GeoReport v2 as well
// as for the pages: a stable public id (`service_request_id`), the category code as the
// `service_code`, requested/updated moments, lat/lon, an address text, the status, the public
// status messages as a history (`status_notes` is the latest), the deadline as a moment
// (`expected_datetime`) and the gemeente (`jurisdiction_id`).
// Categories, deadlines, teams and routing rules are per gemeente; deadlines are versioned
// (a report keeps the version in force when its category was set).

const CHANNELS = `('web','phone','desk','paper','api')`;
const STATUSES = `('new','accepted','in_progress','forwarded','closed','reopened')`;
const REASONS = `('fixed','maintenance_level','not_ours','duplicate','cannot')`;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create sequence report_number_seq`.execute(db);

  // A team of the gemeente or a partner organisation (its name as in partners' role grants).
  await db.schema
    .createTable('report_team')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('municipality_code', 'text', (c) => c.notNull().references('place.code'))
    .addColumn('code', 'text', (c) => c.notNull().check(sql`code ~ '^[a-z0-9-]{2,40}$'`))
    .addColumn('name', 'text', (c) => c.notNull().check(sql`length(name) between 2 and 120`))
    .addColumn('organisation', 'text')
    .addColumn('is_default', 'boolean', (c) => c.notNull().defaultTo(false))
    .addUniqueConstraint('report_team_code_key', ['municipality_code', 'code'])
    .execute();
  await sql`create unique index report_team_one_default on report_team (municipality_code) where is_default`.execute(
    db,
  );

  await db.schema
    .createTable('report_category')
    .addColumn('municipality_code', 'text', (c) => c.notNull().references('place.code'))
    .addColumn('code', 'text', (c) => c.notNull().check(sql`code ~ '^[a-z][a-z0-9-]{1,39}$'`))
    // Null for a main category; a subcategory names its main one.
    .addColumn('parent_code', 'text')
    .addColumn('name_nl', 'text', (c) => c.notNull())
    .addColumn('name_en', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('active', 'boolean', (c) => c.notNull().defaultTo(true))
    .addPrimaryKeyConstraint('report_category_pk', ['municipality_code', 'code'])
    .addForeignKeyConstraint(
      'report_category_parent',
      ['municipality_code', 'parent_code'],
      'report_category',
      ['municipality_code', 'code'],
    )
    .execute();

  // Versioned: a change adds a row; a report points at the row in force when its category was set.
  await db.schema
    .createTable('report_category_deadline')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('municipality_code', 'text', (c) => c.notNull())
    .addColumn('category_code', 'text', (c) => c.notNull())
    .addColumn('working_days', 'integer', (c) => c.notNull().check(sql`working_days between 1 and 250`))
    .addColumn('valid_from', 'timestamptz', (c) => c.notNull())
    .addForeignKeyConstraint(
      'report_category_deadline_category',
      ['municipality_code', 'category_code'],
      'report_category',
      ['municipality_code', 'code'],
    )
    .execute();
  await sql`create index report_category_deadline_current on report_category_deadline
    (municipality_code, category_code, valid_from desc)`.execute(db);

  await db.schema
    .createTable('report_routing_rule')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('municipality_code', 'text', (c) => c.notNull().references('place.code'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('category_code', 'text')
    .addColumn('place_code', 'text', (c) => c.references('place.code'))
    .addColumn('team_id', 'uuid', (c) => c.notNull().references('report_team.id'))
    .addUniqueConstraint('report_routing_rule_position_key', ['municipality_code', 'position'])
    .execute();

  await db.schema
    .createTable('report')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('public_id', 'text', (c) => c.notNull().unique())
    .addColumn('municipality_code', 'text', (c) => c.notNull().references('place.code'))
    .addColumn('wijk_code', 'text', (c) => c.notNull().references('place.code'))
    .addColumn('buurt_code', 'text', (c) => c.notNull().references('place.code'))
    .addColumn('category_code', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().check(sql`length(description) between 5 and 4000`))
    .addColumn('lat', 'double precision')
    .addColumn('lon', 'double precision')
    .addColumn('address_text', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('channel', 'text', (c) => c.notNull().check(sql.raw(`channel in ${CHANNELS}`)))
    .addColumn('status', 'text', (c) => c.notNull().check(sql.raw(`status in ${STATUSES}`)))
    .addColumn('team_id', 'uuid', (c) => c.notNull().references('report_team.id'))
    .addColumn('requested_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .addColumn('deadline_id', 'bigint', (c) => c.notNull().references('report_category_deadline.id'))
    .addColumn('due_on', 'date', (c) => c.notNull())
    .addColumn('expected_at', 'timestamptz', (c) => c.notNull())
    .addColumn('closed_at', 'timestamptz')
    .addColumn('close_reason', 'text', (c) => c.check(sql.raw(`close_reason in ${REASONS}`)))
    .addColumn('close_detail', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('duplicate_of', 'uuid', (c) => c.references('report.id').onDelete('set null'))
    .addColumn('tracking_token_hash', 'text', (c) => c.notNull().unique())
    // Personal data: erased a configurable time after closing (see the register).
    .addColumn('reporter_email', 'text')
    .addColumn('contact_erased_at', 'timestamptz')
    .addColumn('entered_by_account_id', 'uuid')
    // "Was it solved?" after a closing as fixed: the link's hash, when it was sent, the answer.
    .addColumn('confirm_token_hash', 'text', (c) => c.unique())
    .addColumn('confirm_sent_at', 'timestamptz')
    .addColumn('confirmation', 'text', (c) => c.check(sql`confirmation in ('solved','not_solved')`))
    .addColumn('confirmation_reason', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('confirmed_at', 'timestamptz')
    .addForeignKeyConstraint(
      'report_category_fk',
      ['municipality_code', 'category_code'],
      'report_category',
      ['municipality_code', 'code'],
    )
    .addCheckConstraint('report_point', sql`(lat is null) = (lon is null)`)
    .addCheckConstraint('report_where', sql`lat is not null or length(address_text) >= 3`)
    .addCheckConstraint(
      'report_closed',
      sql`(status = 'closed') = (close_reason is not null and closed_at is not null)`,
    )
    .execute();
  // The duplicate check (same category, open, recent, near) and the map's box.
  await sql`create index report_open_category_point on report (municipality_code, category_code, lat, lon)
    where status <> 'closed'`.execute(db);
  await sql`create index report_point on report (lat, lon)`.execute(db);
  await sql`create index report_buurt_status on report (buurt_code, status, requested_at desc)`.execute(db);
  await sql`create index report_wijk_status on report (wijk_code, status, requested_at desc)`.execute(db);
  await sql`create index report_gemeente_status on report (municipality_code, status, requested_at desc)`.execute(
    db,
  );
  await sql`create index report_team_status on report (team_id, status)`.execute(db);
  await sql`create index report_updated on report (municipality_code, updated_at)`.execute(db);
  await sql`create index report_closed_at on report (closed_at) where closed_at is not null`.execute(db);

  // Everything that happened to a report. `public_message` is what the reporter, supporters
  // and the public read (the status notes); `internal_note` stays with staff.
  await db.schema
    .createTable('report_update')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('report_id', 'uuid', (c) => c.notNull().references('report.id').onDelete('cascade'))
    .addColumn('at', 'timestamptz', (c) => c.notNull())
    .addColumn('kind', 'text', (c) =>
      c
        .notNull()
        .check(
          sql`kind in ('submitted','status','forwarded','closed','merged','reopened','confirmed','disputed')`,
        ),
    )
    .addColumn('status', 'text', (c) => c.notNull().check(sql.raw(`status in ${STATUSES}`)))
    .addColumn('team_id', 'uuid', (c) => c.references('report_team.id'))
    .addColumn('public_message', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('internal_note', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('actor_account_id', 'uuid')
    .execute();
  await sql`create index report_update_report on report_update (report_id, at)`.execute(db);

  // "Me too": residents who said a report was theirs too; with an address they get its updates.
  await db.schema
    .createTable('report_supporter')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('report_id', 'uuid', (c) => c.notNull().references('report.id').onDelete('cascade'))
    .addColumn('email', 'text')
    .addColumn('channel', 'text', (c) => c.notNull().check(sql.raw(`channel in ${CHANNELS}`)))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    // The report's closing, copied here so the register's retention erases the address from it.
    .addColumn('report_closed_at', 'timestamptz')
    .addColumn('contact_erased_at', 'timestamptz')
    .execute();
  await sql`create index report_supporter_report on report_supporter (report_id)`.execute(db);

  // Public pages read through the process's cache (src/db/revisions.ts, bump_revision of 0013).
  await sql`insert into revision (topic) values ('reports') on conflict do nothing`.execute(db);
  for (const table of ['report', 'report_update', 'report_supporter', 'report_category', 'report_team']) {
    await sql
      .raw(
        `create constraint trigger ${table}_bumps_revision after insert or update or delete on ${table}
         deferrable initially deferred for each row execute function bump_revision('reports')`,
      )
      .execute(db);
  }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await sql`delete from revision where topic = 'reports'`.execute(db);
  for (const table of [
    'report_supporter',
    'report_update',
    'report',
    'report_routing_rule',
    'report_category_deadline',
    'report_category',
    'report_team',
  ])
    await db.schema.dropTable(table).execute();
  await sql`drop sequence report_number_seq`.execute(db);
}
