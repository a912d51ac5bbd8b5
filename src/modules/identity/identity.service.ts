import type { ModuleLog } from '../manifest.js';
import type { Db, Queryable } from '../../db/database.js';
import type { Clock } from '../../shared/clock.js';
import { isEmailAddress } from '../../shared/email.js';
import {
  ConflictError,
  ForbiddenError,
  NotFoundError,
  ValidationError,
  type FieldIssue,
} from '../../shared/errors.js';
import { queueMail, withMailFooter, type MailLocale } from '../../mail/index.js';
import { municipalityCodeOf, type PlaceDetail } from '../places/index.js';
import {
  DEMO_ACTING,
  type Acting,
  type Actor,
  type CommandRecord,
  type CommandRunner,
  type CommandStep,
  type StaffActor,
  allows,
  scopesOf,
  checkGrant,
  sortGrants,
  type RoleGrant,
} from '../../access/index.js';
import { identityPermissions } from './identity.permissions.js';
import {
  claimToken,
  claimTotpStep,
  countAccounts,
  deleteGrants,
  expireTokensOfAccount,
  findAccountByEmail,
  findAccountById,
  findAccountsInMunicipalities,
  findOidcSubjectOfAccount,
  findTokenByHash,
  insertAccount,
  insertGrants,
  insertToken,
  linkOidcSubject,
  touchOidcSubject,
  updateAccountStatus,
  updateLastSignIn,
  updatePassword,
  updateTotp,
  type AccountCredentials,
} from './identity.repository.js';
import { hashPassword, verifyPassword } from './password-hash.js';
import { checkPassword, PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, type PasswordProblem } from './password.js';
import type { SecretBox } from './secret-box.js';
import type { SessionOrigin, SessionService } from './session.service.js';
import {
  canDisableAccount,
  canManageAccount,
  normalizeEmail,
  planGrantChange,
  type SessionInfo,
  type StaffAccount,
} from './staff.js';
import { hashToken, randomToken } from './tokens.js';
import { generateTotpSecret, matchTotp, otpauthUri } from './totp.js';

/** A member of staff acting on their own account, or managing others'. */
export type StaffActing = Acting & { readonly actor: StaffActor };

const INVITATION_MAIL: Record<
  MailLocale,
  {
    subject: Record<'invitation' | 'new_link', string>;
    body(input: {
      name: string;
      inviter: string | undefined;
      url: string;
      kind: 'invitation' | 'new_link';
    }): string;
    reason: string;
  }
> = {
  nl: {
    subject: {
      invitation: 'Uitnodiging voor Buurtkracht',
      new_link: 'Nieuwe link voor uw account op Buurtkracht',
    },
    body: ({ name, inviter, url, kind }) =>
      [
        `Hallo ${name},`,
        '',
        kind === 'invitation'
          ? `${inviter ?? 'De beheerder van uw gemeente'} nodigt u uit voor Buurtkracht. Kies met deze link uw wachtwoord:`
          : 'Met deze link kiest u een nieuw wachtwoord voor uw account op Buurtkracht:',
        url,
        '',
        `De link werkt ${SETUP_LINK_DAYS} dagen en maar één keer. Werkt hij niet meer? Vraag de beheerder van uw gemeente om een nieuwe.`,
      ].join('\n'),
    reason: 'U krijgt deze e-mail omdat een beheerder van uw gemeente een account voor u heeft gemaakt.',
  },
  en: {
    subject: { invitation: 'Invitation to Buurtkracht', new_link: 'A new link for your Buurtkracht account' },
    body: ({ name, inviter, url, kind }) =>
      [
        `Hello ${name},`,
        '',
        kind === 'invitation'
          ? `${inviter ?? 'The administrator of your municipality'} invites you to Buurtkracht. Choose your password with this link:`
          : 'With this link you choose a new password for your Buurtkracht account:',
        url,
        '',
        `The link works for ${SETUP_LINK_DAYS} days, and only once. Has it stopped working? Ask the administrator of your municipality for a new one.`,
      ].join('\n'),
    reason: 'You receive this e-mail because an administrator of your municipality made an account for you.',
  },
};

/** The places this module needs: whether a code exists, and a gemeente with its wijken. */
export interface PlacesPort {
  getPlaceDetail(code: string): Promise<PlaceDetail>;
}

