import type { FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { DomainError } from '../../shared/errors.js';
import { isApiRequest } from '../../web/plugins/error-handler.js';
import type { ActionContext } from './identity.service.js';
import type { SessionOrigin } from './session.service.js';

/** Who acts through this request, for services and the audit log. */
export function actionContextOf(request: FastifyRequest): ActionContext {
  return {
    actor: request.actor,
    channel: isApiRequest(request) ? 'api' : 'web',
    ip: request.ip,
    locale: request.locale,
  };
}

/** Where a new session comes from, shown on the account page. */
export function originOf(request: FastifyRequest): SessionOrigin {
  const agent = request.headers['user-agent'];
  return { ip: request.ip, userAgent: typeof agent === 'string' ? agent : null };
}

/** A posted form read through its schema; a body of the wrong shape (not a form) is a 400. */
export function parseForm<T extends z.ZodType>(schema: T, body: unknown): z.output<T> {
  const result = schema.safeParse(body ?? {});
  if (!result.success) throw new DomainError('validation_failed', 'errors.badRequest');
  return result.data;
}
