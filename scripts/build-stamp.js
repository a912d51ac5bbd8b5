// The build's stamp: a hash of everything `npm run build` reads. The build writes it to
// dist/build-stamp as its last step; `npm start` (scripts/start.js) compares it with the sources
// to decide whether to build again. Plain JavaScript so that checking costs no compiler start.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The files and folders the build reads (dependencies through the lockfile). */
const INPUTS = ['src', 'public', 'scripts', 'tsconfig.json', 'tsconfig.build.json', 'package-lock.json'];

export const stampFile = path.join(root, 'dist', 'build-stamp');

function addFile(hash, file) {
  hash.update(path.relative(root, file)).update('\0').update(fs.readFileSync(file));
}

function addTree(hash, dir) {
  for (const entry of fs
    .readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) addTree(hash, full);
    else if (entry.isFile()) addFile(hash, full);
  }
}

/** A hash of the build's inputs as they are now. */
export function sourceStamp() {
  const hash = crypto.createHash('sha256');
  for (const input of INPUTS) {
    const full = path.join(root, input);
    if (!fs.existsSync(full)) continue;
    if (fs.statSync(full).isDirectory()) addTree(hash, full);
    else addFile(hash, full);
  }
  return hash.digest('hex');
}

/** Whether dist/ was built from the sources as they are now. */
export function buildIsCurrent() {
  try {
    return fs.readFileSync(stampFile, 'utf8').trim() === sourceStamp();
  } catch {
    return false;
  }
}

if (process.argv[1] && fs.realpathSync(process.argv[1]) === fileURLToPath(import.meta.url)) {
  fs.writeFileSync(stampFile, `${sourceStamp()}\n`);
}
