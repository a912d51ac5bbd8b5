import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../test/helpers/database.js';
import { testEngine } from '../../test/helpers/engines.js';
import type { Database } from './database.js';
import { PipelineTransactionError } from './pipeline.js';

let database: Database;

function backendPid(db: Database['db']): Promise<number> {
  return sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(db).then((r) => r.rows[0]?.pid ?? -1);
}

beforeAll(async () => {
  database = await createTestDatabase();
  await sql`create table pipeline_probe (n integer primary key)`.execute(database.db);
});
afterAll(async () => {
  await database.close();
});

describe('the pipeline (single statements sent ahead)', () => {
  it('runs statements in the order sent, each answered with its own rows', async () => {
    const { pipeline } = database;
    // Sent together, without waiting: each sees the ones before it committed.
    const answers = await Promise.all([
      sql`insert into pipeline_probe (n) values (1)`.execute(pipeline),
      sql`insert into pipeline_probe (n) values (2)`.execute(pipeline),
      sql<{ c: number }>`select count(*)::int as c from pipeline_probe`.execute(pipeline),
      sql<{ n: number }>`select 42 as n`.execute(pipeline),
    ]);
    expect(answers[2].rows).toEqual([{ c: 2 }]);
    expect(answers[3].rows).toEqual([{ n: 42 }]);
    // Committed: the pool's connections see them.
    const seen = await sql<{ c: number }>`select count(*)::int as c from pipeline_probe`.execute(database.db);
    expect(seen.rows).toEqual([{ c: 2 }]);
  });

  it.runIf(testEngine() === 'postgresql')(
    'prepares each statement once on its connection, then only binds new values',
    async () => {
      const { pipeline } = database;
      const double = (n: number) => sql<{ d: number }>`select ${n}::int * 2 as d`.execute(pipeline);
      const answers = await Promise.all([double(1), double(2), double(3)]);
      expect(answers.map((a) => a.rows[0]?.d)).toEqual([2, 4, 6]);
      const { rows } = await sql<{ n: number }>`
        select count(*)::int as n from pg_prepared_statements where statement like '%::int * 2 as d%'
          and statement not like '%pg_prepared_statements%'`.execute(pipeline);
      expect(rows).toEqual([{ n: 1 }]);
    },
  );

  it('fails only the statement that fails; the ones after it run and commit', async () => {
    const { pipeline } = database;
    const answers = await Promise.allSettled([
      sql`insert into pipeline_probe (n) values (10)`.execute(pipeline),
      sql`insert into pipeline_probe (n) values (10)`.execute(pipeline), // duplicate key
      sql`insert into pipeline_probe (n) values (11)`.execute(pipeline),
    ]);
    expect(answers.map((a) => a.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    const rows = await sql<{ n: number }>`select n from pipeline_probe where n >= 10 order by n`.execute(
      database.db,
    );
    expect(rows.rows).toEqual([{ n: 10 }, { n: 11 }]);
  });

  it.runIf(testEngine() === 'postgresql')(
    'refuses a transaction, which would mix its statements with everyone else’s',
    async () => {
      await expect(
        database.pipeline.transaction().execute(async (trx) => {
          await sql`insert into pipeline_probe (n) values (20)`.execute(trx);
        }),
      ).rejects.toBeInstanceOf(PipelineTransactionError);
      // Nothing was begun on the shared connection: a later statement commits on its own.
      await sql`insert into pipeline_probe (n) values (21)`.execute(database.pipeline);
      const rows = await sql<{ n: number }>`select n from pipeline_probe where n >= 20`.execute(database.db);
      expect(rows.rows).toEqual([{ n: 21 }]);
    },
  );

  it.runIf(testEngine() === 'postgresql')(
    'is its own connection beside the pool, and opens a new one after it was lost',
    async () => {
      const first = await backendPid(database.pipeline);
      expect(first).not.toBe(await backendPid(database.db));
      // A statement is on the connection when the server ends it (a restart, a network fault).
      // Its failure is caught at once: it may come before the terminate call's own answer.
      const inFlight = sql`select pg_sleep(10)`.execute(database.pipeline).then(
        () => undefined,
        (error: unknown) => error,
      );
      await expect
        .poll(async () => {
          const { rows } = await sql<{ n: number }>`
          select count(*)::int as n from pg_stat_activity where pid = ${first} and state = 'active'`.execute(
            database.db,
          );
          return rows[0]?.n;
        })
        .toBe(1);
      await sql`select pg_terminate_backend(${first})`.execute(database.db);
      expect(await inFlight).toBeInstanceOf(Error);
      // The next statement goes on a new connection.
      await expect.poll(() => backendPid(database.pipeline).catch(() => -1)).not.toBe(-1);
      const second = await backendPid(database.pipeline);
      expect(second).not.toBe(first);
    },
  );
});
