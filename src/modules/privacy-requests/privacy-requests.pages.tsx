import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { formText, parseForm } from '../../web/form-fields.js';
import { actingOf, pageContext, sendPage, type WebDeps } from '../../web/page.js';
import { byAccount } from '../../web/plugins/rate-limit.js';
import { formErrorsOf } from '../../web/form-errors.js';
import type { FormError } from '../../web/views/form.js';
import type { PrivacyRequestsService } from './privacy-requests.service.js';
import { ConfirmErasurePage, ErasureDonePage, PrivacyPage } from './views/privacy-pages.js';

const BASE = '/beheer/privacy';
const access = { permission: 'privacy.requests' } as const;

const emailForm = z.object({ email: formText });
const confirmForm = z.object({ email: formText, confirm: formText });

/** Personal data requests: every lookup, export and erasure costs a little, so 60 per 15 minutes. */
const limits = [byAccount('privacy-requests', 60, 15 * 60)];

/**
 * `/beheer/privacy`: an administrator looks a person up by e-mail address, downloads their data
 * as JSON (art. 15), erases it after a confirmation step (art. 17), and runs retention now. The
 * address travels in POST bodies only, never in a URL (URLs end up in logs and histories).
 */
export async function registerPrivacyRequestPages(
  app: FastifyInstance,
  deps: { service: PrivacyRequestsService; web: WebDeps },
): Promise<void> {
  const { service, web } = deps;
  const pages = app.withTypeProvider<ZodTypeProvider>();

  const mainPage = async (
    request: FastifyRequest,
    reply: Parameters<typeof pageContext>[1],
    options: {
      email?: string;
      errors?: FormError[];
      found?: Awaited<ReturnType<PrivacyRequestsService['lookUp']>>;
    },
    status = 200,
  ) => {
    const erasures = await service.recentErasures(request.actor);
    reply.header('Cache-Control', 'no-store');
    const query = request.query;
    const done = typeof query === 'object' && query !== null ? Reflect.get(query, 'bewaard') : undefined;
    const notice = typeof done === 'string' ? request.t('privacy.retention.done', { rows: done }) : undefined;
    return sendPage(
      reply,
      PrivacyPage({
        ctx: pageContext(request, reply, web),
        email: options.email ?? '',
        errors: options.errors ?? [],
        found: options.found,
        erasures,
        notice,
      }),
      status,
    );
  };

  pages.get(
    BASE,
    {
      config: { access },
      schema: { hide: true, querystring: z.object({ bewaard: z.string().regex(/^\d+$/).optional() }) },
    },
    async (request, reply) => mainPage(request, reply, {}),
  );

  pages.post(
    BASE,
    { config: { access, rateLimit: limits }, schema: { hide: true } },
    async (request, reply) => {
      const form = parseForm(emailForm, request.body);
      try {
        const found = await service.lookUp(request.actor, form.email);
        return mainPage(request, reply, { email: form.email.trim().toLowerCase(), found });
      } catch (error) {
        return mainPage(request, reply, { email: form.email, errors: formErrorsOf(error, request) }, 400);
      }
    },
  );

  pages.post(
    `${BASE}/export`,
    { config: { access, rateLimit: limits }, schema: { hide: true } },
    async (request, reply) => {
      const form = parseForm(emailForm, request.body);
      try {
        const data = await service.exportData(actingOf(request), form.email);
        const stamp = new Date().toISOString().slice(0, 10);
        return reply
          .type('application/json; charset=utf-8')
          .header('Content-Disposition', `attachment; filename="persoonsgegevens-${stamp}.json"`)
          .header('Cache-Control', 'no-store')
          .send(JSON.stringify(data, null, 2));
      } catch (error) {
        return mainPage(request, reply, { email: form.email, errors: formErrorsOf(error, request) }, 400);
      }
    },
  );

  pages.post(
    `${BASE}/wissen`,
    { config: { access, rateLimit: limits }, schema: { hide: true } },
    async (request, reply) => {
      const form = parseForm(emailForm, request.body);
      try {
        const found = await service.lookUp(request.actor, form.email);
        const email = form.email.trim().toLowerCase();
        reply.header('Cache-Control', 'no-store');
        return sendPage(
          reply,
          ConfirmErasurePage({ ctx: pageContext(request, reply, web), email, found, errors: [] }),
        );
      } catch (error) {
        return mainPage(request, reply, { email: form.email, errors: formErrorsOf(error, request) }, 400);
      }
    },
  );

  pages.post(
    `${BASE}/wissen/bevestigen`,
    { config: { access, rateLimit: limits }, schema: { hide: true } },
    async (request, reply) => {
      const form = parseForm(confirmForm, request.body);
      reply.header('Cache-Control', 'no-store');
      try {
        if (form.confirm !== 'ja') {
          const found = await service.lookUp(request.actor, form.email);
          const errors = [{ field: 'confirm', message: request.t('privacy.erase.confirmRequired') }];
          const ctx = pageContext(request, reply, web);
          return sendPage(reply, ConfirmErasurePage({ ctx, email: form.email, found, errors }), 400);
        }
        const { report, elsewhere } = await service.eraseData(actingOf(request), form.email);
        return sendPage(reply, ErasureDonePage({ ctx: pageContext(request, reply, web), report, elsewhere }));
      } catch (error) {
        return mainPage(request, reply, { email: form.email, errors: formErrorsOf(error, request) }, 400);
      }
    },
  );

  pages.post(
    `${BASE}/bewaartermijnen`,
    { config: { access, rateLimit: [byAccount('privacy-retention', 10, 15 * 60)] }, schema: { hide: true } },
    async (request, reply) => {
      const report = await service.runRetention(actingOf(request));
      const rows = report.erased.reduce((sum, e) => sum + e.rows, 0);
      return reply.redirect(`${BASE}?bewaard=${rows}`, 303);
    },
  );
}
