import { csvLine } from '../../shared/csv.js';
import { uploadHref } from '../uploads/index.js';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actingOf } from '../../web/page.js';
import { problemResponses } from '../../web/problem.schema.js';
import type { InitiativesRouteDeps } from './initiatives.pages.js';
import {
  moveBodySchema,
  publicInitiativeDetailSchema,
  publicInitiativeSchema,
  publicListQuery,
} from './initiatives.schema.js';
import { getPublicInitiative, listPublicInitiatives, listPublicPage } from './public.service.js';
import { moveByStaff } from './moves.service.js';
import {
  type InitiativesContext,
  type PublicInitiative,
  type PublicInitiativeDetail,
} from './initiatives.service.js';

const tags = ['initiatives'];
const PAGE_SIZE = 100;
/** Open data files hold every public initiative of the filter, up to this many. */
const OPEN_DATA_LIMIT = 50_000;

/** The public JSON shape: a presenter, so no field is ever added by accident (no personal data). */
export function presentInitiative(
  i: PublicInitiative,
  publicUrl: string,
): z.infer<typeof publicInitiativeSchema> {
  return {
    reference: i.reference,
    title: i.title,
    summary: i.summary,
    forWhom: i.forWhom,
    themes: i.themes,
    helpWanted: i.helpWanted,
    stage: i.stage,
    place: {
      buurt: i.buurt,
      wijk: i.wijk,
      gemeente: i.gemeente,
      description: i.locationDescription,
      lat: i.lat,
      lon: i.lon,
    },
    budgetTotalCents: i.budgetTotalCents,
    submittedOn: i.submittedOn,
    url: `${publicUrl}/initiatieven/${i.reference}`,
  };
}

function presentDetail(
  i: PublicInitiativeDetail,
  publicUrl: string,
): z.infer<typeof publicInitiativeDetailSchema> {
  return {
    ...presentInitiative(i, publicUrl),
    budgetLines: i.budgetLines,
    photos: i.photos.map((p) => ({ url: `${publicUrl}${uploadHref(p.uploadId)}`, alt: p.alt })),
    timeline: i.timeline.map((e) => ({ at: e.at.toISOString(), from: e.from, to: e.to, reason: e.reason })),
  };
}

const CSV_COLUMNS = [
  'reference',
  'title',
  'stage',
  'themes',
  'help_wanted',
  'gemeente_code',
  'gemeente',
  'wijk_code',
  'wijk',
  'buurt_code',
  'buurt',
  'lat',
  'lon',
  'budget_total_cents',
  'submitted_on',
  'summary',
  'url',
] as const;

function csvRow(i: PublicInitiative, publicUrl: string): string {
  const cells: (string | number | null)[] = [
    i.reference,
    i.title,
    i.stage,
    i.themes.join(' '),
    i.helpWanted.join(' '),
    i.gemeente.code,
    i.gemeente.name,
    i.wijk.code,
    i.wijk.name,
    i.buurt.code,
    i.buurt.name,
    i.lat,
    i.lon,
    i.budgetTotalCents,
    i.submittedOn,
    i.summary,
    `${publicUrl}/initiatieven/${i.reference}`,
  ];
  return csvLine(cells);
}

const openDataQuery = publicListQuery.omit({ pagina: true });

/** Every public initiative an open data file holds for its query (up to the limit). */
function listOpenData(ctx: InitiativesContext, query: z.infer<typeof openDataQuery>) {
  return listPublicInitiatives(ctx, {
    placeCode: query.plaats,
    stage: query.fase,
    theme: query.thema,
    limit: OPEN_DATA_LIMIT,
  });
}

/** The JSON API under /api/v1/initiatives, and the open data files. */
export async function registerInitiativesApi(
  app: FastifyInstance,
  deps: InitiativesRouteDeps,
): Promise<void> {
  const { ctx } = deps;
  const { publicUrl } = ctx.settings;
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get(
    '/api/v1/initiatives',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'Public initiatives, filtered by place (gemeente, wijk or buurt code), stage and theme',
        description: 'Never contains personal data of initiators. 100 per page (`pagina`).',
        querystring: publicListQuery,
        response: {
          200: z.object({ items: z.array(publicInitiativeSchema), next: z.string().nullable() }),
          ...problemResponses(400),
        },
      },
    },
    async (request) => {
      const { plaats, fase, thema } = request.query;
      const page = request.query.pagina ?? 1;
      const { items, hasMore } = await listPublicPage(
        ctx,
        { placeCode: plaats, stage: fase, theme: thema },
        page,
        PAGE_SIZE,
      );
      const params = new URLSearchParams();
      if (plaats) params.set('plaats', plaats);
      if (fase) params.set('fase', fase);
      if (thema) params.set('thema', thema);
      params.set('pagina', String(page + 1));
      return {
        items: items.map((i) => presentInitiative(i, publicUrl)),
        next: hasMore ? `${publicUrl}/api/v1/initiatives?${params.toString()}` : null,
      };
    },
  );

  api.get(
    '/api/v1/initiatives/:reference',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'One public initiative with its budget, photos and timeline',
        params: z.object({ reference: z.string().max(30) }),
        response: { 200: publicInitiativeDetailSchema, ...problemResponses(404) },
      },
    },
    async (request) =>
      presentDetail(await getPublicInitiative(ctx, request.params.reference.toUpperCase()), publicUrl),
  );

  api.post(
    '/api/v1/initiatives/:reference/moves',
    {
      config: { access: { permission: 'initiatives.coach' } },
      schema: {
        tags,
        summary: 'Move an initiative to another stage (coaches)',
        description:
          'The stage machine decides: a move it forbids is 409, a missing reason (withdrawn, declined, not funded) 422.',
        params: z.object({ reference: z.string().max(30) }),
        body: moveBodySchema,
        response: { 204: z.null(), ...problemResponses(400, 401, 403, 404, 409, 422) },
      },
    },
    async (request, reply) => {
      await moveByStaff(
        ctx,
        actingOf(request, 'api'),
        request.params.reference,
        request.body.to,
        request.body.reason,
        request.t,
      );
      return reply.status(204).send(null);
    },
  );

  api.get(
    '/open-data/initiatieven.csv',
    { config: { access: 'public' }, schema: { hide: true, querystring: openDataQuery } },
    async (request, reply) => {
      const items = await listOpenData(ctx, request.query);
      // A byte-order mark, so spreadsheet programs read the UTF-8 (ë, é) correctly.
      const body = `\uFEFF${CSV_COLUMNS.join(',')}\r\n${items.map((i) => csvRow(i, publicUrl)).join('')}`;
      return reply
        .type('text/csv; charset=utf-8')
        .header('Content-Disposition', 'attachment; filename="initiatieven.csv"')
        .header('Cache-Control', 'public, max-age=300')
        .send(body);
    },
  );

  api.get(
    '/open-data/initiatieven.geojson',
    { config: { access: 'public' }, schema: { hide: true, querystring: openDataQuery } },
    async (request, reply) => {
      const items = await listOpenData(ctx, request.query);
      const features = items.flatMap((i) =>
        i.lat !== null && i.lon !== null
          ? [
              {
                type: 'Feature' as const,
                geometry: { type: 'Point' as const, coordinates: [i.lon, i.lat] },
                properties: {
                  reference: i.reference,
                  title: i.title,
                  stage: i.stage,
                  themes: i.themes,
                  buurt: i.buurt.code,
                  budgetTotalCents: i.budgetTotalCents,
                  url: `/initiatieven/${i.reference}`,
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
}
