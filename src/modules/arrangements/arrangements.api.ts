import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { csvLine } from '../../shared/csv.js';
import { NotFoundError } from '../../shared/errors.js';
import { problemResponses } from '../../web/problem.schema.js';
import {
  AGGREGATIONS,
  ARRANGEMENT_REFERENCE,
  ARRANGEMENT_STATUSES,
  ARRANGEMENT_THEMES,
  dataQuality,
  DIRECTIONS,
  JUDGEMENTS,
  PROVIDER_KINDS,
  RENEWAL_DECISIONS,
  SOURCES,
} from './arrangement.js';
import {
  criterionCell,
  getArrangement,
  listAllArrangements,
  listArrangements,
  listMeasuredValues,
  type ArrangementSummary,
  type ArrangementsContext,
  type ArrangementView,
  type MeasuredValue,
} from './arrangements.service.js';

const tags = ['arrangements'];
const QUALITIES = ['verified', 'mixed', 'self_reported', 'none'] as const;

/** A gemeente (GM0637) or wijk (WK063701) code. */
const PLACE = z.string().regex(/^(GM[0-9]{4}|WK[0-9]{6})$/);

const fundingSchema = z.object({ year: z.number().int(), amountCents: z.number().int() });

/** An arrangement in a list: whoever the provider is, the same fields. No personal data. */
export const arrangementSummarySchema = z.object({
  reference: z.string(),
  title: z.string(),
  theme: z.enum(ARRANGEMENT_THEMES),
  providerKind: z.enum(PROVIDER_KINDS),
  providerName: z.string().describe('An organisation, the municipality’s service or the initiative’s title'),
  initiativeReference: z.string().nullable(),
  gemeente: z.string(),
  wijk: z.object({ code: z.string(), name: z.string() }),
  startYear: z.number().int(),
  years: z.number().int(),
  contractEnd: z.string().describe('YYYY-MM-DD, the last day of the last funded year'),
  status: z.enum(ARRANGEMENT_STATUSES),
  funding: z.array(fundingSchema).describe('Cents per year'),
  url: z.string(),
});

const measurementSchema = z.object({
  period: z.string().describe('A year (2026), quarter (2026-Q2) or month (2026-05)'),
  year: z.number().int(),
  value: z.number(),
  source: z.enum(SOURCES),
  quality: z.enum(QUALITIES).describe('verified (registry or independent) or self_reported'),
});

const yearFiguresSchema = z.object({
  year: z.number().int(),
  target: z.number().nullable(),
  value: z
    .number()
    .nullable()
    .describe('The year’s value: the sum of its periods, or the last (aggregation)'),
  attainment: z.number().nullable().describe('From baseline to target: 1 is the target reached'),
  result: z.number().nullable().describe('Better than the baseline, in the unit and direction'),
  costPerUnitCents: z.number().int().nullable().describe('Only to be shown beside `quality`'),
  quality: z.enum(QUALITIES).describe('Of the year’s values together'),
});

const indicatorSchema = z.object({
  code: z.string().describe('The criterion: arrangements on one theme compare on the same code'),
  name: z.string(),
  unit: z.string(),
  baseline: z.number(),
  direction: z.enum(DIRECTIONS),
  aggregation: z.enum(AGGREGATIONS),
  targets: z.array(z.object({ year: z.number().int(), target: z.number() })),
  measurements: z.array(measurementSchema),
  perYear: z.array(yearFiguresSchema),
});

/** One arrangement with its goals, indicators, values, funding and evaluations. No personal data. */
export const arrangementSchema = arrangementSummarySchema.extend({
  description: z.string(),
  goals: z.array(z.string()),
  indicators: z.array(indicatorSchema),
  evaluations: z.array(
    z.object({
      year: z.number().int(),
      judgement: z.enum(JUDGEMENTS),
      results: z.string(),
      narrative: z.string(),
      evaluatedOn: z.string(),
    }),
  ),
  renewals: z.array(
    z.object({
      decision: z.enum(RENEWAL_DECISIONS),
      years: z.number().int().nullable(),
      reason: z.string(),
      evaluationYears: z.array(z.number().int()),
      decidedOn: z.string(),
    }),
  ),
  tranches: z.array(
    z.object({
      year: z.number().int(),
      number: z.number().int(),
      amountCents: z.number().int(),
      dueOn: z.string(),
      decisionReference: z.string().nullable().describe('The district-budget decision that pays it'),
    }),
  ),
});

