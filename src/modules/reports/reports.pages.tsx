import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { allows, scopesOf } from '../../access/index.js';
import type { RevisionCache } from '../../db/revisions.js';
import { csvLine } from '../../shared/csv.js';
import { DomainError, NotFoundError, type FieldIssue } from '../../shared/errors.js';
import { formErrorsOfIssues, formRefusalOf } from '../../web/form-errors.js';
import { byField, byIp } from '../../web/plugins/rate-limit.js';
import { actingOf, pageContext, sendPage, type WebDeps } from '../../web/page.js';
import type { FormError } from '../../web/views/form.js';
import { displayName, type PlacesModule } from '../places/index.js';
import { PUBLIC_ID } from './report.js';
import { reportsPermissions } from './reports.permissions.js';
import {
  checkMoveForm,
  checkSubmitForm,
  checkSupportForm,
  emptySubmitForm,
  normalizeReportEmail,
  publicListQuery,
  queueQuery,
  readMoveForm,
  readSubmitForm,
  type MoveForm,
  type SubmitForm,
} from './reports.schema.js';
import {
  answerConfirmation,
  categoriesOf,
  categoryNames,
  findNearby,
  fixFigures,
  getConfirmation,
  getPublicReport,
  getStaffReport,
  getTrackedReport,
  listPublicReports,
  listQueue,
  moveReport,
  placeOfInput,
  reportPoints,
  submitReport,
  supportReport,
  teamsOf,
  trackingUrl,
  type PublicReport,
  type ReportsContext,
} from './reports.service.js';
import {
  ConfirmPage,
  ListPage,
  QueuePage,
  ReceivedPage,
  ReportPage,
  SamePage,
  StaffReportPage,
  SubmitPage,
  SupportedPage,
} from './views/pages.js';
import { whereOf } from './views/parts.js';

export interface ReportsRouteDeps {
  ctx: ReportsContext;
  web: WebDeps;
  places: PlacesModule;
  cache: RevisionCache;
}

const PAGE_SIZE = 50;
const tokenParams = z.object({ token: z.string().max(100) });
const idParams = z.object({ publicId: z.string().max(30) });

/** Headers of every page behind a private link: never cached, never sent on as a referrer. */
function privatePage(reply: FastifyReply): FastifyReply {
  return reply
    .header('Referrer-Policy', 'no-referrer')
    .header('Cache-Control', 'no-store')
    .header('X-Robots-Tag', 'noindex');
}

function publicIdOf(raw: string): string {
  const id = raw.toUpperCase();
  if (!PUBLIC_ID.test(id)) throw new NotFoundError('reports.errors.notFound');
  return id;
}

async function municipalitiesWithMaps(places: PlacesModule) {
  return (await places.listMunicipalities({ withMapsOnly: true })).map((m) => ({
    code: m.code,
    name: displayName(m),
  }));
}

async function placeNamesOf(places: PlacesModule, codes: readonly string[]): Promise<Map<string, string>> {
  const found = await places.findPlaces([...new Set(codes)]);
  return new Map(found.map((p) => [p.code, displayName(p)]));
}

