import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/helpers/app.js';
import { createStaff, grant, TestBrowser, TEST_PASSWORD } from '../../../test/helpers/browser.js';
import { validForm } from './initiatives.test-helpers.js';
import type { SubmissionForm } from './initiatives.schema.js';

let t: TestApp;
let png: Buffer;
const COACH = 'coach.zoetermeer@gemeente.example';

beforeAll(async () => {
  t = await createTestApp({ PUBLIC_URL: 'https://bk.example' });
  await createStaff(t, { email: COACH, displayName: 'Carla Coach', grants: [grant('coach', 'GM0637')] });
  png = await sharp({ create: { width: 40, height: 30, channels: 3, background: '#3a7' } })
    .png()
    .withExif({ IFD0: { Copyright: 'secret-exif-marker' } })
    .toBuffer();
});
afterAll(async () => {
  await t?.close();
});

/** The form as a browser would send it: multipart, with the CSRF token and optional files. */
function multipart(
  fields: Record<string, string | string[]>,
  files: { field: string; filename: string; type: string; data: Buffer }[] = [],
): { payload: Buffer; contentType: string } {
  const boundary = '----bk-test-boundary';
  const parts: Buffer[] = [];
  for (const [name, value] of Object.entries(fields)) {
    for (const v of [value].flat()) {
      parts.push(
        Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${v}\r\n`),
      );
    }
  }
  for (const f of files) {
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${f.field}"; filename="${f.filename}"\r\nContent-Type: ${f.type}\r\n\r\n`,
      ),
      f.data,
      Buffer.from('\r\n'),
    );
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}

function formFields(form: SubmissionForm): Record<string, string | string[]> {
  const fields: Record<string, string | string[]> = {
    gemeente: form.gemeente,
    title: form.title,
    summary: form.summary,
    forWhom: form.forWhom,
    themes: form.themes,
    help: form.help,
    buurt: form.buurt,
    locationDescription: form.locationDescription,
    lat: form.lat,
    lon: form.lon,
    name: form.name,
    email: form.email,
    phone: form.phone,
  };
  form.lines.forEach((l, i) => {
    fields[`line${i}Description`] = l.description;
    fields[`line${i}Amount`] = l.amount;
  });
  form.photoAlts.forEach((a, i) => {
    fields[`photo${i}Alt`] = a;
  });
  if (form.channel) fields.channel = form.channel;
  return fields;
}

async function submitAsResident(
  browser: TestBrowser,
  form: SubmissionForm,
  files: Parameters<typeof multipart>[1] = [],
) {
  await browser.get('/initiatieven/nieuw?gemeente=GM0637');
  const body = multipart({ ...formFields(form), _csrf: browser.lastToken ?? '' }, files);
  // Binary files: inject the Buffer itself, with the browser's cookies.
  const cookie = [...browser.cookies.entries()].map(([k, v]) => `${k}=${v}`).join('; ');
  return t.app.inject({
    method: 'POST',
    url: '/initiatieven/nieuw',
    headers: { 'content-type': body.contentType, cookie },
    payload: body.payload,
  });
}

function tokenOf(location: string | undefined): string {
  const match = /\/initiatieven\/volgen\/([A-Za-z0-9_-]{43})\/ontvangen$/.exec(location ?? '');
  if (!match?.[1]) throw new Error(`no token in ${location}`);
  return match[1];
}

async function signedInCoach(): Promise<TestBrowser> {
  const browser = new TestBrowser(t);
  const res = await browser.signIn(COACH, TEST_PASSWORD);
  expect(res.statusCode).toBe(303);
  return browser;
}

describe('the submission form', () => {
  it('asks for the gemeente first, then offers its buurten grouped by wijk', async () => {
    const browser = new TestBrowser(t);
    const first = await browser.get('/initiatieven/nieuw');
    expect(first.statusCode).toBe(200);
    expect(first.body).toContain('Kies eerst uw gemeente');
    expect(first.body).not.toContain('name="title"');
    const second = await browser.get('/initiatieven/nieuw?gemeente=GM0637');
    expect(second.body).toMatch(/<optgroup label="[^"]+"><option value="BU0637/);
    expect(second.body).toContain('enctype="multipart/form-data"');
    expect((await browser.get('/initiatieven/nieuw?gemeente=GM9999')).statusCode).toBe(400);
  });

  it('offers the printable paper form with the same questions', async () => {
    const res = await new TestBrowser(t).get('/initiatieven/formulier?gemeente=GM0637');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Formulier: een initiatief indienen');
    expect(res.body).toContain('Wat kost het ongeveer?');
  });
});

