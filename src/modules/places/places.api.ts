import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { problemResponses } from '../../web/problem.schema.js';
import type { Db } from '../../db/database.js';
import {
  boundaryFeatureSchema,
  featureCollectionSchema,
  listQuery,
  lookupQuery,
  lookupResultSchema,
  placeCodeParams,
  placeDetailSchema,
  placeListSchema,
  placeStatsSchema,
  statsQuery,
} from './places.schema.js';
import { readPlaceStats } from './places.stats.js';
import type { ModuleStat } from '../../web/front-door.js';
import type { Clock } from '../../shared/clock.js';
import { amsterdamDate } from '../../shared/dates.js';
import type { PlaceReads } from './places.reads.js';
import { lookupPoint, type PlaceIndex } from './places.service.js';

const tags = ['places'];
const GEOJSON = 'application/geo+json; charset=utf-8';

/** JSON routes under /api/v1/places: the same service as the pages. */
export async function registerPlacesApi(
  app: FastifyInstance,
  deps: { db: Db; index: PlaceIndex; reads: PlaceReads; stats: () => readonly ModuleStat[]; clock: Clock },
): Promise<void> {
  const { db, index, reads } = deps;
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get(
    '/api/v1/places',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'The gemeenten, or places at any level matching a search',
        querystring: listQuery,
        response: { 200: placeListSchema, ...problemResponses(400) },
      },
    },
    async (request, reply) => {
      const items = request.query.q ? await reads.search(request.query.q, 50) : await reads.municipalities();
      reply.header('Cache-Control', 'public, max-age=300');
      return { items };
    },
  );

  api.get(
    '/api/v1/places/lookup',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'The buurt, wijk and gemeente of a point (WGS84)',
        querystring: lookupQuery,
        response: { 200: lookupResultSchema, ...problemResponses(400, 404) },
      },
    },
    async (request) => lookupPoint(db, index, request.query.lat, request.query.lon),
  );

  api.get(
    '/api/v1/places/:code',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'One place with its parent, children and figures',
        params: placeCodeParams,
        response: { 200: placeDetailSchema, ...problemResponses(404) },
      },
    },
    async (request, reply) => {
      reply.header('Cache-Control', 'public, max-age=300');
      return reads.detail(request.params.code);
    },
  );

  api.get(
    '/api/v1/places/:code/stats',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'Every module’s figures for one place: CBS figures, initiatives, the household budget',
        params: placeCodeParams,
        querystring: statsQuery,
        response: { 200: placeStatsSchema, ...problemResponses(400, 404) },
      },
    },
    async (request, reply) => {
      const place = await reads.detail(request.params.code);
      const buurtCodes = await reads.buurtCodesIn(place);
      const year = request.query.year ?? Number(amsterdamDate(deps.clock()).slice(0, 4));
      // Each figure comes through its module's own revision cache; a minute in other caches.
      reply.header('Cache-Control', 'public, max-age=60');
      return readPlaceStats(
        {
          code: place.code,
          level: place.level,
          name: place.name,
          municipalityCode: place.municipalityCode,
          buurtCodes,
        },
        year,
        deps.stats(),
      );
    },
  );

  api.get(
    '/api/v1/places/:code/boundary.geojson',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: "A place's boundary as an RFC 7946 GeoJSON Feature",
        params: placeCodeParams,
        response: { 200: boundaryFeatureSchema, ...problemResponses(404) },
      },
    },
    async (request, reply) => {
      const feature = await reads.boundaryFeature(request.params.code);
      reply.type(GEOJSON).header('Cache-Control', 'public, max-age=3600');
      return feature;
    },
  );

  api.get(
    '/api/v1/places/:code/children.geojson',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary:
          "The boundaries of a place's children (wijken of a gemeente, buurten of a wijk) as a FeatureCollection",
        params: placeCodeParams,
        response: { 200: featureCollectionSchema, ...problemResponses(404) },
      },
    },
    async (request, reply) => {
      const collection = await reads.childFeatures(request.params.code);
      reply.type(GEOJSON).header('Cache-Control', 'public, max-age=3600');
      return collection;
    },
  );
}
