import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/helpers/app.js';
import { createStaff, grant, TestBrowser, TEST_PASSWORD } from '../../../test/helpers/browser.js';
import { queuedMail } from '../../../test/helpers/outbox.js';
import { createFolderMailer, deliverOutbox } from '../../mail/index.js';
import { I18n } from '../../web/i18n/i18n.js';
import { ANONYMOUS } from '../../access/index.js';
import {
  checkSubmissionForm,
  initiativesMessages,
  postInitiatorMessage,
  submitInitiative,
  validForm,
} from '../initiatives/initiatives.test-helpers.js';

let t: TestApp;
let admin: TestBrowser;
let vlaardingen: TestBrowser;
const RESIDENT = 'wis.mij@voorbeeld.nl';
const translate = new I18n([initiativesMessages]).translator('nl');

/** A resident signs in by e-mail link: their sign-in data belongs to the platform, not a gemeente. */
async function signInResident(email: string): Promise<string> {
  const resident = new TestBrowser(t);
  await resident.get('/inloggen/bewoner');
  await resident.post('/inloggen/bewoner', { email });
  const token = /http:\/\/buurtkracht\.test\/inloggen\/bewoner\/(\S+)/.exec(
    (await queuedMail(t, email)).at(-1)?.text ?? '',
  )?.[1];
  await resident.get(`/inloggen/bewoner/${token}`);
  await resident.post(`/inloggen/bewoner/${token}`);
  return token ?? '';
}

/** An initiative submitted online by `email` in a buurt of the gemeente, with a first question. */
async function submitFor(email: string, gemeente: 'GM0637' | 'GM0622'): Promise<string> {
  const buurt =
    gemeente === 'GM0637'
      ? 'BU06370001'
      : ((
          await sql<{ code: string }>`
            select code from place where code like 'BU0622%' order by code limit 1`.execute(t.database.db)
        ).rows[0]?.code ?? '');
  const checked = checkSubmissionForm(validForm({ gemeente, buurt, email }), { staff: false });
  if (!checked.input) throw new Error(JSON.stringify(checked.issues));
  const ctx = t.modules.initiatives.context;
  const { token } = await submitInitiative(
    ctx,
    { actor: ANONYMOUS, channel: 'web' },
    checked.input,
    [],
    translate,
  );
  await postInitiatorMessage(
    ctx,
    { actor: ANONYMOUS, channel: 'web' },
    token,
    'Mag de moestuin op het grasveld?',
    translate,
  );
  return token;
}

beforeAll(async () => {
  t = await createTestApp({ PUBLIC_URL: 'http://buurtkracht.test' });
  await createStaff(t, { email: 'beheer@zoetermeer.example', grants: [grant('administrator', 'GM0637')] });
  await createStaff(t, { email: 'coach@zoetermeer.example', grants: [grant('coach', 'GM0637')] });
  await createStaff(t, { email: 'beheer@vlaardingen.example', grants: [grant('administrator', 'GM0622')] });
  admin = new TestBrowser(t);
  await admin.signIn('beheer@zoetermeer.example', TEST_PASSWORD);
  vlaardingen = new TestBrowser(t);
  await vlaardingen.signIn('beheer@vlaardingen.example', TEST_PASSWORD);
  // The resident's data: an initiative in Zoetermeer (with its mail and thread), and their
  // sign-in link (and its mail) and session, which belong to no gemeente.
  await submitFor(RESIDENT, 'GM0637');
  await signInResident(RESIDENT);
});
afterAll(async () => {
  await t.close();
});

const auditActions = async () =>
  (
    await sql<{ action: string; details: unknown; municipality_codes: string[] }>`
      select action, details, municipality_codes from audit_log where action like 'privacy.%' order by id`.execute(
      t.database.db,
    )
  ).rows;

