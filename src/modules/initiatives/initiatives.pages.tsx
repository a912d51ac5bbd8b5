import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { DomainError, NotFoundError, type FieldIssue } from '../../shared/errors.js';
import { cleanSentImage, refusalOfSentImage, UPLOAD_TOO_LARGE } from '../uploads/index.js';
import { formFieldsOf, multipartBodyOf } from '../../web/multipart.js';
import type { Acting } from '../../access/index.js';
import type { Translate } from '../../web/i18n/i18n.js';
import { byIp } from '../../web/plugins/rate-limit.js';
import { actingOf, pageContext, sendPage, type WebDeps } from '../../web/page.js';
import { formErrorsOf, formErrorsOfIssues } from '../../web/form-errors.js';
import type { FormError } from '../../web/views/form.js';
import { displayName, type BuurtChoice, type PlacesModule } from '../places/index.js';
import { MAX_PHOTOS } from './initiative.js';
import type { InitiativeSupport } from './initiative-support.js';
import {
  checkPhotoAlt,
  checkSubmissionForm,
  emptySubmissionForm,
  publicListQuery,
  readSubmissionForm,
  type SubmissionForm,
} from './initiatives.schema.js';
import { getPublicInitiative, listPublicPage } from './public.service.js';
import {
  getTrackedInitiative,
  getTrackedPhoto,
  postInitiatorMessage,
  withdrawByInitiator,
} from './tracking.service.js';
import {
  submitInitiative,
  trackingUrl,
  type InitiativesContext,
  type PhotoInput,
} from './initiatives.service.js';
import { PaperFormPage } from './views/paper-form.js';
import { InitiativePage, ListPage } from './views/public-pages.js';
import { SubmitPage } from './views/submit-page.js';
import { ReceivedPage, TrackPage } from './views/track-page.js';

export interface InitiativesRouteDeps {
  ctx: InitiativesContext;
  web: WebDeps;
  places: PlacesModule;
  /** The household budget's support of initiatives (late-bound: budgets is built after this module). */
  support: () => InitiativeSupport;
}

const PAGE_SIZE = 50;
const tokenParams = z.object({ token: z.string().max(100) });

/** The buurten of a gemeente grouped by wijk (see `PlacesModule.buurtChoice`). */
export function buurtChoice(places: PlacesModule, code: string): Promise<BuurtChoice | undefined> {
  return places.buurtChoice(code);
}

/**
 * What the submission form offers to choose from: the gemeenten with maps, and the buurten of
 * gemeente `code` (undefined when it is none of them).
 */
export async function submissionChoices(
  places: PlacesModule,
  code: string,
): Promise<{ municipalities: { code: string; name: string }[]; choice: BuurtChoice | undefined }> {
  const [municipalities, choice] = await Promise.all([
    places.listMunicipalities({ withMapsOnly: true }),
    buurtChoice(places, code),
  ]);
  return { municipalities: municipalities.map((m) => ({ code: m.code, name: displayName(m) })), choice };
}

/** A photo as it was sent, not yet decoded. */
interface SentPhoto {
  position: number;
  data: Buffer;
  alt: string;
}

/**
 * Reads the submitted form and its photos. Every problem that shows without decoding a photo
 * (a missing description, too large, not an image by its first bytes) becomes an issue beside
 * its field; the photos themselves are decoded later, by `cleanPhotos`, once the form is valid.
 */
function readSubmission(request: FastifyRequest): {
  form: SubmissionForm;
  photos: SentPhoto[];
  issues: FieldIssue[];
  photosSent: boolean;
} {
  const multipart = multipartBodyOf(request);
  const form = readSubmissionForm(formFieldsOf(request));
  const issues: FieldIssue[] = [];
  const photos: SentPhoto[] = [];
  const files = multipart?.files ?? [];
  if (multipart?.tooManyFiles) issues.push({ field: 'photos', message: 'initiatives.errors.tooManyPhotos' });
  for (let i = 0; i < MAX_PHOTOS; i++) {
    const file = files.find((f) => f.field === `photo${i}`);
    if (!file || (file.data.length === 0 && file.filename === '')) continue;
    const refusal = refusalOfSentImage(file);
    if (file.truncated && refusal) {
      issues.push({ field: `photo${i}`, message: refusal });
      continue;
    }
    const altProblem = checkPhotoAlt(form.photoAlts[i] ?? '');
    if (altProblem) issues.push({ field: `photo${i}Alt`, message: altProblem });
    if (refusal) issues.push({ field: `photo${i}`, message: refusal });
    else photos.push({ position: i, data: file.data, alt: form.photoAlts[i] ?? '' });
  }
  return { form, photos, issues, photosSent: files.some((f) => f.data.length > 0) };
}

