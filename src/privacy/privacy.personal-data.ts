import type { PersonalDataEntry } from './personal-data.js';

/**
 * Where the privacy register records its own work. Only the administrator's account id and
 * counts: never the person asked about, nor any erased value.
 */
export const privacyPersonalData: readonly PersonalDataEntry[] = [
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
