import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDbDeliveryLedger } from '../../functions/notify/adapters/dynamodb-delivery-ledger.js';
import { HttpNotificationSender } from '../../functions/notify/adapters/http-notification-sender.js';
import { runDigest } from '../../functions/notify/digest.js';
import { localDestination, parseNotifySpec } from '../../functions/notify/notify-spec.js';
import { createDynamoDbDocumentClient } from '../../functions/shared/aws-clients.js';
import { noMetrics, silentLog } from '../../functions/shared/observability.js';
import { DynamoDbArticleStore } from '../../functions/store/dynamodb-article-store.js';
import {
  LOCAL_CREDENTIALS,
  LOCAL_REGION,
  type LocalDynamoDb,
  startLocalDynamoDb,
} from '../support/local-dynamodb.js';
import { notifySpec, type Robot, startRobot } from '../support/robots/robot-server.js';
import { manyReports } from '../support/robots/sample-report.js';

describe('the daily digest use case on dynalite', () => {
  let db: LocalDynamoDb;
  let robot: Robot;

  beforeAll(async () => {
    [db, robot] = await Promise.all([
      startLocalDynamoDb(),
      startRobot('feishu', { secret: 'SECdigest', perMinute: Infinity }),
    ]);
  });
  afterAll(async () => {
    await Promise.all([db?.close(), robot?.close()]);
  });

  it('reads the day through the store, sends one message per destination and one e-mail, once per day', async () => {
    const client = createDynamoDbDocumentClient({
      endpoint: db.endpoint,
      region: LOCAL_REGION,
      credentials: LOCAL_CREDENTIALS,
    });
    const store = new DynamoDbArticleStore(client, db.tableName);
    const reports = manyReports(12).map((report, i) => ({
      ...report,
      article: {
        ...report.article,
        publishedAt: new Date(Date.UTC(2026, 11, 1, 12, i)).toISOString(),
      },
    }));
    for (const report of reports) await store.saveReport(report);
    const emails: { subject: string; text: string }[] = [];
    const sender = new HttpNotificationSender(
      localDestination(parseNotifySpec(notifySpec(robot, 'SECdigest'))),
      { minGapMs: 0 },
    );
    const run = () =>
      runDigest(
        {
          reports: store,
          senders: [sender],
          ledger: new DynamoDbDeliveryLedger(client, db.tableName),
          publisher: { publish: async (subject, text) => void emails.push({ subject, text }) },
          log: silentLog,
          metrics: noMetrics,
          now: () => new Date(),
          claimant: 'test',
        },
        { since: new Date('2026-12-01T10:00:00Z'), until: new Date('2026-12-02T10:00:00Z') },
      );
    const first = await run();
    expect(first.digest.reportCount).toBe(12);
    expect(first.digest.sites).toHaveLength(6);
    expect(first.outcomes.map((o) => o.outcome.status)).toEqual(['delivered']);
    expect(first.published).toBe(true);
    const second = await run();
    expect(second.outcomes.map((o) => o.outcome.status)).toEqual(['duplicate']);
    expect(robot.messages).toHaveLength(1);
    expect(emails).toHaveLength(1);
    expect(emails[0]?.subject).toContain('2026-12-02: 12 reports');
    expect(emails[0]?.text).toContain('hn: 2 reports');
    client.destroy();
  });
});
