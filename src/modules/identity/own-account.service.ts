// A member of staff's own account: password and the second factor (TOTP).

import {
  ConflictError,
  ForbiddenError,
  NotFoundError,
  ValidationError,
  type FieldIssue,
} from '../../shared/errors.js';
import { allows, type StaffActor } from '../../access/index.js';
import { identityPermissions } from './identity.permissions.js';
import { findAccountById, updatePassword, updateTotp } from './identity.repository.js';
import { hashPassword, verifyPassword } from './password-hash.js';
import { checkPassword } from './password.js';
import type { StaffAccount } from './staff.js';
import { generateTotpSecret, matchTotp, otpauthUri } from './totp.js';
import {
  accountRecord,
  passwordIssue,
  selfRule,
  totpRule,
  type IdentityContext,
  type StaffActing,
} from './identity.context.js';

/** The issuer name authenticator apps show beside the code. */
const TOTP_ISSUER = 'Buurtkracht';

/** The actor's own account (with roles), for the account page. */
export async function getOwnAccount(ctx: IdentityContext, actor: StaffActor): Promise<StaffAccount> {
  const found = await findAccountById(ctx.db, actor.accountId);
  if (!found) throw new NotFoundError();
  return found.account;
}

/**
 * Changes the actor's password after checking the current one. Every other session ends:
 * whoever knew the old password is signed out.
 */
export async function changePassword(
  ctx: IdentityContext,
  acting: StaffActing,
  sessionId: number,
  input: { currentPassword: string; newPassword: string },
): Promise<void> {
  const found = await findAccountById(ctx.db, acting.actor.accountId);
  if (!found) throw new NotFoundError();
  const issues: FieldIssue[] = [];
  if (!(await verifyPassword(found.passwordHash, input.currentPassword))) {
    issues.push({ field: 'currentPassword', message: 'identity.errors.currentPasswordWrong' });
  }
  const problem = checkPassword(input.newPassword, { email: found.account.email });
  if (problem) issues.push(passwordIssue('newPassword', problem));
  if (issues.length > 0) throw new ValidationError(issues);
  const passwordHash = await hashPassword(input.newPassword);
  await ctx.commands.run(acting, 'identity.account.password_changed', async (step) => {
    step.authorizeAnywhere(selfRule);
    await updatePassword(step.trx, found.account.id, { passwordHash, at: step.now });
    const ended = await ctx.sessions.endAll(step.trx, found.account.id, { exceptId: sessionId });
    step.record(accountRecord(found.account, { otherSessionsEnded: ended }));
  });
}

/**
 * The TOTP secret to enrol, created on first visit and kept (sealed) until confirmed with a
 * code. Only administrators can turn on the second factor for now.
 */
export async function prepareTotp(
  ctx: IdentityContext,
  actor: StaffActor,
): Promise<{ secret: string; uri: string } | undefined> {
  if (!allows(identityPermissions['identity.totp.enrol'], actor)) throw new ForbiddenError();
  const found = await findAccountById(ctx.db, actor.accountId);
  if (!found) throw new NotFoundError();
  if (found.account.totpEnabled) return undefined;
  let secret = found.totpSecret ? ctx.secretBox.open(found.totpSecret) : undefined;
  if (!secret) {
    secret = generateTotpSecret();
    await updateTotp(ctx.db, actor.accountId, {
      sealedSecret: ctx.secretBox.seal(secret),
      enabledAt: null,
      lastStep: null,
      at: ctx.clock(),
    });
  }
  return { secret, uri: otpauthUri(secret, actor.email, TOTP_ISSUER) };
}

/** Turns the second factor on once the app shows the right code. */
export async function confirmTotp(ctx: IdentityContext, acting: StaffActing, code: string): Promise<void> {
  if (!allows(totpRule, acting.actor)) throw new ForbiddenError();
  const found = await findAccountById(ctx.db, acting.actor.accountId);
  if (!found) throw new NotFoundError();
  if (found.account.totpEnabled) throw new ConflictError('identity.errors.totpAlreadyOn');
  const secret = found.totpSecret ? ctx.secretBox.open(found.totpSecret) : undefined;
  const step = secret ? matchTotp(secret, code, ctx.clock(), null) : undefined;
  if (!secret || step === undefined) {
    throw new ValidationError([{ field: 'code', message: 'identity.errors.codeWrong' }]);
  }
  await ctx.commands.run(acting, 'identity.account.totp_enabled', async (command) => {
    command.authorizeAnywhere(totpRule);
    await updateTotp(command.trx, found.account.id, {
      sealedSecret: ctx.secretBox.seal(secret),
      enabledAt: command.now,
      lastStep: step,
      at: command.now,
    });
    command.record(accountRecord(found.account));
  });
}

/** Turns the second factor off after checking the password. */
export async function disableTotp(
  ctx: IdentityContext,
  acting: StaffActing,
  password: string,
): Promise<void> {
  const found = await findAccountById(ctx.db, acting.actor.accountId);
  if (!found) throw new NotFoundError();
  if (!(await verifyPassword(found.passwordHash, password))) {
    throw new ValidationError([{ field: 'password', message: 'identity.errors.currentPasswordWrong' }]);
  }
  await ctx.commands.run(acting, 'identity.account.totp_disabled', async (step) => {
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
