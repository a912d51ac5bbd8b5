import type { Db } from '../../db/database.js';
import { queueMail, withMailFooter, type MailLocale } from '../../mail/index.js';
import type { Clock } from '../../shared/clock.js';
import { isEmailAddress } from '../../shared/email.js';
import { ValidationError } from '../../shared/errors.js';
import { claimResidentToken, findUsableResidentToken, insertResidentToken } from './identity.repository.js';
import type { SessionService } from './session.service.js';
import { normalizeEmail } from './staff.js';
import { hashToken, randomToken } from './tokens.js';

/** A resident's sign-in link stays valid this long, and works once. */
export const RESIDENT_LINK_MINUTES = 20;

/** The path of a resident's sign-in link, without its token. */
export const RESIDENT_LINK_PATH = '/inloggen/bewoner';

const MAIL: Record<MailLocale, { subject: string; body: (url: string) => string; reason: string }> = {
  nl: {
    subject: 'Uw inloglink voor Buurtkracht',
    body: (url) =>
      [
        'Hallo,',
        '',
        'Met deze link logt u in op Buurtkracht:',
        url,
        '',
        `De link werkt ${RESIDENT_LINK_MINUTES} minuten en maar één keer.`,
        'Heeft u niet gevraagd om in te loggen? Dan kunt u deze e-mail negeren.',
      ].join('\n'),
    reason: 'U krijgt deze e-mail omdat iemand met dit e-mailadres wilde inloggen.',
  },
  en: {
    subject: 'Your sign-in link for Buurtkracht',
    body: (url) =>
      [
        'Hello,',
        '',
        'This link signs you in to Buurtkracht:',
        url,
        '',
        `The link works for ${RESIDENT_LINK_MINUTES} minutes, and only once.`,
        'Did you not ask to sign in? Then you can ignore this e-mail.',
      ].join('\n'),
    reason: 'You receive this e-mail because someone asked to sign in with this address.',
  },
};

/**
 * Residents sign in with their e-mail address: a one-time link (32 random bytes; only the hash
 * is stored) by mail, valid RESIDENT_LINK_MINUTES. There are no resident accounts, so every
 * valid address gets its link and the answer never tells whether an address was seen before.
 */
export class ResidentSignInService {
  constructor(private readonly deps: { db: Db; clock: Clock; sessions: SessionService; publicUrl: string }) {}

  /** Sends a sign-in link to the address, through the outbox. ValidationError for a malformed address. */
  async requestLink(emailInput: string, locale: MailLocale): Promise<void> {
    const email = normalizeEmail(emailInput);
    if (email === '') throw new ValidationError([{ field: 'email', message: 'errors.field.required' }]);
    if (!isEmailAddress(email))
      throw new ValidationError([{ field: 'email', message: 'identity.errors.emailInvalid' }]);
    const token = randomToken();
    const at = this.deps.clock();
    const url = `${this.deps.publicUrl}${RESIDENT_LINK_PATH}/${token}`;
    const words = MAIL[locale];
    await this.deps.db.transaction().execute(async (trx) => {
      await insertResidentToken(trx, {
        tokenHash: hashToken(token),
        email,
        at,
        expiresAt: new Date(at.getTime() + RESIDENT_LINK_MINUTES * 60_000),
      });
      await queueMail(trx, {
        to: email,
        subject: words.subject,
        // The platform's own mail, for no gemeente; the link signs in, so it is never kept.
        gemeente: null,
        secrets: [url],
        locale,
        ...withMailFooter(
          { text: words.body(url) },
          { locale, publicUrl: this.deps.publicUrl, reason: words.reason },
        ),
      });
    });
  }

  /**
   * The address a link was sent to while it is usable, without using it up: the landing page
   * asks for a click first, because mail scanners open links (GET) before the resident does.
   */
  async findLink(token: string): Promise<string | undefined> {
    if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return undefined;
    return findUsableResidentToken(this.deps.db, hashToken(token), this.deps.clock());
  }

  /**
   * Uses the link up and starts a resident session: returns the session token for the cookie,
   * or undefined when the link is unknown, used or expired.
   */
  async completeLink(token: string): Promise<string | undefined> {
    if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return undefined;
    return this.deps.db.transaction().execute(async (trx) => {
      const email = await claimResidentToken(trx, hashToken(token), this.deps.clock());
      return email === undefined ? undefined : this.deps.sessions.startResident(trx, email);
    });
  }

  /** Ends the staff session a browser had before a resident signed in on it. */
  endStaffSession(sessionId: number): Promise<void> {
    return this.deps.sessions.end(this.deps.db, sessionId);
  }

  /** Ends a resident's session (signing out). */
  signOut(sessionId: number): Promise<void> {
    return this.deps.sessions.endResident(this.deps.db, sessionId);
  }
}
