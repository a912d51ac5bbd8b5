import type { FastifyInstance } from 'fastify';
import type { Job } from '../../jobs/index.js';
import { retentionJob, type PersonalDataEntry } from '../../privacy/index.js';
import type { ModuleDeps, ModuleManifest } from '../manifest.js';
import { displayName, type PlacesModule } from '../places/index.js';
import { privacyRequestsMessages } from './privacy-requests.messages.js';
import { registerPrivacyRequestPages } from './privacy-requests.pages.js';
import { privacyRequestsPermissions } from './privacy-requests.permissions.js';
import { PrivacyRequestsService, type AccountLookup } from './privacy-requests.service.js';

export { privacyRequestsPermissions } from './privacy-requests.permissions.js';
export { PrivacyRequestsService } from './privacy-requests.service.js';
export { privacyRequestsCommands } from './privacy-requests.cli.js';

/**
 * AVG/GDPR requests (`/beheer/privacy`): the administrators' pages over the personal data
 * register in `src/privacy/`: one person's export and erasure within the administrator's
 * gemeenten, retention on demand, and the log of recent erasures; on the command line the
 * platform administrator's requests across every gemeente (`privacy-export`, `privacy-erase`).
 */
export class PrivacyRequestsModule implements ModuleManifest {
  readonly name = 'privacy-requests';
  readonly tables = [] as const;
  readonly personalData = [];
  readonly messages = privacyRequestsMessages;
  readonly permissions = privacyRequestsPermissions;
  readonly navigation = [
    {
      href: '/beheer/privacy',
      label: 'identity.nav.privacy',
      order: 170,
      audience: 'staff',
      permission: 'privacy.requests',
    },
  ] as const;
  readonly service: PrivacyRequestsService;

  constructor(
    private readonly deps: ModuleDeps,
    private readonly ports: {
      accounts: AccountLookup;
      places: PlacesModule;
      /** The personal data register of every module (see `createModules`). */
      register: () => readonly PersonalDataEntry[];
    },
  ) {
    this.service = new PrivacyRequestsService({
      db: deps.database.db,
      clock: deps.clock,
      accounts: ports.accounts,
      register: ports.register,
      commands: deps.commands,
      places: {
        names: async (codes) =>
          new Map((await ports.places.findPlaces(codes)).map((p) => [p.code, displayName(p)])),
      },
    });
  }

  async registerRoutes(app: FastifyInstance): Promise<void> {
    await registerPrivacyRequestPages(app, { service: this.service, web: this.deps.web });
  }

  /** The register's retention rules, applied every night (and at start-up). */
  jobs(): readonly Job[] {
    return [retentionJob(this.deps.database.db, { register: this.ports.register() })];
  }
}
