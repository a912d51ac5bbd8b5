import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { amsterdamDate } from '../../shared/dates.js';
import { csvLine } from '../../shared/csv.js';
import { DomainError } from '../../shared/errors.js';
import { parseEuros } from '../../shared/money.js';
import { pageContext, sendPage, type WebDeps } from '../../web/page.js';
import type { FormError } from '../../web/views/form.js';
import { displayName, type PlacesModule } from '../places/index.js';
import { figuresQuerySchema } from './budgets.schema.js';
import {
  closeYear,
  figuresPerBuurt,
  findInitiativeByReference,
  getBudgetYear,
  setSupportGoal,
  findSupportByReference,
  getReceipt,
  lookupVoucher,
  pledgeHouseholdBudget,
  type BudgetsContext,
  type Receipt,
} from './budgets.service.js';
import { CODE_RATE_LIMITS } from './budgets.web.js';
import {
  AdminYearPage,
  CodePage,
  ConfirmPage,
  DeskPage,
  FiguresPage,
  ReceiptPage,
  StatePage,
} from './views/budget-pages.js';

const codeForm = z.object({ code: z.string().max(40).default('') });
const choiceForm = z.object({
  code: z.string().max(40).default(''),
  initiativeId: z.string().max(40).default(''),
});

/**
 * Pages that show or carry a code: never cached, never sent on as a referrer. An onSend hook,
 * so it also holds for error pages and wins over sendPage's default caching header.
 */
const privatePage = {
  onSend: async (_request: FastifyRequest, reply: FastifyReply, payload: unknown) => {
    reply.header('Cache-Control', 'no-store').header('Referrer-Policy', 'no-referrer');
    return payload;
  },
};

function errorsOf(request: FastifyRequest, error: DomainError): FormError[] {
  const field = error.issues[0]?.field ?? 'code';
  return [
    { field, message: request.t(error.messageKey, { ...error.params, ...(error.issues[0]?.params ?? {}) }) },
  ];
}

/**
 * The resident's pages: code → initiatives in scope → confirm → receipt, each a plain form
 * (no JavaScript). The code travels only in POST bodies; the one exception is the letter's
 * QR link (`/buurtbudget?code=…`), whose route does not log requests.
 */
