import type { Metric } from '../functions/metrics/types.js';
import type { ReportSummary } from '../functions/monitor/ports.js';
import type { Article } from '../functions/rednet/types.js';
import { shanghaiTime } from './duration.js';
import { type Column, renderFields, renderTable } from './output-format.js';

/**
 * `2021-08-26 10:05` in Asia/Shanghai (the site's own clock, as 红网 prints it), whatever zone the
 * stored time was written in. Tables say `+08:00` once, in the column header.
 */
export function shortTime(iso: string | null | undefined): string {
  return shanghaiTime(iso).replace(/ \+08:00$/, '');
}

/** Header of a time column: the offset is stated once, not on every row. */
const TIME_HEADER = 'published +08:00';

/** `4569 起`, `26.1 亿 → 2610000000 CNY`, `1–2 万人`: the normalised figure a reader compares. */
export function normalizedText(metric: Metric): string {
  const { value, unit, upper } = metric.normalized;
  const amount =
    upper === undefined ? formatNumber(value) : `${formatNumber(value)}–${formatNumber(upper)}`;
  return unit ? `${amount} ${unit}` : amount;
}

/** Plain digits (no exponent, no grouping), so tables and CSV stay machine-readable. */
function formatNumber(value: number): string {
  return Number.isInteger(value) ? value.toFixed(0) : String(Number(value.toPrecision(12)));
}

/** `↑ yoy`, `↓ mom`, `↑`, or '' when the figure states no change. */
function changeText(metric: Metric): string {
  if (!metric.change) return '';
  const arrow = metric.change.direction === 'up' ? '↑' : '↓';
  return metric.change.basis ? `${arrow} ${metric.change.basis}` : arrow;
}

const BOUND_MARK: Record<Metric['bound'], string> = {
  exact: '',
  lower: '≥',
  upper: '≤',
  approx: '≈',
  range: 'range',
};

/** The figures of one article (extract, query report). */
const METRIC_COLUMNS: Column<Metric>[] = [
  { header: 'figure', value: (metric) => metric.text, maxWidth: 18 },
  { header: 'value', value: (metric) => normalizedText(metric), align: 'right', maxWidth: 24 },
  { header: 'bound', value: (metric) => BOUND_MARK[metric.bound] },
  { header: 'change', value: (metric) => changeText(metric) },
  { header: 'subject', value: (metric) => metric.subject ?? '', maxWidth: 28 },
  { header: 'period', value: (metric) => metric.period ?? '', maxWidth: 14 },
];

/** Title, time, source, author, editor and warnings of an article, aligned, one per line. */
function renderArticleHeader(article: Article): string {
  return renderFields([
    ['title', article.title ?? '(no title found)'],
    ['published', article.publishedAt ? shanghaiTime(article.publishedAt) : '(no date found)'],
    ['source', article.source],
    ['author', article.author],
    ['editor', article.editor],
    ['url', article.url],
    ['id', `${article.id}${describeOrigin(article)}`],
    ['text', `${[...article.text].length} characters, ${article.paragraphs.length} paragraphs`],
    ['warnings', article.warnings.length > 0 ? article.warnings.join('; ') : null],
  ]);
}

/** The readable form of one article and its figures (extract, query report). */
export function renderArticleWithMetrics(article: Article, metrics: readonly Metric[]): string {
  const figures =
    metrics.length === 0
      ? 'No figures found.'
      : `${metrics.length} figure${metrics.length === 1 ? '' : 's'}:\n${renderTable(METRIC_COLUMNS, metrics)}`;
  return `${renderArticleHeader(article)}\n\n${figures}`;
}

/** `query reports` as a table. */
export const REPORT_COLUMNS: Column<ReportSummary>[] = [
  { header: TIME_HEADER, value: (report) => shortTime(report.article.publishedAt) },
  { header: 'site', value: (report) => report.article.site },
  { header: 'id', value: (report) => report.article.id },
  { header: 'figures', value: (report) => report.metricCount, align: 'right' },
  { header: 'title', value: (report) => report.article.title ?? '', maxWidth: 56 },
];

/** `query reports` as CSV: every field in full. */
export const REPORT_CSV_COLUMNS: Column<ReportSummary>[] = [
  { header: 'id', value: (report) => report.article.id },
  { header: 'publishedAt', value: (report) => report.article.publishedAt },
  { header: 'site', value: (report) => report.article.site },
  { header: 'channel', value: (report) => report.article.channel },
  { header: 'title', value: (report) => report.article.title },
  { header: 'source', value: (report) => report.article.source },
  { header: 'author', value: (report) => report.article.author },
  { header: 'editor', value: (report) => report.article.editor },
  { header: 'figures', value: (report) => report.metricCount },
  { header: 'url', value: (report) => report.article.url },
  { header: 'discoveredAt', value: (report) => report.discoveredAt },
  { header: 'alertState', value: (report) => report.alertState },
];

/** One figure with the article it came from (series, metrics queries); a SeriesPoint fits. */
export interface MetricRow {
  articleId: string;
  publishedAt: string | null;
  title: string | null;
  url: string;
  metric: Metric;
}

/** Figures across articles (series, metrics) as a table. */
export const METRIC_ROW_COLUMNS: Column<MetricRow>[] = [
  { header: TIME_HEADER, value: (row) => shortTime(row.publishedAt) },
  { header: 'value', value: (row) => normalizedText(row.metric), align: 'right', maxWidth: 24 },
  { header: 'figure', value: (row) => row.metric.text, maxWidth: 16 },
  { header: 'change', value: (row) => changeText(row.metric) },
  { header: 'subject', value: (row) => row.metric.subject ?? '', maxWidth: 20 },
  { header: 'id', value: (row) => row.articleId },
  { header: 'title', value: (row) => row.title ?? '', maxWidth: 36 },
];

/** Figures across articles as CSV: the whole Metric, flattened, with its sentence. */
export const METRIC_ROW_CSV_COLUMNS: Column<MetricRow>[] = [
  { header: 'articleId', value: (row) => row.articleId },
  { header: 'publishedAt', value: (row) => row.publishedAt },
  { header: 'text', value: (row) => row.metric.text },
  { header: 'value', value: (row) => row.metric.value },
  { header: 'unit', value: (row) => row.metric.unit },
  { header: 'normalizedValue', value: (row) => row.metric.normalized.value },
  { header: 'normalizedUpper', value: (row) => row.metric.normalized.upper },
  { header: 'normalizedUnit', value: (row) => row.metric.normalized.unit },
  { header: 'bound', value: (row) => row.metric.bound },
  { header: 'subject', value: (row) => row.metric.subject },
  { header: 'change', value: (row) => row.metric.change?.direction },
  { header: 'changeBasis', value: (row) => row.metric.change?.basis },
  { header: 'period', value: (row) => row.metric.period },
  { header: 'title', value: (row) => row.title },
  { header: 'url', value: (row) => row.url },
  { header: 'sentence', value: (row) => row.metric.sentence },
];

/** ` (site hn, channel 7417)`, or only what is known. */
function describeOrigin(article: Article): string {
  const parts = [
    article.site ? `site ${article.site}` : null,
    article.channel ? `channel ${article.channel}` : null,
  ].filter((part): part is string => part !== null);
  return parts.length > 0 ? ` (${parts.join(', ')})` : '';
}
