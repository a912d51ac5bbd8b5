import { sql, type ColumnType, type Generated, type Insertable, type Selectable } from 'kysely';
import type { Queryable } from '../../db/database.js';
import type {
  ApprovalReason,
  ApprovalStatus,
  DecisionKind,
  DecisionStatus,
  RecipientKind,
} from './district-budget.js';

// All SQL of the district budget. Rows never leave this module: the service maps them.
// The money is in the ledger (budgets' `ledger_line`, reached through `BudgetsModule.ledger`),
// never in these tables.

interface SettingTable {
  municipality_code: string;
  carry_over_years: number;
  late_share_percent: number;
  approval_days: number;
  updated_at: ColumnType<Date, Date | undefined, Date>;
  updated_by_account_id: string | null;
}

interface BudgetTable {
  wijk_code: string;
  year: number;
  municipality_code: string;
  closed_at: Date | null;
  created_at: ColumnType<Date, Date | undefined, never>;
}

interface MandateTable {
  account_id: string;
  municipality_code: string;
  limit_cents: number;
  set_by_account_id: string | null;
  set_at: ColumnType<Date, Date | undefined, Date>;
}

interface BackupApproverTable {
  municipality_code: string;
  account_id: string;
  added_by_account_id: string | null;
  added_at: ColumnType<Date, Date | undefined, never>;
}

interface CounterTable {
  municipality_code: string;
  year: number;
  last: number;
}

interface DecisionTable {
  id: Generated<string>;
  reference: string;
  municipality_code: string;
  wijk_code: string;
  year: number;
  kind: DecisionKind;
  title: string;
  purpose: string;
  purpose_key: string;
  reason: string;
  recipient_kind: RecipientKind;
  recipient: string;
  recipient_key: string;
  amount_cents: number;
  initiative_id: string | null;
  buurt_code: string | null;
  lat: number | null;
  lon: number | null;
  report_id: string | null;
  arrangement_id: string | null;
  arrangement_reference: string | null;
  match_numerator: number | null;
  match_denominator: number | null;
  match_cap_initiative_cents: number | null;
  spend_by: ColumnType<string | null, string | null, string | null>;
  decided_by_account_id: string | null;
  decided_by_label: string;
  decided_at: Date;
  conflict_of_interest: boolean;
  conflict_note: string | null;
  approval_reasons: ApprovalReason[];
  status: DecisionStatus;
  status_at: Date;
  made_known_on: ColumnType<string | null, string | null, string | null>;
  version: ColumnType<number, number | undefined, number>;
  updated_at: Date;
}

interface PaymentDetailTable {
  decision_id: string;
  iban: string;
  account_holder: string;
  recorded_at: ColumnType<Date, Date, Date>;
}

interface ApprovalTable {
  id: Generated<string>;
  decision_id: string;
  decision_version: number;
  content_hash: string;
  status: ApprovalStatus;
  requested_at: Date;
  expires_at: Date;
  approver_account_id: string | null;
  approver_label: string | null;
  answered_at: Date | null;
  note: string | null;
  void_reason: string | null;
}

interface EventTable {
  id: Generated<number>;
  decision_id: string;
  at: Date;
  action: string;
  from_status: DecisionStatus | null;
  to_status: DecisionStatus;
  amount_cents: number | null;
  actor_account_id: string | null;
  actor_label: string;
  note: string | null;
}

interface SumKeyTable {
  municipality_code: string;
  key: string;
  touched_at: Date;
}

// A type alias, not an interface: Kysely's withTables needs the implicit index signature.
type DistrictTables = {
  district_setting: SettingTable;
  district_budget: BudgetTable;
  district_mandate: MandateTable;
  district_backup_approver: BackupApproverTable;
  district_reference_counter: CounterTable;
  district_decision: DecisionTable;
  district_payment_detail: PaymentDetailTable;
  district_approval: ApprovalTable;
  district_decision_event: EventTable;
  district_sum_key: SumKeyTable;
};

const q = (db: Queryable) => db.withTables<DistrictTables>();

