import {
  sql,
  type ColumnType,
  type ExpressionBuilder,
  type Generated,
  type Insertable,
  type Selectable,
} from 'kysely';
import type { Queryable } from '../../db/database.js';
import type { Channel, HelpKind, Mover, Stage, Theme } from './initiative.js';

interface InitiativeTable {
  id: Generated<string>;
  reference: string;
  title: string;
  summary: string;
  for_whom: string;
  themes: Theme[];
  help_wanted: HelpKind[];
  buurt_code: string;
  wijk_code: string;
  municipality_code: string;
  location_description: string;
  lat: number | null;
  lon: number | null;
  stage: Stage;
  channel: Channel;
  initiator_name: string;
  initiator_email: string | null;
  initiator_phone: string | null;
  tracking_token_hash: string;
  coach_account_id: string | null;
  submitted_by_account_id: string | null;
  intake_due_on: ColumnType<string, string, string>;
  published_at: Date | null;
  created_at: ColumnType<Date, Date | undefined, never>;
  updated_at: ColumnType<Date, Date | undefined, Date>;
}

interface CounterTable {
  year: number;
  last: number;
}

interface BudgetLineTable {
  initiative_id: string;
  position: number;
  description: string;
  amount_cents: number;
}

interface PhotoTable {
  initiative_id: string;
  upload_id: string;
  position: number;
  alt: string;
}

interface EventTable {
  id: Generated<number>;
  initiative_id: string;
  at: ColumnType<Date, Date | undefined, never>;
  from_stage: Stage | null;
  to_stage: Stage;
  reason: string;
  mover: Mover;
  actor_account_id: string | null;
}

interface MessageTable {
  id: Generated<number>;
  initiative_id: string;
  at: ColumnType<Date, Date | undefined, never>;
  author: 'initiator' | 'staff';
  author_account_id: string | null;
  author_label: string;
  body: string;
  staff_only: boolean;
}

interface ParticipantTable {
  initiative_id: string;
  account_id: string;
  added_at: Generated<Date>;
}

// A type alias, not an interface: Kysely's withTables needs the implicit index signature.
type InitiativesTables = {
  initiative: InitiativeTable;
  initiative_reference_counter: CounterTable;
  initiative_budget_line: BudgetLineTable;
  initiative_photo: PhotoTable;
  initiative_event: EventTable;
  initiative_message: MessageTable;
  initiative_participant: ParticipantTable;
};

const q = (db: Queryable) => db.withTables<InitiativesTables>();

export type InitiativeRow = Selectable<InitiativeTable>;
export type BudgetLineRow = Selectable<BudgetLineTable>;
export type PhotoRow = Selectable<PhotoTable>;
export type EventRow = Selectable<EventTable>;
export type MessageRow = Selectable<MessageTable>;

/** The next number of the year's reference sequence; the row lock serialises concurrent submissions. */
export async function nextReferenceNumber(db: Queryable, year: number): Promise<number> {
  const row = await q(db)
    .insertInto('initiative_reference_counter')
    .values({ year, last: 1 })
    .onConflict((oc) =>
      oc.column('year').doUpdateSet((eb) => ({ last: eb('initiative_reference_counter.last', '+', 1) })),
    )
    .returning('last')
    .executeTakeFirstOrThrow();
  return row.last;
}

/** A new initiative: without a coach and unpublished (stage moves set those), its id from the database. */
export type NewInitiativeRow = Omit<
  Insertable<InitiativeTable>,
  'id' | 'coach_account_id' | 'published_at' | 'updated_at'
>;

