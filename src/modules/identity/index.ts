import type { FastifyInstance } from 'fastify';
import { cliActing } from '../../access/index.js';
import { findStaffHoldingRoles, findStaffPeople } from './identity.repository.js';
import { identityPersonalData } from './identity.personal-data.js';
import type { DemoOptions, ModuleDeps, ModuleLog, ModuleManifest } from '../manifest.js';
import { type PlacesModule } from '../places/index.js';
import { registerIdentityApi } from './identity.api.js';
import { seedDemoAccounts } from './identity.demo.js';
import { identityMessages } from './identity.messages.js';
import { registerIdentityPages } from './identity.pages.js';
import { identityPermissions } from './identity.permissions.js';
import type { IdentityContext } from './identity.context.js';
import type { MailLocale } from '../../mail/index.js';
import {
  changeStaffRoles,
  countAccounts,
  createAdministrator,
  createDemoAccount,
  findAccountIdByEmail,
  inviteStaff,
  type StaffInput,
} from './staff-management.service.js';
import { OidcClient } from './oidc-client.js';
import { registerOidcPages } from './oidc.pages.js';
import { registerResidentPages } from './resident.pages.js';
import { ResidentSignInService } from './resident-sign-in.service.js';
import { SecretBox } from './secret-box.js';
import { SessionService } from './session.service.js';
import type { RoleGrant } from '../../access/index.js';
import type { StaffActing } from './identity.context.js';
import type { StaffAccount } from './staff.js';
import { registerStaffPages } from './staff.pages.js';

export type { SessionInfo, StaffAccount } from './staff.js';
export type { IdentityContext, StaffActing } from './identity.context.js';
export { SessionService } from './session.service.js';
export { SIGN_IN_PATH } from './identity.pages.js';
export { identityPersonalData } from './identity.personal-data.js';
export {
  ResidentSignInService,
  RESIDENT_LINK_MINUTES,
  RESIDENT_LINK_PATH,
} from './resident-sign-in.service.js';
export { MINE_PATH } from './resident.pages.js';
export { DEMO_ACCOUNTS, DEMO_PASSWORD } from './identity.demo.js';
export { identityCommands } from './identity.cli.js';
export type { StaffPerson } from './identity.repository.js';

/**
 * Identity: staff accounts with roles scoped to places, sessions, sign-in (password and
 * optional TOTP), set-up links, and the administrators' staff pages. The session, access,
 * CSRF and rate-limit plugins in `src/web/plugins/` use `sessions`; every module's
 * permission table goes through `Permissions`.
 */
/** Identity's staff look-ups, as other modules call them (see `IdentityModule.staffDirectory`). */
export interface StaffDirectory {
  people: typeof findStaffPeople;
  holdingRoles: typeof findStaffHoldingRoles;
}

export class IdentityModule implements ModuleManifest {
  readonly name = 'identity';
  readonly tables = [
    'staff_account',
    'staff_role',
    'staff_session',
    'staff_token',
    'staff_oidc_identity',
    'resident_session',
    'resident_sign_in_token',
  ] as const;
  readonly personalData = identityPersonalData;
  readonly messages = identityMessages;
  readonly permissions = identityPermissions;
  readonly navigation = [
    {
      href: '/beheer/medewerkers',
      label: 'identity.nav.staff',
      order: 150,
      audience: 'staff',
      permission: 'identity.staff.manage',
    },
  ] as const;
  readonly sessions: SessionService;
  /** What identity's use cases work with (its services are functions over it). */
  readonly context: IdentityContext;
  /**
   * The accounts' use cases other modules and tests call: the privacy requests' look-up of a
   * person's account, test and demo accounts, role changes.
   */
  readonly service: IdentityAccounts;
  readonly residents: ResidentSignInService;
  /** Sign-in through the OpenID Connect provider; undefined when OIDC_* is not set. */
  readonly oidc: OidcClient | undefined;
  /**
   * Staff look-ups for other modules (a coach's name, who may be assigned), run on the
   * caller's connection so they can sit inside its transaction. Nothing of sign-in leaves.
   */
  readonly staffDirectory: StaffDirectory = {
    people: findStaffPeople,
    holdingRoles: findStaffHoldingRoles,
  };

