import crypto from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';

/**
 * argon2id (the library's default algorithm; its `Algorithm` const enum cannot be imported
 * under verbatimModuleSyntax, and a test checks the `$argon2id$` prefix) with OWASP's
 * recommended minimum (19 MiB, 2 passes, 1 lane): about 20–40 ms here, slow for an attacker
 * with a stolen table, cheap enough for the sign-in page.
 */
const OPTIONS = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

/** Hashes a password as a PHC string (`$argon2id$v=19$m=19456,t=2,p=1$…`), salt included. */
export function hashPassword(password: string): Promise<string> {
  return hash(password.normalize('NFKC'), OPTIONS);
}

let dummyHash: Promise<string> | undefined;

/**
 * Verifies a password against a stored hash. Without a hash (an unknown account, or one that
 * never chose a password) it verifies against a dummy hash and answers false, so that the
 * answer takes as long as for a real account and timing reveals nothing.
 */
export async function verifyPassword(
  storedHash: string | null | undefined,
  password: string,
): Promise<boolean> {
  if (!storedHash) {
    dummyHash ??= hashPassword(crypto.randomBytes(24).toString('base64url'));
    await verify(await dummyHash, password.normalize('NFKC')).catch(() => false);
    return false;
  }
  try {
    return await verify(storedHash, password.normalize('NFKC'));
  } catch {
    // A malformed stored hash signs no one in.
    return false;
  }
}
