import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { ANONYMOUS, type Actor, type SessionInfo, type SessionResolver } from '../../access/index.js';

export interface SessionPluginOptions {
  sessions: SessionResolver;
  /** Secure cookies (PUBLIC_URL is https): then also the `__Host-` prefix. */
  secure: boolean;
  /** Requests that never need to know who asks (static assets): no session lookup. */
  skip(request: FastifyRequest): boolean;
}

/** The session cookie's name: `__Host-` pins it to this host and path `/`, over HTTPS only. */
export function sessionCookieName(secure: boolean): string {
  return secure ? '__Host-bk_session' : 'bk_session';
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The resident session of this request's cookie (a resident signed in by e-mail link). */
    residentSessionId: number | undefined;
  }
  interface FastifyReply {
    /** Sets the session cookie after sign-in (a new token every time). */
    setSessionCookie(token: string): FastifyReply;
    clearSessionCookie(): FastifyReply;
  }
}

const actors = new WeakMap<FastifyRequest, Actor>();

/**
 * Resolves `request.actor` (and `request.staffSession` or `request.residentSessionId`) from the session cookie on every
 * request: one indexed query. The cookie is HttpOnly and SameSite=Lax, Secure with the
 * `__Host-` prefix when the site runs on https; it has no Max-Age because the server decides
 * when a session ends (idle and absolute timeouts), not the browser.
 */
export const sessionPlugin = fp(
  async (app: FastifyInstance, options: SessionPluginOptions) => {
    const name = sessionCookieName(options.secure);
    const cookieOptions = { path: '/', httpOnly: true, sameSite: 'lax' as const, secure: options.secure };

    app.decorateRequest('actor', {
      getter(this: FastifyRequest): Actor {
        return actors.get(this) ?? ANONYMOUS;
      },
      setter(this: FastifyRequest, actor: Actor) {
        actors.set(this, actor);
      },
    });
    app.decorateRequest('staffSession', undefined);
    app.decorateRequest('residentSessionId', undefined);
    app.decorateReply('setSessionCookie', function (this: FastifyReply, token: string) {
      return this.setCookie(name, token, cookieOptions);
    });
    app.decorateReply('clearSessionCookie', function (this: FastifyReply) {
      return this.clearCookie(name, cookieOptions);
    });

    app.addHook('onRequest', async (request, reply) => {
      const token = request.cookies[name];
      if (!token || options.skip(request)) return;
      const resolved = await options.sessions.resolve(token);
      if (resolved.status === 'none') {
        reply.clearSessionCookie();
        return;
      }
      if (resolved.status === 'resident') {
        request.residentSessionId = resolved.sessionId;
        request.actor = resolved.actor;
      } else {
        request.staffSession = resolved.session satisfies SessionInfo;
        if (resolved.status === 'active') request.actor = resolved.actor;
      }
      // Pages behind a session are personal: no shared cache may keep them.
      reply.header('Cache-Control', 'private, no-cache');
    });
  },
  { name: 'session', dependencies: ['@fastify/cookie'] },
);