export interface IdentityServiceDeps {
  db: Db;
  clock: Clock;
  sessions: SessionService;
  /** Seals TOTP secrets at rest. */
  secretBox: SecretBox;
  places: PlacesPort;
  /** PUBLIC_URL, for set-up links. */
  publicUrl: string;
  log: ModuleLog;
  /** The shared command step: permission, change and audit entry in one transaction. */
  commands: CommandRunner;
}

/** A set-up link stays valid this long. */
export const SETUP_LINK_DAYS = 7;
const DAY_MS = 24 * 3600_000;
/** The issuer name authenticator apps show beside the code. */
const TOTP_ISSUER = 'Buurtkracht';

/** Why a sign-in through the OpenID Connect provider was refused. */
export type OidcRefusal = 'unknown_account' | 'other_subject';

export type SignInResult =
  | { kind: 'signed_in'; token: string; account: StaffAccount }
  | { kind: 'second_factor'; token: string }
  | { kind: 'invalid' };

/** New staff as an administrator enters them. */
export interface StaffInput {
  email: string;
  displayName: string;
  grants: RoleGrant[];
}

const manageRule = identityPermissions['identity.staff.manage'];
const selfRule = identityPermissions['identity.account.self'];
const totpRule = identityPermissions['identity.totp.enrol'];

function passwordIssue(field: string, problem: PasswordProblem): FieldIssue {
  return {
    field,
    message: `identity.password.${problem}`,
    params: { min: PASSWORD_MIN_LENGTH, max: PASSWORD_MAX_LENGTH },
  };
}

/**
 * The account itself as the one acting, when it signs in or sets itself up: the audit entry
 * names the person (`Name <address>`), who is not signed in yet.
 */
function actingAs(
  account: Pick<StaffAccount, 'id' | 'email' | 'displayName' | 'grants' | 'totpEnabled'>,
  origin: SessionOrigin,
): Acting {
  const actor: StaffActor = {
    kind: 'staff',
    accountId: account.id,
    email: account.email,
    displayName: account.displayName,
    grants: account.grants,
    totpEnabled: account.totpEnabled,
  };
  return { actor, channel: 'web', ip: origin.ip };
}

/** The audit record of a change to one account, readable in the gemeenten of its roles. */
function accountRecord(
  account: { id: string; grants: readonly RoleGrant[] },
  details?: Record<string, unknown>,
): CommandRecord {
  return {
    subject: { type: 'staff_account', id: account.id },
    municipalityCodes: municipalitiesOf(account.grants),
    ...(details ? { details } : {}),
  };
}

function municipalitiesOf(grants: readonly RoleGrant[]): string[] {
  return [...new Set(grants.map((g) => municipalityCodeOf(g.placeCode)))].sort();
}

function grantSummary(grants: readonly RoleGrant[]): string[] {
  return sortGrants(grants).map(
    (g) => `${g.role}@${g.placeCode}${g.organisation ? ` (${g.organisation})` : ''}`,
  );
}

/**
 * Identity's use cases: sign-in, sessions, passwords, TOTP, and the administrators' staff
 * management. Every change checks permission here (not only at the route) and writes its
 * audit entry in the same transaction.
 */
export class IdentityService {
  constructor(private readonly deps: IdentityServiceDeps) {}

  private get db(): Db {
    return this.deps.db;
  }

  private now(): Date {
    return this.deps.clock();
  }

  /** The set-up link for a token: PUBLIC_URL plus the page's path. */
  setupUrl(token: string): string {
    return `${this.deps.publicUrl}/account-instellen/${token}`;
  }

  // ---- sign-in

  /**
   * Checks an e-mail address and password. Unknown accounts, wrong passwords, accounts not yet
   * set up and disabled accounts all give the same answer after the same work (an argon2id
   * verification), so the answer reveals nothing about which accounts exist.
   */
  async signIn(email: string, password: string, origin: SessionOrigin): Promise<SignInResult> {
    const found = await findAccountByEmail(this.db, normalizeEmail(email));
    const ok = await verifyPassword(found?.passwordHash, password);
    if (!found || !ok || found.account.status !== 'active') return { kind: 'invalid' };
    const { account } = found;
    return this.deps.commands.run(actingAs(account, origin), 'identity.session.signed_in', (step) => {
      // The password, checked above, is what this command needs.
      step.openToAnyone();
      return this.startSessionAfterPassword(step, account, origin);
    });
  }

