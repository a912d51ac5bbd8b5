import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../test/helpers/database.js';
import type { Database } from '../database.js';
import { putSecretsBack, type StoredSecret } from '../../mail/index.js';
import { down, up } from './0010-privacy-per-gemeente.js';

let database: Database;
const TOKEN = 'AbCdEfGhIjKlMnOpQrStUvWxYz0123456789_-abcd';

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database.close();
});

describe('migration 0010: mail queued before it', () => {
  it('loses the working links of sent mail, and keeps them apart for mail still waiting', async () => {
    const { db } = database;
    await down(db);
    const sentText = `Hallo,\n\nhttps://bk.example/account-instellen/${TOKEN}\n\nGroet`;
    const waitingText = `Uw link 👋:\nhttps://bk.example/inloggen/bewoner/${TOKEN}\n-- \nDit bericht komt van Buurtkracht: https://bk.example\n`;
    await sql`insert into mail_outbox (recipient, subject, body_text, status, settled_at)
      values ('oud@example.nl', 'Uitnodiging', ${sentText}, 'sent', now())`.execute(db);
    await sql`insert into mail_outbox (recipient, subject, body_text, body_html)
      values ('wacht@example.nl', 'Inloglink', ${waitingText},
        ${`<a href="https://bk.example/initiatieven/volgen/${TOKEN}">volgen</a>`})`.execute(db);
    await up(db);

    const { rows } = await sql<{
      recipient: string;
      body_text: string;
      body_html: string | null;
      secrets: StoredSecret[] | null;
      municipality_code: string | null;
    }>`select recipient, body_text, body_html, secrets, municipality_code from mail_outbox order by id`.execute(
      db,
    );
    expect(rows[0]).toEqual({
      recipient: 'oud@example.nl',
      body_text: 'Hallo,\n\n[link verwijderd na verzending]\n\nGroet',
      body_html: null,
      secrets: null,
      municipality_code: null,
    });
    const waiting = rows[1]!;
    expect(JSON.stringify([waiting.body_text, waiting.body_html])).not.toContain(TOKEN);
    expect(
      putSecretsBack({ text: waiting.body_text, html: waiting.body_html }, waiting.secrets ?? []),
    ).toEqual({
      text: waitingText,
      html: `<a href="https://bk.example/initiatieven/volgen/${TOKEN}">volgen</a>`,
    });
  });

  it('gives earlier erasure requests the gemeenten of the requester’s roles', async () => {
    const { db } = database;
    await down(db);
    const { rows: account } = await sql<{ id: string }>`
      insert into staff_account (email, display_name, status) values ('beheer@vlaardingen.example', 'Beheer', 'active')
      returning id`.execute(db);
    const id = account[0]!.id;
    await sql`insert into staff_role (account_id, role, place_code) values (${id}, 'administrator', 'GM0622')`.execute(
      db,
    );
    await sql`insert into privacy_erasure (run_id, reason, entry_id, table_name, action, row_count, requested_by)
      values (gen_random_uuid(), 'request', 'mail.outbox', 'mail_outbox', 'delete', 1, ${id}),
             (gen_random_uuid(), 'retention', 'mail.outbox', 'mail_outbox', 'delete', 3, null)`.execute(db);
    await up(db);
    const { rows } = await sql<{ reason: string; municipality_codes: string[] }>`
      select reason, municipality_codes from privacy_erasure order by id`.execute(db);
    expect(rows).toEqual([
      { reason: 'request', municipality_codes: ['GM0622'] },
      { reason: 'retention', municipality_codes: [] },
    ]);
  });
});
