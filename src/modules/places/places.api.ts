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
} from './places.schema.js';
import type { PlaceReads } from './places.reads.js';
import { lookupPoint, type PlaceIndex } from './places.service.js';

const tags = ['places'];
const GEOJSON = 'application/geo+json; charset=utf-8';

/** JSON routes under /api/v1/places: the same service as the pages. */
export async function registerPlacesApi(
  app: FastifyInstance,
  deps: { db: Db; index: PlaceIndex; reads: PlaceReads },
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
