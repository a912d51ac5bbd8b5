import type { PermissionTable } from '../../access/index.js';

/**
 * Who may do what with the district budget (wijkbudget), each within the places of their grant.
 * The mandate (how much one may decide alone) is not a role but a limit per person, set by an
 * administrator; above it a second person approves (`district-budget.approve`, or the
 * gemeente's backup pool, whose members need `district-budget.backup` for the wijk).
 */
export const districtBudgetPermissions = {
  'district-budget.view': {
    roles: ['district_manager', 'administrator', 'coach'],
    description: 'See the district budget’s decisions, approvals and figures for staff, in your places',
  },
  'district-budget.decide': {
    roles: ['district_manager', 'administrator'],
    description:
      'Decide on the district budget of a wijk (within your mandate), change, commit, pay and return decisions',
  },
  'district-budget.approve': {
    roles: ['district_manager', 'administrator'],
    description: 'Approve or reject a district-budget decision of someone else as the second person',
  },
  'district-budget.backup': {
    roles: ['district_manager', 'administrator', 'coach', 'partner'],
    description:
      'Approve as a member of the gemeente’s backup pool (only those the administrator put in the pool)',
  },
  'district-budget.administer': {
    roles: ['administrator'],
    description:
      'Allocate district budgets, set mandates, carry-over and the backup pool, and close a wijk’s year',
  },
} as const satisfies PermissionTable;

export type DistrictBudgetPermission = keyof typeof districtBudgetPermissions;
