import type { FastifyInstance } from 'fastify';
import { systemClock } from '../../shared/clock.js';
import type { AppModule, ModuleDeps } from '../../web/module.js';
import { privacyRequestsMessages } from './privacy-requests.messages.js';
import { registerPrivacyRequestPages } from './privacy-requests.pages.js';
import { privacyRequestsPermissions } from './privacy-requests.permissions.js';
import type { Config } from '../../config.js';
import type { Database } from '../../db/database.js';
import type { ErasureReport } from '../../privacy/index.js';
import { NotFoundError } from '../../shared/errors.js';
import { findStaffAccountId } from '../identity/index.js';
import { displayName, getPlaceDetail, type PlacesModule } from '../places/index.js';
import {
  PrivacyRequestsService,
  type AccountLookup,
  type PrivacyRequestExport,
} from './privacy-requests.service.js';

export { privacyRequestsPermissions } from './privacy-requests.permissions.js';
export { PrivacyRequestsService } from './privacy-requests.service.js';

/**
 * AVG/GDPR requests (`/beheer/privacy`): the administrators' pages over the personal data
 * register in `src/privacy/`: one person's export and erasure within the administrator's
 * gemeenten, retention on demand, and the log of recent erasures.
 */
export class PrivacyRequestsModule implements AppModule {
  readonly name = 'privacy-requests';
  readonly messages = privacyRequestsMessages;
  readonly permissions = privacyRequestsPermissions;
  readonly service: PrivacyRequestsService;

  constructor(
    private readonly deps: ModuleDeps,
    accounts: AccountLookup,
    places: PlacesModule,
  ) {
    this.service = new PrivacyRequestsService({
      db: deps.database.db,
      clock: deps.clock ?? systemClock,
      accounts,
      places: {
        names: async (codes) =>
          new Map((await places.findPlaces(codes)).map((p) => [p.code, displayName(p)])),
      },
    });
  }

  async registerRoutes(app: FastifyInstance): Promise<void> {
    await registerPrivacyRequestPages(app, { service: this.service, web: this.deps.web });
  }
}

/**
 * `buurtkracht privacy-export` and `privacy-erase`: the platform's administrator handles a
 * person's request across every gemeente, including the data that belongs to none (a
 * resident's sign-in links, sessions and their mail). Audited with channel `cli`.
 */
export function platformPrivacyRequests(deps: { config: Config; database: Database }): {
  exportData(email: string): Promise<PrivacyRequestExport>;
  eraseData(email: string): Promise<ErasureReport>;
} {
  const db = deps.database.db;
  const service = new PrivacyRequestsService({
    db,
    clock: systemClock,
    accounts: { findAccountIdByEmail: (email) => findStaffAccountId(deps, email) },
    places: {
      names: async (codes) => {
        const names = new Map<string, string>();
        for (const code of codes) {
          try {
            names.set(code, displayName(await getPlaceDetail(db, code)));
          } catch (error) {
            if (!(error instanceof NotFoundError)) throw error;
          }
        }
        return names;
      },
    },
  });
  return {
    exportData: (email) => service.exportForPlatform(email, 'privacy-export'),
    eraseData: (email) => service.eraseForPlatform(email, 'privacy-erase'),
  };
}
