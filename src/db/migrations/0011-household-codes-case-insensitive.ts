import { sql, type Kysely } from 'kysely';

// Household codes became case-insensitive: 14 digits and capitals (`XXXX-XXXX-XXXX-XX`) instead
// of 12 case-sensitive characters. Only an HMAC of each code is stored, so a printed code cannot
// be converted; no real letters had been printed, so the codes of letters printed before are
// replaced instead:
// - each such voucher, unless lapsed, is marked `needs_new_letter`: the next `buurtkracht letters`
//   prints it a letter with a new code, as it does for vouchers never printed (and the demo
//   reprints its own letters at the next start);
// - its stored hash is replaced by the SHA-256 of itself, which no code hashes to: the old code
//   stops working now, in every process, and a resident who types it is told it is an old code;
// - the audit log gets one entry per gemeente and year, saying how many letters must be printed
//   again, so an administrator sees why.
// Lapsed vouchers keep their printed date: their year is over and they get no new letter.
// (Unprinted vouchers hold a random hash that no code matches, in any format: left alone.)

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('voucher')
    .addColumn('needs_new_letter', 'boolean', (c) => c.notNull().defaultTo(false))
    .execute();
  await sql`
    update voucher set code_hash = sha256(code_hash), needs_new_letter = lapsed_at is null
    where printed_at is not null
  `.execute(db);
  await sql`
    insert into audit_log (actor_label, action, subject_type, subject_id, channel, details, municipality_codes)
    select 'migration 0011', 'budgets.codes.old_format_replaced', 'budget_year',
      municipality_code || '/' || year, 'system',
      jsonb_build_object('vouchers', count(*)::int), array[municipality_code]
    from voucher where needs_new_letter
    group by municipality_code, year
    order by municipality_code, year
  `.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  // The replaced hashes stay replaced: the old codes cannot come back (only their HMACs were kept).
  await db.schema.alterTable('voucher').dropColumn('needs_new_letter').execute();
}
