import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { NotFoundError } from '../../shared/errors.js';
import { problemResponses } from '../../web/problem.schema.js';
import type { IdentityContext } from './identity.context.js';
import { getOwnAccount } from './own-account.service.js';
import { signOutEverywhere } from './sign-in.service.js';
import { staffActingOf } from './identity.web.js';
import { ROLES } from '../../access/index.js';

const tags = ['account'];
const access = { permission: 'identity.account.self' } as const;

const accountSchema = z
  .object({
    id: z.uuid(),
    email: z.string(),
    displayName: z.string(),
    totpEnabled: z.boolean(),
    roles: z.array(
      z.object({ role: z.enum(ROLES), placeCode: z.string(), organisation: z.string().nullable() }),
    ),
  })
  .meta({ id: 'Account' });

/**
 * JSON routes under /api/v1/account for the signed-in member of staff (session cookie). A
 * state-changing call also needs the session's CSRF token in `X-CSRF-Token`.
 */
export async function registerIdentityApi(
  app: FastifyInstance,
  deps: { identity: IdentityContext },
): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get(
    '/api/v1/account',
    {
      config: { access },
      schema: {
        tags,
        summary: 'The signed-in staff member: name, address, roles',
        response: { 200: accountSchema, ...problemResponses(401) },
      },
    },
    async (request, reply) => {
      if (request.actor.kind !== 'staff') throw new NotFoundError();
      const account = await getOwnAccount(deps.identity, request.actor);
      reply.header('Cache-Control', 'no-store');
      return {
        id: account.id,
        email: account.email,
        displayName: account.displayName,
        totpEnabled: account.totpEnabled,
        roles: account.grants,
      };
    },
  );

  api.delete(
    '/api/v1/account/sessions',
    {
      config: { access },
      schema: {
        tags,
        summary: 'Sign out everywhere: ends every session of the signed-in staff member',
        response: { 204: z.null(), ...problemResponses(401, 403) },
      },
    },
    async (request, reply) => {
      await signOutEverywhere(deps.identity, staffActingOf(request));
      return reply.clearSessionCookie().status(204).send(null);
    },
  );
}