export type SettingRow = Selectable<SettingTable>;
export type BudgetRow = Selectable<BudgetTable>;
export type MandateRow = Selectable<MandateTable>;
export type BackupApproverRow = Selectable<BackupApproverTable>;
export type DecisionRow = Selectable<DecisionTable>;
export type NewDecisionRow = Omit<Insertable<DecisionTable>, 'id' | 'version'>;
export type PaymentDetailRow = Selectable<PaymentDetailTable>;
export type ApprovalRow = Selectable<ApprovalTable>;
export type EventRow = Selectable<EventTable>;

// --- settings -------------------------------------------------------------------------------

export function findSetting(db: Queryable, municipalityCode: string): Promise<SettingRow | undefined> {
  return q(db)
    .selectFrom('district_setting')
    .selectAll()
    .where('municipality_code', '=', municipalityCode)
    .executeTakeFirst();
}

export async function upsertSetting(
  db: Queryable,
  row: Omit<SettingRow, 'updated_at'> & { updated_at: Date },
): Promise<void> {
  await q(db)
    .insertInto('district_setting')
    .values(row)
    .onConflict((oc) =>
      oc.column('municipality_code').doUpdateSet({
        carry_over_years: row.carry_over_years,
        late_share_percent: row.late_share_percent,
        approval_days: row.approval_days,
        updated_at: row.updated_at,
        updated_by_account_id: row.updated_by_account_id,
      }),
    )
    .execute();
}

// --- budgets per wijk and year ---------------------------------------------------------------

/** Makes the wijk's budget row of a year if it does not exist yet. */
export async function ensureBudget(
  db: Queryable,
  row: { wijk_code: string; year: number; municipality_code: string },
): Promise<void> {
  await q(db)
    .insertInto('district_budget')
    .values(row)
    .onConflict((oc) => oc.columns(['wijk_code', 'year']).doNothing())
    .execute();
}

/**
 * Locks the wijk's budget row of a year (`FOR UPDATE`): every decision, approval, change and the
 * year's close on one wijk and year go one after another, so what is available is read once and
 * stays true until commit.
 */
export function lockBudget(db: Queryable, wijkCode: string, year: number): Promise<BudgetRow | undefined> {
  return q(db)
    .selectFrom('district_budget')
    .selectAll()
    .where('wijk_code', '=', wijkCode)
    .where('year', '=', year)
    .forUpdate()
    .executeTakeFirst();
}

export function findBudget(db: Queryable, wijkCode: string, year: number): Promise<BudgetRow | undefined> {
  return q(db)
    .selectFrom('district_budget')
    .selectAll()
    .where('wijk_code', '=', wijkCode)
    .where('year', '=', year)
    .executeTakeFirst();
}

/** The budget rows of a year in the given places (gemeente codes and wijk codes). */
export function findBudgets(
  db: Queryable,
  filter: { year: number; municipalityCodes?: readonly string[]; wijkCodes?: readonly string[] },
): Promise<BudgetRow[]> {
  let query = q(db).selectFrom('district_budget').selectAll().where('year', '=', filter.year);
  if (filter.municipalityCodes) {
    const codes = filter.municipalityCodes;
    const wijken = filter.wijkCodes ?? [];
    query = query.where((eb) =>
      eb.or([
        eb('municipality_code', 'in', codes.length > 0 ? codes : ['']),
        eb('wijk_code', 'in', wijken.length > 0 ? wijken : ['']),
      ]),
    );
  } else if (filter.wijkCodes) {
    query = query.where('wijk_code', 'in', filter.wijkCodes.length > 0 ? filter.wijkCodes : ['']);
  }
  return query.orderBy('wijk_code').execute();
}

export async function markBudgetClosed(
  db: Queryable,
  wijkCode: string,
  year: number,
  at: Date,
): Promise<void> {
  await q(db)
    .updateTable('district_budget')
    .set({ closed_at: at })
    .where('wijk_code', '=', wijkCode)
    .where('year', '=', year)
    .execute();
}

// --- mandates and the backup pool -----------------------------------------------------------

