import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { groupSeries } from '../../cli/commands/query-series.js';
import { extractMetrics } from '../../functions/metrics/index.js';
import type { StoredReport } from '../../functions/monitor/ports.js';
import { createDynamoDbDocumentClient } from '../../functions/shared/aws-clients.js';
import { DynamoDbArticleStore } from '../../functions/store/dynamodb-article-store.js';
import { toMetricItems } from '../../functions/store/items.js';
import {
  LOCAL_CREDENTIALS,
  LOCAL_REGION,
  type LocalDynamoDb,
  startLocalDynamoDb,
} from '../support/local-dynamodb.js';

function report(id: string, publishedAt: string, text: string): StoredReport {
  return {
    article: {
      id,
      url: `https://hn.rednet.cn/content/2021/08/26/${id}.html`,
      site: 'hn',
      channel: null,
      title: `报告${id}`,
      publishedAt,
      source: null,
      author: null,
      editor: null,
      text,
      paragraphs: text.split('\n'),
      images: [],
      encoding: 'utf-8',
      template: 'pc-detail',
      partial: false,
      warnings: [],
    },
    metrics: extractMetrics(text),
    discoveredAt: publishedAt,
    sourceUrl: 'https://hn.rednet.cn/channel/7417.html',
    alertState: 'sent',
    alertedAt: publishedAt,
  };
}

describe('series queries on dynalite', () => {
  let db: LocalDynamoDb;
  let store: DynamoDbArticleStore;

  beforeAll(async () => {
    db = await startLocalDynamoDb();
    const client = createDynamoDbDocumentClient({
      region: LOCAL_REGION,
      credentials: LOCAL_CREDENTIALS,
      endpoint: db.endpoint,
    });
    store = new DynamoDbArticleStore(client, db.tableName);
    await store.saveReport(
      report(
        '100',
        '2021-08-26T10:00:00+08:00',
        '今年1至8月，全市发生刑事案件1200起，同比下降12.5%；破获刑事案件800起。',
      ),
    );
    await store.saveReport(
      report(
        '200',
        '2022-01-10T09:00:00+08:00',
        '2021年，全市发生刑事案件1800起，侦破刑事案件1300起。',
      ),
    );
  });

  afterAll(async () => {
    await db.close();
  });

  it('returns 发生 and 破获 counts and the change rate as separate series with their periods', async () => {
    const groups = groupSeries(await store.series({ subject: '刑事案件' }));
    expect(groups.map((g) => g.key)).toEqual([
      '刑事案件|发生|change|%',
      '刑事案件|发生|level|起',
      '刑事案件|破获|level|起',
    ]);
    const [change, happened, solved] = groups;
    expect(change?.points).toEqual([
      expect.objectContaining({ value: 12.5, period: '2021-01/2021-08', articleId: '100' }),
    ]);
    expect(happened?.points.map((p) => [p.value, p.period, p.articleId])).toEqual([
      [1200, '2021-01/2021-08', '100'],
      [1800, '2021', '200'],
    ]);
    expect(solved?.points.map((p) => [p.value, p.period, p.text])).toEqual([
      [800, '2021-01/2021-08', '800起'],
      [1300, '2021', '1300起'],
    ]);
  });

  it('selects one series with --action (any verb of its class), --kind and --unit', async () => {
    const solved = await store.series({ subject: '全市刑事案件', action: '破获', kind: 'level' });
    expect(solved.map((p) => p.metric.normalized.value)).toEqual([800, 1300]);
    const rates = await store.series({ subject: '刑事案件', unit: '%' });
    expect(rates.map((p) => p.seriesKey)).toEqual(['刑事案件|发生|change|%']);
    const since = await store.series({ subject: '刑事案件', since: '2022-01-01T00:00:00+08:00' });
    expect(since.map((p) => p.articleId)).toEqual(['200', '200']);
  });

  it('lists subjects with their actions, kinds, units and counts', async () => {
    const subjects = await store.listSubjects();
    expect(subjects[0]).toEqual({
      subject: '刑事案件',
      actions: ['发生', '破获'],
      kinds: ['change', 'level'],
      units: ['%', '起'],
      series: 3,
      points: 5,
    });
  });

  it('migrates items of the first layout, once: a second run writes nothing', async () => {
    const client = createDynamoDbDocumentClient({
      region: LOCAL_REGION,
      credentials: LOCAL_CREDENTIALS,
      endpoint: db.endpoint,
    });
    // An item as the first layout wrote it: `subject/unit` key, `<unit>#<time>#…` sort key.
    const old = report('300', '2020-12-30T09:00:00+08:00', '全年共立案刑事案件2100起。');
    const [item] = toMetricItems(old);
    const v1 = {
      ...item,
      metric: {
        ...item?.metric,
        kind: undefined,
        actionClass: undefined,
        periodNormalized: undefined,
      },
      seriesKey: '刑事案件/起',
      seriesVersion: undefined,
      period: undefined,
      feedSk: '起#2020-12-30T01:00:00.000Z#300#0000',
    };
    await client.send(new PutCommand({ TableName: db.tableName, Item: v1 }));
    const migrate = async (): Promise<number> => {
      let written = 0;
      let next: Record<string, unknown> | undefined;
      do {
        const page = await store.scanMetricItems(next, 2);
        for (const i of page.items) if (await store.migrateSeriesItem(i)) written++;
        next = page.next;
      } while (next);
      return written;
    };
    expect(await migrate()).toBe(1);
    expect(await migrate()).toBe(0);
    const happened = await store.series({ subject: '刑事案件', action: '立案', kind: 'level' });
    expect(happened.map((p) => [p.articleId, p.period])).toEqual([
      ['300', '2020'],
      ['100', '2021-01/2021-08'],
      ['200', '2021'],
    ]);
  });
});
