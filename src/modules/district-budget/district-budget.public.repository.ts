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
  /** The sum rule's keys, to find related decisions; never shown (a person's key is their name). */
  recipient_key: string;
  purpose_key: string;
  initiative_id: string | null;
}

const PUBLIC_COLUMNS = sql.raw(`d.id, d.reference, d.municipality_code, d.wijk_code, d.year, d.kind, d.title,
  d.purpose, d.reason, d.recipient_kind, d.recipient, d.amount_cents, d.buurt_code, d.lat, d.lon,
  d.arrangement_reference, d.spend_by::text as spend_by, d.decided_at, d.approval_reasons, d.status,
  d.status_at, d.made_known_on::text as made_known_on, d.recipient_key, d.purpose_key, d.initiative_id`);

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

/**
 * One page of a scope's register with, in the same statement, how many public decisions the
 * scope has (counted before the page is cut) and how many wait for a second approval. A page
 * past the end has no rows and so no counts: the caller counts then (`countPublicDecisions`).
 */
export async function findRegisterPage(
  db: Queryable,
  scope: PublicScope,
  page: { limit: number; offset: number },
): Promise<{ rows: PublicDecisionRow[]; total: number; awaiting: number } | undefined> {
  const result = await sql<PublicDecisionRow & { total: number; awaiting: number }>`
    select ${PUBLIC_COLUMNS}, count(*) over ()::int as total,
      (select count(*)::int from district_decision d where ${whereAwaiting(scope)}) as awaiting
    from district_decision d
    where ${whereScope(scope)}
    order by d.decided_at desc, d.reference desc
    limit ${page.limit} offset ${page.offset}`.execute(db);
  const first = result.rows[0];
  if (!first) return undefined;
  return {
    rows: result.rows.map(({ total: _total, awaiting: _awaiting, ...row }) => row),
    total: first.total,
    awaiting: first.awaiting,
  };
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

/** A public decision that may be related to others: its public fields and the sum rule's keys (never shown). */
export interface RelatedCandidateRow {
  id: string;
  reference: string;
  title: string;
  wijk_code: string;
  amount_cents: number;
  status: DecisionStatus;
  decided_at: Date;
  recipient_key: string;
  purpose_key: string;
  initiative_id: string | null;
}

/**
 * The public decisions of a gemeente decided between `from` and `until` that share a recipient,
 * purpose or initiative with any of the given keys: the candidates for the related decisions of
 * a page of the register (the caller ties each to the decisions it shows). One statement, three
 * index ranges (recipient, purpose, initiative) or-ed together; the IBAN key is left out, since a
 * payment account is not public.
 */
export async function findRelatedCandidates(
  db: Queryable,
  input: {
    municipalityCode: string;
    from: Date;
    until: Date;
    recipientKeys: readonly string[];
    purposeKeys: readonly string[];
    initiativeIds: readonly string[];
  },
): Promise<RelatedCandidateRow[]> {
  const result = await sql<RelatedCandidateRow>`
    select r.id, r.reference, r.title, r.wijk_code, r.amount_cents, r.status, r.decided_at,
      r.recipient_key, r.purpose_key, r.initiative_id
    from district_decision r
    where r.made_known_on is not null
      and ((r.municipality_code = ${input.municipalityCode}
            and (r.recipient_key = any(${[...input.recipientKeys]}::text[])
              or r.purpose_key = any(${[...input.purposeKeys]}::text[])))
        or r.initiative_id = any(${[...input.initiativeIds]}::uuid[]))
      and r.decided_at between ${input.from} and ${input.until}`.execute(db);
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

function whereAwaiting(scope: PublicScope) {
  return sql.join(
    [
      sql`d.status = 'awaiting_approval'`,
      ...(scope.wijkCode !== undefined ? [sql`d.wijk_code = ${scope.wijkCode}`] : []),
      ...(scope.municipalityCode !== undefined ? [sql`d.municipality_code = ${scope.municipalityCode}`] : []),
      ...(scope.year !== undefined ? [sql`d.year = ${scope.year}`] : []),
    ],
    sql` and `,
  );
}

/** How many decisions of a scope wait for a second approval (public as a count, never their content). */
export async function countAwaiting(db: Queryable, scope: PublicScope): Promise<number> {
  const result = await sql<{
    n: number;
  }>`select count(*)::int as n from district_decision d where ${whereAwaiting(scope)}`.execute(db);
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
