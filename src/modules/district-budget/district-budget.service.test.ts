import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/helpers/app.js';
import { runCommandOn } from '../../../test/helpers/cli.js';
import type { Acting, StaffActor } from '../../access/index.js';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../shared/errors.js';
import { budgetsCommands } from '../budgets/index.js';
import { createOpenInitiative } from '../budgets/budgets.test-helpers.js';
import { createStaff } from '../initiatives/initiatives.test-helpers.js';
import {
  allocate,
  answerApproval,
  changeDecision,
  closeYear,
  decide,
  expireApprovals,
  getDecisionDetail,
  listToApprove,
  moveMoney,
  saveSettings,
  setBackupApprover,
  setMandate,
  wijkFigures,
  type DecisionInput,
  type DistrictContext,
} from './district-budget.service.js';

let now = new Date('2026-03-02T10:00:00Z');
let t: TestApp;
let ctx: DistrictContext;
let admin: StaffActor;
let managerA: StaffActor;
let managerB: StaffActor;
let loneManager: StaffActor;
let coach: StaffActor;

const WIJK = 'WK063700';
const LONE_WIJK = 'WK063701';
const web = (actor: StaffActor): Acting => ({ actor, channel: 'web', ip: '192.0.2.1' });
let counter = 0;

/** A valid Dutch IBAN of its own for each call (ISO 13616 check digits computed). */
function freshIban(): string {
  counter++;
  const bban = `TEST${String(1_000_000_000 + counter * 7919).slice(-10)}`;
  const digits = `${bban}NL00`.replace(/[A-Z]/g, (c) => String(c.charCodeAt(0) - 55));
  let mod = 0;
  for (const d of digits) mod = (mod * 10 + Number(d)) % 97;
  return `NL${String(98 - mod).padStart(2, '0')}${bban}`;
}

/** A decision that passes every field check, unique per call unless overridden. */
function input(overrides: Partial<DecisionInput> = {}): DecisionInput {
  counter++;
  return {
    kind: 'maintenance',
    wijkCode: WIJK,
    year: 2026,
    title: `Bestraten stoep ${counter}`,
    // Numbers do not tell purposes apart (the sum rule ignores them): letters do.
    purpose: `Losse tegels herstellen straat ${counter.toString(26).replace(/[0-9]/g, (d) => 'qrstuvwxyz'[Number(d)] ?? 'z')}`,
    reason: 'Bewoners meldden losse tegels; gevaar voor vallen.',
    recipientKind: 'organisation',
    recipient: `Stratenmakers ${counter} BV`,
    amountCents: 100_000,
    iban: null,
    accountHolder: null,
    buurtCode: 'BU06370001',
    ...overrides,
  };
}

async function remaining(wijk = WIJK): Promise<number> {
  const [f] = await wijkFigures(ctx, [wijk], 2026);
  return f?.remainingCents ?? 0;
}

async function auditActions(decisionId: string): Promise<string[]> {
  const { rows } = await sql<{ action: string }>`
    select action from audit_log where subject_type = 'district_decision' and subject_id = ${decisionId}
    order by id`.execute(t.database.db);
  return rows.map((r) => r.action);
}

async function verifyLedger(): Promise<string | undefined> {
  const run = await runCommandOn(
    t,
    budgetsCommands.find((c) => c.name === 'verify-ledger'),
    [],
  );
  return run.error?.message;
}

beforeAll(async () => {
  t = await createTestApp({}, { clock: () => now });
  ctx = t.modules.districtBudget.context;
  const identity = t.modules.identity;
  admin = await createStaff(identity, 'Ada Beheer', [{ role: 'administrator', placeCode: 'GM0637' }]);
  managerA = await createStaff(identity, 'Wim Wijkmanager', [{ role: 'district_manager', placeCode: WIJK }]);
  managerB = await createStaff(identity, 'Bea Tweede', [{ role: 'district_manager', placeCode: WIJK }]);
  loneManager = await createStaff(identity, 'Lotte Alleen', [
    { role: 'district_manager', placeCode: LONE_WIJK },
  ]);
  coach = await createStaff(identity, 'Cor Coach', [{ role: 'coach', placeCode: 'GM0637' }]);
  for (const m of [managerA, managerB, loneManager])
    await setMandate(ctx, web(admin), {
      accountId: m.accountId,
      municipalityCode: 'GM0637',
      limitCents: 500_000,
    });
  await allocate(ctx, web(admin), { wijkCode: WIJK, year: 2026, amountCents: 10_000_000 });
  await allocate(ctx, web(admin), { wijkCode: LONE_WIJK, year: 2026, amountCents: 2_000_000 });
});
afterAll(async () => {
  await t.close();
});

