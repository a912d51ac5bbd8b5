import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { NotFoundError } from '../../shared/errors.js';
import { pageContext, sendPage, type WebDeps } from '../../web/page.js';
import { safeLocalPath } from '../../web/plugins/access.js';
import { byAccount, byField, byIp } from '../../web/plugins/rate-limit.js';
import type { FormError } from '../../web/views/form.js';
import type { StaffActor } from '../../access/index.js';
import type { IdentityContext, PlacesPort } from './identity.context.js';
import {
  changePassword,
  confirmTotp,
  disableTotp,
  getOwnAccount,
  prepareTotp,
} from './own-account.service.js';
import { completeSetup, findSetupLink } from './setup-links.service.js';
import { completeSecondFactor, signIn, signOut, signOutEverywhere } from './sign-in.service.js';
import {
  changePasswordForm,
  codeForm,
  passwordForm,
  setupForm,
  signInForm,
  tokenParams,
} from './identity.schema.js';
import { formErrorsOf } from '../../web/form-errors.js';
import { originOf, staffActingOf } from './identity.web.js';
import { parseForm } from '../../web/form-fields.js';
import { PASSWORD_MIN_LENGTH } from './password.js';
import { RESIDENT_LINK_PATH, type ResidentSignInService } from './resident-sign-in.service.js';
import type { SessionService } from './session.service.js';
import { normalizeEmail } from './staff.js';
import { groupSecret } from './totp.js';
import { AccountPage, ChangePasswordPage, TotpPage } from './views/account-page.js';
import { LinkInvalidPage, SetupPage } from './views/setup-page.js';
import { CodePage, SignInPage, type OidcButton } from './views/sign-in-page.js';

/** The sign-in page's path: the access plugin sends visitors here. */
export const SIGN_IN_PATH = '/inloggen';
const AFTER_SIGN_IN = '/account';
const FIFTEEN_MINUTES = 15 * 60;

/**
 * Sign-in: 9 attempts per e-mail address per 15 minutes (the 10th is refused: slow enough to
 * stop guessing, loose enough for typing errors) and 50 per IP address (an office behind one
 * address signs in together in the morning; credential stuffing across accounts does not fit).
 */
export const signInLimits = [
  byIp('sign-in-ip', 50, FIFTEEN_MINUTES),
  byField('sign-in-account', 'email', 9, FIFTEEN_MINUTES, normalizeEmail),
];
/** TOTP codes: 5 tries per pending sign-in per 5 minutes leaves a guesser one chance in 60,000. */
const codeLimits = [byIp('code-ip', 50, FIFTEEN_MINUTES), byAccount('code-account', 5, 5 * 60)];
const accountLimits = (name: string) => [byAccount(name, 10, FIFTEEN_MINUTES)];

const selfAccess = { permission: 'identity.account.self' } as const;
const totpAccess = { permission: 'identity.totp.enrol' } as const;

const NOTICES: Record<string, string> = {
  wachtwoord: 'identity.account.notice.password',
  'tweestaps-aan': 'identity.account.notice.totpOn',
  'tweestaps-uit': 'identity.account.notice.totpOff',
  welkom: 'identity.account.notice.welcome',
};

function staffActor(request: FastifyRequest): StaffActor {
  // The access plugin lets only staff reach these routes; this narrows the type for the compiler.
  if (request.actor.kind !== 'staff') throw new NotFoundError();
  return request.actor;
}

