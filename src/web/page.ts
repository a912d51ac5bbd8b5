import type { FastifyReply, FastifyRequest } from 'fastify';
import type { VNode } from 'preact';
import { renderToString } from 'preact-render-to-string';
import type { Config } from '../config.js';
import { formatsFor, type Formats } from '../shared/format.js';
import type { Acting, Actor, AuditChannel, PermissionSubject } from '../access/index.js';
import type { FrontDoor, NavigationEntry } from './front-door.js';
import type { Locale, Translate } from './i18n/i18n.js';
import type { AssetUrl } from './plugins/static-assets.js';

/** What every page component needs to know about the request it answers. */
export interface PageContext {
  locale: Locale;
  t: Translate;
  /**
   * Numbers, dates and amounts in the page's language (`56.950`, `31 december 2026`, `€ 10`):
   * every figure a page shows goes through here, never `String(n)` or an ISO date.
   */
  format: Formats;
  /** CSP nonce for this response's scripts. */
  nonce: string;
  /** Path and query of this page, for the language switch. */
  url: string;
  asset: AssetUrl;
  map: Config['map'];
  /** Who is looking: the header shows staff their name and sign-out button. */
  actor: Actor;
  /** Whether the actor holds a permission (for links to pages they may open). */
  can(permission: string, subject?: PermissionSubject): boolean;
  /** The CSRF token every state-changing form carries (see `CsrfField`). */
  csrfToken(): string;
  /** Every module's navigation entries, sorted; the layout shows those the actor may open. */
  navigation: readonly NavigationEntry[];
}

/** What the pages are built with before the modules exist. */
export interface SiteDeps {
  asset: AssetUrl;
  map: Config['map'];
}

export interface WebDeps extends SiteDeps {
  /** Every module's navigation, home tasks, place sections and open data (see `FrontDoor`). */
  frontDoor: FrontDoor<PageContext>;
}

export function pageContext(request: FastifyRequest, reply: FastifyReply, deps: WebDeps): PageContext {
  const nonce = (reply as FastifyReply & { cspNonce?: { script: string } }).cspNonce?.script ?? '';
  return {
    locale: request.locale,
    t: request.t,
    format: formatsFor(request.locale),
    nonce,
    url: request.url,
    asset: deps.asset,
    map: deps.map,
    actor: request.actor,
    can: (permission, subject) => request.can(permission, subject),
    csrfToken: () => reply.csrfToken(),
    navigation: deps.frontDoor.navigation(),
  };
}

/**
 * Who acts in a request, for the shared command step: the signed-in actor (or anonymous), the
 * channel (`web` for pages, `api` for the JSON API, `service-desk` for staff entering on a
 * resident's behalf) and the client's address.
 */
export function actingOf(request: FastifyRequest, channel: AuditChannel = 'web'): Acting {
  return { actor: request.actor, channel, ip: request.ip };
}

/**
 * Renders a page component as a complete HTML document. Preact escapes every value. Pages are
 * revalidated (`no-cache`) unless the route chose a stricter policy first (`no-store` for a
 * page behind a secret link, `private` for a signed-in one): that choice is kept.
 */
export function sendPage(reply: FastifyReply, page: VNode, status = 200): FastifyReply {
  if (!reply.hasHeader('Cache-Control')) reply.header('Cache-Control', 'no-cache');
  return reply
    .status(status)
    .type('text/html; charset=utf-8')
    .send(`<!doctype html>${renderToString(page)}`);
}
