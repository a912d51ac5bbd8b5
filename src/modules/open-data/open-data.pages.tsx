import type { FastifyInstance } from 'fastify';
import { textsOf } from '../../web/front-door.js';
import { pageContext, sendPage, type WebDeps } from '../../web/page.js';
import { buildCatalogue, type CatalogueSite } from './catalogue.js';
import { openDataMessages } from './open-data.messages.js';
import { OpenDataPage, type ApiOperation } from './views/open-data-page.js';

const HTTP_METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

/** The operations an OpenAPI document lists, in its order. */
function operationsOf(document: unknown): ApiOperation[] {
  if (typeof document !== 'object' || document === null || !('paths' in document)) return [];
  const paths = document.paths;
  if (typeof paths !== 'object' || paths === null) return [];
  return Object.entries(paths).flatMap(([path, item]: [string, unknown]) =>
    HTTP_METHODS.flatMap((method) => {
      const operation: unknown =
        typeof item === 'object' && item !== null ? Reflect.get(item, method) : undefined;
      if (typeof operation !== 'object' || operation === null) return [];
      const summary: unknown = Reflect.get(operation, 'summary');
      return [{ method: method.toUpperCase(), path, summary: typeof summary === 'string' ? summary : '' }];
    }),
  );
}

/** /open-data (the catalogue for people) and /open-data/catalogus.jsonld (DCAT-AP, for portals). */
export async function registerOpenDataPages(
  app: FastifyInstance,
  deps: { web: WebDeps; publicUrl: string },
): Promise<void> {
  const { web, publicUrl } = deps;
  const text = textsOf(openDataMessages);
  const site: CatalogueSite = {
    publicUrl,
    title: text('openData.title'),
    description: text('openData.catalogue.description'),
    publisher: 'Buurtkracht',
    api: {
      title: text('openData.api.title'),
      description: text('openData.api.description'),
    },
  };

  app.get('/open-data', { config: { access: 'public' }, schema: { hide: true } }, async (request, reply) => {
    const datasets = await web.frontDoor.openData();
    const ctx = pageContext(request, reply, web);
    return sendPage(reply, OpenDataPage({ ctx, datasets, operations: operationsOf(app.swagger()) }));
  });

  app.get(
    '/open-data/catalogus.jsonld',
    { config: { access: 'public' }, schema: { hide: true } },
    async (_request, reply) => {
      const catalogue = buildCatalogue(site, await web.frontDoor.openData());
      return reply
        .type('application/ld+json; charset=utf-8')
        .header('Cache-Control', 'public, max-age=300')
        .send(JSON.stringify(catalogue));
    },
  );
}
