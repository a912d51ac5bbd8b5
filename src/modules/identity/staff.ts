import { grantKey, scopeCovers, type RoleGrant, type SessionInfo } from '../../access/index.js';

export type { SessionInfo, SessionStage } from '../../access/index.js';

/** `invited`: has a set-up link, no password yet. `disabled`: cannot sign in; kept for the record. */
export type AccountStatus = 'invited' | 'active' | 'disabled';

/** A staff account as the rest of the module sees it: never its password hash or TOTP secret. */
export interface StaffAccount {
  id: string;
  email: string;
  displayName: string;
  status: AccountStatus;
  grants: RoleGrant[];
  hasPassword: boolean;
  totpEnabled: boolean;
  createdAt: Date;
  lastSignInAt: Date | null;
}

/** A staff session as stored (never its token: only the token's hash is kept). */
export interface StaffSessionRecord extends SessionInfo {
  ip?: string | null;
  userAgent?: string | null;
}

/** E-mail addresses are compared case-insensitively: stored trimmed and lower-cased. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** Whether a grant lies within the places a manager holds `identity.staff.manage` for. */
export function withinScope(scopes: readonly string[], grant: RoleGrant): boolean {
  return scopes.some((scope) => scopeCovers(scope, grant.placeCode));
}

/** An administrator sees and manages accounts holding at least one role within their gemeente(n). */
export function canManageAccount(scopes: readonly string[], account: Pick<StaffAccount, 'grants'>): boolean {
  return account.grants.some((g) => withinScope(scopes, g));
}

export type GrantChangeProblem = 'outsideScope' | 'noRoles' | 'ownAdministrator';

/**
 * What changes when a manager sets the roles of an account to `wanted`. Only grants within
 * the manager's scope change; roles the person holds elsewhere (another gemeente) stay. The
 * person keeps at least one role, and managers cannot take away their own administrator role
 * (another administrator can), so no gemeente locks itself out by accident.
 */
export function planGrantChange(input: {
  current: readonly RoleGrant[];
  wanted: readonly RoleGrant[];
  scopes: readonly string[];
  isSelf: boolean;
}): { add: RoleGrant[]; remove: RoleGrant[] } | { problem: GrantChangeProblem } {
  const { current, wanted, scopes } = input;
  if (wanted.some((g) => !withinScope(scopes, g))) return { problem: 'outsideScope' };
  const wantedKeys = new Set(wanted.map(grantKey));
  const currentKeys = new Set(current.map(grantKey));
  const remove = current.filter((g) => withinScope(scopes, g) && !wantedKeys.has(grantKey(g)));
  const add = wanted.filter((g) => !currentKeys.has(grantKey(g)));
  if (current.length - remove.length + add.length === 0) return { problem: 'noRoles' };
  if (input.isSelf && remove.some((g) => g.role === 'administrator')) return { problem: 'ownAdministrator' };
  return { add, remove };
}

/** Disabling needs every role of the person within the manager's scope, and never oneself. */
export function canDisableAccount(
  scopes: readonly string[],
  account: Pick<StaffAccount, 'grants' | 'id'>,
  managerId: string,
): boolean {
  return (
    account.id !== managerId &&
    account.grants.length > 0 &&
    account.grants.every((g) => withinScope(scopes, g))
  );
}
