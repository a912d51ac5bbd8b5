import crypto from 'node:crypto';
import pg from 'pg';

/** The engine a test project runs on: set per vitest project in vitest.config.ts. */
export type TestEngine = 'pglite' | 'postgresql';

export function testEngine(): TestEngine {
  return process.env.BK_TEST_ENGINE === 'postgresql' ? 'postgresql' : 'pglite';
}

/** A URL for another database on the same server as `base`. */
export function databaseUrl(base: string, name: string): string {
  const url = new URL(base);
  url.pathname = `/${name}`;
  return url.toString();
}

export async function withAdminClient<T>(baseUrl: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: baseUrl });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export function randomSuffix(): string {
  return crypto.randomBytes(5).toString('hex');
}

/**
 * The prefix of every database one test run makes on the server (`bk_t_<run>_…`), so the run's
 * teardown drops its own and never those of another run against the same server.
 */
export function runDatabasePrefix(template: string): string {
  return `bk_t_${template.replace(/^bk_template_/, '')}_`;
}
