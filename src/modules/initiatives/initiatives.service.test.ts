import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config.js';
import type { Database } from '../../db/database.js';
import {
  ConflictError,
  DomainError,
  ForbiddenError,
  NotFoundError,
  ValidationError,
} from '../../shared/errors.js';
import { I18n } from '../../web/i18n/i18n.js';
import { ANONYMOUS, type StaffActor } from '../../access/index.js';
import { createTestDatabase } from '../../../test/helpers/database.js';
import { createTestModules } from '../../../test/helpers/modules.js';
import { seedDemoInitiatives } from './initiatives.demo.js';
import { initiativesMessages } from './initiatives.messages.js';
import { checkSubmissionForm } from './initiatives.schema.js';
import { STAGES } from './initiative.js';
import {
  addParticipant,
  assignCoach,
  getDeskInitiative,
  listQueue,
  postStaffMessage,
} from './desk.service.js';
import { getPublicInitiative, listPublicInitiatives } from './public.service.js';
import { getTrackedInitiative, postInitiatorMessage, withdrawByInitiator } from './tracking.service.js';
import { moveByStaff } from './moves.service.js';
import { submitInitiative, type InitiativesContext } from './initiatives.service.js';
import { createStaff, outboxFor, validForm } from './initiatives.test-helpers.js';
import { unplainFigures } from '../../../test/helpers/plain-text.js';

const t = new I18n([initiativesMessages]).translator('nl');
let database: Database;
let ctx: InitiativesContext;
let modules: ReturnType<typeof createTestModules>;
let coach: StaffActor;
let wijkCoach: StaffActor;
let otherCoach: StaffActor;
// A Monday, so five working days later is the next Monday.
const NOW = new Date('2026-03-02T09:00:00+01:00');

beforeAll(async () => {
  database = await createTestDatabase();
  const config = loadConfig({
    NODE_ENV: 'test',
    DEMO: 'false',
    LOG_LEVEL: 'silent',
    PUBLIC_URL: 'https://bk.example',
  });
  modules = createTestModules(config, database);
  await modules.places.start();
  ctx = { ...modules.initiatives.context, now: () => NOW };
  coach = await createStaff(modules.identity, 'Carla Coach', [{ role: 'coach', placeCode: 'GM0637' }]);
  wijkCoach = await createStaff(modules.identity, 'Wim Wijkcoach', [
    { role: 'coach', placeCode: 'WK063700' },
  ]);
  otherCoach = await createStaff(modules.identity, 'Hans Bosch', [{ role: 'coach', placeCode: 'GM0796' }]);
});
afterAll(async () => {
  await database?.close();
});

async function submit(overrides = {}) {
  const checked = checkSubmissionForm(validForm(overrides), { staff: false });
  if (!checked.input) throw new Error(JSON.stringify(checked.issues));
  return submitInitiative(ctx, { actor: ANONYMOUS, channel: 'web' }, checked.input, [], t);
}