describe('a maintenance order placed by a point lies in the buurt the point is in', () => {
  it('finds the buurt of the point, and refuses a point outside the decision’s wijk', async () => {
    const at = { lat: 52.0575, lon: 4.4931 };
    const found = await t.modules.places.lookupPoint(at.lat, at.lon);
    if (found.wijk.code !== WIJK && found.wijk.code !== LONE_WIJK)
      await allocate(ctx, web(admin), { wijkCode: found.wijk.code, year: 2026, amountCents: 1_000_000 });
    const made = await decide(
      ctx,
      web(admin),
      input({ wijkCode: found.wijk.code, buurtCode: null, ...at, amountCents: 10_000 }),
    );
    const detail = await getDecisionDetail(ctx, admin, made.id);
    expect(detail.decision.buurtCode).toBe(found.buurt.code);
    expect(detail.decision.lat).toBe(at.lat);
    const elsewhere = found.wijk.code === WIJK ? LONE_WIJK : WIJK;
    const refusal = await decide(
      ctx,
      web(admin),
      input({ wijkCode: elsewhere, buurtCode: null, ...at, amountCents: 10_000 }),
    ).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(ValidationError);
    expect((refusal as ValidationError).issues).toEqual([
      expect.objectContaining({ field: 'place', message: 'districtBudget.errors.placeOutside' }),
    ]);
  });
});

describe('a decision within the mandate takes effect at once', () => {
  it('grants the money in the ledger, with the objection deadline six weeks on', async () => {
    const before = await remaining();
    const made = await decide(ctx, web(managerA), input({ amountCents: 300_000 }));
    expect(made.status).toBe('granted');
    expect(made.approvalReasons).toEqual([]);
    expect(await remaining()).toBe(before - 300_000);
    const detail = await getDecisionDetail(ctx, managerA, made.id);
    expect(detail.money.grantedCents).toBe(300_000);
    expect(detail.decision.madeKnownOn).toBe('2026-03-02');
    expect(detail.decision.objectionDeadline).toBe('2026-04-13');
    expect(await auditActions(made.id)).toEqual(['district-budget.decision.made']);
  });

  it('is refused for a wijk the manager does not hold', async () => {
    await expect(
      decide(ctx, web(managerA), input({ wijkCode: LONE_WIJK, buurtCode: 'BU06370100' })),
    ).rejects.toThrow(ForbiddenError);
  });

  it('is refused when the wijk has not that much left', async () => {
    await expect(
      decide(
        ctx,
        web(admin),
        input({ wijkCode: LONE_WIJK, buurtCode: 'BU06370100', amountCents: 2_000_001 }),
      ),
    ).rejects.toThrow(ConflictError);
  });

  it('checks the IBAN', async () => {
    await expect(
      decide(ctx, web(managerA), input({ iban: 'NL91ABNA0417164301', accountHolder: 'X' })),
    ).rejects.toThrow(ValidationError);
  });
});