describe('submitting without an account', () => {
  it('stores it, shows the confirmation with the private link, and the tracking page without referrer', async () => {
    const browser = new TestBrowser(t);
    const form = validForm();
    form.photoAlts[0] = 'Het grasveld achter de huizen';
    const res = await submitAsResident(browser, form, [
      { field: 'photo0', filename: 'veld.png', type: 'image/png', data: png },
    ]);
    expect(res.statusCode).toBe(303);
    const token = tokenOf(res.headers.location);
    const received = await browser.get(`/initiatieven/volgen/${token}/ontvangen`);
    expect(received.statusCode).toBe(200);
    expect(received.headers['referrer-policy']).toBe('no-referrer');
    expect(received.body).toContain(`https://bk.example/initiatieven/volgen/${token}`);
    const tracking = await browser.get(`/initiatieven/volgen/${token}`);
    expect(tracking.statusCode).toBe(200);
    expect(tracking.headers['referrer-policy']).toBe('no-referrer');
    expect(tracking.headers['cache-control']).toBe('no-store');
    expect(tracking.body).toContain('Moestuin aan de Dorpsstraat');
    // The photo, re-encoded without its metadata, for the initiator only.
    const photo = await browser.get(`/initiatieven/volgen/${token}/fotos/0`);
    expect(photo.statusCode).toBe(200);
    expect(photo.headers['content-type']).toBe('image/jpeg');
    expect(photo.headers['x-content-type-options']).toBe('nosniff');
    expect(photo.rawPayload.includes(Buffer.from('secret-exif-marker'))).toBe(false);
    const src = /src="\/initiatieven\/volgen\/[^"]+\/fotos\/0" alt="Het grasveld achter de huizen"/.exec(
      tracking.body,
    );
    expect(src).not.toBeNull();
    // Sized as stored, so the page does not jump when the photo arrives.
    expect(tracking.body).toMatch(/alt="Het grasveld achter de huizen" width="40" height="30"/);
  });

  it('shows every problem beside its field with a linked summary, keeping what was typed', async () => {
    const browser = new TestBrowser(t);
    const form = validForm({
      title: 'x',
      themes: [],
      email: 'geen-adres',
      summary: 'Kort maar <b>echt</b> lang genoeg',
    });
    form.photoAlts[0] = 'Foto van de plek';
    const res = await submitAsResident(browser, form, [
      { field: 'photo0', filename: 'veld.png', type: 'image/png', data: png },
    ]);
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('Er is een probleem');
    expect(res.body).toContain('href="#title"');
    expect(res.body).toContain('href="#themes"');
    expect(res.body).toContain('href="#email"');
    expect(res.body).toContain('id="title-error"');
    expect(res.body).toContain('value="geen-adres"');
    expect(res.body).toContain('Kort maar &lt;b>echt&lt;/b> lang genoeg');
    expect(res.body).toMatch(/Kies uw foto(&#39;|')s opnieuw/);
  });

  it('refuses a file that is not a photo, and one that is too large, with the form again', async () => {
    const browser = new TestBrowser(t);
    const form = validForm();
    form.photoAlts[0] = 'Een foto';
    const notImage = await submitAsResident(browser, form, [
      {
        field: 'photo0',
        filename: 'foto.jpg',
        type: 'image/jpeg',
        data: Buffer.from('MZ this is not an image'),
      },
    ]);
    expect(notImage.statusCode).toBe(400);
    expect(notImage.body).toContain('Dit bestand is geen foto');
    const big = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff]), Buffer.alloc(10 * 1024 * 1024 + 10)]);
    const tooLarge = await submitAsResident(browser, form, [
      { field: 'photo0', filename: 'groot.jpg', type: 'image/jpeg', data: big },
    ]);
    expect(tooLarge.statusCode).toBe(413);
    expect(tooLarge.body).toContain('groter dan 10 MB');
    expect(tooLarge.body).toContain('value="Moestuin aan de Dorpsstraat"');
  });

  it('answers broken multipart with a 400 page, never a 500', async () => {
    const browser = new TestBrowser(t);
    await browser.get('/initiatieven/nieuw?gemeente=GM0637');
    const res = await browser.request({
      method: 'POST',
      url: '/initiatieven/nieuw',
      headers: { 'content-type': 'multipart/form-data; boundary=xyz' },
      payload: '--xyz\r\nContent-Disposition: form-data; name="title"\r\n\r\nhalf',
    });
    expect(res.statusCode).toBeGreaterThanOrEqual(400);
    expect(res.statusCode).toBeLessThan(500);
    const noBoundary = await browser.request({
      method: 'POST',
      url: '/initiatieven/nieuw',
      headers: { 'content-type': 'multipart/form-data' },
      payload: 'x',
    });
    expect(noBoundary.statusCode).toBe(400);
  });

  it('refuses a form without the CSRF token', async () => {
    const body = multipart(formFields(validForm()));
    const res = await t.app.inject({
      method: 'POST',
      url: '/initiatieven/nieuw',
      headers: { 'content-type': body.contentType },
      payload: body.payload,
    });
    expect(res.statusCode).toBe(403);
  });
});

