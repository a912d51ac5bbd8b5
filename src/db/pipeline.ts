import crypto from 'node:crypto';
import {
  Kysely,
  PostgresAdapter,
  PostgresDriver,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type PostgresCursor,
  type PostgresPool,
  type PostgresPoolClient,
  type PostgresQueryResult,
} from 'kysely';
import pg from 'pg';
import type { Db, NoTables } from './db.js';

/**
 * One connection to a PostgreSQL server in pipeline mode: a statement is sent while earlier
 * ones are still with the server, which runs them one after another, each in its own implicit
 * transaction (every statement ends with its own Sync, so an error ends only that statement).
 * The server is never idle between statements waiting for the app, and statements from one
 * process never wait on each other's locks.
 *
 * Each statement is prepared once per connection (named by its text) and then only bound and
 * run: the pipeline carries a few hot statements, and parsing and planning the call again cost
 * ~100 µs of server CPU per batch (bench/pledges.ts).
 *
 * The connection opens on first use and again after it was lost (queries in flight then fail
 * and the caller may send them again). Transactions are refused: their statements would
 * interleave with everyone else's on the shared connection.
 */
export function openPipeline(config: pg.ClientConfig): Db {
  return new Kysely<NoTables>({
    dialect: {
      createAdapter: () => new PostgresAdapter(),
      createDriver: () => new PipelineDriver({ pool: new PipelinePool(config) }),
      createIntrospector: (db) => new PostgresIntrospector(db),
      createQueryCompiler: () => new PostgresQueryCompiler(),
    },
  });
}

/** A refused transaction on the pipeline: a programming error, never a user's. */
export class PipelineTransactionError extends Error {
  constructor() {
    super('the pipeline connection runs single statements; open transactions on the pool (db)');
  }
}

class PipelineDriver extends PostgresDriver {
  override beginTransaction(): Promise<void> {
    return Promise.reject(new PipelineTransactionError());
  }
}

/** The pool Kysely asks for connections: always the one pipelined connection, shared. */
class PipelinePool implements PostgresPool {
  private current: Promise<PostgresPoolClient> | undefined;
  private readonly clients = new Set<pg.Client>();
  private ended = false;

  constructor(private readonly config: pg.ClientConfig) {}

  connect(): Promise<PostgresPoolClient> {
    if (this.ended) return Promise.reject(new Error('the pipeline connection is closed'));
    this.current ??= this.open();
    return this.current;
  }

  private open(): Promise<PostgresPoolClient> {
    const client = new pg.Client({ ...this.config, pipeline: true });
    this.clients.add(client);
    const opened = client.connect().then(() => new PreparingClient(client));
    // A lost connection (server restart, network) is replaced on the next use; pg has already
    // failed every query that was on it.
    const forget = (): void => {
      this.clients.delete(client);
      if (this.current === opened) this.current = undefined;
    };
    client.on('error', forget);
    client.on('end', forget);
    opened.catch(forget);
    return opened;
  }

  async end(): Promise<void> {
    this.ended = true;
    this.current = undefined;
    await Promise.allSettled([...this.clients].map((c) => c.end()));
    this.clients.clear();
  }
}

/** The shared connection as Kysely uses it, preparing each statement text once. */
class PreparingClient implements PostgresPoolClient {
  private readonly names = new Map<string, string>();

  constructor(private readonly client: pg.Client) {}

  query<R>(sql: string, parameters: ReadonlyArray<unknown>): Promise<PostgresQueryResult<R>>;
  query<R>(cursor: PostgresCursor<R>): PostgresCursor<R>;
  query<R>(
    sql: string | PostgresCursor<R>,
    parameters: ReadonlyArray<unknown> = [],
  ): Promise<PostgresQueryResult<R>> | PostgresCursor<R> {
    if (typeof sql !== 'string') throw new Error('the pipeline connection streams no cursors');
    let name = this.names.get(sql);
    if (name === undefined) {
      name = `bk_${crypto.createHash('sha256').update(sql).digest('hex').slice(0, 24)}`;
      this.names.set(sql, name);
    }
    return this.client
      .query<R & pg.QueryResultRow>({ name, text: sql, values: [...parameters] })
      .then((result) => ({
        command: commandOf(result.command),
        rowCount: result.rowCount ?? 0,
        rows: result.rows,
      }));
  }

  release(): void {
    // Shared: never handed back.
  }
}

function commandOf(command: string): PostgresQueryResult<unknown>['command'] {
  switch (command) {
    case 'INSERT':
    case 'UPDATE':
    case 'DELETE':
    case 'MERGE':
      return command;
    default:
      return 'SELECT';
  }
}
