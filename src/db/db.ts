import type { Kysely, Transaction } from 'kysely';

/**
 * The database as the app sees it. Each module adds its own tables to this with
 * `db.withTables<ModuleTables>()` in its repository, so no central file knows every table.
 * (Its own file, below `database.ts` and `pipeline.ts`, which both build one.)
 */
export type Db = Kysely<NoTables>;
export type Trx = Transaction<NoTables>;
/** Either the database or an open transaction: what repositories accept. */
export type Queryable = Kysely<NoTables>;
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface NoTables {}