describe('above the mandate, no money moves until a second person approves', () => {
  it('waits for approval; the decider cannot approve; another manager can, and then the money moves', async () => {
    const before = await remaining();
    const made = await decide(
      ctx,
      web(managerA),
      input({ amountCents: 750_000, iban: 'NL91 ABNA 0417 1643 00', accountHolder: 'Groen BV' }),
    );
    expect(made.status).toBe('awaiting_approval');
    expect(made.approvalReasons).toEqual(['above_mandate']);
    expect(await remaining()).toBe(before);
    expect((await getDecisionDetail(ctx, managerA, made.id)).money.grantedCents).toBe(0);
    // The decider cannot commit or pay it either.
    await expect(moveMoney(ctx, web(managerA), made.id, { movement: 'commit' })).rejects.toThrow(
      ConflictError,
    );

    await expect(answerApproval(ctx, web(managerA), made.id, { approve: true })).rejects.toMatchObject({
      messageKey: 'districtBudget.errors.approver.own_decision',
    });
    const queue = await listToApprove(ctx, managerA);
    expect(queue.find((q) => q.decision.id === made.id)).toMatchObject({ mine: true, mayAnswer: false });
    expect((await listToApprove(ctx, managerB)).find((q) => q.decision.id === made.id)?.mayAnswer).toBe(true);

    expect(await answerApproval(ctx, web(managerB), made.id, { approve: true, note: 'Akkoord' })).toBe(
      'granted',
    );
    expect(await remaining()).toBe(before - 750_000);
    const detail = await getDecisionDetail(ctx, managerA, made.id);
    expect(detail.money.grantedCents).toBe(750_000);
    expect(detail.approvals).toMatchObject([{ status: 'approved', approver: 'Bea Tweede' }]);
    expect(await auditActions(made.id)).toEqual([
      'district-budget.decision.made',
      'district-budget.decision.approved',
    ]);
  });

  it('moves nothing when the second person rejects', async () => {
    const before = await remaining();
    const made = await decide(ctx, web(managerA), input({ amountCents: 600_000 }));
    await expect(answerApproval(ctx, web(managerB), made.id, { approve: false })).rejects.toThrow(
      ValidationError,
    );
    expect(await answerApproval(ctx, web(managerB), made.id, { approve: false, note: 'Te duur' })).toBe(
      'rejected',
    );
    expect(await remaining()).toBe(before);
    const detail = await getDecisionDetail(ctx, managerA, made.id);
    expect(detail.decision.status).toBe('rejected');
    // A refusal is a decision too: it can be objected to.
    expect(detail.decision.objectionDeadline).toBe('2026-04-13');
  });

  it('is never approved by the command line', async () => {
    const made = await decide(ctx, web(managerA), input({ amountCents: 600_001 }));
    await expect(
      answerApproval(ctx, { actor: 'cli', channel: 'cli' }, made.id, { approve: true }),
    ).rejects.toThrow(ForbiddenError);
  });
});

describe('the 12-month sum rule catches a split', () => {
  it('sends the second half of a split to a second approval, with the first shown beside it', async () => {
    const recipient = 'Stichting Kerstmarkt';
    const first = await decide(
      ctx,
      web(managerA),
      input({ recipient, purpose: 'Kerstbomen deel 1', amountCents: 300_000 }),
    );
    expect(first.status).toBe('granted');
    const second = await decide(
      ctx,
      web(managerA),
      input({ recipient: 'Stichting Kerstmarkt', purpose: 'Kerstbomen deel 2', amountCents: 300_000 }),
    );
    expect(second.status).toBe('awaiting_approval');
    expect(second.approvalReasons).toEqual(['above_sum']);
    expect(second.relatedCents).toBe(300_000);
    expect(second.related).toMatchObject([{ id: first.id, sameRecipient: true, samePurpose: true }]);
    const detail = await getDecisionDetail(ctx, managerB, second.id);
    expect(detail.related.map((r) => r.id)).toEqual([first.id]);
  });

  it('finds the same IBAN under another name', async () => {
    const iban = 'DE89370400440532013000';
    const first = await decide(
      ctx,
      web(managerA),
      input({ amountCents: 400_000, iban, accountHolder: 'K. Boom' }),
    );
    expect(first.status).toBe('granted');
    const other = await decide(
      ctx,
      web(managerA),
      input({ amountCents: 200_000, iban, accountHolder: 'Kees Boom', recipient: 'Boomkwekerij K' }),
    );
    expect(other.approvalReasons).toEqual(['above_sum']);
    expect(other.related[0]).toMatchObject({ id: first.id, samePaymentDetails: true, sameRecipient: false });
  });

  it('holds under concurrency: of ten decisions at once on one recipient, exactly the mandate’s worth is granted', async () => {
    const recipient = 'Evenementenbureau Gelijktijdig';
    const outcomes = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        decide(ctx, web(i % 2 === 0 ? managerA : managerB), input({ recipient, amountCents: 100_000 })),
      ),
    );
    // Mandate € 5.000: five of € 1.000 fit; every later one sees them (and the waiting ones) in its sum.
    expect(outcomes.filter((o) => o.status === 'granted')).toHaveLength(5);
    expect(outcomes.filter((o) => o.status === 'awaiting_approval')).toHaveLength(5);
  });
});

