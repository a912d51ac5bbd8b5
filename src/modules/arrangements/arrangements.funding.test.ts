/**
 * Tranches through the district budget behind the `ArrangementFunding` port (wired by
 * `createModules` as `funding: () => districtBudget.arrangementFunding`): each one a decision on
 * the wijk's budget of its year, under the mandate rules.
 */
import { sql } from 'kysely';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/helpers/app.js';
import type { StaffActor } from '../../access/index.js';
import { DomainError, ForbiddenError } from '../../shared/errors.js';
import {
  changeArrangement,
  getArrangement,
  listArrangements,
  proposeTranche,
  type ArrangementChange,
  type ArrangementView,
} from './arrangements.service.js';

let t: TestApp;
let reference = '';
let wijk = '';

function staff(role: 'district_manager' | 'partner', organisation: string | null = null): StaffActor {
  return {
    kind: 'staff',
    accountId: '00000000-0000-0000-0000-0000000000aa',
    email: 'm@example.nl',
    displayName: 'M',
    grants: [{ role, placeCode: wijk, organisation }],
    totpEnabled: false,
  };
}

beforeAll(async () => {
  t = await createTestApp();
  const log = pino({ level: 'silent' });
  // Every module's demo in build order: the district budget allocates the wijken's budgets.
  for (const module of Object.values(t.modules)) await module.seedDemo?.(log, { publishedSecrets: false });
  const found = (await listArrangements(t.modules.arrangements.context, { placeCode: 'GM0637' })).find(
    (a) => a.providerKind === 'organisation' && a.status === 'active',
  );
  if (!found) throw new Error('demo arrangement missing');
  reference = found.reference;
  wijk = found.wijk.code;
}, 180_000);
afterAll(async () => {
  await t?.close();
});

describe('a tranche is paid as a district-budget decision', () => {
  it('proposes one decision per tranche, for its exact amount, shown on the arrangement', async () => {
    const ctx = t.modules.arrangements.context;
    const before = await getArrangement(ctx, reference);
    // A tranche of this year: the demo gives every wijk a district budget for the current year.
    const year = new Date().getFullYear();
    const tranche = before.tranches.find((x) => !x.decisionReference && x.year === year);
    if (!tranche) throw new Error('no open tranche this year');
    const acting = { actor: staff('district_manager'), channel: 'web' as const };
    const { decisionReference } = await proposeTranche(
      ctx,
      acting,
      reference,
      tranche.id,
      'Eerste deel van het jaar',
    );
    const after = await getArrangement(ctx, reference);
    const shown = after.tranches.find((x) => x.id === tranche.id);
    expect(shown?.decisionReference).toBe(decisionReference);
    expect(shown?.decision?.amountCents).toBe(tranche.amountCents);
    expect(['awaiting_approval', 'granted']).toContain(shown?.decision?.status);
    // Twice is refused: one decision per tranche.
    await expect(
      proposeTranche(ctx, acting, reference, tranche.id, 'Nog een keer voorstellen'),
    ).rejects.toBeInstanceOf(DomainError);
    const { rows } = await sql<{ n: number }>`select count(*)::integer as n from audit_log
      where action = 'arrangements.tranche.proposed'`.execute(t.database.db);
    expect(rows[0]?.n).toBe(1);
  });

  it('keeps a proposed year’s amount when the arrangement changes: the district budget decides it', async () => {
    const ctx = t.modules.arrangements.context;
    const before = await getArrangement(ctx, reference);
    const proposedYear = before.tranches.find((x) => x.decisionReference)?.year ?? 0;
    const years = Array.from({ length: before.years }, (_, i) => before.startYear + i);
    const open = years.find((y) => !before.tranches.some((x) => x.year === y && x.decisionReference));
    if (open === undefined) throw new Error('no open year');
    const asItIs = (a: ArrangementView): ArrangementChange => ({
      theme: a.theme,
      title: a.title,
      description: a.description,
      goals: a.goals,
      indicators: a.indicators.map((i) => ({ ...i, targets: years.map((y) => i.targets.get(y) ?? 0) })),
      fundingPerYear: years.map((y) => a.funding.get(y) ?? 0),
    });
    const acting = { actor: staff('district_manager'), channel: 'web' as const };
    const raised = years.map((y) => (before.funding.get(y) ?? 0) + (y === proposedYear ? 100_00 : 0));
    const refused = await changeArrangement(ctx, acting, reference, {
      ...asItIs(before),
      fundingPerYear: raised,
    }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(DomainError);
    expect(refused instanceof DomainError ? refused.issues : []).toMatchObject([
      { field: `funding-${proposedYear}`, message: 'arrangements.errors.fundingProposed' },
    ]);
    await changeArrangement(ctx, acting, reference, {
      ...asItIs(before),
      fundingPerYear: years.map((y) => (y === open ? 3_000_001 : (before.funding.get(y) ?? 0))),
    });
    const after = await getArrangement(ctx, reference);
    expect(after.tranches.filter((x) => x.year === proposedYear)).toEqual(
      before.tranches.filter((x) => x.year === proposedYear),
    );
    const split = after.tranches.filter((x) => x.year === open).map((x) => x.amountCents);
    expect(split.reduce((sum, c) => sum + c, 0)).toBe(3_000_001);
    expect(split).toHaveLength(before.tranches.filter((x) => x.year === open).length);
  });

  it('refuses a partner, and moves nothing', async () => {
    const ctx = t.modules.arrangements.context;
    const open = (await getArrangement(ctx, reference)).tranches.find((x) => !x.decisionReference);
    if (!open) throw new Error('no open tranche');
    await expect(
      proposeTranche(
        ctx,
        { actor: staff('partner', 'Stichting Welzijn Zoetermeer'), channel: 'web' },
        reference,
        open.id,
        'Graag betalen',
      ),
    ).rejects.toBeInstanceOf(ForbiddenError);
    expect(
      (await getArrangement(ctx, reference)).tranches.find((x) => x.id === open.id)?.decisionReference,
    ).toBeNull();
  });
});