const dayOf = (at: Date) => at.toISOString().slice(0, 10);

function presentSummary(a: ArrangementSummary, publicUrl: string): z.infer<typeof arrangementSummarySchema> {
  return {
    reference: a.reference,
    title: a.title,
    theme: a.theme,
    providerKind: a.providerKind,
    providerName: a.providerName,
    initiativeReference: a.initiativeReference,
    gemeente: a.municipalityCode,
    wijk: a.wijk,
    startYear: a.startYear,
    years: a.years,
    contractEnd: a.contractEnd,
    status: a.status,
    funding: [...a.funding.entries()].map(([year, amountCents]) => ({ year, amountCents })),
    url: `${publicUrl}/afspraken/${a.reference}`,
  };
}

function presentArrangement(a: ArrangementView, publicUrl: string): z.infer<typeof arrangementSchema> {
  const years = Array.from({ length: a.years }, (_, i) => a.startYear + i);
  return {
    ...presentSummary(a, publicUrl),
    description: a.description,
    goals: [...a.goals],
    // Everything of an indicator but its row id; targets, values and figures as lists.
    indicators: a.indicators.map((indicator) => {
      const { id: _id, targets, measurements, ...i } = indicator;
      return {
        ...i,
        targets: [...targets.entries()].map(([year, target]) => ({ year, target })),
        measurements: measurements.map((m) => ({ ...m, quality: dataQuality([m.source]) })),
        perYear: years.map((year) => {
          const cell = criterionCell(indicator, year, a.funding.get(year));
          return {
            year,
            target: cell.target ?? null,
            value: cell.value?.value ?? null,
            attainment: cell.attainment ?? null,
            result: cell.result ?? null,
            costPerUnitCents: cell.costPerUnitCents ?? null,
            quality: cell.quality,
          };
        }),
      };
    }),
    evaluations: a.evaluations.map((e) => ({
      year: e.year,
      judgement: e.judgement,
      results: e.results,
      narrative: e.narrative,
      evaluatedOn: dayOf(e.evaluatedAt),
    })),
    renewals: a.renewals.map((r) => ({
      decision: r.decision,
      years: r.years,
      reason: r.reason,
      evaluationYears: [...r.evaluationYears],
      decidedOn: dayOf(r.decidedAt),
    })),
    tranches: a.tranches.map((t) => ({
      year: t.year,
      number: t.number,
      amountCents: t.amountCents,
      dueOn: t.dueOn,
      decisionReference: t.decisionReference,
    })),
  };
}

/** The columns of the arrangements file, in order (RFC 4180, UTF-8 with BOM, amounts in cents). */
export const ARRANGEMENTS_CSV_COLUMNS = [
  'reference',
  'gemeente_code',
  'wijk_code',
  'wijk',
  'theme',
  'title',
  'provider_kind',
  'provider_name',
  'initiative_reference',
  'start_year',
  'years',
  'contract_end',
  'status',
  'funding_cents',
  'funding_per_year',
  'url',
] as const;

/** The columns of the measured values file, in order. */
export const VALUES_CSV_COLUMNS = [
  'arrangement_reference',
  'gemeente_code',
  'wijk_code',
  'theme',
  'provider_kind',
  'provider_name',
  'indicator_code',
  'indicator_name',
  'unit',
  'direction',
  'aggregation',
  'baseline',
  'target',
  'period',
  'year',
  'value',
  'source',
  'data_quality',
  'recorded_on',
] as const;

function arrangementLine(a: ArrangementSummary, publicUrl: string): string {
  const funding = [...a.funding.entries()];
  return csvLine([
    a.reference,
    a.municipalityCode,
    a.wijk.code,
    a.wijk.name,
    a.theme,
    a.title,
    a.providerKind,
    a.providerName,
    a.initiativeReference,
    a.startYear,
    a.years,
    a.contractEnd,
    a.status,
    funding.reduce((sum, [, cents]) => sum + cents, 0),
    // One cell, `2026:4800000 2027:5000000`: the years differ per arrangement.
    funding.map(([year, cents]) => `${year}:${cents}`).join(' '),
    `${publicUrl}/afspraken/${a.reference}`,
  ]);
}

