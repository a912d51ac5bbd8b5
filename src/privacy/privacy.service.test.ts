import { sql } from 'kysely';
import { pino } from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../test/helpers/database.js';
import type { Database } from '../db/database.js';
import { JobRunner } from '../jobs/index.js';
import { checkRegister, type PersonalDataEntry } from './personal-data.js';
import { listRecentErasures, type PrivacyScope } from './privacy.service.js';
import { applyRetention, erasePersonData, exportPersonData, retentionJob } from './privacy.service.js';
import { loadConfig } from '../config.js';
import { buildPersonalDataRegister } from '../modules/index.js';
import { createTestModules } from '../../test/helpers/modules.js';

let database: Database;

/**
 * A demo module's tables: sign-ups (deleted after 90 days), an append-only audit table guarded
 * like the identity module's (deleted after a year, kept on request), and messages
 * (anonymised after 30 days).
 */
const demoRegister = checkRegister([
  {
    id: 'demo.signup',
    table: 'demo_signup',
    key: 'id',
    description: 'Your sign-ups for a neighbourhood walk',
    columns: ['email', 'name'],
    purpose: 'Let the organisers know who comes',
    legalBasis: 'public-task',
    gemeente: { kind: 'place', path: { column: 'gemeente' } },
    retention: { kind: 'erase-after', term: { days: 90 }, from: 'created_at', erase: { kind: 'delete' } },
    findBy: { email: 'email' },
    onRequest: { kind: 'delete' },
  },
  {
    id: 'demo.audit',
    table: 'demo_audit',
    key: 'id',
    description: 'What you did in the app',
    columns: ['actor_email'],
    purpose: 'Accountability for decisions',
    legalBasis: 'legal-obligation',
    gemeente: { kind: 'places', path: { column: 'gemeenten' } },
    retention: { kind: 'erase-after', term: { years: 1 }, from: 'occurred_at', erase: { kind: 'delete' } },
    findBy: { email: 'actor_email' },
    onRequest: { kind: 'keep', reason: 'the audit trail must stay complete for a year' },
    exportColumns: ['action'],
  },
  {
    id: 'demo.message',
    table: 'demo_message',
    key: 'id',
    description: 'Your messages to the district team',
    columns: ['sender_email', 'sender_account', 'body'],
    purpose: 'Answer your questions',
    legalBasis: 'public-task',
    // Through the sign-up it answers, when it answers one: the sign-up's gemeente.
    gemeente: {
      kind: 'place',
      path: { join: [{ from: 'signup_id', table: 'demo_signup', to: 'id' }], column: 'gemeente' },
    },
    retention: {
      kind: 'erase-after',
      term: { days: 30 },
      from: 'created_at',
      erase: { kind: 'anonymise', set: { sender_email: null, sender_account: null, body: null } },
    },
    findBy: { email: 'sender_email', accountId: 'sender_account' },
    onRequest: {
      kind: 'anonymise',
      set: { sender_email: null, sender_account: null, body: '[verwijderd op verzoek]' },
    },
  },
]);
const ALL: PrivacyScope = { kind: 'all' };
const options = { register: demoRegister, scope: ALL };
const admin = { accountId: '6f1d2a4e-0000-4000-8000-000000000001' };

/** The app's register, as `createModules` builds it from every module's entries. */
let personalDataRegister: readonly PersonalDataEntry[];

