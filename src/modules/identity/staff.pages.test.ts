import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/helpers/app.js';
import { createStaff, grant, TestBrowser, TEST_PASSWORD } from '../../../test/helpers/browser.js';
import { base32Decode, totpCode, totpStep } from './totp.js';

let now = new Date('2026-03-02T08:00:00Z');
const clock = () => new Date(now);
const DAY = 24 * 3600_000;

let t: TestApp;
let admin: TestBrowser;
beforeAll(async () => {
  t = await createTestApp({ PUBLIC_URL: 'http://buurtkracht.test' }, { clock });
  await createStaff(t, { email: 'beheer@zoetermeer.example', grants: [grant('administrator', 'GM0637')] });
  await createStaff(t, { email: 'beheer@denbosch.example', grants: [grant('administrator', 'GM0796')] });
  await createStaff(t, { email: 'coach@denbosch.example', grants: [grant('coach', 'GM0796')] });
  admin = new TestBrowser(t);
  await admin.signIn('beheer@zoetermeer.example', TEST_PASSWORD);
});
afterAll(async () => {
  await t.close();
});

const setupPathOf = (html: string) =>
  /value="http:\/\/buurtkracht\.test(\/account-instellen\/[A-Za-z0-9_-]{43})"/.exec(html)?.[1];

async function invite(fields: Record<string, string | string[]>) {
  await admin.get('/beheer/medewerkers/uitnodigen');
  return admin.post('/beheer/medewerkers/uitnodigen', fields);
}

describe('invitation → set-up → sign-in', () => {
  it('shows the administrator a one-time set-up link; the person chooses a password and is signed in', async () => {
    const form = await admin.get('/beheer/medewerkers/uitnodigen');
    expect(form.body).toContain('Rokkeveen');
    expect(form.body).not.toContain('Binnenstad'); // a wijk of 's-Hertogenbosch
    const res = await invite({
      email: 'Nieuwe.Coach@Zoetermeer.example',
      displayName: 'Nina Nieuw',
      coach: ['WK063705', 'WK063706'],
    });
    expect(res.statusCode).toBe(201);
    const path = setupPathOf(res.body);
    expect(path).toBeDefined();

    const person = new TestBrowser(t);
    const setup = await person.get(path ?? '');
    expect(setup.statusCode).toBe(200);
    expect(setup.body).toContain('nieuwe.coach@zoetermeer.example');
    expect(setup.headers['referrer-policy']).toBe('no-referrer');
    const weak = await person.post(path ?? '', { displayName: 'Nina Nieuw', password: 'wachtwoord123' });
    expect(weak.statusCode).toBe(400);
    expect(weak.body).toContain('Dit wachtwoord wordt veel gebruikt');
    expect(weak.body).toContain('value="Nina Nieuw"');
    const done = await person.post(path ?? '', {
      displayName: 'Nina Nieuw',
      password: 'de-rokkeveense-plas-2026',
    });
    expect(done.headers.location).toBe('/account?gewijzigd=welkom');
    expect((await person.get('/account')).body).toContain('Initiatiefcoach in Rokkeveen');

    // The link works once.
    expect((await new TestBrowser(t).get(path ?? '')).statusCode).toBe(404);
    const again = new TestBrowser(t);
    expect(
      (await again.signIn('nieuwe.coach@zoetermeer.example', 'de-rokkeveense-plas-2026')).statusCode,
    ).toBe(303);
  });

  it('lets a link expire after 7 days; a new link replaces it', async () => {
    const res = await invite({
      email: 'laat@zoetermeer.example',
      displayName: 'Laat',
      district_manager: 'WK063702',
    });
    const path = setupPathOf(res.body) ?? '';
    now = new Date(now.getTime() + 7 * DAY + 1000);
    const expired = await new TestBrowser(t).get(path);
    expect(expired.statusCode).toBe(404);
    expect(expired.body).toContain('Deze link werkt niet meer');
    // A week later the administrator's own session has long ended too.
    expect((await admin.get('/beheer/medewerkers')).statusCode).toBe(303);
    await admin.signIn('beheer@zoetermeer.example', TEST_PASSWORD);

    const list = await admin.get('/beheer/medewerkers');
    const id = /href="\/beheer\/medewerkers\/([0-9a-f-]{36})">Laat</.exec(list.body)?.[1] ?? '';
    await admin.get(`/beheer/medewerkers/${id}`);
    const fresh = await admin.post(`/beheer/medewerkers/${id}/instellink`);
    const freshPath = setupPathOf(fresh.body) ?? '';
    expect(freshPath).not.toBe(path);
    expect((await new TestBrowser(t).get(freshPath)).statusCode).toBe(200);
  });

  it('keeps what was typed and explains each problem beside its field', async () => {
    const res = await invite({
      email: 'geen-adres',
      displayName: 'Pieter',
      partner: 'WK063700',
      organisation: '',
    });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('href="#email"');
    expect(res.body).toContain('href="#organisation"');
    expect(res.body).toContain('value="geen-adres"');
    expect(res.body).toContain('value="Pieter"');
    expect(res.body).toMatch(/id="partner-WK063700"[^>]*checked/);
    const none = await invite({ email: 'p@zoetermeer.example', displayName: 'P' });
    expect(none.body).toContain('Kies minstens één rol.');
    const taken = await invite({
      email: 'beheer@zoetermeer.example',
      displayName: 'Dubbel',
      coach: 'GM0637',
    });
    expect(taken.body).toContain('Er is al een account met dit e-mailadres.');
  });

  it('refuses roles in another gemeente', async () => {
    const res = await invite({ email: 'stiekem@zoetermeer.example', displayName: 'S', coach: 'GM0796' });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('U kunt alleen rollen geven in uw eigen gemeente.');
  });
});

