import type { PermissionTable } from '../../access/index.js';

/**
 * Who may do what with reports: permission → roles, each within the places of its grant.
 * Residents and the public need none: they submit, support and follow a report without an
 * account, and the public pages carry no personal data. A partner handles only the reports
 * routed to a team of their own organisation (the service narrows the queue to it).
 */
export const reportsPermissions = {
  'reports.handle': {
    roles: ['partner', 'coach', 'district_manager', 'administrator'],
    description:
      'Handle reports in your places: the work queue, accept, move the status, forward, close with a reason, merge duplicates',
  },
  'reports.enter': {
    roles: ['coach', 'district_manager', 'administrator'],
    description: 'Enter a report on a resident’s behalf (phone, service desk, paper form) in your places',
  },
  'reports.keys': {
    roles: ['administrator'],
    description:
      'Manage the Open311 API keys of your gemeente: make one (shown once), see when each was used, revoke',
  },
} as const satisfies PermissionTable;

export type ReportsPermission = keyof typeof reportsPermissions;