  /**
   * The session after a right password or a used set-up link: one waiting for the TOTP code
   * when the account has two-step verification, else a signed-in one.
   */
  private async startSessionAfterPassword(
    step: CommandStep,
    account: StaffAccount,
    origin: SessionOrigin,
  ): Promise<Exclude<SignInResult, { kind: 'invalid' }>> {
    if (account.totpEnabled) {
      const token = await this.deps.sessions.start(step.trx, account.id, 'second_factor', origin);
      step.recordNothing('half a sign-in: the entry is written when the second factor completes it');
      return { kind: 'second_factor', token };
    }
    return { kind: 'signed_in', token: await this.completeSignIn(step, account, origin), account };
  }

  private async completeSignIn(
    step: CommandStep,
    account: StaffAccount,
    origin: SessionOrigin,
  ): Promise<string> {
    const token = await this.deps.sessions.start(step.trx, account.id, 'signed_in', origin);
    await updateLastSignIn(step.trx, account.id, step.now);
    step.record({ ...accountRecord(account), action: 'identity.session.signed_in' });
    return token;
  }

  /**
   * Sign-in through the OpenID Connect provider, after its ID token was verified: only for an
   * active account with the address the provider vouches for (roles are never taken from the
   * provider). The subject is linked to the account on first use; a different subject for the
   * same account later is refused, so a re-used address at the provider cannot take the account
   * over. The provider's own second factor stands in for TOTP. Returns the session token.
   */
  async signInWithOidc(
    identity: { issuer: string; subject: string; email: string },
    origin: SessionOrigin,
  ): Promise<{ kind: 'signed_in'; token: string; account: StaffAccount } | { kind: OidcRefusal }> {
    const found = await findAccountByEmail(this.db, normalizeEmail(identity.email));
    if (!found || found.account.status !== 'active') return { kind: 'unknown_account' };
    const { account } = found;
    const acting = actingAs(account, origin);
    const result = await this.deps.commands.run(acting, 'identity.session.signed_in', async (step) => {
      // The provider's verified ID token, checked by the caller, is what this command needs.
      step.openToAnyone();
      const linked = await findOidcSubjectOfAccount(step.trx, account.id, identity.issuer);
      if (linked === undefined) {
        const at = step.now;
        if (!(await linkOidcSubject(step.trx, { accountId: account.id, ...identity, at }))) {
          step.recordNothing('refused: another subject was linked first; nothing changed');
          return undefined;
        }
        step.record({
          ...accountRecord(account, { issuer: identity.issuer }),
          action: 'identity.account.oidc_linked',
        });
      } else if (linked !== identity.subject) {
        step.recordNothing('refused: another subject is linked; nothing changed');
        return undefined;
      } else {
        await touchOidcSubject(step.trx, { accountId: account.id, issuer: identity.issuer, at: step.now });
      }
      return this.completeSignIn(step, account, origin);
    });
    if (result === undefined) {
      this.deps.log.warn(
        { accountId: account.id, issuer: identity.issuer },
        'oidc sign-in refused: another subject is linked to this account',
      );
      return { kind: 'other_subject' };
    }
    return { kind: 'signed_in', token: result, account };
  }

  /** The second step: the TOTP code for a session that passed its password. Replaces that session. */
  async completeSecondFactor(
    pending: SessionInfo,
    code: string,
    origin: SessionOrigin,
  ): Promise<SignInResult> {
    const found = await findAccountById(this.db, pending.accountId);
    if (!found || found.account.status !== 'active' || !found.account.totpEnabled || !found.totpSecret) {
      return { kind: 'invalid' };
    }
    const secret = this.deps.secretBox.open(found.totpSecret);
    const step = secret ? matchTotp(secret, code, this.now(), found.totpLastStep) : undefined;
    if (step === undefined) return { kind: 'invalid' };
    const acting = actingAs(found.account, origin);
    const token = await this.deps.commands.run(acting, 'identity.session.signed_in', async (command) => {
      // The TOTP code, checked above, is what this command needs.
      command.openToAnyone();
      if (!(await claimTotpStep(command.trx, found.account.id, step))) {
        command.recordNothing('the code was used already: nothing changed');
        return undefined;
      }
      await this.deps.sessions.end(command.trx, pending.id);
      return this.completeSignIn(command, found.account, origin);
    });
    return token ? { kind: 'signed_in', token, account: found.account } : { kind: 'invalid' };
  }

  signOut(sessionId: number): Promise<void> {
    return this.deps.sessions.end(this.db, sessionId);
  }

