/**
 * The identity module's face for tests and benchmarks (never for product code): the parts
 * `bench/identity.ts` measures on their own, and the accounts it makes.
 */
export { createDemoAccount } from './staff-management.service.js';
export { hashPassword } from './password-hash.js';
export { SecretBox } from './secret-box.js';