/** Public pages, the submission with its "is this the same?" step, tracking, confirmation, staff queue. */
export async function registerReportsPages(app: FastifyInstance, deps: ReportsRouteDeps): Promise<void> {
  const { ctx, web, places } = deps;
  const pages = app.withTypeProvider<ZodTypeProvider>();

  const submitPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    form: SubmitForm,
    errors: readonly FormError[],
    staff: boolean,
    status = 200,
  ) => {
    const [municipalities, choice] = await Promise.all([
      municipalitiesWithMaps(places),
      places.buurtChoice(form.gemeente),
    ]);
    const categories = choice ? await categoriesOf(ctx, choice.gemeente.code, request.locale) : [];
    return sendPage(
      reply,
      SubmitPage({
        ctx: pageContext(request, reply, web),
        form,
        errors,
        municipalities,
        choice,
        categories,
        staff,
      }),
      status,
    );
  };

  const newQuery = z.object({ gemeente: z.string().max(10).optional() });
  const showForm =
    (staff: boolean) =>
    async (request: FastifyRequest<{ Querystring: z.infer<typeof newQuery> }>, reply: FastifyReply) => {
      const code = (request.query.gemeente ?? '').toUpperCase();
      const known = code === '' || (await places.buurtChoice(code)) !== undefined;
      const errors = known ? [] : [{ field: 'gemeente', message: request.t('reports.errors.buurt') }];
      return submitPage(request, reply, emptySubmitForm(code), errors, staff, known ? 200 : 400);
    };

  /**
   * POST of the form (residents and staff): problems → the form again (400); open reports of the
   * same kind nearby and not yet seen → "is this the same?"; otherwise the report is made.
   */
  const handleSubmit = (staff: boolean) => async (request: FastifyRequest, reply: FastifyReply) => {
    const form = readSubmitForm(request.body);
    const again = (issues: readonly FieldIssue[]) =>
      submitPage(request, reply, form, formErrorsOfIssues(issues, request), staff, 400);
    const checked = checkSubmitForm(form, { staff });
    if (!checked.input) return again(checked.issues);
    const input = checked.input;
    try {
      if (!form.notSame) {
        const place = await placeOfInput(ctx, input);
        const nearby = await findNearby(ctx, {
          gemeente: place.gemeente.code,
          categoryCode: input.categoryCode,
          point: input.point,
          buurtCode: place.buurt.code,
        });
        if (nearby.length > 0) {
          const names = await categoryNames(ctx, place.gemeente.code, request.locale);
          return sendPage(
            reply,
            SamePage({ ctx: pageContext(request, reply, web), form, nearby, categories: names, staff }),
          );
        }
      }
      const acting = actingOf(request, staff ? 'service-desk' : 'web');
      const result = await submitReport(ctx, acting, input);
      if (staff) {
        const report = await getPublicReport(ctx, result.publicId);
        return sendPage(
          privatePage(reply),
          ReceivedPage({
            ctx: pageContext(request, reply, web),
            report,
            link: trackingUrl(ctx.publicUrl, result.token),
            mailed: input.email !== undefined,
            staff: true,
          }),
        );
      }
      return privatePage(reply).redirect(
        `/meldingen/volgen/${result.token}/ontvangen${input.email ? '?gemaild=1' : ''}`,
        303,
      );
    } catch (error) {
      if (error instanceof DomainError && error.code === 'validation_failed' && error.issues.length > 0)
        return again(error.issues);
      throw error;
    }
  };

  // Per client, and per address typed (the handler's own normalisation), so nobody floods a queue.
  const submitLimits = [
    byIp('report-submit-ip', 30, 3600),
    byField('report-submit-email', 'email', 10, 3600, normalizeReportEmail),
  ];

  pages.get(
    '/meldingen/nieuw',
    { config: { access: 'public' }, schema: { hide: true, querystring: newQuery } },
    showForm(false),
  );
  pages.post(
    '/meldingen/nieuw',
    { config: { access: 'public', rateLimit: submitLimits }, schema: { hide: true } },
    handleSubmit(false),
  );
  pages.get(
    '/beheer/meldingen/nieuw',
    { config: { access: { permission: 'reports.enter' } }, schema: { hide: true, querystring: newQuery } },
    showForm(true),
  );
  pages.post(
    '/beheer/meldingen/nieuw',
    { config: { access: { permission: 'reports.enter' } }, schema: { hide: true } },
    handleSubmit(true),
  );

  pages.get(
    '/meldingen/volgen/:token/ontvangen',
    {
      config: { access: 'public' },
      schema: { hide: true, params: tokenParams, querystring: z.object({ gemaild: z.string().optional() }) },
    },
    async (request, reply) => {
      const report = await getTrackedReport(ctx, request.params.token);
      return sendPage(
        privatePage(reply),
        ReceivedPage({
          ctx: pageContext(request, reply, web),
          report,
          link: trackingUrl(ctx.publicUrl, request.params.token),
          mailed: request.query.gemaild === '1',
          staff: false,
        }),
      );
    },
  );

  const reportPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    report: PublicReport,
    tracked: boolean,
    errors: readonly FormError[] = [],
    status = 200,
  ) => {
    const [names, placeNames, buurt] = [
      await categoryNames(ctx, report.gemeenteCode, request.locale),
      await placeNamesOf(places, [report.buurtCode]),
      (await places.findPlaces([report.buurtCode]))[0],
    ];
    const map =
      buurt && report.lat !== null && report.lon !== null
        ? await places.svgMapOf(buurt, [
            {
              lat: report.lat,
              lon: report.lon,
              label: report.publicId,
              href: `/meldingen/${report.publicId}`,
            },
          ])
        : undefined;
    return sendPage(
      tracked ? privatePage(reply) : reply,
      ReportPage({
        ctx: pageContext(request, reply, web),
        report,
        category: names.get(report.categoryCode) ?? report.categoryCode,
        where: whereOf(report, placeNames),
        tracked,
        map,
        errors,
      }),
      status,
    );
  };

  pages.get(
    '/meldingen/volgen/:token',
    { config: { access: 'public' }, schema: { hide: true, params: tokenParams } },
    async (request, reply) =>
      reportPage(request, reply, await getTrackedReport(ctx, request.params.token), true),
  );

  pages.post(
    '/meldingen/:publicId/ook',
    {
      config: {
        access: 'public',
        rateLimit: [
          byIp('report-support-ip', 30, 3600),
          byField('report-support-email', 'email', 10, 3600, normalizeReportEmail),
        ],
      },
      schema: { hide: true, params: idParams },
    },
    async (request, reply) => {
      const publicId = publicIdOf(request.params.publicId);
      const { email, issues } = checkSupportForm(request.body);
      if (issues.length > 0)
        return reportPage(
          request,
          reply,
          await getPublicReport(ctx, publicId),
          false,
          formErrorsOfIssues(issues, request),
          400,
        );
      try {
        await supportReport(ctx, actingOf(request), publicId, { email, channel: 'web' });
      } catch (error) {
        const refusal = formRefusalOf(error, request, { field: 'email' });
        return reportPage(
          request,
          reply,
          await getPublicReport(ctx, publicId),
          false,
          refusal.errors,
          refusal.status,
        );
      }
      return reply.redirect(`/meldingen/${publicId}/ook${email ? '?gemaild=1' : ''}`, 303);
    },
  );
  pages.get(
    '/meldingen/:publicId/ook',
    {
      config: { access: 'public' },
      schema: { hide: true, params: idParams, querystring: z.object({ gemaild: z.string().optional() }) },
    },
    async (request, reply) => {
      const report = await getPublicReport(ctx, publicIdOf(request.params.publicId));
      return sendPage(
        reply,
        SupportedPage({
          ctx: pageContext(request, reply, web),
          publicId: report.publicId,
          mailed: request.query.gemaild === '1',
        }),
      );
    },
  );

  // ---- was it solved? ----
  const confirmQuery = z.object({ klaar: z.enum(['solved', 'reopened', 'recorded']).optional() });
  pages.get(
    '/meldingen/opgelost/:token',
    { config: { access: 'public' }, schema: { hide: true, params: tokenParams, querystring: confirmQuery } },
    async (request, reply) => {
      const view = await getConfirmation(ctx, request.params.token);
      return sendPage(
        privatePage(reply),
        ConfirmPage({
          ctx: pageContext(request, reply, web),
          token: request.params.token,
          view,
          errors: [],
          form: { solved: '', reason: '' },
          done: request.query.klaar,
        }),
      );
    },
  );
  pages.post(
    '/meldingen/opgelost/:token',
    {
      config: { access: 'public', rateLimit: [byIp('report-confirm-ip', 30, 900)] },
      schema: {
        hide: true,
        params: tokenParams,
        body: z.object({ solved: z.string().max(10).optional(), reason: z.string().max(2000).default('') }),
      },
    },
    async (request, reply) => {
      const { token } = request.params;
      const form = { solved: request.body.solved ?? '', reason: request.body.reason };
      const solved = form.solved === 'ja' ? true : form.solved === 'nee' ? false : undefined;
      try {
        const done = await answerConfirmation(ctx, actingOf(request), token, { solved, reason: form.reason });
        return privatePage(reply).redirect(`/meldingen/opgelost/${token}?klaar=${done}`, 303);
      } catch (error) {
        const refusal = formRefusalOf(error, request, { field: 'solved' });
        const view = await getConfirmation(ctx, token);
        return sendPage(
          privatePage(reply),
          ConfirmPage({
            ctx: pageContext(request, reply, web),
            token,
            view,
            errors: refusal.errors,
            form,
            done: undefined,
          }),
          refusal.status,
        );
      }
    },
  );

  // ---- public list, page, open data ----
  pages.get(
    '/meldingen',
    { config: { access: 'public' }, schema: { hide: true, querystring: publicListQuery } },
    async (request, reply) => {
      const { plaats, categorie, status } = request.query;
      const pageNumber = request.query.pagina ?? 1;
      const municipalities = await municipalitiesWithMaps(places);
      const place = plaats ? (await places.findPlaces([plaats]))[0] : undefined;
      if (plaats && !place) throw new NotFoundError('errors.placeNotFound', { code: plaats });
      const gemeente = place ? place.municipalityCode : undefined;
      const [categories, names, reports] = gemeente
        ? [
            await categoriesOf(ctx, gemeente, request.locale),
            await categoryNames(ctx, gemeente, request.locale),
            await listPublicReports(
              ctx,
              { gemeente, placeCode: plaats, categoryCode: categorie, status },
              { limit: PAGE_SIZE + 1, offset: (pageNumber - 1) * PAGE_SIZE },
            ),
          ]
        : [[], new Map<string, string>(), []];
      const shown = reports.slice(0, PAGE_SIZE);
      // The place's own sub-places to narrow to: a gemeente's wijken, a wijk's buurten.
      const detail = place ? await places.getPlaceDetail(place.code) : undefined;
      const placeChoices = detail
        ? [
            ...(detail.municipality.code !== detail.code
              ? [{ code: detail.municipality.code, name: displayName(detail.municipality) }]
              : []),
            ...(detail.parent && detail.parent.code !== detail.municipality.code
              ? [{ code: detail.parent.code, name: displayName(detail.parent) }]
              : []),
            { code: detail.code, name: displayName(detail) },
            ...detail.children.map((c) => ({ code: c.code, name: displayName(c) })),
          ]
        : [];
      const map = place
        ? await places.svgMapOf(
            place,
            shown.flatMap((r) =>
              r.lat !== null && r.lon !== null
                ? [{ lat: r.lat, lon: r.lon, label: r.publicId, href: `/meldingen/${r.publicId}` }]
                : [],
            ),
          )
        : undefined;
      const figures = gemeente && place?.code === gemeente ? await fixFigures(ctx, gemeente) : undefined;
      return sendPage(
        reply,
        ListPage({
          ctx: pageContext(request, reply, web),
          filter: { placeCode: plaats, categoryCode: categorie, status, page: pageNumber },
          municipalities,
          placeName: place ? displayName(place) : undefined,
          places: placeChoices,
          categories,
          categoryNames: names,
          placeNames: await placeNamesOf(
            places,
            shown.map((r) => r.buurtCode),
          ),
          reports: shown,
          hasMore: reports.length > PAGE_SIZE,
          map,
          figures,
        }),
      );
    },
  );

  pages.get(
    '/meldingen/:publicId',
    { config: { access: 'public' }, schema: { hide: true, params: idParams } },
    async (request, reply) =>
      reportPage(request, reply, await getPublicReport(ctx, publicIdOf(request.params.publicId)), false),
  );

  const openDataQuery = z.object({
    plaats: z.string().regex(/^(GM[0-9]{4}|WK[0-9]{6}|BU[0-9]{8})$/),
    status: z
      .enum(['open', 'new', 'accepted', 'in_progress', 'forwarded', 'closed', 'reopened'])
      .optional()
      .catch(undefined),
  });
  const openDataOf = async (query: z.infer<typeof openDataQuery>) => {
    const statuses =
      query.status === 'open'
        ? (['new', 'accepted', 'in_progress', 'forwarded', 'reopened'] as const)
        : query.status
          ? [query.status]
          : undefined;
    return reportPoints(ctx, query.plaats, statuses);
  };
  pages.get(
    '/open-data/meldingen.geojson',
    { config: { access: 'public' }, schema: { hide: true, querystring: openDataQuery } },
    async (request, reply) => {
      const rows = await openDataOf(request.query);
      const features = rows.flatMap((r) =>
        r.lat !== null && r.lon !== null
          ? [
              {
                type: 'Feature' as const,
                geometry: { type: 'Point' as const, coordinates: [r.lon, r.lat] },
                properties: {
                  id: r.public_id,
                  service_code: r.category_code,
                  jurisdiction_id: r.municipality_code,
                  buurt: r.buurt_code,
                  status: r.status,
                  close_reason: r.close_reason,
                  address: r.address_text,
                  requested_datetime: r.requested_at.toISOString(),
                  updated_datetime: r.updated_at.toISOString(),
                  expected_datetime: r.expected_at.toISOString(),
                  url: `/meldingen/${r.public_id}`,
                },
              },
            ]
          : [],
      );
      return reply
        .type('application/geo+json; charset=utf-8')
        .header('Cache-Control', 'public, max-age=300')
        .send(JSON.stringify({ type: 'FeatureCollection', features }));
    },
  );
  pages.get(
    '/open-data/meldingen.csv',
    { config: { access: 'public' }, schema: { hide: true, querystring: openDataQuery } },
    async (request, reply) => {
      const rows = await openDataOf(request.query);
      const header = [
        'id',
        'service_code',
        'jurisdiction_id',
        'buurt',
        'status',
        'close_reason',
        'lat',
        'lon',
        'address',
        'requested_datetime',
        'updated_datetime',
        'expected_datetime',
      ];
      const body =
        `\uFEFF${csvLine(header)}` +
        rows
          .map((r) =>
            csvLine([
              r.public_id,
              r.category_code,
              r.municipality_code,
              r.buurt_code,
              r.status,
              r.close_reason,
              r.lat,
              r.lon,
              r.address_text,
              r.requested_at.toISOString(),
              r.updated_at.toISOString(),
              r.expected_at.toISOString(),
            ]),
          )
          .join('');
      return reply
        .type('text/csv; charset=utf-8')
        .header('Content-Disposition', `attachment; filename="meldingen-${request.query.plaats}.csv"`)
        .header('Cache-Control', 'public, max-age=300')
        .send(body);
    },
  );

  // ---- staff ----
  pages.get(
    '/beheer/meldingen',
    { config: { access: { permission: 'reports.handle' } }, schema: { hide: true, querystring: queueQuery } },
    async (request, reply) => {
      const { plaats, categorie, status, team, teLaat } = request.query;
      const actor = request.actor;
      const scopes = scopesOf(reportsPermissions['reports.handle'], actor);
      const municipalities = [...new Set(scopes.map((c) => `GM${c.slice(2, 6)}`))];
      const gemeente = plaats
        ? `GM${plaats.slice(2, 6)}`
        : municipalities.length === 1
          ? municipalities[0]
          : undefined;
      const reports = await listQueue(
        ctx,
        actor,
        {
          gemeente,
          placeCode: plaats,
          categoryCode: categorie,
          status,
          teamId: team,
          overdue: teLaat === '1',
        },
        { limit: 200, offset: 0 },
      );
      const scopePlaces = await places.findPlaces(scopes);
      const [categories, names, teams] = gemeente
        ? [
            await categoriesOf(ctx, gemeente, request.locale),
            await categoryNames(ctx, gemeente, request.locale),
            await teamsOf(ctx, gemeente),
          ]
        : [[], new Map<string, string>(), []];
      return sendPage(
        reply.header('Cache-Control', 'private, no-store'),
        QueuePage({
          ctx: pageContext(request, reply, web),
          filter: {
            placeCode: plaats,
            categoryCode: categorie,
            status,
            page: 1,
            team,
            overdue: teLaat === '1',
          },
          places: scopePlaces.map((p) => ({ code: p.code, name: displayName(p) })),
          teams,
          categories,
          categoryNames: names,
          placeNames: await placeNamesOf(
            places,
            reports.map((r) => r.buurtCode),
          ),
          reports,
          mayEnter: allows(reportsPermissions['reports.enter'], actor),
        }),
      );
    },
  );

  const staffPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    publicId: string,
    form: MoveForm,
    errors: readonly FormError[],
    notice: string | undefined,
    status = 200,
  ) => {
    const report = await getStaffReport(ctx, request.actor, publicId);
    const [names, placeNames] = [
      await categoryNames(ctx, report.gemeenteCode, request.locale),
      await placeNamesOf(places, [report.buurtCode]),
    ];
    return sendPage(
      reply.header('Cache-Control', 'private, no-store'),
      StaffReportPage({
        ctx: pageContext(request, reply, web),
        report,
        category: names.get(report.categoryCode) ?? report.categoryCode,
        where: whereOf(report, placeNames),
        errors,
        form,
        notice,
      }),
      status,
    );
  };
  const emptyMove: MoveForm = {
    to: '',
    message: '',
    note: '',
    team: '',
    reason: '',
    detail: '',
    duplicateOf: '',
  };

  pages.get(
    '/beheer/meldingen/:publicId',
    {
      config: { access: { permission: 'reports.handle' } },
      schema: { hide: true, params: idParams, querystring: z.object({ klaar: z.string().optional() }) },
    },
    async (request, reply) =>
      staffPage(
        request,
        reply,
        publicIdOf(request.params.publicId),
        emptyMove,
        [],
        request.query.klaar === '1' ? request.t('reports.staff.moved') : undefined,
      ),
  );
  pages.post(
    '/beheer/meldingen/:publicId/stand',
    { config: { access: { permission: 'reports.handle' } }, schema: { hide: true, params: idParams } },
    async (request, reply) => {
      const publicId = publicIdOf(request.params.publicId);
      const form = readMoveForm(request.body);
      const checked = checkMoveForm(form);
      if (!checked.input)
        return staffPage(
          request,
          reply,
          publicId,
          form,
          formErrorsOfIssues(checked.issues, request),
          undefined,
          400,
        );
      try {
        await moveReport(ctx, actingOf(request), publicId, checked.input);
      } catch (error) {
        const refusal = formRefusalOf(error, request, { field: 'to' });
        return staffPage(request, reply, publicId, form, refusal.errors, undefined, refusal.status);
      }
      return reply.redirect(`/beheer/meldingen/${publicId}?klaar=1`, 303);
    },
  );
}
