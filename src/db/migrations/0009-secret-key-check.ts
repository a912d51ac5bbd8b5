import { sql, type Kysely } from 'kysely';

// One row: a fingerprint (HMAC-SHA256) of the SECRET_KEY the database was set up with, so that
// a process or command with another key refuses to start instead of making codes, sealed TOTP
// secrets and signed values that the other processes cannot read. The key itself never enters
// the database.

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('secret_key_check')
    .addColumn('id', 'boolean', (c) =>
      c
        .primaryKey()
        .defaultTo(true)
        .check(sql`id`),
    )
    .addColumn('fingerprint', 'text', (c) => c.notNull())
    .addColumn('recorded_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('secret_key_check').execute();
}
