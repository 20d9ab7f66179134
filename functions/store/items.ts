import type { Metric } from '../metrics/types.js';
import type { SourceState, StoredReport } from '../monitor/ports.js';
import type { Article, ArticleRef } from '../rednet/types.js';
import { stripUrlUserinfo } from '../shared/safe-text.js';
import {
  boundedKey,
  fitText,
  HASH_KEY_MAX_BYTES,
  ITEM_BUDGET_BYTES,
  itemSize,
  MAX_IMAGES,
  MAX_METRIC_FIELD_BYTES,
  MAX_METRIC_ITEMS,
  MAX_REASON_BYTES,
  MAX_SENTENCE_BYTES,
  MAX_SHORT_FIELD_BYTES,
  MAX_TITLE_BYTES,
  MAX_URL_BYTES,
  MAX_VALIDATOR_BYTES,
  MAX_WARNING_BYTES,
  MAX_WARNINGS,
  RANGE_KEY_MAX_BYTES,
  truncateUtf8,
  utf8Bytes,
} from './item-budget.js';
import { pointPeriod, SERIES_LAYOUT_VERSION, seriesIdentity, seriesSortKey } from './series-key.js';

/**
 * Key builders and item shapes of the single table (see table-design.ts and the README, "Data model").
 * Sort keys carry UTC ISO instants so that lexical order is time order whatever offset a page used.
 */
export const KEY = {
  article: (id: string) => ({ pk: hashKey(`ART#${id}`), sk: 'ARTICLE' }),
  /** The quarantine record of an article lives next to it, under the same partition key. */
  failure: (id: string) => ({ pk: hashKey(`ART#${id}`), sk: 'FAILURE' }),
  metricSk: (index: number) => `METRIC#${String(index).padStart(4, '0')}`,
  source: (url: string) => ({ pk: hashKey(`SOURCE#${stripUrlUserinfo(url)}`), sk: 'STATE' }),
  feedPk: 'FEED',
  sitePk: (site: string) => hashKey(`SITE#${site}`),
  channelPk: (channel: string) => hashKey(`CHANNEL#${channel}`),
  seriesPk: (subject: string) => hashKey(`SERIES#${subject}`),
  pendingPk: 'PENDING',
  /** Failure records share the sparse pending index under their own partition. */
  failurePk: 'FAILURE',
} as const;

function hashKey(value: string): string {
  return boundedKey(value, HASH_KEY_MAX_BYTES);
}

function rangeKey(value: string): string {
  return boundedKey(value, RANGE_KEY_MAX_BYTES);
}

export const METRIC_SK_PREFIX = 'METRIC#';

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
  /** Set when a string of the figure (its sentence, usually) was cut to fit the item budget. */
  partial?: boolean;
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

function sortInstant(report: Pick<StoredReport, 'article' | 'discoveredAt'>): string {
  return toUtc(report.article.publishedAt) ?? report.discoveredAt;
}

/** Where a report sits in the time-ordered indexes (`<utc instant>#<id>`); a paging cursor. */
export function reportCursor(report: Pick<StoredReport, 'article' | 'discoveredAt'>): string {
  return rangeKey(`${sortInstant(report)}#${report.article.id}`);
}

export function toArticleItem(report: StoredReport): ArticleItem {
  const { article } = report;
  const sortAt = sortInstant(report);
  const timeId = reportCursor(report);
  const item: ArticleItem = {
    ...KEY.article(article.id),
    sk: 'ARTICLE',
    type: 'article',
    article,
    metricCount: Math.min(report.metrics.length, MAX_METRIC_ITEMS),
    discoveredAt: report.discoveredAt,
    sourceUrl: truncateUtf8(stripUrlUserinfo(report.sourceUrl), MAX_URL_BYTES),
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
    item.pendingSk = rangeKey(`${report.discoveredAt}#${article.id}`);
  }
  item.article = fitArticle(article, itemSize({ ...item, article: null }), report.metrics.length);
  return item;
}

