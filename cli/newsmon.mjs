#!/usr/bin/env node
// The `newsmon` bin. It runs the compiled CLI (cli/.build, made by cli/build.mjs during
// `npm ci` and rebuilt here whenever a source file changed), so a command does not compile
// TypeScript at each start. Every path is found from this file, never from the current directory.
import { readFileSync } from 'node:fs';
import module from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

// Node 22.1 and later keep V8's compiled code between runs (a public cache in the system's
// temporary directory), which spares most of a command's compile time; Node 20 has no such API.
if (typeof module.enableCompileCache === 'function') module.enableCompileCache();

// Library notices (the AWS SDK's Node-version notice, dynalite's DEP0066) are noise for CLI
// users; NEWSMON_DEBUG=1 shows them again.
if (!process.env.NEWSMON_DEBUG) {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  process.noDeprecation = true;
}

const buildDir = new URL('./.build/', import.meta.url);

function readManifest() {
  try {
    return JSON.parse(readFileSync(new URL('current.json', buildDir), 'utf8'));
  } catch {
    return null;
  }
}

async function entry() {
  let manifest = readManifest();
  if (process.env.NEWSMON_FROM_SOURCE !== '1') {
    const builder = await import('./build.mjs');
    if (manifest === null || builder.isStale(manifest)) {
      try {
        manifest = await builder.build();
      } catch (error) {
        // No esbuild (an install without dev dependencies and no prebuilt files): run the
        // TypeScript through tsx instead, slower but correct.
        if (process.env.NEWSMON_DEBUG) process.stderr.write(`newsmon: build failed: ${error}\n`);
        manifest = null;
      }
    }
    if (manifest !== null) return pathToFileURL(join(builder.BUILD_DIR, manifest.entry)).href;
  }
  const { register } = await import('tsx/esm/api');
  register();
  return new URL('./main.ts', import.meta.url).href;
}

await import(await entry());
