// The initiator, through the private tracking link: the initiative, its thread, withdrawing.

import type { Queryable } from '../../db/database.js';
import { ConflictError, NotFoundError, ValidationError } from '../../shared/errors.js';
import type { Translate } from '../../web/i18n/i18n.js';
import type { Acting } from '../../access/index.js';
import { isFinal, isPublic, nextStages } from './initiative.js';
import {
  deskUrl,
  hashToken,
  loadDetail,
  toThread,
  type InitiativesContext,
  type TrackedInitiative,
} from './initiatives.service.js';
import { applyMove } from './moves.service.js';
import * as repo from './initiatives.repository.js';

export async function rowByToken(
  ctx: InitiativesContext,
  db: Queryable,
  token: string,
): Promise<repo.InitiativeRow> {
  // Tokens are base64url of 32 bytes; anything else cannot match and needs no query.
  const row = /^[A-Za-z0-9_-]{43}$/.test(token)
    ? await repo.findInitiativeByTokenHash(db, hashToken(token))
    : undefined;
  if (!row) throw new NotFoundError('initiatives.errors.trackingNotFound');
  return row;
}

export async function tracked(
  ctx: InitiativesContext,
  db: Queryable,
  row: repo.InitiativeRow,
): Promise<TrackedInitiative> {
  const [detail, messages] = await Promise.all([
    loadDetail(ctx, db, row),
    repo.findMessages(db, row.id, { includeStaffOnly: false }),
  ]);
  return {
    ...detail,
    initiatorName: row.initiator_name,
    isPublic: isPublic(row.stage, row.published_at),
    canWithdraw: nextStages(row.stage, 'initiator').includes('withdrawn'),
    messages: toThread(messages),
    intakeDueOn: row.intake_due_on,
  };
}

/** The initiator's own view; NotFoundError for an unknown token. */
export async function getTrackedInitiative(
  ctx: InitiativesContext,
  token: string,
): Promise<TrackedInitiative> {
  return tracked(ctx, ctx.db, await rowByToken(ctx, ctx.db, token));
}

/** A photo of a tracked initiative: the initiator sees their own before publication too. */
export async function getTrackedPhoto(
  ctx: InitiativesContext,
  token: string,
  position: number,
): Promise<{ mime: string; bytes: Buffer }> {
  const row = await rowByToken(ctx, ctx.db, token);
  const photo = (await repo.findPhotos(ctx.db, row.id)).find((p) => p.position === position);
  const upload = photo ? await ctx.uploads.fileOf(ctx.db, photo.upload_id) : undefined;
  if (!upload) throw new NotFoundError();
  return { mime: upload.mime, bytes: Buffer.from(upload.bytes) };
}

export function checkBody(body: string): string {
  const trimmed = body.trim();
  if (trimmed.length < 1 || trimmed.length > 5000) {
    throw new ValidationError([{ field: 'body', message: 'initiatives.errors.body' }]);
  }
  return trimmed;
}

/** The initiator answers in the thread; the coach (if assigned) is told by mail. */
export async function postInitiatorMessage(
  ctx: InitiativesContext,
  acting: Acting,
  token: string,
  body: string,
  t: Translate,
): Promise<void> {
  const text = checkBody(body);
  await ctx.commands.run(acting, 'initiatives.initiator_message', async (step) => {
    const { trx } = step;
    // The tracking link's token, found below, is what the initiator needs.
    step.openToAnyone();
    step.recordNothing('the initiator’s own message: the thread is its record, an entry would only copy it');
    const row = await rowByToken(ctx, trx, token);
    if (isFinal(row.stage) && row.stage !== 'evaluated') {
      throw new ConflictError('initiatives.errors.threadClosed');
    }
    await repo.insertMessage(trx, {
      initiativeId: row.id,
      author: 'initiator',
      authorAccountId: null,
      authorLabel: t('initiatives.thread.initiator'),
      body: text,
      staffOnly: false,
      at: ctx.now(),
    });
    const [coach] = row.coach_account_id ? await ctx.staff.people(trx, [row.coach_account_id]) : [];
    if (coach) {
      await ctx.enqueueMail(trx, {
        to: coach.email,
        subject: t('initiatives.mail.initiatorMessage.subject', { reference: row.reference }),
        text: t('initiatives.mail.initiatorMessage.body', {
          reference: row.reference,
          title: row.title,
          link: deskUrl(ctx.settings.publicUrl, row.reference),
        }),
        gemeente: row.municipality_code,
      });
    }
  });
}

/** The initiator withdraws their initiative, with a reason (shown on the public timeline). */
export async function withdrawByInitiator(
  ctx: InitiativesContext,
  acting: Acting,
  token: string,
  reason: string,
  t: Translate,
): Promise<void> {
  await ctx.commands.run(acting, 'initiatives.withdraw', async (step) => {
    const { trx } = step;
    // The tracking link's token, found below, is what the initiator needs.
    step.openToAnyone();
    step.recordNothing('the initiator’s own move: the public timeline is its record, with the reason');
    const row = await rowByToken(ctx, trx, token);
    const locked = await repo.lockInitiative(trx, row.id);
    if (!locked) throw new NotFoundError('initiatives.errors.trackingNotFound');
    await applyMove(ctx, trx, locked, 'withdrawn', 'initiator', reason, null, t);
  });
}