/**
 * The article within the item budget: every field from the page is capped (title, short fields,
 * URLs, images, warnings), then the text gets what is left, halved because `paragraphs` repeats
 * it. A huge page is stored cut and flagged (`partial`, a warning per cut) instead of failing on
 * every cycle. `fixedBytes` is the size of the item without its article.
 */
function fitArticle(article: Article, fixedBytes: number, metricCount = 0): Article {
  const warnings: string[] = [];
  const short = (value: string | null, field: string): string | null => {
    if (value === null) return null;
    const fitted = fitText(value, MAX_SHORT_FIELD_BYTES);
    if (fitted.cut) warnings.push(`${field} cut to ${MAX_SHORT_FIELD_BYTES} bytes`);
    return fitted.text;
  };
  let title = article.title;
  if (title !== null) {
    const fitted = fitText(title, MAX_TITLE_BYTES);
    if (fitted.cut) warnings.push(`title cut to ${MAX_TITLE_BYTES} bytes`);
    title = fitted.text;
  }
  const url = stripUrlUserinfo(article.url);
  const images: string[] = [];
  for (const image of article.images) {
    if (images.length >= MAX_IMAGES) break;
    if (utf8Bytes(image) <= MAX_URL_BYTES) images.push(stripUrlUserinfo(image));
  }
  if (images.length < article.images.length) {
    warnings.push(
      `${article.images.length - images.length} of ${article.images.length} images not stored`,
    );
  }
  if (metricCount > MAX_METRIC_ITEMS) {
    warnings.push(`${metricCount - MAX_METRIC_ITEMS} of ${metricCount} figures not stored`);
  }
  const fitted: Article = {
    ...article,
    url: truncateUtf8(url, MAX_URL_BYTES),
    site: short(article.site, 'site') ?? '',
    channel: short(article.channel, 'channel'),
    title,
    source: short(article.source, 'source'),
    author: short(article.author, 'author'),
    editor: short(article.editor, 'editor'),
    encoding: truncateUtf8(article.encoding, MAX_SHORT_FIELD_BYTES),
    template: truncateUtf8(article.template, MAX_SHORT_FIELD_BYTES),
    images,
    text: '',
    paragraphs: [],
  };
  // Space for the article map without its text, with room for the warnings still to come.
  const rest = fixedBytes + itemSize({ article: fitted }) + MAX_WARNINGS * (MAX_WARNING_BYTES + 1);
  const needed = utf8Bytes(article.text) + itemSize({ p: article.paragraphs });
  if (needed <= ITEM_BUDGET_BYTES - rest) {
    fitted.text = article.text;
    fitted.paragraphs = article.paragraphs;
  } else {
    // Cut text of n bytes with k line breaks: paragraphs take n - k bytes plus k + 1 of overhead.
    fitted.text = truncateUtf8(
      article.text,
      Math.max(0, Math.floor((ITEM_BUDGET_BYTES - rest) / 2) - 8),
    );
    fitted.paragraphs = fitted.text.split('\n');
    warnings.push('text truncated to fit the DynamoDB item limit');
  }
  const allWarnings = [...article.warnings, ...warnings];
  fitted.warnings = allWarnings
    .slice(0, MAX_WARNINGS)
    .map((warning) => truncateUtf8(warning, MAX_WARNING_BYTES));
  if (allWarnings.length > MAX_WARNINGS) {
    fitted.warnings[MAX_WARNINGS - 1] =
      `${allWarnings.length - MAX_WARNINGS + 1} more warnings not stored`;
  }
  fitted.partial = article.partial || warnings.length > 0;
  return fitted;
}

