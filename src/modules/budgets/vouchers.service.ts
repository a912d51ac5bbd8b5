// Vouchers: issuing them for a year, the household register they are issued to, and the codes
// they get with their letters.

import { ConflictError, NotFoundError } from '../../shared/errors.js';
import type { Acting } from '../../access/index.js';
import { budgetsPermissions } from './budgets.permissions.js';
import { parseRegister, type RegisterProblem } from './household-register.js';
import * as repo from './budgets.repository.js';
import { generateCode, hashCode, unprintedCodeHash } from './voucher-code.js';
import { ISSUE_BATCH, ledgerLine, runCommand, yearRecord, type BudgetsContext } from './budgets.context.js';

export interface IssueResult {
  issued: number;
  buurten: number;
  alreadyIssued: number;
}

/**
 * Issues vouchers: one per registered household when a household register was imported (the
 * letters then carry the address), otherwise anonymous ones, for each buurt as many as CBS
 * counts households; either way minus those already issued (so a second run only tops up). They
 * have no code yet (a random stored hash that no code matches): `printLetters` gives each voucher
 * its printed code. The run is one transaction: each batch of vouchers is written with the
 * journal that moves its money from the gemeente's pool to the vouchers, and a run that fails
 * leaves nothing behind.
 */
export async function issueVouchers(
  ctx: BudgetsContext,
  acting: Acting,
  input: { municipalityCode: string; year: number; onProgress?: (done: number, total: number) => void },
): Promise<IssueResult> {
  // Places first: on PGlite the transaction below holds the only connection.
  const buurten = await ctx.buurtenOf(input.municipalityCode);
  // One transaction under the year's row lock: two runs for one year (the page and the command
  // line, a second click) go one after another, and the second finds only what is still
  // missing; a close-year waits for the run or the run finds the year closed. Pledges are not
  // held up: their foreign key to the year takes only KEY SHARE.
  const result = await runCommand(ctx, acting, 'budgets.vouchers.issued', async (step) => {
    step.authorize(budgetsPermissions['budgets.administer'], input.municipalityCode);
    const { trx } = step;
    const year = await repo.lockBudgetYear(trx, input.municipalityCode, input.year);
    if (!year) throw new NotFoundError('budgets.errors.noYear', { year: String(input.year) });
    if (year.closed_at) throw new ConflictError('budgets.errors.yearClosed');
    const existing = await repo.countVouchersByBuurt(trx, input.municipalityCode, input.year);
    const todo: { buurtCode: string; wijkCode: string; householdId: number | null }[] = [];
    let alreadyIssued = [...existing.values()].reduce((n, v) => n + v, 0);
    if ((await repo.countHouseholds(trx, input.municipalityCode)) > 0) {
      // A register was imported: one voucher per registered household, with its address.
      const wijkOf = new Map(buurten.map((b) => [b.code, b.wijkCode]));
      for (const h of await repo.findHouseholdsWithoutVoucher(trx, input.municipalityCode, input.year)) {
        todo.push({ buurtCode: h.buurt_code, wijkCode: wijkOf.get(h.buurt_code) ?? '', householdId: h.id });
      }
    } else {
      alreadyIssued = 0;
      for (const b of buurten) {
        const have = existing.get(b.code) ?? 0;
        alreadyIssued += have;
        for (let i = have; i < b.households; i++)
          todo.push({ buurtCode: b.code, wijkCode: b.wijkCode, householdId: null });
      }
    }
    const at = ctx.now();
    for (let start = 0; start < todo.length; start += ISSUE_BATCH) {
      const batch = todo.slice(start, start + ISSUE_BATCH);
      // No code yet: the voucher gets its printed code with its letter.
      await repo.insertVouchers(
        trx,
        { municipalityCode: input.municipalityCode, year: input.year, amountCents: year.amount_cents },
        batch.map((b) => ({ ...b, hash: unprintedCodeHash() })),
      );
      const byBuurt = new Map<string, number>();
      for (const b of batch) byBuurt.set(b.buurtCode, (byBuurt.get(b.buurtCode) ?? 0) + 1);
      await repo.insertJournal(
        trx,
        [...byBuurt].flatMap(([buurtCode, n]) => [
          ledgerLine('issue', 'pool', input, buurtCode, -n * year.amount_cents),
          ledgerLine('issue', 'vouchers', input, buurtCode, n * year.amount_cents),
        ]),
        at,
      );
      input.onProgress?.(Math.min(start + ISSUE_BATCH, todo.length), todo.length);
    }
    step.record(yearRecord(input, { issued: todo.length, alreadyIssued }));
    return { issued: todo.length, buurten: buurten.length, alreadyIssued };
  });
  // Each batch added a row per buurt to the figures' rollup: folded at once into one per buurt.
  await repo.foldBudgetFigures(ctx.db, input);
  return result;
}

