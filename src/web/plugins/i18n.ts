import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { type I18n, isLocale, negotiateLocale, type Locale } from '../i18n/i18n.js';

const LANG_COOKIE = 'lang';
const ONE_YEAR_S = 365 * 24 * 3600;

/**
 * Sets `request.locale` and `request.t`. A `?lang=en` link (the language switch) also stores the
 * choice in a cookie, so the next pages follow it without JavaScript.
 */
export const i18nPlugin = fp(
  async (app: FastifyInstance, options: { i18n: I18n; secureCookies: boolean }) => {
    app.decorateRequest('locale', 'nl');
    app.decorateRequest('t', () => '');
    app.addHook('onRequest', async (request, reply) => {
      const query = request.query as Record<string, unknown> | undefined;
      const fromQuery = query?.lang;
      let locale: Locale;
      if (isLocale(fromQuery)) {
        locale = fromQuery;
        reply.setCookie(LANG_COOKIE, locale, {
          path: '/',
          maxAge: ONE_YEAR_S,
          sameSite: 'lax',
          httpOnly: true,
          secure: options.secureCookies,
        });
      } else {
        const fromCookie = request.cookies[LANG_COOKIE];
        locale = isLocale(fromCookie) ? fromCookie : negotiateLocale(request.headers['accept-language']);
      }
      request.locale = locale;
      request.t = options.i18n.translator(locale);
      reply.header('Content-Language', locale);
      reply.header('Vary', 'Accept-Language, Cookie');
    });
  },
  { name: 'i18n', dependencies: ['@fastify/cookie'] },
);
