import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../test/helpers/database.js';
import type { Database } from './database.js';
import { checkSecretKey, SecretKeyMismatchError } from './secret-key-check.js';

const keyA = { secretKey: 'a'.repeat(40), secretKeyFile: undefined };
const keyB = { secretKey: 'b'.repeat(40), secretKeyFile: undefined };

let database: Database;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database.close();
});
// Each test starts as a database no process has started on yet.
beforeEach(async () => {
  await sql`delete from secret_key_check`.execute(database.db);
});

describe('every process and command on one database has the same SECRET_KEY', () => {
  it('records the first key, accepts it again and refuses another, saying what to do', async () => {
    await checkSecretKey(database.db, keyA);
    await checkSecretKey(database.db, keyA);
    const refused = checkSecretKey(database.db, keyB);
    await expect(refused).rejects.toThrow(SecretKeyMismatchError);
    await expect(refused).rejects.toThrow(
      /another SECRET_KEY[\s\S]*Set the same SECRET_KEY on every app process and for the CLI/,
    );
    // Refused means not recorded: the first key still works.
    await checkSecretKey(database.db, keyA);
  });

  it('names the generated key file when SECRET_KEY is unset', async () => {
    await checkSecretKey(database.db, keyA);
    await expect(
      checkSecretKey(database.db, { secretKey: 'c'.repeat(40), secretKeyFile: '/srv/bk/data/secret.key' }),
    ).rejects.toThrow(/no SECRET_KEY and uses the key generated in \/srv\/bk\/data\/secret\.key/);
  });

  it('stores a fingerprint, never the key', async () => {
    await checkSecretKey(database.db, keyA);
    const { rows } = await sql<{ row: string }>`select t::text as row from secret_key_check t`.execute(
      database.db,
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]?.row).not.toContain(keyA.secretKey);
    expect(rows[0]?.row).toMatch(/[0-9a-f]{64}/);
  });

  it('lets exactly one key win when processes with different keys start at once', async () => {
    const keys = [keyA, keyB, keyA, keyB, keyA, keyB];
    const results = await Promise.allSettled(keys.map((key) => checkSecretKey(database.db, key)));
    const passed = keys.filter((_, i) => results[i]?.status === 'fulfilled');
    expect(passed.length).toBe(3);
    expect(new Set(passed.map((k) => k.secretKey)).size).toBe(1);
    for (const r of results) {
      if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(SecretKeyMismatchError);
    }
  });
});
