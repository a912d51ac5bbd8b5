import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { createPgConfig } from '@electric-sql/pglite/node-postgres';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { lockDataDir, type DataDirLock } from './data-dir-lock.js';
import type { Db, NoTables } from './db.js';
import { openPipeline } from './pipeline.js';
import { WriteCounter } from './revisions.js';

export type { Db, NoTables, Queryable, Trx } from './db.js';

/** Which engine serves the one SQL dialect: the embedded PGlite or a PostgreSQL server. */
export type Engine = 'pglite' | 'postgresql';

export interface Database {
  readonly db: Db;
  /**
   * For single statements sent ahead without waiting for earlier answers (the pledges' group
   * commit): on a server one extra connection in pipeline mode (`pipeline.ts`), which refuses
   * transactions; on PGlite, which has one connection anyway, `db` itself.
   */
  readonly pipeline: Db;
  /** Writes the embedded database's files as a tarball (PGlite only; test templates). */
  dump?(): Promise<Blob>;
  readonly engine: Engine;
  /**
   * The PostgreSQL server's connection string (undefined for PGlite), for a second connection
   * such as a test's "other process". The pg pool itself is not exposed: on PGlite its one
   * connection is shared, and pg's `pool.query` drops that client after an error, which would
   * break every later query of the process. Everything goes through Kysely (`db`).
   */
  readonly url: string | undefined;
  /** How many writes this process has sent through `db` (its revision cache looks again after one). */
  writes(): number;
  /** The data folder this process holds (PGlite in a folder, not in memory): where its command socket goes. */
  readonly dataDir?: string;
  /** Records the server URL in the data folder's lock (PGlite only). */
  describe(url: string): void;
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  /** A PostgreSQL server; without it, the embedded PGlite in `dataDir`. */
  databaseUrl?: string | undefined;
  /** Folder of the embedded database; `memory://` for a throw-away one (tests). */
  dataDir: string;
  poolSize?: number;
  /** Who opens it, written into the data folder lock (`server`, `import-places`, …). */
  purpose?: string;
  /** A PGlite data folder dump to start from (tests: a migrated, seeded template). */
  loadDataDir?: Blob;
}

const INT8_OID = 20;
const NUMERIC_OID = 1700;
const DATE_OID = 1082;

/**
 * Type parsers shared by both engines. int8 (bigint: money in cents, counts) becomes a JS
 * number, refusing values past 2^53 instead of losing precision; dates stay `YYYY-MM-DD`
 * strings so no time zone shifts them.
 */
const typeParsers: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: string) => {
    if (oid === INT8_OID) {
      return (value: string) => {
        const n = Number(value);
        if (!Number.isSafeInteger(n)) throw new RangeError(`int8 ${value} is beyond 2^53`);
        return n;
      };
    }
    if (oid === NUMERIC_OID || oid === DATE_OID) return (value: string) => value;
    return pg.types.getTypeParser(oid, format === 'binary' ? 'binary' : 'text');
  }) as pg.CustomTypesConfig['getTypeParser'],
};

/**
 * How the embedded PostgreSQL is set up. Its start-up time goes mostly into preparing memory
 * and the write-ahead log, so both are sized for a data folder of one or a few gemeenten:
 * - shared buffers of 32 MB instead of PostgreSQL's 128 MB (the operating system caches the
 *   data folder's files as well), which takes about a third off every start;
 * - write-ahead-log segments of 1 MB instead of 16 MB, for data folders made from now on
 *   (an existing folder keeps the size it was made with): a new folder is made in half the
 *   time, and a copy of one (the tests start each file from one) is a quarter smaller.
 * With a PostgreSQL server (DATABASE_URL) its own settings apply.
 */
const PGLITE_SETTINGS = {
  startParams: [...PGlite.defaultStartParams, '-c', 'shared_buffers=32MB'],
  initDbStartParams: ['--wal-segsize=1'],
};

/**
 * Opens the database: a PostgreSQL server when `databaseUrl` is given, else the embedded
 * PGlite in `dataDir`, locked against a second process. Both are reached through `pg`, so
 * Kysely's standard Postgres dialect and pg-based libraries work the same on either.
 */
export async function openDatabase(options: OpenDatabaseOptions): Promise<Database> {
  if (options.databaseUrl) {
    const connection = {
      connectionString: options.databaseUrl,
      types: typeParsers,
      application_name: `buurtkracht-${options.purpose ?? 'server'}`,
    };
    const pool = new pg.Pool({ ...connection, max: options.poolSize ?? 10 });
    pool.on('error', () => {
      // An idle client lost its connection; pg replaces it on the next checkout.
    });
    const counter = new WriteCounter();
    const db = new Kysely<NoTables>({ dialect: new PostgresDialect({ pool }), plugins: [counter] });
    const pipeline = openPipeline(connection);
    return {
      db,
      pipeline,
      engine: 'postgresql',
      url: options.databaseUrl,
      writes: () => counter.writes,
      describe() {},
      async close() {
        await Promise.all([db.destroy(), pipeline.destroy()]);
      },
    };
  }

  const inMemory = options.dataDir.startsWith('memory://');
  let lock: DataDirLock | undefined;
  if (!inMemory) lock = lockDataDir(options.dataDir, options.purpose ?? 'server');
  try {
    const pglite = new PGlite(inMemory ? options.dataDir : path.join(options.dataDir, 'pglite'), {
      ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
      ...PGLITE_SETTINGS,
    });
    await pglite.waitReady;
    // The embedded pool has one connection. A checkout timeout turns a mistake that would wait
    // forever (querying `db` while a transaction holds the connection) into an error.
    const pool = new pg.Pool({
      ...createPgConfig(pglite),
      types: typeParsers,
      connectionTimeoutMillis: 60_000,
    });
    const counter = new WriteCounter();
    const db = new Kysely<NoTables>({ dialect: new PostgresDialect({ pool }), plugins: [counter] });
    return {
      db,
      pipeline: db,
      engine: 'pglite',
      url: undefined,
      writes: () => counter.writes,
      ...(inMemory ? {} : { dataDir: options.dataDir }),
      describe(url) {
        lock?.describe(url);
      },
      dump: () => pglite.dumpDataDir('none'),
      async close() {
        try {
          await db.destroy();
          await pglite.close();
        } finally {
          lock?.release();
        }
      },
    };
  } catch (error) {
    lock?.release();
    throw error;
  }
}
