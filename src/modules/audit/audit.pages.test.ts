import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/helpers/app.js';
import { createStaff, grant, TestBrowser, TEST_PASSWORD } from '../../../test/helpers/browser.js';
import type { AuditEntry } from './audit.js';
import { recordAudit } from './audit.service.js';

let t: TestApp;
let admin: TestBrowser;
beforeAll(async () => {
  t = await createTestApp({ PUBLIC_URL: 'http://buurtkracht.test' });
  await createStaff(t, {
    email: 'beheer@zoetermeer.example',
    displayName: 'Anouk',
    grants: [grant('administrator', 'GM0637')],
  });
  await createStaff(t, {
    email: 'beheer@denbosch.example',
    displayName: 'Bas',
    grants: [grant('administrator', 'GM0796')],
  });
  admin = new TestBrowser(t);
  await admin.signIn('beheer@zoetermeer.example', TEST_PASSWORD);
});
afterAll(async () => {
  await t.close();
});

type AuditRow = {
  id: number;
  action: string;
  actor_label: string;
  subject_id: string | null;
  channel: string;
};
const auditRows = () =>
  t.database.db
    .withTables<{ audit_log: AuditRow }>()
    .selectFrom('audit_log')
    .selectAll()
    .orderBy('id')
    .execute();

const entry = (action: string, extra: Partial<AuditEntry> = {}): AuditEntry => ({
  actor: { accountId: null, label: 'test' },
  channel: 'system',
  ip: null,
  action,
  subject: { type: 'thing', id: '1' },
  municipalityCodes: ['GM0637'],
  ...extra,
});

describe('the audit log is append-only', () => {
  it('refuses UPDATE, DELETE and TRUNCATE', async () => {
    await recordAudit(t.database.db, entry('test.append_only'));
    const db = t.database.db.withTables<{ audit_log: AuditRow }>();
    await expect(db.updateTable('audit_log').set({ action: 'changed' }).execute()).rejects.toThrow(
      /append-only/,
    );
    await expect(db.deleteFrom('audit_log').execute()).rejects.toThrow(/append-only/);
    await expect(sql`truncate audit_log`.execute(t.database.db)).rejects.toThrow(/append-only/);
    expect((await auditRows()).some((r) => r.action === 'test.append_only')).toBe(true);
  });

  it('allows the retention path: a transaction that sets buurtkracht.retention locally', async () => {
    await recordAudit(t.database.db, entry('test.retention'));
    await t.database.db.transaction().execute(async (trx) => {
      await sql`select set_config('buurtkracht.retention', 'on', true)`.execute(trx);
      await trx
        .withTables<{ audit_log: AuditRow }>()
        .deleteFrom('audit_log')
        .where('action', '=', 'test.retention')
        .execute();
    });
    expect((await auditRows()).some((r) => r.action === 'test.retention')).toBe(false);
    // The setting was local to that transaction: the next delete is refused again.
    const db = t.database.db.withTables<{ audit_log: AuditRow }>();
    await expect(db.deleteFrom('audit_log').execute()).rejects.toThrow(/append-only/);
  });
});