/**
 * What came back over a real socket, and how much of the body had been sent by then. `status` is
 * 0 when the server hung up before its answer could be read: Fastify closes the connection after
 * refusing a body, and a client still sending then meets a reset.
 */
interface SocketAnswer {
  status: number;
  body: string;
  sentBeforeAnswer: number;
  total: number;
}

/**
 * Posts over a real socket: the head of a body, then filler in chunks of 64 KB for as long as
 * no answer has come, up to `total` bytes. A server that answers on the headers is heard while
 * the body is still on its way (`sentBeforeAnswer < total`); one that reads the whole body first
 * is heard only after all of it was sent. `declare`: send a Content-Length (else chunked).
 */
async function postOverSocket(options: {
  cookie?: string;
  head: Buffer;
  total: number;
  declare: boolean;
}): Promise<SocketAnswer> {
  const { port } = t.app.server.address() as AddressInfo;
  const req = http.request({
    host: '127.0.0.1',
    port,
    method: 'POST',
    path: '/initiatieven/nieuw',
    headers: {
      'content-type': `multipart/form-data; boundary=${BOUNDARY}`,
      ...(options.declare ? { 'content-length': String(options.total) } : {}),
      ...(options.cookie ? { cookie: options.cookie } : {}),
    },
  });
  let sent = 0;
  let answered = false;
  let closed = false;
  const answer = new Promise<SocketAnswer>((resolve, reject) => {
    req.on('response', (res) => {
      answered = true;
      const sentBeforeAnswer = sent;
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, body, sentBeforeAnswer, total: options.total }),
      );
    });
    req.on('error', (error: NodeJS.ErrnoException) => {
      if (answered) return;
      answered = true;
      if (error.code === 'EPIPE' || error.code === 'ECONNRESET')
        resolve({ status: 0, body: '', sentBeforeAnswer: sent, total: options.total });
      else reject(error);
    });
    req.on('close', () => {
      closed = true;
    });
  });
  const filler = Buffer.alloc(64 * 1024, 0x61);
  req.write(options.head);
  sent += options.head.length;
  while (!answered && !closed && sent < options.total) {
    const n = Math.min(filler.length, options.total - sent);
    const flushed = req.write(filler.subarray(0, n));
    sent += n;
    if (!flushed) {
      await Promise.race([new Promise((resolve) => req.once('drain', resolve)), answer]);
    }
  }
  if (!answered && !closed) req.end();
  const result = await answer;
  req.destroy();
  return result;
}

const BOUNDARY = '----bk-socket-boundary';
const MB = 1024 * 1024;

