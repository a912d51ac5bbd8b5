import type {} from '@fastify/cookie';
import type { FastifyRequest } from 'fastify';
import type { Actor, PermissionSubject, SessionInfo } from '../access/index.js';
import type { Locale, Translate } from './i18n/i18n.js';

/**
 * Who may call a route. Every route declares one in `config.access`, and the access plugin
 * (`plugins/access.ts`) enforces it before the handler runs:
 * - `'public'`: anyone, signed in or not;
 * - `{ permission }`: signed-in staff holding that permission (declared in a module's
 *   permission table) somewhere;
 * - `{ permission, place }`: …holding it for the place the request is about, which `place`
 *   reads from the request (its params or query), e.g. `(r) => paramOf(r, 'code')`.
 */
export type RouteAccess =
  | 'public'
  | {
      permission: string;
      place?: (request: FastifyRequest) => string | undefined;
    };

/**
 * A rate limit a route declares in `config.rateLimit`: at most `max` requests per fixed
 * window for each key, counted in the database so every app process shares the count.
 * Build them with the helpers in `plugins/rate-limit.ts` (`byIp`, `byField`, `byAccount`,
 * `failuresOnly`).
 */
export interface RateLimitRule {
  /** Names the counter: `sign-in-ip`. Two routes using the same name share one budget. */
  name: string;
  max: number;
  windowSeconds: number;
  /** What is counted (an IP address, an e-mail address); undefined: the rule does not apply. */
  key(request: FastifyRequest): string | undefined;
  /**
   * `'attempts'` (the default): every request counts. `'failures'`: only requests whose handler
   * calls `request.countAsFailure()`; one at the limit is still refused before the handler.
   */
  counts?: 'attempts' | 'failures';
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The language of this response: from `?lang=`, the `lang` cookie, or Accept-Language. */
    locale: Locale;
    /** Translates a message key into `locale`. */
    t: Translate;
    /** Who is asking: anonymous, a resident, or signed-in staff with their roles. */
    actor: Actor;
    /** The staff session cookie's session, also one still waiting for its second factor. */
    staffSession: SessionInfo | undefined;
    /** `can(permission, subject?)` for this request's actor. */
    can(permission: string, subject?: PermissionSubject): boolean;
    /** Reports this attempt as failed (a wrong code) to the route's `failuresOnly` rate limits. */
    countAsFailure(): void;
  }
  interface FastifyReply {
    /** The CSRF token for forms on this page (issues the visitor's CSRF cookie when needed). */
    csrfToken(): string;
  }
  interface FastifyContextConfig {
    access?: RouteAccess;
    rateLimit?: readonly RateLimitRule[];
    /**
     * `'session-only'`: check the CSRF token only when the request has a session, staff or resident (sign
     * out, which does nothing without one). Every other state-changing route is always checked.
     */
    csrf?: 'session-only';
  }
}
