import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { amsterdamDate, isIsoDate } from '../../shared/dates.js';
import { csvLine } from '../../shared/csv.js';
import { DomainError } from '../../shared/errors.js';
import { formRefusalOf } from '../../web/form-errors.js';
import { centsToInput, parseEuros } from '../../shared/money.js';
import type { RevisionCache } from '../../db/revisions.js';
import { actingOf, pageContext, sendPage, type WebDeps } from '../../web/page.js';
import type { FormError } from '../../web/views/form.js';
import { scopesOf } from '../../access/index.js';
import { displayName, municipalityCodeOf, type Place, type PlacesModule } from '../places/index.js';
import { checkBudgetYearTerms, type BudgetScope } from './budget.js';
import { budgetsPermissions } from './budgets.permissions.js';
import { figuresQuerySchema } from './budgets.schema.js';
import {
  closeYear,
  figuresPerBuurt,
  listBudgetYears,
  setBudgetYear,
  type BudgetYearSummary,
} from './years.service.js';
import { issueVouchers } from './vouchers.service.js';
import {
  findInitiativeByReference,
  setSupportGoal,
  findSupportByReference,
  supportChosenByLink,
} from './goals.service.js';
import { getReceipt, lookupVoucher, type Receipt } from './codes.service.js';
import { pledgeHouseholdBudget } from './pledges.service.js';
import { type BudgetsContext } from './budgets.context.js';
import {
  CODE_RATE_LIMITS,
  countingFailedCodes,
  DESK_RATE_LIMITS,
  PUBLIC_FIGURES_MAX_AGE_MS,
} from './budgets.web.js';
import {
  AdminIndexPage,
  AdminYearPage,
  type GoalFormValues,
  type YearFormValues,
} from './views/admin-pages.js';
import {
  CodePage,
  ConfirmPage,
  DeskPage,
  FiguresPage,
  ReceiptPage,
  StatePage,
} from './views/budget-pages.js';

const codeForm = z.object({
  code: z.string().max(40).default(''),
  /** The initiative the household came to give to (an initiative page's give link), by reference. */
  initiatief: z.string().max(40).default(''),
});
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

/**
 * The resident's pages: code → initiatives in scope → confirm → receipt, each a plain form
 * (no JavaScript). The code travels only in POST bodies; the one exception is the letter's
 * QR link (`/buurtbudget?code=…`), whose route does not log requests.
 */
