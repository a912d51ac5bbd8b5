import path from 'node:path';
import { z } from 'zod';

/** Default map tiles: PDOK BRT-Achtergrondkaart (standaard) in Web Mercator. */
const PDOK_BRT_TILES =
  'https://service.pdok.nl/brt/achtergrondkaart/wmts/v2_0/standaard/EPSG:3857/{z}/{x}/{y}.png';

const booleanFromEnv = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'use true or false' })
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const emptyAsUndefined = (v: unknown) => (v === '' ? undefined : v);

/** Every setting, read from the environment. `.env.example` lists the same ones. */
const envSchema = z.object({
  /** `production`, `development` or `test`. */
  NODE_ENV: z.enum(['production', 'development', 'test']).default('development'),
  /** TCP port the web server listens on. */
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /** Address to listen on; `0.0.0.0` to accept connections from other machines. */
  HOST: z.string().min(1).default('127.0.0.1'),
  /** Public base URL, used in links in mail, letters and feeds. */
  PUBLIC_URL: z.preprocess(emptyAsUndefined, z.url().optional()),
  /** PostgreSQL server (`postgres://user:pass@host:5432/db`). Unset: the embedded PGlite database. */
  DATABASE_URL: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
      .optional(),
  ),
  /** Connections per app process to the PostgreSQL server (ignored for PGlite). */
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  /** Folder of the embedded database and other local data. */
  BUURTKRACHT_DATA_DIR: z.string().min(1).default('./data'),
  /** Load the demo municipalities when the database is empty. */
  DEMO: z.preprocess(emptyAsUndefined, booleanFromEnv.default(true)),
  /** pino log level. */
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Map tile URL template for the enhanced map (`{z}/{x}/{y}`). Empty: no tiles, boundaries only. */
  MAP_TILE_URL: z.string().default(PDOK_BRT_TILES),
  /** Attribution shown with the map tiles. */
  MAP_TILE_ATTRIBUTION: z.string().default('Kaartgegevens © Kadaster (PDOK)'),
  /** Trust `X-Forwarded-*` headers from a reverse proxy / load balancer in front. */
  TRUST_PROXY: z.preprocess(emptyAsUndefined, booleanFromEnv.default(false)),
});

export interface Config {
  readonly env: 'production' | 'development' | 'test';
  readonly port: number;
  readonly host: string;
  readonly publicUrl: string;
  readonly databaseUrl: string | undefined;
  readonly databasePoolSize: number;
  readonly dataDir: string;
  readonly demo: boolean;
  readonly logLevel: string;
  readonly map: { readonly tileUrl: string; readonly tileAttribution: string };
  readonly trustProxy: boolean;
}

export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/**
 * Parses the whole environment once. Lists every problem (not only the first) in a ConfigError.
 * The result is frozen: nothing reads `process.env` after start-up.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => `${issue.path.join('.') || '(env)'}: ${issue.message}`),
    );
  }
  const e = parsed.data;
  if (e.MAP_TILE_URL !== '' && !/^https?:\/\/.+\{z\}.*\{x\}.*\{y\}/.test(e.MAP_TILE_URL)) {
    throw new ConfigError(['MAP_TILE_URL: must be an http(s) URL with {z}, {x} and {y}']);
  }
  const config: Config = {
    env: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    publicUrl: (e.PUBLIC_URL ?? `http://${e.HOST}:${e.PORT}`).replace(/\/$/, ''),
    databaseUrl: e.DATABASE_URL,
    databasePoolSize: e.DATABASE_POOL_SIZE,
    dataDir: path.resolve(e.BUURTKRACHT_DATA_DIR),
    demo: e.DEMO,
    logLevel: e.LOG_LEVEL,
    map: Object.freeze({ tileUrl: e.MAP_TILE_URL, tileAttribution: e.MAP_TILE_ATTRIBUTION }),
    trustProxy: e.TRUST_PROXY,
  };
  return Object.freeze(config);
}
