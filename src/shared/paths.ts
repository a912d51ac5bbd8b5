import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

function findRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!fs.existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('package.json not found above ' + fileURLToPath(import.meta.url));
    dir = parent;
  }
  return dir;
}

/** The project's root folder, the same whether running from `src/` (tsx, tests) or `dist/`. */
export const projectRoot = findRoot();

/** Shipped data sets (CBS places). */
export const datasetsDir = path.join(projectRoot, 'datasets');
/** The built assets served under /assets (made from public/ by scripts/build-assets.ts). */
export const builtAssetsDir = path.join(projectRoot, 'dist', 'public');
