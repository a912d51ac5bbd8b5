import { sql, type Kysely } from 'kysely';

// Migrations are frozen in time: Kysely<any> and no app imports, so later code changes never
// change what an old migration did.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  // Mail written in the same transaction as the change it tells about, delivered afterwards by a
  // job: a request never fails, nor waits, because the mail server is slow or down. One
  // recipient per row, so a person's mail can be found and erased by address.
  await db.schema
    .createTable('mail_outbox')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('recipient', 'text', (c) => c.notNull().check(sql`recipient like '%_@_%'`))
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('body_text', 'text', (c) => c.notNull())
    .addColumn('body_html', 'text')
    .addColumn('attachments', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('headers', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('status', 'text', (c) =>
      c
        .notNull()
        .defaultTo('pending')
        .check(sql`status in ('pending', 'sent', 'failed')`),
    )
    .addColumn('attempts', 'integer', (c) =>
      c
        .notNull()
        .defaultTo(0)
        .check(sql`attempts >= 0`),
    )
    .addColumn('next_attempt_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    // A delivering process claims a row until this time; if it dies, the claim lapses.
    .addColumn('claimed_until', 'timestamptz')
    .addColumn('last_error', 'text')
    .addColumn('message_id', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    // When it was sent or given up on: the start of its retention term.
    .addColumn('settled_at', 'timestamptz')
    .addCheckConstraint('mail_outbox_settled_iff_done', sql`(status = 'pending') = (settled_at is null)`)
    .execute();
  await db.schema
    .createIndex('mail_outbox_due_idx')
    .on('mail_outbox')
    .columns(['next_attempt_at', 'id'])
    .where(sql.ref('status'), '=', 'pending')
    .execute();
  await db.schema
    .createIndex('mail_outbox_recipient_idx')
    .on('mail_outbox')
    .expression(sql`lower(recipient)`)
    .execute();
  await db.schema
    .createIndex('mail_outbox_settled_idx')
    .on('mail_outbox')
    .column('settled_at')
    .where(sql.ref('settled_at'), 'is not', null)
    .execute();

  // What was erased, when and under which register entry: counts only, never the values, and
  // never the e-mail address asked about (keeping it would undo the erasure). One row per entry
  // per run (a daily retention run or one person's erasure request), counted up batch by batch.
  await db.schema
    .createTable('privacy_erasure')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('run_id', 'uuid', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull().check(sql`reason in ('retention', 'request')`))
    .addColumn('entry_id', 'text', (c) => c.notNull())
    .addColumn('table_name', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull().check(sql`action in ('delete', 'anonymise')`))
    .addColumn('row_count', 'integer', (c) => c.notNull().check(sql`row_count >= 0`))
    // The administrator's account id for a request; no foreign key, the record outlives accounts.
    .addColumn('requested_by', 'text')
    .addColumn('erased_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('privacy_erasure_run_entry_key', ['run_id', 'entry_id'])
    .addCheckConstraint(
      'privacy_erasure_request_has_requester',
      sql`(reason = 'request') = (requested_by is not null)`,
    )
    .execute();
  await db.schema
    .createIndex('privacy_erasure_erased_idx')
    .on('privacy_erasure')
    .column('erased_at')
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('privacy_erasure').execute();
  await db.schema.dropTable('mail_outbox').execute();
}
