import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { DomainError, ForbiddenError } from '../../shared/errors.js';
import { actingOf, pageContext, sendPage } from '../../web/page.js';
import type { FormError } from '../../web/views/form.js';
import { displayName } from '../places/index.js';
import { scopesOf } from '../../access/index.js';
import { emptySubmissionForm } from './initiatives.schema.js';
import { initiativesPermissions } from './initiatives.permissions.js';
import { stageSchema } from './initiatives.schema.js';
import {
  addParticipant,
  assignCoach,
  getDeskInitiative,
  listQueue,
  mayUseDesk,
  postStaffMessage,
} from './desk.service.js';
import { moveByStaff } from './moves.service.js';
import { formErrorsOf, formRefusalOf } from '../../web/form-errors.js';
import { submissionChoices, handleSubmission, type InitiativesRouteDeps } from './initiatives.pages.js';
import { DeskInitiativePage, QueuePage } from './views/desk-pages.js';
import { SubmitPage } from './views/submit-page.js';

const intake = { permission: 'initiatives.intake' } as const;
const coach = { permission: 'initiatives.coach' } as const;
const submitFor = { permission: 'initiatives.submit_for_resident' } as const;
const referenceParams = z.object({ reference: z.string().max(30) });

const DONE = {
  fase: 'initiatives.desk.moved',
  coach: 'initiatives.desk.assigned',
  meelezer: 'initiatives.desk.participantAdded',
  bericht: 'initiatives.desk.posted',
} as const;
const doneQuery = z.object({ klaar: z.enum(['fase', 'coach', 'meelezer', 'bericht']).optional() });

