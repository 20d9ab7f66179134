import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { ALERT_ATTRIBUTE_NAMES } from '../../functions/alerts/alert-attributes.js';
import { TUNABLE_LIST } from '../../functions/shared/tunables.js';
import { NewsmonStack } from '../../lib/newsmon-stack.js';
import {
  LOG_RETENTION_DAYS,
  MAX_NOTIFY_DESTINATIONS,
  NOTIFY_KINDS,
  parseStackConfig,
  StackConfigError,
} from '../../lib/stack-config.js';

const contextTunables = TUNABLE_LIST.filter((row) => row.contextKey !== undefined);
const atBound = (bound: 'min' | 'max') =>
  Object.fromEntries(contextTunables.map((row) => [row.contextKey, String(row[bound])]));

const fivePolicy = Object.fromEntries(
  ALERT_ATTRIBUTE_NAMES.slice(0, 5).map((name) => [name, ['x']]),
);

/** Every key at the low end of what the schema accepts. */
const lowest = {
  ...atBound('min'),
  stackName: 'N',
  removalPolicy: 'retain',
  alertWindow: '1m',
  logRetentionDays: String(LOG_RETENTION_DAYS[0]),
  schedule: 'rate(5 minutes)',
  scheduleEnabled: 'false',
  digestSchedule: '',
  notify: '[]',
};

/** Every key at the high end: the longest name, the most destinations, the largest values. */
const highest = {
  ...atBound('max'),
  stackName: `N${'x'.repeat(127)}`,
  removalPolicy: 'destroy',
  alertWindow: 'all',
  alertEmails: [{ email: 'a@example.com', filterPolicy: fivePolicy }],
  opsEmails: ['ops@example.com'],
  digestEmails: ['digest@example.com'],
  sources: Array.from({ length: 40 }, (_, i) => ({
    url: `https://hy.rednet.cn/channel/${1000 + i}.html`,
    name: `衡阳${i}`,
  })),
  logRetentionDays: String(LOG_RETENTION_DAYS.at(-1)),
  logLevel: 'DEBUG',
  schedule: 'cron(0/5 * ? * * *)',
  scheduleTimeZone: 'Pacific/Chatham',
  digestSchedule: 'rate(1 day)',
  digestScheduleTimeZone: 'UTC',
  opsTopicEncryption: 'cmk',
  notify: Array.from({ length: MAX_NOTIFY_DESTINATIONS }, (_, i) => ({
    kind: NOTIFY_KINDS[i % NOTIFY_KINDS.length],
    secret: i % 2 === 0 ? `newsmon/robot-${i}` : `/newsmon/robot-${i}`,
    filterPolicy: fivePolicy,
  })),
};

describe('every context value the schema accepts synthesizes', () => {
  it.each([
    ['lowest', lowest],
    ['highest', highest],
  ])('synthesizes with every key at its %s accepted value', (_name, context) => {
    const config = parseStackConfig(context);
    const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
    const stack = new NewsmonStack(app, config.stackName, { config });
    const template = Template.fromJSON(app.synth().getStackByName(stack.stackName).template);

    const age = config.scheduleMaxEventAgeSeconds;
    template.hasResourceProperties('AWS::Scheduler::Schedule', {
      Target: { RetryPolicy: { MaximumEventAgeInSeconds: age } },
    });
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      MaximumEventAgeInSeconds: age,
    });
    template.hasResourceProperties('AWS::Lambda::Function', {
      Timeout: config.functionTimeoutSeconds,
      MemorySize: config.functionMemoryMb,
    });
  });

  it.each(
    contextTunables.flatMap((row) => [
      [row.contextKey, row.min - 1],
      [row.contextKey, row.max + 1],
    ]),
  )('rejects %s = %d with the one-line context message', (key, value) => {
    expect(() => parseStackConfig({ [key as string]: value })).toThrow(StackConfigError);
    expect(() => parseStackConfig({ [key as string]: value })).toThrow(
      new RegExp(`^invalid newsmon context: ${key}: must be at (least|most) -?\\d+$`),
    );
  });

  it('rejects more destinations than the stack supports', () => {
    const notify = [...highest.notify, { kind: 'slack', secret: 'newsmon/one-more' }];
    expect(() => parseStackConfig({ notify })).toThrow(
      `invalid newsmon context: notify: must list at most ${MAX_NOTIFY_DESTINATIONS} destinations`,
    );
  });

  it('rejects a destination secret that is neither a secret name, a secret ARN nor a /parameter', () => {
    expect(() =>
      parseStackConfig({
        notify: [{ kind: 'dingtalk', secret: 'https://oapi.dingtalk.com/robot' }],
      }),
    ).toThrow('notify[0].secret: must be a Secrets Manager name or ARN');
    expect(() => parseStackConfig({ notify: [{ kind: 'telegram', secret: 'newsmon/x' }] })).toThrow(
      `notify[0].kind: must be one of ${NOTIFY_KINDS.join(', ')}`,
    );
  });
});

describe('bin/newsmon-app.ts', () => {
  it('prints one line and exits 1 on bad context, with no stack trace', () => {
    const root = fileURLToPath(new URL('../../', import.meta.url));
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'bin/newsmon-app.ts'], {
      cwd: root,
      encoding: 'utf8',
      env: {
        ...process.env,
        CDK_CONTEXT_JSON: JSON.stringify({ scheduleMaxEventAgeSeconds: '30000' }),
        CDK_OUTDIR: mkdtempSync(join(tmpdir(), 'newsmon-cdk-')),
      },
      timeout: 60_000,
    });
    expect(result.status).toBe(1);
    expect(result.stderr.trim()).toBe(
      'invalid newsmon context: scheduleMaxEventAgeSeconds: must be at most 21600',
    );
  });
});
