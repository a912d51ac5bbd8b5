import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { sql } from 'kysely';
import { runCliInProcess, type CliRun } from '../../test/helpers/cli.js';
import {
  databaseUrl,
  randomSuffix,
  runDatabasePrefix,
  testEngine,
  withAdminClient,
} from '../../test/helpers/engines.js';
import { openDatabase } from '../db/database.js';
import { datasetsDir, projectRoot } from '../shared/paths.js';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

let tmp: string;
/** Where the CLI keeps its database: a PGlite folder, or a fresh database on the server. */
let databaseEnv: Record<string, string>;
let dropDatabase: (() => Promise<void>) | undefined;

beforeAll(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'buurtkracht-cli-'));
  if (testEngine() === 'postgresql') {
    const base = process.env.TEST_DATABASE_URL!;
    // The run's prefix, so that its global teardown drops it even if this file crashes.
    const name = `${runDatabasePrefix(inject('pgTemplate'))}cli_${randomSuffix()}`;
    await withAdminClient(base, (c) => c.query(`create database ${name}`));
    // The data folder too: the configuration keeps its secret.key there, not in the checkout.
    databaseEnv = { DATABASE_URL: databaseUrl(base, name), BUURTKRACHT_DATA_DIR: path.join(tmp, 'data') };
    dropDatabase = async () => {
      await withAdminClient(base, (c) => c.query(`drop database if exists ${name} with (force)`));
    };
  } else {
    databaseEnv = { BUURTKRACHT_DATA_DIR: path.join(tmp, 'data') };
  }
});

afterAll(async () => {
  await dropDatabase?.();
  await fs.rm(tmp, { recursive: true, force: true });
});

/** Runs a command line in this process, with the test's database in its environment. */
function cli(args: string[], env: Record<string, string> = {}): Promise<CliRun> {
  const childEnv: NodeJS.ProcessEnv = { ...process.env, ...databaseEnv, ...env };
  if (!('DATABASE_URL' in databaseEnv) && !('DATABASE_URL' in env)) delete childEnv.DATABASE_URL;
  return runCliInProcess(args, childEnv);
}

