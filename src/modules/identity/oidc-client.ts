import crypto from 'node:crypto';
import * as client from 'openid-client';
import type { OidcConfig } from '../../config.js';

/** What the browser carries between the redirect to the provider and the way back. */
export interface OidcPending {
  state: string;
  nonce: string;
  codeVerifier: string;
  /** Where to go after signing in (a local path). */
  back: string;
  /** Milliseconds since the epoch after which the attempt is void. */
  expires: number;
}

/** The identity the provider vouched for, from a verified ID token (and userinfo if needed). */
export interface OidcIdentity {
  issuer: string;
  subject: string;
  email: string | undefined;
}

/** An attempt at the provider must come back within this time. */
const PENDING_MS = 10 * 60_000;

/**
 * The app as an OpenID Connect relying party (openid-client v6): authorization code flow with
 * PKCE, state and nonce. The pending attempt travels in a cookie signed with SECRET_KEY, so any
 * app process can finish it and no table fills with abandoned attempts.
 */
export class OidcClient {
  private discovered: Promise<client.Configuration> | undefined;

  constructor(
    private readonly settings: OidcConfig,
    private readonly deps: { publicUrl: string; secretKey: string },
  ) {}

  /** The redirect URI registered at the provider. */
  get redirectUri(): string {
    return `${this.deps.publicUrl}${OIDC_CALLBACK_PATH}`;
  }

  get issuer(): string {
    return this.settings.issuer;
  }

  /** The provider's metadata, fetched once; a failed discovery is tried again on the next sign-in. */
  private configuration(): Promise<client.Configuration> {
    if (!this.discovered) {
      const issuer = new URL(this.settings.issuer);
      // Plain http is possible only for a test's own provider: config refuses it elsewhere.
      const insecure = issuer.protocol === 'http:';
      this.discovered = client
        .discovery(
          issuer,
          this.settings.clientId,
          this.settings.clientSecret,
          undefined,
          insecure ? { execute: [client.allowInsecureRequests] } : undefined,
        )
        .catch((error: unknown) => {
          this.discovered = undefined;
          throw error;
        });
    }
    return this.discovered;
  }

  /** Starts an attempt: the provider's URL to send the browser to, and the cookie value to keep. */
  async start(back: string, now: Date): Promise<{ url: string; cookie: string }> {
    const config = await this.configuration();
    const pending: OidcPending = {
      state: client.randomState(),
      nonce: client.randomNonce(),
      codeVerifier: client.randomPKCECodeVerifier(),
      back,
      expires: now.getTime() + PENDING_MS,
    };
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: this.redirectUri,
      scope: 'openid email profile',
      state: pending.state,
      nonce: pending.nonce,
      code_challenge: await client.calculatePKCECodeChallenge(pending.codeVerifier),
      code_challenge_method: 'S256',
    });
    return { url: url.href, cookie: this.seal(pending) };
  }

  /** The attempt in a cookie, if it is ours (signature) and not expired. */
  openPending(cookie: string | undefined, now: Date): OidcPending | undefined {
    if (!cookie) return undefined;
    const [payload, signature] = cookie.split('.');
    if (!payload || !signature || !safeEqual(signature, this.sign(payload))) return undefined;
    try {
      const value: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
      if (!isPending(value) || value.expires < now.getTime()) return undefined;
      return value;
    } catch {
      return undefined;
    }
  }

  /**
   * Finishes an attempt from the provider's redirect (`currentUrl` carries code, state and
   * issuer): exchanges the code, checks state, nonce and PKCE and the ID token's signature,
   * issuer, audience and lifetime (openid-client does), and reads the e-mail claim, from the ID
   * token or else from userinfo. Throws when any check fails.
   */
  async finish(currentUrl: URL, pending: OidcPending): Promise<OidcIdentity> {
    const config = await this.configuration();
    const tokens = await client.authorizationCodeGrant(config, currentUrl, {
      pkceCodeVerifier: pending.codeVerifier,
      expectedState: pending.state,
      expectedNonce: pending.nonce,
      idTokenExpected: true,
    });
    const claims = tokens.claims();
    if (!claims) throw new Error('the provider sent no ID token');
    let email = emailFrom(claims, this.settings.emailClaim);
    if (email === undefined) {
      const info = await client.fetchUserInfo(config, tokens.access_token, claims.sub);
      email = emailFrom(info, this.settings.emailClaim);
    }
    return { issuer: claims.iss, subject: claims.sub, email };
  }

  private sign(payload: string): string {
    return crypto.createHmac('sha256', this.deps.secretKey).update(`oidc|${payload}`).digest('base64url');
  }

  private seal(pending: OidcPending): string {
    const payload = Buffer.from(JSON.stringify(pending), 'utf8').toString('base64url');
    return `${payload}.${this.sign(payload)}`;
  }
}

/** The provider sends the browser back here (register it as the redirect URI). */
export const OIDC_CALLBACK_PATH = '/inloggen/oidc/terug';

/**
 * The configured claim as an address. With the standard `email` claim, an address the
 * provider itself marks as unverified is not taken.
 */
function emailFrom(claims: Record<string, unknown>, claim: string): string | undefined {
  const value = claims[claim];
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  if (claim === 'email' && claims.email_verified === false) return undefined;
  return value.trim();
}

function isPending(value: unknown): value is OidcPending {
  if (typeof value !== 'object' || value === null) return false;
  const fields = ['state', 'nonce', 'codeVerifier', 'back'].map((k) => Reflect.get(value, k));
  return fields.every((f) => typeof f === 'string') && typeof Reflect.get(value, 'expires') === 'number';
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && crypto.timingSafeEqual(x, y);
}
