import type { Acting } from '../../access/index.js';
import type { Queryable } from '../../db/db.js';

/**
 * How arrangements are paid: each tranche becomes a district-budget decision (kind
 * 'arrangement') in the same ledger as every other decision, under the same mandate and
 * approval rules. Declared here, implemented by the district budget
 * (`DistrictBudgetModule.arrangementFunding`), handed to this module late-bound by
 * `createModules`, so this module never imports the district budget.
 */
export interface ArrangementFunding {
  /** Proposes a district-budget decision (kind 'arrangement') for one tranche, inside the caller's transaction;
   *  mandate and approval rules apply as to any decision. */
  proposeTranche(
    trx: Queryable,
    acting: Acting,
    tranche: {
      arrangementId: string;
      arrangementReference: string;
      title: string;
      wijkCode: string;
      year: number;
      amountCents: number;
      recipient: string;
      purpose: string;
      reason: string;
    },
  ): Promise<{ decisionId: string; reference: string }>;
  /** Where each tranche's decision stands (waiting for approval, granted, committed, paid, returned), for your pages. */
  statusOf(decisionIds: readonly string[]): Promise<
    ReadonlyMap<
      string,
      {
        status: 'awaiting_approval' | 'granted' | 'committed' | 'paid' | 'returned' | 'rejected' | 'void';
        amountCents: number;
        paidCents: number;
        href: string;
      }
    >
  >;
}

/** Where one tranche's decision stands, as `statusOf` reports it. */
export type TrancheDecisionStatus =
  Awaited<ReturnType<ArrangementFunding['statusOf']>> extends ReadonlyMap<string, infer S> ? S : never;
