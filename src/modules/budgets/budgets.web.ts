import { byIp } from '../../web/plugins/rate-limit.js';

/**
 * Every route that takes a household code shares one budget per client: 30 tries per 10
 * minutes (a library or a care home behind one address still gets through a few letters).
 *
 * Why that is enough: a code has 11 random characters of 47 symbols (2^61.1 ≈ 2.5·10^18) and
 * a check character that a guesser can compute, so each well-formed guess hits one of the
 * N issued codes with chance N / 2.5·10^18. For all 8.2 million Dutch households at once that is
 * 1 in 3.0·10^11 guesses. At the limit (30 per 10 minutes = 1.58 million a year) one client
 * needs on average 3.0·10^11 / 1.58·10^6 ≈ 190,000 years for a single hit: far above the goal
 * of 100 years. Many clients together are seen by the global alarm on failed look-ups.
 */
export const CODE_RATE_LIMITS = [byIp('budget-code', 30, 600)] as const;
