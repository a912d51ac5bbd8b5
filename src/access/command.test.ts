import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../test/helpers/database.js';
import type { Database } from '../db/database.js';
import { recordAudit } from '../modules/audit/index.js';
import { ForbiddenError } from '../shared/errors.js';
import type { StaffActor } from './actor.js';
import { CLI_ACTING, cliActing, CommandRunner, type Acting } from './command.js';
import type { PermissionRule } from './permission.js';

const decide: PermissionRule = { roles: ['district_manager'], description: 'decide' };

const manager: StaffActor = {
  kind: 'staff',
  accountId: '00000000-0000-4000-8000-000000000001',
  email: 'wijk@example.nl',
  displayName: 'Wijkmanager',
  grants: [{ role: 'district_manager', placeCode: 'WK063700', organisation: null }],
  totpEnabled: true,
};
const asManager: Acting = { actor: manager, channel: 'web', ip: '192.0.2.7' };

let database: Database;
let runner: CommandRunner;
const at = new Date('2026-12-03T10:00:00Z');

beforeAll(async () => {
  database = await createTestDatabase();
  await sql`create table command_test (n integer not null)`.execute(database.db);
  runner = new CommandRunner({ db: database.db, writeAudit: recordAudit, now: () => at });
});
afterAll(() => database.close());

async function rows(): Promise<number[]> {
  const { rows } = await sql<{ n: number }>`select n from command_test order by n`.execute(database.db);
  return rows.map((r) => r.n);
}

async function auditOf(action: string) {
  const { rows } = await sql<{
    actor_label: string;
    actor_account_id: string | null;
    channel: string;
    ip: string | null;
    subject_id: string | null;
    municipality_codes: string[];
    occurred_at: Date;
  }>`select actor_label, actor_account_id, channel, ip, subject_id, municipality_codes, occurred_at
     from audit_log where action = ${action}`.execute(database.db);
  return rows;
}

function insert(trx: Parameters<Parameters<CommandRunner['run']>[2]>[0]['trx'], n: number) {
  return sql`insert into command_test (n) values (${n})`.execute(trx);
}

describe('a command with the permission for its place', () => {
  it('commits the change and its audit entry together, with who, how and from where', async () => {
    const result = await runner.run(asManager, 'test.decided', async (step) => {
      expect(step.authorize(decide, 'BU06370001')).toBe(manager);
      await insert(step.trx, 1);
      step.record({ subject: { type: 'decision', id: 'D-1' }, municipalityCodes: ['GM0637'] });
      return 'done';
    });
    expect(result).toBe('done');
    expect(await rows()).toContain(1);
    const [entry] = await auditOf('test.decided');
    expect(entry).toMatchObject({
      actor_label: 'Wijkmanager <wijk@example.nl>',
      actor_account_id: manager.accountId,
      channel: 'web',
      ip: '192.0.2.7',
      subject_id: 'D-1',
      municipality_codes: ['GM0637'],
    });
    expect(entry?.occurred_at.toISOString()).toBe(at.toISOString());
  });
});

describe('a command without the permission for its place', () => {
  it('is refused and leaves neither the change nor an entry', async () => {
    await expect(
      runner.run(asManager, 'test.elsewhere', async (step) => {
        await insert(step.trx, 2);
        step.authorize(decide, 'WK063701');
        step.record({ subject: null, municipalityCodes: ['GM0637'] });
      }),
    ).rejects.toBeInstanceOf(ForbiddenError);
    expect(await rows()).not.toContain(2);
    expect(await auditOf('test.elsewhere')).toEqual([]);
  });

  it('refuses residents and visitors whatever the place', async () => {
    for (const actor of [{ kind: 'anonymous' } as const, { kind: 'resident', reference: 'x' } as const]) {
      await expect(
        runner.run({ actor, channel: 'web' }, 'test.visitor', async (step) => {
          step.authorize(decide, 'WK063700');
        }),
      ).rejects.toBeInstanceOf(ForbiddenError);
    }
  });
});

