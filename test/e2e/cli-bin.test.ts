import { spawn } from 'node:child_process';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, symlink, utimes } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type CliResult, cliEnv, collect, REPO_ROOT } from './cli-harness.js';

const VERSION = (
  JSON.parse(await readFile(join(REPO_ROOT, 'package.json'), 'utf8')) as {
    version: string;
  }
).version;

const copies: string[] = [];

afterEach(async () => {
  await Promise.all(copies.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

/**
 * The package as a user installs it, in a temporary directory: `cli/` copied without its build
 * (so the bin builds into the copy, never into the repository's build directory), the rest
 * linked. Without esbuild, node_modules links every installed package but esbuild's.
 */
async function installedCopy({ esbuild }: { esbuild: boolean }): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'newsmon-bin-'));
  copies.push(root);
  await cp(join(REPO_ROOT, 'cli'), join(root, 'cli'), {
    recursive: true,
    filter: (source) => !source.includes(`${join('cli', '.build')}`),
  });
  await cp(join(REPO_ROOT, 'package.json'), join(root, 'package.json'));
  for (const dir of ['functions', 'web']) {
    await symlink(join(REPO_ROOT, dir), join(root, dir), 'dir');
  }
  const modules = join(REPO_ROOT, 'node_modules');
  if (esbuild) {
    await symlink(modules, join(root, 'node_modules'), 'dir');
  } else {
    await mkdir(join(root, 'node_modules'));
    for (const name of await readdir(modules)) {
      if (name === 'esbuild' || name === '@esbuild' || name === '.bin') continue;
      await symlink(join(modules, name), join(root, 'node_modules', name), 'dir');
    }
  }
  return root;
}

function runBin(root: string, args: string[]): Promise<CliResult> {
  const child = spawn(process.execPath, [join(root, 'cli', 'newsmon.mjs'), ...args], {
    cwd: root,
    env: cliEnv({ NEWSMON_DEBUG: '1' }, root),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return collect(child);
}

async function manifestId(root: string): Promise<string | null> {
  try {
    const text = await readFile(join(root, 'cli', '.build', 'current.json'), 'utf8');
    return (JSON.parse(text) as { id: string }).id;
  } catch {
    return null;
  }
}

describe('the newsmon bin', () => {
  it('builds on first use, reuses a fresh build and rebuilds after a source file changes', async () => {
    const root = await installedCopy({ esbuild: true });

    const first = await runBin(root, ['--version']);
    expect(first.stdout.trim()).toBe(VERSION);
    const built = await manifestId(root);
    expect(built).not.toBeNull();

    const again = await runBin(root, ['--version']);
    expect(again.stdout.trim()).toBe(VERSION);
    expect(await manifestId(root)).toBe(built);

    const later = new Date(Date.now() + 60_000);
    await utimes(join(root, 'cli', 'cli.ts'), later, later);
    const changed = await runBin(root, ['--version']);
    expect(changed.code).toBe(0);
    expect(changed.stdout.trim()).toBe(VERSION);
    const rebuilt = await manifestId(root);
    expect(rebuilt).not.toBeNull();
    expect(rebuilt).not.toBe(built);
  }, 120_000);

  it('runs the TypeScript through tsx when esbuild cannot be loaded', async () => {
    const root = await installedCopy({ esbuild: false });

    const result = await runBin(root, ['--version']);
    expect(result.code).toBe(0);
    expect(result.stdout.trim()).toBe(VERSION);
    expect(result.stderr).toContain('build failed');
    expect(await manifestId(root)).toBeNull();
  }, 120_000);
});
