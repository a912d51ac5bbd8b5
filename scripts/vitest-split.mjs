// Runs every test: the browser tests beside the database tests, in two Vitest processes.
//
// Within one Vitest run the projects go one after another (with `isolate: false` Vitest waits for
// every file of a project before it starts the next), so the end-to-end project, one browser at
// a time, ran last on one core while the other sat idle: 280 s of a 566 s run. Two processes let
// the browser tests run while the two database workers run theirs. Their global set-ups are
// independent (each makes its own template databases, under random names); the assets are built
// once, here, before either starts.
//
// With arguments (`npm test -- src/x.test.ts`) it is one plain `vitest run` with those arguments.
import { spawn } from 'node:child_process';
import process from 'node:process';

const args = process.argv.slice(2);
const vitest = ['node_modules/vitest/vitest.mjs', 'run'];

function run(extra, prefix) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [...vitest, ...extra], {
      stdio: ['ignore', prefix ? 'pipe' : 'inherit', prefix ? 'pipe' : 'inherit'],
      env: process.env,
    });
    if (prefix) {
      for (const stream of [child.stdout, child.stderr]) {
        let rest = '';
        stream.on('data', (chunk) => {
          const lines = (rest + chunk.toString()).split('\n');
          rest = lines.pop() ?? '';
          for (const line of lines) process.stdout.write(`${prefix} ${line}\n`);
        });
        stream.on('end', () => {
          if (rest) process.stdout.write(`${prefix} ${rest}\n`);
        });
      }
    }
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

if (args.length > 0) {
  process.exit(await run(args, undefined));
}

// The assets once (a no-op when current), so the two set-ups never build them at the same time.
const built = await new Promise((resolve) => {
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/build-assets.ts'], { stdio: 'inherit' });
  child.on('exit', (code) => resolve(code ?? 1));
});
if (built !== 0) process.exit(built);
const databaseProjects = ['--project', 'pglite'];
if (process.env.TEST_DATABASE_URL) databaseProjects.push('--project', 'postgresql');
const started = Date.now();
const [database, browser] = await Promise.all([
  run(databaseProjects, '[db]'),
  run(['--project', 'e2e'], '[e2e]'),
]);
process.stdout.write(
  `\n==> tests: database ${database === 0 ? 'passed' : 'FAILED'}, browser ${browser === 0 ? 'passed' : 'FAILED'} (${Math.round((Date.now() - started) / 1000)} s)\n`,
);
process.exit(database === 0 && browser === 0 ? 0 : 1);
