import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { App } from 'aws-cdk-lib';
import { NewsmonStack } from '../../lib/newsmon-stack.js';
import { parseStackConfig } from '../../lib/stack-config.js';

let bundle: Promise<string> | undefined;

/**
 * Synthesizes the real stack into a temporary directory and returns the absolute path of the
 * monitor function's bundled `index.js`, exactly the file Lambda would load. Synthesizing (rather
 * than calling esbuild directly) means a bundling mistake in the construct breaks the tests.
 * Built once per process; the directory is removed when the process exits.
 */
export function buildMonitorBundle(): Promise<string> {
  bundle ??= Promise.resolve().then(synthesizeBundle);
  return bundle;
}

// Inside the project, so that `require('@aws-sdk/...')` in the bundle (external, as the Lambda
// runtime provides it) resolves from the project's node_modules like it does from /var/runtime.
const cacheDir = fileURLToPath(new URL('../../node_modules/.cache/newsmon/', import.meta.url));

function synthesizeBundle(): string {
  mkdirSync(cacheDir, { recursive: true });
  const outdir = mkdtempSync(join(cacheDir, 'bundle-'));
  process.once('exit', () => rmSync(outdir, { recursive: true, force: true }));

  const app = new App({ outdir, context: { 'aws:cdk:enable-asset-metadata': true } });
  const stack = new NewsmonStack(app, 'NewsmonBundle', { config: parseStackConfig({}) });
  const template = app.synth().getStackByName(stack.stackName).template as {
    Resources: Record<string, { Type: string; Metadata?: Record<string, unknown> }>;
  };

  const functionLogicalId = stack.getLogicalId(
    stack.monitor.function.node.defaultChild as Parameters<typeof stack.getLogicalId>[0],
  );
  const assetPath = template.Resources[functionLogicalId]?.Metadata?.['aws:asset:path'];
  if (typeof assetPath !== 'string') {
    throw new Error(`monitor function ${functionLogicalId} has no aws:asset:path metadata`);
  }
  const file = join(outdir, assetPath, 'index.js');
  if (!existsSync(file)) throw new Error(`bundled monitor not found at ${file}`);
  return file;
}
