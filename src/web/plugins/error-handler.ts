import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { DomainError, type ErrorCode, type FieldIssue } from '../../shared/errors.js';
import { pageContext, sendPage, type WebDeps } from '../page.js';
import { ErrorPage } from '../views/error-page.js';

/** An RFC 9457 problem document. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  code: ErrorCode | 'bad_request' | 'internal';
  errors?: { field: string; message: string }[];
}

const problemType = (code: string) => `tag:buurtkracht,2026:problem/${code}`;

/** The JSON API, the health check and Open311 (whose clients authenticate by key, never by cookie). */
export function isApiRequest(request: FastifyRequest): boolean {
  return request.url.startsWith('/api/') || request.url === '/health' || request.url.startsWith('/open311/');
}

interface Mapped {
  status: number;
  code: Problem['code'];
  titleKey: string;
  detailKey?: string;
  params?: Record<string, string | number>;
  issues?: readonly FieldIssue[];
}

const titleKeyByStatus: Record<number, string> = {
  400: 'errors.badRequest',
  401: 'errors.unauthenticated',
  403: 'errors.forbidden',
  404: 'errors.notFoundShort',
  413: 'errors.tooLarge',
  429: 'errors.rateLimited',
  503: 'errors.unavailable',
};

function mapError(error: unknown): Mapped {
  if (error instanceof DomainError) {
    return {
      status: error.status,
      code: error.code,
      titleKey: titleKeyByStatus[error.status] ?? 'errors.title',
      detailKey: error.messageKey,
      params: error.params,
      issues: error.issues,
    };
  }
  if (hasZodFastifySchemaValidationErrors(error)) {
    return {
      status: 400,
      code: 'validation_failed',
      titleKey: 'errors.validation',
      issues: error.validation.map((v) => ({
        field:
          v.instancePath.replace(/^\//, '').replace(/\//g, '.') || String(error.validationContext ?? 'body'),
        message: v.message?.startsWith('errors.') ? v.message : 'errors.field.invalid',
      })),
    };
  }
  const fe = error as Partial<FastifyError>;
  const status = typeof fe.statusCode === 'number' ? fe.statusCode : 500;
  if (status === 429) return { status, code: 'rate_limited', titleKey: 'errors.rateLimited' };
  if (status >= 400 && status < 500) {
    return {
      status,
      code: status === 404 ? 'not_found' : 'bad_request',
      titleKey: titleKeyByStatus[status] ?? 'errors.badRequest',
    };
  }
  return { status: 500, code: 'internal', titleKey: 'errors.title', detailKey: 'errors.internal' };
}

export function sendProblem(request: FastifyRequest, reply: FastifyReply, mapped: Mapped): FastifyReply {
  const { t } = request;
  const problem: Problem = {
    type: problemType(mapped.code),
    title: t(mapped.titleKey, mapped.params),
    status: mapped.status,
    code: mapped.code,
  };
  if (mapped.detailKey) problem.detail = t(mapped.detailKey, mapped.params);
  if (mapped.issues && mapped.issues.length > 0) {
    problem.errors = mapped.issues.map((i) => ({ field: i.field, message: t(i.message, i.params) }));
  }
  return reply
    .status(mapped.status)
    .type('application/problem+json; charset=utf-8')
    .send(JSON.stringify(problem));
}

/**
 * One place where errors become responses: `application/problem+json` under /api (in the
 * language of Accept-Language), an HTML page elsewhere. Unexpected errors are logged and
 * shown as a plain 500 without details.
 */
export const errorHandlerPlugin = fp(
  async (app: FastifyInstance, deps: WebDeps) => {
    app.setErrorHandler((error, request, reply) => {
      const mapped = mapError(error);
      if (mapped.status >= 500) request.log.error({ err: error }, 'request failed');
      else request.log.info({ code: mapped.code, status: mapped.status }, 'request refused');
      if (isApiRequest(request)) return sendProblem(request, reply, mapped);
      const { t } = request;
      const title = t(mapped.titleKey, mapped.params);
      const issues = (mapped.issues ?? []).map((i) => `${i.field}: ${t(i.message, i.params)}`).join(' ');
      const message = mapped.detailKey ? t(mapped.detailKey, mapped.params) : issues || title;
      return sendPage(
        reply,
        ErrorPage({ ctx: pageContext(request, reply, deps), status: mapped.status, title, message }),
        mapped.status,
      );
    });

    app.setNotFoundHandler((request, reply) => {
      if (isApiRequest(request)) {
        return sendProblem(request, reply, {
          status: 404,
          code: 'not_found',
          titleKey: 'errors.notFoundShort',
          detailKey: 'errors.notFound',
        });
      }
      const { t } = request;
      return sendPage(
        reply,
        ErrorPage({
          ctx: pageContext(request, reply, deps),
          status: 404,
          title: t('errors.notFoundTitle'),
          message: t('errors.notFound'),
          help: t('errors.notFoundHelp'),
        }),
        404,
      );
    });
  },
  { name: 'error-handler' },
);