describe('a change after approval voids it', () => {
  it('undoes the grant, asks again, and money moves only after the new content is approved', async () => {
    const before = await remaining();
    const made = await decide(
      ctx,
      web(managerA),
      input({
        amountCents: 800_000,
        iban: 'NL91ABNA0417164300',
        accountHolder: 'Speeltuin BV',
        recipient: 'Speeltuin BV',
      }),
    );
    await answerApproval(ctx, web(managerB), made.id, { approve: true });
    expect(await remaining()).toBe(before - 800_000);

    // The payee changes after approval (Open Collective #8556): the approval is void at once.
    const changed = await changeDecision(ctx, web(managerA), made.id, {
      iban: 'NL02ABNA0123456789',
      accountHolder: 'Speeltuin BV',
      note: 'Nieuw rekeningnummer doorgegeven',
    });
    expect(changed.status).toBe('awaiting_approval');
    expect(await remaining()).toBe(before);
    const detail = await getDecisionDetail(ctx, managerA, made.id);
    expect(detail.money.grantedCents).toBe(0);
    expect(detail.approvals.map((a) => a.status)).toEqual(['void', 'pending']);
    expect(detail.decision.version).toBe(2);
    await expect(moveMoney(ctx, web(managerA), made.id, { movement: 'commit' })).rejects.toThrow(
      ConflictError,
    );

    await answerApproval(ctx, web(managerB), made.id, { approve: true });
    expect(await remaining()).toBe(before - 800_000);
    const actions = await auditActions(made.id);
    expect(actions).toEqual([
      'district-budget.decision.made',
      'district-budget.decision.approved',
      'district-budget.decision.changed',
      'district-budget.decision.approved',
    ]);
    const { rows } = await sql<{ details: { approvalVoided: boolean; changed: string[] } }>`
      select details from audit_log where subject_id = ${made.id} and action = 'district-budget.decision.changed'`.execute(
      t.database.db,
    );
    expect(rows[0]?.details).toMatchObject({ approvalVoided: true, changed: ['paymentDetails'] });
  });

  it.each([
    ['the amount', { amountCents: 800_001 }],
    ['the recipient', { recipient: 'Iemand Anders BV' }],
    ['the purpose', { purpose: 'Iets heel anders' }],
  ])('voids a pending request when %s changes', async (_what, change) => {
    const made = await decide(ctx, web(managerA), input({ amountCents: 800_000 }));
    await changeDecision(ctx, web(managerA), made.id, { ...change, note: 'Aangepast' });
    const detail = await getDecisionDetail(ctx, managerA, made.id);
    expect(detail.approvals.map((a) => a.status)).toEqual(['void', 'pending']);
  });

  it('keeps the approval when only the wording of the reason changes', async () => {
    const made = await decide(ctx, web(managerA), input({ amountCents: 800_000 }));
    await answerApproval(ctx, web(managerB), made.id, { approve: true });
    await changeDecision(ctx, web(managerA), made.id, {
      reason: 'Betere uitleg van het besluit.',
      note: 'Tekst',
    });
    const detail = await getDecisionDetail(ctx, managerA, made.id);
    expect(detail.decision.status).toBe('granted');
    expect(detail.approvals.map((a) => a.status)).toEqual(['approved']);
  });
});

