import crypto from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { DomainError } from '../../shared/errors.js';
import { CSRF_FIELD } from '../views/form.js';
import { isApiRequest } from './error-handler.js';

/** The header that carries the token for JSON requests (and for forms that cannot carry a field). */
export const CSRF_HEADER = 'x-csrf-token';

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export interface CsrfPluginOptions {
  secretKey: string;
  secure: boolean;
}

function equal(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && crypto.timingSafeEqual(x, y);
}

/**
 * The token as a page carries it: XORed with a fresh random pad (`pad.masked`), so no two pages
 * hold the same bytes and compressed sizes (BREACH) cannot reveal it.
 */
export function maskToken(token: string): string {
  const bytes = Buffer.from(token);
  const pad = crypto.randomBytes(bytes.length);
  const masked = Buffer.alloc(bytes.length);
  for (let i = 0; i < bytes.length; i++) masked[i] = (bytes[i] ?? 0) ^ (pad[i] ?? 0);
  return `${pad.toString('base64url')}.${masked.toString('base64url')}`;
}

/** The token inside a masked one; anything not masked is returned as it came. */
export function unmaskToken(given: string): string {
  const [pad, masked, ...rest] = given.split('.');
  if (pad === undefined || masked === undefined || rest.length > 0) return given;
  const p = Buffer.from(pad, 'base64url');
  const m = Buffer.from(masked, 'base64url');
  if (p.length !== m.length || p.length === 0) return given;
  const token = Buffer.alloc(m.length);
  for (let i = 0; i < m.length; i++) token[i] = (m[i] ?? 0) ^ (p[i] ?? 0);
  return token.toString();
}

/**
 * Cross-site request forgery protection for every state-changing request.
 *
 * Pages (forms): a signed-in session has a synchronizer token stored with the session; a
 * visitor without a session gets a signed double-submit cookie (random value in a cookie; the
 * form carries HMAC(SECRET_KEY, value), which another site can neither read nor compute). The
 * token comes in the `_csrf` field (`CsrfField`) or the `X-CSRF-Token` header.
 *
 * JSON API: a request that is authenticated by the session cookie must send the session's
 * token in `X-CSRF-Token` (pages expose it for scripts as `<meta name="csrf-token">` when they
 * need it). A custom header cannot be sent cross-site without a CORS preflight this app never
 * grants, and the token ties the request to the session. API calls without the cookie carry
 * no ambient authority and need no token.
 */
export const csrfPlugin = fp(
  async (app: FastifyInstance, options: CsrfPluginOptions) => {
    const cookieName = options.secure ? '__Host-bk_csrf' : 'bk_csrf';
    const cookieOptions = { path: '/', httpOnly: true, sameSite: 'lax' as const, secure: options.secure };
    const sign = (value: string) =>
      crypto.createHmac('sha256', options.secretKey).update(`csrf|${value}`).digest('base64url');

    /** The token a form of this request must carry: the session's, or the visitor cookie's signature. */
    function expectedToken(request: FastifyRequest): string | undefined {
      const session = request.staffSession;
      if (session && session.stage === 'signed_in' && request.actor.kind === 'staff')
        return session.csrfToken;
      const cookie = request.cookies[cookieName];
      return cookie && /^[A-Za-z0-9_-]{43}$/.test(cookie) ? sign(cookie) : undefined;
    }

    app.decorateReply('csrfToken', function (this: FastifyReply) {
      const existing = expectedToken(this.request);
      if (existing) return maskToken(existing);
      // First form for this visitor: issue the cookie the token is bound to.
      const value = crypto.randomBytes(32).toString('base64url');
      this.setCookie(cookieName, value, cookieOptions);
      this.request.cookies[cookieName] = value;
      return maskToken(sign(value));
    });

    /** Whether this request's form must carry a token (a state-changing page request). */
    function needsFormToken(request: FastifyRequest): boolean {
      if (!STATE_CHANGING.has(request.method) || request.is404) return false;
      return !(
        request.routeOptions.config.csrf === 'session-only' &&
        !request.staffSession &&
        request.residentSessionId === undefined
      );
    }

    // Before the body is read: a form without the cookie (or session) its token is bound to can
    // never pass, so it is refused without reading a byte of it (a multipart form can be 30 MB).
    app.addHook('preParsing', async (request) => {
      if (!needsFormToken(request) || isApiRequest(request)) return;
      if (expectedToken(request) !== undefined) return;
      request.log.info('csrf cookie missing: refused before reading the body');
      throw new DomainError('forbidden', 'errors.csrf');
    });

    app.addHook('preValidation', async (request) => {
      if (!needsFormToken(request)) return;
      const header = request.headers[CSRF_HEADER];
      const fromHeader = typeof header === 'string' ? header : undefined;
      if (isApiRequest(request)) {
        // Only cookie-authenticated API requests can be forged from another site.
        if (!request.staffSession) return;
        const expected = expectedToken(request);
        if (expected && fromHeader && equal(expected, unmaskToken(fromHeader))) return;
        throw new DomainError('forbidden', 'errors.csrf');
      }
      const body = request.body;
      const field =
        body !== null && typeof body === 'object' && CSRF_FIELD in body
          ? Reflect.get(body, CSRF_FIELD)
          : undefined;
      const given = typeof field === 'string' ? field : fromHeader;
      const expected = expectedToken(request);
      if (expected && given && equal(expected, unmaskToken(given))) return;
      request.log.info(
        { hasToken: given !== undefined, hasExpected: expected !== undefined },
        'csrf token refused',
      );
      throw new DomainError('forbidden', 'errors.csrf');
    });
  },
  { name: 'csrf', dependencies: ['session'] },
);
