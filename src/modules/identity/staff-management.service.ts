// Administrators manage staff of their gemeenten: invitations, roles, disabling; and the
// first administrator (command line) and the demo's accounts.

import type { Queryable } from '../../db/database.js';
import { isEmailAddress } from '../../shared/email.js';
import {
  ConflictError,
  ForbiddenError,
  NotFoundError,
  ValidationError,
  type FieldIssue,
} from '../../shared/errors.js';
import type { MailLocale } from '../../mail/index.js';
import { municipalityCodeOf, type PlaceDetail } from '../places/index.js';
import {
  DEMO_ACTING,
  allows,
  checkGrant,
  scopesOf,
  type Acting,
  type Actor,
  type CommandStep,
  type RoleGrant,
  type StaffActor,
} from '../../access/index.js';
import {
  countAccounts as countAccountRows,
  deleteGrants,
  expireTokensOfAccount,
  findAccountByEmail,
  findAccountById,
  findAccountsInMunicipalities,
  insertAccount,
  insertGrants,
  updateAccountStatus,
} from './identity.repository.js';
import { hashPassword } from './password-hash.js';
import {
  canDisableAccount,
  canManageAccount,
  normalizeEmail,
  planGrantChange,
  type StaffAccount,
} from './staff.js';
import {
  accountRecord,
  grantSummary,
  manageRule,
  municipalitiesOf,
  type IdentityContext,
  type StaffActing,
} from './identity.context.js';
import { createLink, sendInvitation } from './setup-links.service.js';

/** New staff as an administrator enters them. */
export interface StaffInput {
  email: string;
  displayName: string;
  grants: RoleGrant[];
}

function managedScopes(actor: Actor): string[] {
  return scopesOf(manageRule, actor);
}

function requireManager(actor: Actor): asserts actor is StaffActor {
  if (!allows(manageRule, actor)) throw new ForbiddenError();
}

/**
 * The command's permission to manage this account: the manager holds it at the place of one
 * of the account's roles (what `canManageAccount` asks of the account found before).
 */
function authorizeManaging(step: CommandStep, account: Pick<StaffAccount, 'grants'>): void {
  const { actor } = step.acting;
  const grant = account.grants.find(
    (g) => typeof actor === 'string' || allows(manageRule, actor, { placeCode: g.placeCode }),
  );
  if (!grant) throw new NotFoundError();
  step.authorize(manageRule, grant.placeCode);
}

/** The gemeenten whose staff the actor manages, each with its wijken: what the forms offer. */
export async function manageablePlaces(ctx: IdentityContext, actor: Actor): Promise<PlaceDetail[]> {
  requireManager(actor);
  const gemeenten = [...new Set(managedScopes(actor).map(municipalityCodeOf))].sort();
  const details: PlaceDetail[] = [];
  for (const code of gemeenten) {
    try {
      details.push(await ctx.places.getPlaceDetail(code));
    } catch (error) {
      if (!(error instanceof NotFoundError)) throw error;
    }
  }
  return details;
}

/** Staff holding a role in the actor's gemeenten. */
export async function listStaff(ctx: IdentityContext, actor: Actor): Promise<StaffAccount[]> {
  requireManager(actor);
  const gemeenten = [...new Set(managedScopes(actor).map(municipalityCodeOf))];
  const accounts = await findAccountsInMunicipalities(ctx.db, gemeenten);
  return accounts.filter((a) => canManageAccount(managedScopes(actor), a));
}

/** One staff member the actor may manage; NotFound otherwise (other gemeenten's staff do not exist for them). */
export function getStaff(ctx: IdentityContext, actor: Actor, id: string): Promise<StaffAccount> {
  return managedAccount(ctx.db, actor, id);
}

async function managedAccount(db: Queryable, actor: Actor, id: string): Promise<StaffAccount> {
  requireManager(actor);
  const found = /^[0-9a-f-]{36}$/.test(id) ? await findAccountById(db, id) : undefined;
  if (!found || !canManageAccount(managedScopes(actor), found.account)) throw new NotFoundError();
  return found.account;
}

