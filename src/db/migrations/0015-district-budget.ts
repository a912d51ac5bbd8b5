import { sql, type Kysely } from 'kysely';

// The district budget (wijkbudget): a budget per wijk and year, allocated from the gemeente in
// the one ledger (ledger_line, migration 0014: the money itself lives there, never here), and
// the decisions on it with their mandate check and second approval.
//
// district_setting        per gemeente: carry-over (0–3 years), the late-in-year share that
//                         raises the flag, how long an approval request stays open
// district_budget         one row per wijk and year: the row decisions on that wijk lock
// district_mandate        a manager's limit in a gemeente, set by an administrator
// district_backup_approver  the gemeente's pool of backup approvers
// district_decision       what was decided: kind, amount, purpose, recipient, reason, decider …
// district_payment_detail the recipient's payment details (IBAN): personal data, never public
// district_approval       a second person's approval, frozen to a hash of what they approved
// district_decision_event every step of a decision (made, approved, granted, committed, paid …)
// district_sum_key        one row per recipient / IBAN / initiative / purpose key in a gemeente:
//                         locked by every decision on that key, so two decisions cannot both
//                         pass the 12-month sum rule by deciding at the same time
// district_reference_counter  the public reference numbers (WB-2026-0001) per gemeente and year

const KINDS = ['grant', 'top_up', 'maintenance', 'arrangement'];
const STATUSES = [
  'awaiting_approval',
  'granted',
  'committed',
  'paid',
  'returned',
  'rejected',
  'expired',
  'withdrawn',
];
const RECIPIENT_KINDS = ['initiative', 'organisation', 'person'];
const APPROVAL_STATUSES = ['pending', 'approved', 'rejected', 'expired', 'void'];

