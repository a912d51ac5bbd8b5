import type { PersonalDataEntry } from '../privacy/index.js';

/**
 * The outbox in the personal data register: address and content, kept 30 days after sending.
 * A message belongs to the gemeente on whose behalf it was sent; the platform's own mail (a
 * resident's sign-in link) and mail queued before that was recorded (migration 0010) to none.
 * The secret part of a message (a one-time link) is never in the stored text: see queueMail.
 */
export const mailPersonalData: readonly PersonalDataEntry[] = [
  {
    id: 'mail.outbox',
    table: 'mail_outbox',
    key: 'id',
    description: 'E-mails the app sent you (or tried to send): address, subject, text and attachments',
    columns: ['recipient', 'subject', 'body_text', 'body_html', 'attachments'],
    purpose: 'Send notifications by e-mail and let administrators see mail that could not be delivered',
    legalBasis: 'public-task',
    gemeente: { kind: 'place', path: { column: 'municipality_code' } },
    retention: { kind: 'erase-after', term: { days: 30 }, from: 'settled_at', erase: { kind: 'delete' } },
    findBy: { email: 'recipient' },
    onRequest: { kind: 'delete' },
    exportColumns: ['status', 'created_at'],
  },
];
