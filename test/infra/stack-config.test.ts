import { App } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { NewsmonStack } from '../../lib/newsmon-stack.js';
import { parseStackConfig, StackConfigError } from '../../lib/stack-config.js';

const problemsOf = (raw: Record<string, unknown>): string => {
  try {
    parseStackConfig(raw);
  } catch (error) {
    expect(error).toBeInstanceOf(StackConfigError);
    return (error as Error).message;
  }
  throw new Error(`expected ${JSON.stringify(raw)} to be rejected`);
};

describe('parseStackConfig', () => {
  it('fills every default when no context is given', () => {
    expect(parseStackConfig({})).toEqual({
      stackName: 'Newsmon',
      removalPolicy: 'retain',
      alertEmails: [],
      opsEmails: [],
      alertWindow: '48h',
      maxPagesPerSource: 3,
      articleConcurrency: 4,
      fetchMaxConcurrencyPerHost: 2,
      fetchMinIntervalMs: 500,
      logLevel: 'INFO',
      functionTimeoutSeconds: 300,
      functionMemoryMb: 512,
      reservedConcurrency: 0,
      logRetentionDays: 30,
      schedule: 'rate(15 minutes)',
      scheduleTimeZone: 'UTC',
      scheduleEnabled: true,
      scheduleRetryAttempts: 2,
      scheduleMaxEventAgeSeconds: 900,
      staleAfterHours: 24,
      sourceFailingAfterHours: 6,
      opsTopicEncryption: 'none',
      notify: [],
      digestSchedule: 'cron(0 18 * * ? *)',
      digestScheduleTimeZone: 'Asia/Shanghai',
      digestEmails: [],
    });
  });

  it('accepts the strings `cdk -c key=value` delivers: JSON, comma lists, numbers, booleans', () => {
    const config = parseStackConfig({
      alertEmails:
        '["a@example.com", {"email": "b@example.com", "filterPolicy": {"hasChange": ["true"]}}]',
      opsEmails: 'ops@example.com, oncall@example.com',
      sources: '[{"url": "https://www.rednet.cn/channel/8364.html", "name": "湖南"}]',
      functionMemoryMb: '1024',
      scheduleEnabled: 'false',
    });
    expect(config.alertEmails).toEqual([
      { email: 'a@example.com' },
      { email: 'b@example.com', filterPolicy: { hasChange: ['true'] } },
    ]);
    expect(config.opsEmails).toEqual(['ops@example.com', 'oncall@example.com']);
    expect(config.sources).toEqual([
      { url: 'https://www.rednet.cn/channel/8364.html', name: '湖南' },
    ]);
    expect(config.functionMemoryMb).toBe(1024);
    expect(config.scheduleEnabled).toBe(false);
  });

  it.each([
    ['rate(5 minutes)'],
    ['rate(1 hour)'],
    ['rate(2 days)'],
    ['cron(0 8 * * ? *)'],
    ['cron(0/30 0-14 ? * MON-FRI *)'],
  ])('accepts the schedule %s', (schedule) => {
    expect(parseStackConfig({ schedule }).schedule).toBe(schedule);
  });

  it.each([
    ['rate(1 minute)', 'must not run more often than every 5 minutes'],
    ['rate(1 hours)', 'use the singular unit for 1: rate(1 hour)'],
    ['rate(15 minute)', 'use the plural unit: rate(15 minutes)'],
    ['cron(0 8 * * * *)', 'cron needs `?`'],
    ['every 15 minutes', 'must be rate(N minutes|hours|days) or cron('],
    ['at(2026-12-01T00:00:00)', 'must be rate('],
  ])('rejects the schedule %s', (schedule, message) => {
    const problems = problemsOf({ schedule });
    expect(problems).toContain('schedule: ');
    expect(problems).toContain(message);
  });

  it('names every bad key in one message', () => {
    const problems = problemsOf({
      removalPolicy: 'delete',
      alertEmails: ['not-an-email'],
      functionMemoryMb: 'lots',
      logRetentionDays: 31,
      staleAfterHours: 0,
      scheduleTimeZone: 'Hunan/Changsha',
      alertWindow: '3 weeks',
    });
    expect(problems).not.toContain('\n');
    expect(problems.split('; ')).toEqual([
      'invalid newsmon context: removalPolicy: must be "retain" or "destroy"',
      'alertEmails[0].email: must be an email address',
      'alertWindow: must be minutes, hours or days such as 30m, 6h or 7d, or "all"',
      expect.stringMatching(/^logRetentionDays: must be one of 1, 3, 5, 7, 14, 30, .*, 3653$/),
      'scheduleTimeZone: must be an IANA time zone, e.g. Asia/Shanghai',
      'staleAfterHours: must be at least 1',
      'functionMemoryMb: must be a number',
    ]);
  });

  it('rejects a filter policy on an attribute the alerts do not carry', () => {
    expect(
      problemsOf({ alertEmails: [{ email: 'a@example.com', filterPolicy: { sites: ['hy'] } }] }),
    ).toContain(
      'alertEmails[0].filterPolicy: unknown alert attribute sites; use site, channel, metricCount, hasChange, keywords, maxMoneyWan',
    );
  });

  it('rejects a filter policy with more than 5 attributes or an empty condition list', () => {
    const policy = {
      site: ['hy'],
      channel: ['1'],
      metricCount: [1],
      hasChange: ['true'],
      keywords: ['x'],
      maxMoneyWan: [1],
    };
    expect(
      problemsOf({ alertEmails: [{ email: 'a@example.com', filterPolicy: policy }] }),
    ).toContain('SNS allows at most 5 attributes');
    expect(
      problemsOf({ alertEmails: [{ email: 'a@example.com', filterPolicy: { site: [] } }] }),
    ).toContain('alertEmails[0].filterPolicy.site: each attribute needs at least one condition');
  });

  it('rejects sources that are not a list of http(s) URLs with names, or that repeat a URL', () => {
    expect(problemsOf({ sources: 'hy.rednet.cn' })).toContain('sources: must be a JSON array');
    expect(problemsOf({ sources: [{ url: 'ftp://hy.rednet.cn/', name: '衡阳' }] })).toContain(
      'sources[0].url: must be an http(s) URL',
    );
    expect(problemsOf({ sources: [{ url: 'https://hy.rednet.cn/', name: ' ' }] })).toContain(
      'sources[0].name: must not be empty',
    );
    const twice = { url: 'https://hy.rednet.cn/', name: '衡阳' };
    expect(problemsOf({ sources: [twice, twice] })).toContain('sources: must not list a URL twice');
    expect(problemsOf({ sources: [] })).toContain('sources: must list at least one source');
  });

  it('rejects sources too large for the Lambda environment', () => {
    const many = Array.from({ length: 60 }, (_, i) => ({
      url: `https://www.rednet.cn/channel/${1000 + i}.html`,
      name: `来源${i}`,
    }));
    expect(problemsOf({ sources: many })).toContain('sources: must fit in 3000 bytes of JSON');
  });

  it('rejects out-of-range numbers with their limits', () => {
    expect(problemsOf({ functionTimeoutSeconds: 901 })).toContain(
      'functionTimeoutSeconds: must be at most 900',
    );
    expect(problemsOf({ reservedConcurrency: -1 })).toContain(
      'reservedConcurrency: must be at least 0',
    );
    expect(problemsOf({ maxPagesPerSource: 2.5 })).toContain(
      'maxPagesPerSource: must be a whole number',
    );
  });
});

describe('NewsmonStack context validation', () => {
  it('throws at synth with a message naming the bad context key', () => {
    const app = new App({ context: { schedule: 'rate(1 minute)', opsEmails: '["nope"]' } });
    expect(() => new NewsmonStack(app, 'Bad')).toThrow(
      'invalid newsmon context: opsEmails[0]: must be an email address; schedule: must not run more often than every 5 minutes',
    );
  });
});