beforeAll(async () => {
  database = await createTestDatabase();
  personalDataRegister = buildPersonalDataRegister(
    createTestModules(loadConfig({ NODE_ENV: 'test', DEMO: 'false', LOG_LEVEL: 'silent' }), database),
  );
  const db = database.db;
  await sql`create table demo_signup (
    id bigint generated always as identity primary key,
    email text not null, name text, gemeente text,
    created_at timestamptz not null default now())`.execute(db);
  await sql`create table demo_audit (
    id bigint generated always as identity primary key,
    actor_email text, action text not null, gemeenten text[] not null default '{}',
    occurred_at timestamptz not null default now())`.execute(db);
  await sql`create function demo_audit_guard() returns trigger language plpgsql as $$
    begin
      if coalesce(current_setting('buurtkracht.retention', true), '') = 'on' then
        if tg_op = 'DELETE' then return old; end if;
        return new;
      end if;
      raise exception 'demo_audit is append-only: % refused', tg_op;
    end $$`.execute(db);
  await sql`create trigger demo_audit_append_only before update or delete on demo_audit
    for each row execute function demo_audit_guard()`.execute(db);
  await sql`create table demo_message (
    id bigint generated always as identity primary key,
    sender_email text, sender_account text, body text, signup_id bigint,
    created_at timestamptz not null default now())`.execute(db);
});
afterAll(async () => {
  await database.close();
});
beforeEach(async () => {
  await sql`truncate demo_signup, demo_message, privacy_erasure, mail_outbox`.execute(database.db);
  await sql`begin; set local buurtkracht.retention = 'on'; delete from demo_audit; commit;`.execute(
    database.db,
  );
});

const daysAgo = (days: number) => sql<Date>`now() - make_interval(days => ${days})`;

async function addSignup(email: string, age: number, name = 'Fatima', gemeente: string | null = null) {
  const { rows } = await sql<{ id: number }>`
    insert into demo_signup (email, name, gemeente, created_at)
    values (${email}, ${name}, ${gemeente}, ${daysAgo(age)}) returning id`.execute(database.db);
  return rows[0]!.id;
}
async function addAudit(email: string, age: number, action = 'pledge.created', gemeenten: string[] = []) {
  await sql`insert into demo_audit (actor_email, action, gemeenten, occurred_at)
    values (${email}, ${action}, ${gemeenten}::text[], ${daysAgo(age)})`.execute(database.db);
}
async function addMessage(
  email: string,
  account: string | null,
  age: number,
  body = 'Wanneer is de schouw?',
  signupId: number | null = null,
) {
  await sql`insert into demo_message (sender_email, sender_account, body, signup_id, created_at)
    values (${email}, ${account}, ${body}, ${signupId}, ${daysAgo(age)})`.execute(database.db);
}
async function rows<T>(query: string): Promise<T[]> {
  return (await sql<T>`${sql.raw(query)}`.execute(database.db)).rows;
}
async function erasureRecords() {
  return rows<{
    entry_id: string;
    reason: string;
    action: string;
    row_count: number;
    requested_by: string | null;
  }>('select entry_id, reason, action, row_count, requested_by from privacy_erasure order by entry_id');
}

