import type { Queryable } from '../../db/database.js';
import * as repo from './budgets.repository.js';
import * as reads from './ledger.repository.js';

export type { LedgerAccount, LedgerKind } from './budgets.repository.js';

/** One line of a journal as another module posts it (the district budget). */
export interface JournalLine {
  kind: repo.LedgerKind;
  account: repo.LedgerAccount;
  municipalityCode: string;
  year: number;
  /** Required on `district_*` accounts (the database refuses a district line without it). */
  wijkCode: string | null;
  buurtCode?: string | null;
  initiativeId?: string | null;
  /** What moved the money: `decision:<id>`, `match:<id>` … */
  reference: string | null;
  /** Integer cents, never zero; a journal's lines sum to zero. */
  amountCents: number;
}

/**
 * The one double-entry ledger, as the household budget offers it to other modules: the
 * district budget posts its movements here, so `verify-ledger` covers them with the rest.
 * Budgets owns `ledger_line`; nobody else writes or reads it but through this.
 */
export interface Ledger {
  /**
   * Posts one journal in the caller's transaction (its command's `step.trx`). Throws on an
   * unbalanced journal at once; the database checks again at commit.
   */
  post(trx: Queryable, lines: readonly JournalLine[], at: Date): Promise<void>;
  /**
   * Sums of the lines carrying any of these references (`decision:<id>` …), per reference,
   * wijk, year, account and kind. On the caller's connection, so it sees its own transaction.
   */
  sumByReferences(db: Queryable, references: readonly string[]): Promise<LedgerSum[]>;
  /** Sums of the district lines of these wijken in a year, per wijk, account and kind (`reference` null). */
  sumByWijken(db: Queryable, wijkCodes: readonly string[], year: number): Promise<LedgerSum[]>;
}

/** A sum of ledger lines, as `Ledger`'s reads return it. */
export interface LedgerSum {
  reference: string | null;
  wijkCode: string | null;
  year: number;
  account: repo.LedgerAccount;
  kind: repo.LedgerKind;
  /** Integer cents: positive into the account, negative out of it. */
  cents: number;
}

const toSum = (r: reads.LedgerSumRow): LedgerSum => ({
  reference: r.reference,
  wijkCode: r.wijk_code,
  year: r.year,
  account: r.account,
  kind: r.kind,
  cents: r.cents,
});

export const ledger: Ledger = {
  async post(trx, lines, at) {
    const total = lines.reduce((sum, l) => sum + l.amountCents, 0);
    if (total !== 0) throw new Error(`journal does not balance (${total})`);
    if (lines.some((l) => !Number.isSafeInteger(l.amountCents) || l.amountCents === 0))
      throw new Error('journal lines need whole, non-zero cents');
    await repo.insertJournal(
      trx,
      lines.map((l) => ({
        kind: l.kind,
        account: l.account,
        municipalityCode: l.municipalityCode,
        year: l.year,
        buurtCode: l.buurtCode ?? null,
        voucherId: null,
        initiativeId: l.initiativeId ?? null,
        amountCents: l.amountCents,
        wijkCode: l.wijkCode,
        reference: l.reference,
      })),
      at,
    );
  },
  async sumByReferences(db, references) {
    return (await reads.sumByReferences(db, references)).map(toSum);
  },
  async sumByWijken(db, wijkCodes, year) {
    return (await reads.sumByWijken(db, wijkCodes, year)).map(toSum);
  },
};
