import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PidLockFile } from './pid-lock-file';

describe('PidLockFile', () => {
  let directory: string;
  let path: string;

  beforeEach(() => {
    directory = mkdtempSync(join(tmpdir(), 'pid-lock-file-'));
    path = join(directory, 'test.lock');
  });

  afterEach(() => {
    rmSync(directory, { recursive: true, force: true });
  });

  it('is taken by one holder at a time, with its pid inside', () => {
    const lock = PidLockFile.tryAcquire(path);

    expect(lock).not.toBeNull();
    expect(readFileSync(path, 'utf8')).toBe(String(process.pid));
    expect(PidLockFile.tryAcquire(path)).toBeNull();
    lock?.release();
  });

  it('can be taken again once released', () => {
    PidLockFile.tryAcquire(path)?.release();

    expect(existsSync(path)).toBe(false);
    const again = PidLockFile.tryAcquire(path);
    expect(again?.isHeld()).toBe(true);
    again?.release();
  });

  it('is not taken from a live process', () => {
    writeFileSync(path, String(process.ppid));

    expect(PidLockFile.tryAcquire(path)).toBeNull();
    expect(readFileSync(path, 'utf8')).toBe(String(process.ppid));
  });

  it('takes over a lock whose process is dead', () => {
    const dead = spawnSync(process.execPath, ['-e', '']).pid!;
    writeFileSync(path, String(dead));

    const lock = PidLockFile.tryAcquire(path);

    expect(lock?.isHeld()).toBe(true);
    lock?.release();
  });

  it('takes over its own pid left by a previous life (a restarted container reuses pids)', () => {
    writeFileSync(path, String(process.pid));

    const lock = PidLockFile.tryAcquire(path);

    expect(lock?.isHeld()).toBe(true);
    lock?.release();
  });

  it('treats a lock still being written (no pid yet) as held', () => {
    writeFileSync(path, '');

    expect(PidLockFile.tryAcquire(path)).toBeNull();
  });

  it('never removes a lock that another process took meanwhile', () => {
    const lock = PidLockFile.tryAcquire(path)!;
    writeFileSync(path, String(process.ppid));

    lock.release();

    expect(readFileSync(path, 'utf8')).toBe(String(process.ppid));
  });
});
