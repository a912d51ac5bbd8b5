// The desk: the queue, one initiative with its thread and people, assigning, asking staff in.

import type { Queryable } from '../../db/database.js';
import { amsterdamDate } from '../../shared/dates.js';
import { ForbiddenError, NotFoundError, ValidationError } from '../../shared/errors.js';
import type { Translate } from '../../web/i18n/i18n.js';
import {
  scopeCovers,
  scopesOf,
  type Acting,
  type Actor,
  type CommandStep,
  type StaffActor,
} from '../../access/index.js';
import { STAGES, isFinal, isIntakeOverdue, nextStages, type Stage } from './initiative.js';
import { initiativesPermissions } from './initiatives.permissions.js';
import {
  DESK_ROLES,
  authorizeStaff,
  can,
  deskUrl,
  holdsDeskRoleIn,
  initiativeRecord,
  isCurrentParticipant,
  placeRefs,
  toThread,
  type DeskInitiative,
  type InitiativesContext,
  type QueueItem,
  type StaffPerson,
} from './initiatives.service.js';
import { lockByReference } from './moves.service.js';
import { checkBody, tracked } from './tracking.service.js';
import * as repo from './initiatives.repository.js';

async function staffPerson(
  ctx: InitiativesContext,
  db: Queryable,
  id: string | null,
): Promise<StaffPerson | null> {
  if (!id) return null;
  const [p] = await ctx.staff.people(db, [id]);
  return p ? { id: p.id, name: p.name } : null;
}

/** Whether staff may read and write in this initiative's thread: in their places, or asked in. */
async function mayReadDesk(db: Queryable, actor: StaffActor, row: repo.InitiativeRow): Promise<boolean> {
  return (
    can(actor, 'initiatives.intake', row.buurt_code) ||
    (await isCurrentParticipant(db, actor, { id: row.id, municipalityCode: row.municipality_code }))
  );
}

/** An initiative for staff who may read it at the desk; Forbidden for anyone else. */
async function loadDeskRow(db: Queryable, actor: Actor, reference: string) {
  if (actor.kind !== 'staff') throw new ForbiddenError();
  const row = await repo.findInitiativeByReference(db, reference);
  if (!row) throw new NotFoundError('initiatives.errors.notFound', { reference });
  if (!(await mayReadDesk(db, actor, row))) throw new ForbiddenError();
  return { staff: actor, row };
}

/**
 * The command's permission to write at the desk of an initiative: the desk's permission for
 * its buurt, or, for a colleague asked in (`isCurrentParticipant`, checked here), the desk's
 * permission where they hold it.
 */
async function authorizeDesk(
  step: CommandStep,
  reference: string,
): Promise<{ staff: StaffActor; row: repo.InitiativeRow }> {
  const { actor } = step.acting;
  if (typeof actor === 'string' || actor.kind !== 'staff') throw new ForbiddenError();
  const row = await repo.findInitiativeByReference(step.trx, reference);
  if (!row) throw new NotFoundError('initiatives.errors.notFound', { reference });
  const intake = initiativesPermissions['initiatives.intake'];
  if (can(actor, 'initiatives.intake', row.buurt_code)) step.authorize(intake, row.buurt_code);
  else if (
    await isCurrentParticipant(step.trx, actor, { id: row.id, municipalityCode: row.municipality_code })
  )
    step.authorizeAnywhere(intake);
  else throw new ForbiddenError();
  return { staff: actor, row };
}

/** The desk's full view of one initiative, with contact details, notes and colleagues. */
export async function getDeskInitiative(
  ctx: InitiativesContext,
  actor: Actor,
  reference: string,
): Promise<DeskInitiative> {
  const { staff, row } = await loadDeskRow(ctx.db, actor, reference);
  const [base, allMessages, coach, participants, staffRows] = await Promise.all([
    tracked(ctx, ctx.db, row),
    repo.findMessages(ctx.db, row.id, { includeStaffOnly: true }),
    staffPerson(ctx, ctx.db, row.coach_account_id),
    repo
      .findParticipantIds(ctx.db, row.id)
      .then(async (ids) =>
        (await ctx.staff.people(ctx.db, ids)).sort((a, b) => a.name.localeCompare(b.name, 'nl')),
      ),
    ctx.staff.holdingRoles(ctx.db, row.municipality_code, DESK_ROLES),
  ]);
  const canCoach = can(staff, 'initiatives.coach', row.buurt_code);
  const unique = (rows: typeof staffRows) => [
    ...new Map(rows.map((r) => [r.id, { id: r.id, name: r.name }])).values(),
  ];
  const coaches = unique(
    staffRows.filter((r) => r.role === 'coach' && scopeCovers(r.placeCode, row.buurt_code)),
  );
  return {
    ...base,
    messages: toThread(allMessages),
    channel: row.channel,
    initiatorEmail: row.initiator_email,
    initiatorPhone: row.initiator_phone,
    coach,
    participants: participants.map((p) => ({ id: p.id, name: p.name })),
    overdue: isIntakeOverdue(row.stage, row.intake_due_on, amsterdamDate(ctx.now())),
    nextStages: canCoach ? nextStages(row.stage, 'coach') : [],
    canCoach,
    coaches,
    colleagues: unique(staffRows).filter((p) => p.id !== staff.accountId),
  };
}

export type QueueView = 'open' | 'new' | 'mine' | 'all';

const OPEN_STAGES: readonly Stage[] = STAGES.filter((s) => !isFinal(s));