const list = (values: readonly string[]) => sql.join(values.map((v) => sql.lit(v)));

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table district_setting (
      municipality_code text primary key,
      carry_over_years smallint not null default 1 check (carry_over_years between 0 and 3),
      late_share_percent smallint not null default 25 check (late_share_percent between 1 and 100),
      approval_days smallint not null default 30 check (approval_days between 1 and 365),
      updated_at timestamptz not null default now(),
      updated_by_account_id uuid
    )`.execute(db);

  await sql`
    create table district_budget (
      wijk_code text not null,
      year integer not null check (year between 2000 and 2200),
      municipality_code text not null,
      closed_at timestamptz,
      created_at timestamptz not null default now(),
      primary key (wijk_code, year),
      check (wijk_code like 'WK%' and substr(wijk_code, 3, 4) = substr(municipality_code, 3, 4))
    )`.execute(db);
  await sql`create index district_budget_municipality_idx on district_budget (municipality_code, year)`.execute(
    db,
  );

  await sql`
    create table district_mandate (
      account_id uuid not null,
      municipality_code text not null,
      limit_cents bigint not null check (limit_cents >= 0),
      set_by_account_id uuid,
      set_at timestamptz not null default now(),
      primary key (account_id, municipality_code)
    )`.execute(db);

  await sql`
    create table district_backup_approver (
      municipality_code text not null,
      account_id uuid not null,
      added_by_account_id uuid,
      added_at timestamptz not null default now(),
      primary key (municipality_code, account_id)
    )`.execute(db);

  await sql`
    create table district_reference_counter (
      municipality_code text not null,
      year integer not null,
      last integer not null,
      primary key (municipality_code, year)
    )`.execute(db);

  await sql`
    create table district_decision (
      id uuid primary key default gen_random_uuid(),
      reference text not null unique,
      municipality_code text not null,
      wijk_code text not null,
      year integer not null,
      kind text not null check (kind in (${list(KINDS)})),
      title text not null check (length(title) between 1 and 200),
      purpose text not null check (length(purpose) between 1 and 500),
      purpose_key text not null,
      reason text not null check (length(reason) between 1 and 4000),
      recipient_kind text not null check (recipient_kind in (${list(RECIPIENT_KINDS)})),
      recipient text not null check (length(recipient) between 1 and 200),
      recipient_key text not null,
      amount_cents bigint not null check (amount_cents > 0),
      initiative_id uuid,
      buurt_code text,
      lat double precision,
      lon double precision,
      report_id text,
      arrangement_id text,
      arrangement_reference text,
      match_numerator integer,
      match_denominator integer,
      match_cap_initiative_cents bigint,
      spend_by date,
      decided_by_account_id uuid,
      decided_by_label text not null,
      decided_at timestamptz not null,
      conflict_of_interest boolean not null default false,
      conflict_note text,
      approval_reasons text[] not null default '{}',
      status text not null check (status in (${list(STATUSES)})),
      status_at timestamptz not null,
      made_known_on date,
      version integer not null default 1,
      updated_at timestamptz not null,
      foreign key (wijk_code, year) references district_budget (wijk_code, year),
      check ((kind = 'grant') <= (initiative_id is not null)),
      check ((kind = 'maintenance') <= (buurt_code is not null)),
      check (buurt_code is null or 'WK' || substr(buurt_code, 3, 6) = wijk_code),
      check ((lat is null) = (lon is null)),
      check ((kind = 'arrangement') <= (arrangement_id is not null and arrangement_reference is not null)),
      check ((kind = 'top_up') = (match_numerator is not null and match_denominator is not null)),
      check (match_numerator is null or (match_numerator > 0 and match_denominator > 0)),
      check (match_cap_initiative_cents is null or match_cap_initiative_cents > 0),
      -- A top-up for a wijk matches household pledges to any of its initiatives.
      check ((recipient_kind = 'initiative' and kind <> 'top_up') <= (initiative_id is not null)),
      check ((status = 'awaiting_approval') <= (cardinality(approval_reasons) > 0)),
      check ((status in ('awaiting_approval', 'expired', 'withdrawn')) = (made_known_on is null))
    )`.execute(db);
  await sql`create index district_decision_wijk_idx on district_decision (wijk_code, year, decided_at)`.execute(
    db,
  );
  await sql`create index district_decision_municipality_idx
    on district_decision (municipality_code, decided_at)`.execute(db);
  await sql`create index district_decision_recipient_idx
    on district_decision (municipality_code, recipient_key, decided_at)`.execute(db);
  await sql`create index district_decision_purpose_idx
    on district_decision (municipality_code, purpose_key, decided_at)`.execute(db);
  await sql`create index district_decision_initiative_idx
    on district_decision (initiative_id, decided_at) where initiative_id is not null`.execute(db);
  await sql`create index district_decision_arrangement_idx
    on district_decision (arrangement_id) where arrangement_id is not null`.execute(db);
  await sql`create index district_decision_waiting_idx
    on district_decision (municipality_code) where status = 'awaiting_approval'`.execute(db);

  await sql`
    create table district_payment_detail (
      decision_id uuid primary key references district_decision (id),
      iban text not null check (iban ~ '^[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}$'),
      account_holder text not null check (length(account_holder) between 1 and 200),
      recorded_at timestamptz not null default now()
    )`.execute(db);
  await sql`create index district_payment_detail_iban_idx on district_payment_detail (iban)`.execute(db);

  await sql`
    create table district_approval (
      id uuid primary key default gen_random_uuid(),
      decision_id uuid not null references district_decision (id),
      decision_version integer not null,
      content_hash text not null check (content_hash ~ '^[0-9a-f]{64}$'),
      status text not null check (status in (${list(APPROVAL_STATUSES)})),
      requested_at timestamptz not null,
      expires_at timestamptz not null,
      approver_account_id uuid,
      approver_label text,
      answered_at timestamptz,
      note text,
      void_reason text,
      check ((status in ('approved', 'rejected')) <= (approver_label is not null and answered_at is not null))
    )`.execute(db);
  // One open request or standing approval per decision at a time.
  await sql`create unique index district_approval_live_idx on district_approval (decision_id)
    where status in ('pending', 'approved')`.execute(db);
  await sql`create index district_approval_pending_idx on district_approval (expires_at)
    where status = 'pending'`.execute(db);

  await sql`
    create table district_decision_event (
      id bigint generated always as identity primary key,
      decision_id uuid not null references district_decision (id),
      at timestamptz not null,
      action text not null,
      from_status text,
      to_status text not null,
      amount_cents bigint,
      actor_account_id uuid,
      actor_label text not null,
      note text
    )`.execute(db);
  await sql`create index district_decision_event_decision_idx on district_decision_event (decision_id, at)`.execute(
    db,
  );

  await sql`
    create table district_sum_key (
      municipality_code text not null,
      key text not null,
      touched_at timestamptz not null default now(),
      primary key (municipality_code, key)
    )`.execute(db);

  // The public register's cache topic (src/db/revisions.ts, bump_revision of migration 0013):
  // bumped once per transaction that changes a budget, a decision (its status too) or a setting.
  // Not the ledger: its district lines (and match funding with every pledge batch) are read at
  // most a second old instead.
  await sql`insert into revision (topic) values ('district') on conflict do nothing`.execute(db);
  for (const table of ['district_budget', 'district_decision', 'district_setting'])
    await sql
      .raw(
        `create constraint trigger ${table}_bumps_revision after insert or update or delete on ${table}
         deferrable initially deferred for each row execute function bump_revision('district')`,
      )
      .execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await sql`delete from revision where topic = 'district'`.execute(db);
  for (const table of [
    'district_sum_key',
    'district_decision_event',
    'district_approval',
    'district_payment_detail',
    'district_decision',
    'district_reference_counter',
    'district_backup_approver',
    'district_mandate',
    'district_budget',
    'district_setting',
  ])
    await sql`drop table ${sql.table(table)}`.execute(db);
}
