import { closeSync, openSync, readFileSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { CliError, errorCode } from './errors.js';

export const LOCK_FILE = 'newsmon.pid';

/**
 * Takes the embedded database directory for this process: LevelDB allows one opener, and
 * dynalite reports a second one only as a crash inside a request. The lock file is created
 * atomically (`wx`) and holds our pid; a lock whose process is gone is stale and replaced.
 * Returns the release function (also run on process exit).
 */
export function acquireDbLock(dir: string, displayDir: string): () => void {
  const path = join(dir, LOCK_FILE);
  for (let attempt = 0; attempt < 3; attempt += 1) {
    try {
      const fd = openSync(path, 'wx');
      writeSync(fd, `${process.pid}\n`);
      closeSync(fd);
      let released = false;
      const release = (): void => {
        if (released) return;
        released = true;
        process.off('exit', release);
        try {
          unlinkSync(path);
        } catch {
          // Already gone: nothing to release.
        }
      };
      process.on('exit', release);
      return release;
    } catch (error) {
      if (errorCode(error) !== 'EEXIST') throw error;
    }
    const holder = readHolder(path);
    // An empty lock younger than a few seconds belongs to a process still writing its pid.
    const starting = holder === null && isRecent(path);
    if (starting || (holder !== null && (holder === process.pid || isAlive(holder)))) {
      throw new CliError(
        `database is locked (another newsmon is running?): ${displayDir} is in use by ${holder ? `pid ${holder}` : 'a starting process'}`,
      );
    }
    try {
      unlinkSync(path);
    } catch {
      // Another starter removed the stale lock first; retry the atomic create.
    }
  }
  throw new CliError(`database is locked (another newsmon is running?): ${displayDir}`);
}

function readHolder(path: string): number | null {
  try {
    const pid = Number.parseInt(readFileSync(path, 'utf8').trim(), 10);
    return Number.isSafeInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return errorCode(error) === 'EPERM';
  }
}

function isRecent(path: string): boolean {
  try {
    return Date.now() - statSync(path).mtimeMs < 5_000;
  } catch {
    return false;
  }
}
