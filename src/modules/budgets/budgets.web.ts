import type { FastifyRequest } from 'fastify';
import { byAccount, byField, byIp, failuresOnly } from '../../web/plugins/rate-limit.js';
import { isFailedCode } from './codes.service.js';
import { checkCode } from './voucher-code.js';

const TEN_MINUTES = 10 * 60;

/**
 * How old the public figures a process keeps in its cache may be (the figures page, support
 * shown on initiatives, a place's section): pledges move them and bump no revision (migration
 * 0013), so they are read again after this time, and at once after a write of the process.
 */
export const PUBLIC_FIGURES_MAX_AGE_MS = 1000;

/**
 * The code a request carries in its one form, as the use cases read it (`normaliseCode`: case,
 * separators and look-alike letters do not matter), so `abcd efgh…` and `ABCD-EFGH-…` count as
 * one code; undefined when malformed.
 */
function typedCode(value: string): string | undefined {
  const checked = checkCode(value);
  return checked.ok ? checked.code : undefined;
}

/**
 * A code's own uses, on every route that takes one: 300 per 10 minutes is far beyond what a
 * household does (look up, choose, give, a few retries), and still lets a client's retry storm
 * through, while one code cannot keep the database busy on its row lock without end.
 */
const codeUses = byField('budget-code-uses', 'code', 300, TEN_MINUTES, typedCode);

/**
 * The routes that take a household code. Only failed codes count toward a client's limit
 * (`failuresOnly`): unknown or replaced by a reprint, or a wrong check character
 * (`isFailedCode`). A right code costs nothing, so a service-desk kiosk or a community centre
 * behind one address serves any number of households, and a retry storm with one code is no
 * guessing either.
 *
 * Why 30 failures per 10 minutes per client is enough: a code has 13 random characters of 29
 * symbols (29^13 ≈ 1.03·10^19, 63.2 bits) and a check character that a guesser can compute, so
 * each well-formed guess hits one of the N issued codes with chance N / 1.03·10^19. For all 8.2
 * million Dutch households at once that is 1 in 1.25·10^12 guesses: on average 1.25·10^12
 * failures before a hit. At the limit (30 failures per 10 minutes = 1,577,880 a year) one client
 * needs on average 1.25·10^12 / 1.58·10^6 ≈ 793,000 years for a single hit: far above the goal
 * of 100 years. Case and look-alike letters do not widen this: they are read as one code. Failures are counted when an attempt starts, so attempts sent at the same time
 * cannot pass the limit together. A client is an IPv4 address or an IPv6 /64; many clients
 * together are seen by the global alarm on unknown codes (`noteFailedLookup`).
 *
 * Besides: at most 600 attempts per client per 10 minutes (one a second), right or wrong, so
 * malformed codes (which never count as guesses) cannot be sent without end either.
 */
export const CODE_RATE_LIMITS = [
  failuresOnly(byIp('budget-code-failures', 30, TEN_MINUTES)),
  byIp('budget-code-ip', 600, TEN_MINUTES),
  codeUses,
] as const;

/**
 * The service desk: the same limit on failed codes per staff account (a stolen account cannot
 * guess without end either), and the same limit per code.
 */
export const DESK_RATE_LIMITS = [
  failuresOnly(byAccount('budget-desk-failures', 30, TEN_MINUTES)),
  codeUses,
] as const;

/**
 * Runs a use case with a typed code and reports a failed code (`isFailedCode`) to the route's
 * rate limits (`request.countAsFailure()`); the error goes on to the caller unchanged.
 */
export async function countingFailedCodes<T>(request: FastifyRequest, use: () => Promise<T>): Promise<T> {
  try {
    return await use();
  } catch (error) {
    if (isFailedCode(error)) request.countAsFailure();
    throw error;
  }
}