  /** Ends every session of the actor, this one included. */
  async signOutEverywhere(acting: StaffActing): Promise<number> {
    const { actor } = acting;
    return this.deps.commands.run(acting, 'identity.session.signed_out_everywhere', async (step) => {
      step.authorizeAnywhere(selfRule);
      const ended = await this.deps.sessions.endAll(step.trx, actor.accountId);
      step.record(accountRecord({ id: actor.accountId, grants: actor.grants }, { sessions: ended }));
      return ended;
    });
  }

  // ---- own account

  /** The actor's own account (with roles), for the account page. */
  async getOwnAccount(actor: StaffActor): Promise<StaffAccount> {
    const found = await findAccountById(this.db, actor.accountId);
    if (!found) throw new NotFoundError();
    return found.account;
  }

  /**
   * Changes the actor's password after checking the current one. Every other session ends:
   * whoever knew the old password is signed out.
   */
  async changePassword(
    acting: StaffActing,
    sessionId: number,
    input: { currentPassword: string; newPassword: string },
  ): Promise<void> {
    const found = await findAccountById(this.db, acting.actor.accountId);
    if (!found) throw new NotFoundError();
    const issues: FieldIssue[] = [];
    if (!(await verifyPassword(found.passwordHash, input.currentPassword))) {
      issues.push({ field: 'currentPassword', message: 'identity.errors.currentPasswordWrong' });
    }
    const problem = checkPassword(input.newPassword, { email: found.account.email });
    if (problem) issues.push(passwordIssue('newPassword', problem));
    if (issues.length > 0) throw new ValidationError(issues);
    const passwordHash = await hashPassword(input.newPassword);
    await this.deps.commands.run(acting, 'identity.account.password_changed', async (step) => {
      step.authorizeAnywhere(selfRule);
      await updatePassword(step.trx, found.account.id, { passwordHash, at: step.now });
      const ended = await this.deps.sessions.endAll(step.trx, found.account.id, { exceptId: sessionId });
      step.record(accountRecord(found.account, { otherSessionsEnded: ended }));
    });
  }

  /**
   * The TOTP secret to enrol, created on first visit and kept (sealed) until confirmed with a
   * code. Only administrators can turn on the second factor for now.
   */
  async prepareTotp(actor: StaffActor): Promise<{ secret: string; uri: string } | undefined> {
    if (!allows(identityPermissions['identity.totp.enrol'], actor)) throw new ForbiddenError();
    const found = await findAccountById(this.db, actor.accountId);
    if (!found) throw new NotFoundError();
    if (found.account.totpEnabled) return undefined;
    let secret = found.totpSecret ? this.deps.secretBox.open(found.totpSecret) : undefined;
    if (!secret) {
      secret = generateTotpSecret();
      await updateTotp(this.db, actor.accountId, {
        sealedSecret: this.deps.secretBox.seal(secret),
        enabledAt: null,
        lastStep: null,
        at: this.now(),
      });
    }
    return { secret, uri: otpauthUri(secret, actor.email, TOTP_ISSUER) };
  }

  /** Turns the second factor on once the app shows the right code. */
  async confirmTotp(acting: StaffActing, code: string): Promise<void> {
    if (!allows(totpRule, acting.actor)) throw new ForbiddenError();
    const found = await findAccountById(this.db, acting.actor.accountId);
    if (!found) throw new NotFoundError();
    if (found.account.totpEnabled) throw new ConflictError('identity.errors.totpAlreadyOn');
    const secret = found.totpSecret ? this.deps.secretBox.open(found.totpSecret) : undefined;
    const step = secret ? matchTotp(secret, code, this.now(), null) : undefined;
    if (!secret || step === undefined) {
      throw new ValidationError([{ field: 'code', message: 'identity.errors.codeWrong' }]);
    }
    await this.deps.commands.run(acting, 'identity.account.totp_enabled', async (command) => {
      command.authorizeAnywhere(totpRule);
      await updateTotp(command.trx, found.account.id, {
        sealedSecret: this.deps.secretBox.seal(secret),
        enabledAt: command.now,
        lastStep: step,
        at: command.now,
      });
      command.record(accountRecord(found.account));
    });
  }

