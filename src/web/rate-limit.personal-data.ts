import type { PersonalDataEntry } from '../privacy/index.js';

/**
 * Rate-limit counters in the personal data register. Their keys are HMACs of an IP address (an
 * IPv6 /64), an e-mail address or a household code, so no one's rows can be found (nor exported)
 * by address; they vanish within a day.
 */
export const rateLimitPersonalData: readonly PersonalDataEntry[] = [
  {
    id: 'web.rate-limits',
    table: 'rate_limit_counter',
    key: 'key',
    description:
      'Counters of attempts per IP address, e-mail address or household code (kept as a keyed hash, never the value)',
    columns: ['key'],
    purpose: 'Stop guessing of passwords and codes, and mail flooding (security of processing, AVG art. 32)',
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