describe('retention: erasing what is past its term', () => {
  it('erases an expired record, keeps a fresh one, and records what it erased', async () => {
    await addSignup('oud@example.nl', 100);
    await addSignup('nieuw@example.nl', 10);
    await addAudit('oud@example.nl', 400);
    await addAudit('nieuw@example.nl', 300);
    const report = await applyRetention(database.db, options);
    expect(report.erased).toEqual([
      { entryId: 'demo.signup', action: 'delete', rows: 1 },
      { entryId: 'demo.audit', action: 'delete', rows: 1 },
    ]);
    expect(await rows('select email from demo_signup')).toEqual([{ email: 'nieuw@example.nl' }]);
    expect(await rows('select actor_email from demo_audit')).toEqual([{ actor_email: 'nieuw@example.nl' }]);
    expect(await erasureRecords()).toEqual([
      { entry_id: 'demo.audit', reason: 'retention', action: 'delete', row_count: 1, requested_by: null },
      { entry_id: 'demo.signup', reason: 'retention', action: 'delete', row_count: 1, requested_by: null },
    ]);
    // Counts only: no erased value, no address anywhere in the record.
    const all = await rows<Record<string, unknown>>('select * from privacy_erasure');
    expect(JSON.stringify(all)).not.toContain('@');
  });

  it('is the only way past the audit table’s guard', async () => {
    await addAudit('oud@example.nl', 400);
    await expect(sql`delete from demo_audit`.execute(database.db)).rejects.toThrow(/append-only/);
    await applyRetention(database.db, options);
    expect(await rows('select * from demo_audit')).toEqual([]);
  });

  it('anonymises in place, and a second run finds nothing more to erase', async () => {
    await addMessage('oud@example.nl', 'acc-1', 40, 'Mijn buurman Jan …');
    await addMessage('nieuw@example.nl', 'acc-2', 5);
    expect((await applyRetention(database.db, options)).erased).toEqual([
      { entryId: 'demo.message', action: 'anonymise', rows: 1 },
    ]);
    expect(await rows('select sender_email, sender_account, body from demo_message order by id')).toEqual([
      { sender_email: null, sender_account: null, body: null },
      { sender_email: 'nieuw@example.nl', sender_account: 'acc-2', body: 'Wanneer is de schouw?' },
    ]);
    expect((await applyRetention(database.db, options)).erased).toEqual([]);
    expect(await erasureRecords()).toHaveLength(1);
  });

  it('works in batches and records one total per entry and run', async () => {
    for (let i = 0; i < 5; i += 1) await addSignup(`oud${i}@example.nl`, 120);
    const report = await applyRetention(database.db, { ...options, batchSize: 2 });
    expect(report.erased).toEqual([{ entryId: 'demo.signup', action: 'delete', rows: 5 }]);
    expect(await erasureRecords()).toEqual([
      expect.objectContaining({ entry_id: 'demo.signup', row_count: 5 }),
    ]);
  });

  it('goes on with the other entries when one fails, then reports the failure', async () => {
    await addSignup('oud@example.nl', 100);
    const broken: PersonalDataEntry = { ...demoRegister[0]!, id: 'demo.missing', table: 'demo_missing' };
    await expect(applyRetention(database.db, { register: [broken, demoRegister[0]!] })).rejects.toThrow(
      /demo\.missing/,
    );
    expect(await rows('select * from demo_signup')).toEqual([]);
  });

  it('keeps sent mail 30 days in the app’s own register, and unsent mail until it is settled', async () => {
    const insert = (
      recipient: string,
      status: string,
      settledDaysAgo: number | null,
      createdDaysAgo: number,
    ) =>
      sql`insert into mail_outbox (recipient, subject, body_text, status, settled_at, created_at)
        values (${recipient}, 'Onderwerp', 'Tekst', ${status},
          ${settledDaysAgo === null ? null : daysAgo(settledDaysAgo)}, ${daysAgo(createdDaysAgo)})`.execute(
        database.db,
      );
    await insert('oud@example.nl', 'sent', 31, 31);
    await insert('recent@example.nl', 'failed', 2, 3);
    await insert('wachtend@example.nl', 'pending', null, 60);
    const report = await applyRetention(database.db, { register: personalDataRegister });
    expect(report.erased).toEqual([{ entryId: 'mail.outbox', action: 'delete', rows: 1 }]);
    expect(await rows('select recipient from mail_outbox order by recipient')).toEqual([
      { recipient: 'recent@example.nl' },
      { recipient: 'wachtend@example.nl' },
    ]);
  });

  it('runs as a job after start-up and on demand', async () => {
    const runner = new JobRunner({
      db: database.db,
      log: pino({ level: 'silent' }),
      pollingIntervalSeconds: 0.5,
      cronCheckSeconds: 1,
    });
    const job = retentionJob(database.db, options);
    runner.define(job);
    await addSignup('oud@example.nl', 100);
    await runner.start();
    try {
      await waitFor(async () => (await rows('select * from demo_signup')).length === 0);
      await addSignup('ook-oud@example.nl', 100);
      await waitFor(async () => (await runner.enqueue(job, {})) !== null);
      await waitFor(async () => (await rows('select * from demo_signup')).length === 0);
      expect(await rows('select entry_id, row_count from privacy_erasure')).toEqual([
        { entry_id: 'demo.signup', row_count: 1 },
        { entry_id: 'demo.signup', row_count: 1 },
      ]);
    } finally {
      await runner.stop();
    }
  });
});

