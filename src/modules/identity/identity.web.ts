import type { FastifyRequest } from 'fastify';
import { NotFoundError } from '../../shared/errors.js';
import { isApiRequest } from '../../web/plugins/error-handler.js';
import { actingOf } from '../../web/page.js';
import type { StaffActing } from './identity.context.js';
import type { SessionOrigin } from './session.service.js';

/**
 * A signed-in member of staff acting through this request (`web` on pages, `api` on the JSON
 * API). The access plugin lets only staff reach the routes that ask; this narrows the type.
 */
export function staffActingOf(request: FastifyRequest): StaffActing {
  const { actor } = request;
  if (actor.kind !== 'staff') throw new NotFoundError();
  return { ...actingOf(request, isApiRequest(request) ? 'api' : 'web'), actor };
}

/** Where a new session comes from, shown on the account page. */
export function originOf(request: FastifyRequest): SessionOrigin {
  const agent = request.headers['user-agent'];
  return { ip: request.ip, userAgent: typeof agent === 'string' ? agent : null };
}
