import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { ValidationError, type FieldIssue } from '../../shared/errors.js';
import { MultipartBody } from '../multipart.js';

const NUL = '\u0000';
/** `%00` in a path or query string: find-my-way and the query parser decode it to a NUL. */
const ENCODED_NUL = /%00/i;

/** The field a NUL was found in, as the error shows it. */
const nulIssue = (field: string): FieldIssue => ({ field, message: 'errors.field.nulByte' });

/**
 * Where a NUL character sits in a parsed body (a form, JSON, a multipart form's fields and file
 * names): the paths of the values (or keys) that hold one. Walks without recursion, so a deeply
 * nested JSON body cannot exhaust the stack; file contents are bytes, not text, and are left alone.
 */
export function findNulFields(body: unknown): string[] {
  const found: string[] = [];
  const pending: { path: string; value: unknown }[] = [];
  if (body instanceof MultipartBody) {
    // A name with a NUL in it is reported as the body's: the name itself cannot be shown.
    const add = (name: string, values: readonly string[]) =>
      pending.push(name.includes(NUL) ? { path: 'body', value: NUL } : { path: name, value: values });
    for (const [name, values] of body.fields) add(name, values);
    for (const file of body.files) add(file.field, [file.filename]);
  } else {
    pending.push({ path: '', value: body });
  }
  for (let item = pending.pop(); item !== undefined; item = pending.pop()) {
    const { path, value } = item;
    if (typeof value === 'string') {
      if (value.includes(NUL)) found.push(path || 'body');
    } else if (Array.isArray(value)) {
      // Repeated form fields and multipart values report the field's own name, not an index.
      value.forEach((v) => pending.push({ path, value: v }));
    } else if (value !== null && typeof value === 'object') {
      for (const [key, v] of Object.entries(value)) {
        const keyPath = path ? `${path}.${key}` : key;
        if (key.includes(NUL)) found.push(path || 'body');
        else pending.push({ path: keyPath, value: v });
      }
    }
  }
  return [...new Set(found)];
}

/**
 * Refuses a NUL character (U+0000) in any input, in one place, so no module can forget it:
 * PostgreSQL cannot store one in text and answers with an error, which became a 500
 * (`GET /initiatieven/%00`). Checked are the path and query string and every header value as
 * the request arrives (before the session or anything else reads them), and the parsed body —
 * form, JSON or multipart — before validation and CSRF. The answer is a 400: a page with a Dutch
 * message, or application/problem+json under /api, naming the fields.
 */
export const inputGuardPlugin = fp(
  async (app: FastifyInstance) => {
    app.addHook('onRequest', async (request) => {
      const issues: FieldIssue[] = [];
      const url = request.raw.url ?? '';
      const queryAt = url.indexOf('?');
      const path = queryAt === -1 ? url : url.slice(0, queryAt);
      const query = queryAt === -1 ? '' : url.slice(queryAt + 1);
      if (path.includes(NUL) || ENCODED_NUL.test(path)) issues.push(nulIssue('path'));
      if (query.includes(NUL) || ENCODED_NUL.test(query)) issues.push(nulIssue('query'));
      for (const [name, value] of Object.entries(request.headers)) {
        if ([value].flat().some((v) => v?.includes(NUL))) issues.push(nulIssue(`header.${name}`));
      }
      if (issues.length > 0) throw new ValidationError(issues, 'errors.nulByte');
    });

    app.addHook('preValidation', async (request) => {
      const fields = findNulFields(request.body);
      if (fields.length > 0) throw new ValidationError(fields.map(nulIssue), 'errors.nulByte');
    });
  },
  { name: 'input-guard' },
);
