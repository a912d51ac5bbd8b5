/**
 * The personal data register and what works from it: retention (a nightly job), and one
 * person's export (AVG art. 15) and erasure (art. 17) for the administrator's pages.
 * Modules declare their entries with `import type { PersonalDataEntry }` from here.
 */
export {
  checkRegister,
  describeTerm,
  type ColumnPath,
  type Erasure,
  type GemeenteMapping,
  type Join,
  type Kept,
  type LegalBasis,
  type PersonalDataEntry,
  type ReplacementValue,
  type Retention,
  type SubjectColumn,
  type Term,
} from './personal-data.js';
export type { ErasureLogLine } from './privacy.repository.js';
export {
  applyRetention,
  erasePersonData,
  exportPersonData,
  listRecentErasures,
  retentionJob,
  type DataElsewhere,
  type DataSubject,
  type ErasureActor,
  type ErasureReport,
  type ExportValue,
  type PersonalDataExport,
  type PrivacyScope,
  type RetentionOptions,
  type RetentionReport,
} from './privacy.service.js';
export { privacyPersonalData } from './privacy.personal-data.js';

/** The tables the personal data register owns (its log of erasures). */
export const PRIVACY_TABLES = ['privacy_erasure'] as const;
