import { describe, expect, it } from 'vitest';
import { auditPermissions } from '../audit/index.js';
import {
  type Actor,
  type StaffActor,
  Permissions,
  scopesOf,
  type PermissionTable,
  scopeCovers,
  type RoleGrant,
} from '../../access/index.js';
import { identityPermissions } from './identity.permissions.js';

function staff(...grants: RoleGrant[]): StaffActor {
  return {
    kind: 'staff',
    accountId: 'x',
    email: 'x@example.nl',
    displayName: 'X',
    grants,
    totpEnabled: false,
  };
}
const g = (role: RoleGrant['role'], placeCode: string): RoleGrant => ({
  role,
  placeCode,
  organisation: role === 'partner' ? 'Woonstichting' : null,
});

/** Shaped like the tables later modules declare, to prove scoping for every role. */
const exampleTable = {
  'example.district.decide': { roles: ['district_manager'], description: 'Decide on the district budget' },
  'example.initiative.intake': { roles: ['coach', 'administrator'], description: 'Take initiatives in' },
  'example.report.handle': { roles: ['partner', 'coach'], description: 'Handle routed reports' },
} as const satisfies PermissionTable;

const permissions = new Permissions([identityPermissions, auditPermissions, exampleTable]);

const admin637 = staff(g('administrator', 'GM0637'));
const manager00 = staff(g('district_manager', 'WK063700'));
const coach637 = staff(g('coach', 'GM0637'));
const coach05 = staff(g('coach', 'WK063705'));
const partner = staff(g('partner', 'WK063700'), g('partner', 'WK063703'));
const anonymous: Actor = { kind: 'anonymous' };
const resident: Actor = { kind: 'resident', reference: 'household:1' };

describe('scope is hierarchical by CBS code', () => {
  it.each([
    ['GM0637', 'GM0637', true],
    ['GM0637', 'WK063705', true],
    ['GM0637', 'BU06370501', true],
    ['GM0637', 'GM0796', false],
    ['GM0637', 'WK079601', false],
    ['WK063700', 'WK063700', true],
    ['WK063700', 'BU06370001', true],
    ['WK063700', 'BU06370101', false],
    ['WK063700', 'WK063701', false],
    ['WK063700', 'GM0637', false],
    ['BU06370001', 'BU06370001', true],
    ['BU06370001', 'BU06370002', false],
    ['GM0637', 'not-a-code', false],
  ])('a grant on %s covers %s: %s', (scope, place, expected) => {
    expect(scopeCovers(scope, place)).toBe(expected);
  });
});

describe('can(actor, permission, place): role × action × place', () => {
  const cases: [string, Actor, string, string | undefined, boolean][] = [
    // administrators manage staff and read the log in their own gemeente only
    ['admin GM0637', admin637, 'identity.staff.manage', 'GM0637', true],
    ['admin GM0637', admin637, 'identity.staff.manage', 'WK063705', true],
    ['admin GM0637', admin637, 'identity.staff.manage', 'GM0796', false],
    ['admin GM0637', admin637, 'identity.staff.manage', 'WK079601', false],
    ['admin GM0637', admin637, 'audit.read', 'GM0637', true],
    ['admin GM0637', admin637, 'audit.read', 'GM0796', false],
    ['admin GM0637', admin637, 'identity.totp.enrol', undefined, true],
    ['admin GM0637', admin637, 'example.district.decide', 'WK063700', false],
    ['admin GM0637', admin637, 'example.initiative.intake', 'BU06370501', true],
    // a district manager acts in their wijk and its buurten, not the next wijk
    ['manager WK063700', manager00, 'example.district.decide', 'WK063700', true],
    ['manager WK063700', manager00, 'example.district.decide', 'BU06370001', true],
    ['manager WK063700', manager00, 'example.district.decide', 'WK063701', false],
    ['manager WK063700', manager00, 'example.district.decide', 'GM0637', false],
    ['manager WK063700', manager00, 'identity.staff.manage', 'WK063700', false],
    ['manager WK063700', manager00, 'audit.read', undefined, false],
    ['manager WK063700', manager00, 'identity.totp.enrol', undefined, false],
    // coaches: on the gemeente everywhere in it, on a wijk only there
    ['coach GM0637', coach637, 'example.initiative.intake', 'WK063701', true],
    ['coach GM0637', coach637, 'example.initiative.intake', 'GM0796', false],
    ['coach WK063705', coach05, 'example.initiative.intake', 'BU06370501', true],
    ['coach WK063705', coach05, 'example.initiative.intake', 'WK063700', false],
    ['coach WK063705', coach05, 'identity.staff.manage', undefined, false],
    // partners work in their wijken
    ['partner WK063700+03', partner, 'example.report.handle', 'WK063703', true],
    ['partner WK063700+03', partner, 'example.report.handle', 'BU06370001', true],
    ['partner WK063700+03', partner, 'example.report.handle', 'WK063705', false],
    ['partner WK063700+03', partner, 'example.initiative.intake', 'WK063700', false],
    // every staff role may use its own account; nobody else holds any staff permission
    ['partner WK063700+03', partner, 'identity.account.self', undefined, true],
    ['coach WK063705', coach05, 'identity.account.self', undefined, true],
    ['anonymous', anonymous, 'identity.account.self', undefined, false],
    ['anonymous', anonymous, 'example.report.handle', 'WK063700', false],
    ['resident', resident, 'example.initiative.intake', 'BU06370501', false],
  ];
  it.each(cases)('%s: %s at %s → %s', (_label, actor, permission, placeCode, expected) => {
    expect(permissions.can(actor, permission, { placeCode })).toBe(expected);
  });

  it('holds a permission through any one of several roles', () => {
    const both = staff(g('district_manager', 'WK063700'), g('coach', 'WK063705'));
    expect(permissions.can(both, 'example.district.decide', { placeCode: 'WK063700' })).toBe(true);
    expect(permissions.can(both, 'example.initiative.intake', { placeCode: 'WK063705' })).toBe(true);
    expect(permissions.can(both, 'example.district.decide', { placeCode: 'WK063705' })).toBe(false);
  });

  it('gives the scopes a service filters by', () => {
    expect(scopesOf(exampleTable['example.report.handle'], partner)).toEqual(['WK063700', 'WK063703']);
    expect(scopesOf(exampleTable['example.report.handle'], anonymous)).toEqual([]);
  });

  it('refuses an undeclared permission loudly, and a name declared twice', () => {
    expect(() => permissions.can(admin637, 'identity.staf.manage')).toThrow(/Unknown permission/);
    expect(() => new Permissions([identityPermissions, identityPermissions])).toThrow(/declared twice/);
  });
});
