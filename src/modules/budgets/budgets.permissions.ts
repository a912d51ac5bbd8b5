import type { PermissionTable } from '../../access/index.js';

/** Who may do what with the household budget, each within the places of their grant. */
export const budgetsPermissions = {
  'budgets.administer': {
    roles: ['administrator'],
    description: 'Set up the household budget year (amount, scope, dates), issue vouchers and close the year',
  },
  'budgets.support_goal': {
    roles: ['coach', 'administrator'],
    description: 'Set the goal and deadline for household pledges of an initiative open for support',
  },
  'budgets.desk': {
    roles: ['coach', 'administrator', 'district_manager'],
    description: 'Record a household budget pledge for a resident at the service desk (with their letter)',
  },
} as const satisfies PermissionTable;

export type BudgetsPermission = keyof typeof budgetsPermissions;