describe('the backup pool and conflicts of interest', () => {
  it('lets a wijk with one manager be approved by the gemeente’s backup approver, and no one else', async () => {
    const made = await decide(
      ctx,
      web(loneManager),
      input({ wijkCode: LONE_WIJK, buurtCode: 'BU06370100', amountCents: 900_000 }),
    );
    expect(made.status).toBe('awaiting_approval');
    await expect(answerApproval(ctx, web(coach), made.id, { approve: true })).rejects.toThrow(ForbiddenError);
    await setBackupApprover(ctx, web(admin), {
      municipalityCode: 'GM0637',
      accountId: coach.accountId,
      inPool: true,
    });
    expect(await answerApproval(ctx, web(coach), made.id, { approve: true })).toBe('granted');
    const { rows } = await sql<{ details: { asBackup: boolean } }>`
      select details from audit_log where subject_id = ${made.id} and action = 'district-budget.decision.approved'`.execute(
      t.database.db,
    );
    expect(rows[0]?.details.asBackup).toBe(true);
  });

  it('lets a partner in the pool open what waits for them, and no partner outside it', async () => {
    const made = await decide(
      ctx,
      web(loneManager),
      input({ wijkCode: LONE_WIJK, buurtCode: 'BU06370100', amountCents: 600_000 }),
    );
    const inPool = await createStaff(t.modules.identity, 'Pim Partner', [
      { role: 'partner', placeCode: LONE_WIJK },
    ]);
    const outside = await createStaff(t.modules.identity, 'Olga Ander', [
      { role: 'partner', placeCode: LONE_WIJK },
    ]);
    await setBackupApprover(ctx, web(admin), {
      municipalityCode: 'GM0637',
      accountId: inPool.accountId,
      inPool: true,
    });
    const detail = await getDecisionDetail(ctx, inPool, made.id);
    expect(detail.decision.amountCents).toBe(600_000);
    expect(await listToApprove(ctx, inPool)).toEqual([
      expect.objectContaining({ decision: expect.objectContaining({ id: made.id }), mayAnswer: true }),
    ]);
    await expect(getDecisionDetail(ctx, outside, made.id)).rejects.toThrow(NotFoundError);
    expect(await listToApprove(ctx, outside)).toEqual([]);
    expect(await answerApproval(ctx, web(inPool), made.id, { approve: true })).toBe('granted');
  });

  it('asks a second approval when the decider coaches the initiative', async () => {
    const initiative = await createOpenInitiative(t.database.db, {
      buurt: 'BU06370001',
      wijk: WIJK,
      title: 'Buurtmoestuin',
    });
    await sql`update initiative set coach_account_id = ${managerA.accountId} where id = ${initiative.id}`.execute(
      t.database.db,
    );
    const made = await decide(
      ctx,
      web(managerA),
      input({
        kind: 'grant',
        recipientKind: 'initiative',
        recipient: 'Buurtmoestuin',
        initiative: initiative.reference,
        amountCents: 50_000,
      }),
    );
    expect(made.approvalReasons).toEqual(['coach']);
    expect(await answerApproval(ctx, web(managerB), made.id, { approve: true })).toBe('granted');
  });

  it('asks a second approval when the decider declares a conflict of interest', async () => {
    const made = await decide(
      ctx,
      web(managerA),
      input({ amountCents: 10_000, conflictOfInterest: true, conflictNote: 'Mijn zwager' }),
    );
    expect(made.approvalReasons).toEqual(['conflict_of_interest']);
  });
});

describe('money’s life: granted → committed → paid → returned', () => {
  it('moves each step in the ledger and keeps verify-ledger happy', async () => {
    const before = await remaining();
    const made = await decide(
      ctx,
      web(managerA),
      input({ amountCents: 200_000, iban: freshIban(), accountHolder: 'Tegelzetter BV' }),
    );
    expect(await moveMoney(ctx, web(managerA), made.id, { movement: 'commit' })).toBe('committed');
    expect(await moveMoney(ctx, web(managerA), made.id, { movement: 'pay', amountCents: 150_000 })).toBe(
      'committed',
    );
    await expect(
      moveMoney(ctx, web(managerA), made.id, { movement: 'pay', amountCents: 60_000 }),
    ).rejects.toThrow(ConflictError);
    expect(
      await moveMoney(ctx, web(managerA), made.id, { movement: 'return', note: 'Goedkoper uitgevallen' }),
    ).toBe('paid');
    const detail = await getDecisionDetail(ctx, managerA, made.id);
    expect(detail.money).toMatchObject({
      grantedCents: 0,
      committedCents: 0,
      paidCents: 150_000,
      returnedCents: 50_000,
    });
    expect(detail.steps.map((s) => s.action)).toEqual(['made', 'committed', 'paid', 'returned']);
    expect(await remaining()).toBe(before - 150_000);
    expect(await verifyLedger()).toBeUndefined();
  });

  it('refuses to pay without payment details', async () => {
    const made = await decide(ctx, web(managerA), input({ amountCents: 10_000 }));
    await moveMoney(ctx, web(managerA), made.id, { movement: 'commit' });
    await expect(moveMoney(ctx, web(managerA), made.id, { movement: 'pay' })).rejects.toMatchObject({
      messageKey: 'districtBudget.errors.noPaymentDetails',
    });
  });
});

describe('an approval request expires', () => {
  it('after the gemeente’s term, and then moves nothing and cannot be approved', async () => {
    await saveSettings(ctx, web(admin), {
      municipalityCode: 'GM0637',
      carryOverYears: 1,
      lateSharePercent: 25,
      approvalDays: 10,
    });
    const made = await decide(ctx, web(managerA), input({ amountCents: 900_000 }));
    const before = await remaining();
    now = new Date('2026-03-13T10:00:00Z');
    try {
      await expect(answerApproval(ctx, web(managerB), made.id, { approve: true })).rejects.toMatchObject({
        messageKey: 'districtBudget.errors.approvalExpired',
      });
      expect(await expireApprovals(ctx, { actor: 'system', channel: 'system' })).toBeGreaterThanOrEqual(1);
      const detail = await getDecisionDetail(ctx, managerA, made.id);
      expect(detail.decision.status).toBe('expired');
      expect(detail.approvals.map((a) => a.status)).toEqual(['expired']);
      expect(await remaining()).toBe(before);
    } finally {
      now = new Date('2026-03-02T10:00:00Z');
    }
  });
});

