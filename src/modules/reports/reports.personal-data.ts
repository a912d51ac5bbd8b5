import type { PersonalDataEntry } from '../../privacy/index.js';

/** From a supporter to the report it supports. */
const TO_REPORT = { from: 'report_id', table: 'report', to: 'id' } as const;

/**
 * Reports in the personal data register. The reporter's and supporters' e-mail addresses are
 * erased `contactRetentionDays` after the report was closed (REPORT_CONTACT_RETENTION_DAYS,
 * default 365) by the nightly retention; a reopened report's clock stops until it closes again.
 * The reports themselves (a description may name a person or an address) are deleted five
 * years after closing, the practice of Signalen's municipalities (archive selection lists keep
 * handled reports for five years). Every row belongs to the report's gemeente.
 */
export function reportsPersonalData(contactRetentionDays: number): readonly PersonalDataEntry[] {
  return [
    {
      id: 'reports.supporters',
      table: 'report_supporter',
      key: 'id',
      description: 'Your e-mail address, when you said a report was yours too and asked for its news',
      columns: ['email'],
      purpose: 'Tell residents who support a report what happens to it',
      legalBasis: 'public-task',
      gemeente: { kind: 'place', path: { join: [TO_REPORT], column: 'municipality_code' } },
      retention: {
        kind: 'erase-after',
        term: { days: contactRetentionDays },
        from: 'report_closed_at',
        erase: { kind: 'anonymise', set: { email: null } },
      },
      findBy: { email: 'email' },
      onRequest: { kind: 'anonymise', set: { email: null } },
      exportColumns: ['created_at'],
    },
    {
      id: 'reports.reporter',
      table: 'report',
      key: 'id',
      description:
        'Your e-mail address on a report you made, for news about it and the question whether it was solved',
      columns: ['reporter_email'],
      purpose: 'Tell the reporter what happens to their report, and ask whether it was solved',
      legalBasis: 'public-task',
      gemeente: { kind: 'place', path: { column: 'municipality_code' } },
      retention: {
        kind: 'erase-after',
        term: { days: contactRetentionDays },
        from: 'closed_at',
        erase: { kind: 'anonymise', set: { reporter_email: null } },
      },
      findBy: { email: 'reporter_email' },
      onRequest: { kind: 'anonymise', set: { reporter_email: null } },
      exportColumns: ['public_id', 'requested_at', 'status', 'description', 'address_text'],
    },
    {
      id: 'reports.report',
      table: 'report',
      key: 'id',
      description: 'A report’s description and address text, which may name a person or a home',
      columns: ['description', 'address_text'],
      purpose: 'Handle reports about public space and account for them in public',
      legalBasis: 'public-task',
      gemeente: { kind: 'place', path: { column: 'municipality_code' } },
      retention: { kind: 'erase-after', term: { years: 5 }, from: 'closed_at', erase: { kind: 'delete' } },
      onRequest: {
        kind: 'keep',
        reason: 'the public record of a report; its contact details are erased on request',
      },
    },
  ];
}
