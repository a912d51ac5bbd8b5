/**
 * What identity costs each request: the session lookup (one indexed query for session,
 * account and roles) and a rate-limited request's counter upsert (two counters, one statement),
 * plus one argon2id hash. Prints mean and p95 in milliseconds.
 *
 *   npx tsx bench/identity.ts                     # embedded PGlite, in memory
 *   DATABASE_URL=postgres://… npx tsx bench/identity.ts   # a PostgreSQL server (an empty database)
 */
import { performance } from 'node:perf_hooks';
import { CommandRunner } from '../src/access/index.js';
import { openDatabase } from '../src/db/database.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { recordAudit } from '../src/modules/audit/index.js';
import { SessionService, type IdentityContext } from '../src/modules/identity/index.js';
import { createDemoAccount, hashPassword, SecretBox } from '../src/modules/identity/identity.test-helpers.js';
import { systemClock } from '../src/shared/clock.js';
import { RateLimitStore } from '../src/web/rate-limit-store.js';

const N = 2000;

async function measure(label: string, n: number, fn: (i: number) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < 50; i++) await fn(-1 - i); // warm up
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const start = performance.now();
    await fn(i);
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  const mean = times.reduce((a, b) => a + b, 0) / times.length;
  const p95 = times[Math.floor(times.length * 0.95)] ?? 0;
  console.log(
    `${label.padEnd(44)} n=${String(n).padStart(5)}  mean ${mean.toFixed(3)} ms  p95 ${p95.toFixed(3)} ms`,
  );
}

const database = await openDatabase({
  databaseUrl: process.env.DATABASE_URL,
  dataDir: 'memory://',
  poolSize: 4,
});
await migrateToLatest(database.db);
console.log(`engine: ${database.engine}`);

const sessions = new SessionService(database.db, systemClock, {
  idleMs: 30 * 60_000,
  absoluteMs: 12 * 3600_000,
});
const identity: IdentityContext = {
  db: database.db,
  clock: systemClock,
  sessions,
  secretBox: new SecretBox('bench-secret-key-0123456789abcdefghijkl', 'totp'),
  places: { getPlaceDetail: () => Promise.reject(new Error('not needed')) },
  publicUrl: 'http://localhost',
  log: { info: () => undefined, warn: () => undefined, error: () => undefined },
  commands: new CommandRunner({ db: database.db, writeAudit: recordAudit, now: systemClock }),
};
// A realistic table: a few hundred accounts with sessions, one of which we resolve.
const suffix = Date.now().toString(36);
let token = '';
for (let i = 0; i < 200; i++) {
  const account = await createDemoAccount(identity, {
    email: `bench-${suffix}-${i}@example.nl`,
    displayName: `Bench ${i}`,
    grants: [
      { role: 'coach', placeCode: 'GM0637', organisation: null },
      { role: 'district_manager', placeCode: 'WK063700', organisation: null },
    ],
    password: 'bench-password-long-enough',
  });
  token = await sessions.start(database.db, account.id, 'signed_in', { ip: null, userAgent: null });
}

await measure('session lookup (resolve, one query)', N, () => sessions.resolve(token));

const store = new RateLimitStore(database.db);
const windowStart = new Date(Math.floor(Date.now() / 900_000) * 900_000);
const expiresAt = new Date(windowStart.getTime() + 900_000);
await measure('rate-limit hit (2 counters, one upsert)', N, (i) =>
  store.hit(
    [
      { key: `sign-in-ip:bench-${i % 50}`, windowStart, expiresAt },
      { key: `sign-in-account:bench-${i % 500}`, windowStart, expiresAt },
    ],
    new Date(),
  ),
);

await measure('argon2id hash (19 MiB, t=2)', 20, () => hashPassword('correct paard batterij nietje'));
await database.close();
