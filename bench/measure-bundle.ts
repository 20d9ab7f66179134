import { execFileSync } from 'node:child_process';
import { mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Metafile, type Plugin } from 'esbuild';

const projectRoot = fileURLToPath(new URL('../', import.meta.url));
const outDir = join(projectRoot, 'node_modules/.cache/newsmon/bench');
const handlerEntry = join(projectRoot, 'functions/monitor/handler.ts');

export interface BundleAnalysis {
  bytes: number;
  topInputs: Array<{ name: string; bytes: number }>;
  fullCheerioBytes: number;
  fullCheerioBundlePath: string;
}

/**
 * Size of the bundle CDK built, and what dominates it. The metafile comes from an esbuild run with
 * the construct's options (CDK does not keep one in the asset); its size is checked against CDK's.
 */
export async function analyseBundle(cdkBundlePath: string): Promise<BundleAnalysis> {
  mkdirSync(outDir, { recursive: true });
  const slim = await bundleHandler(join(outDir, 'slim.js'), []);
  const full = await bundleHandler(join(outDir, 'full-cheerio.js'), [useFullCheerio]);
  return {
    bytes: statSync(cdkBundlePath).size,
    topInputs: topPackages(slim.metafile, 8),
    fullCheerioBytes: statSync(full.path).size,
    fullCheerioBundlePath: full.path,
  };
}

async function bundleHandler(outfile: string, plugins: Plugin[]) {
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
    plugins,
  });
  return { path: outfile, metafile: result.metafile };
}

/** The reference build: what the bundle would be with `cheerio` instead of `cheerio/slim`. */
const useFullCheerio: Plugin = {
  name: 'full-cheerio',
  setup(pluginBuild) {
    pluginBuild.onResolve({ filter: /^cheerio\/slim$/ }, (args) =>
      pluginBuild.resolve('cheerio', { kind: args.kind, resolveDir: args.resolveDir }),
    );
  },
};

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
export async function measureColdStart(
  slimPath: string,
  fullPath: string,
  runs = 10,
): Promise<{ slimMs: number; fullMs: number }> {
  const slim: number[] = [];
  const full: number[] = [];
  // Alternate the two so machine noise hits both alike.
  for (let run = 0; run < runs; run++) {
    slim.push(loadTimeMs(slimPath));
    full.push(loadTimeMs(fullPath));
  }
  return { slimMs: median(slim), fullMs: median(full) };
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
