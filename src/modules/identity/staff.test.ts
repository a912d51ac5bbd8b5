import { describe, expect, it } from 'vitest';
import type { RoleGrant } from '../../access/index.js';
import { canDisableAccount, canManageAccount, planGrantChange } from './staff.js';

const g = (role: RoleGrant['role'], placeCode: string): RoleGrant => ({
  role,
  placeCode,
  organisation: role === 'partner' ? 'Politie' : null,
});
const scopes = ['GM0637'];

describe('what an administrator may change about a person', () => {
  it('changes only the roles within their gemeente; roles elsewhere stay', () => {
    const plan = planGrantChange({
      current: [g('coach', 'WK063705'), g('coach', 'WK079601')],
      wanted: [g('coach', 'GM0637')],
      scopes,
      isSelf: false,
    });
    expect(plan).toEqual({ add: [g('coach', 'GM0637')], remove: [g('coach', 'WK063705')] });
  });

  it('refuses roles outside their gemeente', () => {
    expect(planGrantChange({ current: [], wanted: [g('coach', 'WK079601')], scopes, isSelf: false })).toEqual(
      {
        problem: 'outsideScope',
      },
    );
  });

  it('leaves every person at least one role', () => {
    expect(planGrantChange({ current: [g('coach', 'WK063705')], wanted: [], scopes, isSelf: false })).toEqual(
      {
        problem: 'noRoles',
      },
    );
  });

  it('does not let administrators remove their own administrator role', () => {
    expect(
      planGrantChange({
        current: [g('administrator', 'GM0637'), g('coach', 'GM0637')],
        wanted: [g('coach', 'GM0637')],
        scopes,
        isSelf: true,
      }),
    ).toEqual({ problem: 'ownAdministrator' });
  });

  it('sees people with any role in the gemeente, disables only those wholly within it, never themselves', () => {
    const mixed = { id: 'p', grants: [g('partner', 'WK063700'), g('partner', 'WK079601')] };
    const local = { id: 'q', grants: [g('partner', 'WK063700')] };
    expect(canManageAccount(scopes, mixed)).toBe(true);
    expect(canManageAccount(scopes, { grants: [g('coach', 'GM0796')] })).toBe(false);
    expect(canDisableAccount(scopes, mixed, 'me')).toBe(false);
    expect(canDisableAccount(scopes, local, 'me')).toBe(true);
    expect(canDisableAccount(scopes, local, 'q')).toBe(false);
  });
});
