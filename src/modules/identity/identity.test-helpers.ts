/**
 * The identity module's face for tests and benchmarks (never for product code): the parts
 * `bench/identity.ts` measures on their own.
 */
export { hashPassword } from './password-hash.js';
export { SecretBox } from './secret-box.js';
