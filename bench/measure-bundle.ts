import { execFileSync } from 'node:child_process';
import { mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Metafile } from 'esbuild';

const projectRoot = fileURLToPath(new URL('../', import.meta.url));
const outDir = join(projectRoot, 'node_modules/.cache/newsmon/bench');
const handlerEntry = join(projectRoot, 'functions/monitor/handler.ts');

export interface BundleAnalysis {
  bytes: number;
  topInputs: Array<{ name: string; bytes: number }>;
}

/**
 * Size of the bundle CDK built, and what dominates it. The metafile comes from an esbuild run with
 * the construct's options (CDK does not keep one in the asset); its size is checked against CDK's.
 */
export async function analyseBundle(cdkBundlePath: string): Promise<BundleAnalysis> {
  mkdirSync(outDir, { recursive: true });
  const metafile = await bundleMetafile(join(outDir, 'handler.js'));
  return {
    bytes: statSync(cdkBundlePath).size,
    topInputs: topPackages(metafile, 8),
  };
}

async function bundleMetafile(outfile: string): Promise<Metafile> {
  const result = await build({
    entryPoints: [handlerEntry],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node22',
    minify: true,
    charset: 'utf8',
    external: ['@aws-sdk/*'],
    metafile: true,
    logLevel: 'silent',
  });
  return result.metafile;
}

function topPackages(metafile: Metafile, count: number): Array<{ name: string; bytes: number }> {
  const byPackage = new Map<string, number>();
  for (const output of Object.values(metafile.outputs)) {
    for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
      const match = input.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/);
      const name = match?.[1] ?? input.split('/').slice(0, 2).join('/');
      byPackage.set(name, (byPackage.get(name) ?? 0) + bytesInOutput);
    }
  }
  return [...byPackage.entries()]
    .map(([name, bytes]) => ({ name, bytes }))
    .sort((a, b) => b.bytes - a.bytes)
    .slice(0, count);
}

/** Median time to `require()` each bundle in a fresh Node process, as a Lambda cold start does. */
export async function measureColdStart(bundlePath: string, runs = 10): Promise<number> {
  const times: number[] = [];
  for (let run = 0; run < runs; run++) times.push(loadTimeMs(bundlePath));
  return median(times);
}

function loadTimeMs(bundlePath: string): number {
  const script = `const t=performance.now();require(${JSON.stringify(bundlePath)});process.stdout.write(String(performance.now()-t));`;
  const output = execFileSync(process.execPath, ['-e', script], {
    env: {
      ...process.env,
      TABLE_NAME: 'bench',
      ALERT_TOPIC_ARN: 'arn:aws:sns:us-east-1:123456789012:bench',
      AWS_REGION: 'us-east-1',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    },
    encoding: 'utf8',
  });
  return Number(output);
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[middle] ?? 0)
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}