/** A figure's strings within the budget of a metric item; `cut` tells whether anything was cut. */
function fitMetric(metric: Metric): { metric: Metric; cut: boolean } {
  let cut = false;
  const field = (value: string, max: number): string => {
    const fitted = fitText(value, max);
    cut ||= fitted.cut;
    return fitted.text;
  };
  const nullable = (value: string | null, max: number): string | null =>
    value === null ? null : field(value, max);
  const fitted: Metric = {
    ...metric,
    text: field(metric.text, MAX_METRIC_FIELD_BYTES),
    unit: nullable(metric.unit, MAX_METRIC_FIELD_BYTES),
    subject: nullable(metric.subject, MAX_METRIC_FIELD_BYTES),
    period: nullable(metric.period, MAX_METRIC_FIELD_BYTES),
    action: metric.action.slice(0, 16).map((action) => field(action, MAX_METRIC_FIELD_BYTES)),
    sentence: field(metric.sentence, MAX_SENTENCE_BYTES),
  };
  if (metric.action.length > 16) cut = true;
  return { metric: fitted, cut };
}

export function toMetricItems(report: StoredReport): MetricItem[] {
  const { article } = report;
  const sortAt = sortInstant(report);
  const title = article.title === null ? null : truncateUtf8(article.title, MAX_TITLE_BYTES);
  const url = truncateUtf8(stripUrlUserinfo(article.url), MAX_URL_BYTES);
  return report.metrics.slice(0, MAX_METRIC_ITEMS).map((original, index) => {
    const { metric, cut } = fitMetric(original);
    const item: MetricItem = {
      ...KEY.article(article.id),
      sk: KEY.metricSk(index),
      type: 'metric',
      articleId: article.id,
      index,
      metric,
      seriesKey: null,
      publishedAt: article.publishedAt,
      title,
      url,
    };
    if (cut) item.partial = true;
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
    out.feedSk = rangeKey(seriesSortKey(identity, sortAt, item.articleId, item.index));
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

/** A source's state as stored: URL without userinfo, validators dropped when absurdly long. */
export function toSourceStateItem(state: SourceState): SourceStateItem {
  const validator = (value: string | null): string | null =>
    value !== null && utf8Bytes(value) <= MAX_VALIDATOR_BYTES ? value : null;
  const short = (value: string | null): string | null =>
    value === null ? null : truncateUtf8(value, MAX_SHORT_FIELD_BYTES);
  return {
    ...state,
    ...KEY.source(state.url),
    sk: 'STATE',
    type: 'source',
    url: truncateUtf8(stripUrlUserinfo(state.url), MAX_URL_BYTES),
    etag: validator(state.etag),
    lastModified: validator(state.lastModified),
    lastSeenId: short(state.lastSeenId),
  };
}

/** An article that failed in one or more cycles: the quarantine record. */
export interface FailureItem {
  pk: string;
  sk: 'FAILURE';
  type: 'failure';
  articleId: string;
  ref: ArticleRef;
  sourceUrl: string;
  /** Cycles in a row in which fetching, parsing or storing the article failed. */
  consecutiveFailures: number;
  /** Every failed attempt since the record was created. */
  attempts: number;
  reason: string;
  firstFailedAt: string;
  lastFailedAt: string;
  /** Not fetched again before this instant; null while the article is only failing, not quarantined. */
  quarantinedUntil: string | null;
  /** In the sparse pending index under FAILURE, newest failure last. */
  pendingPk: string;
  pendingSk: string;
}

/** The ref as stored in a failure record: URLs without userinfo and every string bounded. */
export function storableRef(ref: ArticleRef): ArticleRef {
  return {
    id: ref.id,
    url: truncateUtf8(stripUrlUserinfo(ref.url), MAX_URL_BYTES),
    site: truncateUtf8(ref.site, MAX_SHORT_FIELD_BYTES),
    title: ref.title === null ? null : truncateUtf8(ref.title, MAX_TITLE_BYTES),
    listedAt: ref.listedAt === null ? null : truncateUtf8(ref.listedAt, MAX_SHORT_FIELD_BYTES),
    urlDate: ref.urlDate === null ? null : truncateUtf8(ref.urlDate, MAX_SHORT_FIELD_BYTES),
  };
}

export function failureReason(reason: string): string {
  return truncateUtf8(reason, MAX_REASON_BYTES);
}

export function failurePendingSk(articleId: string, at: string): string {
  return rangeKey(`${at}#${articleId}`);
}