async function checkGrants(grants: readonly RoleGrant[], scopes: readonly string[]): Promise<FieldIssue[]> {
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
export async function inviteStaff(
  ctx: IdentityContext,
  acting: StaffActing,
  input: StaffInput,
  /** The inviter's language, for the mail; Dutch when unknown. */
  locale: MailLocale = 'nl',
): Promise<{ account: StaffAccount; setupUrl: string }> {
  const { actor } = acting;
  return ctx.commands.run(acting, 'identity.staff.invited', async (step) => {
    step.authorizeAnywhere(manageRule);
    const { trx } = step;
    const email = normalizeEmail(input.email);
    const displayName = input.displayName.trim();
    const issues: FieldIssue[] = [];
    if (!isEmailAddress(email)) issues.push({ field: 'email', message: 'identity.errors.emailInvalid' });
    if (displayName === '') issues.push({ field: 'displayName', message: 'errors.field.required' });
    if (displayName.length > 100)
      issues.push({ field: 'displayName', message: 'errors.field.tooLong', params: { max: 100 } });
    issues.push(...(await checkGrants(input.grants, managedScopes(actor))));
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
    const setupUrl = await createLink(ctx, step, id);
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
    await sendInvitation(ctx, step, locale, account, setupUrl, 'invitation');
    return { account, setupUrl };
  });
}

/**
 * A new set-up link for someone invited earlier (the first expired) or who forgot their
 * password: older links stop working; the password changes only when the link is used.
 */
export async function createSetupLink(
  ctx: IdentityContext,
  acting: StaffActing,
  accountId: string,
  locale: MailLocale = 'nl',
): Promise<string> {
  return ctx.commands.run(acting, 'identity.staff.setup_link_created', async (step) => {
    const account = await managedAccount(step.trx, acting.actor, accountId);
    authorizeManaging(step, account);
    if (account.status === 'disabled') throw new ConflictError('identity.errors.accountDisabled');
    const url = await createLink(ctx, step, account.id);
    step.record(accountRecord(account));
    await sendInvitation(
      ctx,
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
export async function changeStaffRoles(
  ctx: IdentityContext,
  acting: StaffActing,
  accountId: string,
  wanted: RoleGrant[],
): Promise<StaffAccount> {
  const { actor } = acting;
  return ctx.commands.run(acting, 'identity.staff.roles_changed', async (step) => {
    const { trx } = step;
    const account = await managedAccount(trx, actor, accountId);
    authorizeManaging(step, account);
    const scopes = managedScopes(actor);
    const issues = wanted.length === 0 ? [] : await checkGrants(wanted, scopes);
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
export async function setStaffDisabled(
  ctx: IdentityContext,
  acting: StaffActing,
  accountId: string,
  disabled: boolean,
): Promise<void> {
  const { actor } = acting;
  const action = disabled ? 'identity.staff.disabled' : 'identity.staff.enabled';
  await ctx.commands.run(acting, action, async (step) => {
    const { trx } = step;
    const account = await managedAccount(trx, actor, accountId);
    if (!canDisableAccount(managedScopes(actor), account, actor.accountId))
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
      await ctx.sessions.endAll(trx, account.id);
      await expireTokensOfAccount(trx, account.id, step.now);
    }
    step.record(accountRecord(account));
  });
}

/**
 * The first administrator of a gemeente, from the command line: an invited account with a
 * set-up link (never a password on the command line, where shell history keeps it).
 */
export async function createAdministrator(
  ctx: IdentityContext,
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
  await ctx.places.getPlaceDetail(input.gemeente);
  if (await findAccountByEmail(ctx.db, email)) throw new ConflictError('identity.errors.emailTaken');
  return ctx.commands.run(acting, 'identity.staff.invited', async (step) => {
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
    const setupUrl = await createLink(ctx, step, id);
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
    await sendInvitation(ctx, step, 'nl', account, setupUrl, 'invitation');
    return { account, setupUrl };
  });
}

/** Creates an active account with a known password (the demo only), audited as the system. */
export async function createDemoAccount(
  ctx: IdentityContext,
  input: StaffInput & { password: string },
): Promise<StaffAccount> {
  const passwordHash = await hashPassword(input.password);
  return ctx.commands.run(DEMO_ACTING, 'identity.staff.demo_created', async (step) => {
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
export async function findAccountIdByEmail(ctx: IdentityContext, email: string): Promise<string | undefined> {
  const found = await findAccountByEmail(ctx.db, normalizeEmail(email));
  return found?.account.id;
}

export function countAccounts(ctx: IdentityContext): Promise<number> {
  return countAccountRows(ctx.db);
}
