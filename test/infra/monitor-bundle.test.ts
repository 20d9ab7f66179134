import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, isAbsolute } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildMonitorBundle } from '../support/monitor-bundle.js';

/**
 * The bundle target users pay for on every cold start (`npm run bench` reports the breakdown).
 * Full `cheerio` or a bundled AWS SDK would each push the asset far past it.
 */
const MAX_BUNDLE_BYTES = 300 * 1024;

let file: string;
let code: string;

beforeAll(async () => {
  file = await buildMonitorBundle();
  code = readFileSync(file, 'utf8');
});

afterAll(() => {
  vi.unstubAllEnvs();
});

describe('monitor function bundle', () => {
  it('is one index.js in the asset directory, with no source map or metafile', () => {
    expect(isAbsolute(file)).toBe(true);
    expect(readdirSync(dirname(file))).toEqual(['index.js']);
    expect(code).not.toContain('sourceMappingURL');
  });

  it('keeps Chinese text as UTF-8 instead of \\u escapes', () => {
    // esbuild's default ASCII charset escapes CJK in strings (regex literals stay raw either way).
    const raw = code.match(/[\u4e00-\u9fff]/g)?.length ?? 0;
    const escaped = code.match(/\\u[4-9][0-9a-f]{3}/gi)?.length ?? 0;
    expect(raw).toBeGreaterThan(10 * escaped);
  });

  it('stays within the 300 KiB bundle target', () => {
    expect(statSync(file).size).toBeLessThan(MAX_BUNDLE_BYTES);
  });

  it('is CommonJS with the AWS SDK left to the runtime', () => {
    expect(code).toMatch(/module\.exports/);
    expect(code).not.toMatch(/^\s*(import|export)\s/m);
    const sdkPackages = [...code.matchAll(/["'](@aws-sdk\/[\w-]+)["']/g)].map((m) => m[1]);
    for (const name of sdkPackages) expect(code).toContain(`require("${name}")`);
    expect(code).not.toContain('@smithy/smithy-client');
  });

  it('is cached for the whole test process', async () => {
    await expect(buildMonitorBundle()).resolves.toBe(file);
  });

  it('loads with require() the way Lambda loads it and exports the handler', () => {
    // The handler validates its environment at cold start: give it what the stack gives it.
    vi.stubEnv('TABLE_NAME', 'newsmon-bundle-test');
    vi.stubEnv('ALERT_TOPIC_ARN', 'arn:aws:sns:us-east-1:000000000000:newsmon-bundle-test');
    vi.stubEnv('AWS_REGION', 'us-east-1');
    const loaded = createRequire(file)(file) as { handler?: unknown };
    expect(typeof loaded.handler).toBe('function');
  });
});
