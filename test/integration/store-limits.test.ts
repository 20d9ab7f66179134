import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Metric } from '../../functions/metrics/types.js';
import type { StoredReport } from '../../functions/monitor/ports.js';
import { createDynamoDbDocumentClient } from '../../functions/shared/aws-clients.js';
import { DynamoDbArticleStore } from '../../functions/store/dynamodb-article-store.js';
import { CASES_SOLVED } from '../support/article-builders.js';
import {
  LOCAL_CREDENTIALS,
  LOCAL_REGION,
  type LocalDynamoDb,
  startLocalDynamoDb,
} from '../support/local-dynamodb.js';

/**
 * Hostile items written through the real adapter. On dynalite this proves the code paths; with
 * NEWSMON_TEST_DYNAMODB=local it proves AWS accepts them (UTF-8 item sizes, key limits, numbers).
 */
let db: LocalDynamoDb;
let store: DynamoDbArticleStore;

beforeAll(async () => {
  db = await startLocalDynamoDb('newsmon-limits');
  store = new DynamoDbArticleStore(
    createDynamoDbDocumentClient({
      endpoint: db.endpoint,
      region: LOCAL_REGION,
      credentials: LOCAL_CREDENTIALS,
    }),
    db.tableName,
  );
});

afterAll(async () => {
  await db?.close();
});

const metric = CASES_SOLVED;

function report(
  id: string,
  article: Partial<StoredReport['article']> = {},
  metrics: Metric[] = [metric],
): StoredReport {
  return {
    article: {
      id,
      url: `https://hn.rednet.cn/content/2026/11/27/${id.slice(0, 20)}.html`,
      site: 'hn',
      channel: '7417',
      title: '标题',
      publishedAt: '2026-11-27T10:05:12+08:00',
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
      ...article,
    },
    metrics,
    discoveredAt: '2026-11-27T10:10:00.000Z',
    sourceUrl: 'https://hn.rednet.cn/channel/7417.html',
    alertState: 'pending',
    alertedAt: null,
  };
}

const hostile: Array<[string, StoredReport]> = [
  ['a 2,100-digit id', report('9'.repeat(2_100))],
  ['a 1,100-digit id', report('8'.repeat(1_100))],
  [
    '5,000 images',
    report('101', {
      images: Array.from({ length: 5_000 }, (_, i) => `https://img.rednet.cn/2026/${i}.jpg`),
    }),
  ],
  ['a 200k-character title', report('102', { title: '标'.repeat(200_000) })],
  [
    'text in 4-byte characters',
    report('103', { text: '𠀀'.repeat(150_000), paragraphs: ['𠀀'.repeat(150_000)] }),
  ],
  [
    'a 150k-character sentence in a figure',
    report('104', {}, [{ ...metric, sentence: '长'.repeat(150_000) }]),
  ],
  [
    '9999万亿元 (beyond 2^53)',
    report('105', {}, [
      {
        ...metric,
        text: '9999万亿元',
        value: 9999,
        unit: '万亿元',
        subject: '资金',
        normalized: { value: 9_999e15, unit: 'CNY', exact: '9999000000000000000' },
      } as Metric,
    ]),
  ],
  ['an empty channel', report('106', { channel: '' })],
];

describe(`store limits on ${process.env.NEWSMON_TEST_DYNAMODB ?? 'dynalite'}`, () => {
  it.each(hostile)('stores an article with %s without a rejected write', async (_name, r) => {
    await expect(store.saveReport(r)).resolves.toBe(true);
    const found = await store.findStoredIds([r.article.id]);
    expect(found.has(r.article.id)).toBe(true);
    const back = await store.getReport(r.article.id);
    expect(back?.metrics).toHaveLength(r.metrics.length);
  });

  it('reads a figure beyond 2^53 back with its exact decimal', async () => {
    const back = await store.getReport('105');
    expect(back?.metrics[0]?.normalized.value).toBe(9_999e15);
    const normalized = back?.metrics[0]?.normalized as { exact?: string } | undefined;
    expect(normalized?.exact).toBe('9999000000000000000');
  });

  it('records, lists and clears a quarantine record', async () => {
    const ref = {
      id: '200',
      url: 'https://u:p@hn.rednet.cn/content/2026/11/27/200.html',
      site: 'hn',
      title: '坏页面',
      listedAt: null,
      urlDate: '2026-11-27',
    };
    const policy = { afterFailures: 2, backoffMs: 60_000 };
    const at = new Date('2026-11-27T12:00:00Z');
    const first = await store.recordFailure(
      null,
      { ref, sourceUrl: 'https://hn.rednet.cn/channel/7417.html', reason: 'http-status: 500', at },
      policy,
    );
    expect(first.quarantinedUntil).toBeNull();
    const second = await store.recordFailure(
      first,
      { ref, sourceUrl: 'https://hn.rednet.cn/channel/7417.html', reason: 'http-status: 500', at },
      policy,
    );
    expect(second.quarantinedUntil).toBe('2026-11-27T12:01:00.000Z');
    const listed = await store.listFailures(10);
    expect(listed.map((f) => [f.articleId, f.attempts])).toEqual([['200', 2]]);
    expect(listed[0]?.ref.url).toBe('https://hn.rednet.cn/content/2026/11/27/200.html');
    expect((await store.getFailures(['200', '201'])).size).toBe(1);
    // The whole record, not just its key: the next failure counts on from it.
    expect((await store.getFailures(['200'])).get('200')).toEqual({
      ...second,
      ref: { ...second.ref, url: 'https://hn.rednet.cn/content/2026/11/27/200.html' },
      sourceUrl: 'https://hn.rednet.cn/channel/7417.html',
    });
    await store.clearFailure('200');
    expect(await store.listFailures(10)).toEqual([]);
  });
});
