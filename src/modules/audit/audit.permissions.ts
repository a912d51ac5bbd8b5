import type { PermissionTable } from '../../access/index.js';

/** Who may read the audit log: administrators, each for their own gemeente. */
export const auditPermissions = {
  'audit.read': {
    roles: ['administrator'],
    description: "Read and export the audit log of your gemeente's staff changes",
  },
} as const satisfies PermissionTable;