export async function registerBudgetsPages(
  app: FastifyInstance,
  deps: { ctx: BudgetsContext; web: WebDeps; places: PlacesModule; cache: RevisionCache },
): Promise<void> {
  const pages = app.withTypeProvider<ZodTypeProvider>();
  const { ctx, web } = deps;

  async function showState(
    request: FastifyRequest,
    reply: FastifyReply,
    code: string,
    errors: FormError[],
    status = 200,
    chosen?: { reference: string; title: string },
  ): Promise<FastifyReply> {
    const page = pageContext(request, reply, web);
    let lookup;
    try {
      lookup = await countingFailedCodes(request, () => lookupVoucher(ctx, code));
    } catch (error) {
      const { errors, status } = formRefusalOf(error, request, { field: 'code' });
      return sendPage(reply, CodePage({ ctx: page, code, chosen, errors }), status);
    }
    // Came through an initiative's give link: straight on to confirming it, or told why not.
    const byLink = chosen ? await supportChosenByLink(ctx, lookup, chosen.reference) : undefined;
    if (byLink && 'option' in byLink) {
      return sendPage(
        reply,
        ConfirmPage({ ctx: page, code, amountCents: lookup.amountCents, option: byLink.option }),
      );
    }
    if (!byLink) return sendPage(reply, StatePage({ ctx: page, code, lookup, errors }), status);
    const key =
      byLink.refused === 'not_open'
        ? 'budgets.choose.notOpen'
        : byLink.scope === 'wijk'
          ? 'budgets.choose.outsideWijk'
          : 'budgets.choose.outsideBuurt';
    // The error points to the other initiatives to choose from, or else to the code's state.
    const refusal = {
      field: lookup.options.length > 0 ? 'initiativeId' : 'state',
      message: request.t(key, { title: byLink.title }),
    };
    return sendPage(reply, StatePage({ ctx: page, code, lookup, errors: [...errors, refusal] }), 422);
  }

  /** The initiative of a give link, by reference; undefined when there is none or it has no support goal. */
  async function chosenByLink(reference: string): Promise<{ reference: string; title: string } | undefined> {
    const wanted = reference.trim().toUpperCase();
    if (wanted === '') return undefined;
    const support = await findSupportByReference(ctx.db, wanted);
    return support ? { reference: wanted, title: support.title } : undefined;
  }

  pages.get(
    '/buurtbudget',
    {
      // The QR link carries the code in its query: this route writes no request log.
      logLevel: 'silent',
      ...privatePage,
      config: { access: 'public' },
      schema: {
        hide: true,
        querystring: z.object({
          code: z.string().max(40).optional(),
          initiatief: z.string().max(40).optional(),
        }),
      },
    },
    async (request, reply) => {
      // Only a give link (?initiatief=) reads the database: the plain code page never does.
      const chosen = request.query.initiatief ? await chosenByLink(request.query.initiatief) : undefined;
      const page = pageContext(request, reply, web);
      return sendPage(reply, CodePage({ ctx: page, code: request.query.code ?? '', chosen, errors: [] }));
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
      const chosen = await chosenByLink(request.body.initiatief);
      return showState(request, reply, request.body.code, [], 200, chosen);
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
        lookup = await countingFailedCodes(request, () => lookupVoucher(ctx, code));
      } catch (error) {
        const { errors, status } = formRefusalOf(error, request, { field: 'code' });
        const page = pageContext(request, reply, web);
        return sendPage(reply, CodePage({ ctx: page, code, errors }), status);
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
        const result = await countingFailedCodes(request, () =>
          pledgeHouseholdBudget(ctx, { code, initiativeId, channel: 'online' }),
        );
        return reply.redirect(`/buurtbudget/bon/${result.receipt.receipt}`, 303);
      } catch (error) {
        // Shown beside what the code means now: the state paragraph carries the anchor.
        const refusal = formRefusalOf(error, request, { field: 'state' });
        return showState(
          request,
          reply,
          code,
          [{ field: 'state', message: refusal.errors[0]?.message ?? '' }],
          refusal.status,
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
      config: { access: { permission: 'budgets.desk' }, rateLimit: DESK_RATE_LIMITS },
      schema: { hide: true, body: deskForm },
    },
    async (request, reply) => {
      const page = pageContext(request, reply, web);
      const values = { code: request.body.code, reference: request.body.reference.trim().toUpperCase() };
      if (request.actor.kind !== 'staff') throw new DomainError('forbidden', 'errors.forbidden');
      const support = await findSupportByReference(ctx.db, values.reference);
      if (!support) {
        const errors = [{ field: 'reference', message: request.t('budgets.errors.initiativeNotFound') }];
        return sendPage(reply, DeskPage({ ctx: page, values, errors }), 422);
      }
      let done: Receipt;
      try {
        const result = await countingFailedCodes(request, () =>
          pledgeHouseholdBudget(
            ctx,
            { code: values.code, initiativeId: support.initiativeId, channel: 'service_desk' },
            actingOf(request, 'service-desk'),
          ),
        );
        done = result.receipt;
      } catch (error) {
        const { errors, status } = formRefusalOf(error, request, { field: 'code' });
        return sendPage(reply, DeskPage({ ctx: page, values, errors }), status);
      }
      return sendPage(reply, DeskPage({ ctx: page, values: { code: '', reference: '' }, errors: [], done }));
    },
  );

  // ---- administration: the years of a gemeente, a year's terms, vouchers, goals and close ----

  const yearParams = z.object({
    gemeente: z.string().regex(/^GM[0-9]{4}$/),
    year: z.coerce.number().int().min(2000).max(2100),
  });
  // Generous limits: what is too long is explained beside its field, not refused as a whole.
  const yearForm = z.object({
    amount: z.string().max(200).default(''),
    scope: z.string().max(200).default(''),
    opensOn: z.string().max(200).default(''),
    closesOn: z.string().max(200).default(''),
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
  const today = () => amsterdamDate(ctx.now());

  async function adminPage(
    request: FastifyRequest,
    reply: FastifyReply,
    params: { gemeente: string; year: number },
    extra: {
      errors?: FormError[];
      notice?: string;
      yearValues?: YearFormValues;
      goalValues?: GoalFormValues;
    },
    status = 200,
  ): Promise<FastifyReply> {
    const municipality = await deps.places.getPlaceDetail(params.gemeente);
    const [summary] = await listBudgetYears(ctx.db, [municipality.code], params.year);
    return sendPage(
      reply,
      AdminYearPage({
        ctx: pageContext(request, reply, web),
        municipality: { code: municipality.code, name: displayName(municipality) },
        year: params.year,
        summary,
        errors: extra.errors ?? [],
        notice: extra.notice,
        yearValues: extra.yearValues ?? storedYearValues(params.year, summary),
        goalValues: extra.goalValues ?? { reference: '', goal: '', deadline: '' },
      }),
      status,
    );
  }

  pages.get(
    '/beheer/buurtbudget',
    { config: { access: { permission: 'budgets.desk' } }, schema: { hide: true } },
    async (request, reply) => {
      // The gemeenten whose year pages this staff member may open, by their grants.
      const candidates = scopesOf(budgetsPermissions['budgets.support_goal'], request.actor).map(
        municipalityCodeOf,
      );
      const codes = [...new Set(candidates)].filter((code) =>
        request.can('budgets.support_goal', { placeCode: code }),
      );
      const [places, years] = await Promise.all([
        deps.places.findPlaces(codes),
        listBudgetYears(ctx.db, codes),
      ]);
      const thisYear = Number(today().slice(0, 4));
      const gemeenten = places
        .map((place) => {
          const own = years.filter((y) => y.municipalityCode === place.code);
          const administers = request.can('budgets.administer', { placeCode: place.code });
          return {
            code: place.code,
            name: displayName(place),
            years: own,
            newYears: administers
              ? [thisYear, thisYear + 1].filter((year) => !own.some((y) => y.year === year))
              : [],
          };
        })
        .sort((a, b) => a.name.localeCompare(b.name, 'nl'));
      const page = pageContext(request, reply, web);
      return sendPage(reply, AdminIndexPage({ ctx: page, today: today(), gemeenten }));
    },
  );

  pages.get(
    '/beheer/buurtbudget/:gemeente/:year',
    {
      config: { access: { permission: 'budgets.support_goal', place: placeParam } },
      schema: { hide: true, params: yearParams },
    },
    async (request, reply) => adminPage(request, reply, request.params, {}),
  );

  pages.post(
    '/beheer/buurtbudget/:gemeente/:year/instellen',
    {
      config: { access: { permission: 'budgets.administer', place: placeParam } },
      schema: { hide: true, params: yearParams, body: yearForm },
    },
    async (request, reply) => {
      const { gemeente, year } = request.params;
      // An unknown gemeente is a 404 here, before the database's foreign key says no.
      await deps.places.getPlaceDetail(gemeente);
      const [current] = await listBudgetYears(ctx.db, [gemeente], year);
      const values: YearFormValues = {
        amount: request.body.amount.trim(),
        scope: request.body.scope,
        opensOn: request.body.opensOn.trim(),
        closesOn: request.body.closesOn.trim(),
      };
      if (current?.closed) {
        const errors = [{ field: 'terms', message: request.t('budgets.errors.yearClosed') }];
        return adminPage(request, reply, request.params, { errors }, 409);
      }
      const checked = checkYearForm(values, year, current);
      if ('errors' in checked) {
        const errors = checked.errors.map((e) => ({ field: e.field, message: request.t(e.key, e.params) }));
        return adminPage(request, reply, request.params, { errors, yearValues: values }, 422);
      }
      try {
        await setBudgetYear(ctx, actingOf(request), { municipalityCode: gemeente, year, ...checked.terms });
      } catch (error) {
        // Vouchers or pledges arrived since the page was shown: the page now shows them as fixed.
        const { errors, status } = formRefusalOf(error, request, { field: 'amount' });
        return adminPage(request, reply, request.params, { errors, yearValues: values }, status);
      }
      const notice = request.t('budgets.admin.yearSaved', { year: String(year) });
      return adminPage(request, reply, request.params, { notice });
    },
  );

  pages.post(
    '/beheer/buurtbudget/:gemeente/:year/tegoedbonnen',
    {
      config: { access: { permission: 'budgets.administer', place: placeParam } },
      schema: { hide: true, params: yearParams },
    },
    async (request, reply) => {
      const { gemeente, year } = request.params;
      let result;
      try {
        result = await issueVouchers(ctx, actingOf(request), { municipalityCode: gemeente, year });
      } catch (error) {
        // No year, or a closed one: the page then has no vouchers section, but always its terms.
        const { errors, status } = formRefusalOf(error, request, { field: 'terms' });
        return adminPage(request, reply, request.params, { errors }, status);
      }
      const notice = request.t('budgets.admin.vouchersIssued', {
        issued: result.issued,
        buurten: result.buurten,
        already: result.alreadyIssued,
      });
      return adminPage(request, reply, request.params, { notice });
    },
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
      if (!isIsoDate(values.deadline)) {
        errors.push({ field: 'deadline', message: request.t('budgets.admin.goalInvalid') });
      }
      if (errors.length > 0 || !support || goalCents === undefined) {
        return adminPage(request, reply, request.params, { errors, goalValues: values }, 422);
      }
      try {
        await setSupportGoal(ctx, actingOf(request), {
          initiativeId: support,
          year: request.params.year,
          goalCents,
          deadline: values.deadline,
        });
      } catch (error) {
        // A settled goal, or one below what was pledged: said beside the goal.
        const { errors, status } = formRefusalOf(error, request, { field: 'goal' });
        return adminPage(request, reply, request.params, { errors, goalValues: values }, status);
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
        await closeYear(ctx, actingOf(request), {
          municipalityCode: request.params.gemeente,
          year: request.params.year,
        });
      } catch (error) {
        // Pledges still waiting keep the year open (and its close button); else it is gone or closed.
        const waiting = error instanceof DomainError && error.messageKey === 'budgets.errors.pledgesWaiting';
        const { errors, status } = formRefusalOf(error, request, { field: waiting ? 'close' : 'terms' });
        return adminPage(request, reply, request.params, { errors }, status);
      }
      return adminPage(request, reply, request.params, { notice: request.t('budgets.admin.closed') });
    },
  );

  // ---- transparency ----

  /**
   * A gemeente's public figures of a year, cached in this process (see PUBLIC_FIGURES_MAX_AGE_MS),
   * and read again after a change of the year, its goals or the places.
   */
  async function figures(code: string, yearParam: number | undefined) {
    const municipality = await deps.places.getPlaceDetail(code);
    const year = yearParam ?? Number(amsterdamDate(ctx.now()).slice(0, 4));
    return deps.cache.get(
      `budgets:figures:${municipality.code}:${year}`,
      ['budgets', 'places'],
      () => readFigures(municipality, year),
      { maxAgeMs: PUBLIC_FIGURES_MAX_AGE_MS },
    );
  }

  async function readFigures(municipality: Place, year: number) {
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
      return sendPage(
        reply,
        FiguresPage({ ctx: pageContext(request, reply, web), figures: data, memo: deps.cache }),
      );
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

/** The year form as stored (or, for a year not set up yet, the usual terms: EUR 10, buurt, the whole year). */
function storedYearValues(year: number, summary: BudgetYearSummary | undefined): YearFormValues {
  return summary
    ? {
        amount: centsToInput(summary.amountCents),
        scope: summary.scope,
        opensOn: summary.opensOn,
        closesOn: summary.closesOn,
      }
    : { amount: '10', scope: 'buurt', opensOn: `${year}-01-01`, closesOn: `${year}-12-31` };
}

type YearFormCheck =
  | { terms: { amountCents: number; scope: BudgetScope; opensOn: string; closesOn: string } }
  | { errors: { field: keyof YearFormValues; key: string; params?: Record<string, string | number> }[] };

/**
 * Checks the year form by the budget year's rules (`checkBudgetYearTerms`, which the service
 * applies again). What vouchers or pledges hold is taken as stored, not as sent: those fields
 * are not on the page then.
 */
function checkYearForm(
  values: YearFormValues,
  year: number,
  current: BudgetYearSummary | undefined,
): YearFormCheck {
  const amountCents = current?.amountLocked ? current.amountCents : parseEuros(values.amount);
  const scope = current?.scopeLocked ? current.scope : values.scope;
  const terms = { year, amountCents, scope, opensOn: values.opensOn, closesOn: values.closesOn };
  const issues = checkBudgetYearTerms(terms);
  if (issues.length > 0 || amountCents === undefined || (scope !== 'buurt' && scope !== 'wijk'))
    return {
      errors: issues.map(({ field, message, params }) => ({
        field: yearFormField(field),
        key: message,
        params,
      })),
    };
  return { terms: { amountCents, scope, opensOn: values.opensOn, closesOn: values.closesOn } };
}

/** The form's field for a rule's field (they carry the same names). */
function yearFormField(field: string): keyof YearFormValues {
  return field === 'scope' || field === 'opensOn' || field === 'closesOn' ? field : 'amount';
}
