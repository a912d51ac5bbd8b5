import type { Generated } from 'kysely';
import type { Queryable } from '../../db/database.js';

interface UploadTable {
  id: Generated<string>;
  mime: string;
  bytes: Buffer;
  width: number | null;
  height: number | null;
  created_at: Generated<Date>;
}

// A type alias, not an interface: Kysely's withTables needs the implicit index signature.
type UploadsTables = { upload: UploadTable };

const q = (db: Queryable) => db.withTables<UploadsTables>();

/** Stores a cleaned file; its id from the database. */
export async function insertUpload(
  db: Queryable,
  upload: { mime: string; bytes: Buffer; width: number; height: number },
): Promise<string> {
  const row = await q(db).insertInto('upload').values(upload).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

/** One upload's bytes and type. */
export async function findUploadFile(
  db: Queryable,
  id: string,
): Promise<{ mime: string; bytes: Buffer } | undefined> {
  return q(db).selectFrom('upload').select(['mime', 'bytes']).where('id', '=', id).executeTakeFirst();
}

/** The sizes of several images at once (pages size them before they load). */
export async function findUploadSizes(
  db: Queryable,
  ids: readonly string[],
): Promise<{ id: string; width: number | null; height: number | null }[]> {
  if (ids.length === 0) return [];
  return q(db).selectFrom('upload').select(['id', 'width', 'height']).where('id', 'in', ids).execute();
}
