// Builds what the browser loads into dist/public: one CSS file with only the NL Design System
// CSS and tokens the pages use, the enhancement scripts minified (Leaflet in a chunk of its own
// that they import only when a map is shown), each compressed once with Brotli and gzip beside
// it. `npm run build` runs it after tsc; the tests' global set-up runs `ensureAssets` (which
// rebuilds only when an input changed). Run: `tsx scripts/build-assets.ts [--force]`.
import crypto from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';
import * as esbuild from 'esbuild';
import { transform } from 'lightningcss';
import { PurgeCSS } from 'purgecss';

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const packageDir = (name: string) => path.dirname(require.resolve(`${name}/package.json`));

/** Where the built assets go; the app serves this folder (src/web/plugins/static-assets.ts). */
export const builtAssetsDir = path.join(root, 'dist', 'public');
const publicDir = path.join(root, 'public');
const srcDir = path.join(root, 'src');

const utrechtCss = path.join(packageDir('@utrecht/component-library-css'), 'dist', 'index.css');
const themeCss = path.join(
  packageDir('@nl-design-system-unstable/voorbeeld-design-tokens'),
  'dist',
  'theme.css',
);
const leafletDist = path.join(packageDir('leaflet'), 'dist');

function listFiles(dir: string, keep: (file: string) => boolean = () => true): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath, e.name))
    .filter(keep)
    .sort();
}

/** The source files whose class names decide which component CSS is kept. */
function classSources(): string[] {
  return [
    ...listFiles(srcDir, (f) => /\.tsx?$/.test(f) && !/\.test\.tsx?$/.test(f)),
    ...listFiles(path.join(publicDir, 'js')),
  ];
}

/** Everything the build reads: when none of it changed, the build is current. */
function inputsHash(): string {
  const hash = crypto.createHash('sha256');
  const files = [
    ...classSources(),
    ...listFiles(publicDir),
    fileURLToPath(import.meta.url),
    path.join(root, 'package-lock.json'),
  ];
  for (const file of [...new Set(files)])
    hash.update(path.relative(root, file)).update(fs.readFileSync(file));
  return hash.digest('hex');
}

/**
 * Class names put together at run time (`utrecht-form-field--${kind}`) appear in the source as
 * a prefix ending in `-`: every class starting with such a prefix is kept.
 */
function dynamicClassPrefixes(sources: string[]): RegExp[] {
  const prefixes = new Set<string>();
  for (const file of sources) {
    for (const match of fs.readFileSync(file, 'utf8').matchAll(/\b((?:utrecht|bk)-[a-z0-9_-]*-)\$\{/g))
      if (match[1]) prefixes.add(match[1]);
  }
  return [...prefixes].map((p) => new RegExp(`^${p.replace(/[-_]/g, '\\$&')}`));
}

/** The voorbeeld tokens (`--name: value` in one `.voorbeeld-theme` rule) as name → value. */
function readTokens(): Map<string, string> {
  const text = fs.readFileSync(themeCss, 'utf8');
  const body = /\.voorbeeld-theme\s*\{([^}]*)\}/.exec(text)?.[1];
  if (body === undefined) throw new Error(`${themeCss}: no .voorbeeld-theme rule`);
  const tokens = new Map<string, string>();
  for (const match of body.matchAll(/(--[\w-]+)\s*:\s*([^;]+);/g)) tokens.set(match[1] ?? '', match[2] ?? '');
  return tokens;
}

