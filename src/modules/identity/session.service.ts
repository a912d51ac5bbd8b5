import type { Db, Queryable } from '../../db/database.js';
import type { Clock } from '../../shared/clock.js';
import { residentActorFor, type ResolvedSession, type SessionResolver } from '../../access/index.js';
import {
  deleteExpiredSessionsOfAccount,
  deleteResidentSession,
  deleteSession,
  findResidentSessionByTokenHash,
  insertResidentSession,
  updateResidentSessionLastSeen,
  deleteSessionsOfAccount,
  findSessionByTokenHash,
  findSessionsOfAccount,
  insertSession,
  updateSessionLastSeen,
} from './identity.repository.js';
import type { SessionStage, StaffSessionRecord } from './staff.js';
import { hashToken, randomToken } from './tokens.js';

export interface SessionSettings {
  /** Ends a session after this long without a request. */
  idleMs: number;
  /** Ends a session this long after sign-in, however active. */
  absoluteMs: number;
}

/** A session waiting for its TOTP code lives this long. */
const SECOND_FACTOR_MS = 5 * 60_000;
/** `last_seen_at` is written at most this often: one write a minute per active person, not per request. */
const TOUCH_INTERVAL_MS = 60_000;

/** Where a session comes from: shown on the account page so people recognise their devices. */
export interface SessionOrigin {
  ip: string | null;
  userAgent: string | null;
}

/**
 * Staff sessions in the database. The cookie holds 32 random bytes; the table holds their
 * SHA-256, so reading the table signs no one in. Each request costs one indexed query (the
 * session, its account and every role), plus one write a minute at most.
 */
export class SessionService implements SessionResolver {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    readonly settings: SessionSettings,
  ) {}

  /** The session a cookie's token belongs to, ending it when it timed out or its account was disabled. */
  async resolve(token: string): Promise<ResolvedSession> {
    if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return { status: 'none' };
    const found = await findSessionByTokenHash(this.db, hashToken(token));
    // Not staff: perhaps a resident who signed in by e-mail. A second indexed lookup, paid
    // only by cookies that are not staff sessions.
    if (!found) return this.resolveResident(token);
    const { session, account } = found;
    const now = this.clock().getTime();
    const idleLimit = session.stage === 'second_factor' ? SECOND_FACTOR_MS : this.settings.idleMs;
    const absoluteLimit = session.stage === 'second_factor' ? SECOND_FACTOR_MS : this.settings.absoluteMs;
    if (
      account.status !== 'active' ||
      now - session.lastSeenAt.getTime() > idleLimit ||
      now - session.createdAt.getTime() > absoluteLimit
    ) {
      await deleteSession(this.db, session.id);
      return { status: 'none' };
    }
    if (session.stage === 'second_factor') return { status: 'second_factor', session };
    if (now - session.lastSeenAt.getTime() >= TOUCH_INTERVAL_MS) {
      await updateSessionLastSeen(this.db, session.id, new Date(now));
    }
    return {
      status: 'active',
      session,
      actor: {
        kind: 'staff',
        accountId: account.id,
        email: account.email,
        displayName: account.displayName,
        grants: account.grants,
        totpEnabled: account.totpEnabled,
      },
    };
  }

  private async resolveResident(token: string): Promise<ResolvedSession> {
    const session = await findResidentSessionByTokenHash(this.db, hashToken(token));
    if (!session) return { status: 'none' };
    const now = this.clock().getTime();
    if (
      now - session.lastSeenAt.getTime() > this.settings.idleMs ||
      now - session.createdAt.getTime() > this.settings.absoluteMs
    ) {
      await deleteResidentSession(this.db, session.id);
      return { status: 'none' };
    }
    if (now - session.lastSeenAt.getTime() >= TOUCH_INTERVAL_MS) {
      await updateResidentSessionLastSeen(this.db, session.id, new Date(now));
    }
    return { status: 'resident', sessionId: session.id, actor: residentActorFor(session.email) };
  }

  /**
   * Starts a resident's session (after their e-mailed link), with the same cookie, timeouts and
   * fresh token as staff sessions. Returns the token for the cookie.
   */
  async startResident(db: Queryable, email: string): Promise<string> {
    const token = randomToken();
    await insertResidentSession(db, { tokenHash: hashToken(token), email, at: this.clock() });
    return token;
  }

  endResident(db: Queryable, sessionId: number): Promise<void> {
    return deleteResidentSession(db, sessionId);
  }

  /**
   * Starts a new session with a new random token: a sign-in never reuses a token the browser
   * already had, so a planted cookie cannot become a signed-in session (no fixation).
   * Returns the token for the cookie.
   */
  async start(db: Queryable, accountId: string, stage: SessionStage, origin: SessionOrigin): Promise<string> {
    const token = randomToken();
    const now = this.clock();
    await deleteExpiredSessionsOfAccount(db, accountId, {
      idleBefore: new Date(now.getTime() - this.settings.idleMs),
      createdBefore: new Date(now.getTime() - this.settings.absoluteMs),
    });
    await insertSession(db, {
      tokenHash: hashToken(token),
      accountId,
      stage,
      csrfToken: randomToken(),
      at: now,
      ip: origin.ip,
      userAgent: origin.userAgent?.slice(0, 300) ?? null,
    });
    return token;
  }

  end(db: Queryable, sessionId: number): Promise<void> {
    return deleteSession(db, sessionId);
  }

  /** Signs an account out everywhere, or everywhere but the current session. */
  endAll(db: Queryable, accountId: string, options: { exceptId?: number } = {}): Promise<number> {
    return deleteSessionsOfAccount(db, accountId, options);
  }

  list(accountId: string): Promise<StaffSessionRecord[]> {
    return findSessionsOfAccount(this.db, accountId);
  }
}
