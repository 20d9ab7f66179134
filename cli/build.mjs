// Compiles the CLI (cli/main.ts and everything it imports) to JavaScript with the project's own
// esbuild, so a command starts without compiling TypeScript. Run by `npm ci`/`npm install`
// (the `prepare` script) and by the bin itself when a source file is newer than the build.
// Plain JavaScript on purpose: it must run before anything is compiled.
import { mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const BUILD_DIR = join(ROOT, 'cli', '.build');
export const MANIFEST = join(BUILD_DIR, 'current.json');

/** Old build directories are removed once they are this old (a running watcher may use one). */
const KEEP_OLD_MS = 60 * 60 * 1000;

/**
 * Builds into a fresh `cli/.build/<id>/` and then points `current.json` at it, so a command
 * already running from an older build keeps its files. Returns the manifest.
 * @returns {Promise<{ id: string, entry: string, inputs: Record<string, number> }>}
 */
export async function build() {
  const esbuild = await import('esbuild');
  const id = `${Date.now().toString(36)}-${process.pid}`;
  const outdir = join(BUILD_DIR, id);
  const result = await esbuild.build({
    absWorkingDir: ROOT,
    entryPoints: ['cli/main.ts'],
    outdir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    outExtension: { '.js': '.mjs' },
    // Pure-JS dependencies (the AWS SDK, cheerio) are compiled in: one file parses much faster
    // than resolving and loading hundreds of small modules at each start. dynalite keeps its
    // native LevelDB binding and loads from node_modules as installed.
    external: ['dynalite', 'esbuild', 'tsx'],
    mainFields: ['module', 'main'],
    banner: {
      js: "import { createRequire as __newsmonRequire } from 'node:module'; const require = __newsmonRequire(import.meta.url);",
    },
    metafile: true,
    logLevel: 'silent',
    legalComments: 'none',
  });
  /** @type {Record<string, number>} */
  const inputs = {};
  for (const input of Object.keys(result.metafile.inputs)) {
    const watched = packageJsonOf(input) ?? input;
    inputs[watched] ??= statSync(join(ROOT, watched)).mtimeMs;
  }
  const manifest = { id, entry: join(id, 'main.mjs'), inputs };
  const temp = `${MANIFEST}.${process.pid}`;
  writeFileSync(temp, JSON.stringify(manifest));
  renameSync(temp, MANIFEST);
  removeOldBuilds(id);
  return manifest;
}

function removeOldBuilds(/** @type {string} */ keep) {
  for (const name of readdirSync(BUILD_DIR)) {
    if (name === keep || name === 'current.json' || name.startsWith('current.json.')) continue;
    const path = join(BUILD_DIR, name);
    try {
      if (Date.now() - statSync(path).mtimeMs > KEEP_OLD_MS) {
        rmSync(path, { recursive: true, force: true });
      }
    } catch {
      // Removed by a concurrent build: nothing to do.
    }
  }
}

/**
 * A dependency is watched through its package.json, which installing, upgrading or removing the
 * package rewrites: about a hundred files to check at each start instead of every one of the
 * thousand-odd files compiled in (a hand edit inside node_modules needs `npm run build`).
 * @returns {string | null} the package.json of the package `input` belongs to, if any
 */
function packageJsonOf(/** @type {string} */ input) {
  const match = /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(input);
  return match ? `${match[1]}/package.json` : null;
}

/** Whether any input of the build is missing or newer than when it was compiled. */
export function isStale(/** @type {{ inputs: Record<string, number> }} */ manifest) {
  for (const [input, mtimeMs] of Object.entries(manifest.inputs)) {
    try {
      if (statSync(join(ROOT, input)).mtimeMs !== mtimeMs) return true;
    } catch {
      return true;
    }
  }
  return false;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  mkdirSync(dirname(MANIFEST), { recursive: true });
  const manifest = await build();
  process.stdout.write(
    `newsmon: CLI compiled to ${relative(ROOT, join(BUILD_DIR, manifest.entry))}\n`,
  );
}