/** Sign in and out, the account page (sessions, password, TOTP), and the set-up link page. */
export async function registerIdentityPages(
  app: FastifyInstance,
  deps: {
    identity: IdentityContext;
    sessions: SessionService;
    residents: ResidentSignInService;
    places: PlacesPort;
    web: WebDeps;
    /** The OpenID Connect button, when a provider is configured. */
    oidcButton: OidcButton | undefined;
  },
): Promise<void> {
  const { identity, sessions, web, oidcButton } = deps;
  const pages = app.withTypeProvider<ZodTypeProvider>();

  pages.get(
    SIGN_IN_PATH,
    {
      config: { access: 'public' },
      schema: {
        hide: true,
        querystring: z.object({ terug: z.string().optional(), uitgelogd: z.string().optional() }),
      },
    },
    async (request, reply) => {
      const back = safeLocalPath(request.query.terug, AFTER_SIGN_IN);
      if (request.actor.kind === 'staff') return reply.redirect(back, 303);
      const { uitgelogd } = request.query;
      const notice =
        uitgelogd === 'overal'
          ? request.t('identity.signIn.signedOutEverywhere')
          : uitgelogd !== undefined
            ? request.t('identity.signIn.signedOut')
            : undefined;
      reply.header('Cache-Control', 'no-store');
      return sendPage(
        reply,
        SignInPage({
          ctx: pageContext(request, reply, web),
          email: '',
          back,
          errors: [],
          notice,
          oidc: oidcButton,
        }),
      );
    },
  );

  pages.post(
    SIGN_IN_PATH,
    { config: { access: 'public', rateLimit: signInLimits }, schema: { hide: true } },
    async (request, reply) => {
      const form = parseForm(signInForm, request.body);
      const back = safeLocalPath(form.terug, AFTER_SIGN_IN);
      const errors: FormError[] = [];
      if (form.email.trim() === '')
        errors.push({ field: 'email', message: request.t('errors.field.required') });
      if (form.password === '')
        errors.push({ field: 'password', message: request.t('errors.field.required') });
      if (errors.length === 0) {
        const result = await signIn(identity, form.email, form.password, originOf(request));
        // A session the browser already had ends: one browser, one session.
        if (result.kind !== 'invalid' && request.staffSession)
          await signOut(identity, request.staffSession.id);
        if (result.kind !== 'invalid' && request.residentSessionId !== undefined)
          await deps.residents.signOut(request.residentSessionId);
        if (result.kind === 'signed_in') return reply.setSessionCookie(result.token).redirect(back, 303);
        if (result.kind === 'second_factor') {
          return reply
            .setSessionCookie(result.token)
            .redirect(`${SIGN_IN_PATH}/code?terug=${encodeURIComponent(back)}`, 303);
        }
        // The same message, on the first field, whichever of the two was wrong.
        errors.push({ field: 'email', message: request.t('identity.signIn.invalid') });
      }
      const ctx = pageContext(request, reply, web);
      return sendPage(reply, SignInPage({ ctx, email: form.email, back, errors, oidc: oidcButton }), 400);
    },
  );

  pages.get(
    `${SIGN_IN_PATH}/code`,
    {
      config: { access: 'public' },
      schema: { hide: true, querystring: z.object({ terug: z.string().optional() }) },
    },
    async (request, reply) => {
      const back = safeLocalPath(request.query.terug, AFTER_SIGN_IN);
      if (request.staffSession?.stage !== 'second_factor') return reply.redirect(SIGN_IN_PATH, 303);
      return sendPage(reply, CodePage({ ctx: pageContext(request, reply, web), back, errors: [] }));
    },
  );

  pages.post(
    `${SIGN_IN_PATH}/code`,
    { config: { access: 'public', rateLimit: codeLimits }, schema: { hide: true } },
    async (request, reply) => {
      const form = parseForm(codeForm, request.body);
      const back = safeLocalPath(form.terug, AFTER_SIGN_IN);
      const pending = request.staffSession;
      if (pending?.stage !== 'second_factor') return reply.redirect(SIGN_IN_PATH, 303);
      const result = await completeSecondFactor(identity, pending, form.code, originOf(request));
      if (result.kind === 'signed_in') return reply.setSessionCookie(result.token).redirect(back, 303);
      const errors = [{ field: 'code', message: request.t('identity.code.invalid') }];
      return sendPage(reply, CodePage({ ctx: pageContext(request, reply, web), back, errors }), 400);
    },
  );

  pages.post(
    '/uitloggen',
    { config: { access: 'public', csrf: 'session-only' }, schema: { hide: true } },
    async (request, reply) => {
      if (request.staffSession) await signOut(identity, request.staffSession.id);
      if (request.residentSessionId !== undefined) {
        await deps.residents.signOut(request.residentSessionId);
        return reply.clearSessionCookie().redirect(`${RESIDENT_LINK_PATH}?uitgelogd=1`, 303);
      }
      return reply.clearSessionCookie().redirect(`${SIGN_IN_PATH}?uitgelogd=1`, 303);
    },
  );

  pages.get(
    '/account',
    {
      config: { access: selfAccess },
      schema: { hide: true, querystring: z.object({ gewijzigd: z.string().optional() }) },
    },
    async (request, reply) => {
      const actor = staffActor(request);
      const [account, list] = await Promise.all([
        getOwnAccount(identity, actor),
        sessions.list(actor.accountId),
      ]);
      const placeNames = new Map<string, string>();
      for (const code of new Set(account.grants.map((g) => g.placeCode))) {
        try {
          const place = await deps.places.getPlaceDetail(code);
          if (place.name) placeNames.set(code, place.name);
        } catch (error) {
          if (!(error instanceof NotFoundError)) throw error;
        }
      }
      const noticeKey = NOTICES[request.query.gewijzigd ?? ''];
      reply.header('Cache-Control', 'no-store');
      return sendPage(
        reply,
        AccountPage({
          ctx: pageContext(request, reply, web),
          account,
          placeNames,
          sessions: list,
          currentSessionId: request.staffSession?.id,
          canEnrolTotp: request.can('identity.totp.enrol'),
          notice: noticeKey ? request.t(noticeKey) : undefined,
        }),
      );
    },
  );

  pages.post(
    '/account/overal-uitloggen',
    { config: { access: selfAccess }, schema: { hide: true } },
    async (request, reply) => {
      await signOutEverywhere(identity, staffActingOf(request));
      return reply.clearSessionCookie().redirect(`${SIGN_IN_PATH}?uitgelogd=overal`, 303);
    },
  );

  pages.get(
    '/account/wachtwoord',
    { config: { access: selfAccess }, schema: { hide: true } },
    async (request, reply) =>
      sendPage(
        reply,
        ChangePasswordPage({
          ctx: pageContext(request, reply, web),
          minLength: PASSWORD_MIN_LENGTH,
          errors: [],
        }),
      ),
  );

  pages.post(
    '/account/wachtwoord',
    { config: { access: selfAccess, rateLimit: accountLimits('password-change') }, schema: { hide: true } },
    async (request, reply) => {
      const form = parseForm(changePasswordForm, request.body);
      const sessionId = request.staffSession?.id ?? 0;
      try {
        await changePassword(identity, staffActingOf(request), sessionId, form);
        return reply.redirect('/account?gewijzigd=wachtwoord', 303);
      } catch (error) {
        const errors = formErrorsOf(error, request);
        const ctx = pageContext(request, reply, web);
        return sendPage(reply, ChangePasswordPage({ ctx, minLength: PASSWORD_MIN_LENGTH, errors }), 400);
      }
    },
  );

  const totpEnrolment = async (request: FastifyRequest) => {
    const enrolment = await prepareTotp(identity, staffActor(request));
    return enrolment ? { groupedSecret: groupSecret(enrolment.secret), uri: enrolment.uri } : undefined;
  };

  pages.get(
    '/account/tweestapsverificatie',
    { config: { access: totpAccess }, schema: { hide: true } },
    async (request, reply) => {
      const enrolment = await totpEnrolment(request);
      reply.header('Cache-Control', 'no-store');
      return sendPage(reply, TotpPage({ ctx: pageContext(request, reply, web), enrolment, errors: [] }));
    },
  );

  pages.post(
    '/account/tweestapsverificatie',
    { config: { access: totpAccess, rateLimit: accountLimits('totp-confirm') }, schema: { hide: true } },
    async (request, reply) => {
      const form = parseForm(codeForm, request.body);
      try {
        await confirmTotp(identity, staffActingOf(request), form.code);
        return reply.redirect('/account?gewijzigd=tweestaps-aan', 303);
      } catch (error) {
        const errors = formErrorsOf(error, request);
        const enrolment = await totpEnrolment(request);
        reply.header('Cache-Control', 'no-store');
        return sendPage(reply, TotpPage({ ctx: pageContext(request, reply, web), enrolment, errors }), 400);
      }
    },
  );

  pages.post(
    '/account/tweestapsverificatie/uitzetten',
    { config: { access: selfAccess, rateLimit: accountLimits('totp-disable') }, schema: { hide: true } },
    async (request, reply) => {
      const form = parseForm(passwordForm, request.body);
      try {
        await disableTotp(identity, staffActingOf(request), form.password);
        return reply.redirect('/account?gewijzigd=tweestaps-uit', 303);
      } catch (error) {
        const errors = formErrorsOf(error, request);
        return sendPage(
          reply,
          TotpPage({ ctx: pageContext(request, reply, web), enrolment: undefined, errors }),
          400,
        );
      }
    },
  );

  pages.get(
    '/account-instellen/:token',
    { config: { access: 'public' }, schema: { hide: true, params: tokenParams } },
    async (request, reply) => {
      const account = await findSetupLink(identity, request.params.token);
      const ctx = pageContext(request, reply, web);
      // The link is a secret: keep it out of caches and out of Referer headers.
      reply.header('Cache-Control', 'no-store').header('Referrer-Policy', 'no-referrer');
      if (!account) return sendPage(reply, LinkInvalidPage({ ctx }), 404);
      return sendPage(
        reply,
        SetupPage({
          ctx,
          token: request.params.token,
          email: account.email,
          displayName: account.displayName,
          minLength: PASSWORD_MIN_LENGTH,
          errors: [],
        }),
      );
    },
  );

  pages.post(
    '/account-instellen/:token',
    {
      config: { access: 'public', rateLimit: [byIp('setup-ip', 20, FIFTEEN_MINUTES)] },
      schema: { hide: true, params: tokenParams },
    },
    async (request, reply) => {
      const form = parseForm(setupForm, request.body);
      const { token } = request.params;
      reply.header('Cache-Control', 'no-store').header('Referrer-Policy', 'no-referrer');
      try {
        const result = await completeSetup(identity, token, form, originOf(request));
        const welcome = '/account?gewijzigd=welkom';
        if (result.kind === 'second_factor') {
          return reply
            .setSessionCookie(result.token)
            .redirect(`${SIGN_IN_PATH}/code?terug=${encodeURIComponent(welcome)}`, 303);
        }
        return reply.setSessionCookie(result.token).redirect(welcome, 303);
      } catch (error) {
        const ctx = pageContext(request, reply, web);
        if (error instanceof NotFoundError) return sendPage(reply, LinkInvalidPage({ ctx }), 404);
        const errors = formErrorsOf(error, request);
        const account = await findSetupLink(identity, token);
        if (!account) return sendPage(reply, LinkInvalidPage({ ctx }), 404);
        return sendPage(
          reply,
          SetupPage({
            ctx,
            token,
            email: account.email,
            displayName: form.displayName,
            minLength: PASSWORD_MIN_LENGTH,
            errors,
          }),
          400,
        );
      }
    },
  );
}
