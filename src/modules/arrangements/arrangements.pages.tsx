import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { allows, type Actor } from '../../access/index.js';
import { isEmailAddress } from '../../shared/email.js';
import { DomainError, ValidationError, type FieldIssue } from '../../shared/errors.js';
import { parseEuros } from '../../shared/money.js';
import { municipalityCodeOf } from '../../shared/place-codes.js';
import type { Translate } from '../../web/i18n/i18n.js';
import { formFieldsOf, multipartBodyOf } from '../../web/multipart.js';
import { byIp } from '../../web/plugins/rate-limit.js';
import { actingOf, pageContext, sendPage, type WebDeps } from '../../web/page.js';
import type { FormError } from '../../web/views/form.js';
import { formErrorsOfIssues } from '../../web/form-errors.js';
import type { InitiativesModule, SubmissionInput } from '../initiatives/index.js';
import type { PlacesModule } from '../places/index.js';
import { displayName } from '../places/index.js';
import {
  isSource,
  JUDGEMENTS,
  RENEWAL_DECISIONS,
  type Judgement,
  type RenewalDecision,
} from './arrangement.js';
import { arrangementsPermissions } from './arrangements.permissions.js';
import {
  challengeIssues,
  comparableChoices,
  CsvRejectedError,
  decideChallenge,
  decideRenewal,
  evaluate,
  getArrangement,
  getChallenge,
  getTask,
  listArrangements,
  listForStaff,
  listTasks,
  mayReport,
  proposeTranche,
  recordMeasurement,
  reviewDeliverable,
  sideBySide,
  submitChallenge,
  createTask,
  uploadMeasurementsCsv,
  type ArrangementsContext,
} from './arrangements.service.js';
import {
  ArrangementPage,
  ArrangementsListPage,
  ChallengeFormPage,
  ChallengePage,
  ChallengeSentPage,
  SideBySidePage,
  TasksPage,
  type ChallengeFormValues,
} from './views/public-pages.js';
import { ManagePage, StaffListPage, type CsvReport, type Values } from './views/staff-pages.js';
import {
  EditArrangementPage,
  NewArrangementPage,
  type EditedArrangement,
  type FormValues,
} from './views/arrangement-form.js';
import { readArrangementChangeForm, readNewArrangementForm } from './arrangements.schema.js';
import { changeArrangement, createArrangement, type ArrangementView } from './arrangements.service.js';
import { scopesOf } from '../../access/index.js';

const REFERENCE = z.string().regex(/^AFS-[0-9]{4}-[0-9]{4,}$/);
const WIJK = z.string().regex(/^WK[0-9]{6}$/);
const MANAGE = arrangementsPermissions['arrangements.manage'];

export interface ArrangementsPageDeps {
  ctx: ArrangementsContext;
  web: WebDeps;
  places: PlacesModule;
  initiatives: InitiativesModule;
}

/** A form body as name → first value, from urlencoded or multipart. */
function fieldsOf(request: FastifyRequest): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of formFieldsOf(request)) if (v[0] !== undefined) out[k] = v[0].slice(0, 200_000);
  return out;
}

function csvReportOf(t: Translate, error: CsvRejectedError): CsvReport {
  return { problems: error.problems.map((p) => ({ line: p.line, text: t(p.message, p.params ?? {}) })) };
}

/** A number typed by a person: `12,5` or `12.5`, `1.234` as thousands only with a comma beside. */
function parseNumber(text: string): number | undefined {
  const t = text.trim().replace(/\s/g, '');
  if (!/^-?[0-9.,]+$/.test(t)) return undefined;
  const normal = t.includes(',') ? t.replace(/\./g, '').replace(',', '.') : t;
  const n = Number(normal);
  return Number.isFinite(n) ? n : undefined;
}

