import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../functions/monitor/config.js';
import { CLOUDWATCH_METRICS, METRIC_NAMES } from '../../../functions/shared/metric-names.js';
import { observabilityIdentity } from '../../../functions/shared/observability.js';
import { SNS_TOPIC_ARN, TUNABLE_LIST, TUNABLES } from '../../../functions/shared/tunables.js';
import { parseStackConfig, StackConfigError } from '../../../lib/stack-config.js';

const valid = {
  TABLE_NAME: 'newsmon-Articles',
  ALERT_TOPIC_ARN: 'arn:aws:sns:us-east-1:123456789012:newsmon-alerts',
};

// The monitor's rows; `readBy: 'notify'` rows are checked with the notification module.
const envRows = TUNABLE_LIST.filter((row) => row.env !== undefined && row.readBy === undefined);
const contextRows = TUNABLE_LIST.filter((row) => row.contextKey !== undefined);

describe('the tunables table', () => {
  it('keys every row by its name and keeps each default within its bounds', () => {
    for (const [key, row] of Object.entries(TUNABLES)) {
      expect(row.name).toBe(key);
      expect(row.min).toBeLessThanOrEqual(row.default);
      expect(row.default).toBeLessThanOrEqual(row.max);
      expect(row.doc.length).toBeGreaterThan(10);
    }
  });

  it.each(envRows.map((row) => [row.env, row] as const))(
    'makes the function accept %s from its minimum to its maximum and nothing beyond',
    (env, row) => {
      const read = (value: number) =>
        (
          loadConfig({ ...valid, [env as string]: String(value) }) as unknown as Record<
            string,
            number
          >
        )[row.name];
      expect(read(row.min)).toBe(row.min);
      expect(read(row.max)).toBe(row.max);
      expect((loadConfig(valid) as unknown as Record<string, number>)[row.name]).toBe(row.default);
      expect(() => read(row.min - 1)).toThrow(ConfigError);
      expect(() => read(row.max + 1)).toThrow(ConfigError);
    },
  );

  it.each(contextRows.map((row) => [row.contextKey, row] as const))(
    'makes the CDK context accept %s with the same default and bounds',
    (key, row) => {
      const read = (value: unknown) =>
        (parseStackConfig({ [key as string]: value }) as unknown as Record<string, number>)[
          key as string
        ];
      expect(read(undefined)).toBe(row.default);
      expect(read(String(row.min))).toBe(row.min);
      expect(read(row.max)).toBe(row.max);
      expect(() => read(row.min - 1)).toThrow(StackConfigError);
      expect(() => read(row.max + 1)).toThrow(StackConfigError);
    },
  );
});

describe('SNS_TOPIC_ARN', () => {
  it.each([
    'arn:aws:sns:us-east-1:123456789012:newsmon-alerts',
    'arn:aws-cn:sns:cn-north-1:123456789012:Newsmon-AlertTopic2720D535-AbCdEf123456',
  ])('accepts the topic ARN %s', (arn) => {
    expect(SNS_TOPIC_ARN.test(arn)).toBe(true);
  });

  it.each([
    'newsmon-alerts',
    'arn:aws:sns:::newsmon-alerts',
    'arn:aws:sns:us-east-1:1234:newsmon-alerts',
    'arn:aws:sqs:us-east-1:123456789012:newsmon-alerts',
  ])('rejects %s', (arn) => {
    expect(SNS_TOPIC_ARN.test(arn)).toBe(false);
  });
});

describe('metric identity', () => {
  it('takes service and namespace from the Powertools variables the stack sets', () => {
    expect(
      observabilityIdentity({
        POWERTOOLS_SERVICE_NAME: 'NewsmonStaging',
        POWERTOOLS_METRICS_NAMESPACE: 'Newsmon',
      }),
    ).toEqual({ serviceName: 'NewsmonStaging', namespace: 'Newsmon' });
    expect(observabilityIdentity({})).toEqual({ serviceName: 'newsmon', namespace: 'Newsmon' });
  });

  it('publishes at most 10 counters as CloudWatch metrics (the always-free tier), alarmed ones included', () => {
    expect(CLOUDWATCH_METRICS.size).toBeLessThanOrEqual(10);
    for (const name of CLOUDWATCH_METRICS) expect(Object.values(METRIC_NAMES)).toContain(name);
    for (const alarmed of [
      METRIC_NAMES.articlesStored,
      METRIC_NAMES.articlesQuarantined,
      METRIC_NAMES.sourcesFailing,
      METRIC_NAMES.notifyPermanentFailures,
    ]) {
      expect(CLOUDWATCH_METRICS.has(alarmed), alarmed).toBe(true);
    }
  });

  it('names every metric once, in CloudWatch PascalCase', () => {
    const names = Object.values(METRIC_NAMES);
    expect(new Set(names).size).toBe(names.length);
    for (const name of names) expect(name).toMatch(/^[A-Z][A-Za-z]+$/);
  });
});
