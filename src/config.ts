import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
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
  /**
   * Household-budget pledge batches one app process sends ahead on its pipelined connection to a
   * PostgreSQL server (one more than the pool's) before the first is answered.
   */
  PLEDGE_BATCHES_IN_FLIGHT: z.coerce.number().int().min(1).max(50).default(2),
  /** Folder of the embedded database and other local data. */
  BUURTKRACHT_DATA_DIR: z.string().min(1).default('./data'),
  /**
   * Load the demo (places, initiatives, household budget, staff accounts) when the database has
   * none. Default: on, except in production. In production DEMO=true loads the demo data
   * without the demo staff accounts (their password is published) and without demo letters
   * (their codes would go into the log).
   */
  DEMO: z.preprocess(emptyAsUndefined, booleanFromEnv.optional()),
  /** pino log level. */
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Map tile URL template for the enhanced map (`{z}/{x}/{y}`). Empty: no tiles, boundaries only. */
  MAP_TILE_URL: z.string().default(PDOK_BRT_TILES),
  /** Attribution shown with the map tiles. */
  MAP_TILE_ATTRIBUTION: z.string().default('Kaartgegevens © Kadaster (PDOK)'),
  /**
   * The reverse proxies / load balancers in front, whose `X-Forwarded-*` headers are trusted: a
   * comma-separated list of addresses and CIDR ranges (`10.0.0.5,10.1.0.0/16`, `loopback`), or
   * `false` (the default: the connection's own address is the client's).
   */
  TRUST_PROXY: z.preprocess(emptyAsUndefined, z.string().optional()).transform((value, ctx) => {
    const parsed = trustedProxiesOf(value);
    if ('problem' in parsed) {
      ctx.addIssue({ code: 'custom', message: parsed.problem });
      return z.NEVER;
    }
    return parsed.proxies;
  }),
  /**
   * Mail server (`smtp://user:pass@host:587` with STARTTLS, `smtps://user:pass@host:465` with TLS;
   * percent-encode special characters in the password). Unset: mail is written as `.eml` files
   * into `<BUURTKRACHT_DATA_DIR>/mail/` instead of being sent.
   */
  SMTP_URL: z.preprocess(
    emptyAsUndefined,
    z.url({ protocol: /^smtps?$/, message: 'must be an smtp:// or smtps:// URL' }).optional(),
  ),
  /** Sender of every message, `Name <address>` or an address; required with SMTP_URL. */
  MAIL_FROM: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .regex(/^([^<>]*<[^\s<>@]+@[^\s<>@]+>|[^\s<>@]+@[^\s<>@]+)$/, 'must be an address or Name <address>')
      .optional(),
  ),
  /**
   * Server secret for signed values (CSRF tokens of visitors, sealed TOTP secrets, rate-limit
   * keys, the letters' codes): at least 32 random characters, e.g. `openssl rand -base64 48`.
   * Required in production. Every app process and CLI command on one database must have the
   * same key: the database records its fingerprint, and one with another key refuses to start.
   * Elsewhere generated once into `<data dir>/secret.key` when unset.
   */
  SECRET_KEY: z.preprocess(emptyAsUndefined, z.string().min(32, 'use at least 32 characters').optional()),
  /** Minutes without a request after which a staff session ends. */
  SESSION_IDLE_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(30),
  /** Working days within which a coach takes a new initiative in (the desk's service level). */
  INITIATIVE_INTAKE_WORKING_DAYS: z.coerce.number().int().min(1).max(60).default(5),
  /**
   * Days after a report is closed that its reporter's and supporters' contact details are erased
   * (the nightly retention of the personal data register); the report itself stays five years.
   */
  REPORT_CONTACT_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(365),
  /**
   * Staff sign-in through an OpenID Connect provider (the organisation's Entra ID, Keycloak …):
   * its issuer URL (https), as discovery starts from `<issuer>/.well-known/openid-configuration`.
   * Set with OIDC_CLIENT_ID and OIDC_CLIENT_SECRET, or leave all three empty.
   */
  OIDC_ISSUER: z.preprocess(emptyAsUndefined, z.url().optional()),
  /** The client id this app has at the OpenID Connect provider. */
  OIDC_CLIENT_ID: z.preprocess(emptyAsUndefined, z.string().optional()),
  /** The client secret that goes with OIDC_CLIENT_ID. */
  OIDC_CLIENT_SECRET: z.preprocess(emptyAsUndefined, z.string().optional()),
  /** The ID token or userinfo claim holding the e-mail address of the staff account (`email`, `upn` …). */
  OIDC_EMAIL_CLAIM: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .regex(/^[\w:.-]+$/)
      .default('email'),
  ),
  /** Text of the sign-in button for the provider; empty for "Inloggen met uw organisatieaccount". */
  OIDC_LABEL: z.preprocess(emptyAsUndefined, z.string().max(80).optional()),
  /** Hours after sign-in after which a staff session ends, however active. */
  SESSION_ABSOLUTE_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(7 * 24)
    .default(12),
});