  /** Turns the second factor off after checking the password. */
  async disableTotp(acting: StaffActing, password: string): Promise<void> {
    const found = await findAccountById(this.db, acting.actor.accountId);
    if (!found) throw new NotFoundError();
    if (!(await verifyPassword(found.passwordHash, password))) {
      throw new ValidationError([{ field: 'password', message: 'identity.errors.currentPasswordWrong' }]);
    }
    await this.deps.commands.run(acting, 'identity.account.totp_disabled', async (step) => {
      step.authorizeAnywhere(selfRule);
      await updateTotp(step.trx, found.account.id, {
        sealedSecret: null,
        enabledAt: null,
        lastStep: null,
        at: step.now,
      });
      step.record(accountRecord(found.account));
    });
  }

  // ---- set-up links

  /** The account a set-up link is for, while the link is unused and unexpired. */
  async findSetupLink(token: string): Promise<StaffAccount | undefined> {
    const link = await this.validLink(token);
    return link?.found.account;
  }

  private async validLink(token: string): Promise<{ id: number; found: AccountCredentials } | undefined> {
    if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return undefined;
    const link = await findTokenByHash(this.db, hashToken(token));
    if (!link || link.usedAt !== null || link.expiresAt.getTime() <= this.now().getTime()) return undefined;
    const found = await findAccountById(this.db, link.accountId);
    if (!found || found.account.status === 'disabled') return undefined;
    return { id: link.id, found };
  }

  /**
   * The person chooses their password through the link: the account becomes active, the link
   * is used up and any older sessions end. Without two-step verification they are signed in;
   * with it (a new link after a forgotten password) the link stands in for the password only,
   * so the session waits for their TOTP code like any sign-in (`second_factor`). Returns the
   * session token for the cookie.
   */
  async completeSetup(
    token: string,
    input: { displayName: string; password: string },
    origin: SessionOrigin,
  ): Promise<Exclude<SignInResult, { kind: 'invalid' }>> {
    const link = await this.validLink(token);
    if (!link) throw new NotFoundError('identity.errors.linkInvalid');
    const { account } = link.found;
    const issues: FieldIssue[] = [];
    const displayName = input.displayName.trim();
    if (displayName === '') issues.push({ field: 'displayName', message: 'errors.field.required' });
    if (displayName.length > 100)
      issues.push({ field: 'displayName', message: 'errors.field.tooLong', params: { max: 100 } });
    const problem = checkPassword(input.password, { email: account.email });
    if (problem) issues.push(passwordIssue('password', problem));
    if (issues.length > 0) throw new ValidationError(issues);
    const passwordHash = await hashPassword(input.password);
    const completed: StaffAccount = { ...account, status: 'active', displayName };
    return this.deps.commands.run(
      actingAs(completed, origin),
      'identity.account.setup_completed',
      async (step) => {
        // The set-up link, checked above and claimed here once, is what this command needs.
        step.openToAnyone();
        if (!(await claimToken(step.trx, link.id, step.now)))
          throw new NotFoundError('identity.errors.linkInvalid');
        await expireTokensOfAccount(step.trx, account.id, step.now);
        await updatePassword(step.trx, account.id, {
          passwordHash,
          status: 'active',
          displayName,
          at: step.now,
        });
        await this.deps.sessions.endAll(step.trx, account.id);
        step.record(accountRecord(account));
        return this.startSessionAfterPassword(step, completed, origin);
      },
    );
  }

  private async createLink(step: CommandStep, accountId: string): Promise<string> {
    const { trx } = step;
    const token = randomToken();
    const at = step.now;
    await expireTokensOfAccount(trx, accountId, at);
    await insertToken(trx, {
      accountId,
      tokenHash: hashToken(token),
      at,
      expiresAt: new Date(at.getTime() + SETUP_LINK_DAYS * DAY_MS),
    });
    return this.setupUrl(token);
  }