/**
 * Decodes and re-encodes the photos of a form that is otherwise valid, one at a time (each
 * decode holds a full bitmap): a photo that cannot be read becomes an issue beside its field.
 */
async function cleanPhotos(
  sent: readonly SentPhoto[],
): Promise<{ photos: PhotoInput[]; issues: FieldIssue[] }> {
  const photos: PhotoInput[] = [];
  const issues: FieldIssue[] = [];
  for (const photo of sent) {
    const clean = await cleanSentImage(photo.data);
    if ('refusal' in clean) issues.push({ field: `photo${photo.position}`, message: clean.refusal });
    else photos.push({ ...clean, alt: photo.alt });
  }
  return { photos, issues };
}

/**
 * POST of the submission form, for residents (`/initiatieven/nieuw`) and for staff at the desk
 * (`/beheer/initiatieven/nieuw`). Problems: the form again with everything typed, status 400
 * (413 when a photo was too large). Success: residents go to their confirmation page; staff
 * see the confirmation at once, as the link is shown only this one time.
 */
export async function handleSubmission(
  deps: InitiativesRouteDeps,
  request: FastifyRequest,
  reply: FastifyReply,
  staff: boolean,
): Promise<FastifyReply> {
  const { ctx, places, web } = deps;
  const page = pageContext(request, reply, web);
  const { form, photos: sent, issues, photosSent } = readSubmission(request);
  const checked = checkSubmissionForm(form, { staff });
  const allIssues = [...checked.issues, ...issues];
  const again = async (problems: readonly FieldIssue[]) => {
    const { municipalities, choice } = await submissionChoices(places, form.gemeente);
    const status = problems.some((p) => p.message === UPLOAD_TOO_LARGE) ? 413 : 400;
    return sendPage(
      reply,
      SubmitPage({
        ctx: page,
        form,
        errors: formErrorsOfIssues(problems, request),
        photosLost: photosSent,
        municipalities,
        choice,
        intakeWorkingDays: ctx.settings.intakeWorkingDays,
        staff,
      }),
      status,
    );
  };
  if (!checked.input || allIssues.length > 0) return again(allIssues);
  // Only now, with everything else right, are the photos decoded.
  const { photos, issues: photoIssues } = await cleanPhotos(sent);
  if (photoIssues.length > 0) return again(photoIssues);
  try {
    // Staff entering a paper, phone or desk submission act through the service desk.
    const channel = checked.input.channel === 'online' ? 'web' : 'service-desk';
    const result = await submitInitiative(ctx, actingOf(request, channel), checked.input, photos, request.t);
    if (staff) {
      return sendPage(
        reply.header('Referrer-Policy', 'no-referrer').header('Cache-Control', 'no-store'),
        ReceivedPage({
          ctx: page,
          reference: result.reference,
          link: trackingUrl(ctx.settings.publicUrl, result.token),
          intakeDueOn: result.intakeDueOn,
          mailed: checked.input.initiatorEmail !== undefined,
          staff: true,
        }),
      );
    }
    return reply.redirect(`/initiatieven/volgen/${result.token}/ontvangen`, 303);
  } catch (error) {
    if (error instanceof DomainError && error.code === 'validation_failed' && error.issues.length > 0)
      return again(error.issues);
    throw error;
  }
}

/** Headers of every page behind the private link: never cached, never sent on as a referrer. */
function privatePage(reply: FastifyReply): FastifyReply {
  return reply
    .header('Referrer-Policy', 'no-referrer')
    .header('Cache-Control', 'no-store')
    .header('X-Robots-Tag', 'noindex');
}

