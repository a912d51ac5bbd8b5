import type { PermissionTable } from '../../access/index.js';

/** Who handles AVG/GDPR requests: administrators (functioneel beheer). */
export const privacyRequestsPermissions = {
  'privacy.requests': {
    roles: ['administrator'],
    description: 'Look up, export (AVG art. 15) and erase (art. 17) one person’s data; run retention',
  },
} as const satisfies PermissionTable;