describe('an administrator manages the staff of their own gemeente only', () => {
  it("does not list or open another gemeente's staff", async () => {
    const list = await admin.get('/beheer/medewerkers');
    expect(list.body).toContain('beheer@zoetermeer.example');
    expect(list.body).not.toContain('coach@denbosch.example');
    const other = new TestBrowser(t);
    await other.signIn('beheer@denbosch.example', TEST_PASSWORD);
    const theirs = await other.get('/beheer/medewerkers');
    const id = /href="\/beheer\/medewerkers\/([0-9a-f-]{36})">coach</.exec(theirs.body)?.[1] ?? '';
    expect(id).not.toBe('');
    expect((await admin.get(`/beheer/medewerkers/${id}`)).statusCode).toBe(404);
    await admin.get('/beheer/medewerkers');
    expect((await admin.post(`/beheer/medewerkers/${id}/uitschakelen`)).statusCode).toBe(404);
  });

  it('changes roles and disables an account, which ends its sessions', async () => {
    await createStaff(t, {
      email: 'wim@zoetermeer.example',
      grants: [grant('district_manager', 'WK063700')],
    });
    const wim = new TestBrowser(t);
    await wim.signIn('wim@zoetermeer.example', TEST_PASSWORD);
    const list = await admin.get('/beheer/medewerkers');
    const id = /href="\/beheer\/medewerkers\/([0-9a-f-]{36})">wim</.exec(list.body)?.[1] ?? '';
    const page = await admin.get(`/beheer/medewerkers/${id}`);
    expect(page.body).toMatch(/id="district_manager-WK063700"[^>]*checked/);
    const saved = await admin.post(`/beheer/medewerkers/${id}/rollen`, {
      district_manager: ['WK063700', 'WK063701'],
    });
    expect(saved.headers.location).toBe(`/beheer/medewerkers/${id}?opgeslagen=rollen`);
    expect((await wim.get('/account')).body).toContain('Wijkmanager in Meerzicht');

    await admin.get(`/beheer/medewerkers/${id}`);
    const disabled = await admin.post(`/beheer/medewerkers/${id}/uitschakelen`);
    expect(disabled.statusCode).toBe(303);
    expect((await wim.get('/account')).statusCode).toBe(303);
    expect((await new TestBrowser(t).signIn('wim@zoetermeer.example', TEST_PASSWORD)).statusCode).toBe(400);
    await admin.get(`/beheer/medewerkers/${id}`);
    await admin.post(`/beheer/medewerkers/${id}/inschakelen`);
    expect((await new TestBrowser(t).signIn('wim@zoetermeer.example', TEST_PASSWORD)).statusCode).toBe(303);
  });

  it('cannot remove their own administrator role or disable themselves', async () => {
    const list = await admin.get('/beheer/medewerkers');
    const id = /href="\/beheer\/medewerkers\/([0-9a-f-]{36})">beheer</.exec(list.body)?.[1] ?? '';
    const page = await admin.get(`/beheer/medewerkers/${id}`);
    expect(page.body).not.toContain('/uitschakelen');
    const res = await admin.post(`/beheer/medewerkers/${id}/rollen`, { coach: 'GM0637' });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('U kunt uw eigen rol als beheerder niet weghalen.');
    await admin.get(`/beheer/medewerkers/${id}`);
    expect((await admin.post(`/beheer/medewerkers/${id}/uitschakelen`)).statusCode).toBe(403);
  });
});

