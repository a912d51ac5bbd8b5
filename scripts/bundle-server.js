// The server as one file: esbuild bundles src/main.ts with the packages it imports into
// dist/main.js, over the file tsc wrote there. Node then reads and links one module instead of
// some 700 files at every start (Node 20 has no compile cache). The command line (dist/cli/)
// and the tests keep tsc's files. Left out of the bundle, imported from node_modules as usual:
// packages that find files of their own beside their code (PGlite's WebAssembly, fonts, native
// addons, pino's worker threads, swagger's package.json), and those loaded only when first used.
// Plain JavaScript, run after tsc by `npm run build`.
import path from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export const EXTERNAL = [
  '@electric-sql/pglite',
  '@fastify/swagger',
  '@node-rs/argon2',
  'pdfkit',
  'pg-native',
  'pino',
  'qrcode',
  'sharp',
];

export async function bundleServer(outfile = path.join(root, 'dist', 'main.js')) {
  await esbuild.build({
    absWorkingDir: root,
    entryPoints: ['src/main.ts'],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20.19',
    tsconfig: 'tsconfig.build.json',
    external: EXTERNAL,
    // The CommonJS packages inside call require() for Node's own modules.
    banner: {
      js: "import { createRequire as __bkCreateRequire } from 'node:module'; const require = __bkCreateRequire(import.meta.url);",
    },
    minifyWhitespace: true,
    minifySyntax: true,
    keepNames: true,
    sourcemap: 'linked',
    legalComments: 'linked',
    logLevel: 'warning',
  });
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await bundleServer();
}