describe('submitting', () => {
  it('stores the initiative with its place, budget and first timeline entry, and mails the tracking link', async () => {
    const result = await submit({ email: 'submit.test@example.nl' });
    expect(result.reference).toMatch(/^INI-2026-\d{4}$/);
    expect(result.intakeDueOn).toBe('2026-03-09');
    const tracked = await getTrackedInitiative(ctx, result.token);
    expect(tracked.stage).toBe('submitted');
    expect(tracked.buurt).toEqual({ code: 'BU06370001', name: 'Dorp' });
    expect(tracked.gemeente.code).toBe('GM0637');
    expect(tracked.budgetTotalCents).toBe(28750);
    expect(tracked.timeline.map((e) => e.to)).toEqual(['submitted']);
    const mail = await outboxFor(database.db, 'submit.test@example.nl');
    expect(mail).toHaveLength(1);
    expect(mail[0]?.body_text).toContain(`https://bk.example/initiatieven/volgen/${result.token}`);
    expect(unplainFigures(mail[0]?.body_text ?? '')).toEqual([]);
    // The outbox keeps the link only until delivery: its stored copy has a note instead.
    expect(mail[0]?.stored_text).toContain('[link verwijderd na verzending]');
    expect(mail[0]?.stored_text).not.toContain(result.token);
  });

  it('keeps only a hash of the token', async () => {
    const result = await submit();
    const { rows } = await sql<{ n: number }>`
      select count(*)::int as n from initiative where tracking_token_hash = ${result.token}
    `.execute(database.db);
    expect(rows[0]?.n).toBe(0);
  });

  it('numbers references one after another', async () => {
    const a = await submit();
    const b = await submit();
    expect(Number(b.reference.slice(-4))).toBe(Number(a.reference.slice(-4)) + 1);
  });

  it('finds the buurt of a pin on the map', async () => {
    const result = await submit({ buurt: '', lat: '52.0621', lon: '4.4927', locationDescription: '' });
    const tracked = await getTrackedInitiative(ctx, result.token);
    expect(tracked.buurt.code).toBe('BU06370002');
    expect(tracked.lat).toBeCloseTo(52.0621);
  });

  it('refuses a pin outside every known buurt, beside the place field', async () => {
    await expect(
      submit({ buurt: '', lat: '53.2', lon: '6.5', locationDescription: '' }),
    ).rejects.toMatchObject({
      issues: [{ field: 'buurt', message: 'initiatives.errors.pointOutside' }],
    });
  });

  it('lets a coach submit for a resident, audited with the channel; residents cannot pick a channel', async () => {
    const checked = checkSubmissionForm(validForm({ channel: 'phone', email: '' }), { staff: true });
    if (!checked.input) throw new Error('invalid');
    const result = await submitInitiative(
      ctx,
      { actor: coach, channel: 'service-desk' },
      checked.input,
      [],
      t,
    );
    const desk = await getDeskInitiative(ctx, coach, result.reference);
    expect(desk.channel).toBe('phone');
    const { rows } = await sql<{ action: string; channel: string }>`
      select action, channel from audit_log where subject_id = ${result.reference}
    `.execute(database.db);
    expect(rows).toEqual([{ action: 'initiatives.submit_for_resident', channel: 'service-desk' }]);
    await expect(
      submitInitiative(ctx, { actor: otherCoach, channel: 'service-desk' }, checked.input, [], t),
    ).rejects.toBeInstanceOf(ForbiddenError);
    await expect(
      submitInitiative(ctx, { actor: ANONYMOUS, channel: 'web' }, checked.input, [], t),
    ).rejects.toBeInstanceOf(ForbiddenError);
  });
});

describe('checking the form', () => {
  it('names every field with a problem', () => {
    const result = checkSubmissionForm(
      validForm({ title: 'x', themes: [], buurt: '', locationDescription: '', email: 'nope', phone: '' }),
      { staff: false },
    );
    expect(result.issues.map((i) => i.field).sort()).toEqual(
      ['buurt', 'email', 'locationDescription', 'themes', 'title'].sort(),
    );
  });
  it('checks each budget row on its own and reads Dutch amounts', () => {
    const form = validForm();
    form.lines[2] = { description: 'Gereedschap', amount: 'veel' };
    form.lines[3] = { description: '', amount: '10' };
    expect(checkSubmissionForm(form, { staff: false }).issues.map((i) => i.field)).toEqual([
      'line2Amount',
      'line3Description',
    ]);
  });
  it('needs e-mail or phone', () => {
    const result = checkSubmissionForm(validForm({ email: '', phone: '' }), { staff: false });
    expect(result.issues).toEqual([{ field: 'email', message: 'initiatives.errors.contact' }]);
  });
});

