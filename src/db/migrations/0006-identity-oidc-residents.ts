import { sql, type Kysely } from 'kysely';

// Migrations are frozen in time: Kysely<any> and no app imports, so later code changes never
// change what an old migration did.

/**
 * Sign-in through an OpenID Connect provider (the subject linked to a staff account on first
 * use), and residents' magic-link sign-in: one-time links by e-mail and the sessions they start.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  // One provider subject belongs to one account, and an account has one subject per provider:
  // a different subject presenting the same e-mail address later is refused, not re-linked.
  await db.schema
    .createTable('staff_oidc_identity')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('account_id', 'uuid', (c) => c.notNull().references('staff_account.id').onDelete('cascade'))
    .addColumn('issuer', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('linked_at', 'timestamptz', (c) => c.notNull())
    .addColumn('last_used_at', 'timestamptz', (c) => c.notNull())
    .addUniqueConstraint('staff_oidc_identity_subject_key', ['issuer', 'subject'])
    .addUniqueConstraint('staff_oidc_identity_account_key', ['account_id', 'issuer'])
    .execute();

  // A resident's one-time sign-in link: only the SHA-256 of its 32 random bytes is kept.
  await db.schema
    .createTable('resident_sign_in_token')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('email', 'text', (c) => c.notNull().check(sql`email = lower(email) and email like '%_@_%'`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .addColumn('used_at', 'timestamptz')
    .execute();
  await db.schema
    .createIndex('resident_sign_in_token_email_idx')
    .on('resident_sign_in_token')
    .column('email')
    .execute();
  await db.schema
    .createIndex('resident_sign_in_token_created_idx')
    .on('resident_sign_in_token')
    .column('created_at')
    .execute();

  // A resident's session: the same cookie and rules as staff sessions, without an account.
  await db.schema
    .createTable('resident_session')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('email', 'text', (c) => c.notNull().check(sql`email = lower(email) and email like '%_@_%'`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('last_seen_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('resident_session_email_idx').on('resident_session').column('email').execute();
  await db.schema
    .createIndex('resident_session_last_seen_idx')
    .on('resident_session')
    .column('last_seen_at')
    .execute();
  await db.schema
    .createIndex('staff_session_last_seen_idx')
    .on('staff_session')
    .column('last_seen_at')
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('staff_session_last_seen_idx').execute();
  await db.schema.dropTable('resident_session').execute();
  await db.schema.dropTable('resident_sign_in_token').execute();
  await db.schema.dropTable('staff_oidc_identity').execute();
}
