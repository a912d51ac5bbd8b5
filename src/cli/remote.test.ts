import fs from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEngine } from '../../test/helpers/engines.js';
import { runCliInProcess } from '../../test/helpers/cli.js';
import { loadConfig } from '../config.js';
import { openDatabase, type Database } from '../db/database.js';
import { startServer, type RunningServer } from '../server.js';
import { datasetsDir } from '../shared/paths.js';
import { commandSocketPath } from './remote.js';

const SECRET_KEY = 'remote-command-test-key-0123456789-abcdefgh';

let dataDir: string;
let database: Database;
let server: RunningServer;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  if (testEngine() !== 'pglite') return;
  dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'bk-remote-'));
  env = { BUURTKRACHT_DATA_DIR: dataDir, SECRET_KEY, DEMO: 'false' };
  const config = loadConfig({ ...env, PORT: '0', LOG_LEVEL: 'silent' });
  database = await openDatabase({ dataDir, purpose: 'server' });
  server = await startServer({ config, database, log: pino({ level: 'silent' }) });
});
afterAll(async () => {
  if (testEngine() !== 'pglite') return;
  await server.close();
  await database.close();
  await fs.rm(dataDir, { recursive: true, force: true });
});

// The embedded database only: a PostgreSQL server lets every command open its own connections.
describe.runIf(testEngine() === 'pglite')(
  'a command given while the server holds the embedded database',
  () => {
    it('is carried out by the server, with files named relative to where it was given', async () => {
      const run = await runCliInProcess(
        ['import-places', 'GM0637-zoetermeer-wijken.geojson'],
        env,
        undefined,
        path.join(datasetsDir, 'cbs'),
      );
      expect(run.stderr).toContain('The server (process');
      expect(run.stderr).toContain('it carries out this command');
      expect(run.stdout).toContain('GM0637-zoetermeer-wijken.geojson');
      expect(run.code).toBe(0);
      // The server's own pages show the import at once: it ran in that process.
      const page = await server.app.inject({ url: '/gemeenten/GM0637' });
      expect(page.statusCode).toBe(200);
    });

    it('reports the command’s own refusals and exit codes as if it ran here', async () => {
      const usage = await runCliInProcess(['budget-year', '--gemeente', 'GM9999'], env);
      expect(usage.code).toBe(2);
      expect(usage.stderr).toContain('--year is required');
      const missing = await runCliInProcess(['import-places', 'no-such-file.csv'], env, undefined, dataDir);
      expect(missing.code).toBe(1);
      expect(missing.stderr).toContain('no-such-file.csv: no such file');
    });

    it('listens on a socket only the data folder’s owner can reach', async () => {
      const socket = commandSocketPath(dataDir);
      expect((await fs.stat(path.dirname(socket))).mode & 0o777).toBe(0o700);
      expect((await fs.stat(socket)).mode & 0o777).toBe(0o600);
    });

    it('answers a line that is no command line with a usage failure, and keeps serving', async () => {
      const reply = await new Promise<string>((resolve, reject) => {
        const socket = net.createConnection(commandSocketPath(dataDir));
        let text = '';
        socket.setEncoding('utf8');
        socket.on('data', (chunk: string) => (text += chunk));
        socket.on('end', () => resolve(text));
        socket.on('error', reject);
        socket.write('{"argv": "import-places /etc/passwd"}\n');
      });
      expect(reply).toContain('"exit":2');
      const again = await runCliInProcess(['budget-year', '--gemeente', 'GM9999'], env);
      expect(again.code).toBe(2);
    });
  },
);
