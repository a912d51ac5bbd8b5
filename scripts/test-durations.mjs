#!/usr/bin/env node
/**
 * Writes test/durations.json from Vitest's results cache of the last full run
 * (node_modules/.vite/vitest/<hash>/results.json): each test file's duration per project, in
 * milliseconds, which test/sequencer.ts uses to start the longest files first. Run it after a
 * full `npx vitest run` on a quiet machine (`npm run test:durations`), and commit the file.
 */
import fs from 'node:fs';
import path from 'node:path';
import process from 'node:process';

const root = path.join(import.meta.dirname, '..');
const cacheDir = path.join(root, 'node_modules', '.vite', 'vitest');
const caches = fs.existsSync(cacheDir)
  ? fs
      .readdirSync(cacheDir)
      .map((dir) => path.join(cacheDir, dir, 'results.json'))
      .filter((file) => fs.existsSync(file))
      .sort((a, b) => fs.statSync(b).mtimeMs - fs.statSync(a).mtimeMs)
  : [];
if (caches.length === 0) {
  process.stderr.write('No Vitest results cache: run `npx vitest run` first.\n');
  process.exit(1);
}
const { results } = JSON.parse(fs.readFileSync(caches[0], 'utf8'));
const durations = Object.fromEntries(
  results
    .filter(([, result]) => typeof result?.duration === 'number')
    .map(([key, result]) => [key, Math.round(result.duration)])
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
);
fs.writeFileSync(path.join(root, 'test', 'durations.json'), `${JSON.stringify(durations, null, 2)}\n`);
process.stdout.write(`test/durations.json: ${Object.keys(durations).length} files\n`);
