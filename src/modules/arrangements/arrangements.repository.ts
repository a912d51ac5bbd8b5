import { sql, type ColumnType, type Generated, type Insertable, type Selectable } from 'kysely';
import type { Queryable } from '../../db/database.js';
import type {
  Aggregation,
  ArrangementStatus,
  Direction,
  Judgement,
  ProviderKind,
  RenewalDecision,
  Source,
} from './arrangement.js';

interface ArrangementTable {
  id: Generated<string>;
  reference: string;
  municipality_code: string;
  wijk_code: string;
  theme: string;
  title: string;
  description: string;
  provider_kind: ProviderKind;
  provider_name: string;
  initiative_id: string | null;
  initiative_reference: string | null;
  external_id: string;
  start_year: number;
  years: number;
  status: ArrangementStatus;
  created_at: ColumnType<Date, Date, never>;
}
interface GoalTable {
  arrangement_id: string;
  position: number;
  text: string;
}
interface IndicatorTable {
  id: Generated<string>;
  arrangement_id: string;
  code: string;
  position: number;
  name: string;
  unit: string;
  baseline: number;
  direction: Direction;
  aggregation: Aggregation;
}
interface TargetTable {
  indicator_id: string;
  year: number;
  target: number;
}
interface MeasurementTable {
  indicator_id: string;
  period: string;
  year: number;
  value: number;
  source: Source;
  via: 'form' | 'csv' | 'demo';
  recorded_at: Date;
}
interface FundingTable {
  arrangement_id: string;
  year: number;
  amount_cents: number;
}
interface TrancheTable {
  id: Generated<string>;
  arrangement_id: string;
  year: number;
  number: number;
  amount_cents: number;
  due_on: string;
  decision_id: string | null;
  decision_reference: string | null;
  proposed_at: Date | null;
}
interface DeliverableTable {
  id: Generated<string>;
  arrangement_id: string;
  title: string;
  due_on: string;
  status: 'open' | 'accepted' | 'rejected';
  review: string;
  reviewed_at: Date | null;
}
interface EvaluationTable {
  arrangement_id: string;
  year: number;
  results: string;
  narrative: string;
  judgement: Judgement;
  evaluated_at: Date;
}
interface RenewalTable {
  id: Generated<string>;
  arrangement_id: string;
  decision: RenewalDecision;
  years: number | null;
  reason: string;
  evaluation_years: number[];
  decided_at: Date;
}
interface TaskTable {
  id: Generated<string>;
  municipality_code: string;
  wijk_code: string;
  title: string;
  description: string;
  arrangement_id: string;
  created_at: Date;
}
interface ChallengeTable {
  id: Generated<string>;
  task_id: string;
  initiative_id: string;
  initiative_reference: string;
  arrangement_id: string;
  status: 'submitted' | 'granted' | 'refused';
  decision_reason: string;
  objection_route: string;
  objection_deadline: string | null;
  decided_at: Date | null;
  submitted_at: Date;
}

// A type alias, not an interface: Kysely's withTables needs the implicit index signature.
type ArrangementsTables = {
  arrangement: ArrangementTable;
  arrangement_goal: GoalTable;
  arrangement_indicator: IndicatorTable;
  arrangement_target: TargetTable;
  arrangement_measurement: MeasurementTable;
  arrangement_funding: FundingTable;
  arrangement_tranche: TrancheTable;
  arrangement_deliverable: DeliverableTable;
  arrangement_evaluation: EvaluationTable;
  arrangement_renewal: RenewalTable;
  challengeable_task: TaskTable;
  challenge: ChallengeTable;
};

const q = (db: Queryable) => db.withTables<ArrangementsTables>();

export type ArrangementRow = Selectable<ArrangementTable>;
export type IndicatorRow = Selectable<IndicatorTable>;
export type TargetRow = Selectable<TargetTable>;
export type MeasurementRow = Selectable<MeasurementTable>;
export type FundingRow = Selectable<FundingTable>;
export type TrancheRow = Selectable<TrancheTable>;
export type DeliverableRow = Selectable<DeliverableTable>;
export type EvaluationRow = Selectable<EvaluationTable>;
export type RenewalRow = Selectable<RenewalTable>;
export type TaskRow = Selectable<TaskTable>;
export type ChallengeRow = Selectable<ChallengeTable>;
export type GoalRow = Selectable<GoalTable>;

