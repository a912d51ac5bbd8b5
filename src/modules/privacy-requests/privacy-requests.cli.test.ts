import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/helpers/app.js';
import { TestBrowser } from '../../../test/helpers/browser.js';
import { queuedMail } from '../../../test/helpers/outbox.js';
import { runCommandOn } from '../../../test/helpers/cli.js';
import { I18n } from '../../web/i18n/i18n.js';
import { ANONYMOUS } from '../../access/index.js';
import {
  checkSubmissionForm,
  initiativesMessages,
  submitInitiative,
  validForm,
} from '../initiatives/initiatives.test-helpers.js';
import { privacyRequestsCommands } from './index.js';

let t: TestApp;
const RESIDENT = 'platform.bewoner@voorbeeld.nl';

beforeAll(async () => {
  t = await createTestApp({ PUBLIC_URL: 'http://buurtkracht.test' });
  // Data in Zoetermeer (an initiative and its mail), and the platform's own: a sign-in.
  const checked = checkSubmissionForm(validForm({ email: RESIDENT }), { staff: false });
  if (!checked.input) throw new Error(JSON.stringify(checked.issues));
  await submitInitiative(
    t.modules.initiatives.context,
    { actor: ANONYMOUS, channel: 'web' },
    checked.input,
    [],
    new I18n([initiativesMessages]).translator('nl'),
  );
  const resident = new TestBrowser(t);
  await resident.get('/inloggen/bewoner');
  await resident.post('/inloggen/bewoner', { email: RESIDENT });
  const link = /http:\/\/buurtkracht\.test(\/inloggen\/bewoner\/\S+)/.exec(
    (await queuedMail(t, RESIDENT)).at(-1)?.text ?? '',
  )?.[1];
  await resident.get(link ?? '');
  await resident.post(link ?? '');
});
afterAll(async () => {
  await t.close();
});

/** Runs one of this module's commands against the test app, capturing what it prints. */
const run = (name: string, argv: string[]) =>
  runCommandOn(
    t,
    privacyRequestsCommands.find((c) => c.name === name),
    argv,
  );

describe('the platform’s administrator handles what belongs to no gemeente', () => {
  it('exports a person’s data in every gemeente and of none, audited with channel cli', async () => {
    const { stdout, error } = await run('privacy-export', ['--email', RESIDENT.toUpperCase()]);
    expect(error).toBeUndefined();
    const data = JSON.parse(stdout) as { entries: { id: string; rows: unknown[] }[] };
    expect(data.entries.map((e) => [e.id, e.rows.length])).toEqual([
      ['initiatives.initiator', 1],
      ['identity.resident-links', 1],
      ['identity.resident-sessions', 1],
      ['mail.outbox', 2],
    ]);
    expect(stdout).not.toMatch(/\/inloggen\/bewoner\/[A-Za-z0-9_-]{43}/);
    const { rows } = await sql<{ channel: string; actor_label: string; municipality_codes: string[] }>`
      select channel, actor_label, municipality_codes from audit_log
      where action = 'privacy.request.exported'`.execute(t.database.db);
    expect(rows).toEqual([
      { channel: 'cli', actor_label: 'command line (privacy-export)', municipality_codes: ['GM0637'] },
    ]);
  });

  it('erases only with --yes, then everywhere, and says what it kept', async () => {
    expect((await run('privacy-erase', ['--email', RESIDENT])).error?.message).toMatch(/add --yes/);
    expect((await run('privacy-erase', ['--email', 'geen adres', '--yes'])).error?.message).toMatch(
      /e-?mail address/i,
    );
    const { stdout, error } = await run('privacy-erase', ['--email', RESIDENT, '--yes']);
    expect(error).toBeUndefined();
    expect(stdout).toContain('identity.resident-sessions: 1 deleted');
    expect(stdout).toContain('initiatives.initiator: 1 anonymised');
    const after = JSON.parse((await run('privacy-export', ['--email', RESIDENT])).stdout) as {
      entries: unknown[];
    };
    expect(after.entries).toEqual([]);
  });
});
