import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, parseAlertWindow } from '../../../functions/monitor/config.js';
import { DEFAULT_SOURCES } from '../../../functions/monitor/default-sources.js';

const valid = {
  TABLE_NAME: 'newsmon-Articles',
  ALERT_TOPIC_ARN: 'arn:aws:sns:us-east-1:123456789012:newsmon-alerts',
};

function problems(env: Record<string, string | undefined>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('applies the documented defaults for tunables', () => {
    const config = loadConfig(valid);
    expect(config).toMatchObject({
      tableName: 'newsmon-Articles',
      alertWindowMs: 48 * 3_600_000,
      maxPagesPerSource: 3,
      articleConcurrency: 4,
      fetchMaxConcurrencyPerHost: 2,
      fetchMinIntervalMs: 500,
    });
    expect(config.sources).toBe(DEFAULT_SOURCES);
  });

  it('lists every bad variable in one error', () => {
    const found = problems({
      ALERT_WINDOW: 'soon',
      MAX_PAGES_PER_SOURCE: '0',
      ARTICLE_CONCURRENCY: 'many',
    });
    const variables = found.map((p) => p.split(':')[0]);
    expect(variables).toEqual(
      expect.arrayContaining([
        'TABLE_NAME',
        'ALERT_TOPIC_ARN',
        'ALERT_WINDOW',
        'MAX_PAGES_PER_SOURCE',
        'ARTICLE_CONCURRENCY',
      ]),
    );
    expect(() => loadConfig({})).toThrow(/TABLE_NAME: required/);
  });

  it('rejects a topic that is not an SNS ARN', () => {
    expect(problems({ ...valid, ALERT_TOPIC_ARN: 'newsmon-alerts' })[0]).toMatch(
      /^ALERT_TOPIC_ARN/,
    );
  });

  it('reads SOURCES_JSON and says which entry is wrong', () => {
    const sources = [{ url: 'https://hy.rednet.cn/channel/9560.html', name: '衡阳' }];
    expect(loadConfig({ ...valid, SOURCES_JSON: JSON.stringify(sources) }).sources).toEqual(
      sources,
    );
    expect(problems({ ...valid, SOURCES_JSON: '[{"url":"ftp://x","name":""}]' })).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^SOURCES_JSON\[0\]\.url/),
        expect.stringMatching(/^SOURCES_JSON\[0\]\.name/),
      ]),
    );
    expect(problems({ ...valid, SOURCES_JSON: '[' })[0]).toMatch(/SOURCES_JSON: not valid JSON/);
    expect(problems({ ...valid, SOURCES_JSON: '[]' })[0]).toMatch(/at least one source/);
  });

  it('treats empty variables as unset', () => {
    expect(loadConfig({ ...valid, SOURCES_JSON: '', ALERT_WINDOW: '' }).alertWindowMs).toBe(
      48 * 3_600_000,
    );
  });
});

describe('parseAlertWindow', () => {
  it('reads minutes, hours, days and all', () => {
    expect(parseAlertWindow('30m')).toBe(1_800_000);
    expect(parseAlertWindow('6h')).toBe(21_600_000);
    expect(parseAlertWindow('7d')).toBe(604_800_000);
    expect(parseAlertWindow('ALL')).toBe('all');
  });

  it('rejects zero, negative and unit-less windows', () => {
    expect(parseAlertWindow('0h')).toBeNull();
    expect(parseAlertWindow('-1h')).toBeNull();
    expect(parseAlertWindow('48')).toBeNull();
  });
});

describe('DEFAULT_SOURCES', () => {
  it('lists the province column and the 14 prefecture sites, each once', () => {
    expect(DEFAULT_SOURCES).toHaveLength(15);
    expect(new Set(DEFAULT_SOURCES.map((s) => s.url)).size).toBe(15);
    for (const source of DEFAULT_SOURCES)
      expect(source.url).toMatch(/^https:\/\/[a-z]+\.rednet\.cn\//);
  });
});
