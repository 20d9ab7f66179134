import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { SnsAlertPublisher } from '../../../functions/alerts/sns-alert-publisher.js';
import type { StoredReport } from '../../../functions/monitor/ports.js';

const sns = mockClient(SNSClient);
const TOPIC = 'arn:aws:sns:us-east-1:123456789012:newsmon-alerts';

const report: StoredReport = {
  article: {
    id: '1',
    url: 'https://hy.rednet.cn/content/646943/59/15279344.html',
    site: 'hy',
    channel: '9560',
    title: '衡阳县8.2万亩晚稻进入灌浆期',
    publishedAt: '2025-09-15T16:20:35+08:00',
    source: '红网',
    author: null,
    editor: null,
    text: '正文',
    paragraphs: ['正文'],
    images: [],
    encoding: 'utf-8',
    template: 'pc-detail',
    partial: false,
    warnings: [],
  },
  metrics: [],
  discoveredAt: '2026-11-27T10:00:00.000Z',
  sourceUrl: 'https://hy.rednet.cn/',
  alertState: 'pending',
  alertedAt: null,
};

beforeEach(() => sns.reset());

describe('SnsAlertPublisher', () => {
  it('publishes a JSON-structured message with subject and filter attributes', async () => {
    sns.on(PublishCommand).resolves({ MessageId: 'm-1' });
    await new SnsAlertPublisher(new SNSClient({ region: 'us-east-1' }), TOPIC).publish(report);
    const input = sns.commandCalls(PublishCommand)[0]?.args[0].input;
    expect(input).toMatchObject({
      TopicArn: TOPIC,
      Subject: '[hy] 衡阳县8.2万亩晚稻进入灌浆期',
      MessageStructure: 'json',
      MessageAttributes: {
        site: { DataType: 'String', StringValue: 'hy' },
        channel: { DataType: 'String', StringValue: '9560' },
        metricCount: { DataType: 'Number', StringValue: '0' },
      },
    });
    const message = JSON.parse(input?.Message ?? '{}') as Record<string, string>;
    expect(Object.keys(message).sort()).toEqual(
      ['default', 'email', 'http', 'https', 'lambda', 'sqs'].sort(),
    );
  });

  it('lets a publish failure reach the caller, which keeps the alert pending', async () => {
    sns.on(PublishCommand).rejects(new Error('InternalError'));
    await expect(
      new SnsAlertPublisher(new SNSClient({ region: 'us-east-1' }), TOPIC).publish(report),
    ).rejects.toThrow('InternalError');
  });
});
