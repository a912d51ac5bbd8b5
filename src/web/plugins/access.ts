import type { FastifyInstance, FastifyRequest, RouteOptions } from 'fastify';
import fp from 'fastify-plugin';
import type { Permissions } from '../../access/index.js';
import { DomainError, ForbiddenError } from '../../shared/errors.js';
import type { RouteAccess } from '../types.js';
import { isApiRequest } from './error-handler.js';

/** A registered route and the access it declares, as the route sweep sees it. */
export interface RouteAccessEntry {
  method: string;
  url: string;
  access: RouteAccess | undefined;
}

const routesByApp = new WeakMap<FastifyInstance, RouteOptions[]>();

/** Every route the app registered (plugins' and automatic HEAD routes included) with its access. */
export function listRouteAccess(app: FastifyInstance): RouteAccessEntry[] {
  return (routesByApp.get(app) ?? []).flatMap((route) =>
    (Array.isArray(route.method) ? route.method : [route.method]).map((method) => ({
      method: String(method),
      url: route.url,
      access: route.config?.access,
    })),
  );
}

/**
 * The routes that fail the rule "every route declares who may call it": no `config.access`,
 * or a permission no module declares.
 */
export function findAccessProblems(routes: readonly RouteAccessEntry[], permissions: Permissions): string[] {
  const problems: string[] = [];
  for (const route of routes) {
    if (route.access === undefined) problems.push(`${route.method} ${route.url}: no config.access`);
    else if (route.access !== 'public' && !permissions.has(route.access.permission)) {
      problems.push(`${route.method} ${route.url}: unknown permission ${route.access.permission}`);
    }
  }
  return problems;
}

const LOCAL_ORIGIN = 'http://local.invalid';

/**
 * Only a path on this site may follow sign-in (`/beheer?x=1`), never another site. Decided on
 * the path as a browser resolves it, which is also what is returned: `/.//evil.example` or
 * `/%2e%2e//evil.example` lose their dot segment and become `//evil.example`, another site.
 * Refused: anything not starting with one `/`, backslashes and control characters (browsers
 * read them as `/` or drop them), and a result that would resolve again to something else.
 */
export function safeLocalPath(value: unknown, fallback = '/'): string {
  if (typeof value !== 'string' || value.length > 2000 || !value.startsWith('/')) return fallback;
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
  if (/[\u0000-\u001f\u007f\\]/.test(value)) return fallback;
  const path = localPathOf(value);
  if (path === undefined || path.startsWith('//')) return fallback;
  // Nothing left to normalise: what the browser resolves is exactly this path.
  return localPathOf(path) === path ? path : fallback;
}

/** Path and query of `value` resolved on this site; undefined when it leaves the site. */
function localPathOf(value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value, LOCAL_ORIGIN);
  } catch {
    return undefined;
  }
  return url.origin === LOCAL_ORIGIN ? `${url.pathname}${url.search}` : undefined;
}

export interface AccessPluginOptions {
  permissions: Permissions;
  /** Where pages send visitors who must sign in first. */
  signInPath: string;
}

/**
 * One hook enforces every route's `config.access`:
 * - `'public'` passes;
 * - a permission needs signed-in staff holding it (for the route's place, if it names one).
 *   Pages send a visitor who is not signed in to the sign-in page with `?terug=` (a local path
 *   only); the API answers 401. Signed-in staff without the permission get 403.
 * A route without `config.access` is refused (deny by default), and the app does not start
 * while one exists: the sweep in `onReady` lists them.
 */
export const accessPlugin = fp(
  async (app: FastifyInstance, options: AccessPluginOptions) => {
    const { permissions } = options;
    const routes: RouteOptions[] = [];
    routesByApp.set(app, routes);
    // Keep the route options themselves: hooks of plugins registered later (static assets)
    // still set their config after this hook has seen the route.
    app.addHook('onRoute', (route) => {
      routes.push(route);
    });
    app.addHook('onReady', async () => {
      const problems = findAccessProblems(listRouteAccess(app), permissions);
      if (problems.length > 0) throw new Error(`Routes without valid access:\n  ${problems.join('\n  ')}`);
    });

    app.decorateRequest(
      'can',
      function (this: FastifyRequest, permission: string, subject?: { placeCode?: string }) {
        return permissions.can(this.actor, permission, subject);
      },
    );

    app.addHook('onRequest', async (request, reply) => {
      if (request.is404) return;
      const access = request.routeOptions.config.access;
      if (access === 'public') return;
      if (access === undefined) throw new ForbiddenError();
      const placeCode = access.place?.(request);
      if (request.can(access.permission, { placeCode })) return;
      if (request.actor.kind === 'staff') throw new ForbiddenError();
      if (isApiRequest(request)) throw new DomainError('unauthenticated', 'errors.unauthenticated');
      const back = request.method === 'GET' ? `?terug=${encodeURIComponent(safeLocalPath(request.url))}` : '';
      return reply.header('Cache-Control', 'no-store').redirect(`${options.signInPath}${back}`, 303);
    });
  },
  { name: 'access', dependencies: ['session'] },
);
