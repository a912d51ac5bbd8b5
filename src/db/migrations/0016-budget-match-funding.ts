import { sql, type Kysely } from 'kysely';

// Match funding (matchfunding): the district budget adds to household pledges as they arrive,
// by a rule per wijk and year — so many district cents per household cent, up to a cap per
// initiative and a cap for the wijk. The rule is data (budget_match_rule), set and ended by the
// district budget's top-up decision in its own transaction; the match is made by
// budget_pledge_batch itself, in the pledge batch's statement, under the rule's row lock, so the
// caps hold exactly whatever the number of processes.
//
// Money: a top-up decision grants its amount into district_granted (reference `decision:<id>`).
// Each matched pledge moves its match from there to the initiative's escrow (kind `match`), in
// the batch's statement; it moves on with the pledges: to funded when the goal is reached
// (`match_fund`), back to district_granted when the deadline passes (`match_release`).
// A match never takes an initiative past its goal: it tops up to the goal at most.

const SIGNATURE = 'budget_pledge_batch(bytea[], uuid[], text[], text[], uuid, date, timestamptz, boolean)';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('budget_match_rule')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('municipality_code', 'text', (c) => c.notNull())
    .addColumn('wijk_code', 'text', (c) => c.notNull().references('place.code'))
    .addColumn('year', 'integer', (c) => c.notNull().check(sql`year between 2000 and 2100`))
    // District cents per household cent: numerator / denominator (1/1 one to one, 1/2 half).
    .addColumn('ratio_numerator', 'bigint', (c) => c.notNull().check(sql`ratio_numerator between 1 and 100`))
    .addColumn('ratio_denominator', 'bigint', (c) =>
      c.notNull().check(sql`ratio_denominator between 1 and 100`),
    )
    .addColumn('initiative_cap_cents', 'bigint', (c) => c.notNull().check(sql`initiative_cap_cents > 0`))
    .addColumn('cap_cents', 'bigint', (c) => c.notNull().check(sql`cap_cents > 0`))
    // Matched cents of this rule still counting (pledges active or funded): the wijk cap's total.
    .addColumn('used_cents', 'bigint', (c) => c.notNull().defaultTo(0))
    // The decision that reserved the money, as its ledger lines name it (`decision:<id>`).
    .addColumn('decision_reference', 'text', (c) => c.notNull())
    .addColumn('started_at', 'timestamptz', (c) => c.notNull())
    .addColumn('ended_at', 'timestamptz')
    .addCheckConstraint('budget_match_rule_used', sql`used_cents between 0 and cap_cents`)
    .execute();
  // One rule in force per wijk and year.
  await sql`create unique index budget_match_rule_current on budget_match_rule (wijk_code, year)
    where ended_at is null`.execute(db);
  await sql`create index budget_match_rule_decision on budget_match_rule (decision_reference)`.execute(db);

  // A pledge's match: its cents and the rule that gave them (never one without the other).
  await sql`alter table pledge add column matched_cents bigint not null default 0 check (matched_cents >= 0)`.execute(
    db,
  );
  await sql`alter table pledge add column match_rule_id uuid references budget_match_rule (id)`.execute(db);
  await sql`alter table pledge add constraint pledge_match_has_rule
    check (matched_cents = 0 or match_rule_id is not null)`.execute(db);
  // The goal's running total of matched cents (pledges active or funded), beside pledged_cents:
  // the two together count towards the goal.
  await sql`alter table initiative_support_goal
    add column matched_cents bigint not null default 0 check (matched_cents >= 0)`.execute(db);

  // What the batch reads per item grows by the goal's matched total and the rule in force.
  await sql`alter type budget_pledge_read
    add attribute g_matched bigint, add attribute m_rule uuid, add attribute m_numerator bigint,
    add attribute m_denominator bigint, add attribute m_initiative_cap bigint, add attribute m_cap bigint,
    add attribute m_used bigint, add attribute m_reference text`.execute(db);

  // 0007's function stays under another name, unused, so that `down` restores it exactly.
  await sql`alter function ${sql.raw(SIGNATURE)} rename to budget_pledge_batch_before_match`.execute(db);

  // The batch as in 0007 (see there for the outcomes and the order of the work), with the match:
  // after the vouchers and the goals, the rules in force for the goals' wijken and years are
  // locked (in id order; so lock order stays vouchers → goals → rules everywhere, and the deadline's
  // release takes goal → rule), and read with everything else by the next statement. Each pledge
  // made gets floor(amount × numerator / denominator), but no more than what is left under the
  // initiative's cap, under the wijk's cap, and what the goal still needs after the pledge; the
  // rule's running total grows item by item like the goal's. A pledge that crosses a cap gets the
  // part below it; after the cap, nothing. The pledge and its match count together towards the
  // goal. The matches' journals are written by the pledges' statement (one statement still
  // writes the batch's journals); funding moves matched cents to funded by rule (`match_fund`).
  // Plans stay generic (0008).
  await sql`
    create function budget_pledge_batch(
      p_hashes bytea[], p_initiatives uuid[], p_channels text[], p_receipts text[],
      p_staff_account_id uuid, p_today date, p_at timestamptz, p_may_fund boolean)
    returns table (
      ord integer, outcome text, receipt text, status text, amount_cents bigint,
      initiative_id uuid, initiative_reference text, initiative_title text, channel text,
      created_at timestamptz, voucher_buurt_code text, municipality_code text)
    language plpgsql
    set plan_cache_mode = force_generic_plan
    as $fn$
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
      o_matched bigint[] := array_fill(0::bigint, array[n]);
      -- Goals as this batch moves them.
      g_ids uuid[] := '{}';
      g_totals bigint[] := '{}';
      g_matched bigint[] := '{}';
      g_funded boolean[] := '{}';
      -- Match rules as this batch uses them.
      m_ids uuid[] := '{}';
      m_used bigint[] := '{}';
      rules uuid[];
      any_match boolean := false;
      -- The pledges this batch makes: item numbers and the voucher of each.
      w_k integer[] := '{}';
      w_voucher bigint[] := '{}';
      inserted text[];
      g integer;
      m integer;
      v_matched bigint;
      wi integer;
      prev integer;
      to_fund uuid;
      to_fund_k integer;
      settled bigint;
      fund_rules uuid[];
      fund_cents bigint[];
    begin
      -- Every attempt with one code, from any process, queues here; then the goals' totals;
      -- then the caps' totals of the rules in force where those goals are.
      perform 1 from voucher vo where vo.code_hash = any(p_hashes) order by vo.code_hash for update;
      perform 1 from initiative_support_goal sg where sg.initiative_id = any(p_initiatives)
        order by sg.initiative_id for no key update;
      select coalesce(array_agg(l.id), '{}') into rules from (
        select mr.id from budget_match_rule mr
        where mr.ended_at is null and (mr.wijk_code, mr.year) in (
          select gi.wijk_code, sg.year from initiative_support_goal sg join initiative gi on gi.id = sg.initiative_id
          where sg.initiative_id = any(p_initiatives))
        order by mr.id for no key update of mr) l;

      -- A new statement, so a new snapshot: it sees every pledge committed before the locks.
      -- Only rules locked above are read (one set up meanwhile waits for the next batch).
      select array_agg(row(
          vo.id, vo.municipality_code, vo.year, vo.amount_cents, vo.buurt_code, vo.wijk_code,
          vo.lapsed_at is not null, y.scope,
          y.closed_at is null and p_today between y.opens_on and y.closes_on,
          pl.receipt, pl.status, pl.amount_cents, pl.initiative_id, pi.reference, pi.title,
          pl.channel, pl.created_at,
          sg.initiative_id, sg.municipality_code, sg.year, sg.state, sg.deadline, sg.goal_cents,
          sg.pledged_cents, gi.stage, gi.buurt_code, gi.wijk_code, gi.reference, gi.title,
          sg.matched_cents, mr.id, mr.ratio_numerator, mr.ratio_denominator, mr.initiative_cap_cents,
          mr.cap_cents, mr.used_cents, mr.decision_reference
        )::budget_pledge_read order by t.k)
        into reads
        from unnest(p_hashes, p_initiatives) with ordinality as t(h, i, k)
        left join voucher vo on vo.code_hash = t.h
        left join budget_year y on y.municipality_code = vo.municipality_code and y.year = vo.year
        left join pledge pl on pl.voucher_id = vo.id and pl.status in ('active','funded')
        left join initiative pi on pi.id = pl.initiative_id
        left join initiative_support_goal sg on sg.initiative_id = t.i
        left join initiative gi on gi.id = sg.initiative_id
        left join budget_match_rule mr on mr.id = any(rules) and mr.wijk_code = gi.wijk_code
          and mr.year = sg.year;

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
          g_matched := g_matched || r.g_matched;
          g_funded := g_funded || (r.g_state = 'funded');
          g := array_length(g_ids, 1);
        end if;
        if g_funded[g] then
          o_outcome[k] := 'already_funded';
          continue;
        elsif r.g_state <> 'open' or r.g_stage <> 'open_for_support' or r.g_deadline < p_today then
          o_outcome[k] := 'not_open';
          continue;
        elsif (r.scope = 'buurt' and r.g_buurt is distinct from r.buurt_code)
           or (r.scope = 'wijk' and r.g_wijk is distinct from r.wijk_code) then
          o_outcome[k] := 'not_in_scope';
          continue;
        end if;
        v_matched := 0;
        if r.m_rule is not null then
          m := array_position(m_ids, r.m_rule);
          if m is null then
            m_ids := m_ids || r.m_rule;
            m_used := m_used || r.m_used;
            m := array_length(m_ids, 1);
          end if;
          v_matched := greatest(0, least(
            r.amount_cents * r.m_numerator / r.m_denominator,
            r.m_initiative_cap - g_matched[g],
            r.m_cap - m_used[m],
            r.g_goal - g_totals[g] - g_matched[g] - r.amount_cents));
        end if;
        if g_totals[g] + g_matched[g] + r.amount_cents + v_matched >= r.g_goal and not p_may_fund then
          o_outcome[k] := 'reaches_goal';
        else
          g_totals[g] := g_totals[g] + r.amount_cents;
          if v_matched > 0 then
            g_matched[g] := g_matched[g] + v_matched;
            m_used[m] := m_used[m] + v_matched;
            o_matched[k] := v_matched;
            any_match := true;
          end if;
          o_receipt[k] := p_receipts[k];
          o_amount[k] := r.amount_cents;
          o_channel[k] := p_channels[k];
          o_created[k] := p_at;
          if g_totals[g] + g_matched[g] >= r.g_goal then
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

      -- The pledges, all at once. A receipt number that exists already leaves its item out
      -- (with its match: the item is sent again; later items of this batch matched less).
      with ins as (
        insert into pledge (receipt, voucher_id, initiative_id, municipality_code, year,
                            amount_cents, scope, channel, staff_account_id, created_at,
                            matched_cents, match_rule_id)
          select p_receipts[w.k], (reads[w.k]).voucher_id, (reads[w.k]).g_initiative,
                 (reads[w.k]).municipality_code, (reads[w.k]).year, (reads[w.k]).amount_cents,
                 (reads[w.k]).scope, p_channels[w.k], p_staff_account_id, p_at,
                 o_matched[w.k], case when o_matched[w.k] > 0 then (reads[w.k]).m_rule end
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
      update initiative_support_goal sg
        set pledged_cents = sg.pledged_cents + d.cents, matched_cents = sg.matched_cents + d.matched
        from (select (reads[w.k]).g_initiative as initiative, sum((reads[w.k]).amount_cents) as cents,
                     sum(o_matched[w.k]) as matched
              from unnest(w_k) as w(k) where p_receipts[w.k] = any(inserted) group by 1) d
        where sg.initiative_id = d.initiative;
      -- The rules' running totals (the wijk caps), likewise.
      if any_match then
        update budget_match_rule mr set used_cents = mr.used_cents + d.matched
          from (select (reads[w.k]).m_rule as rule, sum(o_matched[w.k]) as matched
                from unnest(w_k) as w(k) where o_matched[w.k] > 0 and p_receipts[w.k] = any(inserted)
                group by 1) d
          where mr.id = d.rule;
      end if;

      -- One journal per pledge, vouchers → escrow, and one per match, district_granted (of the
      -- rule's decision) → escrow: all written by one statement.
      insert into ledger_line (journal_id, kind, account, municipality_code, year, buurt_code,
                               voucher_id, initiative_id, amount_cents, wijk_code, reference, at)
        select u.j, 'pledge', x.account, (reads[u.k]).municipality_code, (reads[u.k]).year,
               (reads[u.k]).buurt_code, (reads[u.k]).voucher_id, (reads[u.k]).g_initiative,
               x.c, null, null, p_at
        from (select nextval('ledger_journal_seq') as j, w.k, (reads[w.k]).amount_cents as a
              from unnest(w_k) as w(k) where p_receipts[w.k] = any(inserted)) u
        cross join lateral (values ('vouchers', -u.a), ('escrow', u.a)) as x(account, c)
        union all
        select u.j, 'match', x.account, (reads[u.k]).municipality_code, (reads[u.k]).year, null, null,
               (reads[u.k]).g_initiative, x.c, (reads[u.k]).g_wijk, (reads[u.k]).m_reference, p_at
        from (select nextval('ledger_journal_seq') as j, w.k, o_matched[w.k] as a
              from unnest(w_k) as w(k) where o_matched[w.k] > 0 and p_receipts[w.k] = any(inserted)) u
        cross join lateral (values ('district_granted', -u.a), ('escrow', u.a)) as x(account, c);

      if to_fund is not null then
        -- Reached: escrow moves to funded, by what the pledges settle, in this transaction; the
        -- household cents as before (fund), the matched cents per rule (match_fund).
        with s as (
          update pledge pl set status = 'funded', settled_at = p_at
            where pl.initiative_id = to_fund and pl.status = 'active'
            returning pl.amount_cents, pl.matched_cents, pl.match_rule_id
        ), per_rule as (
          select s.match_rule_id, sum(s.matched_cents) as c from s where s.matched_cents > 0 group by 1
        ) select (select coalesce(sum(s.amount_cents), 0) from s),
                 (select coalesce(array_agg(p.match_rule_id order by p.match_rule_id), '{}') from per_rule p),
                 (select coalesce(array_agg(p.c order by p.match_rule_id), '{}') from per_rule p)
          into settled, fund_rules, fund_cents;
        update initiative_support_goal sg set state = 'funded', settled_at = p_at
          where sg.initiative_id = to_fund;
        insert into ledger_line (journal_id, kind, account, municipality_code, year, buurt_code,
                                 initiative_id, amount_cents, wijk_code, reference, at)
          select s.j, 'fund', x.account, g.municipality_code, g.year, i.buurt_code, to_fund, x.c,
                 null, null, p_at
          from (select nextval('ledger_journal_seq') as j) s,
            initiative_support_goal g join initiative i on i.id = g.initiative_id,
            lateral (values ('escrow', -settled), ('funded', settled)) as x(account, c)
          where g.initiative_id = to_fund
          union all
          select f.j, 'match_fund', x.account, g.municipality_code, g.year, null, to_fund, x.c,
                 mr.wijk_code, mr.decision_reference, p_at
          from (select nextval('ledger_journal_seq') as j, t.rule, t.cents
                from unnest(fund_rules, fund_cents) as t(rule, cents)) f
            join budget_match_rule mr on mr.id = f.rule
            cross join initiative_support_goal g
            cross join lateral (values ('escrow', -f.cents), ('funded', f.cents)) as x(account, c)
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
  await sql`drop function ${sql.raw(SIGNATURE)}`.execute(db);
  await sql`alter function budget_pledge_batch_before_match(bytea[], uuid[], text[], text[], uuid, date, timestamptz, boolean)
    rename to budget_pledge_batch`.execute(db);
  await sql`alter type budget_pledge_read
    drop attribute g_matched, drop attribute m_rule, drop attribute m_numerator, drop attribute m_denominator,
    drop attribute m_initiative_cap, drop attribute m_cap, drop attribute m_used, drop attribute m_reference`.execute(
    db,
  );
  await sql`alter table initiative_support_goal drop column matched_cents`.execute(db);
  await sql`alter table pledge drop constraint pledge_match_has_rule`.execute(db);
  await sql`alter table pledge drop column match_rule_id`.execute(db);
  await sql`alter table pledge drop column matched_cents`.execute(db);
  await db.schema.dropTable('budget_match_rule').execute();
}
