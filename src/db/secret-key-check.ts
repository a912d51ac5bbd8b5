import crypto from 'node:crypto';
import type { Db } from './database.js';

/** What the fingerprint is an HMAC of; a new version would be a new check, never a new meaning. */
const CHECK_MESSAGE = 'buurtkracht key check v1';

// A type alias, not an interface: Kysely's withTables needs the implicit index signature.
type SecretKeyCheckTables = {
  secret_key_check: { id: boolean; fingerprint: string };
};

/** The database was set up with another SECRET_KEY than this process or command has. */
export class SecretKeyMismatchError extends Error {
  constructor(secretKeyFile: string | undefined) {
    super(
      [
        'This database was set up with another SECRET_KEY than this process has, so it does not start:',
        'codes on printed letters, two-step verification and signed values made with one key do not',
        'work with another. Set the same SECRET_KEY on every app process and for the CLI (the',
        'buurtkracht command) that use this database, then start again.',
        ...(secretKeyFile
          ? [
              `This process has no SECRET_KEY and uses the key generated in ${secretKeyFile};`,
              'each data folder generates its own, so set SECRET_KEY to the key of the processes that work.',
            ]
          : []),
      ].join('\n'),
    );
    this.name = 'SecretKeyMismatchError';
  }
}

/** HMAC-SHA256(key, CHECK_MESSAGE) in hex: tells keys apart without revealing one. */
export function secretKeyFingerprint(secretKey: string): string {
  return crypto.createHmac('sha256', secretKey).update(CHECK_MESSAGE).digest('hex');
}

/**
 * Makes sure every app process and CLI command on one database uses the same SECRET_KEY. Call
 * it after migrating, before anything is made with the key. The first to arrive records the
 * key's fingerprint (of several arriving at once, one insert wins and the others wait for it
 * and then compare); every later one compares, and throws SecretKeyMismatchError for another
 * key. `secretKeyFile`: where the key came from when SECRET_KEY is unset, for the message.
 */
export async function checkSecretKey(
  db: Db,
  key: { secretKey: string; secretKeyFile: string | undefined },
): Promise<void> {
  const fingerprint = secretKeyFingerprint(key.secretKey);
  const q = db.withTables<SecretKeyCheckTables>();
  const read = () => q.selectFrom('secret_key_check').select('fingerprint').executeTakeFirst();
  // Every start but the first finds the record: a read, no write (a commit costs a flush).
  let recorded = await read();
  if (!recorded) {
    await q
      .insertInto('secret_key_check')
      .values({ id: true, fingerprint })
      .onConflict((oc) => oc.column('id').doNothing())
      .execute();
    recorded = await read();
  }
  if (recorded?.fingerprint !== fingerprint) throw new SecretKeyMismatchError(key.secretKeyFile);
}

/** The table this check owns. */
export const SECRET_KEY_CHECK_TABLES = ['secret_key_check'] as const;
