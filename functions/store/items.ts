import type { Metric } from '../metrics/types.js';
import type { SourceState, StoredReport } from '../monitor/ports.js';
import type { Article } from '../rednet/types.js';
import { pointPeriod, SERIES_LAYOUT_VERSION, seriesIdentity, seriesSortKey } from './series-key.js';

/**
 * Key builders and item shapes of the single table (see table-design.ts and the README, "Data model").
 * Sort keys carry UTC ISO instants so that lexical order is time order whatever offset a page used.
 */
export const KEY = {
  article: (id: string) => ({ pk: `ART#${id}`, sk: 'ARTICLE' }),
  metricSk: (index: number) => `METRIC#${String(index).padStart(4, '0')}`,
  source: (url: string) => ({ pk: `SOURCE#${url}`, sk: 'STATE' }),
  feedPk: 'FEED',
  sitePk: (site: string) => `SITE#${site}`,
  channelPk: (channel: string) => `CHANNEL#${channel}`,
  seriesPk: (subject: string) => `SERIES#${subject}`,
  pendingPk: 'PENDING',
} as const;

export const METRIC_SK_PREFIX = 'METRIC#';

/** DynamoDB's item limit is 400 KB; keep a margin for attribute names and number encoding. */
export const MAX_ARTICLE_ITEM_BYTES = 350_000;

export interface ArticleItem {
  pk: string;
  sk: 'ARTICLE';
  type: 'article';
  article: Article;
  metricCount: number;
  discoveredAt: string;
  sourceUrl: string;
  alertState: StoredReport['alertState'];
  alertedAt: string | null;
  /** UTC instant the article sorts by: publishedAt, or discoveredAt when the page had no date. */
  sortAt: string;
  feedPk: string;
  feedSk: string;
  sitePk: string;
  siteSk: string;
  channelPk?: string;
  channelSk?: string;
  pendingPk?: string;
  pendingSk?: string;
  claimedBy?: string;
  claimExpiresAt?: string;
}

export interface MetricItem {
  pk: string;
  sk: string;
  type: 'metric';
  articleId: string;
  index: number;
  metric: Metric;
  /** `subject|action|kind|unit` (series-key.ts), or null when the metric joins no series. */
  seriesKey: string | null;
  /** Series index layout the item was written with (SERIES_LAYOUT_VERSION; absent = layout 1). */
  seriesVersion?: number;
  /** Normalised period of the point (`2021-01/2021-08`), resolved against the publication date. */
  period?: string | null;
  publishedAt: string | null;
  title: string | null;
  url: string;
  feedPk?: string;
  feedSk?: string;
}

export interface SourceStateItem extends SourceState {
  pk: string;
  sk: 'STATE';
  type: 'source';
}

/** UTC ISO instant of an ISO timestamp with offset, or null when it does not parse. */
export function toUtc(iso: string | null | undefined): string | null {
  if (!iso) return null;
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

export function sortInstant(report: Pick<StoredReport, 'article' | 'discoveredAt'>): string {
  return toUtc(report.article.publishedAt) ?? report.discoveredAt;
}

export function toArticleItem(report: StoredReport): ArticleItem {
  const { article } = report;
  const sortAt = sortInstant(report);
  const timeId = `${sortAt}#${article.id}`;
  const item: ArticleItem = {
    ...KEY.article(article.id),
    sk: 'ARTICLE',
    type: 'article',
    article: fitArticle(article),
    metricCount: report.metrics.length,
    discoveredAt: report.discoveredAt,
    sourceUrl: report.sourceUrl,
    alertState: report.alertState,
    alertedAt: report.alertedAt,
    sortAt,
    feedPk: KEY.feedPk,
    feedSk: timeId,
    sitePk: KEY.sitePk(article.site),
    siteSk: timeId,
  };
  if (article.channel) {
    item.channelPk = KEY.channelPk(article.channel);
    item.channelSk = timeId;
  }
  if (report.alertState === 'pending') {
    // Sparse index: only articles still owed an alert carry pendingPk.
    item.pendingPk = KEY.pendingPk;
    item.pendingSk = `${report.discoveredAt}#${article.id}`;
  }
  return item;
}

/**
 * Keeps the article item under DynamoDB's 400 KB limit: a huge page would otherwise fail to store
 * on every cycle. The body is cut (and flagged) rather than the article lost.
 */
function fitArticle(article: Article): Article {
  if (Buffer.byteLength(JSON.stringify(article)) <= MAX_ARTICLE_ITEM_BYTES) return article;
  const budget = Math.floor(MAX_ARTICLE_ITEM_BYTES / 6);
  const text = [...article.text].slice(0, budget).join('');
  return {
    ...article,
    text,
    paragraphs: text.split('\n'),
    partial: true,
    warnings: [...article.warnings, 'text truncated to fit the DynamoDB item limit'],
  };
}

export function toMetricItems(report: StoredReport): MetricItem[] {
  const { article } = report;
  const sortAt = sortInstant(report);
  return report.metrics.map((metric, index) => {
    const item: MetricItem = {
      ...KEY.article(article.id),
      sk: KEY.metricSk(index),
      type: 'metric',
      articleId: article.id,
      index,
      metric,
      seriesKey: null,
      publishedAt: article.publishedAt,
      title: article.title,
      url: article.url,
    };
    return withSeriesIndex(item, sortAt);
  });
}

/**
 * Sets the series attributes of a metric item from its metric (series-key.ts): `seriesKey`, the
 * normalised `period`, the layout version and the overloaded index keys. Used when an item is written
 * and by `newsmon migrate series`, so both give the same item.
 */
export function withSeriesIndex(item: MetricItem, sortAt: string): MetricItem {
  const identity = seriesIdentity(item.metric);
  const out: MetricItem = {
    ...item,
    seriesKey: identity?.key ?? null,
    seriesVersion: SERIES_LAYOUT_VERSION,
    period: pointPeriod(item.metric, item.publishedAt),
  };
  delete out.feedPk;
  delete out.feedSk;
  if (identity !== null) {
    out.feedPk = KEY.seriesPk(identity.subject);
    out.feedSk = seriesSortKey(identity, sortAt, item.articleId, item.index);
  }
  return out;
}

export function fromItems(item: ArticleItem, metrics: MetricItem[]): StoredReport {
  return {
    article: item.article,
    metrics: [...metrics].sort((a, b) => a.index - b.index).map((m) => m.metric),
    discoveredAt: item.discoveredAt,
    sourceUrl: item.sourceUrl,
    alertState: item.alertState,
    alertedAt: item.alertedAt ?? null,
  };
}
