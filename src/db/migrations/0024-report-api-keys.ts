import { sql, type Kysely } from 'kysely';

// API keys for Open311 GeoReport v2 (`POST requests`): one gemeente each, named by the
// administrator who made it. Only the SHA-256 of the key is stored (the key has 256 random
// bits, so a plain hash is enough); a revoked key stays for the record. `last_used_at` is set
// at most once a minute per key.

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('report_api_key')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('municipality_code', 'text', (c) => c.notNull().references('place.code'))
    .addColumn('name', 'text', (c) => c.notNull().check(sql`length(name) between 2 and 120`))
    .addColumn('key_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('created_by_account_id', 'uuid')
    .addColumn('last_used_at', 'timestamptz')
    .addColumn('revoked_at', 'timestamptz')
    .execute();
  await sql`create index report_api_key_gemeente on report_api_key (municipality_code, created_at desc)`.execute(
    db,
  );
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('report_api_key').execute();
}
