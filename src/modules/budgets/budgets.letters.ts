import { once } from 'node:events';
import fs, { type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { NotFoundError } from '../../shared/errors.js';
import { countLetters, issueLetterCodes, markLettersPrinted, type LetterCode } from './vouchers.service.js';
import { getBudgetYear } from './years.service.js';
import { type BudgetsContext } from './budgets.context.js';
import { LetterWriter } from './letters.pdf.js';

export interface PrintLettersInput {
  municipalityCode: string;
  municipalityName: string;
  year: number;
  /**
   * Every voucher again, with new codes (the old ones stop working); otherwise those without a
   * printed letter or whose letter has a code of the old format (`oldFormatOnly`: only those).
   */
  reprint: boolean;
  oldFormatOnly?: boolean;
  publicUrl: string;
  /** Buurt names for letters without an address. */
  buurtNames: Map<string, string>;
  out: Writable;
  /**
   * Runs once `out` has the whole document, inside the transaction that marks the run's vouchers
   * printed: a file is renamed into place here. When it throws, no voucher counts as printed.
   */
  complete?: () => Promise<void>;
  /** Checked between batches: an aborted run stops with the signal's reason. */
  signal?: AbortSignal;
  onStart?: (total: number) => void;
  onProgress?: (done: number) => void;
  /** Each letter as it goes into the document (the demo logs its codes). */
  onLetter?: (letter: LetterCode) => void;
  batchSize?: number;
}

/**
 * Issue + print in one run: each voucher gets a fresh code, and the code goes straight into
 * its letter; only the hash stays in the database. A batch's codes are committed before its
 * pages are written, but the vouchers count as printed only once the whole document is written
 * (and `complete` succeeded). A run that breaks off leaves them unprinted: the next run gives
 * them new codes (the codes of the broken-off document stop working) and prints them. Rejects
 * as soon as `out` fails.
 */
export async function printLetters(ctx: BudgetsContext, input: PrintLettersInput): Promise<PrintedLetters> {
  const year = await getBudgetYear(ctx.db, input.municipalityCode, input.year);
  if (!year) throw new NotFoundError('budgets.errors.noYear', { year: String(input.year) });
  const filter = {
    municipalityCode: input.municipalityCode,
    year: input.year,
    reprint: input.reprint,
    oldFormatOnly: input.oldFormatOnly ?? false,
  };
  const total = await countLetters(ctx, filter);
  // Counted before any code is replaced: the vouchers whose printed letter this run makes useless,
  // and those whose letter had a code of the old format (useless already).
  const revoked = input.reprint ? total - (await countLetters(ctx, { ...filter, reprint: false })) : 0;
  const oldFormat = await countLetters(ctx, { ...filter, reprint: false, oldFormatOnly: true });
  const out = input.out;
  // Listening from the start: an output that fails (a full disk, a closed pipe) at any moment
  // ends the run at the next step, never the process with an unhandled 'error' event.
  const written = finished(out, { readable: false });
  let failed: { error: unknown } | undefined;
  written.catch((error: unknown) => {
    failed ??= { error };
  });
  const stopIfFailed = (): void => {
    if (failed) throw failed.error;
    input.signal?.throwIfAborted();
  };
  input.onStart?.(total);
  const writer = new LetterWriter(out, {
    municipalityName: input.municipalityName,
    year: input.year,
    amountCents: year.amount_cents,
    scope: year.scope,
    closesOn: year.closes_on,
    publicUrl: input.publicUrl,
  });
  // The run's voucher ids, batch by batch, to mark printed at the end (8 bytes a voucher).
  const printed: number[][] = [];
  let done = 0;
  for await (const batch of issueLetterCodes(ctx, { ...filter, batchSize: input.batchSize ?? 2000 })) {
    stopIfFailed();
    for (const letter of batch) {
      writer.add({
        code: letter.code,
        buurtName: input.buurtNames.get(letter.buurtCode) ?? letter.buurtCode,
        address: letter.address,
      });
      input.onLetter?.(letter);
    }
    printed.push(batch.map((l) => l.voucherId));
    done += batch.length;
    input.onProgress?.(done);
    // The file may be slower than the PDF: wait rather than buffer thousands of pages.
    if (out.writableNeedDrain) await Promise.race([once(out, 'drain'), written]);
    stopIfFailed();
  }
  stopIfFailed();
  const letters = await writer.end(out);
  await markLettersPrinted(ctx, printed, input.complete);
  return { letters, revoked, oldFormat };
}

/** What a letters run did. */
export interface PrintedLetters {
  letters: number;
  /** Letters printed earlier whose codes this run replaced (a reprint). */
  revoked: number;
  /** Letters that replace ones with a code of the old format (migration 0011). */
  oldFormat: number;
}

/** The letters file could not be written: no voucher of the run counts as printed. */
export class LettersFileError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'LettersFileError';
  }
}

