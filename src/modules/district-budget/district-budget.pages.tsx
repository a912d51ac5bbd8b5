import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { allows } from '../../access/index.js';
import { amsterdamDate } from '../../shared/dates.js';
import { DomainError } from '../../shared/errors.js';
import { formatEuros, parseEuros } from '../../shared/money.js';
import { actingOf, pageContext, sendPage, type WebDeps } from '../../web/page.js';
import type { FormError } from '../../web/views/form.js';
import { displayName, type PlacesModule } from '../places/index.js';
import { DECISION_KINDS, RECIPIENT_KINDS, type DecisionKind, type RecipientKind } from './district-budget.js';
import { districtBudgetPermissions as rules } from './district-budget.permissions.js';
import {
  answerApproval,
  changeDecision,
  decide,
  getDecisionDetail,
  listDecisions,
  listToApprove,
  moveMoney,
  placesOf,
  wijkFigures,
  withdrawDecision,
  listBudgets,
  getSettings,
  listBackupApprovers,
  listMandates,
  saveSettings,
  setBackupApprover,
  setMandate,
  allocate,
  closeYear,
  type DistrictContext,
} from './district-budget.service.js';
import { SettingsPage } from './views/settings-page.js';
import type { StaffPort } from '../initiatives/index.js';
import {
  decisionPath,
  DecisionFormPage,
  DecisionPage,
  EMPTY_DECISION_FORM,
  STAFF_ROOT,
  StaffIndexPage,
  type DecisionFormValues,
} from './views/staff-pages.js';

const text = (max: number) => z.string().max(max).default('');

const decisionForm = z.object({
  wijk: text(20),
  jaar: text(8),
  kind: text(20),
  title: text(400),
  purpose: text(1000),
  reason: text(8000),
  recipientKind: text(20),
  recipient: text(400),
  amount: text(40),
  iban: text(60),
  accountHolder: text(400),
  initiative: text(60),
  buurtCode: text(20),
  lat: text(30),
  lon: text(30),
  ratio: text(20),
  capPerInitiative: text(40),
  spendBy: text(20),
  conflict: text(10),
  conflictNote: text(2000),
});

const changeForm = z.object({
  amount: text(40),
  recipient: text(400),
  iban: text(60),
  accountHolder: text(400),
  purpose: text(1000),
  reason: text(8000),
  changeNote: text(2000),
});

const refParams = z.object({ reference: z.string().min(1).max(40) });

/** A refusal in the request's language, amounts in euros. */
function messageOf(
  request: FastifyRequest,
  error: DomainError,
  params: Record<string, string | number> = {},
): string {
  const merged = { ...error.params, ...params };
  const shown = Object.fromEntries(
    Object.entries(merged).map(([k, v]) => [
      k,
      k === 'available' && typeof v === 'number' ? formatEuros(v, request.locale) : v,
    ]),
  );
  return request.t(error.messageKey, shown);
}

function errorsOf(request: FastifyRequest, error: DomainError, field: string): FormError[] {
  if (error.issues.length > 0)
    return error.issues.map((i) => ({ field: i.field, message: request.t(i.message, i.params ?? {}) }));
  return [{ field, message: messageOf(request, error) }];
}

/** A number typed the Dutch way ("0,5") or the English way ("0.5"). */
function parseRatio(value: string): { numerator: number; denominator: number } | undefined {
  const cents = parseEuros(value);
  if (cents === undefined || cents <= 0) return undefined;
  return { numerator: cents, denominator: 100 };
}

/**
 * The staff's pages of the district budget: the overview, a new decision, one decision with
 * its approval, change, money and withdrawal forms. Every change goes through the service's
 * commands, which check the permission for the decision's wijk.
 */