/** The start of a multipart form: its fields, then the head of a photo whose bytes follow. */
function multipartHead(fields: Record<string, string>): Buffer {
  const parts = Object.entries(fields).map(
    ([name, value]) => `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`,
  );
  return Buffer.from(
    `${parts.join('')}--${BOUNDARY}\r\nContent-Disposition: form-data; name="photo0"; filename="groot.jpg"\r\nContent-Type: image/jpeg\r\n\r\n\xff\xd8\xff`,
    'latin1',
  );
}

describe('large and unwanted bodies are refused before they are read', () => {
  let cookie = '';
  let token = '';
  beforeAll(async () => {
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const browser = new TestBrowser(t);
    await browser.get('/initiatieven/nieuw?gemeente=GM0637');
    cookie = [...browser.cookies.entries()].map(([k, v]) => `${k}=${v}`).join('; ');
    token = browser.lastToken ?? '';
  });

  it('answers 413 in Dutch on a Content-Length over the limit, while the body is still coming', async () => {
    const res = await postOverSocket({
      cookie,
      head: multipartHead({ _csrf: token, title: 'Moestuin' }),
      total: 40 * MB,
      declare: true,
    });
    expect(res.status).toBe(413);
    expect(res.body).toContain('Wat u stuurde is samen groter dan 31 MB.');
    expect(res.sentBeforeAnswer).toBeLessThan(res.total);
  });

  it('stops reading a body without a length once it passes the limit', async () => {
    const res = await postOverSocket({
      cookie,
      head: multipartHead({ _csrf: token, title: 'Moestuin' }),
      total: 40 * MB,
      declare: false,
    });
    expect(res.sentBeforeAnswer).toBeLessThan(res.total);
    if (res.status !== 0) expect(res.status).toBe(413);
    // The answer itself, where no reset can come between (a chunked body, 40 MB).
    const head = multipartHead({ _csrf: token, title: 'Moestuin' });
    const injected = await t.app.inject({
      method: 'POST',
      url: '/initiatieven/nieuw',
      headers: {
        'content-type': `multipart/form-data; boundary=${BOUNDARY}`,
        'transfer-encoding': 'chunked',
        cookie,
      },
      // A stream, so no Content-Length is set: only the count of bytes read can stop it.
      payload: Readable.from(
        (function* () {
          yield head;
          for (let i = 0; i < 40; i++) yield Buffer.alloc(MB, 0x61);
        })(),
      ),
    });
    expect(injected.statusCode).toBe(413);
    expect(injected.body).toContain('Wat u stuurde is samen groter dan 31 MB.');
  });

  it('refuses a form without the CSRF cookie with 403 before reading its files', async () => {
    // 30 MB is within the limit: only the missing cookie can stop it early.
    const res = await postOverSocket({
      head: multipartHead({ _csrf: 'made-up', title: 'Moestuin' }),
      total: 30 * MB,
      declare: true,
    });
    expect(res.status).toBe(403);
    expect(res.body).toContain('Dit formulier is verlopen of kwam niet van deze website.');
    expect(res.sentBeforeAnswer).toBeLessThan(res.total);
  });
});

describe('photos are decoded only once the rest of the form is right', () => {
  // The first bytes of a JPEG and then nothing a decoder can read.
  const corrupt = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(2000, 0x42)]);

  it('shows the field errors, not a photo error, and keeps what was typed', async () => {
    const form = validForm({ title: 'x', summary: 'Een samenvatting die bewaard blijft' });
    form.photoAlts[0] = 'Een foto';
    const res = await submitAsResident(new TestBrowser(t), form, [
      { field: 'photo0', filename: 'kapot.jpg', type: 'image/jpeg', data: corrupt },
    ]);
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('Vul een naam in van 3 tot 120 tekens.');
    expect(res.body).not.toContain('Deze foto kunnen wij niet lezen');
    expect(res.body).toContain('Een samenvatting die bewaard blijft');
    expect(res.body).toContain('value="Een foto"');
  });

  it('decodes them once the form is right, and names a photo it cannot read', async () => {
    const form = validForm();
    form.photoAlts[0] = 'Een foto';
    const res = await submitAsResident(new TestBrowser(t), form, [
      { field: 'photo0', filename: 'kapot.jpg', type: 'image/jpeg', data: corrupt },
    ]);
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('Deze foto kunnen wij niet lezen');
    expect(res.body).toContain('value="Moestuin aan de Dorpsstraat"');
  });
});

