import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { formText, parseForm } from '../../web/form-fields.js';
import { pageContext, sendPage, type WebDeps } from '../../web/page.js';
import { byField, byIp } from '../../web/plugins/rate-limit.js';
import { residentEmail } from '../../access/index.js';
import { tokenParams } from './identity.schema.js';
import { formErrorsOf } from '../../web/form-errors.js';
import {
  RESIDENT_LINK_MINUTES,
  RESIDENT_LINK_PATH,
  type ResidentSignInService,
} from './resident-sign-in.service.js';
import { normalizeEmail } from './staff.js';
import {
  MinePage,
  ResidentConfirmPage,
  ResidentLinkInvalidPage,
  ResidentLinkSentPage,
  ResidentSignInPage,
} from './views/resident-pages.js';

/** The signed-in resident's own page. */
export const MINE_PATH = '/mijn';
const FIFTEEN_MINUTES = 15 * 60;

/**
 * Asking for a link sends mail: 3 per address per hour (a typo or a slow mailbox, not a flood
 * into someone else's inbox) and 20 per IP address per 15 minutes.
 */
export const residentLinkLimits = [
  byIp('resident-link-ip', 20, FIFTEEN_MINUTES),
  byField('resident-link-address', 'email', 3, 60 * 60, normalizeEmail),
];

const residentForm = z.object({ email: formText });

/** Residents' sign-in by e-mailed link (`/inloggen/bewoner`) and their page (`/mijn`). */
export async function registerResidentPages(
  app: FastifyInstance,
  deps: { residents: ResidentSignInService; web: WebDeps },
): Promise<void> {
  const { residents, web } = deps;
  const pages = app.withTypeProvider<ZodTypeProvider>();

  pages.get(
    RESIDENT_LINK_PATH,
    {
      config: { access: 'public' },
      schema: { hide: true, querystring: z.object({ uitgelogd: z.string().optional() }) },
    },
    async (request, reply) => {
      if (residentEmail(request.actor)) return reply.redirect(MINE_PATH, 303);
      const notice =
        request.query.uitgelogd !== undefined ? request.t('identity.signIn.signedOut') : undefined;
      const ctx = pageContext(request, reply, web);
      return sendPage(reply, ResidentSignInPage({ ctx, email: '', errors: [], notice }));
    },
  );

  pages.post(
    RESIDENT_LINK_PATH,
    { config: { access: 'public', rateLimit: residentLinkLimits }, schema: { hide: true } },
    async (request, reply) => {
      const form = parseForm(residentForm, request.body);
      try {
        await residents.requestLink(form.email, request.locale);
      } catch (error) {
        const errors = formErrorsOf(error, request);
        const ctx = pageContext(request, reply, web);
        return sendPage(reply, ResidentSignInPage({ ctx, email: form.email, errors }), 400);
      }
      const ctx = pageContext(request, reply, web);
      return sendPage(reply, ResidentLinkSentPage({ ctx, minutes: RESIDENT_LINK_MINUTES }));
    },
  );

  pages.get(
    `${RESIDENT_LINK_PATH}/:token`,
    { config: { access: 'public' }, schema: { hide: true, params: tokenParams } },
    async (request, reply) => {
      // The link is a secret: keep it out of caches and out of Referer headers.
      reply.header('Cache-Control', 'no-store').header('Referrer-Policy', 'no-referrer');
      const ctx = pageContext(request, reply, web);
      const email = await residents.findLink(request.params.token);
      if (!email) return sendPage(reply, ResidentLinkInvalidPage({ ctx }), 404);
      return sendPage(reply, ResidentConfirmPage({ ctx, token: request.params.token, email }));
    },
  );

  pages.post(
    `${RESIDENT_LINK_PATH}/:token`,
    {
      config: { access: 'public', rateLimit: [byIp('resident-landing-ip', 20, FIFTEEN_MINUTES)] },
      schema: { hide: true, params: tokenParams },
    },
    async (request, reply) => {
      reply.header('Cache-Control', 'no-store').header('Referrer-Policy', 'no-referrer');
      const token = await residents.completeLink(request.params.token);
      if (!token)
        return sendPage(reply, ResidentLinkInvalidPage({ ctx: pageContext(request, reply, web) }), 404);
      // One browser, one session: whatever session it had ends.
      if (request.residentSessionId !== undefined) await residents.signOut(request.residentSessionId);
      if (request.staffSession) await residents.endStaffSession(request.staffSession.id);
      return reply.setSessionCookie(token).redirect(MINE_PATH, 303);
    },
  );

  pages.get(MINE_PATH, { config: { access: 'public' }, schema: { hide: true } }, async (request, reply) => {
    const email = residentEmail(request.actor);
    if (!email) return reply.redirect(RESIDENT_LINK_PATH, 303);
    reply.header('Cache-Control', 'no-store');
    return sendPage(reply, MinePage({ ctx: pageContext(request, reply, web), email }));
  });
}
