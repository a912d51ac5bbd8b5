import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import { problemResponses } from '../../web/problem.schema.js';
import { lookupBodySchema, lookupResponseSchema, pledgeBodySchema, receiptSchema } from './budgets.schema.js';
import { lookupVoucher, type Receipt } from './codes.service.js';
import { pledgeHouseholdBudget } from './pledges.service.js';
import { type BudgetsContext } from './budgets.context.js';
import { CODE_RATE_LIMITS, countingFailedCodes } from './budgets.web.js';

const tags = ['household budget'];

/** The public receipt shape: a presenter, so no field leaks by accident. */
export function presentReceipt(r: Receipt): z.infer<typeof receiptSchema> {
  return {
    receipt: r.receipt,
    status: r.status,
    amountCents: r.amountCents,
    initiative: { id: r.initiativeId, reference: r.initiativeReference, title: r.initiativeTitle },
    channel: r.channel,
    createdAt: r.createdAt.toISOString(),
  };
}

/**
 * JSON routes of the household budget. Codes travel only in request bodies (never in URLs, so
 * never in access logs). Without a session cookie these calls carry no ambient authority and
 * need no CSRF token.
 */
export async function registerBudgetsApi(app: FastifyInstance, deps: { ctx: BudgetsContext }): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const { ctx } = deps;

  api.post(
    '/api/v1/vouchers/lookup',
    {
      config: { access: 'public', rateLimit: CODE_RATE_LIMITS },
      schema: {
        tags,
        summary: 'What a household code means now, and the initiatives it may be given to',
        body: lookupBodySchema,
        response: { 200: lookupResponseSchema, ...problemResponses(400, 404, 422, 429) },
      },
    },
    async (request, reply) => {
      reply.header('Cache-Control', 'no-store');
      const found = await countingFailedCodes(request, () => lookupVoucher(ctx, request.body.code));
      return {
        state: found.state,
        amountCents: found.amountCents,
        year: found.year,
        scope: found.scope,
        buurtCode: found.buurtCode,
        yearOpen: found.yearOpen,
        pledge: found.pledge ? presentReceipt(found.pledge) : null,
        initiatives: found.options.map((o) => ({
          id: o.initiativeId,
          reference: o.reference,
          title: o.title,
          summary: o.summary,
          goalCents: o.goalCents,
          pledgedCents: o.pledgedCents,
          deadline: o.deadline,
        })),
      };
    },
  );

  api.post(
    '/api/v1/pledges',
    {
      config: { access: 'public', rateLimit: CODE_RATE_LIMITS },
      schema: {
        tags,
        summary: 'Give a household budget, whole and once, to one initiative',
        description:
          '201 with a receipt. The same pledge sent again (a retry) answers 200 with the same receipt. ' +
          '409 when the code was already given to another initiative (the problem names the receipt); ' +
          '422 when the initiative is not open for pledges or not in the household’s scope.',
        body: pledgeBodySchema,
        response: { 200: receiptSchema, 201: receiptSchema, ...problemResponses(400, 404, 409, 422, 429) },
      },
    },
    async (request, reply) => {
      reply.header('Cache-Control', 'no-store');
      const result = await countingFailedCodes(request, () =>
        pledgeHouseholdBudget(ctx, {
          code: request.body.code,
          initiativeId: request.body.initiativeId,
          channel: 'api',
        }),
      );
      return reply.status(result.created ? 201 : 200).send(presentReceipt(result.receipt));
    },
  );
}
