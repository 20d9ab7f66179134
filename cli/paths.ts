import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The installed package's root directory, found from this module's own location (never the
 * current directory), so `newsmon` works from anywhere after `npm link` or a global install.
 * The compiled CLI lives in `cli/.build/<id>/`, the source in `cli/`: walking up to the
 * package.json named `newsmon` finds the root from either.
 */
function findPackageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest)) {
      const { name } = JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string };
      if (name === 'newsmon') return dir;
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error('newsmon: cannot find the package root from its own files');
    dir = parent;
  }
}

let root: string | undefined;

/** Absolute path of a file shipped with newsmon (`packagePath('cli', 'demo-site')`). */
export function packagePath(...parts: string[]): string {
  root ??= findPackageRoot();
  return join(root, ...parts);
}
