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
 * A multipart form, fully read while the body is parsed: before the CSRF check, which needs
 * the `_csrf` field (a form cannot send a header). Over-limit files are kept as truncated
 * rather than failing the request, so the page can show the form again with what was typed.
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

/**
 * Adds a `multipart/form-data` parser to a Fastify scope (register it inside the module's own
 * plugin, so other routes keep refusing multipart). Broken multipart is a 400, never a 500.
 */
export function addMultipartParser(scope: FastifyInstance, limits: MultipartLimits): void {
  scope.addContentTypeParser('multipart/form-data', (request, payload, done) => {
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
    const fail = () => {
      if (finished) return;
      finished = true;
      payload.unpipe(parser);
      payload.resume();
      done(new DomainError('validation_failed', 'errors.badRequest'));
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
    parser.on('error', fail);
    parser.on('finish', () => {
      void Promise.all(pending).then(() => {
        if (finished) return;
        finished = true;
        done(null, new MultipartBody(fields, files, tooManyFiles));
      });
    });
    payload.on('error', fail);
    payload.pipe(parser);
  });
}

/** The multipart body of a request, or undefined when it was sent another way. */
export function multipartBodyOf(request: FastifyRequest): MultipartBody | undefined {
  return request.body instanceof MultipartBody ? request.body : undefined;
}