/** One letter's worth: the plain code exists only here, on its way to the printer. */
export interface LetterCode {
  voucherId: number;
  buurtCode: string;
  code: string;
  address: { street: string; postcode: string; houseNumber: string; city: string } | null;
}

/**
 * Gives vouchers new codes for their letters, batch by batch, and yields them for printing.
 * Without `reprint`, only vouchers without a printed letter or whose letter has a code of the
 * old format (`oldFormatOnly`: only those); with it, every voucher of the year: the old codes
 * stop working when the batch commits. Only the hash is stored, so a code lost
 * before it is printed can only be replaced, never recovered. The vouchers count as printed
 * only once the caller has them in a complete file and calls `markLettersPrinted`; until then a
 * later run gives them new codes again.
 */
export async function* issueLetterCodes(
  ctx: BudgetsContext,
  input: repo.LetterFilter & { batchSize?: number },
): AsyncGenerator<LetterCode[]> {
  const limit = input.batchSize ?? 2000;
  let afterId = 0;
  for (;;) {
    const rows = await repo.findVouchersToPrint(ctx.db, { ...input, afterId, limit });
    if (rows.length === 0) return;
    const letters = rows.map((r) => ({
      voucherId: r.id,
      buurtCode: r.buurt_code,
      code: generateCode(),
      address:
        r.address !== null && r.postcode !== null && r.house_number !== null
          ? { street: r.address, postcode: r.postcode, houseNumber: r.house_number, city: r.city ?? '' }
          : null,
    }));
    await repo.replaceCodeHashes(
      ctx.db,
      letters.map((l) => ({ id: l.voucherId, hash: hashCode(ctx.voucherKey, l.code) })),
    );
    afterId = rows[rows.length - 1]?.id ?? afterId;
    yield letters;
  }
}

/**
 * Marks the vouchers of a run printed (their codes from `issueLetterCodes` are in a complete
 * file), given by batch, in one statement that locks them in hash order as pledges and
 * close-year do, in one transaction. `beforeCommit` runs last inside it: a file renamed
 * into place there appears exactly when its vouchers count as printed, and if it throws none do.
 */
export async function markLettersPrinted(
  ctx: BudgetsContext,
  batches: readonly (readonly number[])[],
  beforeCommit?: () => Promise<void>,
): Promise<void> {
  const at = ctx.now();
  await ctx.db.transaction().execute(async (trx) => {
    await repo.markVouchersPrinted(trx, batches.flat(), at);
    await beforeCommit?.();
  });
}

/** How many letters a run would print (see `issueLetterCodes`). */
export function countLetters(ctx: BudgetsContext, input: repo.LetterFilter): Promise<number> {
  return repo.countVouchersToPrint(ctx.db, input);
}

/** The register was refused: every bad row by line; nothing was imported. */
export class HouseholdImportError extends Error {
  constructor(readonly problems: readonly RegisterProblem[]) {
    const shown = problems.slice(0, 20).map((p) => `  line ${p.line}: ${p.what}`);
    const more = problems.length > 20 ? [`  … and ${problems.length - 20} more`] : [];
    super(['The household register was not imported:', ...shown, ...more].join('\n'));
    this.name = 'HouseholdImportError';
  }
}

/**
 * Imports a household register (CSV, see `parseRegister`): every row is checked first — its
 * buurt must lie in the gemeente, a position must fall in one of its buurten — and any bad row
 * stops the whole import, reported by line. Then all rows are written in one transaction.
 */
export async function importHouseholds(
  ctx: BudgetsContext,
  input: { municipalityCode: string; text: string },
): Promise<{ households: number }> {
  const { rows, problems } = parseRegister(input.text);
  const buurten = new Set((await ctx.buurtenOf(input.municipalityCode)).map((b) => b.code));
  const resolved: {
    street: string;
    postcode: string;
    houseNumber: string;
    city: string;
    buurtCode: string;
  }[] = [];
  for (const row of rows) {
    let buurtCode = row.buurtCode;
    if (!buurtCode && row.point)
      buurtCode = (await ctx.placeOfPoint(row.point.lat, row.point.lon))?.buurtCode;
    if (!buurtCode || !buurten.has(buurtCode)) {
      problems.push({
        line: row.line,
        what: row.buurtCode
          ? `buurt ${row.buurtCode} is not a buurt of ${input.municipalityCode}`
          : `the position lies in no buurt of ${input.municipalityCode}`,
      });
      continue;
    }
    resolved.push({ ...row, buurtCode });
  }
  if (problems.length > 0) throw new HouseholdImportError(problems.sort((a, b) => a.line - b.line));
  await ctx.db.transaction().execute(async (trx) => {
    for (let start = 0; start < resolved.length; start += ISSUE_BATCH) {
      await repo.upsertHouseholds(trx, input.municipalityCode, resolved.slice(start, start + ISSUE_BATCH));
    }
  });
  return { households: resolved.length };
}
