import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Clock } from '../../shared/clock.js';
import { pageContext, sendPage, type WebDeps } from '../../web/page.js';
import { safeLocalPath } from '../../web/plugins/access.js';
import { byIp } from '../../web/plugins/rate-limit.js';
import type { IdentityContext } from './identity.context.js';
import { signInWithOidc, signOut } from './sign-in.service.js';
import { originOf } from './identity.web.js';
import { OIDC_CALLBACK_PATH, type OidcClient } from './oidc-client.js';
import { SignInPage, type OidcButton } from './views/sign-in-page.js';

/** Where the sign-in button sends the browser: on to the provider. */
export const OIDC_START_PATH = '/inloggen/oidc';
const AFTER_SIGN_IN = '/account';

/** The cookie carrying the pending attempt (state, nonce, PKCE verifier), signed, for 10 minutes. */
function pendingCookieName(secure: boolean): string {
  return secure ? '__Host-bk_oidc' : 'bk_oidc';
}

/**
 * Staff sign-in through the OpenID Connect provider: `/inloggen/oidc` starts the authorization
 * code flow, `/inloggen/oidc/terug` finishes it and signs in exactly as a password does.
 */
export async function registerOidcPages(
  app: FastifyInstance,
  deps: {
    oidc: OidcClient;
    button: OidcButton;
    identity: IdentityContext;
    web: WebDeps;
    clock: Clock;
    secure: boolean;
    publicUrl: string;
  },
): Promise<void> {
  const { oidc, identity: context, web, clock } = deps;
  const pages = app.withTypeProvider<ZodTypeProvider>();
  const cookieName = pendingCookieName(deps.secure);
  // SameSite=Lax: the provider brings the browser back with a top-level GET, which carries it.
  const cookieOptions = { path: '/', httpOnly: true, sameSite: 'lax' as const, secure: deps.secure };

  const refuse = (request: FastifyRequest, reply: FastifyReply, key: string, params = {}) => {
    const ctx = pageContext(request, reply, web);
    const provider = deps.button.label ?? request.t('identity.oidc.defaultProvider');
    const errors = [{ field: 'oidc', message: request.t(key, { provider, ...params }) }];
    reply.header('Cache-Control', 'no-store');
    return sendPage(
      reply,
      SignInPage({ ctx, email: '', back: AFTER_SIGN_IN, errors, oidc: deps.button }),
      400,
    );
  };

  pages.get(
    OIDC_START_PATH,
    {
      config: { access: 'public', rateLimit: [byIp('oidc-start-ip', 60, 15 * 60)] },
      schema: { hide: true, querystring: z.object({ terug: z.string().optional() }) },
    },
    async (request, reply) => {
      const back = safeLocalPath(request.query.terug, AFTER_SIGN_IN);
      let started: { url: string; cookie: string };
      try {
        started = await oidc.start(back, clock());
      } catch (error) {
        request.log.warn({ err: error }, 'oidc discovery failed');
        return refuse(request, reply, 'identity.oidc.unavailable');
      }
      return reply
        .header('Cache-Control', 'no-store')
        .setCookie(cookieName, started.cookie, { ...cookieOptions, maxAge: 600 })
        .redirect(started.url, 303);
    },
  );

  pages.get(
    OIDC_CALLBACK_PATH,
    { config: { access: 'public' }, schema: { hide: true } },
    async (request, reply) => {
      const pending = oidc.openPending(request.cookies[cookieName], clock());
      // Used once, whatever the outcome.
      reply.clearCookie(cookieName, cookieOptions);
      if (!pending) return refuse(request, reply, 'identity.oidc.failed');
      const query = request.url.includes('?') ? request.url.slice(request.url.indexOf('?')) : '';
      let identity;
      try {
        identity = await oidc.finish(new URL(`${OIDC_CALLBACK_PATH}${query}`, deps.publicUrl), pending);
      } catch (error) {
        request.log.warn(
          { err: error instanceof Error ? error.message : String(error) },
          'oidc sign-in failed',
        );
        return refuse(request, reply, 'identity.oidc.failed');
      }
      if (!identity.email) return refuse(request, reply, 'identity.oidc.noEmail');
      const result = await signInWithOidc(
        context,
        { issuer: identity.issuer, subject: identity.subject, email: identity.email },
        originOf(request),
      );
      if (result.kind === 'unknown_account')
        return refuse(request, reply, 'identity.oidc.unknownAccount', { email: identity.email });
      if (result.kind !== 'signed_in') return refuse(request, reply, 'identity.oidc.otherSubject');
      if (request.staffSession) await signOut(context, request.staffSession.id);
      // Checked again on the way out: an attempt signed by an older check lives 10 minutes.
      return reply.setSessionCookie(result.token).redirect(safeLocalPath(pending.back, AFTER_SIGN_IN), 303);
    },
  );
}