export interface Config {
  readonly env: 'production' | 'development' | 'test';
  readonly port: number;
  readonly host: string;
  readonly publicUrl: string;
  readonly databaseUrl: string | undefined;
  readonly databasePoolSize: number;
  /** Household-budget pledge batches one app process sends ahead to a PostgreSQL server. */
  readonly pledgeBatchesInFlight: number;
  readonly dataDir: string;
  readonly demo: boolean;
  readonly logLevel: string;
  readonly map: { readonly tileUrl: string; readonly tileAttribution: string };
  /** The proxies whose `X-Forwarded-For` entries are trusted (addresses, CIDR ranges); false: none. */
  readonly trustProxy: false | readonly string[];
  readonly mail: { readonly smtpUrl: string | undefined; readonly from: string };
  /** SECRET_KEY, or the one kept in the data folder outside production. */
  readonly secretKey: string;
  /** The file the key came from when SECRET_KEY is unset (`<data dir>/secret.key`), for messages. */
  readonly secretKeyFile: string | undefined;
  readonly session: { readonly idleMinutes: number; readonly absoluteHours: number };
  readonly initiatives: { readonly intakeWorkingDays: number };
  readonly reports: { readonly contactRetentionDays: number };
  /** Staff sign-in through OpenID Connect; undefined when not configured. */
  readonly oidc: OidcConfig | undefined;
}

export interface OidcConfig {
  readonly issuer: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly emailClaim: string;
  readonly label: string | undefined;
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
  if (e.NODE_ENV === 'production' && !e.SECRET_KEY) {
    // A generated key would differ per process and per server; a fixed one would be public.
    throw new ConfigError([
      'SECRET_KEY: required in production; set the same random value (openssl rand -base64 48) for every app process',
    ]);
  }
  const dataDir = path.resolve(e.BUURTKRACHT_DATA_DIR);
  if (e.SMTP_URL && !e.MAIL_FROM) {
    // A made-up sender on a real mail server gets mail rejected or marked as spam.
    throw new ConfigError(['MAIL_FROM: required when SMTP_URL is set']);
  }
  const oidc = oidcConfig(e);
  const config: Config = {
    env: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    publicUrl: (e.PUBLIC_URL ?? `http://${e.HOST}:${e.PORT}`).replace(/\/$/, ''),
    databaseUrl: e.DATABASE_URL,
    databasePoolSize: e.DATABASE_POOL_SIZE,
    pledgeBatchesInFlight: e.PLEDGE_BATCHES_IN_FLIGHT,
    dataDir,
    // Production never gets the demo by accident; it asks for it with DEMO=true.
    demo: e.DEMO ?? e.NODE_ENV !== 'production',
    logLevel: e.LOG_LEVEL,
    map: Object.freeze({ tileUrl: e.MAP_TILE_URL, tileAttribution: e.MAP_TILE_ATTRIBUTION }),
    trustProxy: e.TRUST_PROXY,
    mail: Object.freeze({
      smtpUrl: e.SMTP_URL,
      from: e.MAIL_FROM ?? 'Buurtkracht <noreply@localhost>',
    }),
    secretKey: e.SECRET_KEY ?? localSecretKey(dataDir),
    secretKeyFile: e.SECRET_KEY ? undefined : path.join(dataDir, 'secret.key'),
    session: Object.freeze({ idleMinutes: e.SESSION_IDLE_MINUTES, absoluteHours: e.SESSION_ABSOLUTE_HOURS }),
    initiatives: Object.freeze({ intakeWorkingDays: e.INITIATIVE_INTAKE_WORKING_DAYS }),
    reports: Object.freeze({ contactRetentionDays: e.REPORT_CONTACT_RETENTION_DAYS }),
    oidc,
  };
  return Object.freeze(config);
}

/** The names @fastify/proxy-addr knows for ranges: 127.0.0.0/8 and ::1, link-local, private. */
const NAMED_PROXY_RANGES = new Set(['loopback', 'linklocal', 'uniquelocal']);

/**
 * TRUST_PROXY as the list Fastify's `trustProxy` takes. `true` and hop counts are refused:
 * `true` trusts every `X-Forwarded-For` entry, including those the client writes itself, and a
 * hop count trusts whoever connects, so a client reaching the app without the proxy picks its
 * own address (and Fastify 5 ignores hop counts for that reason). Either would make every per-IP
 * limit and the audit log take the client's word for its address. Only the proxies' addresses
 * say which entries were written by a proxy.
 */
