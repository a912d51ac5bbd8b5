/**
 * Domain errors with stable codes. Services throw these; one handler in `src/web/errors.ts`
 * maps them to a page (Dutch or English, plain language) or to `application/problem+json`.
 * A message key is looked up in the i18n catalogue; `params` fill its placeholders.
 */
export type ErrorCode =
  | 'not_found'
  | 'validation_failed'
  | 'conflict'
  | 'forbidden'
  | 'unauthenticated'
  | 'rate_limited'
  | 'too_large'
  | 'unprocessable'
  | 'unavailable';

const statusByCode: Record<ErrorCode, number> = {
  not_found: 404,
  validation_failed: 400,
  conflict: 409,
  forbidden: 403,
  unauthenticated: 401,
  rate_limited: 429,
  too_large: 413,
  unprocessable: 422,
  unavailable: 503,
};

/** One problem with one input field, shown beside that field on a page. */
export interface FieldIssue {
  /** Path of the field, e.g. `lat` or `lines.2.amount`. */
  field: string;
  /** Message key in the i18n catalogue. */
  message: string;
  params?: Record<string, string | number>;
}

export class DomainError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    /** Message key in the i18n catalogue (e.g. `errors.placeNotFound`). */
    readonly messageKey: string,
    readonly params: Record<string, string | number> = {},
    readonly issues: readonly FieldIssue[] = [],
  ) {
    super(`${code}: ${messageKey}`);
    this.name = 'DomainError';
    this.status = statusByCode[code];
  }
}

export class NotFoundError extends DomainError {
  constructor(messageKey = 'errors.notFound', params: Record<string, string | number> = {}) {
    super('not_found', messageKey, params);
  }
}

export class ValidationError extends DomainError {
  constructor(issues: readonly FieldIssue[], messageKey = 'errors.validation') {
    super('validation_failed', messageKey, {}, issues);
  }
}

export class ConflictError extends DomainError {
  constructor(messageKey: string, params: Record<string, string | number> = {}) {
    super('conflict', messageKey, params);
  }
}

export class ForbiddenError extends DomainError {
  constructor(messageKey = 'errors.forbidden') {
    super('forbidden', messageKey);
  }
}

export class UnprocessableError extends DomainError {
  constructor(messageKey: string, params: Record<string, string | number> = {}) {
    super('unprocessable', messageKey, params);
  }
}