  /**
   * Mails the set-up link to the person, in the inviter's language, through the outbox in the
   * transaction that created the link: no mail for a link that was rolled back, and none lost
   * for one that was committed. The administrator still sees the link once on screen, for
   * someone whose mail does not arrive.
   */
  private async sendInvitation(
    step: CommandStep,
    locale: MailLocale,
    account: Pick<StaffAccount, 'id' | 'email' | 'displayName' | 'grants'>,
    setupUrl: string,
    kind: 'invitation' | 'new_link',
  ): Promise<void> {
    const { actor } = step.acting;
    const inviter = typeof actor !== 'string' && actor.kind === 'staff' ? actor.displayName : undefined;
    const words = INVITATION_MAIL[locale];
    // Sent for the gemeente of the person's roles that the inviter manages (the command line:
    // the gemeente it was given); one gemeente in practice.
    const gemeenten = municipalitiesOf(account.grants);
    const gemeente =
      gemeenten.find((code) => typeof actor !== 'string' && allows(manageRule, actor, { placeCode: code })) ??
      gemeenten[0];
    await queueMail(step.trx, {
      to: account.email,
      subject: words.subject[kind],
      gemeente: gemeente ?? null,
      // The link sets the account's password: it is sent, never kept in the outbox.
      secrets: [setupUrl],
      locale,
      ...withMailFooter(
        { text: words.body({ name: account.displayName, inviter, url: setupUrl, kind }) },
        { locale, publicUrl: this.deps.publicUrl, reason: words.reason },
      ),
    });
    this.deps.log.info({ accountId: account.id }, 'staff set-up link mailed');
  }

  // ---- staff management (administrators)

  private scopes(actor: Actor): string[] {
    return scopesOf(manageRule, actor);
  }

  private requireManager(actor: Actor): asserts actor is StaffActor {
    if (!allows(manageRule, actor)) throw new ForbiddenError();
  }

  /**
   * The command's permission to manage this account: the manager holds it at the place of one
   * of the account's roles (what `canManageAccount` asks of the account found before).
   */
  private authorizeManaging(step: CommandStep, account: Pick<StaffAccount, 'grants'>): void {
    const { actor } = step.acting;
    const grant = account.grants.find(
      (g) => typeof actor === 'string' || allows(manageRule, actor, { placeCode: g.placeCode }),
    );
    if (!grant) throw new NotFoundError();
    step.authorize(manageRule, grant.placeCode);
  }

  /** The gemeenten whose staff the actor manages, each with its wijken: what the forms offer. */
  async manageablePlaces(actor: Actor): Promise<PlaceDetail[]> {
    this.requireManager(actor);
    const gemeenten = [...new Set(this.scopes(actor).map(municipalityCodeOf))].sort();
    const details: PlaceDetail[] = [];
    for (const code of gemeenten) {
      try {
        details.push(await this.deps.places.getPlaceDetail(code));
      } catch (error) {
        if (!(error instanceof NotFoundError)) throw error;
      }
    }
    return details;
  }

  /** Staff holding a role in the actor's gemeenten. */
  async listStaff(actor: Actor): Promise<StaffAccount[]> {
    this.requireManager(actor);
    const gemeenten = [...new Set(this.scopes(actor).map(municipalityCodeOf))];
    const accounts = await findAccountsInMunicipalities(this.db, gemeenten);
    return accounts.filter((a) => canManageAccount(this.scopes(actor), a));
  }

  /** One staff member the actor may manage; NotFound otherwise (other gemeenten's staff do not exist for them). */
  getStaff(actor: Actor, id: string): Promise<StaffAccount> {
    return this.managedAccount(this.db, actor, id);
  }

  private async managedAccount(db: Queryable, actor: Actor, id: string): Promise<StaffAccount> {
    this.requireManager(actor);
    const found = /^[0-9a-f-]{36}$/.test(id) ? await findAccountById(db, id) : undefined;
    if (!found || !canManageAccount(this.scopes(actor), found.account)) throw new NotFoundError();
    return found.account;
  }

  private async checkGrants(grants: readonly RoleGrant[], scopes: readonly string[]): Promise<FieldIssue[]> {
    if (grants.length === 0) return [{ field: 'roles', message: 'identity.errors.noRoles' }];
    const issues: FieldIssue[] = [];
    for (const grant of grants) {
      const problem = checkGrant(grant);
      if (problem === 'organisation')
        issues.push({ field: 'organisation', message: 'identity.errors.organisationRequired' });
      else if (problem) issues.push({ field: 'roles', message: 'identity.errors.roleScope' });
      else if (!scopes.some((s) => municipalityCodeOf(s) === municipalityCodeOf(grant.placeCode))) {
        issues.push({ field: 'roles', message: 'identity.errors.outsideScope' });
      }
    }
    // One message per field is enough for the person filling in the form.
    return issues.filter((issue, i) => issues.findIndex((o) => o.field === issue.field) === i);
  }

