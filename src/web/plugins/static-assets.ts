import fs from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

/** What the asset build (scripts/build-assets.ts) leaves in its folder's manifest.json. */
export interface AssetManifest {
  /** A hash of every built file, part of each asset URL. */
  version: string;
}

/**
 * The built assets' manifest. The app serves only built assets (one CSS bundle, minified
 * scripts, each with its Brotli and gzip copy): `npm run build` makes them, and so do the
 * tests' global set-up and `npm run dev`.
 */
export function readAssetManifest(builtDir: string): AssetManifest {
  const file = path.join(builtDir, 'manifest.json');
  let parsed: unknown;
  try {
    parsed = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    throw new Error(`The built assets are missing (${file}): run \`npm run build\` first.`);
  }
  const version = parsed !== null && typeof parsed === 'object' ? Reflect.get(parsed, 'version') : undefined;
  if (typeof version !== 'string' || !/^[0-9a-f]{12}$/.test(version))
    throw new Error(`${file} has no asset version: run \`npm run build\` again.`);
  return { version };
}

/** Where a built asset is served: `asset('css/app.css')`. */
export type AssetUrl = (file: string) => string;

/**
 * The URL carries the build's content hash: a new release gets new URLs, so the assets
 * themselves can be cached for a year without going stale.
 */
export function assetUrlFor(version: string): AssetUrl {
  return (file) => `/assets/${version}/${file}`;
}

/**
 * Serves the built assets, the `.br` or `.gz` copy made at build time when the browser takes
 * it. Not wrapped in fastify-plugin on purpose: the onRoute hook that marks the static routes
 * public stays inside this plugin's scope.
 */
export async function staticAssetsPlugin(
  app: FastifyInstance,
  options: { builtDir: string; version: string },
): Promise<void> {
  app.addHook('onRoute', (route) => {
    route.config = { ...route.config, access: 'public' };
  });
  await app.register(fastifyStatic, {
    root: options.builtDir,
    prefix: `/assets/${options.version}/`,
    decorateReply: false,
    immutable: true,
    maxAge: '365d',
    index: false,
    list: false,
    wildcard: true,
    preCompressed: true,
  });
}
