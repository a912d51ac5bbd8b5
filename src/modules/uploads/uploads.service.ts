import type { Actor } from '../../access/index.js';
import type { Queryable } from '../../db/database.js';
import type { PersonalDataEntry } from '../../privacy/index.js';
import { NotFoundError } from '../../shared/errors.js';
import type { UploadedFile } from '../../web/multipart.js';
import {
  cleanImage,
  findUploadRefusal,
  UploadRefusedError,
  type CleanImage,
  type UploadRefusal,
} from './image.js';
import * as repo from './uploads.repository.js';

/**
 * Who may see one upload, as its owner decides: `public` (anyone; cached a year), `private`
 * (this viewer, and no cache keeps it), or undefined (not this owner's upload, or not for this
 * viewer: both answer 404, so whether a private upload exists is not for others to learn).
 */
export type UploadAccess = 'public' | 'private' | undefined;

/**
 * The register entry of an owner's files, less what the uploads module knows itself (the
 * table, its key, the personal columns): paths start from the `upload` row (`id`).
 */
export type UploadPersonalData = Omit<PersonalDataEntry, 'table' | 'key' | 'columns' | 'exportColumns'>;

/**
 * A module that keeps upload ids with its own rows (initiatives' photos; reports and walks
 * next). It alone knows who may see its uploads, and how its files map to a gemeente and a
 * person; the uploads module asks it rather than reading its tables.
 */
export interface UploadOwner {
  accessOf(uploadId: string, actor: Actor): Promise<UploadAccess>;
  personalData: UploadPersonalData;
}

/** What the owners' files are in the personal data register: one entry per owner on `upload`. */
export function uploadEntriesOf(owners: readonly UploadOwner[]): PersonalDataEntry[] {
  return owners.map((o) => ({
    ...o.personalData,
    table: 'upload',
    key: 'id',
    columns: ['bytes'],
    exportColumns: ['mime', 'width', 'height', 'created_at'],
  }));
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * An upload for this viewer, if its owner allows: each owner is asked in turn until one knows
 * it (one owner today; with several, a column naming the owner would save the extra asks).
 * NotFoundError for an unknown id, an upload no owner claims, and one the viewer may not see.
 */
export async function findUploadForActor(
  db: Queryable,
  owners: readonly UploadOwner[],
  actor: Actor,
  id: string,
): Promise<{ mime: string; bytes: Buffer; isPublic: boolean }> {
  if (!UUID.test(id)) throw new NotFoundError();
  let access: UploadAccess;
  for (const owner of owners) {
    access = await owner.accessOf(id, actor);
    if (access) break;
  }
  const file = access ? await repo.findUploadFile(db, id) : undefined;
  if (!file) throw new NotFoundError();
  return { mime: file.mime, bytes: Buffer.from(file.bytes), isPublic: access === 'public' };
}

/** The message (key) beside a file field for each reason an image is refused. */
const REFUSAL_MESSAGE: Record<UploadRefusal, string> = {
  empty: 'uploads.errors.empty',
  too_large: 'uploads.errors.tooLarge',
  not_an_image: 'uploads.errors.notAnImage',
  unreadable: 'uploads.errors.unreadable',
};

/** The message for a file over the size limit: a form answers 413 when it shows it. */
export const UPLOAD_TOO_LARGE = REFUSAL_MESSAGE.too_large;

/**
 * What is wrong with a sent image that shows without decoding it (cut off at the size limit,
 * empty, not an image by its first bytes): a message key for beside its field, or undefined.
 */
export function refusalOfSentImage(file: UploadedFile): string | undefined {
  if (file.truncated) return REFUSAL_MESSAGE.too_large;
  const refusal = findUploadRefusal(file.data);
  return refusal ? REFUSAL_MESSAGE[refusal] : undefined;
}

/**
 * Decodes a sent image and re-encodes it without metadata (`cleanImage`), or says why it
 * cannot (a message key for beside its field). Costly: only once the rest of the form is valid.
 */
export async function cleanSentImage(data: Buffer): Promise<CleanImage | { refusal: string }> {
  try {
    return await cleanImage(data);
  } catch (error) {
    if (!(error instanceof UploadRefusedError)) throw error;
    return { refusal: REFUSAL_MESSAGE[error.reason] };
  }
}
