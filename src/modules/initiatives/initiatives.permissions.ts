import type { PermissionTable } from '../../access/index.js';

/**
 * Who may do what at the initiatives desk: permission → roles, each within the places of its
 * grant (a coach for a wijk sees that wijk's initiatives; for a gemeente, all of them).
 */
export const initiativesPermissions = {
  'initiatives.intake': {
    roles: ['coach', 'administrator', 'district_manager'],
    description:
      'See the intake queue and the initiatives in your places, with the initiators’ contact details',
  },
  'initiatives.coach': {
    roles: ['coach', 'administrator'],
    description: 'Take initiatives in, assign them, move them through the stages and write in their threads',
  },
  'initiatives.submit_for_resident': {
    roles: ['coach', 'administrator'],
    description: 'Submit an initiative for a resident who came to the desk, phoned or sent the paper form',
  },
} as const satisfies PermissionTable;

export type InitiativesPermission = keyof typeof initiativesPermissions;