export async function upsertMandate(
  db: Queryable,
  row: Omit<MandateRow, 'set_at'> & { set_at: Date },
): Promise<void> {
  await q(db)
    .insertInto('district_mandate')
    .values(row)
    .onConflict((oc) =>
      oc.columns(['account_id', 'municipality_code']).doUpdateSet({
        limit_cents: row.limit_cents,
        set_by_account_id: row.set_by_account_id,
        set_at: row.set_at,
      }),
    )
    .execute();
}

export async function deleteMandate(
  db: Queryable,
  accountId: string,
  municipalityCode: string,
): Promise<boolean> {
  const result = await q(db)
    .deleteFrom('district_mandate')
    .where('account_id', '=', accountId)
    .where('municipality_code', '=', municipalityCode)
    .executeTakeFirst();
  return result.numDeletedRows > 0n;
}

export function findMandate(
  db: Queryable,
  accountId: string,
  municipalityCode: string,
): Promise<MandateRow | undefined> {
  return q(db)
    .selectFrom('district_mandate')
    .selectAll()
    .where('account_id', '=', accountId)
    .where('municipality_code', '=', municipalityCode)
    .executeTakeFirst();
}

export function findMandates(db: Queryable, municipalityCodes: readonly string[]): Promise<MandateRow[]> {
  if (municipalityCodes.length === 0) return Promise.resolve([]);
  return q(db)
    .selectFrom('district_mandate')
    .selectAll()
    .where('municipality_code', 'in', municipalityCodes)
    .orderBy('municipality_code')
    .orderBy('account_id')
    .execute();
}

export async function insertBackupApprover(
  db: Queryable,
  row: { municipality_code: string; account_id: string; added_by_account_id: string | null; added_at: Date },
): Promise<boolean> {
  const result = await q(db)
    .insertInto('district_backup_approver')
    .values(row)
    .onConflict((oc) => oc.columns(['municipality_code', 'account_id']).doNothing())
    .executeTakeFirst();
  return (result.numInsertedOrUpdatedRows ?? 0n) > 0n;
}

export async function deleteBackupApprover(
  db: Queryable,
  municipalityCode: string,
  accountId: string,
): Promise<boolean> {
  const result = await q(db)
    .deleteFrom('district_backup_approver')
    .where('municipality_code', '=', municipalityCode)
    .where('account_id', '=', accountId)
    .executeTakeFirst();
  return result.numDeletedRows > 0n;
}

export function findBackupApprovers(
  db: Queryable,
  municipalityCodes: readonly string[],
): Promise<BackupApproverRow[]> {
  if (municipalityCodes.length === 0) return Promise.resolve([]);
  return q(db)
    .selectFrom('district_backup_approver')
    .selectAll()
    .where('municipality_code', 'in', municipalityCodes)
    .orderBy('municipality_code')
    .orderBy('added_at')
    .execute();
}

export async function isBackupApprover(
  db: Queryable,
  municipalityCode: string,
  accountId: string,
): Promise<boolean> {
  const row = await q(db)
    .selectFrom('district_backup_approver')
    .select('account_id')
    .where('municipality_code', '=', municipalityCode)
    .where('account_id', '=', accountId)
    .executeTakeFirst();
  return row !== undefined;
}

// --- decisions ------------------------------------------------------------------------------

/** The next number of the gemeente's yearly reference sequence; the row lock serialises concurrent decisions. */
export async function nextReferenceNumber(
  db: Queryable,
  municipalityCode: string,
  year: number,
): Promise<number> {
  const row = await q(db)
    .insertInto('district_reference_counter')
    .values({ municipality_code: municipalityCode, year, last: 1 })
    .onConflict((oc) =>
      oc
        .columns(['municipality_code', 'year'])
        .doUpdateSet((eb) => ({ last: eb('district_reference_counter.last', '+', 1) })),
    )
    .returning('last')
    .executeTakeFirstOrThrow();
  return row.last;
}

