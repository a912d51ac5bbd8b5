import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { Config } from '../../config.js';
import type { Database } from '../../db/database.js';
import type { DomainError } from '../../shared/errors.js';
import { coreMessages } from '../../web/i18n/core.messages.js';
import { I18n } from '../../web/i18n/i18n.js';
import { systemClock } from '../../shared/clock.js';
import type { AppModule, DemoOptions, ModuleDeps } from '../../web/module.js';
import { getPlaceDetail, placesMessages, type PlacesModule } from '../places/index.js';
import { registerIdentityApi } from './identity.api.js';
import { seedDemoAccounts } from './identity.demo.js';
import { identityMessages } from './identity.messages.js';
import { registerIdentityPages } from './identity.pages.js';
import { identityPermissions } from './identity.permissions.js';
import { IdentityService } from './identity.service.js';
import { OidcClient } from './oidc-client.js';
import { registerOidcPages } from './oidc.pages.js';
import { registerResidentPages } from './resident.pages.js';
import { ResidentSignInService } from './resident-sign-in.service.js';
import { SecretBox } from './secret-box.js';
import { SessionService } from './session.service.js';
import type { StaffAccount } from './staff.js';
import { registerStaffPages } from './staff.pages.js';

export type { Actor, AnonymousActor, ResidentActor, StaffActor } from './actor.js';
export { ANONYMOUS, actorLabel, holdsRole, residentEmail } from './actor.js';
export type { Role, RoleGrant } from './role.js';
export { ROLES, scopeCovers } from './role.js';
export type { PermissionRule, PermissionSubject, PermissionTable } from './permission.js';
export { allows, Permissions, scopesOf } from './permission.js';
export type { SessionInfo, StaffAccount } from './staff.js';
export type { ActionContext } from './identity.service.js';
export { IdentityService } from './identity.service.js';
export { SessionService } from './session.service.js';
export { SIGN_IN_PATH } from './identity.pages.js';
export { identityPersonalData } from './identity.personal-data.js';
export {
  ResidentSignInService,
  RESIDENT_LINK_MINUTES,
  RESIDENT_LINK_PATH,
} from './resident-sign-in.service.js';
export { MINE_PATH } from './resident.pages.js';
export { actionContextOf } from './identity.web.js';
export { DEMO_ACCOUNTS, DEMO_PASSWORD } from './identity.demo.js';

/**
 * Identity: staff accounts with roles scoped to places, sessions, sign-in (password and
 * optional TOTP), set-up links, and the administrators' staff pages. The session, access,
 * CSRF and rate-limit plugins in `src/web/plugins/` use `sessions`; every module's
 * permission table goes through `Permissions`.
 */
export class IdentityModule implements AppModule {
  readonly name = 'identity';
  readonly messages = identityMessages;
  readonly permissions = identityPermissions;
  readonly sessions: SessionService;
  readonly service: IdentityService;
  readonly residents: ResidentSignInService;
  /** Sign-in through the OpenID Connect provider; undefined when OIDC_* is not set. */
  readonly oidc: OidcClient | undefined;

  constructor(
    private readonly deps: ModuleDeps,
    private readonly ports: { places: PlacesModule; log: Pick<Logger, 'info' | 'warn'> },
  ) {
    const { config, database } = deps;
    const clock = deps.clock ?? systemClock;
    this.sessions = new SessionService(database.db, clock, {
      idleMs: config.session.idleMinutes * 60_000,
      absoluteMs: config.session.absoluteHours * 3600_000,
    });
    this.service = new IdentityService({
      db: database.db,
      clock,
      sessions: this.sessions,
      secretBox: new SecretBox(config.secretKey, 'totp'),
      places: ports.places,
      publicUrl: config.publicUrl,
      log: ports.log,
    });
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
      service: this.service,
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
        service: this.service,
        web,
        clock: this.deps.clock ?? systemClock,
        secure: config.publicUrl.startsWith('https://'),
        publicUrl: config.publicUrl,
      });
    }
    await registerStaffPages(app, { service: this.service, web });
    await registerIdentityApi(app, { service: this.service });
  }

  /** The demo staff accounts, which share a published password: never in production. */
  async seedDemo(log: Logger, options: DemoOptions): Promise<void> {
    if (!options.publishedSecrets) {
      log.info('demo staff accounts not created: their password is published (production)');
      return;
    }
    await seedDemoAccounts(this.service, log);
  }
}

/**
 * `buurtkracht create-admin`: the first administrator of a gemeente, as an invited account
 * with a one-time set-up link (PUBLIC_URL + path, valid 7 days). The place must exist (import
 * the places first). Refusals come back as a DomainError; `describeError` words them.
 */
export async function createAdministrator(
  deps: { config: Config; database: Database },
  input: { email: string; gemeente: string; displayName?: string | undefined },
): Promise<{ account: StaffAccount; setupUrl: string }> {
  const service = commandLineService(deps);
  const email = input.email.trim();
  return service.createAdministrator({
    email,
    gemeente: input.gemeente.trim().toUpperCase(),
    displayName: input.displayName?.trim() || email,
  });
}

/** The id of the staff account with this address, if any: the command line's privacy requests. */
export function findStaffAccountId(
  deps: { config: Config; database: Database },
  email: string,
): Promise<string | undefined> {
  return commandLineService(deps).findAccountIdByEmail(email);
}

/** The identity service as the command line uses it: no web sessions, no log. */
function commandLineService(deps: { config: Config; database: Database }): IdentityService {
  const { config, database } = deps;
  const sessions = new SessionService(database.db, systemClock, { idleMs: 0, absoluteMs: 0 });
  return new IdentityService({
    db: database.db,
    clock: systemClock,
    sessions,
    secretBox: new SecretBox(config.secretKey, 'totp'),
    places: { getPlaceDetail: (code) => getPlaceDetail(database.db, code) },
    publicUrl: config.publicUrl,
    log: { info: () => undefined, warn: () => undefined },
  });
}

const english = new I18n([coreMessages, placesMessages, identityMessages]);

/** A DomainError from this module in plain English, for the command line. */
export function describeError(error: DomainError): string {
  const issues = error.issues.map((i) => english.translate('en', i.message, i.params));
  return issues.length > 0 ? issues.join(' ') : english.translate('en', error.messageKey, error.params);
}
