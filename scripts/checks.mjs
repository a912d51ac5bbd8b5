#!/usr/bin/env node
/**
 * The static checks of `npm test`, side by side: the type check, ESLint and Prettier each use
 * about one core, so on the two-core CI machine running them together saves their shorter
 * ones' time. Each one's output is printed whole when it ends; the exit code is non-zero when
 * any of them failed.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import process from 'node:process';

const bin = (name) => path.join(import.meta.dirname, '..', 'node_modules', '.bin', name);
const checks = [
  ['typecheck', bin('tsc'), ['-p', 'tsconfig.json', '--noEmit']],
  ['eslint', bin('eslint'), ['.']],
  ['prettier', bin('prettier'), ['--check', '.']],
];

const started = performance.now();
const results = await Promise.all(
  checks.map(
    ([name, command, args]) =>
      new Promise((resolve) => {
        const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
        let output = '';
        child.stdout.on('data', (chunk) => (output += chunk));
        child.stderr.on('data', (chunk) => (output += chunk));
        child.on('error', (error) => resolve({ name, code: 1, output: String(error) }));
        child.on('close', (code) => {
          const seconds = ((performance.now() - started) / 1000).toFixed(1);
          process.stdout.write(
            `\n==> ${name}: ${code === 0 ? 'passed' : 'FAILED'} (${seconds} s)\n${output}`,
          );
          resolve({ name, code });
        });
      }),
  ),
);
const failed = results.filter((r) => r.code !== 0).map((r) => r.name);
if (failed.length > 0) {
  process.stderr.write(`\nChecks failed: ${failed.join(', ')}\n`);
  process.exit(1);
}
