import { levelOfCode, municipalityCodeOf, parentCodeOf, type PlaceLevel } from '../shared/place-codes.js';

/**
 * The staff roles. A role is always held for a place (a gemeente or wijken); one person can
 * hold several roles, each for its own places.
 */
export type Role = 'administrator' | 'district_manager' | 'coach' | 'partner';

export const ROLES = [
  'administrator',
  'district_manager',
  'coach',
  'partner',
] as const satisfies readonly Role[];

/** The levels at which each role can be given: administrators run a gemeente, partners work in wijken. */
export const ROLE_SCOPE_LEVELS: Record<Role, readonly PlaceLevel[]> = {
  administrator: ['gemeente'],
  district_manager: ['wijk'],
  coach: ['gemeente', 'wijk'],
  partner: ['wijk'],
};

/** One role for one place. A partner's grant also names the organisation they work for. */
export interface RoleGrant {
  role: Role;
  placeCode: string;
  /** Set for partners only: the housing corporation, police or social-work provider. */
  organisation: string | null;
}

export function isRole(value: unknown): value is Role {
  return ROLES.some((role) => role === value);
}

/**
 * Whether a grant on `scopeCode` covers `placeCode`. Scope is hierarchical by CBS code: a
 * gemeente covers its wijken and buurten, a wijk its buurten, a buurt only itself.
 */
export function scopeCovers(scopeCode: string, placeCode: string): boolean {
  if (scopeCode === placeCode) return true;
  const scopeLevel = levelOfCode(scopeCode);
  if (scopeLevel === 'gemeente')
    return levelOfCode(placeCode) !== undefined && municipalityCodeOf(placeCode) === scopeCode;
  if (scopeLevel === 'wijk')
    return levelOfCode(placeCode) === 'buurt' && parentCodeOf(placeCode) === scopeCode;
  return false;
}

/** Why a grant cannot be given, or undefined when it is fine. */
export type GrantProblem = 'placeCode' | 'scopeLevel' | 'organisation';

/** Checks one grant's shape: a valid place code at a level the role allows, and an organisation for partners. */
export function checkGrant(grant: RoleGrant): GrantProblem | undefined {
  const level = levelOfCode(grant.placeCode);
  if (!level) return 'placeCode';
  if (!ROLE_SCOPE_LEVELS[grant.role].includes(level)) return 'scopeLevel';
  const hasOrganisation = grant.organisation !== null && grant.organisation.trim() !== '';
  if ((grant.role === 'partner') !== hasOrganisation) return 'organisation';
  return undefined;
}

/** A stable key for comparing grants: role, place and organisation. */
export function grantKey(grant: RoleGrant): string {
  return `${grant.role}|${grant.placeCode}|${grant.organisation ?? ''}`;
}

/** Orders grants for display: by role in ROLES order, then by place code. */
export function sortGrants(grants: readonly RoleGrant[]): RoleGrant[] {
  return [...grants].sort(
    (a, b) => ROLES.indexOf(a.role) - ROLES.indexOf(b.role) || a.placeCode.localeCompare(b.placeCode),
  );
}
