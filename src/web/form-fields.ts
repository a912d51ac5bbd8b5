import { z } from 'zod';
import { DomainError } from '../shared/errors.js';

/**
 * The value of a single-valued form field. A field sent twice (`email=a&email=b`) arrives as a
 * list; its first value counts. Rate limits (`byField`) and form schemas (`formText`) both read
 * fields through this, so a limit always counts exactly the value the handler uses.
 */
export function firstFormValue(value: unknown): unknown {
  return Array.isArray(value) ? value[0] : value;
}

/** A body's single-valued field as text, read as `formText` reads it; undefined when missing or not text. */
export function formFieldText(body: unknown, field: string): string | undefined {
  const value =
    body !== null && typeof body === 'object' ? firstFormValue(Reflect.get(body, field)) : undefined;
  return typeof value === 'string' ? value : undefined;
}

/** A single-valued form field as text: the first value when the field came twice, '' when missing. */
export const formText = z.preprocess(firstFormValue, z.string().optional()).transform((v) => v ?? '');

/**
 * A posted form read through its schema (made of `formText` and the like, so a missing field is
 * '' and the service's own checks word the problem beside it). A body of the wrong shape — not
 * a form at all — is a 400.
 */
export function parseForm<T extends z.ZodType>(schema: T, body: unknown): z.output<T> {
  const result = schema.safeParse(body ?? {});
  if (!result.success) throw new DomainError('validation_failed', 'errors.badRequest');
  return result.data;
}
