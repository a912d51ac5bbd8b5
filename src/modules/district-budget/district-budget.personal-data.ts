import type { Join, PersonalDataEntry } from '../../privacy/index.js';

const TO_DECISION: Join = { from: 'decision_id', table: 'district_decision', to: 'id' };

const PUBLIC_RECORD =
  'a decision on public money is a public record (Archiefwet, Wet open overheid); staff act in office';

/**
 * The district budget in the personal data register. The payment details (IBAN and account
 * holder) of every recipient are personal data when the recipient is a person: kept seven years
 * for the fiscal retention duty, never shown in public. A recipient who is a person is named on
 * the decision for staff only (the public register says "a resident"). Staff who decide,
 * approve and act are named on the decisions they took part in, which stay.
 */
export const districtBudgetPersonalData: readonly PersonalDataEntry[] = [
  {
    id: 'district-budget.payment-details',
    table: 'district_payment_detail',
    key: 'decision_id',
    description: 'The bank account (IBAN) and account holder a district-budget decision pays to',
    columns: ['iban', 'account_holder'],
    purpose: 'Pay what a district-budget decision granted, to the account that was approved',
    legalBasis: 'public-task',
    gemeente: { kind: 'place', path: { join: [TO_DECISION], column: 'municipality_code' } },
    // Seven years: the fiscal retention duty for payments (AWR art. 52).
    retention: { kind: 'erase-after', term: { years: 7 }, from: 'recorded_at', erase: { kind: 'delete' } },
    onRequest: { kind: 'keep', reason: 'payments must be kept seven years (AWR art. 52)' },
  },
  {
    id: 'district-budget.recipients',
    table: 'district_decision',
    key: 'id',
    description: 'Your name as the recipient of a district-budget decision (shown to staff only)',
    columns: ['recipient'],
    purpose: 'Record who a decision on the district budget pays, and sum decisions per recipient',
    legalBasis: 'public-task',
    gemeente: { kind: 'place', path: { column: 'municipality_code' } },
    retention: { kind: 'keep', reason: PUBLIC_RECORD },
    onRequest: { kind: 'keep', reason: PUBLIC_RECORD },
  },
  {
    id: 'district-budget.deciders',
    table: 'district_decision',
    key: 'id',
    description: 'Decisions on the district budget you took as a member of staff',
    columns: ['decided_by_label'],
    purpose: 'Show who decided, for accountability and the objection route',
    legalBasis: 'public-task',
    gemeente: { kind: 'place', path: { column: 'municipality_code' } },
    retention: { kind: 'keep', reason: PUBLIC_RECORD },
    findBy: { accountId: 'decided_by_account_id' },
    onRequest: { kind: 'keep', reason: PUBLIC_RECORD },
    exportColumns: ['reference', 'decided_at', 'amount_cents', 'status'],
  },
  {
    id: 'district-budget.approvers',
    table: 'district_approval',
    key: 'id',
    description: 'Approvals of district-budget decisions you gave or refused as a member of staff',
    columns: ['approver_label', 'note'],
    purpose: 'Show who approved, for accountability',
    legalBasis: 'public-task',
    gemeente: { kind: 'place', path: { join: [TO_DECISION], column: 'municipality_code' } },
    retention: { kind: 'keep', reason: PUBLIC_RECORD },
    findBy: { accountId: 'approver_account_id' },
    onRequest: { kind: 'keep', reason: PUBLIC_RECORD },
    exportColumns: ['status', 'answered_at'],
  },
  {
    id: 'district-budget.steps',
    table: 'district_decision_event',
    key: 'id',
    description:
      'Steps you took on district-budget decisions (committed, paid, returned) as a member of staff',
    columns: ['actor_label', 'note'],
    purpose: 'Show who moved the money, for accountability',
    legalBasis: 'public-task',
    gemeente: { kind: 'place', path: { join: [TO_DECISION], column: 'municipality_code' } },
    retention: { kind: 'keep', reason: PUBLIC_RECORD },
    findBy: { accountId: 'actor_account_id' },
    onRequest: { kind: 'keep', reason: PUBLIC_RECORD },
    exportColumns: ['action', 'at'],
  },
];
