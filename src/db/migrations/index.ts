import type { Migration } from 'kysely';
import * as m0001 from './0001-places.js';
import * as m0002 from './0002-identity.js';
import * as m0003 from './0003-mail-privacy.js';
import * as m0004 from './0004-initiatives.js';
import * as m0005 from './0005-budgets.js';
import * as m0006 from './0006-identity-oidc-residents.js';
import * as m0007 from './0007-budget-pledges-in-batches.js';
import * as m0008 from './0008-budget-pledges-generic-plans.js';
import * as m0009 from './0009-secret-key-check.js';
import * as m0010 from './0010-privacy-per-gemeente.js';
import * as m0011 from './0011-household-codes-case-insensitive.js';
import * as m0012 from './0012-budget-figures-rollup.js';
import * as m0013 from './0013-revisions.js';
import * as m0014 from './0014-ledger-district-accounts.js';
import * as m0015 from './0015-district-budget.js';
import * as m0016 from './0016-budget-match-funding.js';
import * as m0017 from './0017-arrangements.js';
import * as m0019 from './0019-reports.js';
import * as m0022 from './0022-initiative-brief-view.js';
import * as m0024 from './0024-report-api-keys.js';

/**
 * Every migration, in order. Listed here rather than read from the folder, so that the
 * compiled app, the CLI and the tests run exactly the same set. Names never change once merged.
 */
export const migrations: Record<string, Migration> = {
  '0001-places': m0001,
  '0002-identity': m0002,
  '0003-mail-privacy': m0003,
  '0004-initiatives': m0004,
  '0005-budgets': m0005,
  '0006-identity-oidc-residents': m0006,
  '0007-budget-pledges-in-batches': m0007,
  '0008-budget-pledges-generic-plans': m0008,
  '0009-secret-key-check': m0009,
  '0010-privacy-per-gemeente': m0010,
  '0011-household-codes-case-insensitive': m0011,
  '0012-budget-figures-rollup': m0012,
  '0013-revisions': m0013,
  '0014-ledger-district-accounts': m0014,
  '0015-district-budget': m0015,
  '0016-budget-match-funding': m0016,
  '0017-arrangements': m0017,
  '0019-reports': m0019,
  '0022-initiative-brief-view': m0022,
  '0024-report-api-keys': m0024,
};
