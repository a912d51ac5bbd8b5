import { defineConfig } from 'vitest/config';

const common = {
  globalSetup: ['test/global-setup.ts'],
  testTimeout: 30_000,
  hookTimeout: 60_000,
};

const unitAndIntegration = ['src/**/*.test.{ts,tsx}', 'test/**/*.test.ts'];

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
          // One browser at a time keeps the two-core machine responsive.
          poolOptions: { forks: { singleFork: true } },
        },
      },
    ],
  },
});
