import { sql, type Kysely } from 'kysely';

// Pledges in batches. The rules of pledging (one pledge per voucher, the year open, the
// initiative open and in scope, the goal) move into one database function that takes a batch of
// pledges: one statement — one round trip, one implicit transaction, one commit — for all the
// pledges that arrive together, instead of ten round trips and a commit for each. The support
// goal keeps a running total of its pledges, so the goal check no longer sums them.

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  // The ledger's balance, checked per statement instead of per line at commit: every journal is
  // written by one statement, and the lines each statement adds must balance per journal. So
  // every journal always balances, for one aggregate over the new lines instead of a query per
  // line. (A statement trigger sees its rows through a transition table.)
  await sql`drop trigger ledger_line_balanced on ledger_line`.execute(db);
  await sql`drop function ledger_check_journal()`.execute(db);
  await sql`
    create function ledger_check_journals() returns trigger language plpgsql as $fn$
    declare bad record;
    begin
      select journal_id, sum(amount_cents) as total into bad from ledger_new_lines
        group by journal_id having sum(amount_cents) <> 0 limit 1;
      if found then
        raise exception 'ledger journal % does not balance (%)', bad.journal_id, bad.total
          using errcode = '23514';
      end if;
      return null;
    end $fn$
  `.execute(db);
  await sql`create trigger ledger_line_balanced after insert on ledger_line
    referencing new table as ledger_new_lines
    for each statement execute function ledger_check_journals()`.execute(db);
  // Only bulk reads (figures per gemeente and year, verify-ledger) read the ledger; these
  // indexes cost every pledge five index entries and served no query.
  await sql`drop index ledger_line_journal_idx`.execute(db);
  await sql`drop index ledger_line_voucher_idx`.execute(db);
  await sql`drop index ledger_line_initiative_idx`.execute(db);
  // A ledger line's voucher and initiative are those of its pledge, whose own foreign keys hold
  // them (and keep them from being deleted); the lines' foreign keys only doubled that work.
  // verify-ledger checks that every line's voucher and initiative exist.
  await sql`alter table ledger_line drop constraint ledger_line_voucher_id_fkey`.execute(db);
  await sql`alter table ledger_line drop constraint ledger_line_initiative_id_fkey`.execute(db);

  // Cents of the pledges that count (active or funded); kept by budget_pledge_batch and the release.
  await sql`alter table initiative_support_goal
    add column pledged_cents bigint not null default 0 check (pledged_cents >= 0)`.execute(db);
  await sql`update initiative_support_goal g set pledged_cents = coalesce((
      select sum(p.amount_cents) from pledge p
      where p.initiative_id = g.initiative_id and p.status in ('active','funded')), 0)`.execute(db);

  // One call pledges a batch. Item k is (p_hashes[k], p_initiatives[k], p_channels[k],
  // p_receipts[k]); one row comes back per item, in order, with its outcome:
  //   created, funded (this pledge reached the goal), same (this voucher already gave to this
  //   initiative: that receipt), already (it gave to another: that receipt), unknown_code,
  //   lapsed, year_not_open, not_open, already_funded, not_in_scope, and two that ask the
  //   caller to send the item again: reaches_goal (it would reach the goal, which only a call
  //   with p_may_fund may do: one that also moves the initiative) and receipt_taken (its random
  //   receipt number exists already).
  // How: lock every voucher of the batch (in hash order), then every goal (in id order), so
  // batches never wait on each other in a circle; read everything with one query; decide item
  // after item in memory, as if they came one after another (a code twice in one batch behaves
  // as twice in a row; each goal's total grows item by item); then write all pledges, the
  // goals' totals and the journals with one statement each.
  await sql`
    create type budget_pledge_read as (
      voucher_id bigint, municipality_code text, year integer, amount_cents bigint,
      buurt_code text, wijk_code text, lapsed boolean, scope text, year_open boolean,
      p_receipt text, p_status text, p_amount bigint, p_initiative uuid, p_reference text,
      p_title text, p_channel text, p_created_at timestamptz,
      g_initiative uuid, g_municipality text, g_year integer, g_state text, g_deadline date,
      g_goal bigint, g_pledged bigint, g_stage text, g_buurt text, g_wijk text,
      g_reference text, g_title text)
  `.execute(db);
  await sql`
    create function budget_pledge_batch(
      p_hashes bytea[], p_initiatives uuid[], p_channels text[], p_receipts text[],
      p_staff_account_id uuid, p_today date, p_at timestamptz, p_may_fund boolean)
    returns table (
      ord integer, outcome text, receipt text, status text, amount_cents bigint,
      initiative_id uuid, initiative_reference text, initiative_title text, channel text,
      created_at timestamptz, voucher_buurt_code text, municipality_code text)
    language plpgsql as $fn$
    #variable_conflict use_column
    declare
      n integer := coalesce(array_length(p_hashes, 1), 0);
      reads budget_pledge_read[];
      r budget_pledge_read;
      -- Results, by item.
      o_outcome text[] := array_fill(null::text, array[n]);
      o_receipt text[] := array_fill(null::text, array[n]);
      o_status text[] := array_fill(null::text, array[n]);
      o_amount bigint[] := array_fill(null::bigint, array[n]);
      o_initiative uuid[] := array_fill(null::uuid, array[n]);
      o_reference text[] := array_fill(null::text, array[n]);
      o_title text[] := array_fill(null::text, array[n]);
      o_channel text[] := array_fill(null::text, array[n]);
      o_created timestamptz[] := array_fill(null::timestamptz, array[n]);
      o_buurt text[] := array_fill(null::text, array[n]);
      o_municipality text[] := array_fill(null::text, array[n]);
      -- Goals as this batch moves them.
      g_ids uuid[] := '{}';
      g_totals bigint[] := '{}';
      g_funded boolean[] := '{}';
      -- The pledges this batch makes: item numbers and the voucher of each.
      w_k integer[] := '{}';
      w_voucher bigint[] := '{}';
      inserted text[];
      g integer;
      wi integer;
      prev integer;
      to_fund uuid;
      to_fund_k integer;
      settled bigint;
    begin
      -- Every attempt with one code, from any process, queues here; then the goals' totals.
      perform 1 from voucher vo where vo.code_hash = any(p_hashes) order by vo.code_hash for update;
      perform 1 from initiative_support_goal sg where sg.initiative_id = any(p_initiatives)
        order by sg.initiative_id for no key update;

      -- A new statement, so a new snapshot: it sees every pledge committed before the locks.
      select array_agg(row(
          vo.id, vo.municipality_code, vo.year, vo.amount_cents, vo.buurt_code, vo.wijk_code,
          vo.lapsed_at is not null, y.scope,
          y.closed_at is null and p_today between y.opens_on and y.closes_on,
          pl.receipt, pl.status, pl.amount_cents, pl.initiative_id, pi.reference, pi.title,
          pl.channel, pl.created_at,
          sg.initiative_id, sg.municipality_code, sg.year, sg.state, sg.deadline, sg.goal_cents,
          sg.pledged_cents, gi.stage, gi.buurt_code, gi.wijk_code, gi.reference, gi.title
        )::budget_pledge_read order by t.k)
        into reads
        from unnest(p_hashes, p_initiatives) with ordinality as t(h, i, k)
        left join voucher vo on vo.code_hash = t.h
        left join budget_year y on y.municipality_code = vo.municipality_code and y.year = vo.year
        left join pledge pl on pl.voucher_id = vo.id and pl.status in ('active','funded')
        left join initiative pi on pi.id = pl.initiative_id
        left join initiative_support_goal sg on sg.initiative_id = t.i
        left join initiative gi on gi.id = sg.initiative_id;

      for k in 1 .. n loop
        r := reads[k];
        if r.voucher_id is null then
          o_outcome[k] := 'unknown_code';
          continue;
        end if;
        o_buurt[k] := r.buurt_code;
        o_municipality[k] := r.municipality_code;
        prev := array_position(w_voucher, r.voucher_id);
        if prev is not null then
          -- This voucher gave earlier in this batch: as if it had been committed.
          prev := w_k[prev];
          o_outcome[k] := case when o_initiative[prev] = p_initiatives[k] then 'same' else 'already' end;
          o_receipt[k] := o_receipt[prev]; o_status[k] := o_status[prev];
          o_amount[k] := o_amount[prev]; o_initiative[k] := o_initiative[prev];
          o_reference[k] := o_reference[prev]; o_title[k] := o_title[prev];
          o_channel[k] := o_channel[prev]; o_created[k] := o_created[prev];
          continue;
        end if;
        if r.p_receipt is not null then
          o_outcome[k] := case when r.p_initiative = p_initiatives[k] then 'same' else 'already' end;
          o_receipt[k] := r.p_receipt; o_status[k] := r.p_status; o_amount[k] := r.p_amount;
          o_initiative[k] := r.p_initiative; o_reference[k] := r.p_reference;
          o_title[k] := r.p_title; o_channel[k] := r.p_channel; o_created[k] := r.p_created_at;
          continue;
        end if;
        if r.lapsed then
          o_outcome[k] := 'lapsed';
          continue;
        end if;
        if not r.year_open then
          o_outcome[k] := 'year_not_open';
          continue;
        end if;
        if r.g_initiative is null or r.g_municipality <> r.municipality_code or r.g_year <> r.year then
          o_outcome[k] := 'not_open';
          continue;
        end if;
        o_initiative[k] := r.g_initiative;
        o_reference[k] := r.g_reference;
        o_title[k] := r.g_title;
        g := array_position(g_ids, r.g_initiative);
        if g is null then
          g_ids := g_ids || r.g_initiative;
          g_totals := g_totals || r.g_pledged;
          g_funded := g_funded || (r.g_state = 'funded');
          g := array_length(g_ids, 1);
        end if;
        if g_funded[g] then
          o_outcome[k] := 'already_funded';
        elsif r.g_state <> 'open' or r.g_stage <> 'open_for_support' or r.g_deadline < p_today then
          o_outcome[k] := 'not_open';
        elsif (r.scope = 'buurt' and r.g_buurt is distinct from r.buurt_code)
           or (r.scope = 'wijk' and r.g_wijk is distinct from r.wijk_code) then
          o_outcome[k] := 'not_in_scope';
        elsif g_totals[g] + r.amount_cents >= r.g_goal and not p_may_fund then
          o_outcome[k] := 'reaches_goal';
        else
          g_totals[g] := g_totals[g] + r.amount_cents;
          o_receipt[k] := p_receipts[k];
          o_amount[k] := r.amount_cents;
          o_channel[k] := p_channels[k];
          o_created[k] := p_at;
          if g_totals[g] >= r.g_goal then
            g_funded[g] := true;
            to_fund := r.g_initiative;
            to_fund_k := k;
            o_outcome[k] := 'funded';
            o_status[k] := 'funded';
          else
            o_outcome[k] := 'created';
            o_status[k] := 'active';
          end if;
          w_k := w_k || k;
          w_voucher := w_voucher || r.voucher_id;
        end if;
      end loop;

      -- The pledges, all at once. A receipt number that exists already leaves its item out.
      with ins as (
        insert into pledge (receipt, voucher_id, initiative_id, municipality_code, year,
                            amount_cents, scope, channel, staff_account_id, created_at)
          select p_receipts[w.k], (reads[w.k]).voucher_id, (reads[w.k]).g_initiative,
                 (reads[w.k]).municipality_code, (reads[w.k]).year, (reads[w.k]).amount_cents,
                 (reads[w.k]).scope, p_channels[w.k], p_staff_account_id, p_at
          from unnest(w_k) as w(k)
          on conflict (receipt) do nothing
          returning receipt
      ) select coalesce(array_agg(ins.receipt), '{}') into inserted from ins;
      if coalesce(array_length(inserted, 1), 0) < coalesce(array_length(w_k, 1), 0) then
        -- Every item that made or named a receipt left out is sent again by the caller.
        for wi in 1 .. n loop
          if o_receipt[wi] = any(p_receipts) and not (o_receipt[wi] = any(inserted)) then
            o_outcome[wi] := 'receipt_taken';
            o_receipt[wi] := null; o_status[wi] := null; o_amount[wi] := null;
            o_channel[wi] := null; o_created[wi] := null;
            if wi = to_fund_k then
              to_fund := null;
            end if;
          end if;
        end loop;
      end if;

      -- The goals' running totals, by what was written.
      update initiative_support_goal sg set pledged_cents = sg.pledged_cents + d.cents
        from (select (reads[w.k]).g_initiative as initiative, sum((reads[w.k]).amount_cents) as cents
              from unnest(w_k) as w(k) where p_receipts[w.k] = any(inserted) group by 1) d
        where sg.initiative_id = d.initiative;

      -- One journal per pledge, all written by one statement: vouchers → escrow.
      insert into ledger_line (journal_id, kind, account, municipality_code, year, buurt_code,
                               voucher_id, initiative_id, amount_cents, at)
        select u.j, 'pledge', x.account, (reads[u.k]).municipality_code, (reads[u.k]).year,
               (reads[u.k]).buurt_code, (reads[u.k]).voucher_id, (reads[u.k]).g_initiative,
               x.c, p_at
        from (select nextval('ledger_journal_seq') as j, w.k, (reads[w.k]).amount_cents as a
              from unnest(w_k) as w(k) where p_receipts[w.k] = any(inserted)) u
        cross join lateral (values ('vouchers', -u.a), ('escrow', u.a)) as x(account, c);

      if to_fund is not null then
        -- Reached: escrow moves to funded, by what the pledges settle, in this transaction.
        with s as (
          update pledge pl set status = 'funded', settled_at = p_at
            where pl.initiative_id = to_fund and pl.status = 'active'
            returning pl.amount_cents
        ) select coalesce(sum(s.amount_cents), 0) into settled from s;
        update initiative_support_goal sg set state = 'funded', settled_at = p_at
          where sg.initiative_id = to_fund;
        insert into ledger_line (journal_id, kind, account, municipality_code, year, buurt_code,
                                 initiative_id, amount_cents, at)
          select s.j, 'fund', x.account, g.municipality_code, g.year, i.buurt_code, to_fund, x.c, p_at
          from (select nextval('ledger_journal_seq') as j) s,
            initiative_support_goal g join initiative i on i.id = g.initiative_id,
            lateral (values ('escrow', -settled), ('funded', settled)) as x(account, c)
          where g.initiative_id = to_fund;
      end if;

      return query
        select t.k::integer, t.outcome, t.receipt, t.status, t.amount, t.initiative, t.reference,
               t.title, t.channel, t.created, t.buurt, t.municipality
        from unnest(o_outcome, o_receipt, o_status, o_amount, o_initiative, o_reference, o_title,
                    o_channel, o_created, o_buurt, o_municipality)
          with ordinality as t(outcome, receipt, status, amount, initiative, reference, title,
                               channel, created, buurt, municipality, k);
    end
    $fn$
  `.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop function budget_pledge_batch(bytea[], uuid[], text[], text[], uuid, date, timestamptz, boolean)`.execute(
    db,
  );
  await sql`drop type budget_pledge_read`.execute(db);
  await sql`alter table initiative_support_goal drop column pledged_cents`.execute(db);
  await sql`alter table ledger_line add constraint ledger_line_voucher_id_fkey
    foreign key (voucher_id) references voucher (id)`.execute(db);
  await sql`alter table ledger_line add constraint ledger_line_initiative_id_fkey
    foreign key (initiative_id) references initiative (id)`.execute(db);
  await sql`create index ledger_line_journal_idx on ledger_line (journal_id)`.execute(db);
  await sql`create index ledger_line_voucher_idx on ledger_line (voucher_id) where voucher_id is not null`.execute(
    db,
  );
  await sql`create index ledger_line_initiative_idx on ledger_line (initiative_id, account)
    where initiative_id is not null`.execute(db);
  await sql`drop trigger ledger_line_balanced on ledger_line`.execute(db);
  await sql`drop function ledger_check_journals()`.execute(db);
  await sql`
    create function ledger_check_journal() returns trigger language plpgsql as $fn$
    declare total bigint;
    begin
      select coalesce(sum(amount_cents), 0) into total from ledger_line where journal_id = new.journal_id;
      if total <> 0 then
        raise exception 'ledger journal % does not balance (%)', new.journal_id, total using errcode = '23514';
      end if;
      return null;
    end $fn$
  `.execute(db);
  await sql`create constraint trigger ledger_line_balanced after insert on ledger_line
    deferrable initially deferred for each row execute function ledger_check_journal()`.execute(db);
}
