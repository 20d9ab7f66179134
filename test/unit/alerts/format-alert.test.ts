import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ALERT_ATTRIBUTE_NAMES } from '../../../functions/alerts/alert-attributes.js';
import {
  formatAlert,
  formatSubject,
  MESSAGE_MAX_BYTES,
  SUBJECT_MAX_CHARS,
  snsMessage,
  truncateChars,
} from '../../../functions/alerts/format-alert.js';
import type { Metric } from '../../../functions/metrics/types.js';
import type { StoredReport } from '../../../functions/monitor/ports.js';
import type { Article } from '../../../functions/rednet/types.js';

const gold = JSON.parse(
  readFileSync(new URL('../../fixtures/dev/seed-article.gold.json', import.meta.url), 'utf8'),
) as {
  page: { title: string; publishedAt: string; url: string };
  metrics: (Metric & { optional?: boolean })[];
};

const seedMetrics: Metric[] = gold.metrics.map(({ optional: _o, ...metric }) => {
  const { note: _n, ...rest } = metric as Metric & { note?: string };
  return rest;
});

function article(overrides: Partial<Article> = {}): Article {
  return {
    id: '9850796',
    url: gold.page.url,
    site: 'hn',
    channel: '7417',
    title: gold.page.title,
    publishedAt: gold.page.publishedAt,
    source: '红网',
    author: '宋美君',
    editor: '李璐',
    text: '一年来，全市共破刑事案件4569起。',
    paragraphs: ['一年来，全市共破刑事案件4569起。'],
    images: [],
    encoding: 'utf-8',
    template: 'pc-detail',
    partial: false,
    warnings: [],
    ...overrides,
  };
}

function report(overrides: Partial<Article> = {}, metrics: Metric[] = seedMetrics): StoredReport {
  return {
    article: article(overrides),
    metrics,
    discoveredAt: '2021-08-26T02:10:00.000Z',
    sourceUrl: 'https://hn.rednet.cn/channel/7417.html',
    alertState: 'pending',
    alertedAt: null,
  };
}

describe('formatAlert', () => {
  it('cuts a 200-character Chinese title to an SNS-valid subject ending in …', () => {
    const title = '衡阳公安夏季治安打击整治行动战果丰硕'.repeat(12).slice(0, 200);
    const { subject } = formatAlert(report({ title }));
    expect([...subject].length).toBeLessThanOrEqual(SUBJECT_MAX_CHARS);
    expect(subject.length).toBeLessThan(100);
    expect(subject.startsWith('[hn] 衡阳公安')).toBe(true);
    expect(subject.endsWith('…')).toBe(true);
  });

  it('keeps a short title whole and removes line breaks and control characters', () => {
    expect(formatSubject({ id: '1', site: 'hy', title: '第一行\n第二行\t\u0007完' })).toBe(
      '[hy] 第一行 第二行 完',
    );
  });

  it('never splits a surrogate pair when cutting', () => {
    const cut = truncateChars('😀'.repeat(80), 20);
    expect(cut.endsWith('…')).toBe(true);
    expect(cut.length).toBeLessThanOrEqual(20);
    expect(cut).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])/);
  });

  it('names the article by id when the page had no title', () => {
    expect(formatSubject({ id: '42', site: 'hn', title: null })).toBe('[hn] article 42');
  });

  it('lists the leading figures with their subjects in the readable text', () => {
    const { text } = formatAlert(report());
    expect(text).toContain(gold.page.title);
    expect(text).toContain(gold.page.url);
    expect(text).toContain('2021-08-26T10:05:12+08:00');
    expect(text).toContain('破 刑事案件 4569起');
    expect(text).toMatch(/\+\d+ more/);
  });

  it('sets the filter attributes from the report', () => {
    const { attributes } = formatAlert(report());
    expect(attributes).toMatchObject({
      site: { DataType: 'String', StringValue: 'hn' },
      channel: { DataType: 'String', StringValue: '7417' },
      metricCount: { DataType: 'Number', StringValue: String(seedMetrics.length) },
      hasChange: { DataType: 'String', StringValue: 'true' },
      keywords: { DataType: 'String.Array', StringValue: '["公安"]' },
      maxMoneyWan: { DataType: 'Number', StringValue: '261000' },
    });
    expect(Object.keys(attributes).length).toBeLessThanOrEqual(10);
    // The one definition filter policies are validated against names exactly these attributes.
    expect(Object.keys(attributes).sort()).toEqual([...ALERT_ATTRIBUTE_NAMES].sort());
  });

  it('omits attributes that would be empty: channel, keywords, money', () => {
    const { attributes } = formatAlert(report({ channel: null, title: '会议召开' }, []));
    expect(Object.keys(attributes).sort()).toEqual(['hasChange', 'metricCount', 'site']);
    expect(attributes.hasChange?.StringValue).toBe('false');
  });

  it('sends text to email and the complete JSON to machine protocols', () => {
    const alert = formatAlert(report());
    const message = JSON.parse(snsMessage(alert)) as Record<string, string>;
    expect(message.default).toBe(alert.text);
    expect(message.email).toBe(alert.text);
    const machine = JSON.parse(message.sqs ?? '') as { article: Article; metrics: Metric[] };
    expect(machine.metrics).toHaveLength(seedMetrics.length);
    expect(machine.article.text).toBe(alert.json.article.text);
    expect(alert.json.truncated).toBeUndefined();
  });

  it('stays under the 256 KB SNS limit for a huge article, flagging what was cut', () => {
    const text = '全市共破刑事案件4569起。'.repeat(6_000);
    const alert = formatAlert(report({ text, paragraphs: text.split('。') }));
    expect(Buffer.byteLength(snsMessage(alert))).toBeLessThanOrEqual(MESSAGE_MAX_BYTES);
    expect(alert.json.truncated).toMatchObject({ paragraphs: true, text: true });
    expect(alert.json.metrics).toHaveLength(seedMetrics.length);
  });
});