describe('the year’s close', () => {
  it('carries over what is left within the gemeente’s term and lapses the rest', async () => {
    const wijk = 'WK063702';
    await allocate(ctx, web(admin), { wijkCode: wijk, year: 2026, amountCents: 100_000 });
    await saveSettings(ctx, web(admin), {
      municipalityCode: 'GM0637',
      carryOverYears: 0,
      lateSharePercent: 25,
      approvalDays: 30,
    });
    expect(await closeYear(ctx, web(admin), { wijkCode: wijk, year: 2026 })).toEqual({
      carriedCents: 0,
      lapsedCents: 100_000,
    });
    await expect(closeYear(ctx, web(admin), { wijkCode: wijk, year: 2026 })).rejects.toThrow(ConflictError);
    await expect(
      decide(ctx, web(admin), input({ wijkCode: wijk, buurtCode: null, kind: 'grant' })),
    ).rejects.toThrow();

    const next = 'WK063703';
    await saveSettings(ctx, web(admin), {
      municipalityCode: 'GM0637',
      carryOverYears: 1,
      lateSharePercent: 25,
      approvalDays: 30,
    });
    await allocate(ctx, web(admin), { wijkCode: next, year: 2026, amountCents: 100_000 });
    expect(await closeYear(ctx, web(admin), { wijkCode: next, year: 2026 })).toEqual({
      carriedCents: 100_000,
      lapsedCents: 0,
    });
    const [f2027] = await wijkFigures(ctx, [next], 2027);
    expect(f2027).toMatchObject({ carriedInCents: 100_000, remainingCents: 100_000 });
    // Carried once, 2026's money lapses at the close of 2027 with one year of carry-over.
    expect(await closeYear(ctx, web(admin), { wijkCode: next, year: 2027 })).toEqual({
      carriedCents: 0,
      lapsedCents: 100_000,
    });
    expect(await verifyLedger()).toBeUndefined();
  });
});

describe('the sum rule looks back 12 months', () => {
  it('no longer counts a decision made more than 12 months ago', async () => {
    const iban = freshIban();
    const first = await decide(
      ctx,
      web(managerA),
      input({ amountCents: 400_000, iban, accountHolder: 'Oud BV' }),
    );
    expect(first.status).toBe('granted');
    now = new Date('2027-03-03T10:00:00Z');
    try {
      await allocate(ctx, web(admin), { wijkCode: WIJK, year: 2027, amountCents: 1_000_000 });
      const later = await decide(
        ctx,
        web(managerA),
        input({ year: 2027, amountCents: 400_000, iban, accountHolder: 'Oud BV' }),
      );
      expect(later).toMatchObject({ status: 'granted', relatedCents: 0 });
    } finally {
      now = new Date('2026-03-02T10:00:00Z');
    }
  });
});

describe('arrangements’ tranches', () => {
  it('are decisions of kind arrangement, proposed inside the caller’s transaction, with their status', async () => {
    const funding = t.modules.districtBudget.arrangementFunding;
    const proposed = await t.database.db.transaction().execute((trx) =>
      funding.proposeTranche(trx, web(managerA), {
        arrangementId: 'arr-1',
        arrangementReference: 'AFS-2026-0001',
        title: 'Buurthuis De Schakel, tranche 2026',
        wijkCode: WIJK,
        year: 2026,
        amountCents: 600_000,
        recipient: 'Stichting De Schakel',
        purpose: 'Meerjarige afspraak buurthuis',
        reason: 'Tweede jaar van de afspraak; evaluatie positief.',
      }),
    );
    const status = await funding.statusOf([proposed.decisionId]);
    expect(status.get(proposed.decisionId)).toMatchObject({
      status: 'awaiting_approval',
      amountCents: 600_000,
      paidCents: 0,
    });
    expect(proposed.reference).toMatch(/^WB-0637-2026-\d{4}$/);
  });
});
