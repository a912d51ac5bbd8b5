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