/** Runs the installed entry point in a child process, as a person would. */
function spawnCli(entry: string[], args: string[]): Promise<Run> {
  const childEnv: NodeJS.ProcessEnv = { ...process.env, ...databaseEnv };
  if (!('DATABASE_URL' in databaseEnv)) delete childEnv.DATABASE_URL;
  return new Promise<Run>((resolve, reject) => {
    const child = spawn(process.execPath, [...entry, ...args], { cwd: projectRoot, env: childEnv });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const zoetermeer = path.join(datasetsDir, 'cbs', 'GM0637-zoetermeer.geojson');
const noStackTrace = /\n\s+at .+:\d+:\d+/;

describe('help', () => {
  it('lists the commands with --help and -h', async () => {
    for (const flag of ['--help', '-h']) {
      const run = await cli([flag]);
      expect(run.code).toBe(0);
      expect(run.stdout).toContain('Usage: buurtkracht <command> [options]');
      expect(run.stdout).toMatch(/\n {2}import-places +Import CBS/);
    }
  });

  it("prints a command's usage with <command> --help", async () => {
    const run = await cli(['import-places', '--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Usage: buurtkracht import-places <file>... [options]');
    expect(run.stdout).toContain('--year <year>');
    expect(run.stdout).toContain('BUURTKRACHT_DATA_DIR');
  });

  it('runs as its own process, through the installed bin and from source', async () => {
    const run = await spawnCli(['bin/buurtkracht.js'], ['--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('import-places');
    // A wrong command line sets the process's exit code, not only the runner's answer.
    const wrong = await spawnCli(['--import', 'tsx', 'src/cli/main.ts'], ['import-placez']);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('buurtkracht: unknown command import-placez');
  });
});

describe('a wrong command line exits 2 with the usage', () => {
  it('lists the commands on stderr when none is given', async () => {
    const run = await cli([]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('import-places');
  });

  it('refuses an unknown command', async () => {
    const run = await cli(['import-placez', 'x.geojson']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('buurtkracht: unknown command import-placez');
  });

  it('refuses an unknown option, a missing file argument and a bad year', async () => {
    const unknown = await cli(['import-places', zoetermeer, '--yaer', '2023']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('buurtkracht import-places: unknown option --yaer');
    expect(unknown.stderr).toContain('Usage: buurtkracht import-places <file>... [options]');

    const missing = await cli(['import-places']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('missing <file>');

    const year = await cli(['import-places', 'figures.csv', '--year', '23']);
    expect(year.code).toBe(2);
    expect(year.stderr).toContain('--year must be a year such as 2023');

    const geojsonYear = await cli(['import-places', zoetermeer, '--year', '2023']);
    expect(geojsonYear.code).toBe(2);
    expect(geojsonYear.stderr).toContain('--year applies to a figures CSV only');
  });
});

describe('import-places', () => {
  it('imports the buurten of Zoetermeer and prints a summary per level', { timeout: 90_000 }, async () => {
    const run = await cli(['import-places', zoetermeer]);
    expect(run.stderr).not.toMatch(noStackTrace);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Imported GM0637-zoetermeer.geojson (2023): 26 places');
    expect(run.stdout).toMatch(/gemeenten +0\n/);
    expect(run.stdout).toMatch(/buurten +26\n/);
    expect(run.stdout).toMatch(/Database: the (embedded|PostgreSQL) database/);
    // Progress goes to stderr, one line per 10% when stderr is no terminal.
    expect(run.stderr).toContain('Importing GM0637-zoetermeer.geojson: 26/26 (100%)');
  });

  it(
    'refuses a malformed file, naming the feature, and leaves the database alone',
    { timeout: 90_000 },
    async () => {
      const collection = JSON.parse(await fs.readFile(zoetermeer, 'utf8')) as {
        features: { properties: { households: number } }[];
      };
      collection.features[3]!.properties.households = -10;
      const bad = path.join(tmp, 'GM0637-bad.geojson');
      await fs.writeFile(bad, JSON.stringify(collection));

      const run = await cli(['import-places', bad]);
      expect(run.code).toBe(1);
      expect(run.stderr).toContain('GM0637-bad.geojson was not imported:');
      expect(run.stderr).toContain(
        'feature 4 (BU06370004): households must be a whole number of 0 or more (got -10)',
      );
      expect(run.stderr).not.toMatch(noStackTrace);
      expect(run.stdout).toBe('');

      // What the first import wrote is still there, unchanged.
      const database = await openDatabase({
        databaseUrl: databaseEnv.DATABASE_URL,
        dataDir: databaseEnv.BUURTKRACHT_DATA_DIR ?? 'unused',
        purpose: 'test',
      });
      try {
        const { rows } = await sql<{ n: number; households: number }>`
          select count(*)::int as n, sum(households)::int as households from place where level = 'buurt'
        `.execute(database.db);
        expect(rows[0]).toEqual({ n: 26, households: 56_950 });
      } finally {
        await database.close();
      }
    },
  );

  it('says so plainly when the file is not there', async () => {
    const run = await cli(['import-places', path.join(tmp, 'nope.geojson')]);
    expect(run.code).toBe(1);
    expect(run.stderr.trim()).toBe(`${path.join(tmp, 'nope.geojson')}: no such file`);
  });

  it('lists configuration problems without a stack trace', async () => {
    const run = await cli(['import-places', zoetermeer], { PORT: 'abc' });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('Invalid configuration:\n  - PORT:');
    expect(run.stderr).not.toMatch(noStackTrace);
  });
});

describe("a module's refusal reads as words, from the modules' own messages", () => {
  it('says that the gemeente is unknown, without a message key or a stack trace', async () => {
    const run = await cli(['budget-year', '--gemeente', 'GM9999', '--year', '2026']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('GM9999');
    expect(run.stderr).not.toMatch(/errors\.|budgets\./);
    expect(run.stderr).not.toMatch(noStackTrace);
  });

  it('words the budget year’s own rules, as the page shows them beside the fields', async () => {
    const run = await cli([
      'budget-year',
      '--gemeente',
      'GM0637',
      '--year',
      '2026',
      '--amount',
      '2000',
      '--opens',
      '2026-06-01',
      '--closes',
      '2026-05-01',
    ]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('Enter an amount in euros between 0.01 and 1,000');
    expect(run.stderr).toContain('The last day is before the first day.');
  });
});

describe.skipIf(testEngine() === 'postgresql')('while the server holds the embedded database', () => {
  it('exits 1 with the lock message and does not touch the database', { timeout: 60_000 }, async () => {
    const dataDir = path.join(tmp, 'held');
    await fs.mkdir(dataDir);
    // A live process to stand in for the server: the lock code treats its own pid as stale.
    const holder = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
    try {
      const lock = JSON.stringify({
        pid: holder.pid,
        hostname: os.hostname(),
        purpose: 'server',
        startedAt: new Date().toISOString(),
        url: 'http://127.0.0.1:3000',
      });
      const lockFile = path.join(dataDir, 'buurtkracht.lock');
      await fs.writeFile(lockFile, lock);

      const run = await cli(['import-places', zoetermeer], { BUURTKRACHT_DATA_DIR: dataDir });
      expect(run.code).toBe(1);
      expect(run.stderr.trim()).toBe(
        `The data folder ${dataDir} is in use by server (process ${holder.pid} at http://127.0.0.1:3000). ` +
          'The embedded database allows one process at a time: stop that process first, ' +
          'or set DATABASE_URL to use a PostgreSQL server.',
      );
      expect(run.stdout).toBe('');
      // No PGlite folder was made or opened (config may keep its secret.key beside the lock).
      expect(await fs.readdir(dataDir)).not.toContain('pglite');
      expect(await fs.readFile(lockFile, 'utf8')).toBe(lock);
    } finally {
      holder.kill();
    }
  });
});
