import crypto from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Clock } from '../../shared/clock.js';
import { DomainError } from '../../shared/errors.js';
import { rateLimitClientOf } from '../client-address.js';
import { formFieldText } from '../form-fields.js';
import type { CounterHit, RateLimitStore } from '../rate-limit-store.js';
import type { RateLimitRule } from '../types.js';

/**
 * Counts per client: its IP address (from the trusted proxies' `X-Forwarded-For`, see
 * TRUST_PROXY), an IPv6 client by its /64 (`rateLimitClientOf`).
 */
export function byIp(name: string, max: number, windowSeconds: number): RateLimitRule {
  return { name, max, windowSeconds, key: (request) => rateLimitClientOf(request.ip) };
}

/**
 * Counts per value of a single-valued form or JSON field (an e-mail address: attempts on one
 * account from many addresses). The field is read as the form schemas read it (`formFieldText`:
 * the first value when it came twice) and keyed by `normalise`, the function the handler applies
 * to it too (`normalizeEmail`: `A@x.nl` and ` a@x.nl` count together), so the limit counts
 * exactly the value the handler acts on. No value (or `normalise` gives '' or undefined): the
 * rule does not apply, and the handler must refuse such a request without acting on it.
 */
export function byField(
  name: string,
  field: string,
  max: number,
  windowSeconds: number,
  normalise: (value: string) => string | undefined,
): RateLimitRule {
  return {
    name,
    max,
    windowSeconds,
    key(request) {
      const value = formFieldText(request.body, field);
      const key = value === undefined ? undefined : normalise(value);
      return key === '' ? undefined : key;
    },
  };
}

/**
 * The same rule, counting only attempts the handler reports as failed with
 * `request.countAsFailure()` (a household code that is wrong, not one that is right). A client at
 * the limit is refused before the handler runs. Every attempt is counted when it starts and given
 * back when it ends without a reported failure, so attempts running at the same time can never
 * pass the limit together.
 */
export function failuresOnly(rule: RateLimitRule): RateLimitRule {
  return { ...rule, counts: 'failures' };
}

/** Counts per signed-in staff account or per pending sign-in (TOTP code entry). */
export function byAccount(name: string, max: number, windowSeconds: number): RateLimitRule {
  return {
    name,
    max,
    windowSeconds,
    key: (request: FastifyRequest) =>
      request.actor.kind === 'staff' ? request.actor.accountId : request.staffSession?.accountId,
  };
}

export interface RateLimitPluginOptions {
  store: RateLimitStore;
  clock: Clock;
  /** Keys are stored as HMACs: the table holds no e-mail or IP addresses. */
  secretKey: string;
}

/**
 * Enforces the `config.rateLimit` rules a route declares, after the body is parsed (so a rule
 * can count per e-mail address) and before the handler. Fixed windows; every rule of the
 * request is counted in one statement. Over a limit: 429 with `Retry-After`, as a page or as
 * problem+json. Rules counting failures (`failuresOnly`) give their count back when the response
 * goes out without `request.countAsFailure()`.
 */
export const rateLimitPlugin = fp(
  async (app: FastifyInstance, options: RateLimitPluginOptions) => {
    const keyOf = (rule: RateLimitRule, value: string) =>
      `${rule.name}:${crypto.createHmac('sha256', options.secretKey).update(`rate|${value}`).digest('base64url')}`;
    /** The counts of failure rules a request holds until its response shows whether it failed. */
    const held = new WeakMap<FastifyRequest, CounterHit[]>();
    const failed = new WeakSet<FastifyRequest>();

    app.decorateRequest('countAsFailure', function (this: FastifyRequest) {
      failed.add(this);
    });

    app.addHook('preHandler', async (request, reply) => {
      const rules = request.routeOptions.config.rateLimit;
      if (!rules || rules.length === 0) return;
      const now = options.clock();
      const applicable = rules.flatMap((rule) => {
        const value = rule.key(request);
        if (value === undefined) return [];
        const windowMs = rule.windowSeconds * 1000;
        const start = Math.floor(now.getTime() / windowMs) * windowMs;
        return [
          {
            rule,
            key: keyOf(rule, value),
            windowStart: new Date(start),
            expiresAt: new Date(start + windowMs),
          },
        ];
      });
      const totals = await options.store.hit(applicable, now);
      const failureCounts = applicable.filter((hit) => hit.rule.counts === 'failures');
      let retryAfter = 0;
      applicable.forEach((hit, i) => {
        if ((totals[i] ?? 0) > hit.rule.max) {
          retryAfter = Math.max(retryAfter, Math.ceil((hit.expiresAt.getTime() - now.getTime()) / 1000));
        }
      });
      if (retryAfter > 0) {
        // A refused attempt tried nothing: it is no failure.
        await options.store.giveBack(failureCounts);
        request.log.info({ rules: applicable.map((h) => h.rule.name), retryAfter }, 'rate limited');
        reply.header('Retry-After', String(Math.max(1, retryAfter)));
        throw new DomainError('rate_limited', 'errors.rateLimited');
      }
      if (failureCounts.length > 0) held.set(request, failureCounts);
    });

    // onSend, not onResponse: the count is settled before the client sees the answer, so its
    // next attempt finds it (also in tests, whose inject resolves at the answer).
    app.addHook('onSend', async (request, _reply, payload) => {
      const counts = held.get(request);
      if (counts) {
        held.delete(request);
        if (!failed.has(request)) await options.store.giveBack(counts);
      }
      return payload;
    });
  },
  { name: 'rate-limit' },
);