export async function insertDecision(db: Queryable, row: NewDecisionRow): Promise<string> {
  const inserted = await q(db)
    .insertInto('district_decision')
    .values({ ...row, approval_reasons: sql<ApprovalReason[]>`${row.approval_reasons ?? []}::text[]` })
    .returning('id')
    .executeTakeFirstOrThrow();
  return inserted.id;
}

export function findDecision(db: Queryable, id: string): Promise<DecisionRow | undefined> {
  return q(db).selectFrom('district_decision').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findDecisionByReference(db: Queryable, reference: string): Promise<DecisionRow | undefined> {
  return q(db)
    .selectFrom('district_decision')
    .selectAll()
    .where('reference', '=', reference)
    .executeTakeFirst();
}

/** A decision locked for a change (`FOR UPDATE`), after its wijk's budget row. */
export function lockDecision(db: Queryable, id: string): Promise<DecisionRow | undefined> {
  return q(db)
    .selectFrom('district_decision')
    .selectAll()
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
}

export function findDecisionsByIds(db: Queryable, ids: readonly string[]): Promise<DecisionRow[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return q(db).selectFrom('district_decision').selectAll().where('id', 'in', ids).execute();
}

/** What a change may set on a decision. */
export type DecisionChange = Partial<
  Pick<
    DecisionRow,
    | 'title'
    | 'purpose'
    | 'purpose_key'
    | 'reason'
    | 'recipient_kind'
    | 'recipient'
    | 'recipient_key'
    | 'amount_cents'
    | 'spend_by'
    | 'conflict_of_interest'
    | 'conflict_note'
    | 'approval_reasons'
    | 'status'
    | 'status_at'
    | 'made_known_on'
    | 'version'
  >
>;

export async function updateDecision(
  db: Queryable,
  id: string,
  change: DecisionChange,
  at: Date,
): Promise<void> {
  const { approval_reasons, ...rest } = change;
  await q(db)
    .updateTable('district_decision')
    .set({
      ...rest,
      ...(approval_reasons ? { approval_reasons: sql<ApprovalReason[]>`${approval_reasons}::text[]` } : {}),
      updated_at: at,
    })
    .where('id', '=', id)
    .execute();
}

export interface DecisionFilter {
  municipalityCodes?: readonly string[];
  wijkCodes?: readonly string[];
  year?: number;
  statuses?: readonly DecisionStatus[];
  arrangementId?: string;
  limit?: number;
}

/** Decisions in places (gemeenten or wijken), newest first. */
export function findDecisions(db: Queryable, filter: DecisionFilter): Promise<DecisionRow[]> {
  let query = q(db).selectFrom('district_decision').selectAll();
  const gemeenten = filter.municipalityCodes;
  const wijken = filter.wijkCodes;
  if (gemeenten && wijken)
    query = query.where((eb) =>
      eb.or([
        eb('municipality_code', 'in', gemeenten.length > 0 ? gemeenten : ['']),
        eb('wijk_code', 'in', wijken.length > 0 ? wijken : ['']),
      ]),
    );
  else if (gemeenten) query = query.where('municipality_code', 'in', gemeenten.length > 0 ? gemeenten : ['']);
  else if (wijken) query = query.where('wijk_code', 'in', wijken.length > 0 ? wijken : ['']);
  if (filter.year !== undefined) query = query.where('year', '=', filter.year);
  if (filter.statuses) {
    if (filter.statuses.length === 0) return Promise.resolve([]);
    query = query.where('status', 'in', filter.statuses);
  }
  if (filter.arrangementId !== undefined) query = query.where('arrangement_id', '=', filter.arrangementId);
  return query
    .orderBy('decided_at', 'desc')
    .orderBy('reference', 'desc')
    .limit(filter.limit ?? 1000)
    .execute();
}

/** Decisions waiting for a second approval in places, oldest first. */
export function findAwaitingApproval(
  db: Queryable,
  municipalityCodes: readonly string[],
): Promise<(DecisionRow & { expires_at: Date | null })[]> {
  if (municipalityCodes.length === 0) return Promise.resolve([]);
  return q(db)
    .selectFrom('district_decision as d')
    .leftJoin('district_approval as a', (join) =>
      join.onRef('a.decision_id', '=', 'd.id').on('a.status', '=', 'pending'),
    )
    .selectAll('d')
    .select('a.expires_at')
    .where('d.status', '=', 'awaiting_approval')
    .where('d.municipality_code', 'in', municipalityCodes)
    .orderBy('d.decided_at')
    .execute();
}

/** The amount waiting for approval in a wijk's year: reserved, though no money moved yet. */
export async function sumAwaiting(
  db: Queryable,
  wijkCode: string,
  year: number,
  exceptId?: string,
): Promise<number> {
  let query = q(db)
    .selectFrom('district_decision')
    .select(sql<number>`coalesce(sum(amount_cents), 0)::bigint`.as('cents'))
    .where('wijk_code', '=', wijkCode)
    .where('year', '=', year)
    .where('status', '=', 'awaiting_approval');
  if (exceptId) query = query.where('id', '<>', exceptId);
  const row = await query.executeTakeFirstOrThrow();
  return row.cents;
}

/**
 * Locks the sum rule's keys of a decision in a gemeente (one row per key, made on first use),
 * in the order given (sorted by the caller). Two decisions sharing a key go one after another,
 * so the second sees the first's amount when it sums.
 */
export async function lockSumKeys(
  db: Queryable,
  municipalityCode: string,
  keys: readonly string[],
  at: Date,
): Promise<void> {
  for (const key of keys) {
    // One statement per key, in order: a multi-row upsert takes its locks in an order the
    // planner chooses, and two of them could wait for each other.
    await q(db)
      .insertInto('district_sum_key')
      .values({ municipality_code: municipalityCode, key, touched_at: at })
      .onConflict((oc) => oc.columns(['municipality_code', 'key']).doUpdateSet({ touched_at: at }))
      .execute();
  }
}

/** One related decision: same recipient, IBAN, initiative or purpose, in the last 12 months. */
export interface RelatedRow {
  id: string;
  reference: string;
  title: string;
  wijk_code: string;
  amount_cents: number;
  status: DecisionStatus;
  decided_at: Date;
  same_recipient: boolean;
  same_iban: boolean;
  same_initiative: boolean;
  same_purpose: boolean;
}

/**
 * The decisions related to one (in its gemeente, decided since `since`, in a counting status),
 * without itself. Read after `lockSumKeys`, so no decision on the same keys commits meanwhile.
 */
export async function findRelated(
  db: Queryable,
  input: {
    municipalityCode: string;
    recipientKey: string;
    purposeKey: string;
    iban: string | null;
    initiativeId: string | null;
    since: Date;
    until: Date;
    statuses: readonly DecisionStatus[];
    exceptId: string | null;
  },
): Promise<RelatedRow[]> {
  const result = await sql<RelatedRow>`
    select d.id, d.reference, d.title, d.wijk_code, d.amount_cents, d.status, d.decided_at,
      (d.recipient_key = ${input.recipientKey} and ${input.recipientKey} <> '') as same_recipient,
      coalesce(p.iban = ${input.iban}, false) as same_iban,
      coalesce(d.initiative_id = ${input.initiativeId}::uuid, false) as same_initiative,
      (d.purpose_key = ${input.purposeKey} and ${input.purposeKey} <> '') as same_purpose
    from district_decision d
      left join district_payment_detail p on p.decision_id = d.id
    where d.municipality_code = ${input.municipalityCode}
      and d.decided_at >= ${input.since} and d.decided_at <= ${input.until}
      and d.status = any(${input.statuses}::text[])
      and (${input.exceptId}::uuid is null or d.id <> ${input.exceptId}::uuid)
      and ((d.recipient_key = ${input.recipientKey} and ${input.recipientKey} <> '')
        or (d.purpose_key = ${input.purposeKey} and ${input.purposeKey} <> '')
        or (${input.initiativeId}::uuid is not null and d.initiative_id = ${input.initiativeId}::uuid)
        or (${input.iban}::text is not null and p.iban = ${input.iban}))
    order by d.decided_at desc, d.reference desc`.execute(db);
  return result.rows;
}

// --- payment details ------------------------------------------------------------------------

export async function upsertPaymentDetail(
  db: Queryable,
  row: { decision_id: string; iban: string; account_holder: string; recorded_at: Date },
): Promise<void> {
  await q(db)
    .insertInto('district_payment_detail')
    .values(row)
    .onConflict((oc) =>
      oc
        .column('decision_id')
        .doUpdateSet({ iban: row.iban, account_holder: row.account_holder, recorded_at: row.recorded_at }),
    )
    .execute();
}

export async function deletePaymentDetail(db: Queryable, decisionId: string): Promise<void> {
  await q(db).deleteFrom('district_payment_detail').where('decision_id', '=', decisionId).execute();
}

export function findPaymentDetail(db: Queryable, decisionId: string): Promise<PaymentDetailRow | undefined> {
  return q(db)
    .selectFrom('district_payment_detail')
    .selectAll()
    .where('decision_id', '=', decisionId)
    .executeTakeFirst();
}

// --- approvals ------------------------------------------------------------------------------

export async function insertApproval(
  db: Queryable,
  row: Omit<Insertable<ApprovalTable>, 'id'>,
): Promise<string> {
  const inserted = await q(db)
    .insertInto('district_approval')
    .values(row)
    .returning('id')
    .executeTakeFirstOrThrow();
  return inserted.id;
}

/** The open request or standing approval of a decision, if any. */
export function findLiveApproval(db: Queryable, decisionId: string): Promise<ApprovalRow | undefined> {
  return q(db)
    .selectFrom('district_approval')
    .selectAll()
    .where('decision_id', '=', decisionId)
    .where('status', 'in', ['pending', 'approved'])
    .executeTakeFirst();
}

export function findApprovals(db: Queryable, decisionId: string): Promise<ApprovalRow[]> {
  return q(db)
    .selectFrom('district_approval')
    .selectAll()
    .where('decision_id', '=', decisionId)
    .orderBy('requested_at')
    .execute();
}

export async function answerApproval(
  db: Queryable,
  id: string,
  answer: {
    status: 'approved' | 'rejected';
    approver_account_id: string | null;
    approver_label: string;
    answered_at: Date;
    note: string | null;
  },
): Promise<void> {
  await q(db).updateTable('district_approval').set(answer).where('id', '=', id).execute();
}

export async function closeApproval(
  db: Queryable,
  id: string,
  status: 'void' | 'expired',
  reason: string,
): Promise<void> {
  await q(db)
    .updateTable('district_approval')
    .set({ status, void_reason: reason })
    .where('id', '=', id)
    .execute();
}

/** Decisions whose approval request has passed its expiry: the ids, for the service to expire one by one. */
export async function findExpiredRequests(db: Queryable, now: Date, limit: number): Promise<string[]> {
  const rows = await q(db)
    .selectFrom('district_approval')
    .select('decision_id')
    .where('status', '=', 'pending')
    .where('expires_at', '<=', now)
    .orderBy('expires_at')
    .limit(limit)
    .execute();
  return rows.map((r) => r.decision_id);
}

// --- events ---------------------------------------------------------------------------------

export async function insertEvent(db: Queryable, row: Omit<Insertable<EventTable>, 'id'>): Promise<void> {
  await q(db).insertInto('district_decision_event').values(row).execute();
}

export function findEvents(db: Queryable, decisionId: string): Promise<EventRow[]> {
  return q(db)
    .selectFrom('district_decision_event')
    .selectAll()
    .where('decision_id', '=', decisionId)
    .orderBy('at')
    .orderBy('id')
    .execute();
}

/** Decisions with a spend-by date that passed and money not yet paid: the ids, for the service. */
export async function findPastSpendBy(db: Queryable, today: string, limit: number): Promise<string[]> {
  const rows = await q(db)
    .selectFrom('district_decision')
    .select('id')
    .where('status', 'in', ['granted', 'committed'])
    .where('spend_by', '<', today)
    .orderBy('spend_by')
    .limit(limit)
    .execute();
  return rows.map((r) => r.id);
}
