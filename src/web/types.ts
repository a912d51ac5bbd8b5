import type {} from '@fastify/cookie';
import type { Locale, Translate } from './i18n/i18n.js';

/**
 * Who may call a route. Every route declares one in `config.access`; the identity module
 * turns permission names into checks against the signed-in actor.
 */
export type RouteAccess = 'public' | { permission: string };

declare module 'fastify' {
  interface FastifyRequest {
    /** The language of this response: from `?lang=`, the `lang` cookie, or Accept-Language. */
    locale: Locale;
    /** Translates a message key into `locale`. */
    t: Translate;
  }
  interface FastifyContextConfig {
    access?: RouteAccess;
  }
}
