import { sql } from 'kysely';
import type { Queryable } from '../../db/database.js';
import type { ApprovalReason, DecisionKind, DecisionStatus, RecipientKind } from './district-budget.js';

// The public register's reads (SQL only; the public service maps the rows). Only decisions that
// were made known are public (`made_known_on`: not those waiting for a second approval, nor
// expired or withdrawn ones), and only the columns the register shows: never the payment
// details, the decider's account or name, or a conflict note.

/** A public decision as the register reads it. `recipient` is a person's name only in the row: the presenter hides it. */
export interface PublicDecisionRow {
  id: string;
  reference: string;
  municipality_code: string;
  wijk_code: string;
  year: number;
  kind: DecisionKind;
  title: string;
  purpose: string;
  reason: string;
  recipient_kind: RecipientKind;
  recipient: string;
  amount_cents: number;
  buurt_code: string | null;
  lat: number | null;
  lon: number | null;
  arrangement_reference: string | null;
  spend_by: string | null;
  decided_at: Date;
  approval_reasons: ApprovalReason[];
  status: DecisionStatus;
  status_at: Date;
  made_known_on: string;
}

const PUBLIC_COLUMNS = sql.raw(`d.id, d.reference, d.municipality_code, d.wijk_code, d.year, d.kind, d.title,
  d.purpose, d.reason, d.recipient_kind, d.recipient, d.amount_cents, d.buurt_code, d.lat, d.lon,
  d.arrangement_reference, d.spend_by::text as spend_by, d.decided_at, d.approval_reasons, d.status,
  d.status_at, d.made_known_on::text as made_known_on`);

/** Where: one wijk, or every wijk of a gemeente; a year, or every year. */
export interface PublicScope {
  wijkCode?: string;
  municipalityCode?: string;
  year?: number;
}

function whereScope(scope: PublicScope) {
  return sql.join(
    [
      sql`d.made_known_on is not null`,
      ...(scope.wijkCode !== undefined ? [sql`d.wijk_code = ${scope.wijkCode}`] : []),
      ...(scope.municipalityCode !== undefined ? [sql`d.municipality_code = ${scope.municipalityCode}`] : []),
      ...(scope.year !== undefined ? [sql`d.year = ${scope.year}`] : []),
    ],
    sql` and `,
  );
}

/** The public decisions of a scope, newest first; `limit`/`offset` for a page of them. */
export async function findPublicDecisions(
  db: Queryable,
  scope: PublicScope,
  page: { limit: number; offset: number },
): Promise<PublicDecisionRow[]> {
  const result = await sql<PublicDecisionRow>`
    select ${PUBLIC_COLUMNS} from district_decision d
    where ${whereScope(scope)}
    order by d.decided_at desc, d.reference desc
    limit ${page.limit} offset ${page.offset}`.execute(db);
  return result.rows;
}

/** How many public decisions a scope has. */
export async function countPublicDecisions(db: Queryable, scope: PublicScope): Promise<number> {
  const result = await sql<{ n: number }>`
    select count(*)::int as n from district_decision d where ${whereScope(scope)}`.execute(db);
  return result.rows[0]?.n ?? 0;
}

/** One public decision by its reference (WB-0637-2026-0042). */
export async function findPublicDecision(
  db: Queryable,
  reference: string,
): Promise<PublicDecisionRow | undefined> {
  const result = await sql<PublicDecisionRow>`
    select ${PUBLIC_COLUMNS} from district_decision d
    where d.reference = ${reference} and d.made_known_on is not null`.execute(db);
  return result.rows[0];
}

/** A decision related to one of the register's: its public fields and what ties them. */
export interface PublicRelatedRow {
  of_id: string;
  reference: string;
  title: string;
  wijk_code: string;
  amount_cents: number;
  status: DecisionStatus;
  decided_at: Date;
  same_recipient: boolean;
  same_initiative: boolean;
  same_purpose: boolean;
  /** How many related decisions `of_id` has in all (the rows stop at `perDecision`). */
  total: number;
}

/**
 * For each of `ids`, the other public decisions of its gemeente decided within twelve months
 * before or after it for the same recipient, initiative or purpose (the sum rule's keys; the
 * IBAN key is left out, since a payment account is not public), at most `perDecision` each,
 * nearest in time first. One statement: three index lookups per decision (recipient, purpose,
 * initiative), joined.
 */
