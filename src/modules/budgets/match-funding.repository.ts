import { sql } from 'kysely';
import type { Queryable } from '../../db/database.js';

// Queries of match funding (migration 0016). The match itself is made by budget_pledge_batch.

export interface MatchRuleRow {
  id: string;
  municipality_code: string;
  wijk_code: string;
  year: number;
  ratio_numerator: number;
  ratio_denominator: number;
  initiative_cap_cents: number;
  cap_cents: number;
  used_cents: number;
  decision_reference: string;
  started_at: Date;
  ended_at: Date | null;
}

const ruleColumns = sql`id, municipality_code, wijk_code, year, ratio_numerator, ratio_denominator,
  initiative_cap_cents, cap_cents, used_cents, decision_reference, started_at, ended_at`;

/**
 * The rule in force for a wijk and year, locked as the pledge batches lock it (FOR NO KEY
 * UPDATE): a batch in flight finishes first, and the next one sees what this transaction wrote.
 */
export async function lockCurrentMatchRule(
  db: Queryable,
  wijkCode: string,
  year: number,
): Promise<MatchRuleRow | undefined> {
  const { rows } = await sql<MatchRuleRow>`
    select ${ruleColumns} from budget_match_rule
    where wijk_code = ${wijkCode} and year = ${year} and ended_at is null
    for no key update
  `.execute(db);
  return rows[0];
}

export async function findCurrentMatchRule(
  db: Queryable,
  wijkCode: string,
  year: number,
): Promise<MatchRuleRow | undefined> {
  const { rows } = await sql<MatchRuleRow>`
    select ${ruleColumns} from budget_match_rule
    where wijk_code = ${wijkCode} and year = ${year} and ended_at is null
  `.execute(db);
  return rows[0];
}

/** Every rule (in force or ended) of these wijken in a year, newest first. */
export async function findMatchRulesOfWijken(
  db: Queryable,
  wijkCodes: readonly string[],
  year: number,
): Promise<MatchRuleRow[]> {
  if (wijkCodes.length === 0) return [];
  const { rows } = await sql<MatchRuleRow>`
    select ${ruleColumns} from budget_match_rule
    where wijk_code = any(${[...wijkCodes]}::text[]) and year = ${year}
    order by started_at desc
  `.execute(db);
  return rows;
}

export interface MatchTerms {
  ratioNumerator: number;
  ratioDenominator: number;
  initiativeCapCents: number;
  capCents: number;
}

export async function insertMatchRule(
  db: Queryable,
  row: MatchTerms & {
    municipalityCode: string;
    wijkCode: string;
    year: number;
    decisionReference: string;
    at: Date;
  },
): Promise<MatchRuleRow> {
  const { rows } = await sql<MatchRuleRow>`
    insert into budget_match_rule (municipality_code, wijk_code, year, ratio_numerator, ratio_denominator,
      initiative_cap_cents, cap_cents, decision_reference, started_at)
    values (${row.municipalityCode}, ${row.wijkCode}, ${row.year}, ${row.ratioNumerator}, ${row.ratioDenominator},
      ${row.initiativeCapCents}, ${row.capCents}, ${row.decisionReference}, ${row.at})
    returning ${ruleColumns}
  `.execute(db);
  const rule = rows[0];
  if (!rule) throw new Error('budget_match_rule not written');
  return rule;
}

export async function updateMatchTerms(db: Queryable, id: string, terms: MatchTerms): Promise<MatchRuleRow> {
  const { rows } = await sql<MatchRuleRow>`
    update budget_match_rule set ratio_numerator = ${terms.ratioNumerator},
      ratio_denominator = ${terms.ratioDenominator}, initiative_cap_cents = ${terms.initiativeCapCents},
      cap_cents = ${terms.capCents}
    where id = ${id} returning ${ruleColumns}
  `.execute(db);
  const rule = rows[0];
  if (!rule) throw new Error('budget_match_rule not found');
  return rule;
}

export async function endMatchRule(db: Queryable, id: string, at: Date): Promise<MatchRuleRow> {
  const { rows } = await sql<MatchRuleRow>`
    update budget_match_rule set ended_at = ${at} where id = ${id} returning ${ruleColumns}
  `.execute(db);
  const rule = rows[0];
  if (!rule) throw new Error('budget_match_rule not found');
  return rule;
}

/** The most one initiative holds of a rule's matches (pledges active or funded). */
export async function findLargestInitiativeMatch(db: Queryable, ruleId: string): Promise<number> {
  const { rows } = await sql<{ most: number }>`
    select coalesce(max(s), 0)::bigint as most from (
      select sum(matched_cents) as s from pledge
      where match_rule_id = ${ruleId} and status in ('active','funded') group by initiative_id) t
  `.execute(db);
  return rows[0]?.most ?? 0;
}

/** What a decision still holds in district_granted of its wijk (its ledger reference's balance). */
export async function findGrantedBalance(
  db: Queryable,
  wijkCode: string,
  reference: string,
): Promise<number> {
  const { rows } = await sql<{ balance: number }>`
    select coalesce(sum(amount_cents), 0)::bigint as balance from ledger_line
    where reference = ${reference} and account = 'district_granted' and wijk_code = ${wijkCode}
  `.execute(db);
  return rows[0]?.balance ?? 0;
}

export interface MatchUseRow {
  initiative_id: string;
  reference: string;
  title: string;
  waiting_cents: number;
  funded_cents: number;
  released_cents: number;
  pledges: number;
}

/** Per initiative, the matches made under the rules of a decision: waiting, funded, released. */
export async function findMatchUse(db: Queryable, decisionReference: string): Promise<MatchUseRow[]> {
  const { rows } = await sql<MatchUseRow>`
    select p.initiative_id, i.reference, i.title,
      coalesce(sum(p.matched_cents) filter (where p.status = 'active'), 0)::bigint as waiting_cents,
      coalesce(sum(p.matched_cents) filter (where p.status = 'funded'), 0)::bigint as funded_cents,
      coalesce(sum(p.matched_cents) filter (where p.status = 'released'), 0)::bigint as released_cents,
      count(*)::int as pledges
    from budget_match_rule r
    join pledge p on p.match_rule_id = r.id
    join initiative_brief_v i on i.id = p.initiative_id
    where r.decision_reference = ${decisionReference}
    group by p.initiative_id, i.reference, i.title
    order by i.reference
  `.execute(db);
  return rows;
}

/**
 * Gives matched cents back to their rules (the deadline released their pledges): the wijk caps
 * count them no longer. Called under the goal's lock, after it (goal → rule, as the batches).
 */
export async function returnMatchUse(
  db: Queryable,
  perRule: readonly { ruleId: string; cents: number }[],
): Promise<
  { id: string; municipality_code: string; wijk_code: string; year: number; decision_reference: string }[]
> {
  if (perRule.length === 0) return [];
  const ids = perRule.map((p) => p.ruleId);
  // In id order, as the batches lock them.
  await sql`select 1 from budget_match_rule where id = any(${ids}::uuid[]) order by id for no key update`.execute(
    db,
  );
  const { rows } = await sql<{
    id: string;
    municipality_code: string;
    wijk_code: string;
    year: number;
    decision_reference: string;
  }>`
    update budget_match_rule r set used_cents = r.used_cents - d.cents
    from unnest(${ids}::uuid[], ${perRule.map((p) => p.cents)}::bigint[]) as d(id, cents)
    where r.id = d.id
    returning r.id, r.municipality_code, r.wijk_code, r.year, r.decision_reference
  `.execute(db);
  return rows;
}
