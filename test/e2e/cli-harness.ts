import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { main } from '../../cli/cli.js';
import type { CliIo } from '../../cli/io.js';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const CLI_BIN = join(REPO_ROOT, 'cli', 'newsmon.mjs');

/**
 * What a user's shell would pass: no debug, no AWS settings, no politeness delay for 127.0.0.1,
 * and NEWSMON_HOME inside the test's directory so no test touches the real ~/.newsmon.
 */
export function cliEnv(extra: Record<string, string> = {}, cwd?: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    FETCH_MIN_INTERVAL_MS: '0',
    ...(cwd === undefined ? {} : { NEWSMON_HOME: join(cwd, '.newsmon') }),
    ...extra,
  };
  for (const key of Object.keys(env)) {
    if (key.startsWith('AWS_') && !(key in extra)) delete env[key];
    if (key === 'NEWSMON_DEBUG' && !(key in extra)) delete env[key];
  }
  return env;
}

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Spawns `node cli/newsmon.mjs …` as a user would (≈0.6 s each: use sparingly). */
export function runCli(
  args: string[],
  { cwd, env = {} }: { cwd: string; env?: Record<string, string> },
): Promise<CliResult> {
  return collect(spawnCli(args, { cwd, env }));
}

/** Everything a spawned child wrote to stderr so far (see waitForStderr). */
const stderrSoFar = new WeakMap<ChildProcess, { text: string }>();

export function spawnCli(
  args: string[],
  { cwd, env = {} }: { cwd: string; env?: Record<string, string> },
): ChildProcess {
  const child = spawn(process.execPath, [CLI_BIN, ...args], {
    cwd,
    env: cliEnv(env, cwd),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const seen = { text: '' };
  stderrSoFar.set(child, seen);
  child.stderr?.on('data', (chunk: Buffer | string) => {
    seen.text += chunk.toString();
  });
  return child;
}

export function collect(child: ChildProcess): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

/** Resolves once the child's stderr (since it started) contains `text`; rejects after `timeoutMs`. */
export function waitForStderr(
  child: ChildProcess,
  text: string,
  timeoutMs = 20_000,
): Promise<void> {
  const seen = stderrSoFar.get(child) ?? { text: '' };
  return new Promise((resolve, reject) => {
    const check = (): void => {
      if (!seen.text.includes(text)) return;
      clearTimeout(timer);
      child.stderr?.off('data', onData);
      resolve();
    };
    const onData = (): void => {
      setImmediate(check);
    };
    const timer = setTimeout(() => {
      child.stderr?.off('data', onData);
      reject(new Error(`no '${text}' on stderr within ${timeoutMs} ms: ${seen.text}`));
    }, timeoutMs);
    child.stderr?.on('data', onData);
    check();
  });
}

/**
 * Runs the CLI's `main` in this process (same code path as the binary minus the process
 * wrapper), for the many cheap cases: help, usage errors, extract on each fixture page.
 */
export async function runInProcess(
  args: string[],
  cwd: string,
  env: Record<string, string> = {},
  stdinText = '',
): Promise<CliResult> {
  const stdin = new PassThrough();
  stdin.end(stdinText);
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.setEncoding('utf8').on('data', (chunk: string) => {
    out += chunk;
  });
  stderr.setEncoding('utf8').on('data', (chunk: string) => {
    err += chunk;
  });
  const io: CliIo = {
    stdin,
    stdout,
    stderr,
    env: cliEnv(env, cwd),
    cwd,
    signal: new AbortController().signal,
  };
  const code = await main(args, io);
  await new Promise((resolve) => setImmediate(resolve));
  return { code, signal: null, stdout: out, stderr: err };
}

export async function makeTempDir(
  prefix: string,
): Promise<{ dir: string; remove: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), `newsmon-${prefix}-`));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

/** Non-empty lines of a stream's text. */
export function lines(text: string): string[] {
  return text.split('\n').filter((line) => line.trim() !== '');
}
