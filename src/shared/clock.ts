/**
 * The current time, passed in rather than read from `new Date()`, so that tests can move time
 * forward (session timeouts, set-up link expiry, rate-limit windows) without waiting.
 */
export type Clock = () => Date;

/** The real clock. */
export const systemClock: Clock = () => new Date();
