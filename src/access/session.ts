import type { ResidentActor, StaffActor } from './actor.js';

/** `second_factor`: the password was right and the TOTP code is still to come. */
export type SessionStage = 'signed_in' | 'second_factor';

/** The staff session of the current request, as `request.staffSession` (never its token). */
export interface SessionInfo {
  id: number;
  accountId: string;
  stage: SessionStage;
  /** The synchronizer token forms of this session carry. */
  csrfToken: string;
  createdAt: Date;
  lastSeenAt: Date;
}

/** What a session cookie's token stands for. */
export type ResolvedSession =
  | { status: 'active'; session: SessionInfo; actor: StaffActor }
  | { status: 'second_factor'; session: SessionInfo }
  | { status: 'resident'; sessionId: number; actor: ResidentActor }
  | { status: 'none' };

/**
 * Turns a session cookie into who is asking: what the web layer's session plugin needs, and
 * what identity (which keeps the sessions) provides.
 */
export interface SessionResolver {
  resolve(token: string): Promise<ResolvedSession>;
}
