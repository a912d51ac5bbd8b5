// What identity's use cases work with: the context, and the helpers its services share (who acts
// when an account acts for itself, the audit record of an account).

import type { ModuleLog } from '../manifest.js';
import type { Db } from '../../db/database.js';
import type { Clock } from '../../shared/clock.js';
import type { FieldIssue } from '../../shared/errors.js';
import { municipalityCodeOf, type PlaceDetail } from '../places/index.js';
import {
  sortGrants,
  type Acting,
  type CommandRecord,
  type CommandRunner,
  type RoleGrant,
  type StaffActor,
} from '../../access/index.js';
import { identityPermissions } from './identity.permissions.js';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, type PasswordProblem } from './password.js';
import type { SecretBox } from './secret-box.js';
import type { SessionOrigin, SessionService } from './session.service.js';
import type { StaffAccount } from './staff.js';

/** A member of staff acting on their own account, or managing others'. */
export type StaffActing = Acting & { readonly actor: StaffActor };

/** The places this module needs: whether a code exists, and a gemeente with its wijken. */
export interface PlacesPort {
  getPlaceDetail(code: string): Promise<PlaceDetail>;
}

/** Everything identity's use cases need, passed explicitly (built once by `IdentityModule`). */
export interface IdentityContext {
  db: Db;
  clock: Clock;
  sessions: SessionService;
  /** Seals TOTP secrets at rest. */
  secretBox: SecretBox;
  places: PlacesPort;
  /** PUBLIC_URL, for set-up links. */
  publicUrl: string;
  log: ModuleLog;
  /** The shared command step: permission, change and audit entry in one transaction. */
  commands: CommandRunner;
}

export const manageRule = identityPermissions['identity.staff.manage'];
export const selfRule = identityPermissions['identity.account.self'];
export const totpRule = identityPermissions['identity.totp.enrol'];

export function passwordIssue(field: string, problem: PasswordProblem): FieldIssue {
  return {
    field,
    message: `identity.password.${problem}`,
    params: { min: PASSWORD_MIN_LENGTH, max: PASSWORD_MAX_LENGTH },
  };
}

/**
 * The account itself as the one acting, when it signs in or sets itself up: the audit entry
 * names the person (`Name <address>`), who is not signed in yet.
 */
export function actingAs(
  account: Pick<StaffAccount, 'id' | 'email' | 'displayName' | 'grants' | 'totpEnabled'>,
  origin: SessionOrigin,
): Acting {
  const actor: StaffActor = {
    kind: 'staff',
    accountId: account.id,
    email: account.email,
    displayName: account.displayName,
    grants: account.grants,
    totpEnabled: account.totpEnabled,
  };
  return { actor, channel: 'web', ip: origin.ip };
}

/** The audit record of a change to one account, readable in the gemeenten of its roles. */
export function accountRecord(
  account: { id: string; grants: readonly RoleGrant[] },
  details?: Record<string, unknown>,
): CommandRecord {
  return {
    subject: { type: 'staff_account', id: account.id },
    municipalityCodes: municipalitiesOf(account.grants),
    ...(details ? { details } : {}),
  };
}

export function municipalitiesOf(grants: readonly RoleGrant[]): string[] {
  return [...new Set(grants.map((g) => municipalityCodeOf(g.placeCode)))].sort();
}

export function grantSummary(grants: readonly RoleGrant[]): string[] {
  return sortGrants(grants).map(
    (g) => `${g.role}@${g.placeCode}${g.organisation ? ` (${g.organisation})` : ''}`,
  );
}
