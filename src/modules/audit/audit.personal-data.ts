import type { PersonalDataEntry } from '../../privacy/index.js';

/**
 * The audit log in the personal data register: who changed what, from which IP address. Kept
 * seven years: decisions and changes in a municipality's records must stay traceable for
 * accountability and audits (Archiefwet selection lists, AVG art. 5(2)); then deleted.
 */
export const auditPersonalData: readonly PersonalDataEntry[] = [
  {
    id: 'audit.log',
    table: 'audit_log',
    key: 'id',
    description: 'Changes you made as a member of staff: what, when, from which IP address',
    columns: ['actor_label', 'ip'],
    purpose: 'Account for every change to the municipality’s records (who did what, when)',
    legalBasis: 'legal-obligation',
    // Each entry names the gemeenten it concerns; administrators read only their own.
    gemeente: { kind: 'places', path: { column: 'municipality_codes' } },
    retention: { kind: 'erase-after', term: { years: 7 }, from: 'occurred_at', erase: { kind: 'delete' } },
    findBy: { accountId: 'actor_account_id' },
    onRequest: {
      kind: 'keep',
      reason: 'the audit trail must show who changed the records (accountability, AVG art. 5(2))',
    },
    exportColumns: ['occurred_at', 'action', 'subject_type', 'subject_id'],
  },
];
