import { promisify } from 'node:util';
import zlib from 'node:zlib';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';

const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);

/** Smaller bodies gain less than the header costs. */
export const MIN_COMPRESS_BYTES = 1024;

const COMPRESSIBLE = /^(text\/|application\/(json|javascript|xml|[a-z.+-]+\+(json|xml))|image\/svg\+xml)/;

/**
 * The encoding to answer with: Brotli when the client takes it, else gzip, else none. Follows
 * the `q` weights only as far as `q=0` refusing an encoding; browsers send no other weights.
 */
export function chooseEncoding(acceptEncoding: string | undefined): 'br' | 'gzip' | undefined {
  if (!acceptEncoding) return undefined;
  const accepted = new Set<string>();
  for (const part of acceptEncoding.toLowerCase().split(',')) {
    const [name = '', ...params] = part.split(';').map((s) => s.trim());
    const q = params.find((p) => p.startsWith('q='));
    if (q && Number(q.slice(2)) === 0) continue;
    accepted.add(name);
  }
  if (accepted.has('br')) return 'br';
  if (accepted.has('gzip') || accepted.has('*')) return 'gzip';
  return undefined;
}

/** Compresses a body as every answer made in memory is: Brotli at a fast level, or gzip. */
export function compressBody(body: Buffer, encoding: 'br' | 'gzip'): Promise<Buffer> {
  return encoding === 'br'
    ? brotli(body, {
        params: {
          [zlib.constants.BROTLI_PARAM_QUALITY]: 5,
          [zlib.constants.BROTLI_PARAM_SIZE_HINT]: body.length,
        },
      })
    : gzip(body, { level: 6 });
}

function compressible(reply: FastifyReply): boolean {
  const type = reply.getHeader('content-type');
  return typeof type === 'string' && COMPRESSIBLE.test(type) && !reply.hasHeader('content-encoding');
}

/**
 * Compresses pages and API answers made in memory (HTML, JSON, GeoJSON, CSV) with Brotli (at a
 * fast level) or gzip. Static assets are compressed once at build time instead, and streamed
 * answers (large exports) pass as they are.
 *
 * BREACH (guessing a secret from compressed sizes while reflecting chosen text into the same
 * page) does not apply to the CSRF token: every page gets it freshly masked (csrf.ts).
 */
export const compressionPlugin = fp(
  async (app: FastifyInstance) => {
    app.addHook('onSend', async (request: FastifyRequest, reply: FastifyReply, payload: unknown) => {
      if (!compressible(reply)) return payload;
      // Whatever the answer, it depends on Accept-Encoding: caches must keep them apart.
      reply.header('vary', appendVary(reply.getHeader('vary')));
      const encoding = chooseEncoding(request.headers['accept-encoding']);
      // Without an encoding the text goes out as it is: turned into bytes once, by the response.
      if (!encoding || reply.statusCode === 204 || reply.statusCode === 304) return payload;
      const body =
        typeof payload === 'string' ? Buffer.from(payload) : Buffer.isBuffer(payload) ? payload : undefined;
      if (!body) return payload;
      if (body.length < MIN_COMPRESS_BYTES) return body;
      const compressed = await compressBody(body, encoding);
      reply.header('content-encoding', encoding);
      reply.header('content-length', compressed.length);
      return compressed;
    });
  },
  { name: 'compression' },
);

/** `Vary` with Accept-Encoding added (once). */
export function appendVary(existing: unknown): string {
  const current =
    typeof existing === 'string' ? existing : Array.isArray(existing) ? existing.join(', ') : '';
  if (/(^|,)\s*accept-encoding\s*(,|$)/i.test(current)) return current;
  return current ? `${current}, Accept-Encoding` : 'Accept-Encoding';
}
