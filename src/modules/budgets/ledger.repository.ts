import { sql } from 'kysely';
import type { Queryable } from '../../db/database.js';
import type { RowShape } from '../../db/row-shape.js';
import type { LedgerAccount, LedgerKind } from './budgets.repository.js';

// The ledger's reads for other modules (the district budget): sums, never single lines. Raw: a
// sum of bigint is numeric and must be cast back (one statement each, read as SQL); their row
// type is held to `ledgerSumRowShape` by budgets.repository.test.ts.

/** The sum of a group of ledger lines. */
export interface LedgerSumRow {
  reference: string | null;
  wijk_code: string | null;
  year: number;
  account: LedgerAccount;
  kind: LedgerKind;
  cents: number;
}

/** `LedgerSumRow` as data, for the test that runs both sums. */
export const ledgerSumRowShape: RowShape<LedgerSumRow> = {
  reference: 'string?',
  wijk_code: 'string?',
  year: 'number',
  account: 'string',
  kind: 'string',
  cents: 'number',
};

/** Sums of the lines carrying any of the references, per reference, wijk, year, account and kind. */
export async function sumByReferences(db: Queryable, references: readonly string[]): Promise<LedgerSumRow[]> {
  if (references.length === 0) return [];
  const result = await sql<LedgerSumRow>`
    select reference, wijk_code, year, account, kind, sum(amount_cents)::bigint as cents
    from ledger_line where reference = any(${[...new Set(references)]}::text[])
    group by reference, wijk_code, year, account, kind`.execute(db);
  return result.rows;
}

/** Sums of the district lines of the wijken in a year, per wijk, account and kind (reference left out). */
export async function sumByWijken(
  db: Queryable,
  wijkCodes: readonly string[],
  year: number,
): Promise<LedgerSumRow[]> {
  if (wijkCodes.length === 0) return [];
  const result = await sql<LedgerSumRow>`
    select null::text as reference, wijk_code, year, account, kind, sum(amount_cents)::bigint as cents
    from ledger_line where wijk_code = any(${[...new Set(wijkCodes)]}::text[]) and year = ${year}
    group by wijk_code, year, account, kind`.execute(db);
  return result.rows;
}