describe('an address the outbox cannot send to', () => {
  it('is an error beside the field, with what was typed kept', async () => {
    const res = await submitAsResident(new TestBrowser(t), validForm({ email: 'jan@voorbeeld.c' }));
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('href="#email"');
    expect(res.body).toContain('value="jan@voorbeeld.c"');
  });
});

describe('the desk, the thread and publication', () => {
  it('takes an initiative from submission to the public page without any personal data in public', async () => {
    const resident = new TestBrowser(t);
    const form = validForm({
      name: 'Zeynep Yilmaz-Unique',
      email: 'zeynep.unique@example.nl',
      phone: '06 98765432',
    });
    form.lines[2] = { description: '=HYPERLINK("http://evil.example")', amount: '1' };
    form.title = '=1+1 Moestuin';
    const res = await submitAsResident(resident, form);
    const token = tokenOf(res.headers.location);
    const reference =
      /INI-\d{4}-\d{4}/.exec((await resident.get(`/initiatieven/volgen/${token}/ontvangen`)).body)?.[0] ?? '';

    const coach = await signedInCoach();
    const queue = await coach.get('/beheer/initiatieven');
    expect(queue.statusCode).toBe(200);
    expect(queue.body).toContain(reference);
    const desk = await coach.get(`/beheer/initiatieven/${reference}`);
    expect(desk.body).toContain('Zeynep Yilmaz-Unique');

    // A move the machine forbids: a clear Dutch message, 409.
    const refused = await coach.post(`/beheer/initiatieven/${reference}/fase`, { to: 'funded', reason: '' });
    expect(refused.statusCode).toBe(409);
    expect(refused.body).toContain(
      'Dit kan niet: van de fase “Ingediend” kan een initiatief niet naar “Gefinancierd”.',
    );

    expect(
      (await coach.post(`/beheer/initiatieven/${reference}/fase`, { to: 'intake', reason: '' })).statusCode,
    ).toBe(303);
    await coach.get(`/beheer/initiatieven/${reference}`);
    expect(
      (
        await coach.post(`/beheer/initiatieven/${reference}/berichten`, {
          body: 'Heeft u al een plek?',
          kind: 'message',
        })
      ).statusCode,
    ).toBe(303);
    await coach.get(`/beheer/initiatieven/${reference}`);
    expect(
      (
        await coach.post(`/beheer/initiatieven/${reference}/berichten`, {
          body: 'Interne notitie X',
          kind: 'note',
        })
      ).statusCode,
    ).toBe(303);

    const tracking = await resident.get(`/initiatieven/volgen/${token}`);
    expect(tracking.body).toContain('Heeft u al een plek?');
    expect(tracking.body).not.toContain('Interne notitie X');
    expect(
      (await resident.post(`/initiatieven/volgen/${token}/berichten`, { body: 'Ja, achter nummer 12.' }))
        .statusCode,
    ).toBe(303);
    expect((await coach.get(`/beheer/initiatieven/${reference}`)).body).toContain('Ja, achter nummer 12.');

    // Publication through the API: a refused move is problem+json.
    const csrf = /<meta name="csrf-token" content="([^"]+)"/.exec(desk.body)?.[1] ?? coach.lastToken ?? '';
    const api = (to: string, reason = '') =>
      coach.request({
        method: 'POST',
        url: `/api/v1/initiatives/${reference}/moves`,
        headers: { 'content-type': 'application/json', 'x-csrf-token': csrf },
        payload: JSON.stringify({ to, reason }),
      });
    const conflict = await api('evaluated');
    expect(conflict.statusCode).toBe(409);
    expect(conflict.headers['content-type']).toContain('application/problem+json');
    const noReason = await api('declined');
    expect(noReason.statusCode).toBe(422);
    expect((await api('in_preparation')).statusCode).toBe(204);
    expect((await api('open_for_support')).statusCode).toBe(204);

    const anonymous = new TestBrowser(t);
    const publicTexts = [
      (await anonymous.get(`/initiatieven/${reference}`)).body,
      (await anonymous.get('/initiatieven?plaats=GM0637')).body,
      (await anonymous.get(`/api/v1/initiatives/${reference}`)).body,
      (await anonymous.get('/api/v1/initiatives?plaats=GM0637')).body,
      (await anonymous.get('/open-data/initiatieven.csv')).body,
      (await anonymous.get('/open-data/initiatieven.geojson')).body,
    ];
    expect(publicTexts[0]).toContain('Open voor steun');
    expect(publicTexts[0]).toContain('In gesprek met coach');
    for (const text of publicTexts) {
      expect(text).not.toContain('Zeynep');
      expect(text).not.toContain('zeynep.unique');
      expect(text).not.toContain('98765432');
      expect(text).not.toContain('Interne notitie');
    }
    // Formula injection: cells that start with = are made text.
    expect(publicTexts[4]).toContain(`"'=1+1 Moestuin"`);
  });

  it('sends visitors who are not signed in to the sign-in page', async () => {
    const res = await new TestBrowser(t).get('/beheer/initiatieven');
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toContain('terug=');
  });
});

