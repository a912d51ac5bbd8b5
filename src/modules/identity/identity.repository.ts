import { sql, type ColumnType, type ExpressionBuilder, type Generated, type Selectable } from 'kysely';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import type { NoTables, Queryable } from '../../db/database.js';
import type { Role, RoleGrant } from '../../access/index.js';
import type { AccountStatus, SessionStage, StaffAccount, StaffSessionRecord } from './staff.js';

interface StaffAccountTable {
  id: Generated<string>;
  email: string;
  display_name: string;
  password_hash: string | null;
  status: AccountStatus;
  totp_secret: string | null;
  totp_enabled_at: Date | null;
  totp_last_step: number | null;
  password_changed_at: Date | null;
  last_sign_in_at: Date | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

interface StaffRoleTable {
  id: Generated<number>;
  account_id: string;
  role: Role;
  place_code: string;
  municipality_code: ColumnType<string, never, never>;
  organisation: string | null;
  created_at: Generated<Date>;
}

interface StaffSessionTable {
  id: Generated<number>;
  token_hash: string;
  account_id: string;
  stage: SessionStage;
  csrf_token: string;
  created_at: Date;
  last_seen_at: Date;
  ip: string | null;
  user_agent: string | null;
}

interface StaffTokenTable {
  id: Generated<number>;
  account_id: string;
  purpose: 'setup';
  token_hash: string;
  created_at: Date;
  expires_at: Date;
  used_at: Date | null;
}

// A type alias, not an interface: Kysely's withTables needs the implicit index signature.
type IdentityTables = {
  staff_account: StaffAccountTable;
  staff_role: StaffRoleTable;
  staff_session: StaffSessionTable;
  staff_token: StaffTokenTable;
};

const q = (db: Queryable) => db.withTables<IdentityTables>();

type AccountRow = Selectable<StaffAccountTable>;
type GrantRow = { role: Role; place_code: string; organisation: string | null };

function toGrant(row: GrantRow): RoleGrant {
  return { role: row.role, placeCode: row.place_code, organisation: row.organisation };
}

function toAccount(row: AccountRow, grants: readonly GrantRow[]): StaffAccount {
  return {
    id: row.id,
    email: row.email,
    displayName: row.display_name,
    status: row.status,
    grants: grants.map(toGrant),
    hasPassword: row.password_hash !== null,
    totpEnabled: row.totp_enabled_at !== null,
    createdAt: row.created_at,
    lastSignInAt: row.last_sign_in_at,
  };
}

/** An account with what sign-in needs beyond the domain type: the hash and TOTP state. */
export interface AccountCredentials {
  account: StaffAccount;
  passwordHash: string | null;
  totpSecret: string | null;
  totpLastStep: number | null;
}

type IdentityDb = NoTables & IdentityTables;

/** Every grant of the account in the surrounding query, as one JSON array column. */
const grantsOf = (eb: ExpressionBuilder<IdentityDb, 'staff_account'>) =>
  jsonArrayFrom(
    eb
      .selectFrom('staff_role')
      .select(['staff_role.role', 'staff_role.place_code', 'staff_role.organisation'])
      .whereRef('staff_role.account_id', '=', 'staff_account.id')
      .orderBy('staff_role.id'),
  );

async function findAccountWhere(
  db: Queryable,
  column: 'id' | 'email',
  value: string,
): Promise<AccountCredentials | undefined> {
  const row = await q(db)
    .selectFrom('staff_account')
    .selectAll('staff_account')
    .select((eb) => grantsOf(eb).as('grants'))
    .where(column, '=', value)
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    account: toAccount(row, row.grants),
    passwordHash: row.password_hash,
    totpSecret: row.totp_secret,
    totpLastStep: row.totp_last_step === null ? null : Number(row.totp_last_step),
  };
}

export function findAccountByEmail(db: Queryable, email: string): Promise<AccountCredentials | undefined> {
  return findAccountWhere(db, 'email', email);
}

export function findAccountById(db: Queryable, id: string): Promise<AccountCredentials | undefined> {
  return findAccountWhere(db, 'id', id);
}

