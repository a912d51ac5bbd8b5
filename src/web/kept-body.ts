import type { FastifyReply, FastifyRequest } from 'fastify';
import type { RevisionCache } from '../db/revisions.js';
import { appendVary, chooseEncoding, compressBody, MIN_COMPRESS_BYTES } from './plugins/compression.js';

/**
 * Sends a large public answer (an open-data file) kept as bytes: rendered once, and compressed
 * once per encoding, for as long as the cached values it is made from are the ones the cache
 * returns (`RevisionCache.derived`: `from`, first an object). A warm request renders and
 * compresses nothing. `variant` tells apart the files made from the same values; `render` must
 * depend on nothing but `from`. The compression plugin leaves an answer with its own
 * Content-Encoding alone, so the headers it would set are set here.
 */
export async function sendKeptBody(
  request: FastifyRequest,
  reply: FastifyReply,
  kept: {
    cache: RevisionCache;
    from: readonly [object, ...unknown[]];
    variant: string;
    render: () => string;
  },
): Promise<FastifyReply> {
  const { cache, from, variant } = kept;
  const plain = cache.derived(from, variant, () => Buffer.from(kept.render()));
  reply.header('vary', appendVary(reply.getHeader('vary')));
  const encoding = chooseEncoding(request.headers['accept-encoding']);
  if (!encoding || plain.length < MIN_COMPRESS_BYTES) return reply.send(plain);
  const compressed = await cache.derived(from, `${variant}:${encoding}`, () => compressBody(plain, encoding));
  return reply
    .header('content-encoding', encoding)
    .header('content-length', compressed.length)
    .send(compressed);
}
