import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { buildIsCurrent } from '../scripts/build-stamp.js';
import { testEngine } from './helpers/engines.js';
import { createTestDatabase } from './helpers/database.js';
import { freePort, runCli, startServerProcess, waitForHealth } from './helpers/processes.js';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bk-main-'));
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

// The README's two commands: `npm install` builds (the prepare script), `npm start` builds only
// when the sources changed and runs the built server.
describe('the README’s start', () => {
  it('is `npm install && npm start`, and install builds what start runs', () => {
    const readme = fs.readFileSync('README.md', 'utf8');
    expect(readme).toContain('npm install && npm start');
    const { scripts } = JSON.parse(fs.readFileSync('package.json', 'utf8')) as {
      scripts: Record<string, string>;
    };
    expect(scripts.prepare).toContain('npm run build');
    expect(scripts.build).toMatch(
      /^tsc -p tsconfig\.build\.json && node scripts\/bundle-server\.js && tsx scripts\/build-assets\.ts && node scripts\/build-stamp\.js$/,
    );
    expect(scripts.start).toBe('node scripts/start.js');
  });
});

// The real process with the embedded database, started as `npm start` starts it when the build
// is current (scripts/start.js runs dist/main.js). After a source edit here that would mean a
// whole build inside the test, so then it runs from source; in CI `npm ci` has just built.
const entry = buildIsCurrent() ? ['scripts/start.js'] : ['--import', 'tsx', 'src/main.ts'];

describe.runIf(testEngine() === 'pglite')('the server process', () => {
  it.runIf(process.env.CI)('needs no build after `npm install` (CI installs with `npm ci`)', () => {
    expect(buildIsCurrent()).toBe(true);
  });

  it('starts on an empty data folder with the demo, refuses a second process, and stops on SIGTERM', async () => {
    const port = await freePort();
    const env = {
      ...process.env,
      PORT: String(port),
      BUURTKRACHT_DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      DATABASE_URL: '',
    };
    const child = spawn(process.execPath, entry, {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    try {
      const url = `http://127.0.0.1:${port}`;
      const health = await waitForHealth(url, child, 90_000);
      expect(await health.json()).toEqual({ status: 'ok', database: 'pglite' });
      const home = await (await fetch(url)).text();
      expect(home).toContain('Zoetermeer');

      // A second process on the same data folder must refuse plainly, not corrupt or hang.
      const second = spawn(process.execPath, entry, {
        env: { ...env, PORT: String(await freePort()) },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let secondErr = '';
      second.stderr?.on('data', (d: Buffer) => (secondErr += d.toString()));
      const secondCode = await new Promise<number | null>((resolve) => second.on('exit', resolve));
      expect(secondCode).toBe(1);
      expect(secondErr).toContain('is in use by server');

      child.kill('SIGTERM');
      const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
      expect(code, stderr).toBe(0);
      expect(fs.existsSync(path.join(dataDir, 'buurtkracht.lock'))).toBe(false);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  }, 150_000);
});

// Several app processes behind a load balancer, started together on one fresh PostgreSQL
// database with the demo: one loads it, the others wait for it and add nothing.
describe.runIf(testEngine() === 'postgresql')('server processes on one PostgreSQL database', () => {
  it('two starting at once on a fresh database both come up, with the demo loaded once', async () => {
    const database = await createTestDatabase();
    const env = { DATABASE_URL: database.url ?? '', DEMO: 'true', SECRET_KEY: 'x'.repeat(40) };
    const servers = await Promise.all([startServerProcess(env, 120_000), startServerProcess(env, 120_000)]);
    try {
      for (const server of servers) {
        expect(await (await fetch(`${server.url}/health`)).json()).toEqual({
          status: 'ok',
          database: 'postgresql',
        });
      }
      const { rows } = await sql<{ accounts: number; years: number; emails: number }>`
        select (select count(*)::int from staff_account) as accounts,
          (select count(distinct email)::int from staff_account) as emails,
          (select count(*)::int from budget_year) as years
      `.execute(database.db);
      expect(rows[0]?.accounts).toBeGreaterThan(0);
      expect(rows[0]?.accounts).toBe(rows[0]?.emails);
      expect(rows[0]?.years).toBe(1);
    } finally {
      const codes = await Promise.all(servers.map((s) => s.stop()));
      await database.close();
      expect(codes).toEqual([0, 0]);
    }
  }, 240_000);

  it('one SECRET_KEY per database: of two started at once with different keys one runs, the other and the CLI with its key refuse', async () => {
    const database = await createTestDatabase();
    const url = database.url ?? '';
    // One with SECRET_KEY, one without: its key is generated into its own data folder, as on
    // a second machine that was not given the key.
    const withKey = {
      DATABASE_URL: url,
      DEMO: 'false',
      SECRET_KEY: 'k'.repeat(40),
      BUURTKRACHT_DATA_DIR: path.join(dataDir, 'with-key'),
    };
    const generated = {
      DATABASE_URL: url,
      DEMO: 'false',
      SECRET_KEY: '',
      BUURTKRACHT_DATA_DIR: path.join(dataDir, 'generated'),
    };
    const started = await Promise.allSettled([
      startServerProcess(withKey, 120_000),
      startServerProcess(generated, 120_000),
    ]);
    const running = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
    let stopped: (number | null)[] = [];
    try {
      expect(running).toHaveLength(1);
      const refusal = started.find((s) => s.status === 'rejected');
      expect(String(refusal?.status === 'rejected' ? refusal.reason : '')).toContain(
        'This database was set up with another SECRET_KEY',
      );
      const [winner, loser] =
        started[0]?.status === 'fulfilled' ? [withKey, generated] : [generated, withKey];

      // The CLI with the refused key: no letters with codes the servers would call unknown.
      const refused = await runCli(['verify-ledger'], loser);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain('Set the same SECRET_KEY on every app process and for the CLI');
      expect(refused.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
      const accepted = await runCli(['verify-ledger'], winner);
      expect(accepted.code, accepted.stderr).toBe(0);
    } finally {
      stopped = await Promise.all(running.map((s) => s.stop()));
      await database.close();
    }
    expect(stopped).toEqual([0]);
  }, 240_000);
});