  /**
   * Invites a member of staff: an account without a password, its roles, and a set-up link
   * valid for SETUP_LINK_DAYS, mailed to them (`sendInvitation`). Returns the link to show once.
   */
  async inviteStaff(
    acting: StaffActing,
    input: StaffInput,
    /** The inviter's language, for the mail; Dutch when unknown. */
    locale: MailLocale = 'nl',
  ): Promise<{ account: StaffAccount; setupUrl: string }> {
    const { actor } = acting;
    return this.deps.commands.run(acting, 'identity.staff.invited', async (step) => {
      step.authorizeAnywhere(manageRule);
      const { trx } = step;
      const email = normalizeEmail(input.email);
      const displayName = input.displayName.trim();
      const issues: FieldIssue[] = [];
      if (!isEmailAddress(email)) issues.push({ field: 'email', message: 'identity.errors.emailInvalid' });
      if (displayName === '') issues.push({ field: 'displayName', message: 'errors.field.required' });
      if (displayName.length > 100)
        issues.push({ field: 'displayName', message: 'errors.field.tooLong', params: { max: 100 } });
      issues.push(...(await this.checkGrants(input.grants, this.scopes(actor))));
      if (issues.length === 0 && (await findAccountByEmail(trx, email))) {
        issues.push({ field: 'email', message: 'identity.errors.emailTaken' });
      }
      if (issues.length > 0) throw new ValidationError(issues);
      for (const grant of input.grants) step.authorize(manageRule, grant.placeCode);
      const id = await insertAccount(trx, {
        email,
        displayName,
        status: 'invited',
        passwordHash: null,
        at: step.now,
      });
      await insertGrants(trx, id, input.grants);
      const setupUrl = await this.createLink(step, id);
      const account: StaffAccount = {
        id,
        email,
        displayName,
        status: 'invited',
        grants: input.grants,
        hasPassword: false,
        totpEnabled: false,
        createdAt: step.now,
        lastSignInAt: null,
      };
      step.record(accountRecord(account, { email, roles: grantSummary(input.grants) }));
      await this.sendInvitation(step, locale, account, setupUrl, 'invitation');
      return { account, setupUrl };
    });
  }

  /**
   * A new set-up link for someone invited earlier (the first expired) or who forgot their
   * password: older links stop working; the password changes only when the link is used.
   */
  async createSetupLink(acting: StaffActing, accountId: string, locale: MailLocale = 'nl'): Promise<string> {
    return this.deps.commands.run(acting, 'identity.staff.setup_link_created', async (step) => {
      const account = await this.managedAccount(step.trx, acting.actor, accountId);
      this.authorizeManaging(step, account);
      if (account.status === 'disabled') throw new ConflictError('identity.errors.accountDisabled');
      const url = await this.createLink(step, account.id);
      step.record(accountRecord(account));
      await this.sendInvitation(
        step,
        locale,
        account,
        url,
        account.status === 'invited' ? 'invitation' : 'new_link',
      );
      return url;
    });
  }

  /** Sets the roles the actor manages for this person; roles elsewhere stay. */
  async changeStaffRoles(acting: StaffActing, accountId: string, wanted: RoleGrant[]): Promise<StaffAccount> {
    const { actor } = acting;
    return this.deps.commands.run(acting, 'identity.staff.roles_changed', async (step) => {
      const { trx } = step;
      const account = await this.managedAccount(trx, actor, accountId);
      this.authorizeManaging(step, account);
      const scopes = this.scopes(actor);
      const issues = wanted.length === 0 ? [] : await this.checkGrants(wanted, scopes);
      if (issues.length > 0) throw new ValidationError(issues);
      const plan = planGrantChange({
        current: account.grants,
        wanted,
        scopes,
        isSelf: actor.accountId === account.id,
      });
      if ('problem' in plan) {
        if (plan.problem === 'outsideScope') throw new ForbiddenError();
        throw new ValidationError([{ field: 'roles', message: `identity.errors.${plan.problem}` }]);
      }
      if (plan.add.length === 0 && plan.remove.length === 0) {
        step.recordNothing('the roles were as wanted: nothing changed');
        return account;
      }
      await deleteGrants(trx, account.id, plan.remove);
      await insertGrants(trx, account.id, plan.add);
      const after = await findAccountById(trx, account.id);
      if (!after) throw new NotFoundError();
      step.record({
        ...accountRecord(after.account, {
          added: grantSummary(plan.add),
          removed: grantSummary(plan.remove),
        }),
        // Readable by the administrators of the gemeenten before and after the change.
        municipalityCodes: municipalitiesOf([...account.grants, ...after.account.grants]),
      });
      return after.account;
    });
  }

