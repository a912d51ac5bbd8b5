import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { pageContext, sendPage, type WebDeps } from '../../web/page.js';
import type { FragmentMemo } from '../../web/views/fragment.js';
import { displayName, normalizePlaceCode } from './place.js';
import { levelOfSegment, placeHref } from './place-urls.js';
import type { PlaceReads } from './places.reads.js';
import { AllMunicipalitiesPage, HomePage, SearchPage } from './views/home-page.js';
import { PlacePage } from './views/place-page.js';

/**
 * HTML routes of the places module: the home page (every module's tasks), search, every
 * gemeente, and a page per gemeente, wijk and buurt (with every module's section).
 */
export async function registerPlacesPages(
  app: FastifyInstance,
  deps: { reads: PlaceReads; web: WebDeps; cache: FragmentMemo },
): Promise<void> {
  const { reads, web, cache } = deps;
  const pages = app.withTypeProvider<ZodTypeProvider>();

  pages.get('/', { config: { access: 'public' }, schema: { hide: true } }, async (request, reply) => {
    const ctx = pageContext(request, reply, web);
    const [tasks, withMap] = await Promise.all([web.frontDoor.homeTasks(ctx), reads.municipalities(true)]);
    return sendPage(reply, HomePage({ ctx, tasks, withMap }));
  });

  pages.get(
    '/gemeenten',
    { config: { access: 'public' }, schema: { hide: true } },
    async (request, reply) => {
      const [all, withMap] = await Promise.all([reads.municipalities(), reads.municipalities(true)]);
      return sendPage(reply, AllMunicipalitiesPage({ ctx: pageContext(request, reply, web), withMap, all }));
    },
  );

  pages.get(
    '/zoeken',
    {
      config: { access: 'public' },
      schema: { hide: true, querystring: z.object({ q: z.string().optional() }) },
    },
    async (request, reply) => {
      const ctx = pageContext(request, reply, web);
      const query = (request.query.q ?? '').trim().slice(0, 100);
      if (query.length < 2) {
        return sendPage(
          reply,
          SearchPage({ ctx, query, results: [], error: ctx.t('places.search.tooShort') }),
          400,
        );
      }
      const results = await reads.search(query, 50);
      // One exact code or a single hit: go straight to that place.
      const exact = normalizePlaceCode(query);
      const direct = results.find((r) => r.code === exact) ?? (results.length === 1 ? results[0] : undefined);
      if (direct) return reply.redirect(placeHref(direct.code), 303);
      return sendPage(reply, SearchPage({ ctx, query, results }));
    },
  );

  pages.get(
    '/:segment/:code',
    {
      config: { access: 'public' },
      schema: {
        hide: true,
        params: z.object({ segment: z.enum(['gemeenten', 'wijken', 'buurten']), code: z.string().max(20) }),
      },
    },
    async (request, reply) => {
      const place = await reads.detail(request.params.code);
      if (levelOfSegment(request.params.segment) !== place.level || request.params.code !== place.code) {
        return reply.redirect(placeHref(place.code), 301);
      }
      const ctx = pageContext(request, reply, web);
      const [map, buurtCodes] = await Promise.all([reads.svgMap(place), reads.buurtCodesIn(place)]);
      const sections = await web.frontDoor.placeSections(
        {
          code: place.code,
          level: place.level,
          name: displayName(place),
          municipalityCode: place.municipalityCode,
          buurtCodes,
        },
        ctx,
      );
      return sendPage(reply, PlacePage({ ctx, place, map, sections, memo: cache }));
    },
  );
}
