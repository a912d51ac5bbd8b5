import { sql, type Kysely } from 'kysely';

// Migrations are frozen in time: Kysely<any> and no app imports, so later code changes never
// change what an old migration did.

const PLACE_CODE = sql`'^(GM[0-9]{4}|WK[0-9]{4}[0-9A-Z]{2}|BU[0-9]{4}[0-9A-Z]{4})$'`;

/**
 * Staff accounts with roles scoped to places, sessions, one-time set-up links, the audit log
 * and the shared rate-limit counters.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('staff_account')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    // Stored lower-cased so the unique constraint is the case-insensitive one people expect.
    .addColumn('email', 'text', (c) =>
      c
        .notNull()
        .unique()
        .check(sql`email = lower(email) and email like '%_@_%'`),
    )
    .addColumn('display_name', 'text', (c) => c.notNull())
    // Null until the person has chosen a password through their set-up link.
    .addColumn('password_hash', 'text')
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('invited', 'active', 'disabled')`))
    // The TOTP secret, sealed with a key derived from SECRET_KEY; enabled once confirmed by a code.
    .addColumn('totp_secret', 'text')
    .addColumn('totp_enabled_at', 'timestamptz')
    // The last 30-second step whose code was accepted: a code is never accepted twice.
    .addColumn('totp_last_step', 'bigint')
    .addColumn('password_changed_at', 'timestamptz')
    .addColumn('last_sign_in_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint(
      'staff_account_totp_enabled_has_secret',
      sql`totp_enabled_at is null or totp_secret is not null`,
    )
    .execute();

  await db.schema
    .createTable('staff_role')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('account_id', 'uuid', (c) => c.notNull().references('staff_account.id').onDelete('cascade'))
    .addColumn('role', 'text', (c) =>
      c.notNull().check(sql`role in ('administrator', 'district_manager', 'coach', 'partner')`),
    )
    .addColumn('place_code', 'text', (c) => c.notNull().check(sql`place_code ~ ${PLACE_CODE}`))
    // Derived, so "every role in this gemeente" is one indexed lookup.
    .addColumn('municipality_code', 'text', (c) =>
      c
        .generatedAlwaysAs(sql`'GM' || substr(place_code, 3, 4)`)
        .stored()
        .notNull(),
    )
    // The partner's organisation (a housing corporation, the police, a social-work provider).
    .addColumn('organisation', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint(
      'staff_role_partner_has_organisation',
      sql`(role = 'partner') = (organisation is not null)`,
    )
    .addCheckConstraint(
      'staff_role_scope_level',
      sql`case role
        when 'administrator' then place_code like 'GM%'
        when 'district_manager' then place_code like 'WK%'
        when 'coach' then place_code like 'GM%' or place_code like 'WK%'
        when 'partner' then place_code like 'WK%'
      end`,
    )
    .addUniqueConstraint('staff_role_unique', ['account_id', 'role', 'place_code'])
    .execute();
  await db.schema
    .createIndex('staff_role_municipality_idx')
    .on('staff_role')
    .columns(['municipality_code', 'account_id'])
    .execute();

  await db.schema
    .createTable('staff_session')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    // SHA-256 of the cookie's 32 random bytes: a copy of this table signs no one in.
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('account_id', 'uuid', (c) => c.notNull().references('staff_account.id').onDelete('cascade'))
    // `second_factor`: the password was right, the TOTP code is still to come.
    .addColumn('stage', 'text', (c) => c.notNull().check(sql`stage in ('signed_in', 'second_factor')`))
    .addColumn('csrf_token', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('last_seen_at', 'timestamptz', (c) => c.notNull())
    .addColumn('ip', 'text')
    .addColumn('user_agent', 'text')
    .execute();
  await db.schema.createIndex('staff_session_account_idx').on('staff_session').column('account_id').execute();

  await db.schema
    .createTable('staff_token')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('account_id', 'uuid', (c) => c.notNull().references('staff_account.id').onDelete('cascade'))
    .addColumn('purpose', 'text', (c) => c.notNull().check(sql`purpose in ('setup')`))
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .addColumn('used_at', 'timestamptz')
    .execute();
  await db.schema.createIndex('staff_token_account_idx').on('staff_token').column('account_id').execute();

  // The audit log. No foreign key to staff_account: the record outlives the account.
  await db.schema
    .createTable('audit_log')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('occurred_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('actor_account_id', 'uuid')
    .addColumn('actor_label', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('subject_type', 'text')
    .addColumn('subject_id', 'text')
    .addColumn('channel', 'text', (c) =>
      c.notNull().check(sql`channel in ('web', 'api', 'cli', 'service-desk', 'system')`),
    )
    .addColumn('ip', 'text')
    .addColumn('details', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    // The gemeenten the entry concerns: an administrator reads only their own gemeente's log.
    .addColumn('municipality_codes', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'::text[]`))
    .execute();
  await db.schema
    .createIndex('audit_log_occurred_idx')
    .on('audit_log')
    .columns(['occurred_at', 'id'])
    .execute();
  await db.schema
    .createIndex('audit_log_actor_idx')
    .on('audit_log')
    .columns(['actor_account_id', 'id'])
    .execute();
  await db.schema.createIndex('audit_log_action_idx').on('audit_log').columns(['action', 'id']).execute();
  await db.schema
    .createIndex('audit_log_subject_idx')
    .on('audit_log')
    .columns(['subject_type', 'subject_id', 'id'])
    .execute();
  await db.schema
    .createIndex('audit_log_municipalities_idx')
    .on('audit_log')
    .using('gin')
    .column('municipality_codes')
    .execute();

  // Append-only: UPDATE, DELETE and TRUNCATE are refused, except inside a transaction that has
  // set `buurtkracht.retention` to 'on' with SET LOCAL (or set_config(..., true)): the
  // retention job's narrow path for removing or pseudonymising entries past their term.
  await sql`
    create function audit_log_guard() returns trigger language plpgsql as $$
    begin
      if coalesce(current_setting('buurtkracht.retention', true), '') = 'on' then
        if tg_op = 'DELETE' then return old; end if;
        if tg_op = 'UPDATE' then return new; end if;
        return null;
      end if;
      raise exception 'audit_log is append-only: % refused', tg_op using errcode = 'insufficient_privilege';
    end
    $$`.execute(db);
  await sql`create trigger audit_log_append_only before update or delete on audit_log
    for each row execute function audit_log_guard()`.execute(db);
  await sql`create trigger audit_log_no_truncate before truncate on audit_log
    for each statement execute function audit_log_guard()`.execute(db);

  // Rate-limit counters shared by every app process: one row per key and fixed window.
  // Unlogged: a crash may lose them, which only forgives a few attempts, and writes stay cheap.
  await sql`
    create unlogged table rate_limit_counter (
      key text not null,
      window_start timestamptz not null,
      hits integer not null,
      expires_at timestamptz not null,
      primary key (key, window_start)
    )`.execute(db);
  await db.schema
    .createIndex('rate_limit_counter_expires_idx')
    .on('rate_limit_counter')
    .column('expires_at')
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('rate_limit_counter').execute();
  await db.schema.dropTable('audit_log').execute();
  await sql`drop function audit_log_guard()`.execute(db);
  await db.schema.dropTable('staff_token').execute();
  await db.schema.dropTable('staff_session').execute();
  await db.schema.dropTable('staff_role').execute();
  await db.schema.dropTable('staff_account').execute();
}