export interface PrintLettersToFileInput extends Omit<PrintLettersInput, 'out' | 'complete'> {
  /** The PDF: written as `<file>.partial`, renamed to `file` when complete. */
  file: string;
  /** A `<file>.partial` was there, left by a run that did not finish; it is overwritten. */
  onStalePartial?: (partial: string) => void;
  /**
   * Replace an existing `file` (the demo's own letters). Otherwise an existing file is refused:
   * it may hold the only copy of codes that work.
   */
  overwrite?: boolean;
}

/**
 * `printLetters` into a file that appears only complete: the document is written to
 * `<file>.partial`, flushed to disk and closed, then renamed to `file` in the transaction that
 * marks its vouchers printed. On any failure the partial file is removed and no voucher of the
 * run counts as printed, so running again prints them with new codes. A failing file (missing
 * folder, full disk, a directory in the way) throws LettersFileError, and so does an existing
 * `file` unless `overwrite`: only a hash of each code is stored, so an earlier letters file may be
 * the only copy of its codes. With nothing to print no file is written at all.
 */
export async function printLettersToFile(
  ctx: BudgetsContext,
  input: PrintLettersToFileInput,
): Promise<PrintedLetters> {
  const { file, onStalePartial, overwrite = false, ...rest } = input;
  const partial = `${file}.partial`;
  if (!(await getBudgetYear(ctx.db, rest.municipalityCode, rest.year))) {
    throw new NotFoundError('budgets.errors.noYear', { year: String(rest.year) });
  }
  if ((await countLetters(ctx, rest)) === 0) return { letters: 0, revoked: 0, oldFormat: 0 };
  const existing = await fs.stat(file).catch(() => undefined);
  if (existing && !existing.isFile()) {
    throw new LettersFileError(
      `Cannot write ${file}: it is ${existing.isDirectory() ? 'a directory' : 'not a regular file'}.`,
    );
  }
  if (existing && !overwrite) {
    throw new LettersFileError(
      `${file} exists already. It may be the only copy of codes that work (only a hash of each ` +
        `code is stored): write to another file, or move that one away first.`,
    );
  }
  if (await fs.lstat(partial).catch(() => undefined)) onStalePartial?.(partial);
  let handle: FileHandle;
  try {
    handle = await fs.open(partial, 'w');
  } catch (error) {
    throw fileError(`Cannot write ${partial}`, error);
  }
  // `flush`: fsync before the stream closes, so the rename never shows pages still only in memory.
  const out = handle.createWriteStream({ flush: true });
  let fileFailure: { what: string; error: unknown } | undefined;
  out.on('error', (error) => {
    fileFailure ??= { what: `Could not write ${partial}`, error };
  });
  let renamed = false;
  try {
    return await printLetters(ctx, {
      ...rest,
      out,
      complete: async () => {
        try {
          await fs.rename(partial, file);
        } catch (error) {
          fileFailure ??= { what: `Could not rename ${partial} to ${file}`, error };
          throw error;
        }
        renamed = true;
        try {
          await syncFolder(path.dirname(file));
        } catch (error) {
          fileFailure ??= { what: `Could not write the folder of ${file} to disk`, error };
          throw error;
        }
      },
    });
  } catch (error) {
    out.destroy();
    await handle.close().catch(() => undefined);
    await fs.rm(partial, { force: true }).catch(() => undefined);
    // Renamed, but marking the vouchers printed did not commit: the file must not stay.
    if (renamed) await fs.rm(file, { force: true }).catch(() => undefined);
    if (fileFailure) throw fileError(fileFailure.what, fileFailure.error);
    throw error;
  }
}

/**
 * Writes a folder's entries to disk, so a file renamed into it is still there after a power
 * loss: the run's vouchers count as printed from the commit that follows, and the file may hold
 * the only copy of their codes. Where a folder cannot be opened for that (Windows), the rename is
 * left to the file system.
 */
async function syncFolder(folder: string): Promise<void> {
  let handle: FileHandle;
  try {
    handle = await fs.open(folder, 'r');
  } catch (error) {
    if (error instanceof Error && 'code' in error && (error.code === 'EISDIR' || error.code === 'EPERM'))
      return;
    throw error;
  }
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

const FILE_PROBLEMS: Record<string, string> = {
  ENOENT: 'its folder does not exist',
  ENOTDIR: 'its folder does not exist',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EISDIR: 'it is a directory',
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk quota is used up',
  EROFS: 'the file system is read-only',
  EIO: 'the disk reported an input/output error',
};

function fileError(what: string, error: unknown): LettersFileError {
  const code = error instanceof Error && 'code' in error && typeof error.code === 'string' ? error.code : '';
  const problem = FILE_PROBLEMS[code] ?? (error instanceof Error ? error.message : String(error));
  return new LettersFileError(`${what}: ${problem}.`, { cause: error });
}
