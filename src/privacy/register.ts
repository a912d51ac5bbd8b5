import { mailPersonalData } from '../mail/index.js';
import { auditPersonalData } from '../modules/audit/audit.personal-data.js';
import { budgetsPersonalData } from '../modules/budgets/budgets.personal-data.js';
import { identityPersonalData } from '../modules/identity/identity.personal-data.js';
import { initiativesPersonalData } from '../modules/initiatives/initiatives.personal-data.js';
import { rateLimitPersonalData } from '../web/rate-limit.personal-data.js';
import { checkRegister, type PersonalDataEntry } from './personal-data.js';

/**
 * Where the privacy register records its own work. Only the administrator's account id and
 * counts: never the person asked about, nor any erased value.
 */
const privacyPersonalData: readonly PersonalDataEntry[] = [
  {
    id: 'privacy.erasure-log',
    table: 'privacy_erasure',
    key: 'id',
    description: 'Erasures you carried out as an administrator: when, which data, how many records',
    columns: ['requested_by'],
    purpose: 'Show that requests for erasure were carried out (accountability, AVG art. 5(2))',
    legalBasis: 'legal-obligation',
    // A request's records carry the gemeenten it concerned; retention runs concern none.
    gemeente: { kind: 'places', path: { column: 'municipality_codes' } },
    retention: { kind: 'erase-after', term: { years: 7 }, from: 'erased_at', erase: { kind: 'delete' } },
    findBy: { accountId: 'requested_by' },
    onRequest: { kind: 'keep', reason: 'proof that erasure requests were carried out (AVG art. 5(2), 17)' },
    exportColumns: ['erased_at', 'entry_id', 'action', 'row_count'],
  },
];

/**
 * Every table that holds personal data, module by module: the app's personal data register.
 * A new module adds its entries here. An erasure finds every row first, then erases entry by
 * entry in this order: list a table whose rows point to another table's rows (a foreign key)
 * before that other table.
 */
export const personalDataRegister: readonly PersonalDataEntry[] = checkRegister([
  ...initiativesPersonalData,
  ...budgetsPersonalData,
  ...mailPersonalData,
  ...identityPersonalData,
  ...auditPersonalData,
  ...rateLimitPersonalData,
  ...privacyPersonalData,
]);
