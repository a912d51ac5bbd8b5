import type { PermissionTable } from '../../access/index.js';

/**
 * Who may do what with multi-year arrangements and the right to challenge: permission → roles,
 * each within the places of its grant. The public reads everything without personal data and
 * needs no permission; residents challenge through the initiatives desk.
 */
export const arrangementsPermissions = {
  'arrangements.manage': {
    roles: ['district_manager', 'administrator'],
    description:
      'Manage the multi-year arrangements and challengeable tasks of your places: values, tranches, deliverables, evaluations, renewals and challenge decisions',
  },
  'arrangements.report': {
    roles: ['partner', 'district_manager', 'administrator'],
    description:
      'Report measured values (one by one or as a CSV file): partners for the arrangements of their own organisation',
  },
} as const satisfies PermissionTable;

export type ArrangementsPermission = keyof typeof arrangementsPermissions;
