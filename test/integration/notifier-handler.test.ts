import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { formatAlert, snsMessage } from '../../functions/alerts/format-alert.js';
import type { StoredReport } from '../../functions/monitor/ports.js';
import {
  LOCAL_CREDENTIALS,
  LOCAL_REGION,
  type LocalDynamoDb,
  startLocalDynamoDb,
} from '../support/local-dynamodb.js';
import { type LocalSecrets, startLocalSecrets } from '../support/robots/local-secrets.js';
import { notifySpec, type Robot, startRobot } from '../support/robots/robot-server.js';
import { manyReports, sampleReport } from '../support/robots/sample-report.js';
import { applyEnv, lambdaContext } from './handler-env.js';

type Handler = (event: SQSEvent, context?: unknown) => Promise<SQSBatchResponse>;

const TOKEN = 'handler0123456789abcdefTOKEN';
const SECRET = 'SEChandler0123456789abcdef';
const QUEUE = (name: string) => `arn:aws:sqs:us-east-1:123456789012:newsmon-notify-${name}`;

/** What SNS raw delivery puts in the SQS body: the alert's `sqs` message. */
function sqsBody(report: StoredReport): string {
  return (JSON.parse(snsMessage(formatAlert(report))) as { sqs: string }).sqs;
}

let sequence = 0;
function event(records: { queue: string; report?: StoredReport; body?: string }[]): SQSEvent {
  return {
    Records: records.map(({ queue, report, body }) => {
      sequence += 1;
      return {
        messageId: `m-${sequence}`,
        receiptHandle: `r-${sequence}`,
        body: body ?? sqsBody(report ?? sampleReport()),
        attributes: {
          ApproximateReceiveCount: '1',
          SentTimestamp: String(Date.now()),
          SenderId: 'sns',
          ApproximateFirstReceiveTimestamp: String(Date.now()),
        },
        messageAttributes: {},
        md5OfBody: '',
        eventSource: 'aws:sqs',
        eventSourceARN: queue,
        awsRegion: LOCAL_REGION,
      };
    }),
  };
}

