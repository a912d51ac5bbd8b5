import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { csvLine } from '../../shared/csv.js';
import { NotFoundError } from '../../shared/errors.js';
import { sendKeptBody } from '../../web/kept-body.js';
import { problemResponses } from '../../web/problem.schema.js';
import { APPROVAL_REASONS, DECISION_KINDS, DECISION_STATUSES, RECIPIENT_KINDS } from './district-budget.js';
import { placeAndYear, yearQuery, type DistrictPublicDeps } from './district-budget.public.pages.js';
import {
  allDecisions,
  overview,
  publicDecision,
  registerPage,
  type PublicDecision,
  type WijkFigures,
} from './district-budget.public.js';
import { decisionHref, spentOf } from './views/register.js';

const tags = ['district-budget'];

const relatedSchema = z.object({
  reference: z.string(),
  title: z.string(),
  wijk: z.string(),
  amountCents: z.number().int(),
  status: z.enum(DECISION_STATUSES),
  decidedOn: z.string().describe('YYYY-MM-DD, Amsterdam'),
  ties: z.array(z.enum(['recipient', 'initiative', 'purpose'])),
  url: z.string(),
});

/** A public decision: never the recipient's name when it is a person, the decider's name or payment details. */
export const publicDecisionSchema = z.object({
  reference: z.string(),
  gemeente: z.string(),
  wijk: z.string(),
  buurt: z.string().nullable(),
  year: z.number().int(),
  kind: z.enum(DECISION_KINDS),
  title: z.string(),
  purpose: z.string(),
  reason: z.string(),
  recipientKind: z.enum(RECIPIENT_KINDS),
  recipient: z.string().nullable().describe('Null when the recipient is a person (a resident)'),
  amountCents: z.number().int(),
  committedCents: z.number().int(),
  paidCents: z.number().int(),
  matchedCents: z.number().int().describe('A top-up: what was added to households’ pledges'),
  returnedCents: z.number().int(),
  place: z.object({ lat: z.number(), lon: z.number() }).nullable(),
  arrangementReference: z.string().nullable(),
  spendBy: z.string().nullable(),
  decidedOn: z.string(),
  secondApprovalReasons: z.array(z.enum(APPROVAL_REASONS)),
  status: z.enum(DECISION_STATUSES),
  statusOn: z.string(),
  madeKnownOn: z.string(),
  objectionDeadline: z.string().describe('The last day to object (Awb: six weeks after it was made known)'),
  related: z.array(relatedSchema),
  relatedTotal: z.number().int(),
  url: z.string(),
});

const figuresSchema = z.object({
  wijk: z.string(),
  allocatedCents: z.number().int(),
  carriedCents: z.number().int(),
  grantedCents: z.number().int(),
  committedCents: z.number().int(),
  spentCents: z.number().int(),
  returnedCents: z.number().int(),
  remainingCents: z.number().int(),
  lapsedCents: z.number().int(),
});

export const overviewSchema = z.object({
  place: z.string(),
  year: z.number().int(),
  years: z.array(z.number().int()),
  wijken: z.array(figuresSchema),
  lateInYear: z
    .object({
      lateCents: z.number().int(),
      totalCents: z.number().int(),
      sharePercent: z.number(),
      flagged: z.boolean(),
    })
    .nullable(),
});

export function presentDecision(d: PublicDecision, publicUrl: string): z.infer<typeof publicDecisionSchema> {
  return {
    reference: d.reference,
    gemeente: d.municipalityCode,
    wijk: d.wijkCode,
    buurt: d.buurtCode,
    year: d.year,
    kind: d.kind,
    title: d.title,
    purpose: d.purpose,
    reason: d.reason,
    recipientKind: d.recipientKind,
    recipient: d.recipient,
    amountCents: d.amountCents,
    committedCents: d.money.committedCents,
    paidCents: d.money.paidCents,
    matchedCents: d.money.matchedCents,
    returnedCents: d.money.returnedCents,
    place: d.place,
    arrangementReference: d.arrangementReference,
    spendBy: d.spendBy,
    decidedOn: d.decidedOn,
    secondApprovalReasons: [...d.approvalReasons],
    status: d.status,
    statusOn: d.statusOn,
    madeKnownOn: d.madeKnownOn,
    objectionDeadline: d.objectionDeadline,
    related: d.related.map((r) => ({
      reference: r.reference,
      title: r.title,
      wijk: r.wijkCode,
      amountCents: r.amountCents,
      status: r.status,
      decidedOn: r.decidedOn,
      ties: [...r.ties],
      url: `${publicUrl}${decisionHref(r.reference)}`,
    })),
    relatedTotal: d.relatedTotal,
    url: `${publicUrl}${decisionHref(d.reference)}`,
  };
}