// ---- arrangements ----

export async function nextReferenceNumber(db: Queryable): Promise<number> {
  const { rows } = await sql<{
    n: number;
  }>`select nextval('arrangement_reference_seq')::integer as n`.execute(db);
  return rows[0]?.n ?? 1;
}

export async function insertArrangement(
  db: Queryable,
  row: Omit<Insertable<ArrangementTable>, 'id'>,
): Promise<string> {
  const { id } = await q(db).insertInto('arrangement').values(row).returning('id').executeTakeFirstOrThrow();
  return id;
}

export function findArrangementByReference(db: Queryable, reference: string) {
  return q(db).selectFrom('arrangement').selectAll().where('reference', '=', reference).executeTakeFirst();
}

export function findArrangementById(db: Queryable, id: string) {
  return q(db).selectFrom('arrangement').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Arrangements of a wijk (or a whole gemeente), optionally of one theme, oldest first. */
export function findArrangements(
  db: Queryable,
  filter: {
    placeCode?: string | undefined;
    theme?: string | undefined;
    statuses?: readonly ArrangementStatus[];
  },
) {
  let query = q(db).selectFrom('arrangement').selectAll();
  const place = filter.placeCode;
  if (place)
    query = query.where((eb) => eb.or([eb('wijk_code', '=', place), eb('municipality_code', '=', place)]));
  if (filter.theme) query = query.where('theme', '=', filter.theme);
  if (filter.statuses) query = query.where('status', 'in', filter.statuses);
  return query.orderBy('created_at').orderBy('reference').limit(500).execute();
}

/**
 * Every arrangement of a place (or everywhere) but the declined, by reference, without the
 * list's cap: the open-data file holds them all.
 */
export function findAllPublicArrangements(db: Queryable, placeCode: string | undefined) {
  let query = q(db).selectFrom('arrangement').selectAll().where('status', '<>', 'declined');
  if (placeCode)
    query = query.where((eb) =>
      eb.or([eb('wijk_code', '=', placeCode), eb('municipality_code', '=', placeCode)]),
    );
  return query.orderBy('reference').execute();
}

/**
 * Every measured value of a place's public arrangements (or everywhere), with its indicator,
 * the target of its year and its arrangement, in one statement: the open-data file's rows.
 */
export function findPublicMeasuredValues(db: Queryable, placeCode: string | undefined) {
  let query = q(db)
    .selectFrom('arrangement_measurement as m')
    .innerJoin('arrangement_indicator as i', 'i.id', 'm.indicator_id')
    .innerJoin('arrangement as a', 'a.id', 'i.arrangement_id')
    .leftJoin('arrangement_target as t', (join) =>
      join.onRef('t.indicator_id', '=', 'i.id').onRef('t.year', '=', 'm.year'),
    )
    .select([
      'a.reference',
      'a.municipality_code',
      'a.wijk_code',
      'a.theme',
      'a.provider_kind',
      'a.provider_name',
      'i.code',
      'i.name',
      'i.unit',
      'i.baseline',
      'i.direction',
      'i.aggregation',
      't.target',
      'm.period',
      'm.year',
      'm.value',
      'm.source',
      'm.recorded_at',
    ])
    .where('a.status', '<>', 'declined');
  if (placeCode)
    query = query.where((eb) =>
      eb.or([eb('a.wijk_code', '=', placeCode), eb('a.municipality_code', '=', placeCode)]),
    );
  return query.orderBy('a.reference').orderBy('i.position').orderBy('m.period').execute();
}

/** Arrangements by the provider's external id in the given gemeenten (all when `municipalities` is undefined). */
export function findArrangementsByExternalIds(
  db: Queryable,
  externalIds: readonly string[],
  municipalities: readonly string[] | undefined,
) {
  if (externalIds.length === 0 || municipalities?.length === 0) return Promise.resolve([]);
  let query = q(db).selectFrom('arrangement').selectAll().where('external_id', 'in', externalIds);
  if (municipalities) query = query.where('municipality_code', 'in', municipalities);
  return query.execute();
}

export async function updateArrangementStatus(
  db: Queryable,
  id: string,
  status: ArrangementStatus,
  years?: number,
): Promise<void> {
  await q(db)
    .updateTable('arrangement')
    .set(years === undefined ? { status } : { status, years })
    .where('id', '=', id)
    .execute();
}

export async function updateArrangementTexts(
  db: Queryable,
  id: string,
  texts: { theme: string; title: string; description: string },
): Promise<void> {
  await q(db).updateTable('arrangement').set(texts).where('id', '=', id).execute();
}

/** The arrangement, locked for a change of its body (two managers changing it go one after another). */
export function findArrangementForUpdate(db: Queryable, reference: string) {
  return q(db)
    .selectFrom('arrangement')
    .selectAll()
    .where('reference', '=', reference)
    .forUpdate()
    .executeTakeFirst();
}

export async function deleteGoals(db: Queryable, arrangementId: string): Promise<void> {
  await q(db).deleteFrom('arrangement_goal').where('arrangement_id', '=', arrangementId).execute();
}

export async function insertGoals(
  db: Queryable,
  arrangementId: string,
  goals: readonly string[],
): Promise<void> {
  if (goals.length === 0) return;
  await q(db)
    .insertInto('arrangement_goal')
    .values(goals.map((text, position) => ({ arrangement_id: arrangementId, position, text })))
    .execute();
}

export function findGoals(db: Queryable, arrangementIds: readonly string[]) {
  if (arrangementIds.length === 0) return Promise.resolve([]);
  return q(db)
    .selectFrom('arrangement_goal')
    .selectAll()
    .where('arrangement_id', 'in', arrangementIds)
    .orderBy('position')
    .execute();
}

// ---- indicators, targets, measurements ----

export async function insertIndicator(
  db: Queryable,
  row: Omit<Insertable<IndicatorTable>, 'id'>,
): Promise<string> {
  const { id } = await q(db)
    .insertInto('arrangement_indicator')
    .values(row)
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

export async function insertTargets(db: Queryable, rows: readonly TargetRow[]): Promise<void> {
  if (rows.length === 0) return;
  await q(db)
    .insertInto('arrangement_target')
    .values([...rows])
    .execute();
}

export async function updateIndicator(
  db: Queryable,
  id: string,
  fields: Pick<IndicatorTable, 'name' | 'unit' | 'baseline' | 'direction' | 'aggregation'>,
): Promise<void> {
  await q(db).updateTable('arrangement_indicator').set(fields).where('id', '=', id).execute();
}

/** Sets targets; a year that has one gets the new one. */
export async function upsertTargets(db: Queryable, rows: readonly TargetRow[]): Promise<void> {
  if (rows.length === 0) return;
  await q(db)
    .insertInto('arrangement_target')
    .values([...rows])
    .onConflict((oc) =>
      oc.columns(['indicator_id', 'year']).doUpdateSet((eb) => ({ target: eb.ref('excluded.target') })),
    )
    .execute();
}

export function findIndicators(db: Queryable, arrangementIds: readonly string[]) {
  if (arrangementIds.length === 0) return Promise.resolve([]);
  return q(db)
    .selectFrom('arrangement_indicator')
    .selectAll()
    .where('arrangement_id', 'in', arrangementIds)
    .orderBy('position')
    .execute();
}

export function findTargets(db: Queryable, indicatorIds: readonly string[]) {
  if (indicatorIds.length === 0) return Promise.resolve([]);
  return q(db)
    .selectFrom('arrangement_target')
    .selectAll()
    .where('indicator_id', 'in', indicatorIds)
    .execute();
}

export function findMeasurements(db: Queryable, indicatorIds: readonly string[]) {
  if (indicatorIds.length === 0) return Promise.resolve([]);
  return q(db)
    .selectFrom('arrangement_measurement')
    .selectAll()
    .where('indicator_id', 'in', indicatorIds)
    .orderBy('period')
    .execute();
}

/** Writes values; a value for a period already measured replaces it (a correction). */
export async function upsertMeasurements(db: Queryable, rows: readonly MeasurementRow[]): Promise<void> {
  if (rows.length === 0) return;
  await q(db)
    .insertInto('arrangement_measurement')
    .values([...rows])
    .onConflict((oc) =>
      oc.columns(['indicator_id', 'period']).doUpdateSet((eb) => ({
        value: eb.ref('excluded.value'),
        source: eb.ref('excluded.source'),
        via: eb.ref('excluded.via'),
        recorded_at: eb.ref('excluded.recorded_at'),
      })),
    )
    .execute();
}

// ---- money ----

export async function insertFunding(db: Queryable, rows: readonly FundingRow[]): Promise<void> {
  if (rows.length === 0) return;
  await q(db)
    .insertInto('arrangement_funding')
    .values([...rows])
    .execute();
}

export function findFunding(db: Queryable, arrangementIds: readonly string[]) {
  if (arrangementIds.length === 0) return Promise.resolve([]);
  return q(db)
    .selectFrom('arrangement_funding')
    .selectAll()
    .where('arrangement_id', 'in', arrangementIds)
    .orderBy('year')
    .execute();
}

export async function insertTranches(db: Queryable, rows: readonly Omit<Insertable<TrancheTable>, 'id'>[]) {
  if (rows.length === 0) return;
  await q(db)
    .insertInto('arrangement_tranche')
    .values([...rows])
    .execute();
}

/**
 * An arrangement's tranches by year and number; `forUpdate` locks them, so a change of the
 * funding plan and a proposal of a tranche wait for each other.
 */
export function findTranches(db: Queryable, arrangementId: string, options: { forUpdate?: boolean } = {}) {
  const query = q(db)
    .selectFrom('arrangement_tranche')
    .selectAll()
    .where('arrangement_id', '=', arrangementId)
    .orderBy('year')
    .orderBy('number');
  return (options.forUpdate ? query.forUpdate() : query).execute();
}

export async function updateFunding(
  db: Queryable,
  arrangementId: string,
  year: number,
  amountCents: number,
): Promise<void> {
  await q(db)
    .updateTable('arrangement_funding')
    .set({ amount_cents: amountCents })
    .where('arrangement_id', '=', arrangementId)
    .where('year', '=', year)
    .execute();
}

/** Removes a year's tranches; only those no decision was proposed for (the caller checked, under lock). */
export async function deleteOpenTranches(db: Queryable, arrangementId: string, year: number): Promise<void> {
  await q(db)
    .deleteFrom('arrangement_tranche')
    .where('arrangement_id', '=', arrangementId)
    .where('year', '=', year)
    .where('decision_id', 'is', null)
    .execute();
}

/** A tranche, locked: two managers proposing it at once make one decision. */
export function findTrancheForUpdate(db: Queryable, id: string) {
  return q(db)
    .selectFrom('arrangement_tranche')
    .selectAll()
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
}

export async function setTrancheDecision(
  db: Queryable,
  id: string,
  decision: { id: string; reference: string },
  at: Date,
): Promise<void> {
  await q(db)
    .updateTable('arrangement_tranche')
    .set({ decision_id: decision.id, decision_reference: decision.reference, proposed_at: at })
    .where('id', '=', id)
    .execute();
}

// ---- deliverables, evaluations, renewals ----

export async function insertDeliverables(
  db: Queryable,
  rows: readonly Omit<Insertable<DeliverableTable>, 'id'>[],
): Promise<void> {
  if (rows.length === 0) return;
  await q(db)
    .insertInto('arrangement_deliverable')
    .values([...rows])
    .execute();
}

export function findDeliverables(db: Queryable, arrangementId: string) {
  return q(db)
    .selectFrom('arrangement_deliverable')
    .selectAll()
    .where('arrangement_id', '=', arrangementId)
    .orderBy('due_on')
    .execute();
}

export async function reviewDeliverable(
  db: Queryable,
  id: string,
  arrangementId: string,
  review: { status: 'accepted' | 'rejected'; review: string; at: Date },
): Promise<boolean> {
  const result = await q(db)
    .updateTable('arrangement_deliverable')
    .set({ status: review.status, review: review.review, reviewed_at: review.at })
    .where('id', '=', id)
    .where('arrangement_id', '=', arrangementId)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Records a year's evaluation; a second one for the same year replaces the first. */
export async function upsertEvaluation(db: Queryable, row: EvaluationRow): Promise<void> {
  await q(db)
    .insertInto('arrangement_evaluation')
    .values(row)
    .onConflict((oc) =>
      oc.columns(['arrangement_id', 'year']).doUpdateSet((eb) => ({
        results: eb.ref('excluded.results'),
        narrative: eb.ref('excluded.narrative'),
        judgement: eb.ref('excluded.judgement'),
        evaluated_at: eb.ref('excluded.evaluated_at'),
      })),
    )
    .execute();
}

export function findEvaluations(db: Queryable, arrangementIds: readonly string[]) {
  if (arrangementIds.length === 0) return Promise.resolve([]);
  return q(db)
    .selectFrom('arrangement_evaluation')
    .selectAll()
    .where('arrangement_id', 'in', arrangementIds)
    .orderBy('year')
    .execute();
}

export async function insertRenewal(db: Queryable, row: Omit<Insertable<RenewalTable>, 'id'>): Promise<void> {
  await q(db).insertInto('arrangement_renewal').values(row).execute();
}

export function findRenewals(db: Queryable, arrangementId: string) {
  return q(db)
    .selectFrom('arrangement_renewal')
    .selectAll()
    .where('arrangement_id', '=', arrangementId)
    .orderBy('decided_at')
    .execute();
}

// ---- the right to challenge ----

export async function insertTask(db: Queryable, row: Omit<Insertable<TaskTable>, 'id'>): Promise<string> {
  const { id } = await q(db)
    .insertInto('challengeable_task')
    .values(row)
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

export function findTasks(db: Queryable, placeCode: string | undefined) {
  let query = q(db).selectFrom('challengeable_task').selectAll();
  if (placeCode)
    query = query.where((eb) =>
      eb.or([eb('wijk_code', '=', placeCode), eb('municipality_code', '=', placeCode)]),
    );
  return query.orderBy('created_at').limit(500).execute();
}

export function findTask(db: Queryable, id: string) {
  return q(db).selectFrom('challengeable_task').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertChallenge(
  db: Queryable,
  row: Omit<Insertable<ChallengeTable>, 'id'>,
): Promise<string> {
  const { id } = await q(db).insertInto('challenge').values(row).returning('id').executeTakeFirstOrThrow();
  return id;
}

export function findChallenges(db: Queryable, taskIds: readonly string[]) {
  if (taskIds.length === 0) return Promise.resolve([]);
  return q(db)
    .selectFrom('challenge')
    .selectAll()
    .where('task_id', 'in', taskIds)
    .orderBy('submitted_at')
    .execute();
}

export function findChallenge(db: Queryable, id: string) {
  return q(db).selectFrom('challenge').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findChallengeForUpdate(db: Queryable, id: string) {
  return q(db).selectFrom('challenge').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function decideChallenge(
  db: Queryable,
  id: string,
  decision: {
    status: 'granted' | 'refused';
    reason: string;
    route: string;
    deadline: string;
    at: Date;
  },
): Promise<void> {
  await q(db)
    .updateTable('challenge')
    .set({
      status: decision.status,
      decision_reason: decision.reason,
      objection_route: decision.route,
      objection_deadline: decision.deadline,
      decided_at: decision.at,
    })
    .where('id', '=', id)
    .execute();
}

export function findChallengeOfArrangement(db: Queryable, arrangementId: string) {
  return q(db)
    .selectFrom('challenge')
    .select('id')
    .where('arrangement_id', '=', arrangementId)
    .executeTakeFirst();
}