export async function registerDistrictBudgetPages(
  app: FastifyInstance,
  deps: { ctx: DistrictContext; web: WebDeps; places: PlacesModule; staff: StaffPort },
): Promise<void> {
  const { ctx, web } = deps;
  const pages = app.withTypeProvider<ZodTypeProvider>();
  const thisYear = () => Number(amsterdamDate(ctx.clock()).slice(0, 4));

  async function namesOf(codes: readonly string[]): Promise<Map<string, string>> {
    const places = await deps.places.findPlaces([...new Set(codes)]);
    return new Map(places.map((p) => [p.code, displayName(p)]));
  }

  async function indexPage(request: FastifyRequest, reply: FastifyReply, notice?: string) {
    const year = thisYear();
    const scope = placesOf(request.actor);
    const budgets = await listBudgets(ctx, {
      year,
      municipalityCodes: scope.municipalityCodes,
      wijkCodes: scope.wijkCodes,
    });
    const [figures, toApprove, decisions] = await Promise.all([
      wijkFigures(
        ctx,
        budgets.map((b) => b.wijkCode),
        year,
      ),
      listToApprove(ctx, request.actor),
      listDecisions(ctx, request.actor, { limit: 100 }),
    ]);
    const names = await namesOf([
      ...figures.map((f) => f.wijkCode),
      ...toApprove.map((r) => r.decision.wijkCode),
      ...decisions.map((r) => r.decision.wijkCode),
    ]);
    const name = (code: string) => names.get(code) ?? code;
    const adminCodes = scope.municipalityCodes.filter((code) =>
      allows(rules['district-budget.administer'], request.actor, { placeCode: code }),
    );
    const adminNames = await namesOf(adminCodes);
    return sendPage(
      reply,
      StaffIndexPage({
        ctx: pageContext(request, reply, web),
        year,
        notice,
        figures: figures.map((f) => ({
          ...f,
          name: name(f.wijkCode),
          mayDecide: allows(rules['district-budget.decide'], request.actor, { placeCode: f.wijkCode }),
        })),
        toApprove: toApprove
          .filter((r) => r.mayAnswer || r.mine)
          .map((r) => ({ ...r, wijkName: name(r.decision.wijkCode) })),
        decisions: decisions.map((r) => ({ decision: r.decision, wijkName: name(r.decision.wijkCode) })),
        administers: adminCodes.map((code) => ({ code, name: adminNames.get(code) ?? code })),
      }),
    );
  }

  pages.get(
    STAFF_ROOT,
    // A backup approver of any role finds here what waits for them; the rest is narrowed to `view`.
    { config: { access: { permission: 'district-budget.backup' } }, schema: { hide: true } },
    async (request, reply) => indexPage(request, reply),
  );

  const wijkQuery = z.object({
    wijk: z.string().regex(/^WK[0-9]{6}$/),
    jaar: z.coerce.number().int().min(2000).max(2200).optional(),
  });
  const queryWijk = (request: FastifyRequest) => {
    const q = request.query;
    const code = q !== null && typeof q === 'object' ? Reflect.get(q, 'wijk') : undefined;
    return typeof code === 'string' ? code : undefined;
  };
  const bodyWijk = (request: FastifyRequest) => {
    const b = request.body;
    const code = b !== null && typeof b === 'object' ? Reflect.get(b, 'wijk') : undefined;
    return typeof code === 'string' ? code : undefined;
  };

  async function formPage(
    request: FastifyRequest,
    reply: FastifyReply,
    wijkCode: string,
    year: number,
    values: DecisionFormValues,
    errors: FormError[],
    status = 200,
  ) {
    const names = await namesOf([wijkCode]);
    return sendPage(
      reply,
      DecisionFormPage({
        ctx: pageContext(request, reply, web),
        wijk: { code: wijkCode, name: names.get(wijkCode) ?? wijkCode },
        year,
        values,
        errors,
      }),
      status,
    );
  }

  pages.get(
    `${STAFF_ROOT}/besluiten/nieuw`,
    {
      config: { access: { permission: 'district-budget.decide', place: queryWijk } },
      schema: { hide: true, querystring: wijkQuery },
    },
    async (request, reply) =>
      formPage(request, reply, request.query.wijk, request.query.jaar ?? thisYear(), EMPTY_DECISION_FORM, []),
  );

  pages.post(
    `${STAFF_ROOT}/besluiten`,
    {
      config: { access: { permission: 'district-budget.decide', place: bodyWijk } },
      schema: { hide: true, body: decisionForm },
    },
    async (request, reply) => {
      const v = request.body;
      const year = Number(v.jaar) || thisYear();
      const values: DecisionFormValues = { ...EMPTY_DECISION_FORM, ...v };
      const errors: FormError[] = [];
      const amountCents = parseEuros(v.amount);
      if (amountCents === undefined || amountCents <= 0)
        errors.push({ field: 'amount', message: request.t('districtBudget.errors.amount') });
      const kind = DECISION_KINDS.find((k) => k === v.kind && k !== 'arrangement');
      if (!kind) errors.push({ field: 'kind', message: request.t('districtBudget.errors.required') });
      const recipientKind = RECIPIENT_KINDS.find((k) => k === v.recipientKind);
      if (!recipientKind)
        errors.push({ field: 'recipientKind', message: request.t('districtBudget.errors.required') });
      const ratio = kind === 'top_up' ? parseRatio(v.ratio) : undefined;
      if (kind === 'top_up' && !ratio)
        errors.push({ field: 'ratio', message: request.t('districtBudget.errors.ratio') });
      const cap = v.capPerInitiative.trim() === '' ? null : (parseEuros(v.capPerInitiative) ?? -1);
      if (cap === -1)
        errors.push({ field: 'capPerInitiative', message: request.t('districtBudget.errors.amount') });
      const lat = v.lat.trim() === '' ? null : Number(v.lat.replace(',', '.'));
      const lon = v.lon.trim() === '' ? null : Number(v.lon.replace(',', '.'));
      if ((lat !== null && !Number.isFinite(lat)) || (lon !== null && !Number.isFinite(lon)))
        errors.push({ field: 'lat', message: request.t('districtBudget.errors.place') });
      if (errors.length > 0 || !kind || !recipientKind || amountCents === undefined)
        return formPage(request, reply, v.wijk, year, values, errors, 422);
      try {
        const made = await decide(ctx, actingOf(request), {
          kind: kind satisfies DecisionKind,
          wijkCode: v.wijk,
          year,
          title: v.title,
          purpose: v.purpose,
          reason: v.reason,
          recipientKind: recipientKind satisfies RecipientKind,
          recipient: v.recipient,
          amountCents,
          iban: v.iban,
          accountHolder: v.accountHolder,
          initiative: v.initiative,
          buurtCode: v.buurtCode,
          lat,
          lon,
          matchNumerator: ratio?.numerator ?? null,
          matchDenominator: ratio?.denominator ?? null,
          matchCapPerInitiativeCents: cap,
          spendBy: v.spendBy,
          conflictOfInterest: v.conflict === 'yes',
          conflictNote: v.conflictNote,
        });
        const notice = made.status === 'granted' ? 'granted' : 'awaiting';
        return reply.redirect(`${decisionPath(made.reference)}?gedaan=${notice}`, 303);
      } catch (error) {
        if (!(error instanceof DomainError) || error.code === 'forbidden') throw error;
        return formPage(
          request,
          reply,
          v.wijk,
          year,
          values,
          errorsOf(request, error, 'amount'),
          error.status,
        );
      }
    },
  );

  const NOTICES: Record<string, string> = {
    granted: 'districtBudget.form.notice.granted',
    awaiting: 'districtBudget.form.notice.awaiting',
    approved: 'districtBudget.answer.approved',
    rejected: 'districtBudget.answer.rejected',
    changed: 'districtBudget.change.saved',
    voided: 'districtBudget.change.voided',
    moved: 'districtBudget.money.done',
    withdrawn: 'districtBudget.withdraw.done',
  };

  async function decisionPage(
    request: FastifyRequest,
    reply: FastifyReply,
    reference: string,
    extra: { errors?: FormError[]; notice?: string | undefined },
    status = 200,
  ) {
    const detail = await getDecisionDetail(ctx, request.actor, reference);
    const d = detail.decision;
    const names = await namesOf([d.wijkCode]);
    const queue = d.status === 'awaiting_approval' ? await listToApprove(ctx, request.actor) : [];
    const entry = queue.find((q) => q.decision.id === d.id);
    return sendPage(
      reply,
      DecisionPage({
        ctx: pageContext(request, reply, web),
        detail,
        wijkName: names.get(d.wijkCode) ?? d.wijkCode,
        mayAnswer: entry?.mayAnswer ?? false,
        isOwn: request.actor.kind === 'staff' && d.decidedByAccountId === request.actor.accountId,
        mayDecide: allows(rules['district-budget.decide'], request.actor, { placeCode: d.wijkCode }),
        errors: extra.errors ?? [],
        notice: extra.notice,
      }),
      status,
    );
  }

  pages.get(
    `${STAFF_ROOT}/besluiten/:reference`,
    {
      // Everyone who may approve it opens it: the backup pool holds partners too (the service checks the pool).
      config: { access: { permission: 'district-budget.backup' } },
      schema: {
        hide: true,
        params: refParams,
        querystring: z.object({ gedaan: z.string().max(20).optional() }),
      },
    },
    async (request, reply) => {
      const key = request.query.gedaan ? NOTICES[request.query.gedaan] : undefined;
      const detail = key ? await getDecisionDetail(ctx, request.actor, request.params.reference) : undefined;
      const notice = key
        ? request.t(key, {
            reference: request.params.reference,
            status: detail ? request.t(`districtBudget.status.${detail.decision.status}`) : '',
          })
        : undefined;
      return decisionPage(request, reply, request.params.reference, { notice });
    },
  );

  /** Runs one change on a decision; a refusal shows the page again with the error beside `field`. */
  async function act(
    request: FastifyRequest,
    reply: FastifyReply,
    reference: string,
    field: string,
    run: (id: string) => Promise<string>,
  ) {
    const detail = await getDecisionDetail(ctx, request.actor, reference);
    try {
      const done = await run(detail.decision.id);
      return reply.redirect(`${decisionPath(reference)}?gedaan=${done}`, 303);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      return decisionPage(
        request,
        reply,
        reference,
        { errors: errorsOf(request, error, field) },
        error.status,
      );
    }
  }

  pages.post(
    `${STAFF_ROOT}/besluiten/:reference/antwoord`,
    {
      // Approvers hold `approve` for the wijk, or are in the gemeente's backup pool (any staff role).
      config: { access: { permission: 'district-budget.backup' } },
      schema: { hide: true, params: refParams, body: z.object({ answer: text(10), note: text(2000) }) },
    },
    async (request, reply) =>
      act(request, reply, request.params.reference, 'note', async (id) => {
        const approve = request.body.answer === 'approve';
        await answerApproval(ctx, actingOf(request), id, { approve, note: request.body.note });
        return approve ? 'approved' : 'rejected';
      }),
  );

  pages.post(
    `${STAFF_ROOT}/besluiten/:reference/wijzigen`,
    {
      config: { access: { permission: 'district-budget.decide' } },
      schema: { hide: true, params: refParams, body: changeForm },
    },
    async (request, reply) =>
      act(request, reply, request.params.reference, 'note', async (id) => {
        const v = request.body;
        const amountCents = parseEuros(v.amount);
        if (amountCents === undefined || amountCents <= 0)
          throw new DomainError('validation_failed', 'districtBudget.errors.amount', {}, [
            { field: 'amount', message: 'districtBudget.errors.amount' },
          ]);
        const outcome = await changeDecision(ctx, actingOf(request), id, {
          amountCents,
          recipient: v.recipient,
          iban: v.iban,
          accountHolder: v.accountHolder,
          purpose: v.purpose,
          reason: v.reason,
          note: v.changeNote,
        });
        return outcome.status === 'awaiting_approval' ? 'voided' : 'changed';
      }),
  );

  pages.post(
    `${STAFF_ROOT}/besluiten/:reference/geld`,
    {
      config: { access: { permission: 'district-budget.decide' } },
      schema: {
        hide: true,
        params: refParams,
        body: z.object({ movement: text(10), amount: text(40), note: text(1000) }),
      },
    },
    async (request, reply) =>
      act(request, reply, request.params.reference, 'movement', async (id) => {
        const v = request.body;
        const movement = (['commit', 'pay', 'return', 'refund'] as const).find((m) => m === v.movement);
        if (!movement)
          throw new DomainError('validation_failed', 'districtBudget.errors.required', {}, [
            { field: 'movement', message: 'districtBudget.errors.required' },
          ]);
        const amountCents = v.amount.trim() === '' ? undefined : parseEuros(v.amount);
        if (amountCents === undefined && v.amount.trim() !== '')
          throw new DomainError('validation_failed', 'districtBudget.errors.amount', {}, [
            { field: 'moveAmount', message: 'districtBudget.errors.amount' },
          ]);
        await moveMoney(ctx, actingOf(request), id, { movement, amountCents, note: v.note });
        return 'moved';
      }),
  );

  pages.post(
    `${STAFF_ROOT}/besluiten/:reference/intrekken`,
    {
      config: { access: { permission: 'district-budget.decide' } },
      schema: { hide: true, params: refParams, body: z.object({ note: text(2000) }) },
    },
    async (request, reply) =>
      act(request, reply, request.params.reference, 'withdrawNote', async (id) => {
        await withdrawDecision(ctx, actingOf(request), id, request.body.note);
        return 'withdrawn';
      }),
  );

  // ---- the administrator's settings of a gemeente ----

  const gemeenteParams = z.object({ gemeente: z.string().regex(/^GM[0-9]{4}$/) });
  const paramGemeente = (request: FastifyRequest) => {
    const p = request.params;
    const code = p !== null && typeof p === 'object' ? Reflect.get(p, 'gemeente') : undefined;
    return typeof code === 'string' ? code : undefined;
  };
  const administer = { access: { permission: 'district-budget.administer', place: paramGemeente } };

  async function settingsPage(
    request: FastifyRequest,
    reply: FastifyReply,
    code: string,
    extra: { errors?: FormError[]; notice?: string },
    status = 200,
  ) {
    const gemeente = await deps.places.getPlaceDetail(code);
    const [settings, mandates, pool, people] = await Promise.all([
      getSettings(ctx, code),
      listMandates(ctx, [code]),
      listBackupApprovers(ctx, [code]),
      deps.staff.holdingRoles(ctx.db, code, ['district_manager', 'administrator', 'coach', 'partner']),
    ]);
    const names = new Map(people.map((p) => [p.id, p.name]));
    const managers = [
      ...new Map(people.filter((p) => p.role === 'district_manager').map((p) => [p.id, p])).values(),
    ];
    return sendPage(
      reply,
      SettingsPage({
        ctx: pageContext(request, reply, web),
        gemeente: { code, name: displayName(gemeente) },
        year: thisYear(),
        settings,
        managers: managers
          .map((m) => ({
            id: m.id,
            name: m.name,
            limitCents: mandates.find((x) => x.accountId === m.id)?.limitCents ?? null,
          }))
          .sort((a, b) => a.name.localeCompare(b.name, 'nl')),
        staff: [...names.entries()]
          .map(([id, name]) => ({ id, name }))
          .sort((a, b) => a.name.localeCompare(b.name, 'nl')),
        pool: pool.map((p) => ({ id: p.accountId, name: names.get(p.accountId) ?? p.accountId })),
        wijken: gemeente.children
          .filter((c) => c.level === 'wijk')
          .map((c) => ({ code: c.code, name: displayName(c) })),
        errors: extra.errors ?? [],
        notice: extra.notice,
      }),
      status,
    );
  }

  /** Runs one settings change; a refusal shows the page again with the error beside `field`. */
  async function settle(
    request: FastifyRequest,
    reply: FastifyReply,
    code: string,
    field: string,
    run: () => Promise<string>,
  ) {
    try {
      const notice = await run();
      return settingsPage(request, reply, code, { notice });
    } catch (error) {
      if (!(error instanceof DomainError) || error.code === 'forbidden') throw error;
      return settingsPage(request, reply, code, { errors: errorsOf(request, error, field) }, error.status);
    }
  }

  const invalid = (field: string, key: string) =>
    new DomainError('validation_failed', key, {}, [{ field, message: key }]);

  pages.get(
    `${STAFF_ROOT}/:gemeente/instellingen`,
    { config: administer, schema: { hide: true, params: gemeenteParams } },
    async (request, reply) => settingsPage(request, reply, request.params.gemeente, {}),
  );

  pages.post(
    `${STAFF_ROOT}/:gemeente/instellingen/regels`,
    {
      config: administer,
      schema: {
        hide: true,
        params: gemeenteParams,
        body: z.object({ carryOverYears: text(10), lateSharePercent: text(10), approvalDays: text(10) }),
      },
    },
    async (request, reply) =>
      settle(request, reply, request.params.gemeente, 'carryOverYears', async () => {
        const n = (v: string) => (/^[0-9]{1,4}$/.test(v.trim()) ? Number(v.trim()) : -1);
        await saveSettings(ctx, actingOf(request), {
          municipalityCode: request.params.gemeente,
          carryOverYears: n(request.body.carryOverYears),
          lateSharePercent: n(request.body.lateSharePercent),
          approvalDays: n(request.body.approvalDays),
        });
        return request.t('districtBudget.settings.saved');
      }),
  );

  pages.post(
    `${STAFF_ROOT}/:gemeente/instellingen/mandaat`,
    {
      config: administer,
      schema: {
        hide: true,
        params: gemeenteParams,
        body: z.object({ accountId: text(40), limit: text(40) }),
      },
    },
    async (request, reply) =>
      settle(request, reply, request.params.gemeente, 'limit', async () => {
        const code = request.params.gemeente;
        const managers = await deps.staff.holdingRoles(ctx.db, code, ['district_manager']);
        if (!managers.some((m) => m.id === request.body.accountId))
          throw invalid('accountId', 'districtBudget.errors.required');
        const limitCents = request.body.limit.trim() === '' ? null : parseEuros(request.body.limit);
        if (limitCents === undefined) throw invalid('limit', 'districtBudget.errors.amount');
        await setMandate(ctx, actingOf(request), {
          accountId: request.body.accountId,
          municipalityCode: code,
          limitCents,
        });
        return request.t('districtBudget.settings.mandateSaved');
      }),
  );

  pages.post(
    `${STAFF_ROOT}/:gemeente/instellingen/reserve`,
    {
      config: administer,
      schema: {
        hide: true,
        params: gemeenteParams,
        body: z.object({ poolAccountId: text(40), inPool: text(5) }),
      },
    },
    async (request, reply) =>
      settle(request, reply, request.params.gemeente, 'accountId', async () => {
        const code = request.params.gemeente;
        const staff = await deps.staff.holdingRoles(ctx.db, code, [
          'district_manager',
          'administrator',
          'coach',
          'partner',
        ]);
        if (!staff.some((m) => m.id === request.body.poolAccountId))
          throw invalid('poolAccountId', 'districtBudget.errors.required');
        await setBackupApprover(ctx, actingOf(request), {
          municipalityCode: code,
          accountId: request.body.poolAccountId,
          inPool: request.body.inPool === 'yes',
        });
        return request.t('districtBudget.settings.poolSaved');
      }),
  );

  pages.post(
    `${STAFF_ROOT}/:gemeente/instellingen/toekennen`,
    {
      config: administer,
      schema: {
        hide: true,
        params: gemeenteParams,
        body: z.object({ wijk: text(20), year: text(10), amount: text(40) }),
      },
    },
    async (request, reply) =>
      settle(request, reply, request.params.gemeente, 'amount', async () => {
        const amountCents = parseEuros(request.body.amount);
        if (amountCents === undefined || amountCents <= 0)
          throw invalid('amount', 'districtBudget.errors.amount');
        const year = /^[0-9]{4}$/.test(request.body.year.trim()) ? Number(request.body.year.trim()) : 0;
        if (!request.body.wijk.startsWith(`WK${request.params.gemeente.slice(2)}`))
          throw invalid('wijk', 'districtBudget.errors.wijk');
        await allocate(ctx, actingOf(request), { wijkCode: request.body.wijk, year, amountCents });
        return request.t('districtBudget.settings.allocated');
      }),
  );

  pages.post(
    `${STAFF_ROOT}/:gemeente/instellingen/afsluiten`,
    {
      config: administer,
      schema: { hide: true, params: gemeenteParams, body: z.object({ closeWijk: text(20), year: text(10) }) },
    },
    async (request, reply) =>
      settle(request, reply, request.params.gemeente, 'closeWijk', async () => {
        if (!request.body.closeWijk.startsWith(`WK${request.params.gemeente.slice(2)}`))
          throw invalid('closeWijk', 'districtBudget.errors.wijk');
        const closed = await closeYear(ctx, actingOf(request), {
          wijkCode: request.body.closeWijk,
          year: Number(request.body.year) || thisYear(),
        });
        return request.t('districtBudget.settings.closed', {
          carried: formatEuros(closed.carriedCents, request.locale),
          lapsed: formatEuros(closed.lapsedCents, request.locale),
        });
      }),
  );
}
