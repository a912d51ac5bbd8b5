import { Busboy, type BusboyInstance } from '@fastify/busboy';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { DomainError } from '../shared/errors.js';
import { CSRF_FIELD } from './views/form.js';

/** One uploaded file, read into memory. `truncated`: it was larger than the limit (and cut off). */
export interface UploadedFile {
  field: string;
  filename: string;
  data: Buffer;
  truncated: boolean;
}

/**
 * A multipart form, fully read while the body is parsed: before the CSRF token check, which
 * needs the `_csrf` field (a form cannot send a header). The CSRF plugin has already refused a
 * request that cannot carry a valid token (no CSRF cookie, no session) before the body is read.
 * Over-limit files are kept as truncated rather than failing the request, so the page can show
 * the form again with what was typed.
 */
export class MultipartBody {
  readonly [CSRF_FIELD]: string | undefined;
  constructor(
    readonly fields: ReadonlyMap<string, readonly string[]>,
    readonly files: readonly UploadedFile[],
    /** More files were sent than allowed; the extra ones were dropped. */
    readonly tooManyFiles: boolean,
  ) {
    this[CSRF_FIELD] = fields.get(CSRF_FIELD)?.[0];
  }
}

export interface MultipartLimits {
  fileSize: number;
  files: number;
  fields: number;
  fieldSize: number;
}

/** Room for the part headers and boundaries around the files and fields. */
const ENVELOPE_BYTES = 64 * 1024;

/**
 * The most a multipart body may hold in all: every file and field at its limit, and the
 * envelope. A body over this is refused (413) rather than read to its end.
 */
export function maxMultipartBytes(limits: MultipartLimits): number {
  return limits.files * limits.fileSize + limits.fields * limits.fieldSize + ENVELOPE_BYTES;
}

/** The 413 of a body larger than the limit, with the limit in whole MB for the message. */
function tooLargeError(maxBytes: number): DomainError {
  return new DomainError('too_large', 'errors.uploadTooLarge', {
    max: Math.floor(maxBytes / (1024 * 1024)),
  });
}

/**
 * Adds a `multipart/form-data` parser to a Fastify scope (register it inside the module's own
 * plugin, so other routes keep refusing multipart). Broken multipart is a 400, never a 500.
 *
 * A body larger than `maxMultipartBytes(limits)` is a 413: at once when its Content-Length says
 * so (nothing is read), else as soon as the bytes read pass the limit (a chunked body has no
 * length). Fastify then answers and closes the connection (it does after every parser error);
 * what still arrives until then is read and dropped, never kept.
 */
export function addMultipartParser(scope: FastifyInstance, limits: MultipartLimits): void {
  const maxBytes = maxMultipartBytes(limits);
  scope.addContentTypeParser('multipart/form-data', (request, payload, done) => {
    const declared = Number(request.headers['content-length']);
    if (Number.isFinite(declared) && declared > maxBytes) {
      done(tooLargeError(maxBytes));
      return;
    }
    const contentType = request.headers['content-type'] ?? '';
    let parser: BusboyInstance;
    try {
      parser = new Busboy({
        headers: { ...request.headers, 'content-type': contentType },
        limits: { ...limits, parts: limits.files + limits.fields, fieldNameSize: 100 },
      });
    } catch {
      done(new DomainError('validation_failed', 'errors.badRequest'));
      return;
    }
    const fields = new Map<string, string[]>();
    const files: UploadedFile[] = [];
    const pending: Promise<void>[] = [];
    let tooManyFiles = false;
    let finished = false;
    let received = 0;
    const fail = (error: DomainError) => {
      if (finished) return;
      finished = true;
      payload.unpipe(parser);
      payload.removeListener('data', count);
      payload.resume();
      done(error);
    };
    const badRequest = () => fail(new DomainError('validation_failed', 'errors.badRequest'));
    const count = (chunk: Buffer) => {
      received += chunk.length;
      if (received > maxBytes) fail(tooLargeError(maxBytes));
    };

    parser.on('field', (name, value) => {
      const list = fields.get(name) ?? [];
      list.push(value);
      fields.set(name, list);
    });
    parser.on('file', (field, stream, filename) => {
      const chunks: Buffer[] = [];
      pending.push(
        new Promise<void>((resolve) => {
          stream.on('data', (chunk: Buffer) => chunks.push(chunk));
          stream.on('error', () => resolve());
          stream.on('end', () => {
            // An empty file input still sends a part without a name: skip it.
            if (filename || chunks.length > 0) {
              files.push({
                field,
                filename: filename ?? '',
                data: Buffer.concat(chunks),
                truncated: stream.truncated,
              });
            }
            resolve();
          });
        }),
      );
    });
    parser.on('filesLimit', () => {
      tooManyFiles = true;
    });
    parser.on('error', badRequest);
    parser.on('finish', () => {
      void Promise.all(pending).then(() => {
        if (finished) return;
        finished = true;
        done(null, new MultipartBody(fields, files, tooManyFiles));
      });
    });
    payload.on('error', badRequest);
    payload.on('data', count);
    payload.pipe(parser);
  });
}

/** The multipart body of a request, or undefined when it was sent another way. */
export function multipartBodyOf(request: FastifyRequest): MultipartBody | undefined {
  return request.body instanceof MultipartBody ? request.body : undefined;
}

/**
 * A posted form's text fields as name → values, whether it came urlencoded or as multipart
 * (a form with a file). Values that are not text (a parser's objects) are left out.
 */
export function formFieldsOf(request: FastifyRequest): Map<string, string[]> {
  const fields = new Map<string, string[]>();
  const multipart = multipartBodyOf(request);
  if (multipart) {
    for (const [k, v] of multipart.fields) fields.set(k, [...v]);
  } else if (request.body !== null && typeof request.body === 'object') {
    for (const [k, v] of Object.entries(request.body)) {
      if (typeof v === 'string') fields.set(k, [v]);
      else if (Array.isArray(v))
        fields.set(
          k,
          v.filter((x): x is string => typeof x === 'string'),
        );
    }
  }
  return fields;
}
