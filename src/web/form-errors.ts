import { DomainError, type ErrorCode, type FieldIssue } from '../shared/errors.js';
import type { Translate } from './i18n/i18n.js';
import type { FormError } from './views/form.js';

/** Anything that speaks the page's language: the request, or the page's context. */
export interface Translates {
  t: Translate;
}

/**
 * Refusals that are never about what was typed, so never a form's error: who may act and how
 * often. The error handler gives them a page of their own (403, 401, 429).
 */
const NOT_ABOUT_THE_FORM: ReadonlySet<ErrorCode> = new Set(['forbidden', 'unauthenticated', 'rate_limited']);

/**
 * Field issues as a form shows them: translated in the page's language, in the order given,
 * one per field (the first one found), so the error summary and the field say the same.
 * `prefix` goes before each field's name, for a page with several forms (`tranche-amount`).
 */
export function formErrorsOfIssues(
  issues: readonly FieldIssue[],
  ctx: Translates,
  options: { prefix?: string } = {},
): FormError[] {
  const seen = new Set<string>();
  const prefix = options.prefix ?? '';
  return issues
    .filter((i) => (seen.has(i.field) ? false : (seen.add(i.field), true)))
    .map((i) => ({ field: `${prefix}${i.field}`, message: ctx.t(i.message, i.params) }));
}

/**
 * A service's refusal as the errors of the form that asked, to show the form again with each
 * message beside its field and in the error summary, with the refusal's status (400 for a
 * ValidationError, 404, 409, 422…):
 * - a DomainError with field issues (a ValidationError): its issues (`formErrorsOfIssues`);
 * - with `field`, any other refusal about the input (not found, conflict, unprocessable…): its
 *   message, on that field;
 * - anything else (no `field`, a permission, a rate limit, a bug) is thrown again, for the
 *   error handler's page.
 */
export function formRefusalOf(
  error: unknown,
  ctx: Translates,
  options: { field?: string } = {},
): { errors: FormError[]; status: number } {
  if (!(error instanceof DomainError) || NOT_ABOUT_THE_FORM.has(error.code)) throw error;
  if (error.issues.length > 0) return { errors: formErrorsOfIssues(error.issues, ctx), status: error.status };
  if (options.field === undefined) throw error;
  return {
    errors: [{ field: options.field, message: ctx.t(error.messageKey, error.params) }],
    status: error.status,
  };
}

/** `formRefusalOf`'s errors alone, for a page that answers every refusal of its form alike. */
export function formErrorsOf(error: unknown, ctx: Translates, options: { field?: string } = {}): FormError[] {
  return formRefusalOf(error, ctx, options).errors;
}
