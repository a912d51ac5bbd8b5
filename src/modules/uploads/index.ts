import type { FastifyInstance } from 'fastify';
import type { Queryable } from '../../db/database.js';
import type { PersonalDataEntry } from '../../privacy/index.js';
import type { ModuleDeps, ModuleManifest } from '../manifest.js';
import type { CleanImage } from './image.js';
import { uploadsMessages } from './uploads.messages.js';
import { registerUploadPages } from './uploads.pages.js';
import * as repo from './uploads.repository.js';
import { uploadEntriesOf, type UploadOwner } from './uploads.service.js';

export { MAX_UPLOAD_BYTES, type CleanImage } from './image.js';
export {
  cleanSentImage,
  refusalOfSentImage,
  UPLOAD_TOO_LARGE,
  type UploadAccess,
  type UploadOwner,
  type UploadPersonalData,
} from './uploads.service.js';

/** Where an upload is served: `/uploads/<id>`, for whoever its owner lets see it. */
export function uploadHref(id: string): string {
  return `/uploads/${id}`;
}

/** What a module that keeps upload ids needs of the uploads module (a port, so tests and contexts can name it). */
export interface UploadStore {
  /** Stores a cleaned image in the caller's transaction; its id. */
  store(trx: Queryable, image: CleanImage): Promise<string>;
  /** Width and height of stored images by id (unknown ids are left out). */
  sizesOf(
    db: Queryable,
    ids: readonly string[],
  ): Promise<Map<string, { width: number | null; height: number | null }>>;
  /** One stored file, for an owner that has decided who may see it (a tracking link's photo). */
  fileOf(db: Queryable, id: string): Promise<{ mime: string; bytes: Buffer } | undefined>;
}

/**
 * Uploads: files people send (photos of an initiative; of a report or a walk's finding next),
 * checked by type and size, re-encoded without metadata (`image.ts`), kept in the database
 * (`upload`) so every process serves them, and served at `/uploads/<id>` to whoever the owning
 * module allows. Owners keep upload ids with their own rows and register with `addOwner`.
 */
export class UploadsModule implements ModuleManifest, UploadStore {
  readonly name = 'uploads';
  readonly tables = ['upload'] as const;
  readonly messages = uploadsMessages;
  private readonly owners: UploadOwner[] = [];

  constructor(private readonly deps: ModuleDeps) {}

  /** One entry per owner: what its files are, whose, and of which gemeente. */
  get personalData(): readonly PersonalDataEntry[] {
    return uploadEntriesOf(this.owners);
  }

  /** A module that keeps upload ids: asked who may see them, and what they are in the register. */
  addOwner(owner: UploadOwner): void {
    this.owners.push(owner);
  }

  async registerRoutes(app: FastifyInstance): Promise<void> {
    await registerUploadPages(app, { db: this.deps.database.db, owners: () => this.owners });
  }

  store(trx: Queryable, image: CleanImage): Promise<string> {
    return repo.insertUpload(trx, {
      mime: image.mime,
      bytes: image.data,
      width: image.width,
      height: image.height,
    });
  }

  async sizesOf(
    db: Queryable,
    ids: readonly string[],
  ): Promise<Map<string, { width: number | null; height: number | null }>> {
    const rows = await repo.findUploadSizes(db, ids);
    return new Map(rows.map((r) => [r.id, { width: r.width, height: r.height }]));
  }

  fileOf(db: Queryable, id: string): Promise<{ mime: string; bytes: Buffer } | undefined> {
    return repo.findUploadFile(db, id);
  }
}
