import type { PersonalDataEntry } from '../privacy/index.js';

/**
 * Rate-limit counters in the personal data register. Their keys are HMACs of an IP or e-mail
 * address, so no one's rows can be found (nor exported) by address; they vanish within a day.
 */
export const rateLimitPersonalData: readonly PersonalDataEntry[] = [
  {
    id: 'web.rate-limits',
    table: 'rate_limit_counter',
    key: 'key',
    description: 'Counters of attempts per IP or e-mail address (kept as a keyed hash, never the address)',
    columns: ['key'],
    purpose: 'Stop password guessing and mail flooding (security of processing, AVG art. 32)',
    legalBasis: 'legal-obligation',
    gemeente: {
      kind: 'none',
      handledBy: 'platform',
      reason: 'counters guard the platform as a whole and cannot be linked to a person',
    },
    retention: { kind: 'erase-after', term: { days: 1 }, from: 'expires_at', erase: { kind: 'delete' } },
    onRequest: { kind: 'keep', reason: 'cannot be linked to a person; erased within a day anyway' },
  },
];
