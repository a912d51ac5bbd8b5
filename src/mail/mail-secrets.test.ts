import { describe, expect, it } from 'vitest';
import { putSecretsBack, SECRET_NOTE, takeSecretsOut } from './mail-secrets.js';

const LINK = 'https://bk.example/inloggen/bewoner/AbCdEfGhIjKlMnOpQrStUvWxYz0123456789_-abcde';

describe('a message’s secrets stored apart from its text', () => {
  it('stores a note where each link was, and puts the links back for sending', () => {
    const text = `Hallo 👋,\n\nUw link: ${LINK}\nNog eens: ${LINK}\nGroet`;
    const html = `<p><a href="${LINK}">Inloggen</a></p>`;
    const stored = takeSecretsOut({ text, html }, [LINK], 'nl');
    expect(stored.text).toBe(`Hallo 👋,\n\nUw link: ${SECRET_NOTE.nl}\nNog eens: ${SECRET_NOTE.nl}\nGroet`);
    expect(stored.html).toBe(`<p><a href="${SECRET_NOTE.nl}">Inloggen</a></p>`);
    expect(JSON.stringify({ text: stored.text, html: stored.html })).not.toContain('AbCdEf');
    expect(putSecretsBack({ text: stored.text, html: stored.html }, stored.secrets)).toEqual({ text, html });
  });

  it('writes the note in the message’s language and finds a link escaped in HTML', () => {
    const link = 'https://bk.example/volgen/abcdefghijklmnop?a=1&b=2';
    const stored = takeSecretsOut(
      {
        text: `Follow: ${link}`,
        html: `<a href="https://bk.example/volgen/abcdefghijklmnop?a=1&amp;b=2">x</a>`,
      },
      [link],
      'en',
    );
    expect(stored.text).toBe(`Follow: ${SECRET_NOTE.en}`);
    expect(stored.html).toBe(`<a href="${SECRET_NOTE.en}">x</a>`);
    expect(putSecretsBack(stored, stored.secrets)?.html).toContain('?a=1&amp;b=2');
  });

  it('refuses a secret that is not in the text, and stored secrets that do not fit the body', () => {
    expect(() => takeSecretsOut({ text: 'Geen link hier', html: null }, [LINK], 'nl')).toThrow(
      /not in its text/,
    );
    const stored = takeSecretsOut({ text: `Link: ${LINK}`, html: null }, [LINK], 'nl');
    expect(putSecretsBack({ text: 'kort', html: null }, stored.secrets)).toBeUndefined();
    expect(putSecretsBack(stored, [{ part: 'html', start: 0, end: 1, value: LINK }])).toBeUndefined();
  });
});