/** The coaches' pages: queue, one initiative, its moves, assignment, participants and thread. */
export async function registerDeskPages(app: FastifyInstance, deps: InitiativesRouteDeps): Promise<void> {
  const { ctx, web, places } = deps;
  const pages = app.withTypeProvider<ZodTypeProvider>();

  /** The desk page again, with the problems of a POST beside their fields. */
  async function deskAgain(
    request: FastifyRequest,
    reply: FastifyReply,
    reference: string,
    errors: FormError[],
    form: { to?: string; reason?: string; body?: string; kind?: string },
    status: number,
  ) {
    const initiative = await getDeskInitiative(ctx, request.actor, reference);
    return sendPage(
      reply,
      DeskInitiativePage({
        ctx: pageContext(request, reply, web),
        initiative,
        errors,
        notice: undefined,
        form: { to: form.to ?? '', reason: form.reason ?? '', body: form.body ?? '', kind: form.kind ?? '' },
        me: request.actor.kind === 'staff' ? request.actor.accountId : '',
      }),
      status,
    );
  }

  const queueQuery = z.object({
    weergave: z.enum(['open', 'new', 'mine', 'all']).optional(),
    plaats: z.string().max(10).optional(),
  });
  pages.get(
    '/beheer/initiatieven',
    { config: { access: intake }, schema: { hide: true, querystring: queueQuery } },
    async (request, reply) => {
      const view = request.query.weergave ?? 'new';
      const scopes = scopesOf(initiativesPermissions['initiatives.intake'], request.actor);
      const placeCode = scopes.includes(request.query.plaats ?? '') ? request.query.plaats : undefined;
      const [items, scopePlaces] = await Promise.all([
        listQueue(ctx, request.actor, { view, placeCode }),
        places.findPlaces(scopes),
      ]);
      return sendPage(
        reply.header('Cache-Control', 'no-store'),
        QueuePage({
          ctx: pageContext(request, reply, web),
          view,
          placeCode,
          places: scopePlaces
            .map((p) => ({ code: p.code, name: displayName(p) }))
            .sort((a, b) => a.name.localeCompare(b.name)),
          items,
          intakeWorkingDays: ctx.settings.intakeWorkingDays,
          canSubmit: request.can('initiatives.submit_for_resident'),
        }),
      );
    },
  );

  const newQuery = z.object({ gemeente: z.string().max(10).optional() });
  pages.get(
    '/beheer/initiatieven/nieuw',
    { config: { access: submitFor }, schema: { hide: true, querystring: newQuery } },
    async (request, reply) => {
      const scopes = scopesOf(initiativesPermissions['initiatives.submit_for_resident'], request.actor);
      const own = [...new Set(scopes.map((s) => `GM${s.slice(2, 6)}`))];
      const asked = (request.query.gemeente ?? '').toUpperCase();
      const code = asked || (own.length === 1 ? (own[0] ?? '') : '');
      const { municipalities, choice } = await submissionChoices(places, code);
      return sendPage(
        reply,
        SubmitPage({
          ctx: pageContext(request, reply, web),
          form: emptySubmissionForm(choice?.gemeente.code),
          errors: [],
          photosLost: false,
          municipalities: municipalities.filter((m) => own.includes(m.code)),
          choice,
          intakeWorkingDays: ctx.settings.intakeWorkingDays,
          staff: true,
        }),
      );
    },
  );

  pages.post(
    '/beheer/initiatieven/nieuw',
    { config: { access: submitFor }, schema: { hide: true } },
    async (request, reply) => handleSubmission(deps, request, reply, true),
  );

  pages.get(
    '/beheer/initiatieven/:reference',
    { config: { access: intake }, schema: { hide: true, params: referenceParams, querystring: doneQuery } },
    async (request, reply) => {
      if (!mayUseDesk(request.actor)) throw new ForbiddenError();
      const initiative = await getDeskInitiative(ctx, request.actor, request.params.reference);
      const done = request.query.klaar;
      return sendPage(
        reply.header('Cache-Control', 'no-store'),
        DeskInitiativePage({
          ctx: pageContext(request, reply, web),
          initiative,
          errors: [],
          notice: done ? request.t(DONE[done]) : undefined,
          form: { to: '', reason: '', body: '', kind: '' },
          me: request.actor.kind === 'staff' ? request.actor.accountId : '',
        }),
      );
    },
  );

  const moveBody = z.object({
    to: z.string().max(40).default(''),
    reason: z.string().max(10_000).default(''),
  });
  pages.post(
    '/beheer/initiatieven/:reference/fase',
    { config: { access: coach }, schema: { hide: true, params: referenceParams, body: moveBody } },
    async (request, reply) => {
      const { reference } = request.params;
      const to = stageSchema.safeParse(request.body.to);
      if (!to.success) {
        return deskAgain(
          request,
          reply,
          reference,
          [{ field: 'to', message: request.t('initiatives.errors.moveNotYours') }],
          request.body,
          400,
        );
      }
      try {
        await moveByStaff(ctx, actingOf(request), reference, to.data, request.body.reason, request.t);
        return reply.redirect(`/beheer/initiatieven/${reference}?klaar=fase`, 303);
      } catch (error) {
        // A move the rules refuse is said beside the stage; an unknown initiative is a 404 page.
        if (!(error instanceof DomainError) || (error.code !== 'conflict' && error.code !== 'unprocessable'))
          throw error;
        const { errors, status } = formRefusalOf(error, request, { field: 'to' });
        return deskAgain(request, reply, reference, errors, request.body, status);
      }
    },
  );

  const coachBody = z.object({ coach: z.string().max(40).default('') });
  pages.post(
    '/beheer/initiatieven/:reference/coach',
    { config: { access: coach }, schema: { hide: true, params: referenceParams, body: coachBody } },
    async (request, reply) => {
      const { reference } = request.params;
      try {
        await assignCoach(ctx, actingOf(request), reference, request.body.coach);
        return reply.redirect(`/beheer/initiatieven/${reference}?klaar=coach`, 303);
      } catch (error) {
        return deskAgain(request, reply, reference, formErrorsOf(error, request), {}, 400);
      }
    },
  );

  const participantBody = z.object({ participant: z.string().max(40).default('') });
  pages.post(
    '/beheer/initiatieven/:reference/meelezers',
    { config: { access: coach }, schema: { hide: true, params: referenceParams, body: participantBody } },
    async (request, reply) => {
      const { reference } = request.params;
      try {
        await addParticipant(ctx, actingOf(request), reference, request.body.participant, request.t);
        return reply.redirect(`/beheer/initiatieven/${reference}?klaar=meelezer`, 303);
      } catch (error) {
        return deskAgain(request, reply, reference, formErrorsOf(error, request), {}, 400);
      }
    },
  );

  const messageBody = z.object({
    body: z.string().max(10_000).default(''),
    kind: z.string().max(20).default('message'),
  });
  pages.post(
    '/beheer/initiatieven/:reference/berichten',
    { config: { access: intake }, schema: { hide: true, params: referenceParams, body: messageBody } },
    async (request, reply) => {
      const { reference } = request.params;
      try {
        await postStaffMessage(
          ctx,
          actingOf(request),
          reference,
          request.body.body,
          request.body.kind === 'note',
          request.t,
        );
        return reply.redirect(`/beheer/initiatieven/${reference}?klaar=bericht`, 303);
      } catch (error) {
        return deskAgain(request, reply, reference, formErrorsOf(error, request), request.body, 400);
      }
    },
  );
}