async function waitFor(check: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('export of one person’s data (AVG art. 15)', () => {
  beforeEach(async () => {
    await addSignup('Bewoner@Example.nl', 10, 'Fatima');
    await addSignup('ander@example.nl', 10, 'Kees');
    await addAudit('bewoner@example.nl', 5, 'pledge.created');
    await addMessage('bewoner@example.nl', 'acc-7', 3, 'Wanneer is de schouw?');
    await addMessage('iemand@example.nl', 'acc-7', 2, 'Via mijn account');
  });

  it('collects every entry’s rows by e-mail address, whatever its case, with purpose and term', async () => {
    const data = await exportPersonData(database.db, { email: ' BEWONER@example.nl ' }, options);
    expect(data.subject).toEqual({ email: 'bewoner@example.nl' });
    expect(data.entries.map((e) => e.id)).toEqual(['demo.signup', 'demo.audit', 'demo.message']);
    const signup = data.entries[0]!;
    expect(signup).toMatchObject({
      description: 'Your sign-ups for a neighbourhood walk',
      purpose: 'Let the organisers know who comes',
      legalBasis: 'public-task',
      retention: 'deleted 90 days after created_at',
    });
    expect(signup.rows).toEqual([
      { id: expect.any(Number), email: 'Bewoner@Example.nl', name: 'Fatima', created_at: expect.any(String) },
    ]);
    expect(data.entries[1]!.rows).toEqual([
      expect.objectContaining({ actor_email: 'bewoner@example.nl', action: 'pledge.created' }),
    ]);
    expect(data.entries[1]!.retention).toBe('deleted 1 year after occurred_at');
    expect(JSON.stringify(data)).not.toContain('Kees');
  });

  it('finds rows by account id too, leaving out entries that cannot search by it', async () => {
    const data = await exportPersonData(database.db, { accountId: 'acc-7' }, options);
    expect(data.entries.map((e) => e.id)).toEqual(['demo.message']);
    expect(data.entries[0]!.rows.map((r) => r.body)).toEqual(['Wanneer is de schouw?', 'Via mijn account']);
  });

  it('needs an address or an account id', async () => {
    await expect(exportPersonData(database.db, {}, options)).rejects.toThrow(
      /e-mail address or an account id/,
    );
  });
});

describe('erasure of one person’s data (AVG art. 17)', () => {
  beforeEach(async () => {
    await addSignup('bewoner@example.nl', 10);
    await addSignup('ander@example.nl', 10, 'Kees');
    await addAudit('bewoner@example.nl', 5);
    await addMessage('Bewoner@example.nl', 'acc-7', 3);
  });

  it('deletes or anonymises as each entry declares, keeps what the law requires, and records it', async () => {
    const report = await erasePersonData(database.db, { email: 'bewoner@example.nl' }, admin, options);
    expect(report.erased).toEqual([
      { entryId: 'demo.signup', action: 'delete', rows: 1 },
      { entryId: 'demo.message', action: 'anonymise', rows: 1 },
    ]);
    expect(report.kept).toEqual([
      { entryId: 'demo.audit', reason: 'the audit trail must stay complete for a year', rows: 1 },
    ]);
    expect(await rows('select email from demo_signup')).toEqual([{ email: 'ander@example.nl' }]);
    expect(await rows('select sender_email, sender_account, body from demo_message')).toEqual([
      { sender_email: null, sender_account: null, body: '[verwijderd op verzoek]' },
    ]);
    expect(await erasureRecords()).toEqual([
      {
        entry_id: 'demo.message',
        reason: 'request',
        action: 'anonymise',
        row_count: 1,
        requested_by: admin.accountId,
      },
      {
        entry_id: 'demo.signup',
        reason: 'request',
        action: 'delete',
        row_count: 1,
        requested_by: admin.accountId,
      },
    ]);
    expect(JSON.stringify(await rows('select * from privacy_erasure'))).not.toContain('bewoner');
    const after = await exportPersonData(database.db, { email: 'bewoner@example.nl' }, options);
    expect(after.entries.map((e) => e.id)).toEqual(['demo.audit']);
  });

  it('records the request even when nothing was found, as proof it was carried out', async () => {
    const report = await erasePersonData(database.db, { email: 'onbekend@example.nl' }, admin, options);
    expect(report).toMatchObject({ erased: [], kept: [] });
    expect((await erasureRecords()).map((r) => [r.entry_id, r.row_count])).toEqual([
      ['demo.message', 0],
      ['demo.signup', 0],
    ]);
  });

  it('erases all or nothing', async () => {
    const broken: PersonalDataEntry = { ...demoRegister[0]!, id: 'demo.missing', table: 'demo_missing' };
    await expect(
      erasePersonData(database.db, { email: 'bewoner@example.nl' }, admin, {
        register: [demoRegister[0]!, broken],
        scope: ALL,
      }),
    ).rejects.toThrow();
    expect(await rows('select count(*)::int as n from demo_signup')).toEqual([{ n: 2 }]);
    expect(await erasureRecords()).toEqual([]);
  });

  it('lists the erasures for the administrator, newest first', async () => {
    await erasePersonData(database.db, { email: 'bewoner@example.nl' }, admin, options);
    const log = await listRecentErasures(database.db, ALL);
    expect(log.map((l) => [l.reason, l.entryId, l.rows])).toEqual(
      expect.arrayContaining([
        ['request', 'demo.signup', 1],
        ['request', 'demo.message', 1],
      ]),
    );
  });
});

describe('a request reaches only the requester’s gemeenten', () => {
  const VLAARDINGEN: PrivacyScope = { kind: 'gemeenten', codes: ['GM0622'] };
  const scoped = (scope: PrivacyScope) => ({ register: demoRegister, scope });
  let zoetermeerSignup: number;

  beforeEach(async () => {
    await addSignup('bewoner@example.nl', 10, 'In Vlaardingen', 'GM0622');
    zoetermeerSignup = await addSignup('bewoner@example.nl', 10, 'In Zoetermeer', 'GM0637');
    await addSignup('bewoner@example.nl', 10, 'Bij geen gemeente', null);
    // Concerns both gemeenten: either may hand it over.
    await addAudit('bewoner@example.nl', 5, 'pledge.created', ['GM0622', 'GM0637']);
    // Found through the Zoetermeer sign-up it answers; belongs to its gemeente.
    await addMessage('iemand@example.nl', null, 3, 'Over de schouw in Zoetermeer', zoetermeerSignup);
  });

  it('exports the rows of the requester’s gemeente, and names where else the person has data', async () => {
    const data = await exportPersonData(database.db, { email: 'bewoner@example.nl' }, scoped(VLAARDINGEN));
    expect(data.entries.map((e) => [e.id, e.rows.map((r) => r.name ?? r.action)])).toEqual([
      ['demo.signup', ['In Vlaardingen']],
      ['demo.audit', ['pledge.created']],
    ]);
    expect(JSON.stringify(data)).not.toContain('In Zoetermeer');
    expect(data.gemeenten).toEqual(['GM0622', 'GM0637']);
    expect(data.elsewhere).toEqual({ gemeenten: ['GM0637'], platform: true });
  });

  it('leaves rows of other gemeenten and of none untouched on erasure, and records whose rows it touched', async () => {
    const report = await erasePersonData(
      database.db,
      { email: 'bewoner@example.nl' },
      admin,
      scoped(VLAARDINGEN),
    );
    expect(report.erased).toEqual([{ entryId: 'demo.signup', action: 'delete', rows: 1 }]);
    expect(report.kept).toEqual([expect.objectContaining({ entryId: 'demo.audit', rows: 1 })]);
    expect(report.gemeenten).toEqual(['GM0622', 'GM0637']);
    expect(report.elsewhere).toEqual({ gemeenten: ['GM0637'], platform: true });
    expect(await rows('select name from demo_signup order by id')).toEqual([
      { name: 'In Zoetermeer' },
      { name: 'Bij geen gemeente' },
    ]);
    const records = await rows<{ municipality_codes: string[] }>(
      'select distinct municipality_codes from privacy_erasure',
    );
    expect(records).toEqual([{ municipality_codes: ['GM0622', 'GM0637'] }]);
  });

  it('follows a join to find a person’s rows and their gemeente, also when the joined row is erased first', async () => {
    const zoetermeer = scoped({ kind: 'gemeenten', codes: ['GM0637'] });
    const message = demoRegister[2]!;
    const viaSignup: PersonalDataEntry = {
      ...message,
      id: 'demo.answer',
      findBy: { email: { join: [{ from: 'signup_id', table: 'demo_signup', to: 'id' }], column: 'email' } },
      retention: { kind: 'erase-after', term: { days: 30 }, from: 'created_at', erase: { kind: 'delete' } },
      onRequest: { kind: 'delete' },
    };
    const register = checkRegister([demoRegister[0]!, viaSignup]);
    const data = await exportPersonData(
      database.db,
      { email: 'bewoner@example.nl' },
      { ...zoetermeer, register },
    );
    expect(data.entries.find((e) => e.id === 'demo.answer')?.rows.map((r) => r.body)).toEqual([
      'Over de schouw in Zoetermeer',
    ]);
    const elsewhere = await exportPersonData(
      database.db,
      { email: 'bewoner@example.nl' },
      {
        register,
        scope: VLAARDINGEN,
      },
    );
    expect(elsewhere.entries.map((e) => e.id)).toEqual(['demo.signup']);
    // The sign-up is deleted before its answers are looked at: they were found before.
    const report = await erasePersonData(database.db, { email: 'bewoner@example.nl' }, admin, {
      ...zoetermeer,
      register,
    });
    expect(report.erased).toEqual([
      { entryId: 'demo.signup', action: 'delete', rows: 1 },
      { entryId: 'demo.answer', action: 'delete', rows: 1 },
    ]);
    expect(await rows('select body from demo_message')).toEqual([]);
  });

  it('reaches rows of no gemeente only with the platform’s scope', async () => {
    const data = await exportPersonData(database.db, { email: 'bewoner@example.nl' }, options);
    expect(data.entries[0]!.rows.map((r) => r.name)).toEqual([
      'In Vlaardingen',
      'In Zoetermeer',
      'Bij geen gemeente',
    ]);
    expect(data.elsewhere).toEqual({ gemeenten: [], platform: false });
  });

  it('records a request that found nothing under the requester’s own gemeente', async () => {
    const report = await erasePersonData(
      database.db,
      { email: 'onbekend@example.nl' },
      admin,
      scoped(VLAARDINGEN),
    );
    expect(report.gemeenten).toEqual(['GM0622']);
    expect(await listRecentErasures(database.db, VLAARDINGEN)).not.toEqual([]);
    expect(await listRecentErasures(database.db, { kind: 'gemeenten', codes: ['GM0637'] })).toEqual([]);
  });
});

describe('the app’s register on the real tables', () => {
  const ZOETERMEER: PrivacyScope = { kind: 'gemeenten', codes: ['GM0637'] };
  let references = 0;

  /** An initiative in Zoetermeer with a thread and a photo, written as the desk writes them. */
  async function addInitiative(initiator: string): Promise<string> {
    const db = database.db;
    const { rows: initiative } = await sql<{ id: string }>`
      insert into initiative (reference, title, summary, for_whom, themes, help_wanted, buurt_code, wijk_code,
        municipality_code, location_description, stage, channel, initiator_name, initiator_email,
        tracking_token_hash, intake_due_on)
      values (${`INI-2026-${9000 + (references += 1)}`}, 'Moestuin', 'Een moestuin voor de hele buurt', 'Buren', '{groen}', '{}',
        'BU06370001', 'WK063700', 'GM0637', 'Achter de school', 'submitted', 'online', 'Fatima Bakkali',
        ${initiator}, ${`hash-${Math.random()}`}, '2026-03-09')
      returning id`.execute(db);
    const id = initiative[0]!.id;
    await sql`insert into initiative_message (initiative_id, author, author_label, body)
      values (${id}, 'initiator', 'Initiatiefnemer', 'Mag de moestuin op het grasveld?'),
             (${id}, 'staff', 'Carla Coach', 'Ja, als de buren het goed vinden.')`.execute(db);
    const { rows: upload } = await sql<{ id: string }>`
      insert into upload (mime, bytes, width, height) values ('image/png', ${Buffer.from('foto van Fatima')}, 4, 3)
      returning id`.execute(db);
    await sql`insert into initiative_photo (initiative_id, upload_id, position, alt)
      values (${id}, ${upload[0]!.id}, 0, 'Fatima bij het grasveld')`.execute(db);
    return id;
  }

  it('runs every entry’s look-up, gemeente mapping and erasure on the real schema', async () => {
    const subject = { email: 'niemand@example.nl', accountId: '6f1d2a4e-0000-4000-8000-0000000000ff' };
    const data = await exportPersonData(database.db, subject, { scope: ALL, register: personalDataRegister });
    expect(data.entries).toEqual([]);
    const report = await erasePersonData(database.db, subject, admin, {
      scope: ALL,
      register: personalDataRegister,
    });
    expect(report).toMatchObject({ erased: [], kept: [] });
  });

  it('exports an initiator’s thread, photos and photo files with the initiative, in its gemeente only', async () => {
    const INITIATOR = 'fatima.export@example.nl';
    await addInitiative(INITIATOR);
    const data = await exportPersonData(
      database.db,
      { email: INITIATOR },
      { scope: ZOETERMEER, register: personalDataRegister },
    );
    expect(data.entries.map((e) => [e.id, e.rows.length])).toEqual([
      ['initiatives.thread', 2],
      ['initiatives.photos', 1],
      ['initiatives.initiator', 1],
      // The files are the uploads module's, built before initiatives: their entry comes after.
      ['initiatives.photo-files', 1],
    ]);
    expect(JSON.stringify(data)).toContain('Mag de moestuin op het grasveld?');
    expect(JSON.stringify(data)).toContain('Fatima bij het grasveld');
    expect(JSON.stringify(data)).toContain(Buffer.from('foto van Fatima').toString('base64'));
    const elsewhere = await exportPersonData(
      database.db,
      { email: INITIATOR },
      {
        scope: { kind: 'gemeenten', codes: ['GM0622'] },
        register: personalDataRegister,
      },
    );
    expect(elsewhere.entries).toEqual([]);
    expect(elsewhere.elsewhere).toEqual({ gemeenten: ['GM0637'], platform: false });
  });

  it('erases the thread, the photos and their files, and anonymises the initiative', async () => {
    const INITIATOR = 'fatima.wissen@example.nl';
    const id = await addInitiative(INITIATOR);
    const report = await erasePersonData(database.db, { email: INITIATOR }, admin, {
      scope: ZOETERMEER,
      register: personalDataRegister,
    });
    expect(report.erased).toEqual(
      expect.arrayContaining([
        { entryId: 'initiatives.thread', action: 'delete', rows: 2 },
        { entryId: 'initiatives.photos', action: 'delete', rows: 1 },
        { entryId: 'initiatives.photo-files', action: 'delete', rows: 1 },
        { entryId: 'initiatives.initiator', action: 'anonymise', rows: 1 },
      ]),
    );
    expect(report.gemeenten).toEqual(['GM0637']);
    expect(
      await rows(`select count(*)::int as n from initiative_message where initiative_id = '${id}'`),
    ).toEqual([{ n: 0 }]);
    expect(
      await rows(`select count(*)::int as n from initiative_photo where initiative_id = '${id}'`),
    ).toEqual([{ n: 0 }]);
    expect(await rows(`select initiator_email, title from initiative where id = '${id}'`)).toEqual([
      { initiator_email: null, title: 'Moestuin' },
    ]);
    const after = await exportPersonData(
      database.db,
      { email: INITIATOR },
      { scope: ALL, register: personalDataRegister },
    );
    expect(after.entries).toEqual([]);
  });
});
