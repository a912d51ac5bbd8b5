import type { FastifyInstance } from 'fastify';
import { auditPersonalData } from './audit.personal-data.js';
import type { ModuleDeps, ModuleManifest } from '../manifest.js';
import { auditMessages } from './audit.messages.js';
import { registerAuditPages } from './audit.pages.js';
import { auditPermissions } from './audit.permissions.js';

export type { AuditActor, AuditChannel, AuditEntry, AuditRecord } from './audit.js';
export { recordAudit } from './audit.service.js';
export { auditPermissions } from './audit.permissions.js';

/**
 * The audit log: one append-only table every module writes to with `recordAudit(trx, entry)`
 * in the transaction of its change, and the administrators' pages to search and export it.
 */
export class AuditModule implements ModuleManifest {
  readonly name = 'audit';
  readonly tables = ['audit_log'] as const;
  readonly personalData = auditPersonalData;
  readonly messages = auditMessages;
  readonly permissions = auditPermissions;
  readonly navigation = [
    { href: '/beheer/audit', label: 'audit.nav', order: 160, audience: 'staff', permission: 'audit.read' },
  ] as const;

  constructor(private readonly deps: ModuleDeps) {}

  async registerRoutes(app: FastifyInstance): Promise<void> {
    await registerAuditPages(app, { db: this.deps.database.db, web: this.deps.web });
  }
}
