import { App, Stack, Validations } from 'aws-cdk-lib';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { IConstruct } from 'constructs';
import { describe, expect, it } from 'vitest';
import { addNagChecks } from '../../lib/nag.js';
import { NewsmonStack } from '../../lib/newsmon-stack.js';
import { parseStackConfig } from '../../lib/stack-config.js';

const acknowledgements = (root: IConstruct): { path: string; id: string; reason: string }[] =>
  root.node.findAll().flatMap((construct) =>
    construct.node.metadata
      .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((entry) =>
        Object.entries(entry.data as Record<string, string>).map(([id, reason]) => ({
          path: construct.node.path,
          id,
          reason,
        })),
      ),
  );

describe('cdk-nag AwsSolutions checks', () => {
  it('pass on the app with defaults and with every optional feature on', {
    timeout: 240_000,
  }, () => {
    // Prepare: the same wiring as bin/newsmon-app.ts (bundling skipped: nag reads the template)
    const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
    const stacks = [
      new NewsmonStack(app, 'Defaults', { config: parseStackConfig({}) }),
      new NewsmonStack(app, 'Everything', {
        config: parseStackConfig({
          removalPolicy: 'destroy',
          alertEmails: [{ email: 'a@example.com', filterPolicy: { site: ['hy'] } }],
          opsEmails: ['ops@example.com'],
          sources: [{ url: 'https://hy.rednet.cn/channel/7805.html', name: '衡阳' }],
          reservedConcurrency: 2,
          opsTopicEncryption: 'cmk',
          notify: [
            { kind: 'dingtalk', secret: 'newsmon/dingtalk', filterPolicy: { site: ['hy'] } },
            { kind: 'wecom', secret: '/newsmon/wecom' },
            {
              kind: 'slack',
              secret: 'arn:aws:secretsmanager:ap-east-1:123456789012:secret:newsmon/slack-AbCdEf',
            },
          ],
          digestEmails: ['digest@example.com'],
        }),
      }),
      new NewsmonStack(app, 'NoDigest', { config: parseStackConfig({ digestSchedule: '' }) }),
    ];
    addNagChecks(app);

    // Act + Assess: an unacknowledged finding makes synth throw with the finding's text
    expect(() => app.synth()).not.toThrow();

    // Assess: each acknowledgement names one precise finding and says why
    const [defaults, everything, noDigest] = stacks.map((stack) =>
      acknowledgements(stack)
        .map((ack) => ack.id)
        .sort(),
    );
    const invoke = (fn: string) =>
      expect.stringMatching(
        new RegExp(
          `^AwsSolutions::AwsSolutions-IAM5\\[Resource::<${fn}Function\\w+\\.Arn>:\\*\\]$`,
        ),
      );
    expect(defaults).toEqual([
      invoke('Digest'),
      invoke('Monitor'),
      'AwsSolutions::AwsSolutions-SNS2',
      'AwsSolutions::AwsSolutions-SQS3',
    ]);
    expect(noDigest).toEqual([
      invoke('Monitor'),
      'AwsSolutions::AwsSolutions-SNS2',
      'AwsSolutions::AwsSolutions-SQS3',
    ]);
    const secret =
      'AwsSolutions::AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:secretsmanager:<AWS::Region>:<AWS::AccountId>:secret:newsmon/dingtalk-??????]';
    const ssmKey =
      'AwsSolutions::AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:kms:<AWS::Region>:<AWS::AccountId>:key/*]';
    expect(everything).toEqual([
      invoke('Digest'),
      invoke('Monitor'),
      ssmKey,
      ssmKey,
      secret,
      secret,
      ...Array(4).fill('AwsSolutions::AwsSolutions-SQS3'),
    ]);
    for (const stack of stacks) {
      for (const ack of acknowledgements(stack)) {
        expect(ack.reason.length, ack.id).toBeGreaterThan(60);
      }
    }
  });

  it('fail synth on a finding nobody acknowledged', () => {
    // Prepare: a queue without TLS enforcement or a dead-letter queue
    const app = new App();
    new sqs.Queue(new Stack(app, 'Careless'), 'Queue');
    addNagChecks(app);

    // Act + Assess
    expect(() => app.synth()).toThrow(/AwsSolutions-SQS4/);
  });
});