describe('a set-up link for an account with two-step verification', () => {
  const codeFor = (secret: string) => totpCode(base32Decode(secret), totpStep(now));

  it('sets the password, then asks for the TOTP code before any staff page opens', async () => {
    await createStaff(t, {
      email: 'tweestaps@zoetermeer.example',
      grants: [grant('administrator', 'GM0637')],
    });
    const owner = new TestBrowser(t);
    await owner.signIn('tweestaps@zoetermeer.example', TEST_PASSWORD);
    const enrol = await owner.get('/account/tweestapsverificatie');
    const uri = /href="(otpauth:\/\/totp\/[^"]+)"/.exec(enrol.body)?.[1]?.replaceAll('&amp;', '&') ?? '';
    const secret = new URL(uri).searchParams.get('secret') ?? '';
    const on = await owner.post('/account/tweestapsverificatie', { code: codeFor(secret) });
    expect(on.headers.location).toBe('/account?gewijzigd=tweestaps-aan');

    // They forgot their password: an administrator makes a new set-up link.
    await admin.signIn('beheer@zoetermeer.example', TEST_PASSWORD);
    const list = await admin.get('/beheer/medewerkers');
    const id = /href="\/beheer\/medewerkers\/([0-9a-f-]{36})">tweestaps</.exec(list.body)?.[1] ?? '';
    await admin.get(`/beheer/medewerkers/${id}`);
    const path = setupPathOf((await admin.post(`/beheer/medewerkers/${id}/instellink`)).body) ?? '';
    expect(path).not.toBe('');

    // Whoever holds the link (a forwarded mail, a shared inbox) gets no further than the code.
    const holder = new TestBrowser(t);
    await holder.get(path);
    const done = await holder.post(path, {
      displayName: 'Tweestaps',
      password: 'een-vergeten-wachtwoord-2026',
    });
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toBe('/inloggen/code?terug=%2Faccount%3Fgewijzigd%3Dwelkom');
    expect((await holder.get('/beheer/medewerkers')).statusCode).toBe(303);
    expect((await holder.get('/account')).statusCode).toBe(303);
    const api = await holder.request({ method: 'GET', url: '/api/v1/account' });
    expect(api.statusCode).toBe(401);
    await holder.get('/inloggen/code');
    expect((await holder.post('/inloggen/code', { code: '000000' })).statusCode).toBe(400);

    // With the code from their app (a new 30-second step: the enrolment used the last one).
    now = new Date(now.getTime() + 30_000);
    const signedIn = await holder.post('/inloggen/code', {
      code: codeFor(secret),
      terug: '/account?gewijzigd=welkom',
    });
    expect(signedIn.statusCode).toBe(303);
    expect(signedIn.headers.location).toBe('/account?gewijzigd=welkom');
    expect((await holder.get('/beheer/medewerkers')).statusCode).toBe(200);
    // The old session on their own device ended with the new password.
    expect((await owner.get('/account')).statusCode).toBe(303);
  });
});
