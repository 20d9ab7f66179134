import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { acquireDbLock, LOCK_FILE } from '../../../cli/db-lock.js';
import { parseDuration, parseSince } from '../../../cli/duration.js';
import { CliError, UsageError } from '../../../cli/errors.js';
import { toShanghaiIso } from '../../../functions/shared/shanghai-time.js';

describe('parseDuration', () => {
  it('reads the units a user types', () => {
    expect(parseDuration('500ms', '--x')).toBe(500);
    expect(parseDuration('30s', '--x')).toBe(30_000);
    expect(parseDuration('15m', '--x')).toBe(900_000);
    expect(parseDuration('48h', '--x')).toBe(172_800_000);
    expect(parseDuration('7d', '--x')).toBe(604_800_000);
  });

  it('rejects anything else as bad usage naming the option', () => {
    expect(() => parseDuration('often', '--watch')).toThrow(UsageError);
    expect(() => parseDuration('0s', '--watch')).toThrow(/--watch must be greater than zero/);
    expect(() => parseDuration('15', '--watch')).toThrow(/--watch expects a duration/);
  });
});

describe('parseSince', () => {
  const now = new Date('2026-11-27T10:00:00Z');

  it('reads a bare date as midnight in Asia/Shanghai', () => {
    expect(parseSince('2024-08-20', now)).toBe('2024-08-20T00:00:00+08:00');
  });

  it('keeps an explicit offset and reads a time without one as Shanghai time', () => {
    expect(parseSince('2024-08-20T00:00:00Z', now)).toBe('2024-08-20T08:00:00+08:00');
    expect(parseSince('2024-08-20T09:30:00', now)).toBe('2024-08-20T09:30:00+08:00');
  });

  it('reads a duration as that long before now', () => {
    expect(parseSince('7d', now)).toBe(toShanghaiIso(new Date('2026-11-20T10:00:00Z')));
    expect(parseSince('7d', now)).toBe('2026-11-20T18:00:00+08:00');
  });

  it('rejects words and impossible dates', () => {
    expect(() => parseSince('yesterday', now)).toThrow(/--since expects a date/);
    expect(() => parseSince('2024-13-45', now)).toThrow(UsageError);
  });
});

describe('acquireDbLock', () => {
  let dir: string;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'newsmon-lock-'));
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes our pid and removes the lock on release', async () => {
    const release = acquireDbLock(dir, 'db');
    expect((await readFile(join(dir, LOCK_FILE), 'utf8')).trim()).toBe(String(process.pid));
    release();
    await expect(readFile(join(dir, LOCK_FILE), 'utf8')).rejects.toThrow(/ENOENT/);
  });

  it('refuses a directory held by a live process with the locked message', async () => {
    await writeFile(join(dir, LOCK_FILE), `${process.ppid}\n`);
    expect(() => acquireDbLock(dir, 'db')).toThrow(CliError);
    expect(() => acquireDbLock(dir, 'db')).toThrow(
      /^database is locked \(another newsmon is running\?\): db is in use by pid \d+$/,
    );
  });

  it('replaces a lock left by a process that is gone (kill -9, power loss)', async () => {
    const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
    await writeFile(join(dir, LOCK_FILE), `${gone.stdout.toString()}\n`);
    const release = acquireDbLock(dir, 'db');
    expect((await readFile(join(dir, LOCK_FILE), 'utf8')).trim()).toBe(String(process.pid));
    release();
  });
});
