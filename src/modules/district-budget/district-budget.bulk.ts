import { sql } from 'kysely';
import type { Queryable } from '../../db/database.js';
import type { JournalLine, Ledger } from '../budgets/index.js';
import { decisionReference, purposeKey, recipientKey, type DecisionStatus } from './district-budget.js';

// Test and benchmark data only: a year of public decisions for many wijken at once, in bulk SQL
// (a statement per batch of wijken, not a call per decision) with their money in the ledger
// through `Ledger.post`. The rows are what the service would have written for decisions that
// took effect; the mandate and approval paths are the service's own tests' business.

/** A wijk to load: its gemeente, a buurt of it (maintenance orders) and a point in it (their place). */
export interface BulkWijk {
  wijkCode: string;
  municipalityCode: string;
  buurtCode: string;
  point?: { lat: number; lon: number };
}

const PURPOSES = [
  'Losse stoeptegels herstellen',
  'Zwerfvuil opruimen',
  'Onkruid tussen de tegels',
  'Speelplek opknappen',
  'Buurtfeest in de zomer',
  'Moestuin bij de school',
  'Bankjes op het plein',
  'Bloembakken in de straat',
  'Kerstbomen op het plein',
  'Buurtkamer inrichten',
  'Opruimdag met de buurt',
  'Jeu-de-boulesbaan aanleggen',
];
const RECIPIENTS = [
  'Stichting Buurtwerk',
  'Bewonersvereniging De Linde',
  'Hoveniersbedrijf Groen',
  'Stratenmakers Van Dam',
  'Speeltuinvereniging',
  'Buurthuis De Schakel',
  'Schoonmaakbedrijf Helder',
  'Moestuin Samen',
  'Jongerenwerk Oost',
  'Feestcommissie',
  'Stichting Buurtkamer',
  'Tuinclub De Vlinder',
  'Klusploeg Wijk',
  'Vereniging Plein',
  'Kinderwerk Zon',
];

/** What a bulk load made: the decisions per status. */
export interface BulkResult {
  decisions: number;
  byStatus: Partial<Record<DecisionStatus, number>>;
}

/**
 * Loads `perWijk` public decisions per wijk for `year` (decided through the year, about one in
 * three a maintenance order with a place, one in ten to a person), the wijk's budget and its
 * allocation (`allocationCents`), and their money: granted, committed, paid or returned by
 * status, as ledger journals. `batch` wijken per statement.
 */
