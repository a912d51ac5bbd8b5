// Signing in: password (and TOTP), the OpenID Connect provider, signing out.

import type { CommandStep } from '../../access/index.js';
import {
  claimTotpStep,
  findAccountByEmail,
  findAccountById,
  findOidcSubjectOfAccount,
  linkOidcSubject,
  touchOidcSubject,
  updateLastSignIn,
} from './identity.repository.js';
import { verifyPassword } from './password-hash.js';
import type { SessionOrigin } from './session.service.js';
import { normalizeEmail, type SessionInfo, type StaffAccount } from './staff.js';
import { matchTotp } from './totp.js';
import {
  accountRecord,
  actingAs,
  selfRule,
  type IdentityContext,
  type StaffActing,
} from './identity.context.js';

/** Why a sign-in through the OpenID Connect provider was refused. */
export type OidcRefusal = 'unknown_account' | 'other_subject';

export type SignInResult =
  | { kind: 'signed_in'; token: string; account: StaffAccount }
  | { kind: 'second_factor'; token: string }
  | { kind: 'invalid' };

/**
 * Checks an e-mail address and password. Unknown accounts, wrong passwords, accounts not yet
 * set up and disabled accounts all give the same answer after the same work (an argon2id
 * verification), so the answer reveals nothing about which accounts exist.
 */
export async function signIn(
  ctx: IdentityContext,
  email: string,
  password: string,
  origin: SessionOrigin,
): Promise<SignInResult> {
  const found = await findAccountByEmail(ctx.db, normalizeEmail(email));
  const ok = await verifyPassword(found?.passwordHash, password);
  if (!found || !ok || found.account.status !== 'active') return { kind: 'invalid' };
  const { account } = found;
  return ctx.commands.run(actingAs(account, origin), 'identity.session.signed_in', (step) => {
    // The password, checked above, is what this command needs.
    step.openToAnyone();
    return startSessionAfterPassword(ctx, step, account, origin);
  });
}

/**
 * The session after a right password or a used set-up link: one waiting for the TOTP code
 * when the account has two-step verification, else a signed-in one.
 */
export async function startSessionAfterPassword(
  ctx: IdentityContext,
  step: CommandStep,
  account: StaffAccount,
  origin: SessionOrigin,
): Promise<Exclude<SignInResult, { kind: 'invalid' }>> {
  if (account.totpEnabled) {
    const token = await ctx.sessions.start(step.trx, account.id, 'second_factor', origin);
    step.recordNothing('half a sign-in: the entry is written when the second factor completes it');
    return { kind: 'second_factor', token };
  }
  return { kind: 'signed_in', token: await completeSignIn(ctx, step, account, origin), account };
}

async function completeSignIn(
  ctx: IdentityContext,
  step: CommandStep,
  account: StaffAccount,
  origin: SessionOrigin,
): Promise<string> {
  const token = await ctx.sessions.start(step.trx, account.id, 'signed_in', origin);
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
export async function signInWithOidc(
  ctx: IdentityContext,
  identity: { issuer: string; subject: string; email: string },
  origin: SessionOrigin,
): Promise<{ kind: 'signed_in'; token: string; account: StaffAccount } | { kind: OidcRefusal }> {
  const found = await findAccountByEmail(ctx.db, normalizeEmail(identity.email));
  if (!found || found.account.status !== 'active') return { kind: 'unknown_account' };
  const { account } = found;
  const acting = actingAs(account, origin);
  const result = await ctx.commands.run(acting, 'identity.session.signed_in', async (step) => {
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
    return completeSignIn(ctx, step, account, origin);
  });
  if (result === undefined) {
    ctx.log.warn(
      { accountId: account.id, issuer: identity.issuer },
      'oidc sign-in refused: another subject is linked to this account',
    );
    return { kind: 'other_subject' };
  }
  return { kind: 'signed_in', token: result, account };
}

/** The second step: the TOTP code for a session that passed its password. Replaces that session. */
export async function completeSecondFactor(
  ctx: IdentityContext,
  pending: SessionInfo,
  code: string,
  origin: SessionOrigin,
): Promise<SignInResult> {
  const found = await findAccountById(ctx.db, pending.accountId);
  if (!found || found.account.status !== 'active' || !found.account.totpEnabled || !found.totpSecret) {
    return { kind: 'invalid' };
  }
  const secret = ctx.secretBox.open(found.totpSecret);
  const step = secret ? matchTotp(secret, code, ctx.clock(), found.totpLastStep) : undefined;
  if (step === undefined) return { kind: 'invalid' };
  const acting = actingAs(found.account, origin);
  const token = await ctx.commands.run(acting, 'identity.session.signed_in', async (command) => {
    // The TOTP code, checked above, is what this command needs.
    command.openToAnyone();
    if (!(await claimTotpStep(command.trx, found.account.id, step))) {
      command.recordNothing('the code was used already: nothing changed');
      return undefined;
    }
    await ctx.sessions.end(command.trx, pending.id);
    return completeSignIn(ctx, command, found.account, origin);
  });
  return token ? { kind: 'signed_in', token, account: found.account } : { kind: 'invalid' };
}

export function signOut(ctx: IdentityContext, sessionId: number): Promise<void> {
  return ctx.sessions.end(ctx.db, sessionId);
}

/** Ends every session of the actor, this one included. */
export async function signOutEverywhere(ctx: IdentityContext, acting: StaffActing): Promise<number> {
  const { actor } = acting;
  return ctx.commands.run(acting, 'identity.session.signed_out_everywhere', async (step) => {
    step.authorizeAnywhere(selfRule);
    const ended = await ctx.sessions.endAll(step.trx, actor.accountId);
    step.record(accountRecord({ id: actor.accountId, grants: actor.grants }, { sessions: ended }));
    return ended;
  });
}
