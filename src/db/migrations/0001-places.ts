import { sql, type Kysely } from 'kysely';

// Migrations are frozen in time: Kysely<any> and no app imports, so later code changes never
// change what an old migration did.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('place')
    .addColumn('code', 'text', (c) =>
      c.primaryKey().check(sql`code ~ '^(GM[0-9]{4}|WK[0-9]{4}[0-9A-Z]{2}|BU[0-9]{4}[0-9A-Z]{4})$'`),
    )
    .addColumn('level', 'text', (c) => c.notNull().check(sql`level in ('gemeente', 'wijk', 'buurt')`))
    .addColumn('name', 'text')
    .addColumn('parent_code', 'text', (c) => c.references('place.code'))
    .addColumn('municipality_code', 'text', (c) => c.notNull().references('place.code'))
    .addColumn('households', 'integer', (c) => c.check(sql`households >= 0`))
    .addColumn('inhabitants', 'integer', (c) => c.check(sql`inhabitants >= 0`))
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('boundary', 'jsonb')
    .addColumn('min_lon', 'double precision')
    .addColumn('min_lat', 'double precision')
    .addColumn('max_lon', 'double precision')
    .addColumn('max_lat', 'double precision')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('place_parent_matches_level', sql`(level = 'gemeente') = (parent_code is null)`)
    .addCheckConstraint('place_boundary_has_bbox', sql`(boundary is null) = (min_lon is null)`)
    .execute();
  await db.schema.createIndex('place_parent_code_idx').on('place').column('parent_code').execute();
  await db.schema
    .createIndex('place_municipality_level_idx')
    .on('place')
    .columns(['municipality_code', 'level'])
    .execute();
  await db.schema
    .createIndex('place_name_lower_idx')
    .on('place')
    .expression(sql`lower(name)`)
    .execute();

  // One row whose number goes up with every import, so that each app process can tell
  // cheaply whether its in-memory spatial index is out of date.
  await db.schema
    .createTable('place_revision')
    .addColumn('id', 'integer', (c) => c.primaryKey().check(sql`id = 1`))
    .addColumn('revision', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.insertInto('place_revision').values({ id: 1, revision: 0 }).execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('place_revision').execute();
  await db.schema.dropTable('place').execute();
}
