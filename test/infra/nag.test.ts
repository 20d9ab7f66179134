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
  it('pass on the app with defaults and with every optional feature on', () => {
    // Prepare: the same wiring as bin/newsmon-app.ts
    const app = new App();
    const stacks = [
      new NewsmonStack(app, 'Defaults', { config: parseStackConfig({}) }),
      new NewsmonStack(app, 'Everything', {
        config: parseStackConfig({
          removalPolicy: 'destroy',
          alertEmails: [{ email: 'a@example.com', filterPolicy: { site: ['hy'] } }],
          opsEmails: ['ops@example.com'],
          sources: [{ url: 'https://hy.rednet.cn/channel/7805.html', name: '衡阳' }],
          reservedConcurrency: 0,
        }),
      }),
    ];
    addNagChecks(app);

    // Act + Assess: an unacknowledged finding makes synth throw with the finding's text
    expect(() => app.synth()).not.toThrow();

    // Assess: each acknowledgement names one precise finding and says why
    for (const stack of stacks) {
      const acks = acknowledgements(stack);
      expect(acks.map((ack) => ack.id).sort()).toEqual([
        'AwsSolutions::AwsSolutions-IAM5[Action::kms:GenerateDataKey*]',
        expect.stringMatching(
          /^AwsSolutions::AwsSolutions-IAM5\[Resource::<Articles\w+\.Arn>\/index\/\*\]$/,
        ),
        expect.stringMatching(
          /^AwsSolutions::AwsSolutions-IAM5\[Resource::<MonitorFunction\w+\.Arn>:\*\]$/,
        ),
        'AwsSolutions::AwsSolutions-SQS3',
      ]);
      for (const ack of acks) expect(ack.reason.length, ack.id).toBeGreaterThan(60);
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
