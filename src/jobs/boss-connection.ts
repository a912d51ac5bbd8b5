import { CompiledQuery } from 'kysely';
import type PgBoss from 'pg-boss';
import type { Db, Queryable } from '../db/database.js';

/** pg-boss's view of a database: one statement (or several, for its own DDL) at a time. */
export type BossConnection = PgBoss.Db;

/**
 * pg-boss's queries through the app's own Kysely pool, so the job queue works on PGlite (one
 * connection) and on PostgreSQL alike. Each call checks a connection out and back in; nothing
 * holds a connection while waiting for another, so the single PGlite connection cannot
 * deadlock. `drain()` waits for calls in flight; after `close()` calls answer with no rows,
 * because pg-boss fires some queries without awaiting them (completing a job), and those must
 * neither reach a closed database nor crash the process with an unhandled rejection.
 */
export class PoolBossConnection implements BossConnection {
  readonly #db: Db;
  readonly #inFlight = new Set<Promise<unknown>>();
  #closed = false;

  constructor(db: Db) {
    this.#db = db;
  }

  executeSql(text: string, values?: unknown[]): Promise<{ rows: unknown[] }> {
    if (this.#closed) return Promise.resolve({ rows: [] });
    const call = this.#db.connection().execute(async (connection) => {
      try {
        return await connection.executeQuery(CompiledQuery.raw(text, values ?? []));
      } catch (error) {
        // pg-boss sends `BEGIN; …; COMMIT` as one string. If a statement in it fails, the
        // session stays in the aborted transaction; pg's own pool would drop that connection,
        // but Kysely hands it back as is, and on PGlite there is no other session. ROLLBACK
        // outside a transaction is only a warning.
        await connection.executeQuery(CompiledQuery.raw('rollback')).catch(() => undefined);
        throw error;
      }
    });
    this.#inFlight.add(call);
    const forget = () => this.#inFlight.delete(call);
    call.then(forget, forget);
    return call;
  }

  /** Whether any query is still running. */
  get busy(): boolean {
    return this.#inFlight.size > 0;
  }

  /** Waits until no query is in flight, or `timeoutMs` has passed. */
  async drain(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.#inFlight.size > 0 && Date.now() < deadline) {
      await Promise.race([Promise.allSettled([...this.#inFlight]), delay(50)]);
    }
  }

  close(): void {
    this.#closed = true;
  }
}

/**
 * pg-boss's queries inside a caller's transaction: a job queued this way exists only if the
 * transaction commits. The caller's transaction owns error handling and rollback.
 */
export function transactionBossConnection(trx: Queryable): BossConnection {
  return {
    executeSql: async (text: string, values?: unknown[]) =>
      trx.executeQuery(CompiledQuery.raw(text, values ?? [])),
  };
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