export async function registerBudgetsPages(
  app: FastifyInstance,
  deps: { ctx: BudgetsContext; web: WebDeps; places: PlacesModule },
): Promise<void> {
  const pages = app.withTypeProvider<ZodTypeProvider>();
  const { ctx, web } = deps;

  async function showState(
    request: FastifyRequest,
    reply: FastifyReply,
    code: string,
    errors: FormError[],
    status = 200,
  ): Promise<FastifyReply> {
    const page = pageContext(request, reply, web);
    try {
      const lookup = await lookupVoucher(ctx, code);
      return sendPage(reply, StatePage({ ctx: page, code, lookup, errors }), status);
    } catch (error) {
      if (!(error instanceof DomainError) || error.code === 'rate_limited') throw error;
      return sendPage(reply, CodePage({ ctx: page, code, errors: errorsOf(request, error) }), error.status);
    }
  }

  pages.get(
    '/buurtbudget',
    {
      // The QR link carries the code in its query: this route writes no request log.
      logLevel: 'silent',
      ...privatePage,
      config: { access: 'public' },
      schema: { hide: true, querystring: z.object({ code: z.string().max(40).optional() }) },
    },
    async (request, reply) => {
      const page = pageContext(request, reply, web);
      return sendPage(reply, CodePage({ ctx: page, code: request.query.code ?? '', errors: [] }));
    },
  );

  pages.post(
    '/buurtbudget',
    {
      ...privatePage,
      config: { access: 'public', rateLimit: CODE_RATE_LIMITS },
      schema: { hide: true, body: codeForm },
    },
    async (request, reply) => {
      return showState(request, reply, request.body.code, []);
    },
  );

  pages.post(
    '/buurtbudget/kiezen',
    {
      ...privatePage,
      config: { access: 'public', rateLimit: CODE_RATE_LIMITS },
      schema: { hide: true, body: choiceForm },
    },
    async (request, reply) => {
      const { code, initiativeId } = request.body;
      let lookup;
      try {
        lookup = await lookupVoucher(ctx, code);
      } catch (error) {
        if (!(error instanceof DomainError) || error.code === 'rate_limited') throw error;
        const page = pageContext(request, reply, web);
        return sendPage(reply, CodePage({ ctx: page, code, errors: errorsOf(request, error) }), error.status);
      }
      const option = lookup.options.find((o) => o.initiativeId === initiativeId);
      if (!option) {
        const message = request.t(initiativeId === '' ? 'budgets.choose.legend' : 'budgets.errors.notOpen', {
          amount: '',
        });
        return showState(request, reply, code, [{ field: 'initiativeId', message }], 422);
      }
      const page = pageContext(request, reply, web);
      return sendPage(reply, ConfirmPage({ ctx: page, code, amountCents: lookup.amountCents, option }));
    },
  );

  pages.post(
    '/buurtbudget/geven',
    {
      ...privatePage,
      config: { access: 'public', rateLimit: CODE_RATE_LIMITS },
      schema: { hide: true, body: choiceForm },
    },
    async (request, reply) => {
      const { code, initiativeId } = request.body;
      try {
        const result = await pledgeHouseholdBudget(ctx, { code, initiativeId, channel: 'online' });
        return reply.redirect(`/buurtbudget/bon/${result.receipt.receipt}`, 303);
      } catch (error) {
        if (!(error instanceof DomainError) || error.code === 'rate_limited') throw error;
        return showState(
          request,
          reply,
          code,
          [{ field: 'state', message: errorsOf(request, error)[0]?.message ?? '' }],
          error.status,
        );
      }
    },
  );

  pages.get(
    '/buurtbudget/bon/:receipt',
    {
      ...privatePage,
      config: { access: 'public' },
      schema: { hide: true, params: z.object({ receipt: z.string().max(40) }) },
    },
    async (request, reply) => {
      const receipt = await getReceipt(ctx.db, request.params.receipt);
      return sendPage(reply, ReceiptPage({ ctx: pageContext(request, reply, web), receipt }));
    },
  );

  // ---- the service desk ----

  const deskForm = z.object({
    code: z.string().max(40).default(''),
    reference: z.string().max(40).default(''),
  });

  pages.get(
    '/beheer/buurtbudget/balie',
    { ...privatePage, config: { access: { permission: 'budgets.desk' } }, schema: { hide: true } },
    async (request, reply) => {
      const page = pageContext(request, reply, web);
      return sendPage(reply, DeskPage({ ctx: page, values: { code: '', reference: '' }, errors: [] }));
    },
  );

  pages.post(
    '/beheer/buurtbudget/balie',
    {
      ...privatePage,
      config: { access: { permission: 'budgets.desk' } },
      schema: { hide: true, body: deskForm },
    },
    async (request, reply) => {
      const page = pageContext(request, reply, web);
      const values = { code: request.body.code, reference: request.body.reference.trim().toUpperCase() };
      const actor = request.actor;
      if (actor.kind !== 'staff') throw new DomainError('forbidden', 'errors.forbidden');
      const support = await findSupportByReference(ctx.db, values.reference);
      if (!support) {
        const errors = [{ field: 'reference', message: request.t('budgets.errors.initiativeNotFound') }];
        return sendPage(reply, DeskPage({ ctx: page, values, errors }), 422);
      }
      let done: Receipt;
      try {
        const result = await pledgeHouseholdBudget(
          ctx,
          { code: values.code, initiativeId: support.initiativeId, channel: 'service_desk' },
          actor,
        );
        done = result.receipt;
      } catch (error) {
        if (!(error instanceof DomainError) || error.code === 'forbidden') throw error;
        return sendPage(
          reply,
          DeskPage({ ctx: page, values, errors: errorsOf(request, error) }),
          error.status,
        );
      }
      return sendPage(reply, DeskPage({ ctx: page, values: { code: '', reference: '' }, errors: [], done }));
    },
  );

  // ---- administration: a year's support goals and its close ----

  const yearParams = z.object({
    gemeente: z.string().regex(/^GM[0-9]{4}$/),
    year: z.coerce.number().int().min(2000).max(2100),
  });
  const goalForm = z.object({
    reference: z.string().max(40).default(''),
    goal: z.string().max(20).default(''),
    deadline: z.string().max(10).default(''),
  });
  const placeParam = (request: FastifyRequest) => {
    const params = request.params;
    const code = params !== null && typeof params === 'object' ? Reflect.get(params, 'gemeente') : undefined;
    return typeof code === 'string' ? code : undefined;
  };

  async function adminPage(
    request: FastifyRequest,
    reply: FastifyReply,
    params: { gemeente: string; year: number },
    extra: {
      errors?: FormError[];
      notice?: string;
      values?: { reference: string; goal: string; deadline: string };
    },
    status = 200,
  ): Promise<FastifyReply> {
    const municipality = await deps.places.getPlaceDetail(params.gemeente);
    const terms = await getBudgetYear(ctx.db, params.gemeente, params.year);
    return sendPage(
      reply,
      AdminYearPage({
        ctx: pageContext(request, reply, web),
        municipality: { code: municipality.code, name: displayName(municipality) },
        year: params.year,
        terms: terms && {
          amountCents: terms.amount_cents,
          scope: terms.scope,
          opensOn: terms.opens_on,
          closesOn: terms.closes_on,
          closed: terms.closed_at !== null,
        },
        errors: extra.errors ?? [],
        notice: extra.notice,
        values: extra.values ?? { reference: '', goal: '', deadline: '' },
      }),
      status,
    );
  }

  pages.get(
    '/beheer/buurtbudget/:gemeente/:year',
    {
      config: { access: { permission: 'budgets.support_goal', place: placeParam } },
      schema: { hide: true, params: yearParams },
    },
    async (request, reply) => adminPage(request, reply, request.params, {}),
  );

  pages.post(
    '/beheer/buurtbudget/:gemeente/:year/doel',
    {
      config: { access: { permission: 'budgets.support_goal', place: placeParam } },
      schema: { hide: true, params: yearParams, body: goalForm },
    },
    async (request, reply) => {
      const values = { ...request.body, reference: request.body.reference.trim().toUpperCase() };
      const goalCents = parseEuros(values.goal);
      const support = await findInitiativeByReference(ctx.db, values.reference);
      const errors: FormError[] = [];
      if (!support)
        errors.push({ field: 'reference', message: request.t('budgets.errors.initiativeNotFound') });
      if (goalCents === undefined || goalCents < 1)
        errors.push({ field: 'goal', message: request.t('budgets.admin.goalInvalid') });
      if (!/^[0-9]{4}-[0-9]{2}-[0-9]{2}$/.test(values.deadline)) {
        errors.push({ field: 'deadline', message: request.t('budgets.admin.goalInvalid') });
      }
      if (errors.length > 0 || !support || goalCents === undefined) {
        return adminPage(request, reply, request.params, { errors, values }, 422);
      }
      try {
        await setSupportGoal(ctx, request.actor, {
          initiativeId: support,
          year: request.params.year,
          goalCents,
          deadline: values.deadline,
        });
      } catch (error) {
        if (!(error instanceof DomainError) || error.code === 'forbidden') throw error;
        return adminPage(
          request,
          reply,
          request.params,
          { errors: errorsOf(request, error), values },
          error.status,
        );
      }
      return adminPage(request, reply, request.params, { notice: request.t('budgets.admin.goalSaved') });
    },
  );

  pages.post(
    '/beheer/buurtbudget/:gemeente/:year/afsluiten',
    {
      config: { access: { permission: 'budgets.administer', place: placeParam } },
      schema: { hide: true, params: yearParams },
    },
    async (request, reply) => {
      try {
        await closeYear(ctx, request.actor, {
          municipalityCode: request.params.gemeente,
          year: request.params.year,
        });
      } catch (error) {
        if (!(error instanceof DomainError) || error.code === 'forbidden') throw error;
        const message = request.t(error.messageKey, error.params);
        return adminPage(
          request,
          reply,
          request.params,
          { errors: [{ field: 'close', message }] },
          error.status,
        );
      }
      return adminPage(request, reply, request.params, { notice: request.t('budgets.admin.closed') });
    },
  );

  // ---- transparency ----

  async function figures(code: string, yearParam: number | undefined) {
    const municipality = await deps.places.getPlaceDetail(code);
    const year = yearParam ?? Number(amsterdamDate(ctx.now()).slice(0, 4));
    const rows = await figuresPerBuurt(ctx.db, municipality.code, year);
    const names = new Map(
      (await deps.places.findPlaces(rows.map((r) => r.buurtCode))).map((p) => [p.code, displayName(p)]),
    );
    return {
      municipality: { code: municipality.code, name: displayName(municipality) },
      year,
      rows: rows.map((r) => ({ ...r, name: names.get(r.buurtCode) ?? r.buurtCode })),
    };
  }

  pages.get(
    '/buurtbudget/cijfers/:gemeente',
    {
      config: { access: 'public' },
      schema: {
        hide: true,
        params: z.object({ gemeente: z.string().max(10) }),
        querystring: figuresQuerySchema,
      },
    },
    async (request, reply) => {
      const data = await figures(request.params.gemeente, request.query.year);
      return sendPage(reply, FiguresPage({ ctx: pageContext(request, reply, web), ...data }));
    },
  );

  pages.get(
    '/buurtbudget/cijfers/:gemeente/:file',
    {
      config: { access: 'public' },
      schema: {
        hide: true,
        params: z.object({ gemeente: z.string().max(10), file: z.string().regex(/^[0-9]{4}\.csv$/) }),
      },
    },
    async (request, reply) => {
      const data = await figures(request.params.gemeente, Number(request.params.file.slice(0, 4)));
      const header = [
        'buurt_code',
        'buurt',
        'households',
        'available_cents',
        'pledged_cents',
        'funded_cents',
        'released_cents',
        'lapsed_cents',
      ];
      const lines = data.rows.map((r) =>
        csvLine([
          r.buurtCode,
          r.name,
          r.vouchers,
          r.issuedCents,
          r.pledgedCents,
          r.fundedCents,
          r.releasedCents,
          r.lapsedCents,
        ]),
      );
      return reply
        .type('text/csv; charset=utf-8')
        .header(
          'Content-Disposition',
          `attachment; filename="buurtbudget-${data.municipality.code}-${data.year}.csv"`,
        )
        .send(`${header.join(',')}\r\n${lines.join('')}`);
    },
  );
}