  /** Disables an account (it cannot sign in; its sessions end) or enables it again. */
  async setStaffDisabled(acting: StaffActing, accountId: string, disabled: boolean): Promise<void> {
    const { actor } = acting;
    const action = disabled ? 'identity.staff.disabled' : 'identity.staff.enabled';
    await this.deps.commands.run(acting, action, async (step) => {
      const { trx } = step;
      const account = await this.managedAccount(trx, actor, accountId);
      if (!canDisableAccount(this.scopes(actor), account, actor.accountId))
        throw new ForbiddenError('identity.errors.cannotDisable');
      // Every role of the account lies within the manager's places (canDisableAccount).
      for (const grant of account.grants) step.authorize(manageRule, grant.placeCode);
      if ((account.status === 'disabled') === disabled) {
        step.recordNothing('the account was so already: nothing changed');
        return;
      }
      const status = disabled ? 'disabled' : account.hasPassword ? 'active' : 'invited';
      await updateAccountStatus(trx, account.id, status, step.now);
      if (disabled) {
        await this.deps.sessions.endAll(trx, account.id);
        await expireTokensOfAccount(trx, account.id, step.now);
      }
      step.record(accountRecord(account));
    });
  }

  // ---- command line and demo

  /**
   * The first administrator of a gemeente, from the command line: an invited account with a
   * set-up link (never a password on the command line, where shell history keeps it).
   */
  async createAdministrator(
    acting: Acting,
    input: { email: string; displayName: string; gemeente: string },
  ): Promise<{
    account: StaffAccount;
    setupUrl: string;
  }> {
    const email = normalizeEmail(input.email);
    if (!isEmailAddress(email))
      throw new ValidationError([{ field: 'email', message: 'identity.errors.emailInvalid' }]);
    const grant: RoleGrant = { role: 'administrator', placeCode: input.gemeente, organisation: null };
    if (checkGrant(grant))
      throw new ValidationError([{ field: 'gemeente', message: 'identity.errors.roleScope' }]);
    await this.deps.places.getPlaceDetail(input.gemeente);
    if (await findAccountByEmail(this.db, email)) throw new ConflictError('identity.errors.emailTaken');
    return this.deps.commands.run(acting, 'identity.staff.invited', async (step) => {
      const { trx } = step;
      step.authorize(manageRule, input.gemeente);
      const id = await insertAccount(trx, {
        email,
        displayName: input.displayName,
        status: 'invited',
        passwordHash: null,
        at: step.now,
      });
      await insertGrants(trx, id, [grant]);
      const setupUrl = await this.createLink(step, id);
      const account: StaffAccount = {
        id,
        email,
        displayName: input.displayName,
        status: 'invited',
        grants: [grant],
        hasPassword: false,
        totpEnabled: false,
        createdAt: step.now,
        lastSignInAt: null,
      };
      step.record(accountRecord(account, { email, roles: grantSummary([grant]) }));
      await this.sendInvitation(step, 'nl', account, setupUrl, 'invitation');
      return { account, setupUrl };
    });
  }

  /** Creates an active account with a known password (the demo only), audited as the system. */
  async createDemoAccount(input: StaffInput & { password: string }): Promise<StaffAccount> {
    const passwordHash = await hashPassword(input.password);
    return this.deps.commands.run(DEMO_ACTING, 'identity.staff.demo_created', async (step) => {
      const { trx } = step;
      step.authorizeAnywhere(manageRule);
      const id = await insertAccount(trx, {
        email: normalizeEmail(input.email),
        displayName: input.displayName,
        status: 'active',
        passwordHash,
        at: step.now,
      });
      await insertGrants(trx, id, input.grants);
      const after = await findAccountById(trx, id);
      if (!after) throw new NotFoundError();
      step.record(
        accountRecord(
          { id, grants: input.grants },
          { email: after.account.email, roles: grantSummary(input.grants) },
        ),
      );
      return after.account;
    });
  }

  /** The id of the staff account with this address, if any: for privacy requests about staff. */
  async findAccountIdByEmail(email: string): Promise<string | undefined> {
    const found = await findAccountByEmail(this.db, normalizeEmail(email));
    return found?.account.id;
  }

  countAccounts(): Promise<number> {
    return countAccounts(this.db);
  }
}
