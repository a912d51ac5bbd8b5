// Set-up links: made for an invitation or a forgotten password, mailed, and used once to
// choose a password.

import { NotFoundError, ValidationError, type FieldIssue } from '../../shared/errors.js';
import { queueMail, withMailFooter, type MailLocale } from '../../mail/index.js';
import { allows, type CommandStep } from '../../access/index.js';
import {
  claimToken,
  expireTokensOfAccount,
  findAccountById,
  findTokenByHash,
  insertToken,
  updatePassword,
  type AccountCredentials,
} from './identity.repository.js';
import { hashPassword } from './password-hash.js';
import { checkPassword } from './password.js';
import type { SessionOrigin } from './session.service.js';
import type { StaffAccount } from './staff.js';
import { hashToken, randomToken } from './tokens.js';
import {
  accountRecord,
  actingAs,
  manageRule,
  municipalitiesOf,
  passwordIssue,
  type IdentityContext,
} from './identity.context.js';
import { startSessionAfterPassword, type SignInResult } from './sign-in.service.js';

/** A set-up link stays valid this long. */
export const SETUP_LINK_DAYS = 7;
const DAY_MS = 24 * 3600_000;

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

/** The set-up link for a token: PUBLIC_URL plus the page's path. */
export function setupUrl(ctx: IdentityContext, token: string): string {
  return `${ctx.publicUrl}/account-instellen/${token}`;
}

/** The account a set-up link is for, while the link is unused and unexpired. */
export async function findSetupLink(ctx: IdentityContext, token: string): Promise<StaffAccount | undefined> {
  const link = await validLink(ctx, token);
  return link?.found.account;
}

async function validLink(
  ctx: IdentityContext,
  token: string,
): Promise<{ id: number; found: AccountCredentials } | undefined> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return undefined;
  const link = await findTokenByHash(ctx.db, hashToken(token));
  if (!link || link.usedAt !== null || link.expiresAt.getTime() <= ctx.clock().getTime()) return undefined;
  const found = await findAccountById(ctx.db, link.accountId);
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
export async function completeSetup(
  ctx: IdentityContext,
  token: string,
  input: { displayName: string; password: string },
  origin: SessionOrigin,
): Promise<Exclude<SignInResult, { kind: 'invalid' }>> {
  const link = await validLink(ctx, token);
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
  return ctx.commands.run(actingAs(completed, origin), 'identity.account.setup_completed', async (step) => {
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
    await ctx.sessions.endAll(step.trx, account.id);
    step.record(accountRecord(account));
    return startSessionAfterPassword(ctx, step, completed, origin);
  });
}

export async function createLink(
  ctx: IdentityContext,
  step: CommandStep,
  accountId: string,
): Promise<string> {
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
  return setupUrl(ctx, token);
}

/**
 * Mails the set-up link to the person, in the inviter's language, through the outbox in the
 * transaction that created the link: no mail for a link that was rolled back, and none lost
 * for one that was committed. The administrator still sees the link once on screen, for
 * someone whose mail does not arrive.
 */
export async function sendInvitation(
  ctx: IdentityContext,
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
      { locale, publicUrl: ctx.publicUrl, reason: words.reason },
    ),
  });
  ctx.log.info({ accountId: account.id }, 'staff set-up link mailed');
}