function referencedVariables(css: string): string[] {
  return [...css.matchAll(/var\(\s*(--[\w-]+)/g)].map((m) => m[1] ?? '');
}

/** Only the tokens the CSS refers to, directly or through other tokens, in the theme's order. */
function usedTokensRule(css: string): string {
  const tokens = readTokens();
  const used = new Set<string>();
  const pending = referencedVariables(css);
  for (let name = pending.pop(); name !== undefined; name = pending.pop()) {
    const value = tokens.get(name);
    if (value === undefined || used.has(name)) continue;
    used.add(name);
    pending.push(...referencedVariables(value));
  }
  const declarations = [...tokens].filter(([name]) => used.has(name)).map(([n, v]) => `${n}:${v};`);
  return `.voorbeeld-theme{${declarations.join('')}}`;
}

function minifyCss(filename: string, css: string): Buffer {
  return Buffer.from(transform({ filename, code: Buffer.from(css), minify: true }).code);
}

async function buildCss(): Promise<Buffer> {
  const sources = classSources();
  const [purged] = await new PurgeCSS().purge({
    content: sources,
    css: [utrechtCss],
    keyframes: true,
    safelist: { standard: dynamicClassPrefixes(sources) },
  });
  if (!purged) throw new Error('purgecss returned nothing');
  const app = fs.readFileSync(path.join(publicDir, 'css', 'app.css'), 'utf8');
  const print = fs.readFileSync(path.join(publicDir, 'css', 'print.css'), 'utf8');
  const components = `${purged.css}\n${app}\n@media print{${print}}`;
  return minifyCss('app.css', `${usedTokensRule(components)}\n${components}`);
}

async function buildScripts(outDir: string): Promise<void> {
  await esbuild.build({
    entryPoints: listFiles(path.join(publicDir, 'js'), (f) => !path.basename(f).startsWith('_')),
    outdir: path.join(outDir, 'js'),
    bundle: true,
    splitting: true,
    format: 'esm',
    minify: true,
    target: 'es2020',
    chunkNames: '[name]-[hash]',
    legalComments: 'none',
    logLevel: 'warning',
  });
}

function copyLeafletCss(outDir: string): void {
  const dir = path.join(outDir, 'leaflet');
  fs.mkdirSync(dir, { recursive: true });
  const css = fs.readFileSync(path.join(leafletDist, 'leaflet.css'), 'utf8');
  fs.writeFileSync(path.join(dir, 'leaflet.css'), minifyCss('leaflet.css', css));
  fs.cpSync(path.join(leafletDist, 'images'), path.join(dir, 'images'), { recursive: true });
}

const COMPRESSIBLE = /\.(css|js|svg|json)$/;

/** A `.br` and a `.gz` beside each text file, served by @fastify/static's `preCompressed`. */
function compressAll(outDir: string): void {
  for (const file of listFiles(outDir, (f) => COMPRESSIBLE.test(f))) {
    const data = fs.readFileSync(file);
    fs.writeFileSync(
      `${file}.br`,
      zlib.brotliCompressSync(data, {
        params: {
          [zlib.constants.BROTLI_PARAM_QUALITY]: zlib.constants.BROTLI_MAX_QUALITY,
          [zlib.constants.BROTLI_PARAM_SIZE_HINT]: data.length,
        },
      }),
    );
    fs.writeFileSync(`${file}.gz`, zlib.gzipSync(data, { level: zlib.constants.Z_BEST_COMPRESSION }));
  }
}

/** A hash of every output file: part of each asset's URL, so assets can be cached for a year. */
function outputVersion(outDir: string): string {
  const hash = crypto.createHash('sha256');
  for (const file of listFiles(outDir))
    hash.update(path.relative(outDir, file)).update(fs.readFileSync(file));
  return hash.digest('hex').slice(0, 12);
}

/** What the app reads at start: the URL version of this build, and the inputs it was made from. */
export interface AssetManifest {
  version: string;
  inputs: string;
}

/** Builds every asset into a fresh folder, then puts it in place of the old one. */
export async function buildAssets(): Promise<AssetManifest> {
  const inputs = inputsHash();
  const tmp = `${builtAssetsDir}.tmp-${process.pid}`;
  fs.rmSync(tmp, { recursive: true, force: true });
  fs.mkdirSync(path.join(tmp, 'css'), { recursive: true });
  fs.writeFileSync(path.join(tmp, 'css', 'app.css'), await buildCss());
  await buildScripts(tmp);
  copyLeafletCss(tmp);
  fs.copyFileSync(path.join(publicDir, 'favicon.svg'), path.join(tmp, 'favicon.svg'));
  compressAll(tmp);
  const manifest: AssetManifest = { version: outputVersion(tmp), inputs };
  fs.writeFileSync(path.join(tmp, 'manifest.json'), `${JSON.stringify(manifest)}\n`);
  fs.rmSync(builtAssetsDir, { recursive: true, force: true });
  fs.renameSync(tmp, builtAssetsDir);
  return manifest;
}

/** Builds the assets unless the last build was made from the same inputs. */
export async function ensureAssets(): Promise<AssetManifest> {
  try {
    const manifest = JSON.parse(
      fs.readFileSync(path.join(builtAssetsDir, 'manifest.json'), 'utf8'),
    ) as AssetManifest;
    if (manifest.inputs === inputsHash()) return manifest;
  } catch {
    // No build yet.
  }
  return buildAssets();
}

if (process.argv[1] && fs.realpathSync(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const started = performance.now();
  // The same inputs give the same files: a current build is kept unless --force is given.
  const manifest = process.argv.includes('--force') ? await buildAssets() : await ensureAssets();
  const sizes = listFiles(builtAssetsDir, (f) => /\.(css|js)$/.test(f)).map((f) => {
    const br = fs.statSync(`${f}.br`).size;
    return `  ${path.relative(builtAssetsDir, f)}: ${(fs.statSync(f).size / 1024).toFixed(1)} KB, ${(br / 1024).toFixed(1)} KB brotli`;
  });
  process.stdout.write(
    `assets ${manifest.version} ready in ${Math.round(performance.now() - started)} ms (dist/public)\n${sizes.join('\n')}\n`,
  );
}
