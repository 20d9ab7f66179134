import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../../..');
const BIOME = join(ROOT, 'node_modules/.bin/biome');

interface Diagnostic {
  category: string;
  location: { path: string };
}

/**
 * Lints probe files laid out like the project, with the project's own biome.json (minus the VCS
 * settings, since the probe directory is no git checkout), and returns the restricted-import findings.
 */
function restrictedImports(probes: Record<string, string>): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'newsmon-deps-'));
  try {
    const config = JSON.parse(readFileSync(join(ROOT, 'biome.json'), 'utf8')) as Record<
      string,
      unknown
    >;
    delete config.vcs;
    config.files = { ignoreUnknown: true };
    writeFileSync(join(dir, 'biome.json'), JSON.stringify(config));
    for (const [path, source] of Object.entries(probes)) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), source);
    }
    let out: string;
    try {
      out = execFileSync(BIOME, ['lint', '--reporter=json', '.'], {
        cwd: dir,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      });
    } catch (error) {
      out = String((error as { stdout?: string }).stdout ?? '');
    }
    const report = JSON.parse(out) as { diagnostics: Diagnostic[] };
    return report.diagnostics
      .filter((d) => d.category === 'lint/style/noRestrictedImports')
      .map((d) => d.location.path)
      .sort();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const importing = (specifier: string) =>
  `import * as probe from '${specifier}';\n\nexport const used = probe;\n`;

describe('dependency rules enforced by the linter', () => {
  let rejected: string[] = [];

  beforeAll(() => {
    rejected = restrictedImports({
      'functions/metrics/aws-sdk.ts': importing('@aws-sdk/lib-dynamodb'),
      'functions/metrics/store.ts': importing('../store/items.js'),
      'functions/rednet/network.ts': importing('node:https'),
      'functions/rednet/powertools.ts': importing('@aws-lambda-powertools/logger'),
      'functions/rednet/monitor.ts': importing('../monitor/ports.js'),
      'functions/monitor/cli.ts': importing('../../cli/args.js'),
      'functions/store/cdk.ts': importing('aws-cdk-lib'),
      'functions/http/site.ts': importing('../rednet/index.js'),
      // Allowed: adapters use the SDK, the monitor uses the site module, the site module is pure.
      'functions/store/adapter.ts': importing('@aws-sdk/lib-dynamodb'),
      'functions/monitor/site.ts': importing('../rednet/index.js'),
      'functions/rednet/pure.ts': importing('../metrics/index.js'),
    });
  }, 60_000);

  afterAll(() => {
    rejected = [];
  });

  it('rejects AWS SDK, Powertools, network, store and monitor imports in the pure modules', () => {
    expect(rejected).toEqual(
      expect.arrayContaining([
        'functions/metrics/aws-sdk.ts',
        'functions/metrics/store.ts',
        'functions/rednet/monitor.ts',
        'functions/rednet/network.ts',
        'functions/rednet/powertools.ts',
      ]),
    );
  });

  it('keeps the HTTP client free of the site module', () => {
    expect(rejected).toContain('functions/http/site.ts');
  });

  it('rejects CLI and CDK imports anywhere in the deployed functions', () => {
    expect(rejected).toEqual(
      expect.arrayContaining(['functions/monitor/cli.ts', 'functions/store/cdk.ts']),
    );
  });

  it('lets adapters use the SDK and the use cases use the site module', () => {
    expect(rejected).not.toContain('functions/store/adapter.ts');
    expect(rejected).not.toContain('functions/monitor/site.ts');
    expect(rejected).not.toContain('functions/rednet/pure.ts');
    expect(rejected).toHaveLength(8);
  });
});
