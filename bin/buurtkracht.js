#!/usr/bin/env node
// The `buurtkracht` command. It runs the compiled CLI in dist/ (made by `npm run build`, which
// `npm install` runs through the `prepare` script). Without dist/, in a checkout where the build
// has not run, it runs the TypeScript source through tsx (a devDependency) instead.
import fs from 'node:fs';
import process from 'node:process';
import { fileURLToPath, URL } from 'node:url';

const built = new URL('../dist/cli/main.js', import.meta.url);
const source = new URL('../src/cli/main.ts', import.meta.url);

if (fs.existsSync(fileURLToPath(built))) {
  await import(built.href);
} else {
  let register;
  try {
    ({ register } = await import('tsx/esm/api'));
  } catch {
    register = undefined;
  }
  if (register && fs.existsSync(fileURLToPath(source))) {
    // The project's tsconfig, whatever the current folder: it sets the JSX runtime and paths.
    register({ tsconfig: fileURLToPath(new URL('../tsconfig.json', import.meta.url)) });
    await import(source.href);
  } else {
    process.stderr.write(
      'buurtkracht: the command-line tool has not been built yet.\n' +
        'Run `npm run build` in the Buurtkracht folder (or `npm install`, which builds it), then try again.\n',
    );
    process.exitCode = 1;
  }
}
