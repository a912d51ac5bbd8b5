import fs from 'node:fs';
import path from 'node:path';
import { defineConfig } from 'vitest/config';
import LongestFirstSequencer from './test/sequencer.js';

const common = {
  globalSetup: ['test/global-setup.ts'],
  testTimeout: 30_000,
  hookTimeout: 60_000,
};

const unitAndIntegration = ['src/**/*.test.{ts,tsx}', 'test/**/*.test.ts'];

/**
 * Test files that never open a database: they run once, in the PGlite project. What they test
 * does not depend on the engine, so running them again on the PostgreSQL server would only
 * repeat them. A file opens a database when it names one of the ways to get one (the test
 * helpers for a database, an app, the modules, the command line or a process; a module's test
 * helpers; `openDatabase`); everything else is engine-free.
 */
const OPENS_A_DATABASE =
  /helpers\/(app|database|modules|cli|processes|engines)\.js|\.test-helpers\.js|db\/database\.js|openDatabase/;

function engineFreeTestFiles(): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(file);
      else if (/\.test\.tsx?$/.test(entry.name) && !OPENS_A_DATABASE.test(fs.readFileSync(file, 'utf8')))
        found.push(file.split(path.sep).join('/'));
    }
  };
  for (const dir of ['src', 'test']) walk(dir);
  return found;
}

/**
 * Three projects: everything on PGlite; the same tests on the PostgreSQL server when
 * TEST_DATABASE_URL is set; end-to-end tests in Chromium (on PGlite).
 */
export default defineConfig({
  test: {
    pool: 'forks',
    // Two files at a time on the two-core machine (Vitest's default there is one): much of a
    // test's time is spent waiting on the PostgreSQL server, a browser or a spawned process.
    maxWorkers: 2,
    minWorkers: 1,
    // Test files share a worker's module cache instead of importing the app again each time
    // (collecting took 180 s of a 510 s run). Safe because every file builds its own app and
    // database and no test mocks a module; state a file leaves behind lives in its own database.
    isolate: false,
    // Longest files first, from test/durations.json (see test/sequencer.ts).
    sequence: { sequencer: LongestFirstSequencer },
    projects: [
      {
        test: { ...common, name: 'pglite', include: unitAndIntegration, env: { BK_TEST_ENGINE: 'pglite' } },
      },
      ...(process.env.TEST_DATABASE_URL
        ? [
            {
              test: {
                ...common,
                name: 'postgresql',
                include: unitAndIntegration,
                exclude: engineFreeTestFiles(),
                env: { BK_TEST_ENGINE: 'postgresql' },
              },
            },
          ]
        : []),
      {
        test: {
          ...common,
          name: 'e2e',
          include: ['test/e2e/**/*.e2e.ts'],
          env: { BK_TEST_ENGINE: 'pglite' },
          testTimeout: 60_000,
          // Two files at a time, after the database tests (Vitest runs the projects one after
          // another): one file at a time used about one core of the two, as the browser and the
          // app mostly wait on each other.
        },
      },
    ],
  },
});
