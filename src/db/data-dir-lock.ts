import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** What the holder of a data folder wrote into its lock file. */
export interface LockHolder {
  pid: number;
  hostname: string;
  /** What holds it: `server` or a CLI command name. */
  purpose: string;
  startedAt: string;
  /** Set by the server once it listens, so that a CLI can say where it runs. */
  url?: string;
}

/** Thrown when another live process holds the embedded database's data folder. */
export class DataDirLockedError extends Error {
  constructor(
    readonly dataDir: string,
    readonly holder: LockHolder,
  ) {
    const where = holder.url ? ` at ${holder.url}` : '';
    super(
      `The data folder ${dataDir} is in use by ${holder.purpose} (process ${holder.pid}${where}). ` +
        `The embedded database allows one process at a time: stop that process first, ` +
        `or set DATABASE_URL to use a PostgreSQL server.`,
    );
    this.name = 'DataDirLockedError';
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readHolder(lockPath: string): LockHolder | undefined {
  try {
    const parsed: unknown = JSON.parse(fs.readFileSync(lockPath, 'utf8'));
    if (typeof parsed === 'object' && parsed !== null && 'pid' in parsed && typeof parsed.pid === 'number') {
      return parsed as LockHolder;
    }
  } catch {
    // Unreadable or half-written lock: treated as stale below.
  }
  return undefined;
}

/**
 * The live process on this host that holds the data folder, if any (the lock of a process
 * that died counts as free). Lets a command hand its work to the server that holds it.
 */
export function liveHolderOf(dataDir: string): LockHolder | undefined {
  const holder = readHolder(path.join(dataDir, 'buurtkracht.lock'));
  if (!holder || holder.hostname !== os.hostname() || !isAlive(holder.pid)) return undefined;
  return holder;
}

export interface DataDirLock {
  /** Records the server's URL in the lock so that a CLI can name it. */
  describe(url: string): void;
  release(): void;
}

/**
 * Takes the data folder for this process, exclusively. A lock left behind by a process that
 * died (same host, pid gone) is taken over; a live holder raises DataDirLockedError.
 * Two processes opening one PGlite folder would corrupt it, so this is never skipped.
 */
export function lockDataDir(dataDir: string, purpose: string): DataDirLock {
  fs.mkdirSync(dataDir, { recursive: true });
  const lockPath = path.join(dataDir, 'buurtkracht.lock');
  const holder: LockHolder = {
    pid: process.pid,
    hostname: os.hostname(),
    purpose,
    startedAt: new Date().toISOString(),
  };
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      fs.writeFileSync(lockPath, JSON.stringify(holder), { flag: 'wx' });
      let released = false;
      return {
        describe(url) {
          if (!released) fs.writeFileSync(lockPath, JSON.stringify({ ...holder, url }));
        },
        release() {
          if (released) return;
          released = true;
          const current = readHolder(lockPath);
          if (current?.pid === process.pid) fs.rmSync(lockPath, { force: true });
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const existing = readHolder(lockPath);
      if (
        existing &&
        existing.pid !== process.pid &&
        existing.hostname === os.hostname() &&
        isAlive(existing.pid)
      ) {
        throw new DataDirLockedError(dataDir, existing);
      }
      if (existing && existing.hostname !== os.hostname()) {
        throw new DataDirLockedError(dataDir, existing);
      }
      // Stale lock of a process that is gone: take it over.
      fs.rmSync(lockPath, { force: true });
    }
  }
  throw new Error(`Could not lock the data folder ${dataDir}`);
}
