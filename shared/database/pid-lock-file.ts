import { closeSync, openSync, readFileSync, renameSync, unlinkSync, writeSync } from 'node:fs';

/** Lock files this process holds: its own pid in a lock file it does not list is a previous life's. */
const heldHere = new Set<string>();

type Holder = number | 'nobody' | 'unknown';

function readHolder(path: string): Holder {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'nobody';
    throw error;
  }
  const pid = Number(text.trim());
  // Empty while its creator is between open and write: treated as held, never as stale.
  return Number.isSafeInteger(pid) && pid > 0 ? pid : 'unknown';
}

function isAlive(pid: number, path: string): boolean {
  // In a container the same pid comes back after a restart, so our own pid is alive only if we took the lock.
  if (pid === process.pid) return heldHere.has(path);
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'; // alive, someone else's
  }
}

function createExclusively(path: string): boolean {
  let descriptor: number;
  try {
    descriptor = openSync(path, 'wx');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
  try {
    writeSync(descriptor, String(process.pid));
  } finally {
    closeSync(descriptor);
  }
  return true;
}

/**
 * Moves a dead holder's lock out of the way. Renaming is atomic, so of several processes that
 * found the same stale lock only one removes it; the loser may at worst move aside a lock just
 * taken by another, which that process then notices with isHeld() before using what it guards.
 */
function discardStale(path: string): void {
  const aside = `${path}.stale-${process.pid}-${Date.now()}`;
  try {
    renameSync(path, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  unlinkSync(aside);
}

/**
 * An exclusive lock between processes on one machine: a file created with O_EXCL holding the
 * owner's pid. A lock whose process is dead is stale and is taken over.
 */
export class PidLockFile {
  private constructor(readonly path: string) {}

  /** The lock, or null while a live process holds it. */
  static tryAcquire(path: string): PidLockFile | null {
    // Two rounds: the lock may vanish or turn out stale between our attempts; more means contention.
    for (let round = 0; round < 2; round += 1) {
      if (createExclusively(path)) {
        heldHere.add(path);
        return new PidLockFile(path);
      }
      const holder = readHolder(path);
      if (holder === 'unknown' || (holder !== 'nobody' && isAlive(holder, path))) return null;
      if (holder !== 'nobody') discardStale(path);
    }
    return null;
  }

  /** Who holds the lock at `path`, for messages; null if nobody does. */
  static holderOf(path: string): number | null {
    const holder = readHolder(path);
    return typeof holder === 'number' ? holder : null;
  }

  /** Whether the file still names this process (see discardStale for how it could stop doing so). */
  isHeld(): boolean {
    return heldHere.has(this.path) && readHolder(this.path) === process.pid;
  }

  /** Removes the file if it still names this process; never another process's lock. */
  release(): void {
    if (this.isHeld()) unlinkSync(this.path);
    heldHere.delete(this.path);
  }
}