export async function loadDecisions(
  db: Queryable,
  ledger: Ledger,
  input: {
    wijken: readonly BulkWijk[];
    year: number;
    perWijk: number;
    allocationCents: number;
    at: Date;
    batch?: number;
  },
): Promise<BulkResult> {
  const batch = input.batch ?? 50;
  const result: BulkResult = { decisions: 0, byStatus: {} };
  const purposeKeys = PURPOSES.map(purposeKey);
  const recipientKeys = RECIPIENTS.map(recipientKey);
  for (let start = 0; start < input.wijken.length; start += batch) {
    const wijken = input.wijken.slice(start, start + batch);
    await sql`
      insert into district_budget (wijk_code, year, municipality_code)
      select w, ${input.year}, m from unnest(${wijken.map((w) => w.wijkCode)}::text[], ${wijken.map((w) => w.municipalityCode)}::text[]) as t(w, m)
      on conflict do nothing`.execute(db);
    const rows = await sql<{
      id: string;
      wijk_code: string;
      municipality_code: string;
      amount_cents: number;
      status: DecisionStatus;
    }>`
      with w as (
        select * from unnest(${wijken.map((w) => w.wijkCode)}::text[], ${wijken.map((w) => w.municipalityCode)}::text[],
          ${wijken.map((w) => w.buurtCode)}::text[], ${wijken.map((w) => w.point?.lat ?? null)}::float8[],
          ${wijken.map((w) => w.point?.lon ?? null)}::float8[]) as t(wijk, gm, buurt, lat, lon)
      ),
      d as (
        select w.*, n,
          case when n % 3 = 0 then 'maintenance' else 'grant' end as kind,
          case when n % 10 = 0 then 'person' when n % 3 = 0 then 'organisation' else 'initiative' end as recipient_kind,
          case n % 10 when 1 then 'returned' when 2 then 'granted' when 3 then 'committed' when 4 then 'committed'
            else 'paid' end as status,
          (${input.year}::text || '-01-01')::timestamptz
            + make_interval(secs => (n::float8 / (${input.perWijk} + 1)) * 360 * 86400) as decided_at
        from w cross join generate_series(1, ${input.perWijk}) as n
      )
      insert into district_decision (reference, municipality_code, wijk_code, year, kind, title, purpose, purpose_key,
        reason, recipient_kind, recipient, recipient_key, amount_cents, initiative_id, buurt_code, lat, lon,
        decided_by_label, decided_at, status, status_at, made_known_on, updated_at)
      select 'WB-' || substr(gm, 3) || '-' || ${input.year} || '-' || substr(wijk, 7) || lpad(n::text, 4, '0'),
        gm, wijk, ${input.year}, kind,
        (${PURPOSES}::text[])[1 + n % ${PURPOSES.length}],
        (${PURPOSES}::text[])[1 + n % ${PURPOSES.length}] || ' in de wijk',
        (${purposeKeys}::text[])[1 + n % ${purposeKeys.length}] || ' ' || lower(wijk),
        'Past bij het wijkplan en de buurt vroeg erom.',
        recipient_kind,
        case when recipient_kind = 'person' then 'Jan de Vries ' || n
          else (${RECIPIENTS}::text[])[1 + n % ${RECIPIENTS.length}] || ' ' || wijk end,
        case when recipient_kind = 'person' then 'jan de vries ' || n
          else (${recipientKeys}::text[])[1 + n % ${recipientKeys.length}] || ' ' || lower(wijk) end,
        (25000 + (n * 7919) % 400000)::bigint,
        case when kind = 'grant' then md5(wijk || ':' || (n % 30))::uuid end,
        case when kind = 'maintenance' then buurt end,
        case when kind = 'maintenance' and lat is not null then lat + (n % 7) * 0.0004 end,
        case when kind = 'maintenance' and lon is not null then lon + (n % 5) * 0.0006 end,
        'Wijkmanager (testgegevens)', decided_at, status, decided_at + interval '20 days',
        (decided_at at time zone 'Europe/Amsterdam')::date, decided_at + interval '20 days'
      from d
      returning id, wijk_code, municipality_code, amount_cents, status`.execute(db);

    const line = (
      r: { wijk_code: string; municipality_code: string; id: string | null },
      kind: JournalLine['kind'],
      account: JournalLine['account'],
      cents: number,
    ): JournalLine => ({
      kind,
      account,
      municipalityCode: r.municipality_code,
      year: input.year,
      wijkCode: r.wijk_code,
      reference: r.id === null ? null : decisionReference(r.id),
      amountCents: cents,
    });
    const allocation = wijken.flatMap((w) => {
      const r = { wijk_code: w.wijkCode, municipality_code: w.municipalityCode, id: null };
      return [
        line(r, 'allocate', 'district_source', -input.allocationCents),
        line(r, 'allocate', 'district_budget', input.allocationCents),
      ];
    });
    await ledger.post(db, allocation, input.at);
    const moves = (
      filter: (s: DecisionStatus) => boolean,
      kind: JournalLine['kind'],
      from: JournalLine['account'],
      to: JournalLine['account'],
    ) =>
      rows.rows
        .filter((r) => filter(r.status))
        .flatMap((r) => [line(r, kind, from, -r.amount_cents), line(r, kind, to, r.amount_cents)]);
    const journals = [
      moves(() => true, 'grant', 'district_budget', 'district_granted'),
      moves((s) => s === 'committed' || s === 'paid', 'commit', 'district_granted', 'district_committed'),
      moves((s) => s === 'paid', 'pay', 'district_committed', 'district_paid'),
      moves((s) => s === 'returned', 'return', 'district_granted', 'district_budget'),
    ];
    for (const lines of journals) if (lines.length > 0) await ledger.post(db, lines, input.at);
    for (const r of rows.rows) {
      result.decisions++;
      result.byStatus[r.status] = (result.byStatus[r.status] ?? 0) + 1;
    }
  }
  return result;
}