describe('stages', () => {
  it('records each move on the public timeline and publishes from in_preparation', async () => {
    const { reference, token } = await submit();
    await expect(getPublicInitiative(ctx, reference)).rejects.toBeInstanceOf(NotFoundError);
    await moveByStaff(ctx, { actor: coach, channel: 'web' }, reference, 'intake', '', t);
    await moveByStaff(ctx, { actor: coach, channel: 'web' }, reference, 'in_preparation', 'Plan is klaar', t);
    const detail = await getPublicInitiative(ctx, reference);
    expect(detail.timeline.map((e) => [e.from, e.to])).toEqual([
      [null, 'submitted'],
      ['submitted', 'intake'],
      ['intake', 'in_preparation'],
    ]);
    expect(JSON.stringify(detail)).not.toContain('Fatima');
    expect((await getTrackedInitiative(ctx, token)).isPublic).toBe(true);
  });

  it('assigns the coach who takes an unassigned initiative in', async () => {
    const { reference } = await submit();
    await moveByStaff(ctx, { actor: wijkCoach, channel: 'web' }, reference, 'intake', '', t);
    expect((await getDeskInitiative(ctx, coach, reference)).coach?.name).toBe('Wim Wijkcoach');
  });

  it('refuses a move the machine forbids with a conflict, naming both stages in Dutch', async () => {
    const { reference } = await submit();
    const error = await moveByStaff(ctx, { actor: coach, channel: 'web' }, reference, 'funded', '', t).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ConflictError);
    expect(error).toMatchObject({ params: { from: 'Ingediend', to: 'Gefinancierd' } });
  });

  it('needs a reason to decline, as an unprocessable error on the reason field', async () => {
    const { reference } = await submit();
    const error = await moveByStaff(
      ctx,
      { actor: coach, channel: 'web' },
      reference,
      'declined',
      '  ',
      t,
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({ status: 422, issues: [{ field: 'reason' }] });
  });

  it('refuses coaches of another gemeente and wijk', async () => {
    const { reference } = await submit();
    await expect(
      moveByStaff(ctx, { actor: otherCoach, channel: 'web' }, reference, 'intake', '', t),
    ).rejects.toBeInstanceOf(ForbiddenError);
  });

  it('lets the initiator withdraw with a reason, and keeps a published one public', async () => {
    const { reference, token } = await submit();
    await moveByStaff(ctx, { actor: coach, channel: 'web' }, reference, 'intake', '', t);
    await moveByStaff(ctx, { actor: coach, channel: 'web' }, reference, 'in_preparation', '', t);
    await expect(
      withdrawByInitiator(ctx, { actor: ANONYMOUS, channel: 'web' }, token, '', t),
    ).rejects.toMatchObject({ status: 422 });
    await withdrawByInitiator(ctx, { actor: ANONYMOUS, channel: 'web' }, token, 'Geen tijd meer', t);
    const detail = await getPublicInitiative(ctx, reference);
    expect(detail.stage).toBe('withdrawn');
    expect(detail.timeline.at(-1)).toMatchObject({ to: 'withdrawn', reason: 'Geen tijd meer' });
  });
});

describe('the queue', () => {
  it('shows a coach only the initiatives in their places, and marks overdue intakes', async () => {
    const { reference } = await submit();
    const later = { ...ctx, now: () => new Date('2026-03-20T09:00:00+01:00') };
    const items = await listQueue(later, coach, { view: 'new' });
    const item = items.find((i) => i.reference === reference);
    expect(item?.overdue).toBe(true);
    expect(await listQueue(later, otherCoach, { view: 'all' })).toEqual([]);
    // A wijk coach of WK063700 sees Dorp (BU06370001), which lies in that wijk.
    expect((await listQueue(ctx, wijkCoach, { view: 'new' })).some((i) => i.reference === reference)).toBe(
      true,
    );
    await expect(listQueue(ctx, ANONYMOUS, { view: 'new' })).rejects.toBeInstanceOf(ForbiddenError);
  });

  it('assigns to a colleague who coaches the place, and refuses anyone else', async () => {
    const { reference } = await submit();
    await assignCoach(ctx, { actor: coach, channel: 'web' }, reference, wijkCoach.accountId);
    expect((await listQueue(ctx, wijkCoach, { view: 'mine' })).some((i) => i.reference === reference)).toBe(
      true,
    );
    await expect(
      assignCoach(ctx, { actor: coach, channel: 'web' }, reference, otherCoach.accountId),
    ).rejects.toBeInstanceOf(ValidationError);
  });
});

