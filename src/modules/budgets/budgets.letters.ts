import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { NotFoundError } from '../../shared/errors.js';
import { countLetters, getBudgetYear, issueLetterCodes, type BudgetsContext } from './budgets.service.js';
import { LetterWriter } from './letters.pdf.js';

export interface PrintLettersInput {
  municipalityCode: string;
  municipalityName: string;
  year: number;
  /** Every voucher again, with new codes (the old ones stop working); otherwise unprinted only. */
  reprint: boolean;
  publicUrl: string;
  /** Buurt names for letters without an address. */
  buurtNames: Map<string, string>;
  out: Writable;
  onStart?: (total: number) => void;
  onProgress?: (done: number) => void;
  batchSize?: number;
}

/**
 * Issue + print in one run: each voucher gets a fresh code, and the code goes straight into
 * its letter; only the hash stays in the database. A batch's codes are committed before its
 * pages are written, so a run that breaks off leaves vouchers marked printed without a letter:
 * run again with `reprint` for those (the summary says so).
 */
export async function printLetters(
  ctx: BudgetsContext,
  input: PrintLettersInput,
): Promise<{ letters: number; revoked: number }> {
  const year = await getBudgetYear(ctx.db, input.municipalityCode, input.year);
  if (!year) throw new NotFoundError('budgets.errors.noYear', { year: String(input.year) });
  const filter = { municipalityCode: input.municipalityCode, year: input.year, reprint: input.reprint };
  const total = await countLetters(ctx, filter);
  const revoked = input.reprint ? total - (await countLetters(ctx, { ...filter, reprint: false })) : 0;
  input.onStart?.(total);
  const writer = new LetterWriter(input.out, {
    municipalityName: input.municipalityName,
    year: input.year,
    amountCents: year.amount_cents,
    scope: year.scope,
    closesOn: year.closes_on,
    publicUrl: input.publicUrl,
  });
  let done = 0;
  for await (const batch of issueLetterCodes(ctx, { ...filter, batchSize: input.batchSize ?? 2000 })) {
    for (const letter of batch) {
      writer.add({
        code: letter.code,
        buurtName: input.buurtNames.get(letter.buurtCode) ?? letter.buurtCode,
        address: letter.address,
      });
    }
    done += batch.length;
    input.onProgress?.(done);
    // The file may be slower than the PDF: wait rather than buffer thousands of pages.
    if (input.out.writableNeedDrain) await once(input.out, 'drain');
  }
  const letters = await writer.end(input.out);
  return { letters, revoked };
}
