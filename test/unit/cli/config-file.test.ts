import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  CONFIG_KEYS,
  FETCH_TUNABLES,
  type LoadedConfig,
  resolveDbDir,
  validateConfig,
} from '../../../cli/config-file.js';

const schema = JSON.parse(
  readFileSync(new URL('../../../newsmon.config.schema.json', import.meta.url), 'utf8'),
) as {
  properties: Record<string, { properties?: Record<string, Record<string, unknown>> }>;
};

describe('the published configuration schema', () => {
  it('names exactly the keys the CLI reads', () => {
    expect(Object.keys(schema.properties).sort()).toEqual([...CONFIG_KEYS].sort());
  });

  it('states the defaults and bounds of the tunables table for every fetch setting', () => {
    const fetch = schema.properties.fetch?.properties ?? {};
    expect(Object.keys(fetch).sort()).toEqual(Object.keys(FETCH_TUNABLES).sort());
    for (const [key, tunable] of Object.entries(FETCH_TUNABLES)) {
      expect(fetch[key], key).toMatchObject({
        default: tunable.default,
        minimum: tunable.min,
        maximum: tunable.max,
      });
      expect(String(fetch[key]?.description)).toContain(tunable.env);
    }
  });
});

describe('validateConfig', () => {
  it('lists every problem of a file at once', () => {
    const problems: string[] = [];
    validateConfig(
      {
        sources: [{ url: 'ftp://x' }, { url: 'https://a.rednet.cn/', name: 'A', site: 'A B' }],
        alertWindow: 'soon',
        fetch: { minIntervalMs: -1, bogus: 1 },
        colour: 'red',
      },
      problems,
    );
    expect(problems).toEqual([
      'unknown key "colour" (known: sources, alertWindow, db, notify, fetch)',
      'sources[0].url: expected an http(s) URL',
      'sources[0].name: required',
      'sources[1].site: expected a sub-site label such as hy',
      'alertWindow: expected a duration such as 6h, 48h, 7d or "all"',
      `fetch.minIntervalMs: expected a whole number 0–${FETCH_TUNABLES.minIntervalMs.max}`,
      'fetch: unknown key "bogus" (known: minIntervalMs, maxConcurrencyPerHost, articleConcurrency, maxPagesPerSource)',
    ]);
  });
});

describe('resolveDbDir', () => {
  const withDb: LoadedConfig = { path: '/proj/newsmon.config.json', file: { db: 'data/db' } };
  const without: LoadedConfig = { path: null, file: {} };

  it('takes --db first, relative to the current directory', () => {
    expect(resolveDbDir('x', withDb, { NEWSMON_HOME: '/h' }, '/cwd')).toEqual({
      dir: '/cwd/x',
      from: '--db',
    });
  });

  it("then the file's db, relative to the file", () => {
    expect(resolveDbDir(undefined, withDb, { NEWSMON_HOME: '/h' }, '/cwd').dir).toBe(
      '/proj/data/db',
    );
  });

  it('then NEWSMON_HOME, then ~/.newsmon, never the current directory', () => {
    expect(resolveDbDir(undefined, without, { NEWSMON_HOME: '/h' }, '/cwd')).toEqual({
      dir: '/h/db',
      from: 'NEWSMON_HOME',
    });
    const fallback = resolveDbDir(undefined, without, {}, '/cwd');
    expect(fallback.from).toBe('default');
    expect(fallback.dir).toMatch(/\.newsmon[/\\]db$/);
    expect(fallback.dir.startsWith('/cwd')).toBe(false);
  });
});
