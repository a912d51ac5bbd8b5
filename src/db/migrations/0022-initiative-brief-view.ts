import { sql, type Kysely } from 'kysely';

// The initiatives module publishes what other modules may read of an initiative in the database:
// the view initiative_brief_v (its number, title, summary, stage and place; nothing of the
// initiator). The household budget read the table `initiative` itself, in its repository and in
// its batch function; from here on it reads this view, and the table is the initiatives
// module's alone. The view is a plain projection of one table: PostgreSQL inlines it, so every
// query that reads it has the plan it had on the table, and it stays updatable (a FOR UPDATE or
// FOR NO KEY UPDATE through it locks the initiative's row, should a reader ever need to).
//
// The two batch functions (0016's in use, 0007's kept for 0016's down) are rewritten, not
// restated: the only change is where they read an initiative, and a restated body of 250 lines
// would hide that. Each definition is taken from the database, its joins on the table swapped for
// the view, and created again; the migration refuses when a definition does not read the table
// exactly where 0007 and 0016 wrote it. `down` swaps back.

const FUNCTIONS = [
  // 0016: the goal's initiative in the rules' look-up and in the read, the pledge's, the funded one's.
  { name: 'budget_pledge_batch', reads: 4 },
  // 0007 (renamed by 0016): the same, without the rules.
  { name: 'budget_pledge_batch_before_match', reads: 3 },
] as const;

const ARGUMENTS = '(bytea[], uuid[], text[], text[], uuid, date, timestamptz, boolean)';

/** Every `from <table>` or `join <table>` (not a longer name such as initiative_support_goal). */
function readsOf(table: string): RegExp {
  return new RegExp(`\\b(from|join)(\\s+)${table}(?![\\w])`, 'g');
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function swapReads(db: Kysely<any>, from: string, to: string): Promise<void> {
  for (const f of FUNCTIONS) {
    const { rows } = await sql<{ definition: string }>`
      select pg_get_functiondef(${f.name + ARGUMENTS}::regprocedure) as definition
    `.execute(db);
    const definition = rows[0]?.definition;
    if (definition === undefined) throw new Error(`${f.name} not found`);
    const found = definition.match(readsOf(from))?.length ?? 0;
    if (found !== f.reads) throw new Error(`${f.name} reads ${from} ${found} times, expected ${f.reads}`);
    await sql.raw(definition.replace(readsOf(from), `$1$2${to}`)).execute(db);
  }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create view initiative_brief_v as
      select id, reference, title, summary, stage, municipality_code, wijk_code, buurt_code
      from initiative
  `.execute(db);
  await sql`comment on view initiative_brief_v is
    'Initiatives'' contract: what other modules may read of an initiative (no personal data)'`.execute(db);
  await swapReads(db, 'initiative', 'initiative_brief_v');
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await swapReads(db, 'initiative_brief_v', 'initiative');
  await sql`drop view initiative_brief_v`.execute(db);
}
