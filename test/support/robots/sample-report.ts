import { readFileSync } from 'node:fs';
import type { Metric } from '../../../functions/metrics/types.js';
import type { StoredReport } from '../../../functions/monitor/ports.js';
import type { Article } from '../../../functions/rednet/types.js';

const gold = JSON.parse(
  readFileSync(new URL('../../fixtures/dev/seed-article.gold.json', import.meta.url), 'utf8'),
) as {
  page: { title: string; publishedAt: string; url: string };
  metrics: (Metric & { optional?: boolean; note?: string })[];
};

/** The seed article's gold figures (the fixture's annotations removed). */
export const SEED_METRICS: Metric[] = gold.metrics.map(
  ({ optional: _o, note: _n, ...metric }) => metric,
);

/** A report of the seed article (`9850796`, 23 figures); fields overridable. */
export function sampleReport(
  overrides: Partial<Article> = {},
  metrics: Metric[] = SEED_METRICS,
): StoredReport {
  return {
    article: {
      id: '9850796',
      url: gold.page.url,
      site: 'hn',
      channel: '7417',
      title: gold.page.title,
      publishedAt: gold.page.publishedAt,
      source: '红网',
      author: null,
      editor: null,
      text: '一年来，全市共破刑事案件4569起。',
      paragraphs: ['一年来，全市共破刑事案件4569起。'],
      images: [],
      encoding: 'utf-8',
      template: 'pc-detail',
      partial: false,
      warnings: [],
      ...overrides,
    },
    metrics,
    discoveredAt: '2021-08-26T02:10:00.000Z',
    sourceUrl: 'https://hn.rednet.cn/channel/7417.html',
    alertState: 'pending',
    alertedAt: null,
  };
}

/** `n` distinct reports over a few sites, each with the seed's figures. */
export function manyReports(n: number): StoredReport[] {
  const sites = ['hn', 'hy', 'cs', 'zz', 'xt', 'yy'];
  return Array.from({ length: n }, (_, i) =>
    sampleReport({
      id: String(20_000_000 + i),
      url: `https://hn.rednet.cn/content/2026/12/01/${20_000_000 + i}.html`,
      site: sites[i % sites.length] ?? 'hn',
      title: `第${i + 1}篇 衡阳公安夏季治安打击整治行动战果丰硕（长标题用于测试截断）${'很长'.repeat(i % 5)}`,
      publishedAt: new Date(Date.UTC(2026, 11, 1, 0, i % 60)).toISOString(),
    }),
  );
}
