/**
 * Commands carried out by the running server. The embedded database allows one process at a
 * time, so while the server holds the data folder a command cannot open it; instead the
 * command line sends itself to the server over a local socket in the data folder, and the
 * server runs it with its own database and modules and streams the output back. An
 * administrator never has to stop the service to print letters or import places.
 *
 * Only the folder's owner can reach the socket: it lies in `<dataDir>/run/`, made mode 0700
 * before the socket exists (so there is no moment in which others could connect), and the
 * socket itself is mode 0600.
 *
 * The protocol is one JSON line from the client (`{"argv": [...], "cwd": "/path"}`), then JSON
 * lines from the server (`{"out": text}`, `{"err": text}`, finally `{"exit": code}`). The
 * client closing the connection (Ctrl-C) aborts the command at its next safe point.
 */
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { Writable } from 'node:stream';
import { EXIT_INTERRUPTED, type CliOutput } from './command.js';

/** Where the server listens for commands: in a folder only the data folder's owner may enter. */
export function commandSocketPath(dataDir: string): string {
  return path.join(dataDir, 'run', 'commands.sock');
}

/** A Unix socket path longer than this cannot be bound (sun_path is 108 bytes on Linux). */
const MAX_SOCKET_PATH = 100;
/** The request line is a command line and a folder: anything longer is not a client of ours. */
const MAX_REQUEST_BYTES = 64 * 1024;

/** What a command gets when the server runs it for a client. */
export interface RemoteCommandIo {
  stdout: CliOutput;
  stderr: CliOutput;
  signal: AbortSignal;
  /** The client's working folder: relative file names in the command line mean files there. */
  cwd: string;
}

export interface CommandServer {
  readonly socketPath: string;
  close(): Promise<void>;
}

/** Why the server could not offer commands (the command line then refuses as before). */
export class CommandSocketUnavailable extends Error {}

/**
 * Listens for command lines on the data folder's socket and runs each with `run`. Throws
 * CommandSocketUnavailable where no socket can be offered (Windows, a path too long, a `run`
 * folder owned by someone else).
 */
export async function serveCommands(
  dataDir: string,
  run: (argv: readonly string[], io: RemoteCommandIo) => Promise<number>,
): Promise<CommandServer> {
  const socketPath = commandSocketPath(dataDir);
  if (process.platform === 'win32') throw new CommandSocketUnavailable('no Unix sockets on Windows');
  if (socketPath.length > MAX_SOCKET_PATH)
    throw new CommandSocketUnavailable(`the socket path ${socketPath} is too long`);
  const folder = path.dirname(socketPath);
  fs.mkdirSync(folder, { recursive: true, mode: 0o700 });
  const stat = fs.statSync(folder);
  if (process.getuid && stat.uid !== process.getuid())
    throw new CommandSocketUnavailable(`${folder} belongs to another user`);
  fs.chmodSync(folder, 0o700);
  // The server holds the data folder's lock, so a socket left here is a dead server's.
  fs.rmSync(socketPath, { force: true });

  const running = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    running.add(socket);
    socket.on('close', () => running.delete(socket));
    handle(socket, run);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(socketPath, () => {
      server.off('error', reject);
      resolve();
    });
  });
  fs.chmodSync(socketPath, 0o600);
  return {
    socketPath,
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      // Commands in progress are aborted at their next safe point, as on Ctrl-C.
      for (const socket of running) socket.destroy();
      await closed;
      fs.rmSync(socketPath, { force: true });
    },
  };
}

function handle(
  socket: net.Socket,
  run: (argv: readonly string[], io: RemoteCommandIo) => Promise<number>,
): void {
  let buffered = '';
  let started = false;
  const controller = new AbortController();
  socket.setEncoding('utf8');
  socket.on('close', () => controller.abort());
  socket.on('error', () => controller.abort());
  const send = (frame: object): void => {
    if (!socket.destroyed && socket.writable) socket.write(`${JSON.stringify(frame)}\n`);
  };
  const stream = (key: 'out' | 'err'): CliOutput =>
    new Writable({
      write(chunk: Buffer | string, _encoding, done) {
        send({ [key]: chunk.toString() });
        done();
      },
    });
  socket.on('data', (chunk: string) => {
    if (started) return;
    buffered += chunk;
    const end = buffered.indexOf('\n');
    if (end === -1) {
      if (buffered.length > MAX_REQUEST_BYTES) socket.destroy();
      return;
    }
    started = true;
    const request = parseRequest(buffered.slice(0, end));
    if (!request) {
      send({ err: 'buurtkracht: the server did not understand the command line it was sent\n' });
      send({ exit: 2 });
      socket.end();
      return;
    }
    const io: RemoteCommandIo = {
      stdout: stream('out'),
      stderr: stream('err'),
      signal: controller.signal,
      cwd: request.cwd,
    };
    run(request.argv, io).then(
      (code) => {
        send({ exit: code });
        socket.end();
      },
      (error: unknown) => {
        send({ err: `buurtkracht: the server could not run the command: ${String(error)}\n` });
        send({ exit: 1 });
        socket.end();
      },
    );
  });
}

function parseRequest(line: string): { argv: string[]; cwd: string } | undefined {
  try {
    const parsed: unknown = JSON.parse(line);
    if (typeof parsed !== 'object' || parsed === null) return undefined;
    const { argv, cwd } = parsed as { argv?: unknown; cwd?: unknown };
    if (!Array.isArray(argv) || !argv.every((a): a is string => typeof a === 'string')) return undefined;
    if (typeof cwd !== 'string' || !path.isAbsolute(cwd)) return undefined;
    return { argv, cwd };
  } catch {
    return undefined;
  }
}

/**
 * Sends a command line to the server listening on `socketPath` and relays its output.
 * Resolves with the command's exit code, or undefined when no server answers there (no
 * socket, or a dead server's), so the caller runs the command itself. Aborting `signal`
 * (Ctrl-C) stops the command on the server at its next safe point.
 */
export function forwardCommand(
  socketPath: string,
  argv: readonly string[],
  io: { stdout: CliOutput; stderr: CliOutput; signal: AbortSignal; cwd: string },
): Promise<number | undefined> {
  return new Promise((resolve) => {
    let connected = false;
    let exit: number | undefined;
    let buffered = '';
    const socket = net.createConnection(socketPath);
    socket.setEncoding('utf8');
    const onAbort = (): void => {
      socket.destroy();
    };
    socket.on('connect', () => {
      connected = true;
      io.signal.addEventListener('abort', onAbort, { once: true });
      socket.write(`${JSON.stringify({ argv, cwd: io.cwd })}\n`);
    });
    socket.on('data', (chunk: string) => {
      buffered += chunk;
      let end: number;
      while ((end = buffered.indexOf('\n')) !== -1) {
        const line = buffered.slice(0, end);
        buffered = buffered.slice(end + 1);
        const frame = JSON.parse(line) as { out?: string; err?: string; exit?: number };
        if (frame.out !== undefined) io.stdout.write(frame.out);
        if (frame.err !== undefined) io.stderr.write(frame.err);
        if (frame.exit !== undefined) exit = frame.exit;
      }
    });
    socket.on('error', () => {
      // Before connecting: nobody listens (no socket, or a dead server's); run it here.
      if (!connected) resolve(undefined);
    });
    socket.on('close', () => {
      io.signal.removeEventListener('abort', onAbort);
      if (!connected) return;
      if (exit !== undefined) resolve(exit);
      else if (io.signal.aborted) resolve(EXIT_INTERRUPTED);
      else {
        io.stderr.write('The server stopped before the command finished; see its log.\n');
        resolve(1);
      }
    });
  });
}
