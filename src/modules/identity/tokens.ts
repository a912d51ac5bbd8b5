import crypto from 'node:crypto';

/** 32 random bytes as base64url: session cookies and set-up links. */
export function randomToken(): string {
  return crypto.randomBytes(32).toString('base64url');
}

/**
 * What the database keeps of a token: its SHA-256. The token has 256 bits of entropy, so a
 * plain hash (no salt, no slow hash) is enough to make a copy of the table useless, and the
 * lookup stays one indexed equality.
 */
export function hashToken(token: string): string {
  return crypto.createHash('sha256').update(token).digest('hex');
}
