import { ConditionalCheckFailedException, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  DynamoDBDocumentClient,
  PutCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { ClaimLostError } from '../../../functions/monitor/errors.js';
import type { StoredReport } from '../../../functions/monitor/ports.js';
import { DynamoDbArticleStore } from '../../../functions/store/dynamodb-article-store.js';
import { ITEM_BUDGET_BYTES, itemSize } from '../../../functions/store/item-budget.js';
import { toArticleItem, toMetricItems } from '../../../functions/store/items.js';

const ddb = mockClient(DynamoDBDocumentClient);
const client = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'us-east-1' }));
const TABLE = 'newsmon-test';

function conditionFailed() {
  return new ConditionalCheckFailedException({
    message: 'The conditional request failed',
    $metadata: {},
  });
}

function report(overrides: Partial<StoredReport> = {}): StoredReport {
  return {
    article: {
      id: '9850796',
      url: 'https://hn.rednet.cn/content/2021/08/26/9850796.html',
      site: 'hn',
      channel: null,
      title: '标题',
      publishedAt: '2021-08-26T10:05:12+08:00',
      source: null,
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
    metrics: [
      {
        text: '4569起',
        value: 4569,
        unit: '起',
        normalized: { value: 4569, unit: '起' },
        bound: 'exact',
        subject: '全市刑事案件',
        action: ['破'],
        change: null,
        period: '一年来',
        sentence: '一年来，全市共破刑事案件4569起。',
      },
    ],
    discoveredAt: '2026-11-27T10:00:00.000Z',
    sourceUrl: 'https://hn.rednet.cn/channel/7417.html',
    alertState: 'pending',
    alertedAt: null,
    ...overrides,
  };
}

beforeEach(() => ddb.reset());

describe('DynamoDbArticleStore', () => {
  it('reads stored ids 100 keys at a time and retries unprocessed keys', async () => {
    const ids = Array.from({ length: 150 }, (_, i) => String(1000 + i));
    ddb
      .on(BatchGetCommand)
      .resolvesOnce({
        Responses: { [TABLE]: [{ pk: 'ART#1000' }] },
        UnprocessedKeys: { [TABLE]: { Keys: [{ pk: 'ART#1001', sk: 'ARTICLE' }] } },
      })
      .resolvesOnce({ Responses: { [TABLE]: [{ pk: 'ART#1001' }] } })
      .resolvesOnce({ Responses: { [TABLE]: [{ pk: 'ART#1149' }] } });
    const store = new DynamoDbArticleStore(client, TABLE, { batchRetryBaseMs: 1 });

    const found = await store.findStoredIds(ids);

    expect([...found].sort()).toEqual(['1000', '1001', '1149']);
    const calls = ddb
      .commandCalls(BatchGetCommand)
      .map((c) => c.args[0].input.RequestItems?.[TABLE]?.Keys);
    expect(calls.map((keys) => keys?.length)).toEqual([100, 1, 50]);
    expect(calls[1]).toEqual([{ pk: 'ART#1001', sk: 'ARTICLE' }]);
  });

  it('gives up with a clear error when keys stay unprocessed', async () => {
    ddb.on(BatchGetCommand).resolves({
      UnprocessedKeys: { [TABLE]: { Keys: [{ pk: 'ART#1', sk: 'ARTICLE' }] } },
    });
    const store = new DynamoDbArticleStore(client, TABLE, { batchRetryBaseMs: 0 });
    await expect(store.findStoredIds(['1'])).rejects.toThrow(/unprocessed/);
  });

  it('writes the metric items before the article item, each conditionally', async () => {
    ddb.on(PutCommand).resolves({});
    const stored = await new DynamoDbArticleStore(client, TABLE).saveReport(report());
    expect(stored).toBe(true);
    const puts = ddb.commandCalls(PutCommand).map((c) => c.args[0].input);
    expect(puts.map((p) => p.Item?.sk)).toEqual(['METRIC#0000', 'ARTICLE']);
    for (const put of puts) expect(put.ConditionExpression).toBe('attribute_not_exists(pk)');
    expect(puts[0]?.Item).toMatchObject({
      seriesKey: '刑事案件|破获|level|起',
      feedPk: 'SERIES#刑事案件',
      feedSk: '破获#level#起#2021-08-26T02:05:12.000Z#9850796#0000',
    });
    expect(puts[1]?.Item).toMatchObject({
      pendingPk: 'PENDING',
      feedPk: 'FEED',
      sitePk: 'SITE#hn',
    });
    expect(puts[1]?.Item).not.toHaveProperty('channelPk');
  });

  it('reports an already stored article as not saved', async () => {
    ddb.on(PutCommand).rejects(conditionFailed());
    expect(await new DynamoDbArticleStore(client, TABLE).saveReport(report())).toBe(false);
  });

  it('does not write the article item when a metric write failed', async () => {
    ddb.on(PutCommand).rejects(new Error('ProvisionedThroughputExceededException'));
    await expect(new DynamoDbArticleStore(client, TABLE).saveReport(report())).rejects.toThrow();
    expect(ddb.commandCalls(PutCommand).map((c) => c.args[0].input.Item?.sk)).toEqual([
      'METRIC#0000',
    ]);
  });

  it('answers false when another claimant holds a live claim', async () => {
    ddb.on(UpdateCommand).rejects(conditionFailed());
    const store = new DynamoDbArticleStore(client, TABLE);
    expect(await store.claimAlert('1', 'me', new Date('2026-11-27T10:00:00Z'))).toBe(false);
    const input = ddb.commandCalls(UpdateCommand)[0]?.args[0].input;
    expect(input?.ConditionExpression).toContain('claimExpiresAt < :now');
    expect(input?.ExpressionAttributeValues?.[':exp']).toBe('2026-11-27T10:15:00.000Z');
  });

  it('raises ClaimLostError when the claim was taken over before marking sent', async () => {
    ddb.on(UpdateCommand).rejects(conditionFailed());
    await expect(
      new DynamoDbArticleStore(client, TABLE).markAlerted('1', 'me', new Date()),
    ).rejects.toBeInstanceOf(ClaimLostError);
  });

  it('does not roll source state back when a newer cycle already wrote it', async () => {
    ddb.on(PutCommand).rejects(conditionFailed());
    await new DynamoDbArticleStore(client, TABLE).putSourceState({
      url: 'https://hn.rednet.cn/channel/7417.html',
      etag: '"a"',
      lastModified: null,
      lastSeenId: '1',
      lastCheckedAt: '2026-11-27T10:00:00.000Z',
      lastNewArticleAt: null,
    });
    expect(ddb.commandCalls(PutCommand)[0]?.args[0].input.ConditionExpression).toContain(
      'lastCheckedAt < :t',
    );
  });
});

describe('item mapping', () => {
  it('cuts an oversized body to fit the item limit and flags it', () => {
    const text = '字'.repeat(200_000);
    const base = report();
    const item = toArticleItem({ ...base, article: { ...base.article, text, paragraphs: [text] } });
    expect(itemSize(item as unknown as Record<string, unknown>)).toBeLessThanOrEqual(
      ITEM_BUDGET_BYTES,
    );
    expect(item.article.partial).toBe(true);
    expect(item.article.warnings).toContain('text truncated to fit the DynamoDB item limit');
  });

  it('sorts an undated article by its discovery time and keeps suppressed ones out of the pending index', () => {
    const base = report({ alertState: 'suppressed' });
    const item = toArticleItem({ ...base, article: { ...base.article, publishedAt: null } });
    expect(item.feedSk).toBe('2026-11-27T10:00:00.000Z#9850796');
    expect(item).not.toHaveProperty('pendingPk');
  });

  it('puts metrics without a subject in no series', () => {
    const base = report();
    const [item] = toMetricItems({
      ...base,
      metrics: [{ ...(base.metrics[0] as StoredReport['metrics'][number]), subject: null }],
    });
    expect(item?.seriesKey).toBeNull();
    expect(item).not.toHaveProperty('feedPk');
  });
});
