// `npm start`: builds only when the sources changed since the last build (or there is none, as
// right after a fresh clone whose `npm install` could not build), then runs the built server.
import { spawnSync } from 'node:child_process';
import module from 'node:module';
import process from 'node:process';
import { buildIsCurrent } from './build-stamp.js';

if (!buildIsCurrent()) {
  process.stderr.write('Building Buurtkracht (the sources changed since the last build)…\n');
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const build = spawnSync(npm, ['run', 'build', '--silent'], { stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}
// Node 22 keeps the compiled server on disk for the next start (Node 20 has no such cache).
module.enableCompileCache?.();
await import('../dist/main.js');
