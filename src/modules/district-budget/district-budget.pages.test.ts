import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/helpers/app.js';
import { createStaff, grant, TestBrowser, TEST_PASSWORD } from '../../../test/helpers/browser.js';
import { allocate, decide } from './district-budget.service.js';

let t: TestApp;
let reference: string;
const year = new Date().getUTCFullYear();
const CLI = { actor: 'cli', channel: 'cli' } as const;

async function signedIn(
  email: string,
  grants: Parameters<typeof createStaff>[1]['grants'],
): Promise<TestBrowser> {
  await createStaff(t, { email, grants });
  const browser = new TestBrowser(t);
  expect((await browser.signIn(email, TEST_PASSWORD)).statusCode).toBe(303);
  return browser;
}

beforeAll(async () => {
  t = await createTestApp();
  const ctx = t.modules.districtBudget.context;
  await allocate(ctx, CLI, { wijkCode: 'WK063700', year, amountCents: 1_000_000 });
  const made = await decide(ctx, CLI, {
    kind: 'maintenance',
    wijkCode: 'WK063700',
    year,
    title: 'Bankjes vervangen',
    purpose: 'Nieuwe bankjes',
    reason: 'De oude zijn kapot.',
    recipientKind: 'organisation',
    recipient: 'Buitenmeubilair BV',
    amountCents: 50_000,
    iban: 'NL91ABNA0417164300',
    accountHolder: 'Buitenmeubilair BV',
    buurtCode: 'BU06370001',
  });
  reference = made.reference;
  // The command line holds no mandate: its decision waits for a person's approval.
  expect(made.status).toBe('awaiting_approval');
});
afterAll(async () => {
  await t.close();
});

describe('staff of one gemeente never see another’s district budget', () => {
  it('shows a manager of the wijk the decision with its IBAN, and hides it from another gemeente', async () => {
    const own = await signedIn('wijk.pages@zoetermeer.example', [grant('district_manager', 'WK063700')]);
    const page = await own.get(`/beheer/wijkbudget/besluiten/${reference}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('NL91 ABNA 0417 1643 00');
    expect(page.body).toContain('Goedkeuren');

    const other = await signedIn('wijk.pages@schiermonnikoog.example', [
      grant('district_manager', 'WK008800'),
    ]);
    expect((await other.get(`/beheer/wijkbudget/besluiten/${reference}`)).statusCode).toBe(404);
    const overview = await other.get('/beheer/wijkbudget');
    expect(overview.statusCode).toBe(200);
    expect(overview.body).not.toContain('Bankjes vervangen');
    const answer = await other.post(`/beheer/wijkbudget/besluiten/${reference}/antwoord`, {
      answer: 'approve',
    });
    // Not even its existence is told.
    expect(answer.statusCode).toBe(404);
    expect((await other.get('/beheer/wijkbudget/GM0637/instellingen')).statusCode).toBe(403);
  });

  it('refuses the staff pages to residents and the public', async () => {
    const anonymous = new TestBrowser(t);
    const res = await anonymous.get('/beheer/wijkbudget');
    expect([302, 303, 401, 403]).toContain(res.statusCode);
  });
});
