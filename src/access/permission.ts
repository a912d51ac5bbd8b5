import type { Actor } from './actor.js';
import { scopeCovers, type Role } from './role.js';

/**
 * Authorisation as data. Each module declares its permissions as one table:
 *
 * ```ts
 * export const reportsPermissions = {
 *   'reports.handle': { roles: ['coach', 'partner'], description: 'Handle reports routed to you' },
 * } satisfies PermissionTable;
 * ```
 *
 * A permission is held by staff with one of the roles, at the places their grant covers (a
 * grant on a gemeente covers its wijken and buurten; on a wijk, its buurten).
 */
export interface PermissionRule {
  /** The roles that hold this permission, each within the places of its grant. */
  roles: readonly Role[];
  /** What it allows, in one line, for ARCHITECTURE.md and the admin pages. */
  description: string;
}

export type PermissionTable = Readonly<Record<string, PermissionRule>>;

/** What an action is about, as far as permission goes: the place it happens in. */
export interface PermissionSubject {
  /** The CBS code (gemeente, wijk or buurt) the action concerns. */
  placeCode?: string | undefined;
}

/**
 * The decision itself, pure. Without a place, staff with the role anywhere may (the page opens,
 * and the service narrows what it shows to their places); with a place, a grant must cover it.
 * Anonymous visitors and residents never hold staff permissions.
 */
export function allows(rule: PermissionRule, actor: Actor, subject: PermissionSubject = {}): boolean {
  if (actor.kind !== 'staff') return false;
  const { placeCode } = subject;
  return actor.grants.some(
    (grant) =>
      rule.roles.includes(grant.role) && (placeCode === undefined || scopeCovers(grant.placeCode, placeCode)),
  );
}

/** The place codes at which the actor holds the permission: the scope a service filters by. */
export function scopesOf(rule: PermissionRule, actor: Actor): string[] {
  if (actor.kind !== 'staff') return [];
  return [...new Set(actor.grants.filter((g) => rule.roles.includes(g.role)).map((g) => g.placeCode))];
}

/** Every module's permissions together; a name declared twice is a mistake found at start-up. */
export class Permissions {
  private readonly rules = new Map<string, PermissionRule>();

  constructor(tables: readonly PermissionTable[]) {
    for (const table of tables) {
      for (const [name, rule] of Object.entries(table)) {
        if (this.rules.has(name)) throw new Error(`Permission ${name} is declared twice`);
        this.rules.set(name, rule);
      }
    }
  }

  has(name: string): boolean {
    return this.rules.has(name);
  }

  /** The rule of a permission; throws for a name no module declares (a typo is a bug, not a "no"). */
  rule(name: string): PermissionRule {
    const rule = this.rules.get(name);
    if (!rule) throw new Error(`Unknown permission ${name}`);
    return rule;
  }

  /** `can(actor, permission, subject?)`: whether this actor may do this, here. Pure. */
  can(actor: Actor, permission: string, subject?: PermissionSubject): boolean {
    return allows(this.rule(permission), actor, subject);
  }

  /** Every permission, sorted by name: for documentation and tests. */
  list(): [string, PermissionRule][] {
    return [...this.rules.entries()].sort(([a], [b]) => a.localeCompare(b));
  }
}
