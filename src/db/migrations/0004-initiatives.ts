import { sql, type Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  // Uploaded files, already cleaned (images re-encoded without metadata). In the database so
  // that every app process behind a load balancer sees them without a shared disk.
  await db.schema
    .createTable('upload')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('mime', 'text', (c) => c.notNull())
    .addColumn('bytes', 'bytea', (c) => c.notNull())
    .addColumn('width', 'integer')
    .addColumn('height', 'integer')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('initiative')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    // A short number people can say on the phone: INI-2026-0042.
    .addColumn('reference', 'text', (c) => c.notNull().unique())
    .addColumn('title', 'text', (c) => c.notNull().check(sql`length(title) between 3 and 120`))
    .addColumn('summary', 'text', (c) => c.notNull().check(sql`length(summary) between 10 and 5000`))
    .addColumn('for_whom', 'text', (c) => c.notNull().check(sql`length(for_whom) <= 1000`))
    .addColumn('themes', sql`text[]`, (c) => c.notNull())
    .addColumn('help_wanted', sql`text[]`, (c) => c.notNull())
    .addColumn('buurt_code', 'text', (c) => c.notNull().references('place.code'))
    .addColumn('wijk_code', 'text', (c) => c.notNull().references('place.code'))
    .addColumn('municipality_code', 'text', (c) => c.notNull().references('place.code'))
    .addColumn('location_description', 'text', (c) =>
      c.notNull().check(sql`length(location_description) <= 500`),
    )
    .addColumn('lat', 'double precision')
    .addColumn('lon', 'double precision')
    .addColumn('stage', 'text', (c) =>
      c
        .notNull()
        .check(
          sql`stage in ('submitted','intake','in_preparation','open_for_support','funded','not_funded','in_execution','completed','evaluated','withdrawn','declined')`,
        ),
    )
    .addColumn('channel', 'text', (c) =>
      c.notNull().check(sql`channel in ('online','service_desk','phone','paper')`),
    )
    // Personal data of the initiator: never in public pages, the API or open data. E-mail or
    // phone is required by the form, not by a constraint: the privacy register erases both.
    .addColumn('initiator_name', 'text', (c) => c.notNull())
    .addColumn('initiator_email', 'text')
    .addColumn('initiator_phone', 'text')
    .addColumn('tracking_token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('coach_account_id', 'uuid', (c) => c.references('staff_account.id').onDelete('set null'))
    .addColumn('submitted_by_account_id', 'uuid', (c) =>
      c.references('staff_account.id').onDelete('set null'),
    )
    .addColumn('intake_due_on', 'date', (c) => c.notNull())
    // Set when it first reaches a public stage: a later withdrawal or decline stays public.
    .addColumn('published_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('initiative_point', sql`(lat is null) = (lon is null)`)
    .addCheckConstraint('initiative_has_theme', sql`cardinality(themes) > 0`)
    .execute();
  await db.schema
    .createIndex('initiative_place_stage_idx')
    .on('initiative')
    .columns(['municipality_code', 'stage'])
    .execute();
  await db.schema.createIndex('initiative_wijk_idx').on('initiative').column('wijk_code').execute();
  await db.schema.createIndex('initiative_buurt_idx').on('initiative').column('buurt_code').execute();
  await db.schema.createIndex('initiative_coach_idx').on('initiative').column('coach_account_id').execute();

  await db.schema
    .createTable('initiative_reference_counter')
    .addColumn('year', 'integer', (c) => c.primaryKey())
    .addColumn('last', 'integer', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('initiative_budget_line')
    .addColumn('initiative_id', 'uuid', (c) => c.notNull().references('initiative.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().check(sql`length(description) between 1 and 200`))
    .addColumn('amount_cents', 'bigint', (c) => c.notNull().check(sql`amount_cents between 0 and 1000000000`))
    .addPrimaryKeyConstraint('initiative_budget_line_pk', ['initiative_id', 'position'])
    .execute();

  await db.schema
    .createTable('initiative_photo')
    .addColumn('initiative_id', 'uuid', (c) => c.notNull().references('initiative.id').onDelete('cascade'))
    .addColumn('upload_id', 'uuid', (c) => c.notNull().references('upload.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('alt', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('initiative_photo_pk', ['initiative_id', 'position'])
    .execute();

  // The timeline: every stage move, public (without personal data) unless marked otherwise.
  await db.schema
    .createTable('initiative_event')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('initiative_id', 'uuid', (c) => c.notNull().references('initiative.id').onDelete('cascade'))
    .addColumn('at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('from_stage', 'text')
    .addColumn('to_stage', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('mover', 'text', (c) => c.notNull().check(sql`mover in ('initiator','coach','system')`))
    .addColumn('actor_account_id', 'uuid', (c) => c.references('staff_account.id').onDelete('set null'))
    .execute();
  await db.schema
    .createIndex('initiative_event_initiative_idx')
    .on('initiative_event')
    .columns(['initiative_id', 'at'])
    .execute();

  // The thread between initiator and staff. Staff-only notes never reach the initiator.
  await db.schema
    .createTable('initiative_message')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('initiative_id', 'uuid', (c) => c.notNull().references('initiative.id').onDelete('cascade'))
    .addColumn('at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('author', 'text', (c) => c.notNull().check(sql`author in ('initiator','staff')`))
    .addColumn('author_account_id', 'uuid', (c) => c.references('staff_account.id').onDelete('set null'))
    .addColumn('author_label', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull().check(sql`length(body) between 1 and 5000`))
    .addColumn('staff_only', 'boolean', (c) => c.notNull().defaultTo(false))
    .addCheckConstraint('initiative_message_note', sql`not staff_only or author = 'staff'`)
    .execute();
  await db.schema
    .createIndex('initiative_message_initiative_idx')
    .on('initiative_message')
    .columns(['initiative_id', 'at'])
    .execute();

  // Other staff asked into a thread (a permit officer, the district manager).
  await db.schema
    .createTable('initiative_participant')
    .addColumn('initiative_id', 'uuid', (c) => c.notNull().references('initiative.id').onDelete('cascade'))
    .addColumn('account_id', 'uuid', (c) => c.notNull().references('staff_account.id').onDelete('cascade'))
    .addColumn('added_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('initiative_participant_pk', ['initiative_id', 'account_id'])
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'initiative_participant',
    'initiative_message',
    'initiative_event',
    'initiative_photo',
    'initiative_budget_line',
    'initiative_reference_counter',
    'initiative',
    'upload',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