/** Accounts holding at least one role in the given gemeenten, with all their roles; by name. */
export async function findAccountsInMunicipalities(
  db: Queryable,
  municipalityCodes: readonly string[],
): Promise<StaffAccount[]> {
  if (municipalityCodes.length === 0) return [];
  const rows = await q(db)
    .selectFrom('staff_account')
    .selectAll('staff_account')
    .select((eb) => grantsOf(eb).as('grants'))
    .where('id', 'in', (eb) =>
      eb.selectFrom('staff_role').select('account_id').where('municipality_code', 'in', municipalityCodes),
    )
    .orderBy(sql`lower(display_name)`)
    .orderBy('email')
    .execute();
  return rows.map((row) => toAccount(row, row.grants));
}

export async function countAccounts(db: Queryable): Promise<number> {
  const row = await q(db)
    .selectFrom('staff_account')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function insertAccount(
  db: Queryable,
  input: { email: string; displayName: string; status: AccountStatus; passwordHash: string | null; at: Date },
): Promise<string> {
  const row = await q(db)
    .insertInto('staff_account')
    .values({
      email: input.email,
      display_name: input.displayName,
      status: input.status,
      password_hash: input.passwordHash,
      password_changed_at: input.passwordHash ? input.at : null,
      created_at: input.at,
      updated_at: input.at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function insertGrants(
  db: Queryable,
  accountId: string,
  grants: readonly RoleGrant[],
): Promise<void> {
  if (grants.length === 0) return;
  await q(db)
    .insertInto('staff_role')
    .values(
      grants.map((g) => ({
        account_id: accountId,
        role: g.role,
        place_code: g.placeCode,
        organisation: g.organisation,
      })),
    )
    .execute();
}

export async function deleteGrants(
  db: Queryable,
  accountId: string,
  grants: readonly RoleGrant[],
): Promise<void> {
  for (const g of grants) {
    await q(db)
      .deleteFrom('staff_role')
      .where('account_id', '=', accountId)
      .where('role', '=', g.role)
      .where('place_code', '=', g.placeCode)
      .execute();
  }
}

export async function updateAccountStatus(
  db: Queryable,
  id: string,
  status: AccountStatus,
  at: Date,
): Promise<void> {
  await q(db).updateTable('staff_account').set({ status, updated_at: at }).where('id', '=', id).execute();
}

/** Sets a new password hash (and, when set up, the status) and stamps when. */
export async function updatePassword(
  db: Queryable,
  id: string,
  input: { passwordHash: string; status?: AccountStatus; displayName?: string; at: Date },
): Promise<void> {
  await q(db)
    .updateTable('staff_account')
    .set({
      password_hash: input.passwordHash,
      password_changed_at: input.at,
      updated_at: input.at,
      ...(input.status ? { status: input.status } : {}),
      ...(input.displayName ? { display_name: input.displayName } : {}),
    })
    .where('id', '=', id)
    .execute();
}

export async function updateLastSignIn(db: Queryable, id: string, at: Date): Promise<void> {
  await q(db).updateTable('staff_account').set({ last_sign_in_at: at }).where('id', '=', id).execute();
}

/** Stores a (sealed) TOTP secret; `enabledAt` null while it waits for its first code. */
export async function updateTotp(
  db: Queryable,
  id: string,
  input: { sealedSecret: string | null; enabledAt: Date | null; lastStep: number | null; at: Date },
): Promise<void> {
  await q(db)
    .updateTable('staff_account')
    .set({
      totp_secret: input.sealedSecret,
      totp_enabled_at: input.enabledAt,
      totp_last_step: input.lastStep,
      updated_at: input.at,
    })
    .where('id', '=', id)
    .execute();
}

/**
 * Records that a TOTP step was used, only when it is later than the last one: true when this
 * request won. Two requests with the same code at the same moment cannot both succeed.
 */
export async function claimTotpStep(db: Queryable, id: string, step: number): Promise<boolean> {
  const result = await q(db)
    .updateTable('staff_account')
    .set({ totp_last_step: step })
    .where('id', '=', id)
    .where((eb) => eb.or([eb('totp_last_step', 'is', null), eb('totp_last_step', '<', step)]))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

// ---- sessions

/** The session and its account with every grant, in one indexed query: run on every request. */
export async function findSessionByTokenHash(
  db: Queryable,
  tokenHash: string,
): Promise<{ session: StaffSessionRecord; account: StaffAccount } | undefined> {
  const row = await q(db)
    .selectFrom('staff_session')
    .innerJoin('staff_account', 'staff_account.id', 'staff_session.account_id')
    .selectAll('staff_account')
    .select([
      'staff_session.id as session_id',
      'staff_session.stage',
      'staff_session.csrf_token',
      'staff_session.created_at as session_created_at',
      'staff_session.last_seen_at',
    ])
    .select((eb) => grantsOf(eb).as('grants'))
    .where('staff_session.token_hash', '=', tokenHash)
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    session: {
      id: Number(row.session_id),
      accountId: row.id,
      stage: row.stage,
      csrfToken: row.csrf_token,
      createdAt: row.session_created_at,
      lastSeenAt: row.last_seen_at,
    },
    account: toAccount(row, row.grants),
  };
}

export async function insertSession(
  db: Queryable,
  input: {
    tokenHash: string;
    accountId: string;
    stage: SessionStage;
    csrfToken: string;
    at: Date;
    ip: string | null;
    userAgent: string | null;
  },
): Promise<number> {
  const row = await q(db)
    .insertInto('staff_session')
    .values({
      token_hash: input.tokenHash,
      account_id: input.accountId,
      stage: input.stage,
      csrf_token: input.csrfToken,
      created_at: input.at,
      last_seen_at: input.at,
      ip: input.ip,
      user_agent: input.userAgent,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(row.id);
}

export async function updateSessionLastSeen(db: Queryable, id: number, at: Date): Promise<void> {
  await q(db).updateTable('staff_session').set({ last_seen_at: at }).where('id', '=', id).execute();
}

export async function deleteSession(db: Queryable, id: number): Promise<void> {
  await q(db).deleteFrom('staff_session').where('id', '=', id).execute();
}

/** Ends an account's sessions, all of them or all but one. Returns how many ended. */
export async function deleteSessionsOfAccount(
  db: Queryable,
  accountId: string,
  options: { exceptId?: number } = {},
): Promise<number> {
  const result = await q(db)
    .deleteFrom('staff_session')
    .where('account_id', '=', accountId)
    .$if(options.exceptId !== undefined, (qb) => qb.where('id', '<>', options.exceptId ?? 0))
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Removes an account's sessions that have timed out (idle or absolute), so the table stays small. */
export async function deleteExpiredSessionsOfAccount(
  db: Queryable,
  accountId: string,
  limits: { idleBefore: Date; createdBefore: Date },
): Promise<void> {
  await q(db)
    .deleteFrom('staff_session')
    .where('account_id', '=', accountId)
    .where((eb) =>
      eb.or([eb('last_seen_at', '<', limits.idleBefore), eb('created_at', '<', limits.createdBefore)]),
    )
    .execute();
}

export async function findSessionsOfAccount(db: Queryable, accountId: string): Promise<StaffSessionRecord[]> {
  const rows = await q(db)
    .selectFrom('staff_session')
    .select(['id', 'account_id', 'stage', 'csrf_token', 'created_at', 'last_seen_at', 'ip', 'user_agent'])
    .where('account_id', '=', accountId)
    .where('stage', '=', 'signed_in')
    .orderBy('last_seen_at', 'desc')
    .execute();
  return rows.map((r) => ({
    id: Number(r.id),
    accountId: r.account_id,
    stage: r.stage,
    csrfToken: r.csrf_token,
    createdAt: r.created_at,
    lastSeenAt: r.last_seen_at,
    ip: r.ip,
    userAgent: r.user_agent,
  }));
}

// ---- set-up links

export async function insertToken(
  db: Queryable,
  input: { accountId: string; tokenHash: string; at: Date; expiresAt: Date },
): Promise<void> {
  await q(db)
    .insertInto('staff_token')
    .values({
      account_id: input.accountId,
      purpose: 'setup',
      token_hash: input.tokenHash,
      created_at: input.at,
      expires_at: input.expiresAt,
    })
    .execute();
}

export async function findTokenByHash(
  db: Queryable,
  tokenHash: string,
): Promise<{ id: number; accountId: string; expiresAt: Date; usedAt: Date | null } | undefined> {
  const row = await q(db)
    .selectFrom('staff_token')
    .select(['id', 'account_id', 'expires_at', 'used_at'])
    .where('token_hash', '=', tokenHash)
    .executeTakeFirst();
  return row
    ? { id: Number(row.id), accountId: row.account_id, expiresAt: row.expires_at, usedAt: row.used_at }
    : undefined;
}

/** Marks a link used, only if it was not yet: true when this request used it. */
export async function claimToken(db: Queryable, id: number, at: Date): Promise<boolean> {
  const result = await q(db)
    .updateTable('staff_token')
    .set({ used_at: at })
    .where('id', '=', id)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Makes every open link of an account unusable (a new one replaces them). */
export async function expireTokensOfAccount(db: Queryable, accountId: string, at: Date): Promise<void> {
  await q(db)
    .updateTable('staff_token')
    .set({ used_at: at })
    .where('account_id', '=', accountId)
    .where('used_at', 'is', null)
    .execute();
}

// ---- OpenID Connect subjects

interface StaffOidcIdentityTable {
  id: Generated<number>;
  account_id: string;
  issuer: string;
  subject: string;
  linked_at: Date;
  last_used_at: Date;
}

interface ResidentSignInTokenTable {
  id: Generated<number>;
  token_hash: string;
  email: string;
  created_at: Date;
  expires_at: Date;
  used_at: Date | null;
}

interface ResidentSessionTable {
  id: Generated<number>;
  token_hash: string;
  email: string;
  created_at: Date;
  last_seen_at: Date;
}

// A type alias, not an interface: Kysely's withTables needs the implicit index signature.
type SignInTables = {
  staff_oidc_identity: StaffOidcIdentityTable;
  resident_sign_in_token: ResidentSignInTokenTable;
  resident_session: ResidentSessionTable;
};

const s = (db: Queryable) => db.withTables<SignInTables>();

/** The provider subject linked to an account for this issuer, if any. */
export async function findOidcSubjectOfAccount(
  db: Queryable,
  accountId: string,
  issuer: string,
): Promise<string | undefined> {
  const row = await s(db)
    .selectFrom('staff_oidc_identity')
    .select('subject')
    .where('account_id', '=', accountId)
    .where('issuer', '=', issuer)
    .executeTakeFirst();
  return row?.subject;
}

/**
 * Links a subject to an account on its first use. False when another account already holds
 * this subject, or the account already holds another one (both unique), so the caller refuses.
 */
export async function linkOidcSubject(
  db: Queryable,
  input: { accountId: string; issuer: string; subject: string; at: Date },
): Promise<boolean> {
  const result = await s(db)
    .insertInto('staff_oidc_identity')
    .values({
      account_id: input.accountId,
      issuer: input.issuer,
      subject: input.subject,
      linked_at: input.at,
      last_used_at: input.at,
    })
    .onConflict((oc) => oc.doNothing())
    .returning('id')
    .executeTakeFirst();
  return result !== undefined;
}

export async function touchOidcSubject(
  db: Queryable,
  input: { accountId: string; issuer: string; at: Date },
): Promise<void> {
  await s(db)
    .updateTable('staff_oidc_identity')
    .set({ last_used_at: input.at })
    .where('account_id', '=', input.accountId)
    .where('issuer', '=', input.issuer)
    .execute();
}

// ---- residents' sign-in links and sessions

export async function insertResidentToken(
  db: Queryable,
  input: { tokenHash: string; email: string; at: Date; expiresAt: Date },
): Promise<void> {
  await s(db)
    .insertInto('resident_sign_in_token')
    .values({
      token_hash: input.tokenHash,
      email: input.email,
      created_at: input.at,
      expires_at: input.expiresAt,
    })
    .execute();
}

/**
 * Uses up a resident's link in one statement: only an unused, unexpired link, only once (two
 * clicks at the same moment cannot both win). Returns the address it was sent to.
 */
export async function claimResidentToken(
  db: Queryable,
  tokenHash: string,
  at: Date,
): Promise<string | undefined> {
  const row = await s(db)
    .updateTable('resident_sign_in_token')
    .set({ used_at: at })
    .where('token_hash', '=', tokenHash)
    .where('used_at', 'is', null)
    .where('expires_at', '>', at)
    .returning('email')
    .executeTakeFirst();
  return row?.email;
}

export async function insertResidentSession(
  db: Queryable,
  input: { tokenHash: string; email: string; at: Date },
): Promise<void> {
  await s(db)
    .insertInto('resident_session')
    .values({ token_hash: input.tokenHash, email: input.email, created_at: input.at, last_seen_at: input.at })
    .execute();
}

export async function findResidentSessionByTokenHash(
  db: Queryable,
  tokenHash: string,
): Promise<{ id: number; email: string; createdAt: Date; lastSeenAt: Date } | undefined> {
  const row = await s(db)
    .selectFrom('resident_session')
    .select(['id', 'email', 'created_at', 'last_seen_at'])
    .where('token_hash', '=', tokenHash)
    .executeTakeFirst();
  return row
    ? { id: Number(row.id), email: row.email, createdAt: row.created_at, lastSeenAt: row.last_seen_at }
    : undefined;
}

export async function updateResidentSessionLastSeen(db: Queryable, id: number, at: Date): Promise<void> {
  await s(db).updateTable('resident_session').set({ last_seen_at: at }).where('id', '=', id).execute();
}

export async function deleteResidentSession(db: Queryable, id: number): Promise<void> {
  await s(db).deleteFrom('resident_session').where('id', '=', id).execute();
}

/** The address of an unused, unexpired resident link, without using it up. */
export async function findUsableResidentToken(
  db: Queryable,
  tokenHash: string,
  at: Date,
): Promise<string | undefined> {
  const row = await s(db)
    .selectFrom('resident_sign_in_token')
    .select('email')
    .where('token_hash', '=', tokenHash)
    .where('used_at', 'is', null)
    .where('expires_at', '>', at)
    .executeTakeFirst();
  return row?.email;
}

// ---- the staff directory other modules use (through index.ts, never these tables) ----

/** A staff member as other modules see them: id, name and address, nothing of their sign-in. */
export interface StaffPerson {
  id: string;
  name: string;
  email: string;
}

/** Staff by id (any status: a former coach's name stays readable); unknown ids are left out. */
export async function findStaffPeople(db: Queryable, ids: readonly string[]): Promise<StaffPerson[]> {
  if (ids.length === 0) return [];
  return q(db)
    .selectFrom('staff_account')
    .select(['id', 'display_name as name', 'email'])
    .where('id', 'in', [...new Set(ids)])
    .execute();
}

/**
 * Active staff in a gemeente holding one of `roles` on the gemeente itself or on one of its
 * wijken, one row per grant, by name.
 */
export async function findStaffHoldingRoles(
  db: Queryable,
  municipalityCode: string,
  roles: readonly string[],
): Promise<(StaffPerson & { placeCode: string; role: string })[]> {
  if (roles.length === 0) return [];
  return q(db)
    .selectFrom('staff_role as r')
    .innerJoin('staff_account as a', 'a.id', 'r.account_id')
    .select(['a.id', 'a.display_name as name', 'a.email', 'r.place_code as placeCode', 'r.role'])
    .where('r.municipality_code', '=', municipalityCode)
    .where('r.role', 'in', [...roles] as Role[])
    .where('a.status', '=', 'active')
    .orderBy('a.display_name')
    .orderBy('r.place_code')
    .execute();
}
