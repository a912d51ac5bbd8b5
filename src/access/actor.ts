import type { RoleGrant } from './role.js';

/** Who is asking: known on every request as `request.actor`. */
export type Actor = AnonymousActor | ResidentActor | StaffActor;

/** Someone not signed in: most residents, the public, other systems without a key. */
export interface AnonymousActor {
  kind: 'anonymous';
}

/**
 * A resident who proved who they are without a staff account (a household code, a magic link).
 * The modules that offer that sign-in set it; staff permissions never apply to it.
 */
export interface ResidentActor {
  kind: 'resident';
  /** What proves them, e.g. `household:…`; also the audit label. */
  reference: string;
}

/** A signed-in member of staff, with every role they hold. */
export interface StaffActor {
  kind: 'staff';
  accountId: string;
  email: string;
  displayName: string;
  grants: readonly RoleGrant[];
  /** Whether their account has a confirmed TOTP second factor. */
  totpEnabled: boolean;
}

export const ANONYMOUS: AnonymousActor = Object.freeze({ kind: 'anonymous' });

/** A short label for logs and the audit trail: the name and e-mail address of staff. */
export function actorLabel(actor: Actor): string {
  switch (actor.kind) {
    case 'staff':
      return `${actor.displayName} <${actor.email}>`;
    case 'resident':
      return `resident ${actor.reference}`;
    case 'anonymous':
      return 'anonymous';
  }
}

/** Whether the actor holds a role, at any place. */
export function holdsRole(actor: Actor, role: RoleGrant['role']): boolean {
  return actor.kind === 'staff' && actor.grants.some((g) => g.role === role);
}

/** The reference prefix of residents who signed in with an e-mailed link. */
const EMAIL_REFERENCE = 'email:';

/** The actor of a resident who proved their e-mail address (lower-cased) with a one-time link. */
export function residentActorFor(email: string): ResidentActor {
  return { kind: 'resident', reference: `${EMAIL_REFERENCE}${email}` };
}

/**
 * The e-mail address a signed-in resident proved, for modules that recognise them again (their
 * initiatives, what they follow). Undefined for anyone else, and for residents who proved
 * something other than an address (a household code).
 */
export function residentEmail(actor: Actor): string | undefined {
  if (actor.kind !== 'resident' || !actor.reference.startsWith(EMAIL_REFERENCE)) return undefined;
  return actor.reference.slice(EMAIL_REFERENCE.length);
}