export async function findRelatedPublic(
  db: Queryable,
  ids: readonly string[],
  perDecision: number,
): Promise<PublicRelatedRow[]> {
  if (ids.length === 0) return [];
  const result = await sql<PublicRelatedRow>`
    with shown as (
      select id, municipality_code, recipient_key, purpose_key, initiative_id, decided_at
      from district_decision where id = any(${[...ids]}::uuid[])
    ),
    pairs as (
      select s.id as of_id, r.id as related_id, s.decided_at as at, 'recipient' as tie
        from shown s join district_decision r
          on r.municipality_code = s.municipality_code and r.recipient_key = s.recipient_key
         and r.decided_at between s.decided_at - interval '12 months' and s.decided_at + interval '12 months'
        where s.recipient_key <> ''
      union all
      select s.id, r.id, s.decided_at, 'purpose'
        from shown s join district_decision r
          on r.municipality_code = s.municipality_code and r.purpose_key = s.purpose_key
         and r.decided_at between s.decided_at - interval '12 months' and s.decided_at + interval '12 months'
        where s.purpose_key <> ''
      union all
      select s.id, r.id, s.decided_at, 'initiative'
        from shown s join district_decision r
          on r.initiative_id = s.initiative_id
         and r.decided_at between s.decided_at - interval '12 months' and s.decided_at + interval '12 months'
        where s.initiative_id is not null
    ),
    tied as (
      select p.of_id, p.related_id, min(p.at) as at,
        bool_or(p.tie = 'recipient') as same_recipient,
        bool_or(p.tie = 'initiative') as same_initiative,
        bool_or(p.tie = 'purpose') as same_purpose
      from pairs p where p.related_id <> p.of_id
      group by p.of_id, p.related_id
    ),
    ranked as (
      select t.*, d.reference, d.title, d.wijk_code, d.amount_cents, d.status, d.decided_at,
        row_number() over (partition by t.of_id order by abs(extract(epoch from d.decided_at - t.at)), d.reference) as n,
        count(*) over (partition by t.of_id)::int as total
      from tied t join district_decision d on d.id = t.related_id
      where d.made_known_on is not null
    )
    select of_id, reference, title, wijk_code, amount_cents, status, decided_at,
      same_recipient, same_initiative, same_purpose, total
    from ranked where n <= ${perDecision}
    order by of_id, n`.execute(db);
  return result.rows;
}

/** The years a place has district budgets for (a wijk, or any wijk of a gemeente), newest first. */
export async function findBudgetYears(
  db: Queryable,
  scope: { wijkCode?: string; municipalityCode?: string },
) {
  const where =
    scope.wijkCode !== undefined
      ? sql`wijk_code = ${scope.wijkCode}`
      : sql`municipality_code = ${scope.municipalityCode ?? ''}`;
  const result = await sql<{ year: number }>`
    select distinct year from district_budget where ${where} order by year desc`.execute(db);
  return result.rows.map((r) => r.year);
}

/** The wijken of a gemeente with a district budget in a year. */
export async function findBudgetWijken(
  db: Queryable,
  municipalityCode: string,
  year: number,
): Promise<string[]> {
  const result = await sql<{ wijk_code: string }>`
    select wijk_code from district_budget where municipality_code = ${municipalityCode} and year = ${year}
    order by wijk_code`.execute(db);
  return result.rows.map((r) => r.wijk_code);
}

/** How many decisions of a scope wait for a second approval (public as a count, never their content). */
export async function countAwaiting(db: Queryable, scope: PublicScope): Promise<number> {
  const where = sql.join(
    [
      sql`d.status = 'awaiting_approval'`,
      ...(scope.wijkCode !== undefined ? [sql`d.wijk_code = ${scope.wijkCode}`] : []),
      ...(scope.municipalityCode !== undefined ? [sql`d.municipality_code = ${scope.municipalityCode}`] : []),
      ...(scope.year !== undefined ? [sql`d.year = ${scope.year}`] : []),
    ],
    sql` and `,
  );
  const result = await sql<{
    n: number;
  }>`select count(*)::int as n from district_decision d where ${where}`.execute(db);
  return result.rows[0]?.n ?? 0;
}

/** The day (Amsterdam) and amount of every decision of a wijk's year that took effect (for the late-in-year flag). */
export async function findGrantDays(
  db: Queryable,
  wijkCode: string,
  year: number,
): Promise<{ decidedOn: string; amountCents: number }[]> {
  const result = await sql<{ decidedOn: string; amountCents: number }>`
    select (d.decided_at at time zone 'Europe/Amsterdam')::date::text as "decidedOn", d.amount_cents as "amountCents"
    from district_decision d
    where d.wijk_code = ${wijkCode} and d.year = ${year} and d.made_known_on is not null
      and d.status in ('granted', 'committed', 'paid', 'returned')`.execute(db);
  return result.rows;
}

/** The gemeenten with a district budget in any year (for the open-data catalogue). */
export async function findMunicipalitiesWithBudgets(db: Queryable): Promise<string[]> {
  const result = await sql<{ municipality_code: string }>`
    select distinct municipality_code from district_budget order by municipality_code`.execute(db);
  return result.rows.map((r) => r.municipality_code);
}