export function trustedProxiesOf(
  value: string | undefined,
): { proxies: false | readonly string[] } | { problem: string } {
  const example =
    'list the addresses of the proxies in front instead, e.g. 10.0.0.5 or 10.0.0.0/24 (loopback: a proxy on this machine), or set false';
  if (value === undefined || ['false', '0', 'no'].includes(value.trim())) return { proxies: false };
  if (['true', 'yes'].includes(value.trim())) {
    return {
      problem: `true would trust every X-Forwarded-For entry, also those the client writes itself; ${example}`,
    };
  }
  if (/^\s*[0-9]+\s*$/.test(value)) {
    return {
      problem: `a number of hops would trust whoever connects, so a client that reaches the app directly chooses its own address; ${example}`,
    };
  }
  const entries = value.split(',').map((entry) => entry.trim());
  const wrong = entries.filter((entry) => !isProxyAddress(entry));
  if (wrong.length > 0) {
    return {
      problem: `${wrong.map((w) => `"${w}"`).join(', ')}: not an IP address, CIDR range (10.0.0.0/8, fd00::/8), loopback, linklocal or uniquelocal`,
    };
  }
  return { proxies: Object.freeze(entries) };
}

/** An address, a CIDR range with a prefix of at least 1 (a /0 would trust everyone), or a named range. */
function isProxyAddress(entry: string): boolean {
  if (NAMED_PROXY_RANGES.has(entry)) return true;
  const [address = '', prefix, ...rest] = entry.split('/');
  const family = net.isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  const bits = /^[0-9]{1,3}$/.test(prefix) ? Number(prefix) : Number.NaN;
  return bits >= 1 && bits <= (family === 4 ? 32 : 128);
}

/** OIDC_*: all three of issuer, client id and secret, or none; the issuer over https outside tests. */
function oidcConfig(e: z.infer<typeof envSchema>): OidcConfig | undefined {
  const given = [e.OIDC_ISSUER, e.OIDC_CLIENT_ID, e.OIDC_CLIENT_SECRET];
  if (given.every((v) => v === undefined)) return undefined;
  const problems: string[] = [];
  if (!e.OIDC_ISSUER) problems.push('OIDC_ISSUER: required with OIDC_CLIENT_ID and OIDC_CLIENT_SECRET');
  if (!e.OIDC_CLIENT_ID) problems.push('OIDC_CLIENT_ID: required with OIDC_ISSUER and OIDC_CLIENT_SECRET');
  if (!e.OIDC_CLIENT_SECRET)
    problems.push('OIDC_CLIENT_SECRET: required with OIDC_ISSUER and OIDC_CLIENT_ID');
  // Tokens and the client secret cross this connection: plain http only for a test's own provider.
  if (e.OIDC_ISSUER && !e.OIDC_ISSUER.startsWith('https://') && e.NODE_ENV !== 'test') {
    problems.push('OIDC_ISSUER: must be an https:// URL');
  }
  if (problems.length > 0 || !e.OIDC_ISSUER || !e.OIDC_CLIENT_ID || !e.OIDC_CLIENT_SECRET) {
    throw new ConfigError(problems);
  }
  return Object.freeze({
    issuer: e.OIDC_ISSUER,
    clientId: e.OIDC_CLIENT_ID,
    clientSecret: e.OIDC_CLIENT_SECRET,
    emailClaim: e.OIDC_EMAIL_CLAIM,
    label: e.OIDC_LABEL,
  });
}

/**
 * Outside production without SECRET_KEY: the key in `<dataDir>/secret.key`, created on first
 * use. Created under a temporary name and linked into place, so that processes starting at the
 * same moment (test workers) all end up reading the same key.
 */
function localSecretKey(dataDir: string): string {
  const file = path.join(dataDir, 'secret.key');
  try {
    return fs.readFileSync(file, 'utf8').trim();
  } catch (error) {
    if (!(error instanceof Error && 'code' in error && error.code === 'ENOENT')) throw error;
  }
  fs.mkdirSync(dataDir, { recursive: true });
  const temporary = `${file}.${process.pid}.${crypto.randomBytes(4).toString('hex')}`;
  fs.writeFileSync(temporary, `${crypto.randomBytes(48).toString('base64url')}\n`, { mode: 0o600 });
  try {
    fs.linkSync(temporary, file);
  } catch (error) {
    if (!(error instanceof Error && 'code' in error && error.code === 'EEXIST')) throw error;
  } finally {
    fs.rmSync(temporary, { force: true });
  }
  return fs.readFileSync(file, 'utf8').trim();
}
