import { z } from 'zod';

/** A code as typed: the service checks its form (and explains), so only its size is limited here. */
const code = z
  .string()
  .max(40)
  .describe(
    'The 14-character code from the letter (XXXX-XXXX-XXXX-XX); case, hyphens and spaces are ignored',
  );

export const lookupBodySchema = z.object({ code });
export const pledgeBodySchema = z.object({
  code,
  initiativeId: z.string().max(40).describe('Id of the initiative (from the look-up)'),
});

export const receiptSchema = z
  .object({
    receipt: z.string().describe('Receipt number, e.g. BB-2026-7KQ4-M9TX'),
    status: z.enum(['active', 'funded', 'released']),
    amountCents: z.number().int(),
    initiative: z.object({ id: z.string(), reference: z.string(), title: z.string() }),
    channel: z.enum(['online', 'api', 'service_desk']),
    createdAt: z.string(),
  })
  .meta({ id: 'PledgeReceipt' });

export const supportOptionSchema = z.object({
  id: z.string(),
  reference: z.string(),
  title: z.string(),
  summary: z.string(),
  goalCents: z.number().int(),
  pledgedCents: z.number().int(),
  deadline: z.string().describe('Last day for pledges, YYYY-MM-DD'),
});

export const lookupResponseSchema = z
  .object({
    state: z.enum(['unused', 'pledged', 'funded', 'released', 'lapsed']),
    amountCents: z.number().int(),
    year: z.number().int(),
    scope: z.enum(['buurt', 'wijk']),
    buurtCode: z.string(),
    yearOpen: z.boolean(),
    pledge: receiptSchema.nullable(),
    initiatives: z.array(supportOptionSchema).describe('Where this household may give now'),
  })
  .meta({ id: 'VoucherLookup' });

export const figuresQuerySchema = z.object({ year: z.coerce.number().int().min(2000).max(2100).optional() });
