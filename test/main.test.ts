import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { testEngine } from './helpers/engines.js';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

async function waitForHealth(url: string, child: ChildProcess, timeoutMs: number): Promise<Response> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    try {
      const res = await fetch(`${url}/health`);
      if (res.ok) return res;
    } catch {
      // not listening yet
    }
    if (Date.now() > until) throw new Error('server did not become healthy');
    await new Promise((r) => setTimeout(r, 250));
  }
}

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bk-main-'));
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

// The real process with the embedded database: what `npm start` runs (here from source).
describe.runIf(testEngine() === 'pglite')('the server process', () => {
  it('starts on an empty data folder with the demo, refuses a second process, and stops on SIGTERM', async () => {
    const port = await freePort();
    const env = {
      ...process.env,
      PORT: String(port),
      BUURTKRACHT_DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      DATABASE_URL: '',
    };
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    try {
      const url = `http://127.0.0.1:${port}`;
      const health = await waitForHealth(url, child, 90_000);
      expect(await health.json()).toEqual({ status: 'ok', database: 'pglite' });
      const home = await (await fetch(url)).text();
      expect(home).toContain('Zoetermeer');

      // A second process on the same data folder must refuse plainly, not corrupt or hang.
      const second = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
        env: { ...env, PORT: String(await freePort()) },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let secondErr = '';
      second.stderr?.on('data', (d: Buffer) => (secondErr += d.toString()));
      const secondCode = await new Promise<number | null>((resolve) => second.on('exit', resolve));
      expect(secondCode).toBe(1);
      expect(secondErr).toContain('is in use by server');

      child.kill('SIGTERM');
      const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
      expect(code, stderr).toBe(0);
      expect(fs.existsSync(path.join(dataDir, 'buurtkracht.lock'))).toBe(false);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  }, 150_000);
});
