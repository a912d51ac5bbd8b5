import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/helpers/app.js';
import { createStaff, grant, TestBrowser, TEST_PASSWORD } from '../../../test/helpers/browser.js';
import { queuedMail } from '../../../test/helpers/outbox.js';

let t: TestApp;
let admin: TestBrowser;
const RESIDENT = 'wis.mij@voorbeeld.nl';

beforeAll(async () => {
  t = await createTestApp({ PUBLIC_URL: 'http://buurtkracht.test' });
  await createStaff(t, { email: 'beheer@zoetermeer.example', grants: [grant('administrator', 'GM0637')] });
  await createStaff(t, { email: 'coach@zoetermeer.example', grants: [grant('coach', 'GM0637')] });
  admin = new TestBrowser(t);
  await admin.signIn('beheer@zoetermeer.example', TEST_PASSWORD);
  // The resident's data: a sign-in link (and its mail) and a resident session.
  const resident = new TestBrowser(t);
  await resident.get('/inloggen/bewoner');
  await resident.post('/inloggen/bewoner', { email: RESIDENT });
  const path = /http:\/\/buurtkracht\.test(\/inloggen\/bewoner\/\S+)/.exec(
    (await queuedMail(t, RESIDENT))[0]?.text ?? '',
  )?.[1];
  await resident.get(path ?? '');
  await resident.post(path ?? '');
});
afterAll(async () => {
  await t.close();
});

const auditActions = async () =>
  (
    await sql<{ action: string; details: unknown }>`
      select action, details from audit_log where action like 'privacy.%' order by id`.execute(t.database.db)
  ).rows;

describe('only administrators handle privacy requests', () => {
  it('sends visitors to sign in and refuses other staff', async () => {
    expect((await new TestBrowser(t).get('/beheer/privacy')).headers.location).toBe(
      '/inloggen?terug=%2Fbeheer%2Fprivacy',
    );
    const coach = new TestBrowser(t);
    await coach.signIn('coach@zoetermeer.example', TEST_PASSWORD);
    expect((await coach.get('/beheer/privacy')).statusCode).toBe(403);
    await coach.get('/account');
    expect((await coach.post('/beheer/privacy/export', { email: RESIDENT })).statusCode).toBe(403);
  });

  it('refuses a form without its CSRF token', async () => {
    const res = await admin.post('/beheer/privacy/export', { email: RESIDENT, _csrf: 'nep' });
    expect(res.statusCode).toBe(403);
  });
});

describe('looking a person up', () => {
  it('shows an error beside the field for a malformed address', async () => {
    await admin.get('/beheer/privacy');
    const res = await admin.post('/beheer/privacy', { email: 'geen adres' });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('id="email-error"');
  });

  it('lists what the register holds about the person, with counts', async () => {
    await admin.get('/beheer/privacy');
    const res = await admin.post('/beheer/privacy', { email: RESIDENT.toUpperCase() });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Sign-in links we e-mailed you as a resident (only a hash of each link): 1');
    expect(res.body).toContain('Your sessions as a signed-in resident: 1');
    expect(res.body).toContain('E-mails the app sent you');
  });
});

describe('export (art. 15) and erasure (art. 17)', () => {
  it('downloads the person’s data as JSON and audits it, without their address', async () => {
    await admin.get('/beheer/privacy');
    const res = await admin.post('/beheer/privacy/export', { email: RESIDENT });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('application/json');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="persoonsgegevens-/);
    const data = JSON.parse(res.body) as { entries: { id: string }[] };
    expect(data.entries.map((e) => e.id)).toEqual([
      'mail.outbox',
      'identity.resident-links',
      'identity.resident-sessions',
    ]);
    const audit = await auditActions();
    expect(audit.map((a) => a.action)).toEqual(['privacy.request.exported']);
    expect(JSON.stringify(audit)).not.toContain(RESIDENT);
  });

  it('exports a member of staff’s account, sessions and audit entries by their address', async () => {
    await admin.get('/beheer/privacy');
    const res = await admin.post('/beheer/privacy/export', { email: 'coach@zoetermeer.example' });
    const data = JSON.parse(res.body) as { entries: { id: string }[] };
    expect(data.entries.map((e) => e.id)).toEqual(
      expect.arrayContaining(['identity.staff-sessions', 'audit.log', 'identity.staff-accounts']),
    );
  });

  it('asks for confirmation first, with the error beside the checkbox, then erases and audits', async () => {
    await admin.get('/beheer/privacy');
    const confirm = await admin.post('/beheer/privacy/wissen', { email: RESIDENT });
    expect(confirm.statusCode).toBe(200);
    expect(confirm.body).toContain('Definitief wissen');
    const unticked = await admin.post('/beheer/privacy/wissen/bevestigen', { email: RESIDENT });
    expect(unticked.statusCode).toBe(400);
    expect(unticked.body).toContain('id="confirm-error"');
    expect((await admin.post('/beheer/privacy', { email: RESIDENT })).body).toContain('Your sessions');

    const done = await admin.post('/beheer/privacy/wissen/bevestigen', { email: RESIDENT, confirm: 'ja' });
    expect(done.statusCode).toBe(200);
    expect(done.body).toContain('Gegevens gewist');
    expect(done.body).toContain('identity.resident-sessions: 1 verwijderd');
    const after = await admin.post('/beheer/privacy', { email: RESIDENT });
    expect(after.body).toContain('Wij hebben geen gegevens gevonden');
    const audit = await auditActions();
    expect(audit.map((a) => a.action)).toContain('privacy.request.erased');
    expect(JSON.stringify(audit)).not.toContain(RESIDENT);
    // The list of recent erasures shows the request.
    const page = await admin.get('/beheer/privacy');
    expect(page.body).toContain('identity.resident-links');
    expect(page.body).toContain('Verzoek');
  });

  it('keeps what the law requires of a member of staff, and says why', async () => {
    await admin.get('/beheer/privacy');
    await admin.post('/beheer/privacy/wissen', { email: 'coach@zoetermeer.example' });
    const done = await admin.post('/beheer/privacy/wissen/bevestigen', {
      email: 'coach@zoetermeer.example',
      confirm: 'ja',
    });
    expect(done.statusCode).toBe(200);
    expect(done.body).toContain('identity.staff-accounts');
    expect(done.body).toContain('a working staff account cannot be erased');
  });
});

describe('retention on demand', () => {
  it('applies the register’s terms now, audits it and says how much it erased', async () => {
    const fresh = new TestBrowser(t);
    await fresh.signIn('beheer@zoetermeer.example', TEST_PASSWORD);
    await new TestBrowser(t).signIn('coach@zoetermeer.example', TEST_PASSWORD);
    // The coach's session, last seen 40 days ago: past the register's 30 days.
    await sql`update staff_session set last_seen_at = now() - interval '40 days',
      created_at = now() - interval '40 days'
      where account_id = (select id from staff_account where email = 'coach@zoetermeer.example')`.execute(
      t.database.db,
    );
    await fresh.get('/beheer/privacy');
    const res = await fresh.post('/beheer/privacy/bewaartermijnen');
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toMatch(/^\/beheer\/privacy\?bewaard=[1-9]\d*$/);
    const shown = await fresh.get(res.headers.location ?? '');
    expect(shown.body).toContain('De bewaartermijnen zijn toegepast');
    expect(shown.body).toContain('Bewaartermijn');
    expect((await auditActions()).map((a) => a.action)).toContain('privacy.retention.run');
  });
});
