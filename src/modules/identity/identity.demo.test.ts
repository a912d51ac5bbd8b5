import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/helpers/app.js';
import { TestBrowser } from '../../../test/helpers/browser.js';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from './identity.demo.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  await t.modules.identity.seedDemo(pino({ level: 'silent' }), { publishedSecrets: true });
});
afterAll(async () => {
  await t.close();
});

describe('the demo has one account per role in Zoetermeer', () => {
  it.each(DEMO_ACCOUNTS.map((a) => [a.email]))('%s signs in with the demo password', async (email) => {
    const b = new TestBrowser(t);
    expect((await b.signIn(email, DEMO_PASSWORD)).statusCode).toBe(303);
  });

  it('shows the demo accounts and a few role changes in the audit log', async () => {
    const admin = new TestBrowser(t);
    await admin.signIn('beheerder@zoetermeer.example', DEMO_PASSWORD);
    const log = await admin.get('/beheer/audit?action=identity.staff');
    expect(log.body.match(/Demo-account aangemaakt/g)?.length).toBe(4);
    expect(log.body.match(/Rollen gewijzigd/g)?.length).toBe(2);
    const staff = await admin.get('/beheer/medewerkers');
    expect(staff.body).toContain('Wijkmanager in Meerzicht');
    expect(staff.body).toContain('Initiatiefcoach in Zoetermeer');
  });

  it('is loaded once', async () => {
    await t.modules.identity.seedDemo(pino({ level: 'silent' }), { publishedSecrets: true });
    expect(await t.modules.identity.service.countAccounts()).toBe(DEMO_ACCOUNTS.length);
  });
});