describe('an entry and its change are committed together', () => {
  it('leaves no entry when the change fails after it was recorded', async () => {
    await expect(
      t.database.db.transaction().execute(async (trx) => {
        await recordAudit(trx, entry('test.rolled_back'));
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    expect((await auditRows()).some((r) => r.action === 'test.rolled_back')).toBe(false);
  });

  it('leaves no change when its entry cannot be written', async () => {
    const { service } = t.modules.identity;
    const actor = {
      kind: 'staff' as const,
      accountId: '00000000-0000-4000-8000-000000000000',
      email: 'x@zoetermeer.example',
      displayName: 'X',
      grants: [grant('administrator', 'GM0637')],
      totpEnabled: false,
    };
    await expect(
      service.inviteStaff(
        // A channel the table's check constraint refuses: the audit insert fails.
        { actor, channel: 'carrier-pigeon' as never, ip: null },
        { email: 'atomic@zoetermeer.example', displayName: 'Atomic', grants: [grant('coach', 'GM0637')] },
      ),
    ).rejects.toThrow();
    const accounts = await t.database.db
      .withTables<{ staff_account: { email: string } }>()
      .selectFrom('staff_account')
      .select('email')
      .where('email', '=', 'atomic@zoetermeer.example')
      .execute();
    expect(accounts).toEqual([]);
  });
});

describe('administrators read and search their gemeente’s log', () => {
  beforeAll(async () => {
    await admin.get('/beheer/medewerkers/uitnodigen');
    const invited = await admin.post('/beheer/medewerkers/uitnodigen', {
      email: 'formule@zoetermeer.example',
      displayName: '=HYPERLINK("http://evil.example")',
      coach: 'WK063705',
    });
    expect(invited.statusCode).toBe(201);
    const other = new TestBrowser(t);
    await other.signIn('beheer@denbosch.example', TEST_PASSWORD);
    await other.get('/beheer/medewerkers/uitnodigen');
    await other.post('/beheer/medewerkers/uitnodigen', {
      email: 'geheim@denbosch.example',
      displayName: 'Geheim',
      coach: 'GM0796',
    });
  });

  it('shows staff changes with who, what, channel and IP; not other gemeenten’s', async () => {
    const page = await admin.get('/beheer/audit');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Medewerker uitgenodigd');
    expect(page.body).toContain('Anouk &lt;beheer@zoetermeer.example>');
    expect(page.body).toContain('formule@zoetermeer.example');
    expect(page.body).toContain('127.0.0.1');
    expect(page.body).not.toContain('geheim@denbosch.example');
  });

  it('searches by actor, action, subject and date', async () => {
    const byAction = await admin.get('/beheer/audit?action=identity.staff.invited');
    expect(byAction.body).toContain('formule@zoetermeer.example');
    expect(byAction.body).not.toContain('identity.session.signed_in');
    const byActor = await admin.get('/beheer/audit?actor=niemand');
    expect(byActor.body).toContain('Geen wijzigingen gevonden.');
    const rows = await auditRows();
    const invite = rows.find(
      (r) => r.action === 'identity.staff.invited' && r.actor_label.startsWith('Anouk'),
    );
    const bySubject = await admin.get(
      `/beheer/audit?subjectType=staff_account&subjectId=${invite?.subject_id ?? ''}`,
    );
    expect(bySubject.body).toContain('Medewerker uitgenodigd');
    expect(bySubject.body).not.toContain('identity.session.signed_in');
    const today = new Date().toISOString().slice(0, 10);
    expect((await admin.get(`/beheer/audit?from=${today}&to=${today}`)).body).toContain(
      'Medewerker uitgenodigd',
    );
    expect((await admin.get('/beheer/audit?from=2020-01-01&to=2020-01-02')).body).toContain(
      'Geen wijzigingen gevonden.',
    );
    const bad = await admin.get('/beheer/audit?from=gisteren');
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('href="#from"');
    expect(bad.body).toContain('value="gisteren"');
    // A date that looks right but does not exist is refused the same way, not searched for.
    const impossible = await admin.get('/beheer/audit?to=2026-02-30');
    expect(impossible.statusCode).toBe(400);
    expect(impossible.body).toContain('href="#to"');
    expect(impossible.body).toContain('value="2026-02-30"');
  });

  it('pages through long logs, newest first', async () => {
    for (let i = 0; i < 60; i++)
      await recordAudit(t.database.db, entry(`test.page.${String(i).padStart(2, '0')}`));
    const first = await admin.get('/beheer/audit?action=test.page.');
    expect(first.body).toContain('test.page.59');
    expect(first.body).not.toContain('test.page.09');
    const next = /href="(\/beheer\/audit\?action=test\.page\.&amp;voor=\d+)"/
      .exec(first.body)?.[1]
      ?.replace('&amp;', '&');
    expect(next).toBeDefined();
    const second = await admin.get(next ?? '');
    expect(second.body).toContain('test.page.09');
    expect(second.body).not.toContain('test.page.59');
  });

  it('exports the search as CSV, streamed, with formula-safe cells', async () => {
    const res = await admin.get('/beheer/audit.csv?action=identity.staff');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    expect(res.headers['content-disposition']).toMatch(
      /attachment; filename="buurtkracht-logboek-\d{4}-\d{2}-\d{2}\.csv"/,
    );
    const lines = res.body
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toBe(
      '"id","occurred_at","actor_account_id","actor_label","channel","ip","action","subject_type","subject_id","municipality_codes","details"',
    );
    expect(res.body).toContain('"identity.staff.invited"');
    expect(res.body).not.toContain('geheim@denbosch.example');
    expect(res.body).not.toContain('test.page.');
    expect(res.body).not.toMatch(/(^|,)"=/m);
  });

  it('refuses the CSV of a name that starts a formula unescaped', async () => {
    const person = await t.modules.identity.service.createDemoAccount({
      email: 'is@zoetermeer.example',
      displayName: '=1+1',
      grants: [grant('coach', 'GM0637')],
      password: TEST_PASSWORD,
    });
    expect(person.displayName).toBe('=1+1');
    await new TestBrowser(t).signIn('is@zoetermeer.example', TEST_PASSWORD);
    const res = await admin.get('/beheer/audit.csv?action=identity.session');
    expect(res.body).toContain(`"'=1+1 <is@zoetermeer.example>"`);
  });

  it('is for administrators only', async () => {
    await createStaff(t, { email: 'coach@zoetermeer.example', grants: [grant('coach', 'GM0637')] });
    const coach = new TestBrowser(t);
    await coach.signIn('coach@zoetermeer.example', TEST_PASSWORD);
    expect((await coach.get('/beheer/audit')).statusCode).toBe(403);
    expect((await coach.get('/beheer/audit.csv')).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'GET', url: '/beheer/audit.csv' })).statusCode).toBe(303);
  });
});
