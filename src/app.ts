import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import swagger from '@fastify/swagger';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { sql } from 'kysely';
import { z } from 'zod';
import type { Config } from './config.js';
import type { Database } from './db/database.js';
import { SIGN_IN_PATH } from './modules/identity/index.js';
import { createAppI18n, createModules, frontDoorOf, listModules, type Modules } from './modules/index.js';
import { Permissions } from './access/index.js';
import { systemClock, type Clock } from './shared/clock.js';
import { builtAssetsDir } from './shared/paths.js';
import type { SiteDeps, WebDeps } from './web/page.js';
import { accessPlugin } from './web/plugins/access.js';
import { compressionPlugin } from './web/plugins/compression.js';
import { csrfPlugin } from './web/plugins/csrf.js';
import { errorHandlerPlugin } from './web/plugins/error-handler.js';
import { i18nPlugin } from './web/plugins/i18n.js';
import { inputGuardPlugin } from './web/plugins/input-guard.js';
import { rateLimitPlugin } from './web/plugins/rate-limit.js';
import { securityHeadersPlugin } from './web/plugins/security-headers.js';
import { sessionPlugin } from './web/plugins/session.js';
import { assetUrlFor, readAssetManifest, staticAssetsPlugin } from './web/plugins/static-assets.js';
import { RateLimitStore } from './web/rate-limit-store.js';
import './web/types.js';

export interface AppDeps {
  config: Config;
  database: Database;
  /** The process's pino logger; tests leave it out for a silent app. */
  logger?: FastifyBaseLogger;
  /** The current time; tests pass one they can move (session timeouts, link expiry). */
  clock?: Clock;
}

export interface App {
  app: FastifyInstance;
  /** Every module, built once (`createModules`); `listModules` gives them in order. */
  modules: Modules;
  /** Every module's permission table: what `config.access` and `can()` check against. */
  permissions: Permissions;
}

/**
 * Builds the web application: the web plugins in order, then each module's routes. Never
 * listens, so tests drive it with `app.inject()` and main.ts decides where it runs.
 */
export async function buildApp(deps: AppDeps): Promise<App> {
  const { config, database } = deps;
  const app = Fastify({
    ...(deps.logger ? { loggerInstance: deps.logger } : { logger: false }),
    // Only the listed proxies' X-Forwarded-For entries count (config.ts says why not `true`).
    trustProxy: config.trustProxy === false ? false : [...config.trustProxy],
    bodyLimit: 1024 * 1024,
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  const assetVersion = readAssetManifest(builtAssetsDir).version;
  const site: SiteDeps = { asset: assetUrlFor(assetVersion), map: config.map };
  const clock = deps.clock ?? systemClock;
  const modules = createModules({ config, database, web: site, clock, log: app.log });
  const web: WebDeps = { ...site, frontDoor: frontDoorOf(modules) };
  const all = listModules(modules);
  const permissions = new Permissions(all.flatMap((m) => (m.permissions ? [m.permissions] : [])));
  const i18n = createAppI18n(modules);
  const secure = config.publicUrl.startsWith('https://');

  await app.register(cookie);
  await app.register(formbody);
  // Pages and API answers in Brotli or gzip (static assets were compressed at build time).
  await app.register(compressionPlugin);
  await app.register(securityHeadersPlugin, { tileUrl: config.map.tileUrl, hsts: secure });
  await app.register(i18nPlugin, { i18n, secureCookies: secure });
  await app.register(errorHandlerPlugin, web);
  // NUL characters refused in every input (URL, headers, bodies) before anything reads them.
  await app.register(inputGuardPlugin);
  // Who is asking (session cookie), whether they may (config.access), whether the form came
  // from this site (CSRF), and whether they ask too often (config.rateLimit): in that order.
  await app.register(sessionPlugin, {
    sessions: modules.identity.sessions,
    secure,
    skip: (request) => request.url.startsWith('/assets/'),
  });
  await app.register(accessPlugin, { permissions, signInPath: SIGN_IN_PATH });
  await app.register(csrfPlugin, { secretKey: config.secretKey, secure });
  await app.register(rateLimitPlugin, {
    store: new RateLimitStore(database.db),
    clock,
    secretKey: config.secretKey,
  });
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Buurtkracht API',
        version: '1',
        description:
          'Open API of Buurtkracht. Errors are application/problem+json (RFC 9457) in Dutch or English by Accept-Language.',
        license: { name: 'EUPL-1.2', identifier: 'EUPL-1.2' },
      },
      servers: [{ url: config.publicUrl }],
    },
    // Only /api routes and /health belong in the API description; pages are for people.
    transform: (input) =>
      input.url.startsWith('/api/') || input.url === '/health'
        ? jsonSchemaTransform(input)
        : { schema: { ...input.schema, hide: true }, url: input.url },
  });
  await app.register(staticAssetsPlugin, { builtDir: builtAssetsDir, version: assetVersion });

  app.get(
    '/health',
    {
      config: { access: 'public' },
      schema: {
        tags: ['operations'],
        summary: 'Whether the app and its database answer',
        response: {
          200: z.object({ status: z.literal('ok'), database: z.enum(['pglite', 'postgresql']) }),
          503: z.object({ status: z.literal('unavailable'), database: z.enum(['pglite', 'postgresql']) }),
        },
      },
    },
    async (_request, reply) => {
      reply.header('Cache-Control', 'no-store');
      try {
        await sql`select 1`.execute(database.db);
        return { status: 'ok' as const, database: database.engine };
      } catch {
        return reply.status(503).send({ status: 'unavailable' as const, database: database.engine });
      }
    },
  );

  app.get('/api/v1/openapi.json', { config: { access: 'public' }, schema: { hide: true } }, async () =>
    app.swagger(),
  );

  for (const module of all) await module.registerRoutes?.(app);
  for (const module of all) await module.start?.();
  return { app, modules, permissions };
}