/** A resident's new initiative with one photo, and its coach at the desk, who sees the photo's URL. */
async function submittedWithPhoto() {
  const resident = new TestBrowser(t);
  const form = validForm();
  form.photoAlts[0] = 'De plek';
  const res = await submitAsResident(resident, form, [
    { field: 'photo0', filename: 'a.png', type: 'image/png', data: png },
  ]);
  const token = tokenOf(res.headers.location);
  const reference =
    /INI-\d{4}-\d{4}/.exec((await resident.get(`/initiatieven/volgen/${token}`)).body)?.[0] ?? '';
  const coach = await signedInCoach();
  const desk = await coach.get(`/beheer/initiatieven/${reference}`);
  const uploadUrl = /src="(\/uploads\/[0-9a-f-]{36})"/.exec(desk.body)?.[1] ?? '';
  return { reference, coach, uploadUrl };
}

describe('uploads', () => {
  it('serves a photo of an initiative that is not public to nobody but its staff', async () => {
    const { coach, uploadUrl } = await submittedWithPhoto();
    expect((await coach.get(uploadUrl)).statusCode).toBe(200);
    expect((await new TestBrowser(t).get(uploadUrl)).statusCode).toBe(404);
    expect((await new TestBrowser(t).get('/uploads/not-a-uuid')).statusCode).toBe(404);
  });

  it('never serves a photo of a gemeente’s initiative that is not public to a coach of another gemeente', async () => {
    const { coach, uploadUrl } = await submittedWithPhoto();
    const elsewhere = 'coach.vlaardingen@gemeente.example';
    await createStaff(t, {
      email: elsewhere,
      displayName: 'Vera Vlaardingen',
      grants: [grant('coach', 'GM0622')],
    });
    const other = new TestBrowser(t);
    expect((await other.signIn(elsewhere, TEST_PASSWORD)).statusCode).toBe(303);
    const refused = await other.get(uploadUrl);
    expect(refused.statusCode).toBe(404);
    expect(refused.headers['content-type']).not.toMatch(/^image\//);
    // The same photo, at the same moment, for its own gemeente’s coach (re-encoded as JPEG).
    const own = await coach.get(uploadUrl);
    expect(own.statusCode).toBe(200);
    expect(own.headers['content-type']).toBe('image/jpeg');
  });

  it('keeps a private photo out of every cache, and lets a public one be cached for a year', async () => {
    const { reference, coach, uploadUrl } = await submittedWithPhoto();
    const privately = await coach.get(uploadUrl);
    expect(privately.statusCode).toBe(200);
    expect(privately.headers['cache-control']).toBe('private, no-store');

    for (const to of ['intake', 'in_preparation', 'open_for_support']) {
      await coach.get(`/beheer/initiatieven/${reference}`);
      expect(
        (await coach.post(`/beheer/initiatieven/${reference}/fase`, { to, reason: '' })).statusCode,
      ).toBe(303);
    }
    const publicly = await new TestBrowser(t).get(uploadUrl);
    expect(publicly.statusCode).toBe(200);
    expect(publicly.headers['cache-control']).toBe('public, max-age=31536000, immutable');
  });
});

describe('staff asked into an initiative keep access only while they hold a role in its gemeente', () => {
  it('loses the desk page, the thread and the photos when that role is taken away', async () => {
    // A district manager of another Zoetermeer wijk, who also coaches in Vlaardingen: after the
    // Zoetermeer role goes, the Vlaardingen one still lets them open the desk at all.
    const colleague = 'wijkmanager.elders@gemeente.example';
    const colleagueId = await createStaff(t, {
      email: colleague,
      displayName: 'Wendy Wijkmanager',
      grants: [grant('district_manager', 'WK063709'), grant('coach', 'GM0622')],
    });
    const { reference, coach, uploadUrl } = await submittedWithPhoto();
    expect(
      (await coach.post(`/beheer/initiatieven/${reference}/meelezers`, { participant: colleagueId }))
        .statusCode,
    ).toBe(303);

    const asked = new TestBrowser(t);
    expect((await asked.signIn(colleague, TEST_PASSWORD)).statusCode).toBe(303);
    expect((await asked.get(`/beheer/initiatieven/${reference}`)).statusCode).toBe(200);
    expect(
      (
        await asked.post(`/beheer/initiatieven/${reference}/berichten`, {
          body: 'Ik kijk mee.',
          kind: 'note',
        })
      ).statusCode,
    ).toBe(303);
    expect((await asked.get(uploadUrl)).statusCode).toBe(200);
    expect((await asked.get('/beheer/initiatieven?weergave=mine')).body).toContain(reference);

    // An administrator of Zoetermeer takes the Zoetermeer role away; the session stays.
    const adminId = await createStaff(t, {
      email: 'beheer.zoetermeer@gemeente.example',
      grants: [grant('administrator', 'GM0637')],
    });
    const admin = {
      kind: 'staff' as const,
      accountId: adminId,
      email: 'beheer.zoetermeer@gemeente.example',
      displayName: 'Beheer',
      grants: [grant('administrator', 'GM0637')],
      totpEnabled: false,
    };
    await t.modules.identity.service.changeStaffRoles(
      { actor: admin, channel: 'web', ip: null },
      colleagueId,
      [],
    );

    expect((await asked.get('/beheer/initiatieven')).statusCode).toBe(200);
    expect((await asked.get(`/beheer/initiatieven/${reference}`)).statusCode).toBe(403);
    expect(
      (await asked.post(`/beheer/initiatieven/${reference}/berichten`, { body: 'Nog één.', kind: 'note' }))
        .statusCode,
    ).toBe(403);
    expect((await asked.get(uploadUrl)).statusCode).toBe(404);
    expect((await asked.get('/beheer/initiatieven?weergave=mine')).body).not.toContain(reference);
  });
});

describe('the public list', () => {
  it('filters with a GET form and refuses unknown values', async () => {
    const browser = new TestBrowser(t);
    const res = await browser.get('/initiatieven?plaats=GM0637&fase=open_for_support&thema=groen');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<form method="get" action="/initiatieven"');
    expect((await browser.get('/initiatieven?fase=nonsense')).statusCode).toBe(400);
    expect((await browser.get('/initiatieven/INI-1900-0001')).statusCode).toBe(404);
  });

  it('describes the API in OpenAPI', async () => {
    const doc = await t.app.inject('/api/v1/openapi.json');
    expect(doc.body).toContain('/api/v1/initiatives/{reference}');
  });
});

// Last in this file: it uses up the submission limit of the test client's address.
describe('flooding the desk', () => {
  it('refuses more than 20 public submissions an hour from one client with a clear 429', async () => {
    const browser = new TestBrowser(t);
    let refused: Awaited<ReturnType<typeof submitAsResident>> | undefined;
    // Counters use fixed windows: should a window end mid-test, a fresh 20 follow, so 45 attempts
    // always reach the limit.
    for (let attempt = 0; attempt < 45 && !refused; attempt++) {
      const res = await submitAsResident(browser, validForm({ title: 'x' }));
      if (res.statusCode === 429) refused = res;
      else expect(res.statusCode).toBe(400);
    }
    expect(refused?.headers['retry-after']).toBeDefined();
    expect(refused?.body).toContain('te vaak geprobeerd');
  }, 120_000);
});
