import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCommandOn } from '../../../test/helpers/cli.js';
import { identityCommands } from './index.js';
import { createTestApp, type TestApp } from '../../../test/helpers/app.js';
import { TestBrowser } from '../../../test/helpers/browser.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ PUBLIC_URL: 'https://buurtkracht.example' });
});
afterAll(async () => {
  await t.close();
});

/** Runs create-admin against the test app's database, capturing what it prints. */
const run = (argv: string[]) =>
  runCommandOn(
    t,
    identityCommands.find((c) => c.name === 'create-admin'),
    argv,
  );

describe('buurtkracht create-admin', () => {
  it('creates the first administrator and prints a one-time set-up link under PUBLIC_URL', async () => {
    const { stdout, error } = await run([
      '--email',
      'Eerste@Zoetermeer.example',
      '--gemeente',
      'gm0637',
      '--name',
      'Eerste Beheerder',
    ]);
    expect(error).toBeUndefined();
    const url = /https:\/\/buurtkracht\.example(\/account-instellen\/[A-Za-z0-9_-]{43})/.exec(stdout);
    expect(url).not.toBeNull();

    const person = new TestBrowser(t);
    await person.get(url?.[1] ?? '');
    const done = await person.post(url?.[1] ?? '', {
      displayName: 'Eerste Beheerder',
      password: 'koffie-bij-het-stadhuis',
    });
    expect(done.statusCode).toBe(303);
    expect((await person.get('/beheer/medewerkers')).statusCode).toBe(200);
    const audit = await person.get('/beheer/audit?action=identity.staff.invited');
    expect(audit.body).toContain('command line (create-admin)');
    expect(audit.body).toContain('opdrachtregel');
  });

  it('refuses a second account with the same address, an unknown gemeente, and a missing option', async () => {
    expect((await run(['--email', 'eerste@zoetermeer.example', '--gemeente', 'GM0637'])).error?.message).toBe(
      'There is already an account with this email address.',
    );
    expect((await run(['--email', 'x@zoetermeer.example', '--gemeente', 'GM9999'])).error?.message).toMatch(
      /no municipality, district or neighbourhood with code GM9999.\nImport its places first/,
    );
    expect((await run(['--email', 'x@zoetermeer.example', '--gemeente', 'WK063700'])).error?.message).toBe(
      'This role cannot be given for this place.',
    );
    expect((await run(['--email', 'x@zoetermeer.example'])).error?.name).toBe('UsageError');
  });
});