describe('the thread', () => {
  it('hides staff notes from the initiator and mails each side about the other’s messages', async () => {
    const { reference, token } = await submit({ email: 'thread.test@example.nl' });
    await moveByStaff(ctx, { actor: coach, channel: 'web' }, reference, 'intake', '', t);
    await postStaffMessage(
      ctx,
      { actor: coach, channel: 'web' },
      reference,
      'Heeft u al een plek voor de bakken?',
      false,
      t,
    );
    await postStaffMessage(
      ctx,
      { actor: coach, channel: 'web' },
      reference,
      'Vergunning nodig voor het grasveld',
      true,
      t,
    );
    await postInitiatorMessage(ctx, { actor: ANONYMOUS, channel: 'web' }, token, 'Ja, achter nummer 12.', t);
    const tracked = await getTrackedInitiative(ctx, token);
    expect(tracked.messages.map((m) => m.body)).toEqual([
      'Heeft u al een plek voor de bakken?',
      'Ja, achter nummer 12.',
    ]);
    const desk = await getDeskInitiative(ctx, coach, reference);
    expect(desk.messages.filter((m) => m.staffOnly).map((m) => m.body)).toEqual([
      'Vergunning nodig voor het grasveld',
    ]);
    const toInitiator = await outboxFor(database.db, 'thread.test@example.nl');
    expect(toInitiator.map((m) => m.body_text).join()).toContain('Heeft u al een plek');
    expect(toInitiator.map((m) => m.body_text).join()).not.toContain('Vergunning nodig');
    expect((await outboxFor(database.db, coach.email)).some((m) => m.subject.includes(reference))).toBe(true);
  });

  it('lets a colleague asked in read and write, and nobody else outside the place', async () => {
    const { reference } = await submit();
    await expect(getDeskInitiative(ctx, otherCoach, reference)).rejects.toBeInstanceOf(ForbiddenError);
    const manager = await createStaff(modules.identity, 'Mo Manager', [
      { role: 'district_manager', placeCode: 'WK063709' },
    ]);
    await expect(getDeskInitiative(ctx, manager, reference)).rejects.toBeInstanceOf(ForbiddenError);
    await addParticipant(ctx, { actor: coach, channel: 'web' }, reference, manager.accountId, t);
    await postStaffMessage(
      ctx,
      { actor: manager, channel: 'web' },
      reference,
      'Ik kijk mee naar de vergunning.',
      true,
      t,
    );
    expect((await getDeskInitiative(ctx, manager, reference)).participants.map((p) => p.name)).toContain(
      'Mo Manager',
    );
    await expect(
      addParticipant(ctx, { actor: coach, channel: 'web' }, reference, otherCoach.accountId, t),
    ).rejects.toBeInstanceOf(ValidationError);
  });
});

describe('the public list', () => {
  it('lists published initiatives by place, stage and theme, never the submitted ones', async () => {
    const hidden = await submit({ title: 'Nog niet openbaar' });
    const shown = await submit({ title: 'Wel openbaar', themes: ['spelen'] });
    await moveByStaff(ctx, { actor: coach, channel: 'web' }, shown.reference, 'intake', '', t);
    await moveByStaff(ctx, { actor: coach, channel: 'web' }, shown.reference, 'in_preparation', '', t);
    const list = await listPublicInitiatives(ctx, { placeCode: 'WK063700', theme: 'spelen' });
    expect(list.map((i) => i.reference)).toContain(shown.reference);
    expect(list.map((i) => i.reference)).not.toContain(hidden.reference);
    expect(await listPublicInitiatives(ctx, { placeCode: 'GM0796' })).toEqual([]);
    expect(
      (await listPublicInitiatives(ctx, { stage: 'funded', placeCode: 'GM0637' })).some(
        (i) => i.reference === shown.reference,
      ),
    ).toBe(false);
  });
});

describe('the demo', () => {
  it('loads initiatives in every stage across the three gemeenten, once', async () => {
    const fresh = await createTestDatabase();
    try {
      const config = loadConfig({ NODE_ENV: 'test', DEMO: 'false', LOG_LEVEL: 'silent' });
      const modules = createTestModules(config, fresh);
      await modules.places.start();
      const demoCtx = modules.initiatives.context;
      expect(await seedDemoInitiatives(demoCtx)).toBeGreaterThan(10);
      expect(await seedDemoInitiatives(demoCtx)).toBe(0);
      const { rows } = await sql<{ stage: string; municipality_code: string }>`
        select distinct stage, municipality_code from initiative
      `.execute(fresh.db);
      expect(new Set(rows.map((r) => r.stage))).toEqual(new Set(STAGES));
      expect(new Set(rows.map((r) => r.municipality_code))).toEqual(new Set(['GM0637', 'GM0796', 'GM0622']));
    } finally {
      await fresh.close();
    }
  });
});