function valueLine(v: MeasuredValue): string {
  return csvLine([
    v.arrangementReference,
    v.municipalityCode,
    v.wijkCode,
    v.theme,
    v.providerKind,
    v.providerName,
    v.indicatorCode,
    v.indicatorName,
    v.unit,
    v.direction,
    v.aggregation,
    v.baseline,
    v.target,
    v.period,
    v.year,
    v.value,
    v.source,
    v.quality,
    dayOf(v.recordedAt),
  ]);
}

/** A CSV body: a byte-order mark (spreadsheets then read the UTF-8 of ë and é), the header, the lines. */
function csvBody(columns: readonly string[], lines: readonly string[]): string {
  return `\uFEFF${columns.join(',')}\r\n${lines.join('')}`;
}

/** The JSON API under /api/v1/arrangements and the open-data files, for everyone: no personal data. */
export async function registerArrangementsApi(
  app: FastifyInstance,
  deps: { ctx: ArrangementsContext; publicUrl: string },
): Promise<void> {
  const { ctx, publicUrl } = deps;
  const api = app.withTypeProvider<ZodTypeProvider>();

  /** The place asked for, refused with 404 when no such gemeente or wijk exists. */
  async function knownPlace(code: string | undefined): Promise<string | undefined> {
    if (code === undefined) return undefined;
    if (!(await ctx.placeNames([code])).has(code)) throw new NotFoundError();
    return code;
  }

  const placeQuery = z.object({
    plaats: PLACE.optional().describe(
      'A gemeente (GM0637) or wijk (WK063701) code; everywhere when left out',
    ),
  });

  api.get(
    '/api/v1/arrangements',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'Multi-year arrangements of a gemeente or wijk, optionally of one theme',
        description:
          'Every provider alike (a resident initiative, an organisation, the municipality), oldest first, at most 500. Declined proposals are left out.',
        querystring: placeQuery.extend({ thema: z.enum(ARRANGEMENT_THEMES).optional() }),
        response: {
          200: z.object({ items: z.array(arrangementSummarySchema) }),
          ...problemResponses(400, 404),
        },
      },
    },
    async (request) => {
      const placeCode = await knownPlace(request.query.plaats);
      const items = await listArrangements(ctx, { placeCode, theme: request.query.thema });
      return {
        items: items.filter((a) => a.status !== 'declined').map((a) => presentSummary(a, publicUrl)),
      };
    },
  );

  api.get(
    '/api/v1/arrangements/:reference',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary:
          'One multi-year arrangement: goals, indicators with targets and measured values (source and data quality), funding per year, evaluations',
        params: z.object({ reference: z.string().max(40) }),
        response: { 200: arrangementSchema, ...problemResponses(404) },
      },
    },
    async (request) => {
      const reference = request.params.reference.toUpperCase();
      if (!ARRANGEMENT_REFERENCE.test(reference)) throw new NotFoundError('arrangements.errors.notFound');
      return presentArrangement(await getArrangement(ctx, reference), publicUrl);
    },
  );

  /** A CSV file of everywhere or of one place, named after it. */
  function csvFile(
    path: string,
    columns: readonly string[],
    lines: (placeCode: string | undefined) => Promise<string[]>,
  ) {
    api.get(
      `/open-data/${path}.csv`,
      { config: { access: 'public' }, schema: { hide: true, querystring: placeQuery } },
      async (request, reply) => {
        const placeCode = await knownPlace(request.query.plaats);
        const name = `${path}${placeCode ? `-${placeCode}` : ''}.csv`;
        return reply
          .type('text/csv; charset=utf-8')
          .header('Content-Disposition', `attachment; filename="${name}"`)
          .header('Cache-Control', 'public, max-age=60')
          .send(csvBody(columns, await lines(placeCode)));
      },
    );
  }

  csvFile('afspraken', ARRANGEMENTS_CSV_COLUMNS, async (placeCode) =>
    (await listAllArrangements(ctx, placeCode)).map((a) => arrangementLine(a, publicUrl)),
  );
  csvFile('afspraken-metingen', VALUES_CSV_COLUMNS, async (placeCode) =>
    (await listMeasuredValues(ctx, placeCode)).map(valueLine),
  );
}
