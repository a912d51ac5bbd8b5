// Stage moves: by the stage machine's rules, by a coach or by the household budget (system).

import type { Queryable } from '../../db/database.js';
import { ConflictError, DomainError, ForbiddenError, NotFoundError } from '../../shared/errors.js';
import type { Translate } from '../../web/i18n/i18n.js';
import type { Acting } from '../../access/index.js';
import { PUBLIC_STAGES, checkMove, type Mover, type Stage } from './initiative.js';
import { authorizeStaff, initiativeRecord, type InitiativesContext } from './initiatives.service.js';
import * as repo from './initiatives.repository.js';

export async function applyMove(
  ctx: InitiativesContext,
  trx: Queryable,
  row: repo.InitiativeRow,
  to: Stage,
  mover: Mover,
  rawReason: string,
  actorAccountId: string | null,
  t: Translate,
): Promise<void> {
  const reason = rawReason.trim().slice(0, 2000);
  const refusal = checkMove(row.stage, to, mover, reason);
  const params = { from: t(`initiatives.stage.${row.stage}`), to: t(`initiatives.stage.${to}`) };
  if (refusal === 'not_allowed') throw new ConflictError('initiatives.errors.moveNotAllowed', params);
  if (refusal === 'not_yours') throw new ForbiddenError('initiatives.errors.moveNotYours');
  if (refusal === 'reason_required') {
    throw new DomainError('unprocessable', 'initiatives.errors.reasonRequired', {}, [
      { field: 'reason', message: 'initiatives.errors.reasonRequired' },
    ]);
  }
  await repo.updateStage(trx, row.id, to, PUBLIC_STAGES.includes(to));
  await repo.insertEvent(trx, {
    initiativeId: row.id,
    from: row.stage,
    to,
    reason,
    mover,
    actorAccountId,
    at: ctx.now(),
  });
}

/**
 * The household budget moves an initiative (funded when its pledges reach the goal, not funded
 * when the deadline passes first), as mover 'system', inside the budget's own transaction so
 * the move and the money commit together. A refused move is a ConflictError.
 */
export async function moveBySystem(
  ctx: InitiativesContext,
  trx: Queryable,
  initiativeId: string,
  to: 'funded' | 'not_funded',
  reason: string,
): Promise<void> {
  const row = await repo.lockInitiative(trx, initiativeId);
  if (!row) throw new NotFoundError('initiatives.errors.notFound', { reference: initiativeId });
  await applyMove(ctx, trx, row, to, 'system', reason, null, (key) => key);
}

export async function lockByReference(trx: Queryable, reference: string): Promise<repo.InitiativeRow> {
  const found = await repo.findInitiativeByReference(trx, reference);
  const row = found ? await repo.lockInitiative(trx, found.id) : undefined;
  if (!row) throw new NotFoundError('initiatives.errors.notFound', { reference });
  return row;
}

/**
 * A coach moves an initiative to another stage. The stage machine decides; a refused move is a
 * ConflictError (409), a missing reason an unprocessable error (422). Taking an unassigned
 * initiative in assigns it to the coach. Audited; the initiator hears of it by mail.
 */
export async function moveByStaff(
  ctx: InitiativesContext,
  acting: Acting,
  reference: string,
  to: Stage,
  reason: string,
  t: Translate,
): Promise<void> {
  await ctx.commands.run(acting, 'initiatives.move', async (step) => {
    const { trx } = step;
    const row = await lockByReference(trx, reference);
    const staff = authorizeStaff(step, 'initiatives.coach', row.buurt_code);
    await applyMove(ctx, trx, row, to, 'coach', reason, staff.accountId, t);
    if (to === 'intake' && row.coach_account_id === null)
      await repo.updateCoach(trx, row.id, staff.accountId);
    step.record(
      initiativeRecord(reference, row.municipality_code, { from: row.stage, to, reason: reason.trim() }),
    );
    if (row.initiator_email) {
      await ctx.enqueueMail(trx, {
        to: row.initiator_email,
        subject: t('initiatives.mail.moved.subject', { reference }),
        text: t('initiatives.mail.moved.body', {
          name: row.initiator_name,
          title: row.title,
          stage: t(`initiatives.stage.${to}`),
          reason: reason.trim(),
        }),
        gemeente: row.municipality_code,
      });
    }
  });
}