function presentFigures(f: WijkFigures): z.infer<typeof figuresSchema> {
  const { wijkCode, ...rest } = f;
  return { wijk: wijkCode, ...rest };
}

/** The columns of the CSV, in order (RFC 4180, UTF-8 with BOM, amounts in cents). */
export const CSV_COLUMNS = [
  'reference',
  'gemeente_code',
  'wijk_code',
  'wijk',
  'buurt_code',
  'year',
  'kind',
  'title',
  'purpose',
  'reason',
  'recipient_kind',
  'recipient',
  'amount_cents',
  'committed_cents',
  'paid_cents',
  'matched_cents',
  'returned_cents',
  'spent_cents',
  'status',
  'status_on',
  'decided_on',
  'made_known_on',
  'objection_deadline',
  'second_approval_reasons',
  'lat',
  'lon',
  'url',
] as const;

function csvRow(d: PublicDecision, wijkName: string, publicUrl: string): string {
  return csvLine([
    d.reference,
    d.municipalityCode,
    d.wijkCode,
    wijkName,
    d.buurtCode,
    d.year,
    d.kind,
    d.title,
    d.purpose,
    d.reason,
    d.recipientKind,
    d.recipient,
    d.amountCents,
    d.money.committedCents,
    d.money.paidCents,
    d.money.matchedCents,
    d.money.returnedCents,
    spentOf(d),
    d.status,
    d.statusOn,
    d.decidedOn,
    d.madeKnownOn,
    d.objectionDeadline,
    d.approvalReasons.join(' '),
    d.place?.lat,
    d.place?.lon,
    `${publicUrl}${decisionHref(d.reference)}`,
  ]);
}

const placeQuery = z.object({
  plaats: z.string().max(12).describe('A gemeente (GM0637) or wijk (WK063701) code'),
  jaar: yearQuery.describe('The budget year; the current one (or the newest with a budget) when left out'),
});

