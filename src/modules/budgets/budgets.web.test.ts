import type { FastifyRequest } from 'fastify';
import { describe, expect, it } from 'vitest';
import { asTyped } from './budgets.test-helpers.js';
import { CODE_RATE_LIMITS, DESK_RATE_LIMITS } from './budgets.web.js';
import { formatCode, generateCode } from './voucher-code.js';

describe('the limit per code counts one code however it is typed', () => {
  it.each([
    ['the resident’s pages and the API', CODE_RATE_LIMITS],
    ['the service desk', DESK_RATE_LIMITS],
  ] as const)('on %s', (_channel, rules) => {
    const rule = rules.find((r) => r.name === 'budget-code-uses');
    // A stand-in request: the rule reads only the parsed body.
    const keyOf = (code: string) => rule?.key({ body: { code } } as unknown as FastifyRequest);
    const code = generateCode();
    for (const typed of [formatCode(code), asTyped(code), ` ${code.toLowerCase()} `]) {
      expect(keyOf(typed)).toBe(code);
    }
    // A code that cannot be one counts nowhere here (the per-client limits still apply).
    expect(keyOf('nope')).toBeUndefined();
  });
});
