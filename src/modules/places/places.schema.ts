import { z } from 'zod';

/** A CBS code in a path; normalised and checked by the service, so typos get a clear 404. */
export const placeCodeParams = z.object({
  code: z.string().min(1).max(20).describe('CBS code, e.g. GM0637, WK063701 or BU06370101'),
});

export const lookupQuery = z.object({
  lat: z.coerce
    .number({ error: 'errors.latitude' })
    .min(-90, { error: 'errors.latitude' })
    .max(90, { error: 'errors.latitude' })
    .describe('Latitude, WGS84'),
  lon: z.coerce
    .number({ error: 'errors.longitude' })
    .min(-180, { error: 'errors.longitude' })
    .max(180, { error: 'errors.longitude' })
    .describe('Longitude, WGS84'),
});

export const listQuery = z.object({
  q: z
    .string()
    .max(100)
    .optional()
    .describe('Search all levels by name or code instead of listing gemeenten'),
});

export const placeLevelSchema = z.enum(['gemeente', 'wijk', 'buurt']);

export const placeSchema = z
  .object({
    code: z.string(),
    level: placeLevelSchema,
    name: z.string().nullable().describe('Null where CBS gives no name; show the code then'),
    parentCode: z.string().nullable(),
    municipalityCode: z.string(),
    households: z.number().int().nullable(),
    inhabitants: z.number().int().nullable(),
    year: z.number().int(),
    hasBoundary: z.boolean(),
  })
  .meta({ id: 'Place' });

export const placeDetailSchema = placeSchema
  .extend({
    parent: placeSchema.nullable(),
    municipality: placeSchema,
    children: z.array(placeSchema),
  })
  .meta({ id: 'PlaceDetail' });

export const placeListSchema = z.object({ items: z.array(placeSchema) });

export const lookupResultSchema = z
  .object({ buurt: placeSchema, wijk: placeSchema, gemeente: placeSchema })
  .meta({ id: 'PlaceLookup' });

const position = z.tuple([z.number(), z.number()]);
export const geometrySchema = z.union([
  z.object({ type: z.literal('Polygon'), coordinates: z.array(z.array(position)) }),
  z.object({ type: z.literal('MultiPolygon'), coordinates: z.array(z.array(z.array(position))) }),
]);

export const boundaryFeatureSchema = z
  .object({
    type: z.literal('Feature'),
    id: z.string(),
    properties: z.object({
      code: z.string(),
      name: z.string().nullable(),
      level: z.string(),
      households: z.number().int().nullable(),
      inhabitants: z.number().int().nullable(),
      year: z.number().int(),
    }),
    geometry: geometrySchema,
  })
  .meta({ id: 'BoundaryFeature' });

export const featureCollectionSchema = z.object({
  type: z.literal('FeatureCollection'),
  features: z.array(boundaryFeatureSchema),
});

export const statsQuery = z.object({
  year: z.coerce
    .number({ error: 'errors.year' })
    .int({ error: 'errors.year' })
    .min(2000, { error: 'errors.year' })
    .max(2100, { error: 'errors.year' })
    .optional()
    .describe('The calendar year of the figures that cover a year; this year (Amsterdam time) when left out'),
});

const localizedTextSchema = z.object({ nl: z.string(), en: z.string() });

export const placeStatsSchema = z
  .object({
    place: z.object({ code: z.string(), level: placeLevelSchema, name: z.string().nullable() }),
    year: z.number().int(),
    modules: z.array(
      z.object({
        module: z.string().describe('The module that offers these figures'),
        stats: z.array(
          z.object({
            name: z.string().describe('`<module>.<what>`, stable'),
            description: localizedTextSchema,
            unit: z.enum(['count', 'euro_cents']),
            period: z
              .enum(['year', 'now'])
              .describe('`year`: over the year asked for; `now`: as it stands today'),
            value: z
              .number()
              .nullable()
              .describe('Null when not known (CBS keeps it secret; no budget that year)'),
          }),
        ),
      }),
    ),
  })
  .meta({ id: 'PlaceStats' });
export type PlaceStats = z.infer<typeof placeStatsSchema>;
