import { CLI_ACTING } from '../../access/index.js';
import crypto from 'node:crypto';
import { sql } from 'kysely';
import type { Db } from '../../db/database.js';
import type { BudgetsContext, BuurtHouseholds } from './budgets.context.js';
import { issueLetterCodes, issueVouchers, markLettersPrinted } from './vouchers.service.js';
import { setBudgetYear } from './years.service.js';
import { setSupportGoal } from './goals.service.js';
import { formatCode } from './voucher-code.js';

/** The figures recomputed from the ledger, as before the rollup (benchmarks compare the two). */
export { findBuurtFiguresFromLedger } from './budgets.repository.js';

let counter = 0;
const prefix = String(crypto.randomInt(100, 1000));

/** An initiative already open for support in a buurt of Zoetermeer (inserted directly). */
export async function createOpenInitiative(
  db: Db,
  options: { buurt: string; wijk: string; title?: string },
): Promise<{ id: string; reference: string }> {
  counter++;
  // Six digits: a random prefix per process and a counter, never the desk's own numbers.
  const reference = `INI-2026-${prefix}${String(counter).padStart(3, '0')}`;
  const { rows } = await sql<{ id: string }>`
    insert into initiative (reference, title, summary, for_whom, themes, help_wanted, buurt_code, wijk_code,
      municipality_code, location_description, stage, channel, initiator_name, tracking_token_hash, intake_due_on,
      published_at)
    values (${reference}, ${options.title ?? `Initiatief ${counter}`}, 'Een plan voor de buurt, samen met de buren.',
      'Iedereen', array['groen'], array['money'], ${options.buurt}, ${options.wijk}, 'GM0637', 'Op het plein',
      'open_for_support', 'online', 'Test Initiatiefnemer', ${crypto.randomBytes(16).toString('hex')}, '2026-03-01', now())
    returning id
  `.execute(db);
  const id = rows[0]?.id;
  if (!id) throw new Error('no initiative');
  return { id, reference };
}

/** Two small buurten in one wijk and one in another, instead of Zoetermeer's 57,000 households. */
export const TEST_BUURTEN: BuurtHouseholds[] = [
  { code: 'BU06370001', wijkCode: 'WK063700', households: 6 },
  { code: 'BU06370002', wijkCode: 'WK063700', households: 3 },
  { code: 'BU06370100', wijkCode: 'WK063701', households: 2 },
];

/**
 * A budget year (2026 unless `year` says otherwise) for GM0637 with vouchers and their printed
 * codes, by buurt; with `printed: false` the vouchers have no letters (and no codes) yet.
 */
export async function setUpBudgetYear(
  ctx: BudgetsContext,
  options: { scope?: 'buurt' | 'wijk'; buurten?: BuurtHouseholds[]; year?: number; printed?: boolean } = {},
): Promise<{ ctx: BudgetsContext; codes: Map<string, string[]> }> {
  const buurten = options.buurten ?? TEST_BUURTEN;
  const year = options.year ?? 2026;
  const local: BudgetsContext = { ...ctx, buurtenOf: () => Promise.resolve(buurten) };
  await setBudgetYear(local, CLI_ACTING, {
    municipalityCode: 'GM0637',
    year,
    amountCents: 1000,
    scope: options.scope ?? 'buurt',
    opensOn: `${year}-01-01`,
    closesOn: `${year}-12-31`,
  });
  await issueVouchers(local, CLI_ACTING, { municipalityCode: 'GM0637', year });
  const codes = new Map<string, string[]>();
  if (options.printed === false) return { ctx: local, codes };
  const printed: number[][] = [];
  for await (const batch of issueLetterCodes(local, { municipalityCode: 'GM0637', year, reprint: false })) {
    for (const l of batch) codes.set(l.buurtCode, [...(codes.get(l.buurtCode) ?? []), l.code]);
    printed.push(batch.map((l) => l.voucherId));
  }
  await markLettersPrinted(local, printed);
  return { ctx: local, codes };
}

/** Sets a goal and deadline (in 2026 unless `year` says otherwise) for an initiative. */
export function openSupport(
  ctx: BudgetsContext,
  initiativeId: string,
  goalCents: number,
  deadline: string,
  year = 2026,
): Promise<void> {
  return setSupportGoal(ctx, CLI_ACTING, { initiativeId, year, goalCents, deadline });
}

// For `bench/pledges.ts`, which measures printing on its own.
export { issueLetterCodes } from './vouchers.service.js';
export { LetterWriter } from './letters.pdf.js';

/**
 * A code as a resident might type it from the letter: small letters, spaces between the groups,
 * and the digits 0 and 1 typed as the letters o and l.
 */
export function asTyped(code: string): string {
  return formatCode(code).toLowerCase().replace(/-/g, ' ').replace(/0/g, 'o').replace(/1/g, 'l');
}

/** A code of the format printed before migration 0011 (12 case-sensitive characters, valid). */
export const OLD_FORMAT_CODE = '2345-6789-ABCW';
export { hashCode } from './voucher-code.js';

// For `bench/pledges.ts` with BENCH_MATCH=1: the district budget's side of match funding.
export { createMatchFunding } from './match-funding.js';
export { ledger } from './ledger.js';

// For tests of other modules' pages and figures that need pledges made.
export { pledgeHouseholdBudget } from './pledges.service.js';
