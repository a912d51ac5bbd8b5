import type { PermissionTable } from '../../access/index.js';

const STAFF = ['administrator', 'district_manager', 'coach', 'partner'] as const;

/** Who may do what in the identity module: permission → roles (each within the places of its grant). */
export const identityPermissions = {
  'identity.account.self': {
    roles: STAFF,
    description: 'See and manage your own account: sessions, password, two-step verification',
  },
  'identity.totp.enrol': {
    roles: ['administrator'],
    description: 'Turn on two-step verification (TOTP) for your own account',
  },
  'identity.staff.manage': {
    roles: ['administrator'],
    description: 'Invite staff, change their roles and disable accounts, within your gemeente',
  },
} as const satisfies PermissionTable;