describe('notifier handler with dynalite, local robots and SQS events', () => {
  let db: LocalDynamoDb;
  let secrets: LocalSecrets;
  let wecom: Robot;
  let dingtalk: Robot;
  let revoked: Robot;
  let restoreEnv: () => void;
  let handler: Handler;
  let stdout: string[] = [];
  const reports = manyReports(3);

  async function invoke(e: SQSEvent): Promise<SQSBatchResponse> {
    // Powertools writes info and EMF to stdout, warnings and errors to stderr.
    const out = vi.spyOn(process.stdout, 'write');
    const err = vi.spyOn(process.stderr, 'write');
    try {
      return await handler(e, lambdaContext(`req-${sequence}`));
    } finally {
      for (const spy of [out, err]) {
        stdout.push(...spy.mock.calls.map(([chunk]) => String(chunk)));
        spy.mockRestore();
      }
    }
  }

  beforeAll(async () => {
    [db, wecom, dingtalk, revoked] = await Promise.all([
      startLocalDynamoDb(),
      startRobot('wecom', { token: TOKEN, perMinute: Infinity }),
      startRobot('dingtalk', { token: TOKEN, secret: SECRET, perMinute: Infinity }),
      startRobot('slack', { token: TOKEN, perMinute: Infinity }),
    ]);
    secrets = await startLocalSecrets({
      'newsmon/wecom': wecom.url,
      '/newsmon/dingtalk': notifySpec(dingtalk, SECRET),
      'newsmon/slack-revoked': revoked.wrongTokenUrl,
    });
    restoreEnv = applyEnv({
      TABLE_NAME: db.tableName,
      NOTIFY_DESTINATIONS: JSON.stringify([
        { id: 'team-wecom', kind: 'wecom', secret: 'newsmon/wecom', queueArn: QUEUE('wecom') },
        {
          id: 'ops-dingtalk',
          kind: 'dingtalk',
          secret: '/newsmon/dingtalk',
          queueArn: QUEUE('dingtalk'),
        },
        {
          id: 'old-slack',
          kind: 'slack',
          secret: 'newsmon/slack-revoked',
          queueArn: QUEUE('slack'),
        },
      ]),
      NOTIFY_MESSAGES_PER_MINUTE: '6000',
      NOTIFY_RETRY_BASE_MS: '10',
      NOTIFY_MAX_ATTEMPTS: '3',
      POWERTOOLS_SERVICE_NAME: 'newsmon',
      POWERTOOLS_METRICS_NAMESPACE: 'Newsmon',
      POWERTOOLS_LOG_LEVEL: 'INFO',
      AWS_ENDPOINT_URL_DYNAMODB: db.endpoint,
      AWS_ENDPOINT_URL_SECRETS_MANAGER: secrets.endpoint,
      AWS_ENDPOINT_URL_SSM: secrets.endpoint,
      AWS_REGION: LOCAL_REGION,
      AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
    });
    vi.resetModules();
    handler = (await import('../../functions/notify/notifier-handler.js')).handler as Handler;
  });

  afterAll(async () => {
    restoreEnv?.();
    await Promise.all([
      db?.close(),
      secrets?.close(),
      wecom?.close(),
      dingtalk?.close(),
      revoked?.close(),
    ]);
  });

  it('delivers each record once to the robot of its queue, signed, and reads each secret once', async () => {
    const first = await invoke(event(reports.map((report) => ({ queue: QUEUE('wecom'), report }))));
    const second = await invoke(
      event(reports.map((report) => ({ queue: QUEUE('dingtalk'), report }))),
    );
    expect(first.batchItemFailures).toEqual([]);
    expect(second.batchItemFailures).toEqual([]);
    expect(wecom.messages).toHaveLength(3);
    expect(dingtalk.messages).toHaveLength(3);
    expect(JSON.stringify(wecom.messages)).toContain(reports[0]?.article.url);
    const ledger = (await db.scan()).filter((item) => item.type === 'delivery');
    expect(ledger.map((item) => `${item.pk} ${item.sk} ${item.state}`).sort()).toEqual(
      [
        ...reports.map((r) => `NOTIFY#ops-dingtalk ART#${r.article.id} sent`),
        ...reports.map((r) => `NOTIFY#team-wecom ART#${r.article.id} sent`),
      ].sort(),
    );
    expect(secrets.reads.get('newsmon/wecom')).toBe(1);
    expect(secrets.reads.get('/newsmon/dingtalk')).toBe(1);
  });

  it('sends nothing again when SQS redelivers the same alerts', async () => {
    const again = await invoke(event(reports.map((report) => ({ queue: QUEUE('wecom'), report }))));
    expect(again.batchItemFailures).toEqual([]);
    expect(wecom.messages).toHaveLength(3);
  });

  it('returns rate-limited records as batch item failures, stops trying that robot, and delivers once on redelivery', async () => {
    const fresh = manyReports(6).slice(3);
    wecom.rateLimitNext(100);
    const requests = wecom.requests.length;
    const limited = event(fresh.map((report) => ({ queue: QUEUE('wecom'), report })));
    const result = await invoke(limited);
    expect(result.batchItemFailures.map((f) => f.itemIdentifier)).toEqual(
      limited.Records.map((r) => r.messageId),
    );
    // Three attempts for the first record, none for the rest of the batch.
    expect(wecom.requests.length - requests).toBe(3);
    const claims = (await db.scan()).filter(
      (item) => item.type === 'delivery' && item.state === 'sending',
    );
    expect(claims).toEqual([]);
    wecom.rateLimitNext(0);
    const retried = await invoke(event(fresh.map((report) => ({ queue: QUEUE('wecom'), report }))));
    expect(retried.batchItemFailures).toEqual([]);
    expect(wecom.messages).toHaveLength(6);
  });

  it('logs and counts an invalid token as permanent, does not retry it, and never logs the token', async () => {
    stdout = [];
    const result = await invoke(event([{ queue: QUEUE('slack'), report: reports[0] }]));
    expect(result.batchItemFailures).toEqual([]);
    expect(revoked.requests.map((r) => r.verdict)).toEqual(['bad-token']);
    const output = stdout.join('');
    expect(output).toContain('notification rejected permanently');
    expect(output).toContain('invalid_token');
    expect(output).toMatch(/"NotifyPermanentFailures":\s*1/);
    expect(output).not.toContain(TOKEN);
    expect(output).not.toContain(SECRET);
  });

  it('drops an unreadable message as permanent and fails records of an unknown queue', async () => {
    const result = await invoke(
      event([
        { queue: QUEUE('wecom'), body: 'not json' },
        { queue: QUEUE('nowhere'), report: reports[0] },
      ]),
    );
    expect(result.batchItemFailures).toHaveLength(1);
    expect(result.batchItemFailures[0]?.itemIdentifier).toBe(`m-${sequence}`);
  });
});