/** The intake queue: initiatives in the coach's places (and those they were asked into). */
export async function listQueue(
  ctx: InitiativesContext,
  actor: Actor,
  options: { view: QueueView; placeCode?: string | undefined },
): Promise<QueueItem[]> {
  if (actor.kind !== 'staff') throw new ForbiddenError();
  const scopes = scopesOf(initiativesPermissions['initiatives.intake'], actor);
  const stages: readonly Stage[] =
    options.view === 'new' ? ['submitted'] : options.view === 'all' ? STAGES : OPEN_STAGES;
  const rows = await repo.findQueue(ctx.db, {
    scopes,
    stages,
    coachAccountId: options.view === 'mine' ? actor.accountId : undefined,
    placeCode: options.placeCode,
    limit: 500,
  });
  const invited =
    options.view === 'mine' ? await repo.findInitiativesWithParticipant(ctx.db, actor.accountId) : [];
  const stillInvited = invited.filter((i) => holdsDeskRoleIn(actor, i.municipality_code));
  const all = [...rows, ...stillInvited.filter((i) => !rows.some((r) => r.id === i.id))];
  const place = await placeRefs(ctx, all);
  const coachIds = all.flatMap((r) => (r.coach_account_id ? [r.coach_account_id] : []));
  const coachNames = new Map((await ctx.staff.people(ctx.db, coachIds)).map((p) => [p.id, p.name]));
  const today = amsterdamDate(ctx.now());
  return all.map((r) => ({
    reference: r.reference,
    title: r.title,
    stage: r.stage,
    buurt: place(r.buurt_code),
    wijk: place(r.wijk_code),
    coachName: r.coach_account_id ? (coachNames.get(r.coach_account_id) ?? null) : null,
    mine: r.coach_account_id === actor.accountId,
    submittedOn: amsterdamDate(r.created_at),
    intakeDueOn: r.intake_due_on,
    overdue: isIntakeOverdue(r.stage, r.intake_due_on, today),
    channel: r.channel,
  }));
}

/** Assigns a coach (the actor or a colleague who coaches the place). Audited. */
export async function assignCoach(
  ctx: InitiativesContext,
  acting: Acting,
  reference: string,
  accountId: string,
): Promise<void> {
  await ctx.commands.run(acting, 'initiatives.assign', async (step) => {
    const { trx } = step;
    const row = await lockByReference(trx, reference);
    authorizeStaff(step, 'initiatives.coach', row.buurt_code);
    const candidates = await ctx.staff.holdingRoles(trx, row.municipality_code, ['coach']);
    const ok = candidates.some((c) => c.id === accountId && scopeCovers(c.placeCode, row.buurt_code));
    if (!ok) throw new ValidationError([{ field: 'coach', message: 'initiatives.errors.coach' }]);
    await repo.updateCoach(trx, row.id, accountId);
    step.record(
      initiativeRecord(reference, row.municipality_code, {
        coach: accountId,
        previous: row.coach_account_id,
      }),
    );
  });
}

/** Asks a colleague of the gemeente into the thread; they can then read and write in it. Audited. */
export async function addParticipant(
  ctx: InitiativesContext,
  acting: Acting,
  reference: string,
  accountId: string,
  t: Translate,
): Promise<void> {
  await ctx.commands.run(acting, 'initiatives.add_participant', async (step) => {
    const { trx } = step;
    const row = await lockByReference(trx, reference);
    const staff = authorizeStaff(step, 'initiatives.coach', row.buurt_code);
    const people = await ctx.staff.holdingRoles(trx, row.municipality_code, DESK_ROLES);
    const person = people.find((p) => p.id === accountId);
    if (!person)
      throw new ValidationError([{ field: 'participant', message: 'initiatives.errors.participant' }]);
    await repo.insertParticipant(trx, row.id, accountId);
    step.record(initiativeRecord(reference, row.municipality_code, { participant: accountId }));
    await ctx.enqueueMail(trx, {
      to: person.email,
      subject: t('initiatives.mail.invited.subject', { reference }),
      text: t('initiatives.mail.invited.body', {
        name: staff.displayName,
        title: row.title,
        link: deskUrl(ctx.settings.publicUrl, reference),
      }),
      gemeente: row.municipality_code,
    });
  });
}

/**
 * Staff write in the thread: a message the initiator reads (and is mailed about), or a note
 * only staff see. Audited, as every staff change is.
 */
export async function postStaffMessage(
  ctx: InitiativesContext,
  acting: Acting,
  reference: string,
  body: string,
  staffOnly: boolean,
  t: Translate,
): Promise<void> {
  const text = checkBody(body);
  await ctx.commands.run(acting, staffOnly ? 'initiatives.note' : 'initiatives.message', async (step) => {
    const { trx } = step;
    const { staff, row } = await authorizeDesk(step, reference);
    await repo.insertMessage(trx, {
      initiativeId: row.id,
      author: 'staff',
      authorAccountId: staff.accountId,
      authorLabel: staff.displayName,
      body: text,
      staffOnly,
      at: ctx.now(),
    });
    step.record(initiativeRecord(reference, row.municipality_code, {}));
    if (!staffOnly && row.initiator_email) {
      await ctx.enqueueMail(trx, {
        to: row.initiator_email,
        subject: t('initiatives.mail.staffMessage.subject', { reference }),
        text: t('initiatives.mail.staffMessage.body', {
          name: row.initiator_name,
          author: staff.displayName,
          title: row.title,
          body: text,
        }),
        gemeente: row.municipality_code,
      });
    }
  });
}

/** Whether the actor may use the desk at all (for the queue page and links to it). */
export function mayUseDesk(actor: Actor): boolean {
  return can(actor, 'initiatives.intake');
}
