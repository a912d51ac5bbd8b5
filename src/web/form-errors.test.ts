import { describe, expect, it } from 'vitest';
import {
  ConflictError,
  DomainError,
  ForbiddenError,
  NotFoundError,
  ValidationError,
} from '../shared/errors.js';
import { formErrorsOf, formErrorsOfIssues, formRefusalOf } from './form-errors.js';
import { coreMessages } from './i18n/core.messages.js';
import { I18n } from './i18n/i18n.js';

const i18n = new I18n([coreMessages]);
const nl = { t: i18n.translator('nl') };
const en = { t: i18n.translator('en') };

describe("a service's field issues become the form's errors", () => {
  it('translates each issue with its parameters, in the order given', () => {
    const error = new ValidationError([
      { field: 'name', message: 'errors.field.required' },
      { field: 'summary', message: 'errors.field.tooLong', params: { max: 1000 } },
    ]);
    expect(formErrorsOf(error, nl)).toEqual([
      { field: 'name', message: 'Vul dit veld in.' },
      { field: 'summary', message: 'Dit is te lang: gebruik hoogstens 1.000 tekens.' },
    ]);
    expect(formErrorsOf(error, en)[1]?.message).toBe('This is too long: use at most 1,000 characters.');
  });

  it('keeps one message per field, the first, so the summary and the field agree', () => {
    const errors = formErrorsOfIssues(
      [
        { field: 'roles', message: 'errors.field.required' },
        { field: 'roles', message: 'errors.field.tooLong', params: { max: 5 } },
      ],
      nl,
    );
    expect(errors).toEqual([{ field: 'roles', message: 'Vul dit veld in.' }]);
  });

  it('carries the status of the refusal', () => {
    const error = new ValidationError([{ field: 'email', message: 'errors.field.required' }]);
    expect(formRefusalOf(error, nl).status).toBe(400);
  });
});

describe('a refusal without field issues', () => {
  it('goes on to the error handler unless the page names the field it belongs to', () => {
    const error = new NotFoundError('errors.field.tooLong', { max: 1200 });
    expect(() => formErrorsOf(error, nl)).toThrow(error);
    expect(formRefusalOf(error, nl, { field: 'code' })).toEqual({
      errors: [{ field: 'code', message: 'Dit is te lang: gebruik hoogstens 1.200 tekens.' }],
      status: 404,
    });
    expect(formRefusalOf(new ConflictError('errors.notFound'), nl, { field: 'x' }).status).toBe(409);
  });

  it('never turns a permission, a sign-in or a rate limit into a form error', () => {
    for (const error of [
      new ForbiddenError(),
      new DomainError('unauthenticated', 'errors.forbidden'),
      new DomainError('rate_limited', 'errors.rateLimited', {}, [
        { field: 'code', message: 'errors.rateLimited' },
      ]),
    ]) {
      expect(() => formErrorsOf(error, nl, { field: 'code' })).toThrow(error);
    }
  });

  it('throws anything that is no DomainError on as it is', () => {
    const bug = new TypeError('a bug');
    expect(() => formErrorsOf(bug, nl, { field: 'code' })).toThrow(bug);
  });
});