/** The JSON API under /api/v1/district-budget, and the open data files. */
export async function registerDistrictApi(
  app: FastifyInstance,
  deps: DistrictPublicDeps & { publicUrl: string },
): Promise<void> {
  const { ctx, publicUrl } = deps;
  const api = app.withTypeProvider<ZodTypeProvider>();

  /** A place's scope in the year asked for (or its current one); NotFoundError without a budget. */
  async function scopeOf(query: z.infer<typeof placeQuery>) {
    const { place, where, scope } = await placeAndYear(deps, query.plaats, query.jaar);
    return { place, where, scope };
  }

  api.get(
    '/api/v1/district-budget/decisions',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'The public register of district-budget decisions of a gemeente or wijk in a year',
        description:
          'Newest first, 50 per page (`pagina`). Only decisions that were made known; never personal data. Each with its money (committed, paid, returned, from the ledger), related decisions and objection deadline.',
        querystring: placeQuery.extend({ pagina: z.coerce.number().int().min(1).max(100_000).optional() }),
        response: {
          200: z.object({
            year: z.number().int(),
            total: z.number().int(),
            awaitingApproval: z.number().int(),
            items: z.array(publicDecisionSchema),
            next: z.string().nullable(),
          }),
          ...problemResponses(400, 404),
        },
      },
    },
    async (request) => {
      const { place, scope } = await scopeOf(request.query);
      const page = request.query.pagina ?? 1;
      const found = await registerPage(ctx, scope, page);
      return {
        year: scope.year,
        total: found.total,
        awaitingApproval: found.awaiting,
        items: found.decisions.map((d) => presentDecision(d, publicUrl)),
        next:
          page < found.pages
            ? `${publicUrl}/api/v1/district-budget/decisions?plaats=${place.code}&jaar=${scope.year}&pagina=${page + 1}`
            : null,
      };
    },
  );

  api.get(
    '/api/v1/district-budget/decisions/:reference',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary:
          'One public district-budget decision with its money, related decisions and objection deadline',
        params: z.object({ reference: z.string().max(40) }),
        response: { 200: publicDecisionSchema, ...problemResponses(404) },
      },
    },
    async (request) => {
      const decision = await publicDecision(ctx, request.params.reference.toUpperCase());
      if (!decision) throw new NotFoundError('districtBudget.public.notFound');
      return presentDecision(decision, publicUrl);
    },
  );

  api.get(
    '/api/v1/district-budget/overview/:plaats',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'The district budget of a wijk, or of every wijk of a gemeente, in a year, in cents',
        description:
          'allocated + carried = spent + committed + granted + remaining + lapsed; returned is part of remaining again.',
        params: z.object({ plaats: z.string().max(12) }),
        querystring: z.object({ jaar: yearQuery }),
        response: { 200: overviewSchema, ...problemResponses(400, 404) },
      },
    },
    async (request) => {
      const { place, where, scope } = await scopeOf({
        plaats: request.params.plaats,
        jaar: request.query.jaar,
      });
      const found = await overview(ctx, where, scope.year);
      if (!found) throw new NotFoundError();
      return {
        place: place.code,
        year: found.year,
        years: [...found.years],
        wijken: found.wijken.map(presentFigures),
        lateInYear: found.late ?? null,
      };
    },
  );

  api.get(
    '/open-data/wijkbudget-besluiten.csv',
    { config: { access: 'public' }, schema: { hide: true, querystring: placeQuery } },
    async (request, reply) => {
      const { place, scope } = await scopeOf(request.query);
      const decisions = await allDecisions(ctx, scope);
      // The file is kept as bytes with the decisions it shows (and the wijken's names in it):
      // a gemeente's has thousands of lines.
      const names = [...place.wijken].map(([code, name]) => `${code} ${name}`).join('\n');
      reply
        .type('text/csv; charset=utf-8')
        .header(
          'Content-Disposition',
          `attachment; filename="wijkbudget-besluiten-${place.code}-${scope.year}.csv"`,
        )
        .header('Cache-Control', 'public, max-age=60');
      return sendKeptBody(request, reply, {
        cache: ctx.cache,
        from: [decisions, names],
        variant: 'csv',
        render: () => {
          const lines = decisions.map((d) =>
            csvRow(d, place.wijken.get(d.wijkCode) ?? d.wijkCode, publicUrl),
          );
          // A byte-order mark, so spreadsheet programs read the UTF-8 (ë, é) correctly.
          return `\uFEFF${CSV_COLUMNS.join(',')}\r\n${lines.join('')}`;
        },
      });
    },
  );

  api.get(
    '/open-data/wijkbudget-besluiten.geojson',
    { config: { access: 'public' }, schema: { hide: true, querystring: placeQuery } },
    async (request, reply) => {
      const { scope } = await scopeOf(request.query);
      const decisions = await allDecisions(ctx, scope);
      reply.type('application/geo+json; charset=utf-8').header('Cache-Control', 'public, max-age=60');
      return sendKeptBody(request, reply, {
        cache: ctx.cache,
        from: [decisions],
        variant: 'geojson',
        render: () => {
          // RFC 7946: WGS84 longitude, latitude; no `crs` member. Decisions without a place are left out.
          const features = decisions.flatMap((d) =>
            d.place
              ? [
                  {
                    type: 'Feature' as const,
                    id: d.reference,
                    geometry: { type: 'Point' as const, coordinates: [d.place.lon, d.place.lat] },
                    properties: {
                      reference: d.reference,
                      kind: d.kind,
                      title: d.title,
                      purpose: d.purpose,
                      wijk: d.wijkCode,
                      buurt: d.buurtCode,
                      amountCents: d.amountCents,
                      paidCents: d.money.paidCents,
                      status: d.status,
                      decidedOn: d.decidedOn,
                      objectionDeadline: d.objectionDeadline,
                      url: `${publicUrl}${decisionHref(d.reference)}`,
                    },
                  },
                ]
              : [],
          );
          return JSON.stringify({ type: 'FeatureCollection', features });
        },
      });
    },
  );
}
