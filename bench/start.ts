// How long `npm start` takes until the home page answers: on an empty data folder (first run,
// the demo loads) and then on that same folder again (an everyday start). Builds first if the
// build is stale, so both runs start from a current build, as after `npm install`.
// Run: npm run bench:start [-- --runs 3]
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildIsCurrent } from '../scripts/build-stamp.js';
import { freePort } from '../test/helpers/processes.js';

const runs = Number(process.argv[process.argv.indexOf('--runs') + 1]) || 3;
const GOAL_FIRST_S = 45;
const GOAL_AGAIN_S = 2;

/** CPU seconds a process has used so far (Linux: utime + stime of /proc/<pid>/stat, 100 ticks a second). */
function cpuSeconds(pid: number | undefined): number {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return NaN;
  }
}

/**
 * Seconds from spawning `command` to the first 200 from `/` (and the CPU seconds the spawned
 * process used by then: meaningful for `node`, not for npm, whose child is another process).
 */
async function timeStart(dataDir: string, command = ['npm', 'start', '--silent']): Promise<number> {
  const port = await freePort();
  const started = performance.now();
  const [program = 'npm', ...args] = command;
  const child = spawn(program, args, {
    env: {
      ...process.env,
      PORT: String(port),
      BUURTKRACHT_DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      DATABASE_URL: '',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
    detached: true,
  });
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`npm start exited with ${child.exitCode}`);
      try {
        const res = await fetch(`http://127.0.0.1:${port}/`);
        if (res.ok) {
          if (program === process.execPath) cpu.push(cpuSeconds(child.pid));
          return (performance.now() - started) / 1000;
        }
      } catch {
        // Not listening yet.
      }
      if (performance.now() - started > 300_000) throw new Error('no page after 300 s');
      await new Promise((r) => setTimeout(r, 20));
    }
  } finally {
    const exited = new Promise((r) => child.once('exit', r));
    if (child.pid !== undefined && child.exitCode === null) process.kill(-child.pid, 'SIGTERM');
    await exited;
  }
}

if (!buildIsCurrent()) {
  process.stdout.write('building first (npm run build)…\n');
  if (spawnSync('npm', ['run', 'build', '--silent'], { stdio: 'inherit' }).status !== 0) process.exit(1);
}
const first: number[] = [];
const again: number[] = [];
const direct: number[] = [];
const cpu: number[] = [];
for (let i = 0; i < runs; i++) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bk-bench-start-'));
  try {
    first.push(await timeStart(dataDir));
    again.push(await timeStart(dataDir));
    direct.push(await timeStart(dataDir, [process.execPath, 'scripts/start.js']));
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const row = (label: string, xs: number[], goal: number) =>
  `${label.padEnd(34)} ${median(xs).toFixed(2).padStart(7)} s  (${xs.map((x) => x.toFixed(2)).join(', ')})  goal ≤ ${goal} s`;
process.stdout.write(
  [
    `npm start → first page (GET / 200), ${runs} runs, median (each run)`,
    row('empty data folder (demo loads)', first, GOAL_FIRST_S),
    row('existing data folder', again, GOAL_AGAIN_S),
    row('same, node scripts/start.js (no npm)', direct, GOAL_AGAIN_S),
    `${'  its CPU time until then'.padEnd(34)} ${median(cpu).toFixed(2).padStart(7)} s  (${cpu.map((x) => x.toFixed(2)).join(', ')})`,
    `load average while measuring: ${fs.readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')} on ${os.cpus().length} cores`,
  ].join('\n') + '\n',
);
