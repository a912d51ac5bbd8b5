import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../../db/database.js';
import { findUploadForActor, type UploadOwner } from './uploads.service.js';

/** `/uploads/<id>`: one stored file, for whoever its owner lets see it. */
export async function registerUploadPages(
  app: FastifyInstance,
  deps: { db: Db; owners: () => readonly UploadOwner[] },
): Promise<void> {
  app
    .withTypeProvider<ZodTypeProvider>()
    .get(
      '/uploads/:id',
      { config: { access: 'public' }, schema: { hide: true, params: z.object({ id: z.string().max(40) }) } },
      async (request, reply) => {
        const upload = await findUploadForActor(deps.db, deps.owners(), request.actor, request.params.id);
        return (
          reply
            .type(upload.mime)
            .header('X-Content-Type-Options', 'nosniff')
            // Uploads never change: a public one may be cached for a year. A private one is kept by no
            // cache at all, not even the browser's: desk computers are shared, and the next person
            // there must not find a resident's photo after the session ended.
            .header(
              'Cache-Control',
              upload.isPublic ? 'public, max-age=31536000, immutable' : 'private, no-store',
            )
            .send(upload.bytes)
        );
      },
    );
}