export async function insertInitiative(db: Queryable, row: NewInitiativeRow): Promise<string> {
  const inserted = await q(db)
    .insertInto('initiative')
    .values({
      ...row,
      // Arrays as text[] literals: pg would send a JS array as a Postgres array anyway, but
      // spelling the cast keeps PGlite and PostgreSQL reading it the same way.
      themes: sql<Theme[]>`${row.themes}::text[]`,
      help_wanted: sql<HelpKind[]>`${row.help_wanted}::text[]`,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return inserted.id;
}

export async function insertBudgetLines(
  db: Queryable,
  initiativeId: string,
  lines: readonly { description: string; amountCents: number }[],
): Promise<void> {
  if (lines.length === 0) return;
  await q(db)
    .insertInto('initiative_budget_line')
    .values(
      lines.map((l, position) => ({
        initiative_id: initiativeId,
        position,
        description: l.description,
        amount_cents: l.amountCents,
      })),
    )
    .execute();
}

export async function insertPhotos(
  db: Queryable,
  initiativeId: string,
  photos: readonly { uploadId: string; alt: string }[],
): Promise<void> {
  if (photos.length === 0) return;
  await q(db)
    .insertInto('initiative_photo')
    .values(
      photos.map((p, position) => ({
        initiative_id: initiativeId,
        upload_id: p.uploadId,
        position,
        alt: p.alt,
      })),
    )
    .execute();
}

export async function insertEvent(
  db: Queryable,
  event: {
    initiativeId: string;
    from: Stage | null;
    to: Stage;
    reason: string;
    mover: Mover;
    actorAccountId: string | null;
    at?: Date;
  },
): Promise<void> {
  await q(db)
    .insertInto('initiative_event')
    .values({
      initiative_id: event.initiativeId,
      from_stage: event.from,
      to_stage: event.to,
      reason: event.reason,
      mover: event.mover,
      actor_account_id: event.actorAccountId,
      ...(event.at ? { at: event.at } : {}),
    })
    .execute();
}

export async function findInitiativeById(db: Queryable, id: string): Promise<InitiativeRow | undefined> {
  return q(db).selectFrom('initiative').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findInitiativeByReference(
  db: Queryable,
  reference: string,
): Promise<InitiativeRow | undefined> {
  return q(db).selectFrom('initiative').selectAll().where('reference', '=', reference).executeTakeFirst();
}

export async function findInitiativeByTokenHash(
  db: Queryable,
  hash: string,
): Promise<InitiativeRow | undefined> {
  return q(db)
    .selectFrom('initiative')
    .selectAll()
    .where('tracking_token_hash', '=', hash)
    .executeTakeFirst();
}

/** Locks the row for a stage move, so two coaches clicking at once cannot both move it. */
export async function lockInitiative(db: Queryable, id: string): Promise<InitiativeRow | undefined> {
  return q(db).selectFrom('initiative').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function updateStage(db: Queryable, id: string, stage: Stage, publish: boolean): Promise<void> {
  await q(db)
    .updateTable('initiative')
    .set({
      stage,
      updated_at: new Date(),
      ...(publish ? { published_at: sql<Date>`coalesce(published_at, now())` } : {}),
    })
    .where('id', '=', id)
    .execute();
}

export async function updateCoach(db: Queryable, id: string, accountId: string | null): Promise<void> {
  await q(db)
    .updateTable('initiative')
    .set({ coach_account_id: accountId, updated_at: new Date() })
    .where('id', '=', id)
    .execute();
}

export async function findBudgetLines(db: Queryable, initiativeId: string): Promise<BudgetLineRow[]> {
  return q(db)
    .selectFrom('initiative_budget_line')
    .selectAll()
    .where('initiative_id', '=', initiativeId)
    .orderBy('position')
    .execute();
}

/** An initiative's photos in order (their files are the uploads module's). */
export async function findPhotos(db: Queryable, initiativeId: string): Promise<PhotoRow[]> {
  return q(db)
    .selectFrom('initiative_photo')
    .selectAll()
    .where('initiative_id', '=', initiativeId)
    .orderBy('position')
    .execute();
}

export async function findEvents(db: Queryable, initiativeId: string): Promise<EventRow[]> {
  return q(db)
    .selectFrom('initiative_event')
    .selectAll()
    .where('initiative_id', '=', initiativeId)
    .orderBy('at')
    .orderBy('id')
    .execute();
}

export async function findMessages(
  db: Queryable,
  initiativeId: string,
  options: { includeStaffOnly: boolean },
): Promise<MessageRow[]> {
  return q(db)
    .selectFrom('initiative_message')
    .selectAll()
    .where('initiative_id', '=', initiativeId)
    .$if(!options.includeStaffOnly, (qb) => qb.where('staff_only', '=', false))
    .orderBy('at')
    .orderBy('id')
    .execute();
}

export async function insertMessage(
  db: Queryable,
  message: {
    initiativeId: string;
    author: 'initiator' | 'staff';
    authorAccountId: string | null;
    authorLabel: string;
    body: string;
    staffOnly: boolean;
    at?: Date;
  },
): Promise<void> {
  await q(db)
    .insertInto('initiative_message')
    .values({
      initiative_id: message.initiativeId,
      author: message.author,
      author_account_id: message.authorAccountId,
      author_label: message.authorLabel,
      body: message.body,
      staff_only: message.staffOnly,
      ...(message.at ? { at: message.at } : {}),
    })
    .execute();
}

export async function insertParticipant(
  db: Queryable,
  initiativeId: string,
  accountId: string,
): Promise<void> {
  await q(db)
    .insertInto('initiative_participant')
    .values({ initiative_id: initiativeId, account_id: accountId })
    .onConflict((oc) => oc.columns(['initiative_id', 'account_id']).doNothing())
    .execute();
}

/** The staff asked into an initiative's thread (their names come from identity). */
export async function findParticipantIds(db: Queryable, initiativeId: string): Promise<string[]> {
  const rows = await q(db)
    .selectFrom('initiative_participant')
    .select('account_id')
    .where('initiative_id', '=', initiativeId)
    .execute();
  return rows.map((r) => r.account_id);
}

export async function isParticipant(
  db: Queryable,
  initiativeId: string,
  accountId: string,
): Promise<boolean> {
  const row = await q(db)
    .selectFrom('initiative_participant')
    .select('account_id')
    .where('initiative_id', '=', initiativeId)
    .where('account_id', '=', accountId)
    .executeTakeFirst();
  return row !== undefined;
}

/** Initiatives in any of `codes`, each a gemeente, wijk or buurt code (of `initiative as i`). */
function inPlaces(codes: readonly string[]) {
  return (eb: ExpressionBuilder<{ i: InitiativeTable }, 'i'>) =>
    eb.or([
      eb('i.municipality_code', 'in', codes),
      eb('i.wijk_code', 'in', codes),
      eb('i.buurt_code', 'in', codes),
    ]);
}

export interface PublicFilter {
  placeCode?: string | undefined;
  stages: readonly Stage[];
  theme?: Theme | undefined;
  limit: number;
  offset: number;
}

/**
 * Public initiatives: those that were ever published (see `isPublic`), in the stages asked for.
 * `placeCode` matches a gemeente, wijk or buurt code.
 */
export async function findPublicInitiatives(db: Queryable, filter: PublicFilter): Promise<InitiativeRow[]> {
  return (
    q(db)
      .selectFrom('initiative as i')
      .selectAll('i')
      .where('i.stage', 'in', filter.stages)
      // Published once: every move into a public stage sets it, and it is never cleared.
      .where('i.published_at', 'is not', null)
      .$if(filter.placeCode !== undefined, (qb) => qb.where(inPlaces([filter.placeCode ?? ''])))
      .$if(filter.theme !== undefined, (qb) => qb.where(sql<boolean>`${filter.theme ?? ''} = any(i.themes)`))
      .orderBy('i.updated_at', 'desc')
      .orderBy('i.reference', 'desc')
      .limit(filter.limit)
      .offset(filter.offset)
      .execute()
  );
}

/** Budget totals of several initiatives at once (list pages, open data). */
export async function findBudgetTotals(db: Queryable, ids: readonly string[]): Promise<Map<string, number>> {
  if (ids.length === 0) return new Map();
  const rows = await q(db)
    .selectFrom('initiative_budget_line')
    .select(['initiative_id', (eb) => eb.fn.sum<number>('amount_cents').as('total')])
    .where('initiative_id', 'in', ids)
    .groupBy('initiative_id')
    .execute();
  return new Map(rows.map((r) => [r.initiative_id, Number(r.total)]));
}

export interface QueueFilter {
  /** Place codes the coach covers (gemeenten or wijken). */
  scopes: readonly string[];
  stages: readonly Stage[];
  coachAccountId?: string | undefined;
  unassigned?: boolean | undefined;
  placeCode?: string | undefined;
  limit: number;
}

export type QueueRow = InitiativeRow;

/** Initiatives (`i`) as the queue lists them (the coach's name comes from identity). */
function selectQueueRows(db: Queryable) {
  return q(db).selectFrom('initiative as i').selectAll('i');
}

/** The desk's queue: initiatives in the coach's places, oldest due date first. */
export async function findQueue(db: Queryable, filter: QueueFilter): Promise<QueueRow[]> {
  if (filter.scopes.length === 0) return [];
  return selectQueueRows(db)
    .where(inPlaces(filter.scopes))
    .where('i.stage', 'in', filter.stages)
    .$if(filter.coachAccountId !== undefined, (qb) =>
      qb.where('i.coach_account_id', '=', filter.coachAccountId ?? ''),
    )
    .$if(filter.unassigned === true, (qb) => qb.where('i.coach_account_id', 'is', null))
    .$if(filter.placeCode !== undefined, (qb) => qb.where(inPlaces([filter.placeCode ?? ''])))
    .orderBy('i.intake_due_on')
    .orderBy('i.created_at')
    .limit(filter.limit)
    .execute();
}

/** Initiatives someone was asked into, wherever they are. */
export async function findInitiativesWithParticipant(db: Queryable, accountId: string): Promise<QueueRow[]> {
  return selectQueueRows(db)
    .innerJoin('initiative_participant as p', 'p.initiative_id', 'i.id')
    .where('p.account_id', '=', accountId)
    .orderBy('i.updated_at', 'desc')
    .limit(100)
    .execute();
}

/** The initiative a photo's upload belongs to (to decide who may see it); undefined when it is no photo. */
export async function findPhotoOwner(
  db: Queryable,
  uploadId: string,
): Promise<
  | {
      initiative_id: string;
      stage: Stage;
      published_at: Date | null;
      municipality_code: string;
      buurt_code: string;
    }
  | undefined
> {
  return q(db)
    .selectFrom('initiative_photo as p')
    .innerJoin('initiative as i', 'i.id', 'p.initiative_id')
    .select(['i.id as initiative_id', 'i.stage', 'i.published_at', 'i.municipality_code', 'i.buurt_code'])
    .where('p.upload_id', '=', uploadId)
    .executeTakeFirst();
}

export async function countInitiatives(db: Queryable): Promise<number> {
  const row = await q(db)
    .selectFrom('initiative')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Public initiatives of a place (gemeente, wijk or buurt code) now in one of `stages`: what its public list counts. */
export async function countPublicInitiatives(
  db: Queryable,
  placeCode: string,
  stages: readonly Stage[],
): Promise<number> {
  const row = await q(db)
    .selectFrom('initiative as i')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('i.stage', 'in', stages)
    .where('i.published_at', 'is not', null)
    .where(inPlaces([placeCode]))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Initiatives of a place that reached their goal (moved to `funded`) in a calendar year, Amsterdam time. */
export async function countFundedInYear(db: Queryable, placeCode: string, year: number): Promise<number> {
  const row = await q(db)
    .selectFrom('initiative as i')
    .select((eb) => eb.fn.count<number>('i.id').distinct().as('n'))
    .innerJoin('initiative_event as e', 'e.initiative_id', 'i.id')
    .where('e.to_stage', '=', 'funded')
    .where(sql<boolean>`extract(year from e.at at time zone 'Europe/Amsterdam') = ${year}`)
    .where(inPlaces([placeCode]))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
