import { sql, type Kysely } from 'kysely';

// Migrations are frozen in time: Kysely<any> and no app imports, so later code changes never
// change what an old migration did.

/** The links that worked as a key when this migration was written: sign-in, set-up, tracking. */
const SECRET_LINK = String.raw`https?://[^\s]*/(inloggen/bewoner|account-instellen|initiatieven/volgen)/[A-Za-z0-9_-]+`;
const NOTE = '[link verwijderd na verzending]';

/**
 * Privacy requests per gemeente, and no working links in stored mail.
 * - `mail_outbox.municipality_code`: the gemeente on whose behalf a message is sent. Mail queued
 *   before this migration gets null: it belongs to no gemeente, so only the platform's
 *   administrator handles it (and retention deletes it 30 days after sending anyway). Guessing
 *   a gemeente from the recipient could hand one gemeente another's mail.
 * - `mail_outbox.secrets`: a message's working links, kept beside the stored text (which holds
 *   a note instead) until the message is sent or given up on.
 * - Mail already sent or given up on loses its working links now; mail still waiting has them
 *   moved into `secrets`, so it still goes out with them.
 * - `privacy_erasure.municipality_codes`: the gemeenten a request concerned, so administrators
 *   see only their own; earlier requests get the gemeenten of the requester's roles.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('mail_outbox')
    .addColumn('municipality_code', 'text', (c) => c.check(sql`municipality_code ~ '^GM[0-9]{4}$'`))
    .addColumn('secrets', 'jsonb')
    .execute();
  await db.schema
    .alterTable('privacy_erasure')
    .addColumn('municipality_codes', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'::text[]`))
    .execute();

  await sql`
    update mail_outbox set
      body_text = regexp_replace(body_text, ${SECRET_LINK}, ${NOTE}, 'g'),
      body_html = regexp_replace(body_html, ${SECRET_LINK}, ${NOTE}, 'g')
    where status <> 'pending'
      and (body_text ~ ${SECRET_LINK} or coalesce(body_html ~ ${SECRET_LINK}, false))`.execute(db);

  // Waiting mail: the links move to `secrets` with where their note stands (UTF-16 offsets, as
  // the outbox counts them), so delivery still sends them. Few rows: the outbox drains in seconds.
  const { rows } = await sql<{ id: number; body_text: string; body_html: string | null }>`
    select id, body_text, body_html from mail_outbox
    where status = 'pending' and (body_text ~ ${SECRET_LINK} or coalesce(body_html ~ ${SECRET_LINK}, false))
    for update`.execute(db);
  for (const row of rows) {
    const text = moveLinks(row.body_text, 'text');
    const html = row.body_html === null ? null : moveLinks(row.body_html, 'html');
    await sql`
      update mail_outbox set body_text = ${text.body}, body_html = ${html?.body ?? null},
        secrets = ${JSON.stringify([...text.secrets, ...(html?.secrets ?? [])])}::jsonb
      where id = ${row.id}`.execute(db);
  }

  await sql`
    update privacy_erasure set municipality_codes = array(
      select distinct municipality_code from staff_role
      where staff_role.account_id::text = privacy_erasure.requested_by order by 1)
    where reason = 'request'`.execute(db);
  await db.schema
    .createIndex('privacy_erasure_municipalities_idx')
    .on('privacy_erasure')
    .using('gin')
    .column('municipality_codes')
    .execute();
}

function moveLinks(
  body: string,
  part: 'text' | 'html',
): { body: string; secrets: { part: string; start: number; end: number; value: string }[] } {
  const secrets: { part: string; start: number; end: number; value: string }[] = [];
  let out = '';
  let from = 0;
  for (const match of body.matchAll(new RegExp(SECRET_LINK, 'g'))) {
    out += body.slice(from, match.index);
    secrets.push({ part, start: out.length, end: out.length + NOTE.length, value: match[0] });
    out += NOTE;
    from = match.index + match[0].length;
  }
  return { body: out + body.slice(from), secrets };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('privacy_erasure_municipalities_idx').execute();
  await db.schema.alterTable('privacy_erasure').dropColumn('municipality_codes').execute();
  await db.schema.alterTable('mail_outbox').dropColumn('secrets').dropColumn('municipality_code').execute();
}
