import type { PersonalDataEntry } from '../../privacy/index.js';

/**
 * The desk in the personal data register: the initiator's contact details and what they wrote
 * in the thread. Kept two years after the last change, then anonymised; the initiative itself
 * (public by then) stays, without a name.
 */
export const initiativesPersonalData: readonly PersonalDataEntry[] = [
  {
    id: 'initiatives.thread',
    table: 'initiative_message',
    key: 'id',
    description: 'Messages in the thread of an initiative, between the initiator and the coach',
    columns: ['body'],
    purpose: 'Help the initiator with their initiative (één loket)',
    legalBasis: 'public-task',
    retention: { kind: 'erase-after', term: { years: 2 }, from: 'at', erase: { kind: 'delete' } },
    onRequest: { kind: 'delete' },
  },
  {
    id: 'initiatives.initiator',
    table: 'initiative',
    key: 'id',
    description: 'Initiatives you submitted: your name, e-mail address and phone number',
    columns: ['initiator_name', 'initiator_email', 'initiator_phone'],
    purpose: 'Contact the initiator about their initiative (één loket)',
    legalBasis: 'public-task',
    retention: {
      kind: 'erase-after',
      term: { years: 2 },
      from: 'updated_at',
      erase: { kind: 'anonymise', set: { initiator_name: '', initiator_email: null, initiator_phone: null } },
    },
    findBy: { email: 'initiator_email' },
    onRequest: {
      kind: 'anonymise',
      set: { initiator_name: '', initiator_email: null, initiator_phone: null },
    },
    exportColumns: ['reference', 'title', 'stage', 'created_at'],
  },
];
