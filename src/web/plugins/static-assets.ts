import crypto from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

const require = createRequire(import.meta.url);

/** Folders served as static assets: the app's own and the front-end packages it uses. */
function assetRoots(publicDir: string): Record<string, string> {
  const packageDir = (name: string) => path.dirname(require.resolve(`${name}/package.json`));
  return {
    app: publicDir,
    utrecht: path.join(packageDir('@utrecht/component-library-css'), 'dist'),
    tokens: path.join(packageDir('@nl-design-system-unstable/voorbeeld-design-tokens'), 'dist'),
    leaflet: path.join(packageDir('leaflet'), 'dist'),
  };
}

function hashTree(hash: crypto.Hash, dir: string): void {
  for (const entry of fs
    .readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) hashTree(hash, full);
    else hash.update(entry.name).update(fs.readFileSync(full));
  }
}

/**
 * A short hash of every asset, part of each asset URL: a new release gets new URLs, so the
 * assets themselves can be cached for a year without going stale.
 */
export function computeAssetVersion(publicDir: string): string {
  const hash = crypto.createHash('sha256');
  for (const [name, root] of Object.entries(assetRoots(publicDir))) {
    hash.update(name);
    hashTree(hash, root);
  }
  return hash.digest('hex').slice(0, 12);
}

/** Where an asset is served: `assetUrl('utrecht', 'index.css')`. */
export type AssetUrl = (root: 'app' | 'utrecht' | 'tokens' | 'leaflet', file: string) => string;

export function assetUrlFor(version: string): AssetUrl {
  return (root, file) => `/assets/${version}/${root}/${file}`;
}

/**
 * Serves the assets. Not wrapped in fastify-plugin on purpose: the onRoute hook that marks the
 * static routes public stays inside this plugin's scope.
 */
export async function staticAssetsPlugin(
  app: FastifyInstance,
  options: { publicDir: string; version: string },
): Promise<void> {
  app.addHook('onRoute', (route) => {
    route.config = { ...route.config, access: 'public' };
  });
  for (const [name, root] of Object.entries(assetRoots(options.publicDir))) {
    await app.register(fastifyStatic, {
      root,
      prefix: `/assets/${options.version}/${name}/`,
      decorateReply: false,
      immutable: true,
      maxAge: '365d',
      index: false,
      list: false,
      wildcard: true,
    });
  }
}