/** Public pages, the submission form, the paper form and the tracking pages. */
export async function registerInitiativesPages(
  app: FastifyInstance,
  deps: InitiativesRouteDeps,
): Promise<void> {
  const { ctx, web, places, support } = deps;
  const pages = app.withTypeProvider<ZodTypeProvider>();

  // After sendPage's own headers: pages behind the private link are never cached or passed on.
  app.addHook('onSend', async (request, reply) => {
    const staffConfirmation = request.method === 'POST' && request.url === '/beheer/initiatieven/nieuw';
    if (request.url.startsWith('/initiatieven/volgen/') || staffConfirmation) privatePage(reply);
  });

  pages.get(
    '/initiatieven',
    { config: { access: 'public' }, schema: { hide: true, querystring: publicListQuery } },
    async (request, reply) => {
      const { plaats, fase, thema } = request.query;
      const pageNumber = request.query.pagina ?? 1;
      const { items, hasMore } = await listPublicPage(
        ctx,
        { placeCode: plaats, stage: fase, theme: thema },
        pageNumber,
        PAGE_SIZE,
      );
      const [found, supportById] = await Promise.all([
        plaats ? places.findPlaces([plaats]) : Promise.resolve([]),
        support().supportOf(items.map((i) => i.id)),
      ]);
      const place = found[0];
      if (plaats && !place) throw new NotFoundError('errors.placeNotFound', { code: plaats });
      const map = place
        ? await places.svgMapOf(
            place,
            items.flatMap((i) =>
              i.lat !== null && i.lon !== null
                ? [{ lat: i.lat, lon: i.lon, label: i.title, href: `/initiatieven/${i.reference}` }]
                : [],
            ),
          )
        : undefined;
      return sendPage(
        reply,
        ListPage({
          ctx: pageContext(request, reply, web),
          filter: { placeCode: plaats, stage: fase, theme: thema, page: pageNumber },
          placeName: place ? displayName(place) : undefined,
          items,
          support: supportById,
          hasMore,
          map,
        }),
      );
    },
  );

  const newQuery = z.object({ gemeente: z.string().max(10).optional() });
  pages.get(
    '/initiatieven/nieuw',
    { config: { access: 'public' }, schema: { hide: true, querystring: newQuery } },
    async (request, reply) => {
      const code = (request.query.gemeente ?? '').toUpperCase();
      const { municipalities, choice } = await submissionChoices(places, code);
      const errors =
        code !== '' && !choice
          ? [{ field: 'gemeente', message: request.t('initiatives.errors.gemeente') }]
          : [];
      return sendPage(
        reply,
        SubmitPage({
          ctx: pageContext(request, reply, web),
          form: emptySubmissionForm(choice?.gemeente.code),
          errors,
          photosLost: false,
          municipalities,
          choice,
          intakeWorkingDays: ctx.settings.intakeWorkingDays,
          staff: false,
        }),
        errors.length > 0 ? 400 : 200,
      );
    },
  );

  pages.post(
    '/initiatieven/nieuw',
    // Public submissions are limited per client, so nobody floods the coaches' queue.
    {
      config: { access: 'public', rateLimit: [byIp('initiative-submit-ip', 20, 3600)] },
      schema: { hide: true },
    },
    async (request, reply) => handleSubmission(deps, request, reply, false),
  );

  pages.get(
    '/initiatieven/formulier',
    { config: { access: 'public' }, schema: { hide: true, querystring: newQuery } },
    async (request, reply) => {
      const code = (request.query.gemeente ?? '').toUpperCase();
      const choice = await buurtChoice(places, code);
      return sendPage(
        reply,
        PaperFormPage({
          ctx: pageContext(request, reply, web),
          choice,
          onlineUrl: `${ctx.settings.publicUrl}/initiatieven/nieuw`,
          intakeWorkingDays: ctx.settings.intakeWorkingDays,
        }),
      );
    },
  );

  pages.get(
    '/initiatieven/volgen/:token/ontvangen',
    { config: { access: 'public' }, schema: { hide: true, params: tokenParams } },
    async (request, reply) => {
      const { token } = request.params;
      const tracked = await getTrackedInitiative(ctx, token);
      return sendPage(
        privatePage(reply),
        ReceivedPage({
          ctx: pageContext(request, reply, web),
          reference: tracked.reference,
          link: trackingUrl(ctx.settings.publicUrl, token),
          intakeDueOn: tracked.intakeDueOn,
          mailed: false,
          staff: false,
        }),
      );
    },
  );

  /** The initiator's page behind the tracking link, with what the forms on it show. */
  const sendTrackPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    token: string,
    shown: { errors: FormError[]; body: string; reason: string; notice: string | undefined },
    status = 200,
  ) => {
    const initiative = await getTrackedInitiative(ctx, token);
    return sendPage(
      privatePage(reply),
      TrackPage({ ctx: pageContext(request, reply, web), token, initiative, ...shown }),
      status,
    );
  };

  const trackQuery = z.object({ klaar: z.enum(['bericht', 'ingetrokken']).optional() });
  pages.get(
    '/initiatieven/volgen/:token',
    { config: { access: 'public' }, schema: { hide: true, params: tokenParams, querystring: trackQuery } },
    async (request, reply) => {
      const done = request.query.klaar;
      return sendTrackPage(request, reply, request.params.token, {
        errors: [],
        body: '',
        reason: '',
        notice:
          done === 'bericht'
            ? request.t('initiatives.track.sent')
            : done === 'ingetrokken'
              ? request.t('initiatives.track.withdrawn')
              : undefined,
      });
    },
  );

  /**
   * The initiator's two actions through the tracking link: the same shape, each with its own
   * service call, notice, and the text field kept on the page when the service refuses.
   */
  const initiatorText = z.object({
    body: z.string().max(10_000).default(''),
    reason: z.string().max(10_000).default(''),
  });
  const initiatorAction = (
    path: 'berichten' | 'intrekken',
    act: (acting: Acting, token: string, text: string, t: Translate) => Promise<unknown>,
    notice: 'bericht' | 'ingetrokken',
    keep: 'body' | 'reason',
    refusedStatus: number,
  ) =>
    pages.post(
      `/initiatieven/volgen/:token/${path}`,
      {
        config: { access: 'public', rateLimit: [byIp('initiative-initiator-ip', 30, 900)] },
        schema: { hide: true, params: tokenParams, body: initiatorText },
      },
      async (request, reply) => {
        const { token } = request.params;
        const text = request.body[keep];
        try {
          await act(actingOf(request), token, text, request.t);
          return privatePage(reply).redirect(`/initiatieven/volgen/${token}?klaar=${notice}`, 303);
        } catch (error) {
          return sendTrackPage(
            request,
            reply,
            token,
            {
              errors: formErrorsOf(error, request),
              body: keep === 'body' ? text : '',
              reason: keep === 'reason' ? text : '',
              notice: undefined,
            },
            refusedStatus,
          );
        }
      },
    );
  initiatorAction(
    'berichten',
    (acting, token, text, t) => postInitiatorMessage(ctx, acting, token, text, t),
    'bericht',
    'body',
    400,
  );
  initiatorAction(
    'intrekken',
    (acting, token, text, t) => withdrawByInitiator(ctx, acting, token, text, t),
    'ingetrokken',
    'reason',
    422,
  );

  pages.get(
    '/initiatieven/volgen/:token/fotos/:position',
    {
      config: { access: 'public' },
      schema: {
        hide: true,
        params: tokenParams.extend({
          position: z.coerce
            .number()
            .int()
            .min(0)
            .max(MAX_PHOTOS - 1),
        }),
      },
    },
    async (request, reply) => {
      const file = await getTrackedPhoto(ctx, request.params.token, request.params.position);
      return privatePage(reply).type(file.mime).header('X-Content-Type-Options', 'nosniff').send(file.bytes);
    },
  );

  pages.get(
    '/initiatieven/:reference',
    {
      config: { access: 'public' },
      schema: { hide: true, params: z.object({ reference: z.string().max(30) }) },
    },
    async (request, reply) => {
      const initiative = await getPublicInitiative(ctx, request.params.reference.toUpperCase());
      const port = support();
      const summary = (await port.supportOf([initiative.id])).get(initiative.id);
      return sendPage(
        reply,
        InitiativePage({
          ctx: pageContext(request, reply, web),
          initiative,
          support: summary,
          giveHref: port.giveHref(initiative.reference),
        }),
      );
    },
  );
}
