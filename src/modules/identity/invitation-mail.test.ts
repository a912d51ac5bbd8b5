import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/helpers/app.js';
import { createStaff, grant, TestBrowser, TEST_PASSWORD } from '../../../test/helpers/browser.js';
import { queuedMail } from '../../../test/helpers/outbox.js';
import { unplainFigures } from '../../../test/helpers/plain-text.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ PUBLIC_URL: 'http://buurtkracht.test' });
  await createStaff(t, {
    email: 'beheer@zoetermeer.example',
    displayName: 'Bea Beheer',
    grants: [grant('administrator', 'GM0637')],
  });
});
afterAll(async () => {
  await t.close();
});

const linkIn = (text: string) =>
  /http:\/\/buurtkracht\.test\/account-instellen\/[A-Za-z0-9_-]{43}/.exec(text)?.[0];

/** The administrator signs in (with the browser's `headers`) and invites someone as coach. */
async function invite(invitee: { email: string; displayName: string }, headers: Record<string, string> = {}) {
  const admin = new TestBrowser(t, headers);
  await admin.signIn('beheer@zoetermeer.example', TEST_PASSWORD);
  await admin.get('/beheer/medewerkers/uitnodigen');
  const res = await admin.post('/beheer/medewerkers/uitnodigen', { ...invitee, coach: 'GM0637' });
  return { admin, res };
}

describe('an invitation is mailed through the outbox, in the inviter’s language', () => {
  it('queues the set-up link for the invitee (Dutch) and still shows it once on screen', async () => {
    const { admin, res } = await invite({ email: 'nieuw@zoetermeer.example', displayName: 'Nina Nieuw' });
    expect(res.statusCode).toBe(201);
    const [mail, ...more] = await queuedMail(t, 'nieuw@zoetermeer.example');
    expect(more).toEqual([]);
    expect(mail?.subject).toBe('Uitnodiging voor Buurtkracht');
    expect(mail?.text).toContain('Hallo Nina Nieuw,');
    expect(mail?.text).toContain('Bea Beheer nodigt u uit');
    expect(unplainFigures(mail?.text ?? '')).toEqual([]);
    const link = linkIn(mail?.text ?? '');
    expect(link).toBeDefined();
    expect(res.body).toContain(link ?? 'missing');

    // A new link later: mailed again, and the earlier link stops working.
    const id = /\/beheer\/medewerkers\/([0-9a-f-]{36})/.exec(res.body)?.[1] ?? '';
    await admin.get(`/beheer/medewerkers/${id}`);
    await admin.post(`/beheer/medewerkers/${id}/instellink`);
    const mails = await queuedMail(t, 'nieuw@zoetermeer.example');
    expect(mails).toHaveLength(2);
    const second = linkIn(mails[1]?.text ?? '');
    expect(second).not.toBe(link);
    expect((await new TestBrowser(t).get(new URL(link ?? '').pathname)).statusCode).toBe(404);
  });

  it('writes in English for an administrator who reads the pages in English', async () => {
    const { res } = await invite(
      { email: 'new@zoetermeer.example', displayName: 'Ned New' },
      { 'accept-language': 'en' },
    );
    expect(res.statusCode).toBe(201);
    const [mail] = await queuedMail(t, 'new@zoetermeer.example');
    expect(mail?.subject).toBe('Invitation to Buurtkracht');
    expect(mail?.text).toContain('Bea Beheer invites you to Buurtkracht');
    expect(mail?.text).toContain('This message is from Buurtkracht');
  });

  it('queues nothing when the invitation is refused', async () => {
    const { res } = await invite({ email: 'fout@zoetermeer.example', displayName: '' });
    expect(res.statusCode).toBe(400);
    expect(await queuedMail(t, 'fout@zoetermeer.example')).toEqual([]);
  });
});
