import { NumberValue } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import type { StoredReport } from '../../../functions/monitor/ports.js';
import {
  boundedKey,
  DYNAMODB_ITEM_LIMIT_BYTES,
  dynamoDecimal,
  enforceKeyLimits,
  HASH_KEY_MAX_BYTES,
  ITEM_BUDGET_BYTES,
  itemSize,
  MAX_IMAGES,
  MAX_SENTENCE_BYTES,
  RANGE_KEY_MAX_BYTES,
  storableNumbers,
  truncateUtf8,
  utf8Bytes,
} from '../../../functions/store/item-budget.js';
import {
  KEY,
  toArticleItem,
  toMetricItems,
  toSourceStateItem,
} from '../../../functions/store/items.js';
import { CASES_SOLVED } from '../../support/article-builders.js';

const metric = CASES_SOLVED;

function report(article: Partial<StoredReport['article']> = {}, metrics = [metric]): StoredReport {
  return {
    article: {
      id: '9850796',
      url: 'https://hn.rednet.cn/content/2021/08/26/9850796.html',
      site: 'hn',
      channel: '7417',
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
      ...article,
    },
    metrics,
    discoveredAt: '2026-11-27T10:00:00.000Z',
    sourceUrl: 'https://hn.rednet.cn/channel/7417.html',
    alertState: 'pending',
    alertedAt: null,
  };
}

const size = (item: object) => itemSize(item as Record<string, unknown>);

describe('item budget', () => {
  it('cuts UTF-8 on character boundaries, never inside a 4-byte character', () => {
    const text = '𠀀'.repeat(10); // 4 bytes each
    expect(truncateUtf8(text, 9)).toBe('𠀀𠀀');
    expect(truncateUtf8('abc', 10)).toBe('abc');
    expect(truncateUtf8('中文', 5)).toBe('中');
  });

  it('bounds over-long keys deterministically and keeps distinct values distinct', () => {
    const a = `ART#${'9'.repeat(2_100)}`;
    const b = `ART#${'9'.repeat(2_099)}8`;
    expect(utf8Bytes(boundedKey(a, HASH_KEY_MAX_BYTES))).toBeLessThanOrEqual(HASH_KEY_MAX_BYTES);
    expect(boundedKey(a, HASH_KEY_MAX_BYTES)).toBe(boundedKey(a, HASH_KEY_MAX_BYTES));
    expect(boundedKey(a, HASH_KEY_MAX_BYTES)).not.toBe(boundedKey(b, HASH_KEY_MAX_BYTES));
    expect(boundedKey('ART#1', HASH_KEY_MAX_BYTES)).toBe('ART#1');
  });

  it('keeps every key of an article with a 1,100-digit id within the key limits', () => {
    const id = '7'.repeat(1_100);
    const item = toArticleItem(report({ id }));
    expect(utf8Bytes(item.pk)).toBeLessThanOrEqual(HASH_KEY_MAX_BYTES);
    for (const key of [item.feedSk, item.siteSk, item.channelSk, item.pendingSk]) {
      expect(utf8Bytes(key ?? '')).toBeLessThanOrEqual(RANGE_KEY_MAX_BYTES);
    }
    expect(KEY.article(id).pk).toBe(item.pk);
  });

  it('drops an empty index key instead of writing it', () => {
    const item: Record<string, unknown> = { pk: 'ART#1', sk: 'ARTICLE', channelPk: '', siteSk: '' };
    enforceKeyLimits(item);
    expect(item).toEqual({ pk: 'ART#1', sk: 'ARTICLE' });
  });

  it('fits hostile articles in real UTF-8 bytes and flags what was cut', () => {
    const cases: Array<Partial<StoredReport['article']>> = [
      { images: Array.from({ length: 5_000 }, (_, i) => `https://img.rednet.cn/${i}.jpg`) },
      { title: '标'.repeat(200_000) },
      { text: '𠀀'.repeat(300_000), paragraphs: ['𠀀'.repeat(300_000)] },
      {
        text: '长'.repeat(150_000),
        paragraphs: Array.from({ length: 1_000 }, () => '长'.repeat(150)),
      },
    ];
    for (const article of cases) {
      const item = toArticleItem(report(article));
      expect(size(item)).toBeLessThanOrEqual(ITEM_BUDGET_BYTES);
      expect(Buffer.byteLength(JSON.stringify(item))).toBeLessThan(DYNAMODB_ITEM_LIMIT_BYTES);
      expect(item.article.partial).toBe(true);
      expect(item.article.warnings.length).toBeGreaterThan(0);
    }
    expect(toArticleItem(report(cases[0])).article.images).toHaveLength(MAX_IMAGES);
  });

  it('leaves an ordinary article untouched', () => {
    const base = report();
    expect(toArticleItem(base).article).toEqual(base.article);
  });

  it('cuts a 150k-character sentence in a metric item and flags the item', () => {
    const [item] = toMetricItems(report({}, [{ ...metric, sentence: '句'.repeat(150_000) }]));
    expect(utf8Bytes(item?.metric.sentence ?? '')).toBeLessThanOrEqual(MAX_SENTENCE_BYTES);
    expect(item?.partial).toBe(true);
    expect(size(item as object)).toBeLessThan(ITEM_BUDGET_BYTES);
  });

  it('never stores userinfo from article, image or source URLs', () => {
    const item = toArticleItem({
      ...report({
        url: 'https://u:p@hn.rednet.cn/content/1.html',
        images: ['http://u:p@img.rednet.cn/1.jpg'],
      }),
      sourceUrl: 'https://u:p@hn.rednet.cn/channel/7417.html',
    });
    expect(JSON.stringify(item)).not.toContain('u:p@');
    const state = toSourceStateItem({
      url: 'https://u:p@hn.rednet.cn/channel/7417.html',
      etag: 'x'.repeat(5_000),
      lastModified: null,
      lastSeenId: '1',
      lastCheckedAt: null,
      lastNewArticleAt: null,
    });
    expect(JSON.stringify(state)).not.toContain('u:p@');
    expect(state.etag).toBeNull();
  });

  it('stores numbers beyond 2^53 exactly, preferring the extractor’s exact decimal', () => {
    const item = {
      metric: {
        value: 9999,
        normalized: { value: 9999e12 * 1.0000000001, unit: 'CNY', exact: '9999000000000000' },
      },
      other: 2 ** 60,
      bad: Number.POSITIVE_INFINITY,
    };
    const notes = storableNumbers(item);
    expect(item.metric.normalized.value).toEqual(new NumberValue('9999000000000000'));
    expect(item.other).toEqual(new NumberValue('1152921504606846976'));
    expect(item.bad).toBeNull();
    expect(notes).toHaveLength(3);
  });

  it('rounds a decimal beyond 38 digits and refuses one beyond DynamoDB’s range', () => {
    expect(dynamoDecimal('1'.repeat(40))).toEqual({ value: `${'1'.repeat(38)}00`, rounded: true });
    expect(dynamoDecimal('12.50')).toEqual({ value: '12.5', rounded: false });
    expect(dynamoDecimal(`1${'0'.repeat(130)}`)).toBeNull();
  });
});
