import type { PersonalDataEntry } from '../privacy/index.js';

/** The outbox in the personal data register: address and content, kept 30 days after sending. */
export const mailPersonalData: readonly PersonalDataEntry[] = [
  {
    id: 'mail.outbox',
    table: 'mail_outbox',
    key: 'id',
    description: 'E-mails the app sent you (or tried to send): address, subject, text and attachments',
    columns: ['recipient', 'subject', 'body_text', 'body_html', 'attachments'],
    purpose: 'Send notifications by e-mail and let administrators see mail that could not be delivered',
    legalBasis: 'public-task',
    retention: { kind: 'erase-after', term: { days: 30 }, from: 'settled_at', erase: { kind: 'delete' } },
    findBy: { email: 'recipient' },
    onRequest: { kind: 'delete' },
    exportColumns: ['status', 'created_at'],
  },
];