export async function registerArrangementsPages(
  app: FastifyInstance,
  deps: ArrangementsPageDeps,
): Promise<void> {
  const pages = app.withTypeProvider<ZodTypeProvider>();
  const { ctx, web } = deps;

  // ---- public ----

  pages.get(
    '/afspraken',
    {
      config: { access: 'public' },
      schema: { hide: true, querystring: z.object({ wijk: WIJK.optional() }) },
    },
    async (request, reply) => {
      const items = await listArrangements(ctx, { placeCode: request.query.wijk });
      return sendPage(
        reply,
        ArrangementsListPage({
          ctx: pageContext(request, reply, web),
          items: items.filter((a) => a.status !== 'declined'),
        }),
      );
    },
  );

  pages.get(
    '/afspraken/naast-elkaar',
    {
      config: { access: 'public' },
      schema: {
        hide: true,
        querystring: z.object({
          wijk: z.union([WIJK, z.literal('')]).optional(),
          thema: z.string().max(40).optional(),
          jaar: z.coerce.number().int().min(2000).max(2100).optional(),
        }),
      },
    },
    async (request, reply) => {
      const { wijk = '', thema = '', jaar } = request.query;
      const choices = await comparableChoices(ctx);
      const comparison =
        wijk && thema ? await sideBySide(ctx, { wijkCode: wijk, theme: thema, year: jaar }) : undefined;
      return sendPage(
        reply,
        SideBySidePage({
          ctx: pageContext(request, reply, web),
          wijken: choices.wijken,
          wijk,
          theme: thema,
          comparison,
        }),
      );
    },
  );

  pages.get(
    '/afspraken/:reference',
    { config: { access: 'public' }, schema: { hide: true, params: z.object({ reference: REFERENCE }) } },
    async (request, reply) => {
      const a = await getArrangement(ctx, request.params.reference);
      const page = pageContext(request, reply, web);
      const manageHref = mayReport(request.actor, {
        wijk_code: a.wijk.code,
        provider_name: a.providerName,
        provider_kind: a.providerKind,
      })
        ? `/beheer/afspraken/${a.reference}`
        : undefined;
      return sendPage(reply, ArrangementPage({ ctx: page, a, manageHref }));
    },
  );

  pages.get(
    '/uitdaagrecht',
    {
      config: { access: 'public' },
      schema: { hide: true, querystring: z.object({ wijk: z.union([WIJK, z.literal('')]).optional() }) },
    },
    async (request, reply) => {
      const wijk = request.query.wijk ?? '';
      const [tasks, all] = await Promise.all([listTasks(ctx, wijk || undefined), listTasks(ctx, undefined)]);
      const wijken = [...new Map(all.map((t) => [t.wijk.code, t.wijk])).values()];
      return sendPage(reply, TasksPage({ ctx: pageContext(request, reply, web), tasks, wijken, wijk }));
    },
  );

  async function buurtenOf(wijkCode: string) {
    const detail = await deps.places.getPlaceDetail(wijkCode);
    return detail.children
      .map((c) => ({ code: c.code, name: displayName(c) }))
      .sort((a, b) => a.name.localeCompare(b.name));
  }

  const emptyChallenge = (): ChallengeFormValues => ({
    title: '',
    plan: '',
    cost: '',
    years: '2',
    buurt: '',
    name: '',
    email: '',
    phone: '',
    targets: {},
  });

  pages.get(
    '/uitdaagrecht/:taskId/uitdagen',
    {
      config: { access: 'public' },
      schema: { hide: true, params: z.object({ taskId: z.string().max(40) }) },
    },
    async (request, reply) => {
      const task = await getTask(ctx, request.params.taskId);
      const buurten = await buurtenOf(task.wijk.code);
      return sendPage(
        reply,
        ChallengeFormPage({
          ctx: pageContext(request, reply, web),
          task,
          buurten,
          values: emptyChallenge(),
          errors: [],
        }),
      );
    },
  );

  pages.post(
    '/uitdaagrecht/:taskId/uitdagen',
    {
      config: { access: 'public', rateLimit: [byIp('challenge-submit-ip', 20, 3600)] },
      schema: { hide: true, params: z.object({ taskId: z.string().max(40) }) },
    },
    async (request, reply) => {
      const task = await getTask(ctx, request.params.taskId);
      const buurten = await buurtenOf(task.wijk.code);
      const f = fieldsOf(request);
      const values: ChallengeFormValues = {
        title: f.title ?? '',
        plan: f.plan ?? '',
        cost: f.cost ?? '',
        years: f.years ?? '2',
        buurt: f.buurt ?? '',
        name: f.name ?? '',
        email: f.email ?? '',
        phone: f.phone ?? '',
        targets: Object.fromEntries(
          task.current.indicators.map((i) => [i.code, f[`target-${i.code}`] ?? '']),
        ),
      };
      const page = pageContext(request, reply, web);
      const own: FieldIssue[] = [];
      const name = values.name.trim();
      if (name.length < 2 || name.length > 120)
        own.push({ field: 'name', message: 'arrangements.errors.name' });
      const email = values.email.trim();
      if (email !== '' && !isEmailAddress(email))
        own.push({ field: 'email', message: 'arrangements.errors.email' });
      const phone = values.phone.trim();
      if (phone !== '' && !/^\+?[0-9 ()-]{8,20}$/.test(phone))
        own.push({ field: 'phone', message: 'arrangements.errors.phone' });
      if (!buurten.some((b) => b.code === values.buurt))
        own.push({ field: 'buurt', message: 'arrangements.errors.buurt' });
      const targets = new Map<string, number>();
      for (const [code, text] of Object.entries(values.targets)) {
        const n = parseNumber(text);
        if (n !== undefined) targets.set(code, n);
      }
      const cost = parseEuros(values.cost) ?? 0;
      const input = {
        title: values.title,
        plan: values.plan,
        costPerYearCents: cost,
        years: Number(values.years),
        targets,
      };
      try {
        const issues = [...challengeIssues(task, input), ...own];
        if (issues.length > 0) throw new ValidationError(issues);
        let token = '';
        const acting = actingOf(request);
        const result = await submitChallenge(ctx, acting, task.id, input, async (wijk) => {
          const submission: SubmissionInput = {
            title: values.title.trim(),
            summary: `${request.t('arrangements.challenge.deskSummary', { task: task.title })}\n\n${values.plan.trim()}`,
            forWhom: request.t('arrangements.challenge.deskForWhom', { wijk: wijk.name }),
            themes: [task.current.theme],
            helpWanted: ['money'],
            point: undefined,
            buurtCode: values.buurt,
            locationDescription: wijk.name,
            budgetLines: [
              { description: request.t('arrangements.challenge.deskBudgetLine'), amountCents: cost },
            ],
            initiatorName: name,
            initiatorEmail: email === '' ? undefined : email.toLowerCase(),
            initiatorPhone: phone === '' ? undefined : phone,
            channel: 'online',
          };
          const place = await deps.initiatives.placeOfSubmission(submission);
          return async (trx) => {
            const submitted = await deps.initiatives.submit(acting, submission, request.t, { trx, place });
            token = submitted.token;
            return submitted;
          };
        });
        reply.header('Cache-Control', 'no-store').header('Referrer-Policy', 'no-referrer');
        return sendPage(
          reply,
          ChallengeSentPage({
            ctx: page,
            reference: result.initiativeReference,
            challengeId: result.challengeId,
            trackingHref: `/initiatieven/volgen/${token}`,
          }),
        );
      } catch (error) {
        if (!(error instanceof DomainError) || error.issues.length === 0) throw error;
        return sendPage(
          reply,
          ChallengeFormPage({
            ctx: page,
            task,
            buurten,
            values,
            errors: formErrorsOfIssues(error.issues, request),
          }),
          400,
        );
      }
    },
  );

  const mayDecide = (actor: Actor, wijk: string) => allows(MANAGE, actor, { placeCode: wijk });

  pages.get(
    '/uitdaagrecht/uitdaging/:id',
    {
      config: { access: 'public' },
      schema: {
        hide: true,
        params: z.object({ id: z.string().max(40) }),
        querystring: z.object({ klaar: z.string().max(20).optional() }),
      },
    },
    async (request, reply) => {
      const challenge = await getChallenge(ctx, request.params.id);
      const page = pageContext(request, reply, web);
      return sendPage(
        reply,
        ChallengePage({
          ctx: page,
          challenge,
          mayDecide: mayDecide(request.actor, challenge.task.wijk.code),
          errors: [],
          values: { status: 'granted', reason: '', route: request.t('arrangements.challenge.routeDefault') },
          notice: request.query.klaar ? request.t('arrangements.notice.saved') : undefined,
        }),
      );
    },
  );

  pages.post(
    '/uitdaagrecht/uitdaging/:id/besluit',
    {
      config: { access: { permission: 'arrangements.manage' } },
      schema: { hide: true, params: z.object({ id: z.string().max(40) }) },
    },
    async (request, reply) => {
      const f = fieldsOf(request);
      const status: 'granted' | 'refused' = f.status === 'refused' ? 'refused' : 'granted';
      const values = { status, reason: f.reason ?? '', route: f.route ?? '' };
      try {
        await decideChallenge(ctx, actingOf(request), request.params.id, values);
        return reply.redirect(`/uitdaagrecht/uitdaging/${request.params.id}?klaar=besluit`, 303);
      } catch (error) {
        if (!(error instanceof DomainError) || error.issues.length === 0) throw error;
        const challenge = await getChallenge(ctx, request.params.id);
        return sendPage(
          reply,
          ChallengePage({
            ctx: pageContext(request, reply, web),
            challenge,
            mayDecide: true,
            errors: formErrorsOfIssues(error.issues, request),
            values,
          }),
          400,
        );
      }
    },
  );

  // ---- staff ----

  const staffNotice = (request: FastifyRequest, key: string | undefined) =>
    key ? request.t(`arrangements.notice.${key === 'csv' ? 'csv' : 'saved'}`) : undefined;

  pages.get(
    '/beheer/afspraken',
    {
      config: { access: { permission: 'arrangements.report' } },
      schema: {
        hide: true,
        querystring: z.object({
          klaar: z.string().max(20).optional(),
          waarden: z.coerce.number().int().optional(),
        }),
      },
    },
    async (request, reply) => {
      const actor = request.actor;
      const items = actor.kind === 'staff' ? await listForStaff(ctx, actor) : [];
      reply.header('Cache-Control', 'private, no-cache');
      const notice =
        request.query.klaar === 'csv'
          ? request.t('arrangements.notice.csv', { count: String(request.query.waarden ?? 0) })
          : undefined;
      return sendPage(
        reply,
        StaffListPage({
          ctx: pageContext(request, reply, web),
          items,
          notice,
          mayCreate: scopesOf(MANAGE, actor).length > 0,
        }),
      );
    },
  );

  /** The wijken a manager may make arrangements in: their wijken, and every wijk of their gemeenten. */
  async function managedWijken(actor: Actor) {
    const out = new Map<string, { code: string; name: string }>();
    for (const code of scopesOf(MANAGE, actor)) {
      const detail = await deps.places.getPlaceDetail(code);
      const wijken = detail.level === 'wijk' ? [detail] : detail.level === 'gemeente' ? detail.children : [];
      for (const w of wijken) out.set(w.code, { code: w.code, name: displayName(w) });
    }
    return [...out.values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  pages.get(
    '/beheer/afspraken/nieuw',
    { config: { access: { permission: 'arrangements.manage' } }, schema: { hide: true } },
    async (request, reply) => {
      reply.header('Cache-Control', 'private, no-cache');
      const wijken = await managedWijken(request.actor);
      const values = { startYear: String(new Date().getFullYear()), tranches: '4' };
      return sendPage(
        reply,
        NewArrangementPage({ ctx: pageContext(request, reply, web), wijken, values, errors: [] }),
      );
    },
  );

  pages.post(
    '/beheer/afspraken/nieuw',
    { config: { access: { permission: 'arrangements.manage' } }, schema: { hide: true } },
    async (request, reply) => {
      const f = fieldsOf(request);
      const read = readNewArrangementForm(f);
      try {
        if (!read.input) throw new ValidationError(read.issues);
        const created = await createArrangement(ctx, actingOf(request), read.input);
        return reply.redirect(`/beheer/afspraken/${created.reference}?klaar=nieuw`, 303);
      } catch (error) {
        if (!(error instanceof DomainError) || error.issues.length === 0) throw error;
        const wijken = await managedWijken(request.actor);
        return sendPage(
          reply,
          NewArrangementPage({
            ctx: pageContext(request, reply, web),
            wijken,
            values: f,
            errors: formErrorsOfIssues(error.issues, request),
          }),
          400,
        );
      }
    },
  );

  // ---- changing an arrangement ----

  /** Numbers as the forms read them back: a decimal comma, no thousands separators. */
  const typed = (n: number) => String(n).replace('.', ',');

  function editedOf(a: ArrangementView): EditedArrangement {
    const locked = new Map<number, string>();
    for (const t of a.tranches) if (t.decisionReference) locked.set(t.year, t.decisionReference);
    return {
      reference: a.reference,
      title: a.title,
      years: Array.from({ length: a.years }, (_, i) => a.startYear + i),
      lockedYears: locked,
      indicatorCodes: a.indicators.map((i) => i.code),
    };
  }

  /** The arrangement as the edit form shows it first. */
  function valuesOf(a: ArrangementView, euros: (cents: number) => string): FormValues {
    const out: Record<string, string> = {
      theme: a.theme,
      title: a.title,
      description: a.description,
      goals: a.goals.join('\n'),
    };
    for (const year of editedOf(a).years) out[`funding-${year}`] = euros(a.funding.get(year) ?? 0);
    for (const [i, indicator] of a.indicators.entries()) {
      out[`i${i}-code`] = indicator.code;
      out[`i${i}-name`] = indicator.name;
      out[`i${i}-unit`] = indicator.unit;
      out[`i${i}-baseline`] = typed(indicator.baseline);
      out[`i${i}-targets`] = editedOf(a)
        .years.map((y) => {
          const target = indicator.targets.get(y);
          return target === undefined ? '' : typed(target);
        })
        .join('; ');
      out[`i${i}-direction`] = indicator.direction;
      out[`i${i}-aggregation`] = indicator.aggregation;
    }
    return out;
  }

  /** Managers of the arrangement's wijk only: staff of another place get the error page's 403. */
  async function editable(request: FastifyRequest, reference: string): Promise<ArrangementView> {
    const a = await getArrangement(ctx, reference);
    if (!allows(MANAGE, request.actor, { placeCode: a.wijk.code }))
      throw new DomainError('forbidden', 'errors.forbidden');
    return a;
  }

  pages.get(
    '/beheer/afspraken/:reference/wijzigen',
    {
      config: { access: { permission: 'arrangements.manage' } },
      schema: { hide: true, params: z.object({ reference: REFERENCE }) },
    },
    async (request, reply) => {
      const a = await editable(request, request.params.reference);
      const page = pageContext(request, reply, web);
      reply.header('Cache-Control', 'private, no-cache');
      return sendPage(
        reply,
        EditArrangementPage({
          ctx: page,
          a: editedOf(a),
          values: valuesOf(a, page.format.euros),
          errors: [],
        }),
      );
    },
  );

  pages.post(
    '/beheer/afspraken/:reference/wijzigen',
    {
      config: { access: { permission: 'arrangements.manage' } },
      schema: { hide: true, params: z.object({ reference: REFERENCE }) },
    },
    async (request, reply) => {
      const a = await editable(request, request.params.reference);
      const edited = editedOf(a);
      const f = fieldsOf(request);
      const read = readArrangementChangeForm(f, edited.years);
      try {
        if (!read.input) throw new ValidationError(read.issues);
        await changeArrangement(ctx, actingOf(request), a.reference, read.input);
        return reply.redirect(`/beheer/afspraken/${a.reference}?klaar=wijzigen`, 303);
      } catch (error) {
        if (!(error instanceof DomainError) || (error.issues.length === 0 && error.code !== 'conflict'))
          throw error;
        const errors =
          error.issues.length > 0
            ? formErrorsOfIssues(error.issues, request)
            : [{ field: 'title', message: request.t(error.messageKey, error.params) }];
        return sendPage(
          reply,
          EditArrangementPage({ ctx: pageContext(request, reply, web), a: edited, values: f, errors }),
          error.status,
        );
      }
    },
  );

  async function showManage(
    request: FastifyRequest,
    reply: FastifyReply,
    reference: string,
    extra: {
      errors?: FormError[];
      values?: Values;
      report?: CsvReport;
      notice?: string | undefined;
      status?: number;
    },
  ) {
    const a = await getArrangement(ctx, reference);
    if (
      !mayReport(request.actor, {
        wijk_code: a.wijk.code,
        provider_name: a.providerName,
        provider_kind: a.providerKind,
      })
    ) {
      throw new DomainError('forbidden', 'errors.forbidden');
    }
    reply.header('Cache-Control', 'private, no-cache');
    return sendPage(
      reply,
      ManagePage({
        ctx: pageContext(request, reply, web),
        a,
        mayManage: allows(MANAGE, request.actor, { placeCode: a.wijk.code }),
        errors: extra.errors ?? [],
        values: extra.values ?? {},
        report: extra.report,
        notice: extra.notice,
      }),
      extra.status ?? 200,
    );
  }

  pages.get(
    '/beheer/afspraken/:reference',
    {
      config: { access: { permission: 'arrangements.report' } },
      schema: {
        hide: true,
        params: z.object({ reference: REFERENCE }),
        querystring: z.object({
          klaar: z.string().max(20).optional(),
          waarden: z.coerce.number().int().optional(),
        }),
      },
    },
    async (request, reply) => {
      const notice =
        request.query.klaar === 'csv'
          ? request.t('arrangements.notice.csv', { count: String(request.query.waarden ?? 0) })
          : staffNotice(request, request.query.klaar);
      return showManage(request, reply, request.params.reference, { notice });
    },
  );

  pages.post(
    '/beheer/afspraken/metingen',
    { config: { access: { permission: 'arrangements.report' } }, schema: { hide: true } },
    async (request, reply) => {
      const f = fieldsOf(request);
      const file = multipartBodyOf(request)?.files.find((x) => x.field === 'bestand' && x.data.length > 0);
      const text = file ? file.data.toString('utf8') : (f.csv ?? '');
      const back =
        f.terug && /^\/beheer\/afspraken(\/AFS-[0-9]{4}-[0-9]{4,})?$/.test(f.terug)
          ? f.terug
          : '/beheer/afspraken';
      try {
        const result = await uploadMeasurementsCsv(ctx, actingOf(request), text);
        return reply.redirect(`${back}?klaar=csv&waarden=${result.values}`, 303);
      } catch (error) {
        if (!(error instanceof CsvRejectedError)) throw error;
        const report = csvReportOf(request.t, error);
        const reference = back.split('/')[3];
        if (reference) return showManage(request, reply, reference, { report, status: 422 });
        const actor = request.actor;
        const items = actor.kind === 'staff' ? await listForStaff(ctx, actor) : [];
        return sendPage(reply, StaffListPage({ ctx: pageContext(request, reply, web), items, report }), 422);
      }
    },
  );

  /** One manage form: runs `change`, redirects back on success, or shows the page again with its errors. */
  function manageForm(
    path: string,
    prefix: string,
    change: (reference: string, f: Record<string, string>, request: FastifyRequest) => Promise<unknown>,
  ) {
    pages.post(
      `/beheer/afspraken/:reference/${path}`,
      {
        config: { access: { permission: path === 'meting' ? 'arrangements.report' : 'arrangements.manage' } },
        schema: { hide: true, params: z.object({ reference: REFERENCE }) },
      },
      async (request, reply) => {
        const f = fieldsOf(request);
        try {
          await change(request.params.reference, f, request);
          return reply.redirect(`/beheer/afspraken/${request.params.reference}?klaar=${path}`, 303);
        } catch (error) {
          if (!(error instanceof DomainError) || (error.issues.length === 0 && error.code !== 'conflict'))
            throw error;
          const errors =
            error.issues.length > 0
              ? formErrorsOfIssues(error.issues, request, { prefix: `${prefix}-` })
              : [
                  {
                    field: `${prefix}-${
                      Object.keys(f)
                        .find((k) => k.startsWith(prefix))
                        ?.slice(prefix.length + 1) ?? 'id'
                    }`,
                    message: request.t(error.messageKey, error.params),
                  },
                ];
          return showManage(request, reply, request.params.reference, {
            errors,
            values: f,
            status: error.status,
          });
        }
      },
    );
  }

  manageForm('meting', 'meting', async (reference, f, request) => {
    const value = parseNumber(f['meting-value'] ?? '');
    const source = f['meting-source'] ?? '';
    const issues: FieldIssue[] = [];
    if (value === undefined) issues.push({ field: 'value', message: 'arrangements.errors.value' });
    if (!isSource(source)) issues.push({ field: 'source', message: 'arrangements.errors.source' });
    if (issues.length > 0 || value === undefined || !isSource(source)) throw new ValidationError(issues);
    await recordMeasurement(ctx, actingOf(request), reference, {
      indicatorCode: f['meting-indicator'] ?? '',
      period: (f['meting-period'] ?? '').trim().toUpperCase(),
      value,
      source,
    });
  });
  manageForm('tranche', 'tranche', (reference, f, request) =>
    proposeTranche(ctx, actingOf(request), reference, f['tranche-id'] ?? '', f['tranche-reason'] ?? ''),
  );
  manageForm('oplevering', 'oplevering', (reference, f, request) =>
    reviewDeliverable(ctx, actingOf(request), reference, f['oplevering-id'] ?? '', {
      status: f['oplevering-status'] === 'rejected' ? 'rejected' : 'accepted',
      review: f['oplevering-review'] ?? '',
    }),
  );
  manageForm('evaluatie', 'evaluatie', (reference, f, request) => {
    const judgement = JUDGEMENTS.find((j) => j === f['evaluatie-judgement']);
    if (!judgement)
      throw new ValidationError([{ field: 'judgement', message: 'arrangements.errors.judgement' }]);
    const input: { year: number; results: string; narrative: string; judgement: Judgement } = {
      year: Number(f['evaluatie-year']),
      results: f['evaluatie-results'] ?? '',
      narrative: f['evaluatie-narrative'] ?? '',
      judgement,
    };
    return evaluate(ctx, actingOf(request), reference, input);
  });
  manageForm('verlenging', 'verlenging', (reference, f, request) => {
    const decision: RenewalDecision | undefined = RENEWAL_DECISIONS.find(
      (d) => d === f['verlenging-decision'],
    );
    if (!decision)
      throw new ValidationError([{ field: 'decision', message: 'arrangements.errors.decision' }]);
    const years = Number(f['verlenging-years']);
    return decideRenewal(ctx, actingOf(request), reference, {
      decision,
      years: Number.isInteger(years) ? years : undefined,
      reason: f['verlenging-reason'] ?? '',
      amountPerYearCents: parseEuros(f['verlenging-amount'] ?? ''),
    });
  });
  manageForm('uitdaagbaar', 'taak', (reference, f, request) =>
    createTask(ctx, actingOf(request), {
      arrangementReference: reference,
      title: f['taak-title'] ?? '',
      description: f['taak-description'] ?? '',
    }),
  );
}

/** The gemeente of a wijk code, for audit entries made here. */
export const municipalityOfWijk = municipalityCodeOf;