describe('a command about no one place', () => {
  it('passes for staff holding the permission anywhere, and refuses others', async () => {
    await runner.run(asManager, 'test.anywhere', async (step) => {
      expect(step.authorizeAnywhere(decide)).toBe(manager);
      step.record({ subject: null, municipalityCodes: ['GM0637'] });
    });
    expect(await auditOf('test.anywhere')).toHaveLength(1);
    const coach: StaffActor = {
      ...manager,
      grants: [{ role: 'coach', placeCode: 'GM0637', organisation: null }],
    };
    await expect(
      runner.run({ actor: coach, channel: 'web' }, 'test.anywhere.refused', async (step) => {
        step.authorizeAnywhere(decide);
        step.record({ subject: null, municipalityCodes: ['GM0637'] });
      }),
    ).rejects.toBeInstanceOf(ForbiddenError);
    expect(await auditOf('test.anywhere.refused')).toEqual([]);
  });
});

describe('a command that forgets a rule of the house', () => {
  it('is rolled back when it checked no permission', async () => {
    await expect(
      runner.run(asManager, 'test.unchecked', async (step) => {
        await insert(step.trx, 3);
        step.record({ subject: null, municipalityCodes: [] });
      }),
    ).rejects.toThrow('checked no permission');
    expect(await rows()).not.toContain(3);
  });

  it('is rolled back when it recorded nothing, unless it says why', async () => {
    await expect(
      runner.run(asManager, 'test.unrecorded', async (step) => {
        step.authorize(decide, 'WK063700');
        await insert(step.trx, 4);
      }),
    ).rejects.toThrow('recorded no audit entry');
    expect(await rows()).not.toContain(4);
    await runner.run({ actor: { kind: 'anonymous' }, channel: 'web' }, 'test.open', async (step) => {
      step.openToAnyone();
      step.recordNothing('a resident’s own action');
      await insert(step.trx, 5);
    });
    expect(await rows()).toContain(5);
  });

  it('is rolled back, entry and all, when it fails after recording', async () => {
    await expect(
      runner.run(asManager, 'test.failed', async (step) => {
        step.authorize(decide, 'WK063700');
        await insert(step.trx, 6);
        step.record({ subject: null, municipalityCodes: ['GM0637'] });
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await rows()).not.toContain(6);
    expect(await auditOf('test.failed')).toEqual([]);
  });
});

describe('the command line and jobs', () => {
  it('act as operators, recorded as such', async () => {
    await runner.run(CLI_ACTING, 'test.cli', async (step) => {
      expect(step.authorize(decide, 'WK063701')).toBe('cli');
      step.record({ subject: null, municipalityCodes: ['GM0637'] });
    });
    expect(await auditOf('test.cli')).toMatchObject([
      { actor_label: 'command line', actor_account_id: null, channel: 'cli', ip: null },
    ]);
  });

  it('name the command that acted, when given', async () => {
    await runner.run(cliActing('create-admin'), 'test.cli.named', async (step) => {
      step.authorize(decide, 'WK063701');
      step.record({ subject: null, municipalityCodes: ['GM0637'] });
    });
    expect(await auditOf('test.cli.named')).toMatchObject([
      { actor_label: 'command line (create-admin)', channel: 'cli' },
    ]);
  });
});

describe('a runner on another clock (a demo replaying a year)', () => {
  it('dates the entries of its commands by its own clock', async () => {
    const then = new Date('2026-02-01T09:00:00Z');
    await runner
      .at(() => then)
      .run(CLI_ACTING, 'test.dated', async (step) => {
        expect(step.now).toBe(then);
        step.authorize(decide, 'WK063700');
        step.record({ subject: null, municipalityCodes: ['GM0637'] });
      });
    expect((await auditOf('test.dated'))[0]?.occurred_at.toISOString()).toBe(then.toISOString());
  });
});

describe('a command inside a transaction the caller holds', () => {
  it('joins it: both commit or roll back together', async () => {
    await expect(
      database.db.transaction().execute(async (trx) => {
        await runner.run(
          CLI_ACTING,
          'test.nested',
          async (step) => {
            step.authorize(decide, 'WK063700');
            await insert(step.trx, 7);
            step.record({ subject: null, municipalityCodes: ['GM0637'] });
          },
          { trx },
        );
        throw new Error('caller fails');
      }),
    ).rejects.toThrow('caller fails');
    expect(await rows()).not.toContain(7);
    expect(await auditOf('test.nested')).toEqual([]);
  });
});