  constructor(
    private readonly deps: ModuleDeps,
    private readonly ports: { places: PlacesModule },
  ) {
    const { config, database } = deps;
    const { clock } = deps;
    this.sessions = new SessionService(database.db, clock, {
      idleMs: config.session.idleMinutes * 60_000,
      absoluteMs: config.session.absoluteHours * 3600_000,
    });
    const context: IdentityContext = {
      db: database.db,
      clock,
      sessions: this.sessions,
      secretBox: new SecretBox(config.secretKey, 'totp'),
      places: ports.places,
      publicUrl: config.publicUrl,
      log: deps.log,
      commands: deps.commands,
    };
    this.context = context;
    this.service = {
      createDemoAccount: (input) => createDemoAccount(context, input),
      changeStaffRoles: (acting, accountId, wanted) => changeStaffRoles(context, acting, accountId, wanted),
      countAccounts: () => countAccounts(context),
      findAccountIdByEmail: (email) => findAccountIdByEmail(context, email),
      inviteStaff: (acting, input, locale) => inviteStaff(context, acting, input, locale),
    };
    this.residents = new ResidentSignInService({
      db: database.db,
      clock,
      sessions: this.sessions,
      publicUrl: config.publicUrl,
    });
    this.oidc = config.oidc
      ? new OidcClient(config.oidc, { publicUrl: config.publicUrl, secretKey: config.secretKey })
      : undefined;
  }

  async registerRoutes(app: FastifyInstance): Promise<void> {
    const { web, config } = this.deps;
    // The button: its text is the administrator's choice, or the page's own words in its language.
    const oidcButton = config.oidc ? { label: config.oidc.label } : undefined;
    await registerIdentityPages(app, {
      identity: this.context,
      sessions: this.sessions,
      residents: this.residents,
      places: this.ports.places,
      web,
      oidcButton,
    });
    await registerResidentPages(app, { residents: this.residents, web });
    if (this.oidc && oidcButton) {
      await registerOidcPages(app, {
        oidc: this.oidc,
        button: oidcButton,
        identity: this.context,
        web,
        clock: this.deps.clock,
        secure: config.publicUrl.startsWith('https://'),
        publicUrl: config.publicUrl,
      });
    }
    await registerStaffPages(app, { identity: this.context, web });
    await registerIdentityApi(app, { identity: this.context });
  }

  /** The demo staff accounts, which share a published password: never in production. */
  async seedDemo(log: ModuleLog, options: DemoOptions): Promise<void> {
    if (!options.publishedSecrets) {
      log.info({}, 'demo staff accounts not created: their password is published (production)');
      return;
    }
    await seedDemoAccounts(this.context, log);
  }

  /**
   * `buurtkracht create-admin`: the first administrator of a gemeente, as an invited account
   * with a one-time set-up link (PUBLIC_URL + path, valid 7 days). The place must exist (import
   * the places first). Refusals come back as a DomainError.
   */
  createAdministrator(input: {
    email: string;
    gemeente: string;
    displayName?: string | undefined;
  }): Promise<{ account: StaffAccount; setupUrl: string }> {
    const email = input.email.trim();
    return createAdministrator(this.context, cliActing('create-admin'), {
      email,
      gemeente: input.gemeente.trim().toUpperCase(),
      displayName: input.displayName?.trim() || email,
    });
  }
}

/** Identity's use cases as other modules and tests call them (`IdentityModule.service`). */
export interface IdentityAccounts {
  /** An active account with a known password (the demo and tests only), audited as the demo. */
  createDemoAccount(input: StaffInput & { password: string }): Promise<StaffAccount>;
  /** Sets the roles the acting administrator manages for this person; roles elsewhere stay. */
  changeStaffRoles(acting: StaffActing, accountId: string, wanted: RoleGrant[]): Promise<StaffAccount>;
  countAccounts(): Promise<number>;
  /** The id of the staff account with this address, if any: for privacy requests about staff. */
  findAccountIdByEmail(email: string): Promise<string | undefined>;
  /** Invites a member of staff (an account, its roles, a set-up link mailed to them). */
  inviteStaff(
    acting: StaffActing,
    input: StaffInput,
    locale?: MailLocale,
  ): Promise<{ account: StaffAccount; setupUrl: string }>;
}
