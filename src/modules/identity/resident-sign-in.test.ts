import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/helpers/app.js';
import { TestBrowser } from '../../../test/helpers/browser.js';
import { queuedMail } from '../../../test/helpers/outbox.js';
import { ANONYMOUS, residentEmail, residentActorFor } from '../../access/index.js';

let now = new Date('2026-03-02T08:00:00Z');
const clock = () => new Date(now);
const MINUTE = 60_000;

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ PUBLIC_URL: 'http://buurtkracht.test' }, { clock });
});
afterAll(async () => {
  await t.close();
});

/** Asks for a link as a fresh browser; returns the path of the mailed link. */
async function askForLink(email: string, browser = new TestBrowser(t)): Promise<string> {
  await browser.get('/inloggen/bewoner');
  const res = await browser.post('/inloggen/bewoner', { email });
  expect(res.statusCode).toBe(200);
  const mail = (await queuedMail(t, email.trim().toLowerCase())).at(-1);
  const path = /http:\/\/buurtkracht\.test(\/inloggen\/bewoner\/[A-Za-z0-9_-]{43})/.exec(
    mail?.text ?? '',
  )?.[1];
  expect(path).toBeDefined();
  return path ?? '';
}

describe('a resident signs in with a link by e-mail', () => {
  it('mails a one-time link; a click on the landing page starts a resident session', async () => {
    const browser = new TestBrowser(t);
    const path = await askForLink('Bewoner@Voorbeeld.nl', browser);
    const [mail] = await queuedMail(t, 'bewoner@voorbeeld.nl');
    expect(mail?.subject).toBe('Uw inloglink voor Buurtkracht');
    expect(mail?.text).toContain('20 minuten');

    // Opening the link (as a mail scanner would) does not use it up.
    const landing = await browser.get(path);
    expect(landing.statusCode).toBe(200);
    expect(landing.headers['referrer-policy']).toBe('no-referrer');
    expect(landing.headers['cache-control']).toBe('no-store');
    expect(landing.body).toContain('bewoner@voorbeeld.nl');
    expect((await browser.get(path)).statusCode).toBe(200);

    const done = await browser.post(path);
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toBe('/mijn');
    const mine = await browser.get('/mijn');
    expect(mine.statusCode).toBe(200);
    expect(mine.body).toContain('bewoner@voorbeeld.nl');
    // A resident is not staff: staff pages still send them to sign in.
    expect((await browser.get('/account')).headers.location).toBe('/inloggen?terug=%2Faccount');
  });

  it('works only once', async () => {
    const path = await askForLink('eenmaal@voorbeeld.nl');
    const first = new TestBrowser(t);
    await first.get(path);
    expect((await first.post(path)).statusCode).toBe(303);
    const second = new TestBrowser(t);
    expect((await second.get(path)).statusCode).toBe(404);
    await second.get('/inloggen/bewoner');
    const again = await second.post(path);
    expect(again.statusCode).toBe(404);
    expect(again.body).toContain('Deze link werkt niet meer');
  });

  it('expires after 20 minutes', async () => {
    const path = await askForLink('laat@voorbeeld.nl');
    now = new Date(now.getTime() + 21 * MINUTE);
    const browser = new TestBrowser(t);
    expect((await browser.get(path)).statusCode).toBe(404);
  });

  it('gives the same answer for every address, and an error beside the field for a malformed one', async () => {
    const browser = new TestBrowser(t);
    await browser.get('/inloggen/bewoner');
    const a = await browser.post('/inloggen/bewoner', { email: 'nooit-gezien@voorbeeld.nl' });
    const b = await browser.post('/inloggen/bewoner', { email: 'bewoner@voorbeeld.nl' });
    const strip = (html: string) => html.replace(/name="_csrf" value="[^"]+"/g, '');
    expect(strip(a.body)).toBe(strip(b.body));
    const bad = await browser.post('/inloggen/bewoner', { email: 'geen-adres' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('id="email-error"');
    expect(bad.body).toContain('value="geen-adres"');
  });

  it('is rate limited per address', async () => {
    const browser = new TestBrowser(t);
    await browser.get('/inloggen/bewoner');
    for (let i = 0; i < 3; i += 1) {
      expect((await browser.post('/inloggen/bewoner', { email: 'veel@voorbeeld.nl' })).statusCode).toBe(200);
    }
    const over = await browser.post('/inloggen/bewoner', { email: 'VEEL@voorbeeld.nl' });
    expect(over.statusCode).toBe(429);
    expect(over.headers['retry-after']).toBeDefined();
    expect(await queuedMail(t, 'veel@voorbeeld.nl')).toHaveLength(3);
  });

  it('is rate limited per address however the field is sent: twice, in capitals, with spaces', async () => {
    const browser = new TestBrowser(t);
    await browser.get('/inloggen/bewoner');
    const spellings = [
      ['dubbel@voorbeeld.nl', 'dubbel@voorbeeld.nl'],
      ['Dubbel@Voorbeeld.nl ', 'ander@voorbeeld.nl'],
      ' dubbel@voorbeeld.nl',
    ];
    for (const email of spellings) {
      expect((await browser.post('/inloggen/bewoner', { email })).statusCode).toBe(200);
    }
    for (let i = 0; i < 5; i++) {
      const over = await browser.post('/inloggen/bewoner', {
        email: ['dubbel@voorbeeld.nl', 'dubbel@voorbeeld.nl'],
      });
      expect(over.statusCode).toBe(429);
    }
    expect(await queuedMail(t, 'dubbel@voorbeeld.nl')).toHaveLength(3);
    expect(await queuedMail(t, 'ander@voorbeeld.nl')).toHaveLength(0);
  });

  it('follows the session rules: idle timeout, and sign-out ends it', async () => {
    const browser = new TestBrowser(t);
    const path = await askForLink('sessie@voorbeeld.nl', browser);
    await browser.get(path);
    await browser.post(path);
    expect((await browser.get('/mijn')).statusCode).toBe(200);
    const out = await browser.post('/uitloggen');
    expect(out.headers.location).toBe('/inloggen/bewoner?uitgelogd=1');
    expect((await browser.get('/mijn')).headers.location).toBe('/inloggen/bewoner');

    const idle = new TestBrowser(t);
    const link = await askForLink('stil@voorbeeld.nl', idle);
    await idle.get(link);
    await idle.post(link);
    now = new Date(now.getTime() + 31 * MINUTE);
    expect((await idle.get('/mijn')).headers.location).toBe('/inloggen/bewoner');
  });
});

// The form and the outbox check an address by the same rule (src/shared/email.ts): an address the
// form let through but the outbox refused used to end in a 500 and lose what was typed.
describe('an address the outbox cannot send to is an error beside the field', () => {
  it.each([
    ['jan@voorbeeld.c', 'value="jan@voorbeeld.c"'],
    ['jan..de.vries@example.nl', 'value="jan..de.vries@example.nl"'],
    ['<x@y.nl>', 'value="&lt;x@y.nl>"'],
  ])('refuses %s in Dutch and keeps what was typed', async (email, kept) => {
    const browser = new TestBrowser(t);
    await browser.get('/inloggen/bewoner');
    const res = await browser.post('/inloggen/bewoner', { email });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('id="email-error"');
    expect(res.body).toContain('Vul een geldig e-mailadres in, zoals naam@gemeente.nl.');
    expect(res.body).toContain(kept);
    expect(await queuedMail(t)).not.toContainEqual(expect.objectContaining({ recipient: email }));
  });

  it('sends the link to an internationalised domain the form accepts', async () => {
    await askForLink('jan@café.nl');
  });
});

describe('other modules recognise a resident by the address they proved', () => {
  it('residentEmail gives the address of a resident signed in by link, and nothing for anyone else', () => {
    expect(residentEmail(residentActorFor('a@voorbeeld.nl'))).toBe('a@voorbeeld.nl');
    expect(residentEmail({ kind: 'resident', reference: 'household:123' })).toBeUndefined();
    expect(residentEmail(ANONYMOUS)).toBeUndefined();
  });
});
