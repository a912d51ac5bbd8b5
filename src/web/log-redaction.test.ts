import { Writable } from 'node:stream';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../app.js';
import { loadConfig } from '../config.js';
import { createTestDatabase } from '../../test/helpers/database.js';
import { logSerializers, redactUrl } from './log-redaction.js';

const TOKEN = 'A'.repeat(20) + 'b'.repeat(23);

describe('secrets in URLs never reach the log', () => {
  it.each([
    [`/inloggen/bewoner/${TOKEN}`, '/inloggen/bewoner/[redacted]'],
    [`/inloggen/bewoner/${TOKEN}?lang=en`, '/inloggen/bewoner/[redacted]?lang=en'],
    [`/account-instellen/${TOKEN}`, '/account-instellen/[redacted]'],
    [`/initiatieven/volgen/${TOKEN}/ontvangen`, '/initiatieven/volgen/[redacted]/ontvangen'],
    ['/buurtbudget?code=ABCD-EFGH-JKLM&lang=nl', '/buurtbudget?code=[redacted]&lang=nl'],
    ['/buurtbudget/stem?lang=nl&code=X1', '/buurtbudget/stem?lang=nl&code=[redacted]'],
    [
      '/inloggen/oidc/terug?code=abc&state=def&iss=x',
      '/inloggen/oidc/terug?code=[redacted]&state=[redacted]&iss=x',
    ],
  ])('%s is logged as %s', (url, logged) => {
    expect(redactUrl(url)).toBe(logged);
  });

  it.each([
    '/inloggen/bewoner',
    '/inloggen/bewoner?uitgelogd=1',
    '/initiatieven?code=1',
    '/buurtbudgetten?code=1',
  ])('leaves %s alone', (url) => {
    expect(redactUrl(url)).toBe(url);
  });

  it('keeps a token out of the lines the app logs for a request', async () => {
    const lines: string[] = [];
    const stream = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString('utf8'));
        done();
      },
    });
    const database = await createTestDatabase();
    const config = loadConfig({
      NODE_ENV: 'test',
      DEMO: 'false',
      SECRET_KEY: 'test-secret-key-0123456789-abcdefghijklmnop',
    });
    const { app } = await buildApp({
      config,
      database,
      logger: pino({ level: 'info', serializers: logSerializers }, stream),
    });
    try {
      await app.inject({ method: 'GET', url: `/inloggen/bewoner/${TOKEN}` });
      await app.inject({ method: 'GET', url: `/account-instellen/${TOKEN}` });
      const log = lines.join('');
      expect(log).toContain('/inloggen/bewoner/[redacted]');
      expect(log).not.toContain(TOKEN);
    } finally {
      await app.close();
      await database.close();
    }
  });
});