interface ExportJson {
  entries: { id: string; rows: Record<string, unknown>[] }[];
  elsewhere: { gemeenten: { code: string; name: string }[]; platform: boolean };
}

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

  it('lists what the register holds about the person in the gemeente, with counts, and what is elsewhere', async () => {
    await admin.get('/beheer/privacy');
    const res = await admin.post('/beheer/privacy', { email: RESIDENT.toUpperCase() });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Initiatives you submitted: your name, e-mail address and phone number: 1');
    expect(res.body).toContain('Messages in the thread of your initiative');
    expect(res.body).toContain(
      'E-mails the app sent you (or tried to send): address, subject, text and attachments: 1',
    );
    // The sign-in link and session are the platform's: named, not counted here.
    expect(res.body).not.toContain('Your sessions as a signed-in resident');
    expect(res.body).toContain(
      'Er zijn ook gegevens van deze persoon die bij geen gemeente horen, zoals inloggen als bewoner; die handelt de technisch beheerder van Buurtkracht af.',
    );
  });
});

describe('export (art. 15) and erasure (art. 17)', () => {
  it('downloads the person’s data as JSON and audits it, without their address', async () => {
    await admin.get('/beheer/privacy');
    const res = await admin.post('/beheer/privacy/export', { email: RESIDENT });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('application/json');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="persoonsgegevens-/);
    const data = JSON.parse(res.body) as ExportJson;
    expect(data.entries.map((e) => e.id)).toEqual([
      'initiatives.thread',
      'initiatives.initiator',
      'mail.outbox',
    ]);
    expect(data.elsewhere).toEqual({ gemeenten: [], platform: true });
    const audit = await auditActions();
    expect(audit.map((a) => [a.action, a.municipality_codes])).toEqual([
      ['privacy.request.exported', ['GM0637']],
    ]);
    expect(JSON.stringify(audit)).not.toContain(RESIDENT);
  });

  it('exports a member of staff’s account, sessions and audit entries by their address', async () => {
    await admin.get('/beheer/privacy');
    const res = await admin.post('/beheer/privacy/export', { email: 'coach@zoetermeer.example' });
    const data = JSON.parse(res.body) as ExportJson;
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
    expect((await admin.post('/beheer/privacy', { email: RESIDENT })).body).toContain(
      'Initiatives you submitted',
    );

    const done = await admin.post('/beheer/privacy/wissen/bevestigen', { email: RESIDENT, confirm: 'ja' });
    expect(done.statusCode).toBe(200);
    expect(done.body).toContain('Gegevens gewist');
    expect(done.body).toContain('initiatives.initiator: 1 geanonimiseerd');
    expect(done.body).toContain('initiatives.thread: 1 verwijderd');
    expect(done.body).toContain('die handelt de technisch beheerder van Buurtkracht af');
    const after = await admin.post('/beheer/privacy', { email: RESIDENT });
    expect(after.body).toContain('Wij hebben in uw gemeente geen gegevens gevonden');
    const audit = await auditActions();
    expect(audit.map((a) => a.action)).toContain('privacy.request.erased');
    expect(JSON.stringify(audit)).not.toContain(RESIDENT);
    // The platform's part stays for the platform's administrator.
    const { rows } = await sql<{ n: number }>`
      select count(*)::int as n from resident_session where email = ${RESIDENT}`.execute(t.database.db);
    expect(rows[0]?.n).toBe(1);
    // The list of recent erasures shows the request.
    const page = await admin.get('/beheer/privacy');
    expect(page.body).toContain('initiatives.initiator');
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

describe('an administrator of one gemeente and the data of another', () => {
  const NEW_ADMIN = 'nieuwe.beheerder@zoetermeer.example';
  let setupUrl: string;
  beforeAll(async () => {
    // A newly invited administrator of Zoetermeer, as `buurtkracht create-admin` makes one.
    ({ setupUrl } = await t.modules.identity.createAdministrator({ email: NEW_ADMIN, gemeente: 'GM0637' }));
  });
  const setupToken = () => setupUrl.split('/').at(-1) ?? '';

  it('cannot look up or export Zoetermeer’s data, set-up link included, and is told Zoetermeer handles it', async () => {
    await vlaardingen.get('/beheer/privacy');
    const found = await vlaardingen.post('/beheer/privacy', { email: NEW_ADMIN });
    expect(found.statusCode).toBe(200);
    expect(found.body).toContain('Wij hebben in uw gemeente geen gegevens gevonden');
    expect(found.body).toContain(
      'Er zijn ook gegevens van deze persoon bij gemeente Zoetermeer; die gemeente handelt dat deel af.',
    );
    expect(found.body).not.toContain('Gegevens downloaden');

    const res = await vlaardingen.post('/beheer/privacy/export', { email: NEW_ADMIN });
    expect(res.statusCode).toBe(200);
    const data = JSON.parse(res.body) as ExportJson;
    expect(data.entries).toEqual([]);
    expect(data.elsewhere).toEqual({ gemeenten: [{ code: 'GM0637', name: 'Zoetermeer' }], platform: false });
    expect(res.body).not.toContain(setupToken());
    expect(res.body).not.toContain('account-instellen');
  });

  it('says so in English too', async () => {
    const english = new TestBrowser(t, { 'accept-language': 'en' });
    await english.signIn('beheer@vlaardingen.example', TEST_PASSWORD);
    await english.get('/beheer/privacy');
    const found = await english.post('/beheer/privacy', { email: NEW_ADMIN });
    expect(found.body).toContain(
      'There is also data about this person at the gemeente Zoetermeer; that gemeente handles that part.',
    );
  });

  it('cannot erase Zoetermeer’s data: nothing is erased there, and the page says who handles it', async () => {
    const countRows = async () =>
      (
        await sql<{ mail: number; links: number }>`
          select (select count(*)::int from mail_outbox where recipient = ${NEW_ADMIN}) as mail,
            (select count(*)::int from staff_token t join staff_account a on a.id = t.account_id
              where a.email = ${NEW_ADMIN}) as links`.execute(t.database.db)
      ).rows[0];
    const before = await countRows();
    expect(before).toEqual({ mail: 1, links: 1 });
    await vlaardingen.get('/beheer/privacy');
    await vlaardingen.post('/beheer/privacy/wissen', { email: NEW_ADMIN });
    const done = await vlaardingen.post('/beheer/privacy/wissen/bevestigen', {
      email: NEW_ADMIN,
      confirm: 'ja',
    });
    expect(done.statusCode).toBe(200);
    expect(done.body).toContain('Er was niets te wissen.');
    expect(done.body).toContain('Er zijn ook gegevens van deze persoon bij gemeente Zoetermeer');
    expect(await countRows()).toEqual(before);
    // Recorded in Vlaardingen, whose administrator asked; Zoetermeer's data was not touched.
    const erased = (await auditActions()).filter((a) => a.action === 'privacy.request.erased').at(-1);
    expect(erased?.municipality_codes).toEqual(['GM0622']);
  });

  it('sees the part in its own gemeente, and is told about the rest', async () => {
    const both = 'in.twee.gemeenten@voorbeeld.nl';
    await submitFor(both, 'GM0637');
    await submitFor(both, 'GM0622');
    await vlaardingen.get('/beheer/privacy');
    const found = await vlaardingen.post('/beheer/privacy', { email: both });
    expect(found.body).toContain('Initiatives you submitted: your name, e-mail address and phone number: 1');
    expect(found.body).toContain('bij gemeente Zoetermeer; die gemeente handelt dat deel af.');
    const res = await vlaardingen.post('/beheer/privacy/export', { email: both });
    const data = JSON.parse(res.body) as ExportJson;
    const initiatives = data.entries.find((e) => e.id === 'initiatives.initiator');
    expect(initiatives?.rows).toHaveLength(1);
    expect(JSON.stringify(data)).not.toContain('BU0637');
  });
});

describe('audit entries go to every gemeente whose data a request touched', () => {
  it('records an export of someone working in two gemeenten in both', async () => {
    const both = 'coach@twee-gemeenten.example';
    await createStaff(t, { email: both, grants: [grant('coach', 'GM0622'), grant('coach', 'GM0637')] });
    await new TestBrowser(t).signIn(both, TEST_PASSWORD);
    await vlaardingen.get('/beheer/privacy');
    const res = await vlaardingen.post('/beheer/privacy/export', { email: both });
    expect((JSON.parse(res.body) as ExportJson).entries.map((e) => e.id)).toContain(
      'identity.staff-sessions',
    );
    const exported = (await auditActions()).filter((a) => a.action === 'privacy.request.exported').at(-1);
    expect(exported?.municipality_codes).toEqual(['GM0622', 'GM0637']);
    // Zoetermeer's administrator finds it in their own audit log.
    const log = await admin.get('/beheer/audit');
    expect(log.body).toContain('beheer@vlaardingen.example');

    await vlaardingen.post('/beheer/privacy/wissen', { email: both });
    await vlaardingen.post('/beheer/privacy/wissen/bevestigen', { email: both, confirm: 'ja' });
    const erased = (await auditActions()).filter((a) => a.action === 'privacy.request.erased').at(-1);
    expect(erased?.municipality_codes).toEqual(['GM0622', 'GM0637']);
  });
});

describe('no stored mail keeps a working link', () => {
  const INVITEE = 'link.test@zoetermeer.example';
  const RESIDENT_TWO = 'link.bewoner@voorbeeld.nl';
  let folder: string;
  beforeAll(async () => {
    folder = await fs.mkdtemp(path.join(os.tmpdir(), 'bk-privacy-mail-'));
  });
  afterAll(async () => {
    await fs.rm(folder, { recursive: true, force: true });
  });

  /** Every link in a delivered .eml file (quoted-printable undone). */
  async function deliveredLinks(): Promise<string[]> {
    const links: string[] = [];
    for (const file of await fs.readdir(folder)) {
      const raw = (await fs.readFile(path.join(folder, file), 'utf8'))
        .replace(/=\r\n/g, '')
        .replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
      links.push(...(raw.match(/http:\/\/buurtkracht\.test\/[^\s"<]*/g) ?? []));
    }
    return links;
  }

  /** Tries a URL as an attacker with the export would: opens it, and submits whatever it offers. */
  async function tryToUse(url: string): Promise<TestBrowser> {
    const visitor = new TestBrowser(t);
    const target = new URL(url);
    await visitor.get(target.pathname);
    await visitor.post(target.pathname, {
      displayName: 'Indringer',
      password: 'een-lang-nieuw-wachtwoord-42',
    });
    return visitor;
  }

  it('an export holds no usable link, before delivery or after; the delivered mail holds the real one', async () => {
    const { setupUrl } = await t.modules.identity.createAdministrator({ email: INVITEE, gemeente: 'GM0637' });
    const setupToken = setupUrl.split('/').at(-1) ?? '';
    const residentToken = await signInResident(RESIDENT_TWO);
    const trackingToken = await submitFor(RESIDENT_TWO, 'GM0637');
    const tokens = [setupToken, residentToken, trackingToken];

    const exportOf = async (email: string) => {
      await admin.get('/beheer/privacy');
      return (await admin.post('/beheer/privacy/export', { email })).body;
    };
    const before = await exportOf(INVITEE);
    expect(before).toContain('[link verwijderd na verzending]');
    for (const token of tokens) expect(before).not.toContain(token);

    const report = await deliverOutbox(
      t.database.db,
      createFolderMailer({ dir: folder, from: 'bk@example.nl' }),
    );
    expect(report.failed).toBe(0);
    const delivered = await deliveredLinks();
    for (const token of tokens) expect(delivered.some((link) => link.includes(token))).toBe(true);

    // No stored message holds any of the links, in any column.
    const stored = JSON.stringify(
      (await sql`select row_to_json(m) as row from mail_outbox m`.execute(t.database.db)).rows,
    );
    for (const token of tokens) expect(stored).not.toContain(token);

    const exports = [await exportOf(INVITEE), await exportOf(RESIDENT_TWO)];
    for (const body of exports) for (const token of tokens) expect(body).not.toContain(token);
    const urls = exports.flatMap((body) => body.match(/https?:\/\/[^\s"\\]+/g) ?? []);
    expect(urls.length).toBeGreaterThan(0);
    for (const url of urls) {
      const visitor = await tryToUse(url);
      expect((await visitor.get('/account')).statusCode).toBe(303);
      expect((await visitor.get('/mijn')).body).not.toContain(RESIDENT_TWO);
    }

    // The link the invitee received still works: the mail did its job.
    const invitee = new TestBrowser(t);
    expect((await invitee.get(new URL(setupUrl).pathname)).statusCode).toBe(200);
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
