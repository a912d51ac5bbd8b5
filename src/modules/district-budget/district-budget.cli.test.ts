import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/helpers/app.js';
import { runCommandOn } from '../../../test/helpers/cli.js';
import { createStaff } from '../initiatives/initiatives.test-helpers.js';
import { districtBudgetCommands } from './index.js';
import { listMandates, wijkFigures } from './district-budget.service.js';

// The district budget's commands, run in-process on one app: each goes through the service's
// command (audited with channel cli), and a refusal reads as the module's message.

let t: TestApp;
const command = (name: string) => districtBudgetCommands.find((c) => c.name === name);
const run = (name: string, argv: string[]) => runCommandOn(t, command(name), argv);

beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t?.close();
});

async function auditOf(action: string): Promise<{ channel: string; actor_label: string }[]> {
  const { rows } = await sql<{ channel: string; actor_label: string }>`
    select channel, actor_label from audit_log where action = ${action}`.execute(t.database.db);
  return rows;
}

describe('district-allocate: a wijk’s budget for a year, in euros', () => {
  it('allocates the amount in the ledger and records it in the audit log as a command line', async () => {
    const done = await run('district-allocate', [
      '--wijk',
      'wk063701',
      '--year',
      '2031',
      '--amount',
      '25000',
    ]);
    expect(done.error).toBeUndefined();
    expect(done.stdout).toContain('EUR 25000.00');
    const [figures] = await wijkFigures(t.modules.districtBudget.context, ['WK063701'], 2031);
    expect(figures?.allocatedCents).toBe(2_500_000);
    expect(figures?.remainingCents).toBe(2_500_000);
    expect(await auditOf('district-budget.allocated')).toEqual([expect.objectContaining({ channel: 'cli' })]);
  });

  it('refuses a wijk that does not exist and an amount that is none, in the module’s words', async () => {
    const unknown = await run('district-allocate', [
      '--wijk',
      'WK063799',
      '--year',
      '2031',
      '--amount',
      '10',
    ]);
    expect(unknown.error?.message).toBe(
      'This district does not exist. Use a district code such as WK063701.',
    );
    const amount = await run('district-allocate', [
      '--wijk',
      'WK063701',
      '--year',
      '2031',
      '--amount',
      'tien',
    ]);
    expect(amount.error?.message).toBe('Fill in an amount in euros, above zero.');
    const [figures] = await wijkFigures(t.modules.districtBudget.context, ['WK063701'], 2031);
    expect(figures?.allocatedCents).toBe(2_500_000);
  });
});

describe('district-mandate: a manager’s mandate by e-mail address', () => {
  it('sets and removes the mandate, and names an unknown address', async () => {
    const manager = await createStaff(t.modules.identity, 'Wendy Wijkmanager', [
      { role: 'district_manager', placeCode: 'WK063701' },
    ]);
    const set = await run('district-mandate', [
      '--email',
      manager.email,
      '--gemeente',
      'GM0637',
      '--limit',
      '5000',
    ]);
    expect(set.error).toBeUndefined();
    expect(await listMandates(t.modules.districtBudget.context, ['GM0637'])).toEqual([
      expect.objectContaining({ accountId: manager.accountId, limitCents: 500_000 }),
    ]);
    await run('district-mandate', ['--email', manager.email, '--gemeente', 'GM0637', '--remove']);
    expect(await listMandates(t.modules.districtBudget.context, ['GM0637'])).toEqual([]);
    const unknown = await run('district-mandate', [
      '--email',
      'niemand@gemeente.example',
      '--gemeente',
      'GM0637',
      '--limit',
      '5000',
    ]);
    expect(unknown.error?.message).toBe('There is no staff member with this e-mail address.');
    expect(await auditOf('district-budget.mandate.set')).toHaveLength(2);
  });
});

describe('district-close-year: every wijk of a gemeente', () => {
  it('carries over what is left as far as the setting allows, and refuses a year without budgets', async () => {
    const closed = await run('district-close-year', ['--gemeente', 'GM0637', '--year', '2031']);
    expect(closed.error).toBeUndefined();
    // The default carry-over is one year: the whole allocation goes on to 2032.
    expect(closed.stdout).toContain('WK063701: EUR 25000.00 carried over, EUR 0.00 lapsed.');
    const [old, next] = await wijkFigures(t.modules.districtBudget.context, ['WK063701'], 2031).then(
      async (a) => [a[0], (await wijkFigures(t.modules.districtBudget.context, ['WK063701'], 2032))[0]],
    );
    expect(old?.closed).toBe(true);
    expect(next?.carriedInCents).toBe(2_500_000);
    const none = await run('district-close-year', ['--gemeente', 'GM0637', '--year', '2029']);
    expect(none.error?.message).toBe('This municipality has no district budget for 2029.');
  });
});
