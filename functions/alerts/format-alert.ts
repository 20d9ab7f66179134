import type { Metric } from '../metrics/types.js';
import type { StoredReport } from '../monitor/ports.js';
import type { Article } from '../rednet/types.js';
import { ALERT_ATTRIBUTES, type AlertAttributeName } from './alert-attributes.js';

/**
 * Pure alert formatting, shared by the SNS publisher and the CLI's terminal printer.
 * SNS limits respected here: Subject < 100 characters with no control characters and starting
 * with a letter, number or punctuation; whole message (body + attributes) ≤ 256 KB; ≤ 10 attributes.
 */

/** SNS documents "less than 100 characters"; 99 code points also fits a ≤ 100 reading. */
export const SUBJECT_MAX_CHARS = 99;
/** Budget for the Message string; the rest of the 256 KB covers subject and attributes. */
export const MESSAGE_MAX_BYTES = 240 * 1024;
/** Figures listed in the readable text; the JSON always carries every metric it can. */
const TEXT_MAX_METRICS = 8;

/**
 * Protocols that get the machine-readable JSON (the notifier's queues subscribe with raw delivery,
 * so an SQS message body is exactly this JSON: functions/notify/notify-batch.ts reads it); every other protocol (email-json, sms, firehose,
 * application) gets `default`, the text. Each listed protocol carries its own copy inside the one
 * 256 KB message, so the list is kept to the subscribers that parse JSON.
 */
const JSON_PROTOCOLS = ['sqs', 'lambda', 'http', 'https'] as const;

/** Words looked for in the title; matches become the `keywords` attribute for filter policies. */
const KEYWORD_LEXICON = [
  '公安',
  '警方',
  '破获',
  '刑事',
  '扫黑除恶',
  '禁毒',
  '诈骗',
  '交通',
  '交警',
  '事故',
  '消防',
  '应急',
  '法院',
  '检察',
  '经济',
  'GDP',
  '投资',
  '财政',
  '税收',
  '就业',
  '教育',
  '医疗',
  '环保',
  '生态',
  '农业',
  '防汛',
  '疫情',
] as const;

interface SnsAttribute {
  DataType: 'String' | 'Number' | 'String.Array';
  StringValue: string;
}

interface AlertJson {
  article: Article;
  metrics: Metric[];
  /** Present only when something had to be cut to fit the 256 KB SNS limit. */
  truncated?: { paragraphs?: true; text?: true; metricsOmitted?: number };
}

export interface FormattedAlert {
  subject: string;
  text: string;
  json: AlertJson;
  attributes: Record<string, SnsAttribute>;
}

export function formatAlert(report: StoredReport): FormattedAlert {
  const text = formatText(report);
  const json = fitJson(report, text);
  return {
    subject: formatSubject(report.article),
    text,
    json,
    attributes: formatAttributes(report),
  };
}

/**
 * The SNS `Message` for `MessageStructure: 'json'`: readable text for email/SMS/default, the
 * structured JSON for machine protocols.
 */
export function snsMessage(alert: Pick<FormattedAlert, 'text' | 'json'>): string {
  const json = JSON.stringify(alert.json);
  const message: Record<string, string> = { default: alert.text, email: alert.text };
  for (const protocol of JSON_PROTOCOLS) message[protocol] = json;
  return JSON.stringify(message);
}

export function formatSubject(article: Pick<Article, 'id' | 'site' | 'title'>): string {
  const title = clean(article.title ?? '') || `article ${article.id}`;
  // Starts with "[": SNS wants a letter, number or punctuation first.
  return truncateChars(`[${clean(article.site) || 'rednet'}] ${title}`, SUBJECT_MAX_CHARS);
}

/** Cuts on code point boundaries (never half a surrogate pair) and marks the cut with `…`. */
export function truncateChars(value: string, max: number): string {
  const chars = [...value];
  if (chars.length <= max && value.length <= max) return value;
  const kept: string[] = [];
  let units = 0;
  for (const char of chars) {
    if (kept.length + 1 > max - 1 || units + char.length > max - 1) break;
    kept.push(char);
    units += char.length;
  }
  return `${kept.join('').trimEnd()}…`;
}

/** One figure as a reader would say it: `破 刑事案件 4569起`, `下降 可防性案件 13.1% ↓同比`. */
export function describeMetric(metric: Metric): string {
  const parts = [metric.action.join('/'), metric.subject ?? '', metric.text].filter(
    (part) => part.length > 0,
  );
  if (metric.change) {
    const basis =
      metric.change.basis === 'yoy' ? '同比' : metric.change.basis === 'mom' ? '环比' : '';
    parts.push(`${metric.change.direction === 'up' ? '↑' : '↓'}${basis}`);
  }
  return parts.join(' ');
}

function formatText(report: StoredReport): string {
  const { article, metrics } = report;
  const lines = [clean(article.title ?? '') || `(untitled article ${article.id})`, ''];
  lines.push(`时间 Published: ${article.publishedAt ?? 'unknown'}`);
  const origin = [
    article.source,
    article.site,
    article.channel ? `channel ${article.channel}` : null,
  ]
    .filter((part): part is string => Boolean(part))
    .join(' · ');
  lines.push(`来源 Source: ${origin}`);
  lines.push(`链接 Link: ${article.url}`);
  lines.push('');
  if (metrics.length === 0) {
    lines.push('No figures extracted. 未提取到数据。');
  } else {
    lines.push(`主要数据 Figures (${metrics.length}):`);
    for (const metric of leadingMetrics(metrics)) lines.push(`• ${describeMetric(metric)}`);
    const rest = metrics.length - Math.min(metrics.length, TEXT_MAX_METRICS);
    if (rest > 0) lines.push(`… +${rest} more (full list in the JSON message)`);
  }
  if (article.partial)
    lines.push('', `Note: the page was incomplete (${article.warnings.join('; ')})`);
  return lines.join('\n');
}

/** Every figure in reading order: those that name what they count first; within each, article order. */
export function orderForReading(metrics: readonly Metric[]): Metric[] {
  const named = metrics.filter((m) => m.subject);
  const unnamed = metrics.filter((m) => !m.subject);
  return [...named, ...unnamed];
}

function leadingMetrics(metrics: readonly Metric[]): Metric[] {
  return orderForReading(metrics).slice(0, TEXT_MAX_METRICS);
}

function formatAttributes(report: StoredReport): Record<string, SnsAttribute> {
  const { article, metrics } = report;
  const attributes: Partial<Record<AlertAttributeName, SnsAttribute>> = {};
  const set = (name: AlertAttributeName, value: string) => {
    attributes[name] = { DataType: ALERT_ATTRIBUTES[name].dataType, StringValue: value };
  };
  set('site', article.site);
  set('metricCount', String(metrics.length));
  set('hasChange', String(metrics.some((m) => m.change !== null)));
  // SNS rejects empty attribute values, so absent facts are omitted rather than sent blank.
  if (article.channel) set('channel', article.channel);
  const keywords = matchKeywords(article.title ?? '');
  if (keywords.length > 0) set('keywords', JSON.stringify(keywords));
  const money = maxMoneyCny(metrics);
  if (money !== null) {
    // SNS numeric filters only match values within ±1e9, and 红网 reports 亿元 figures daily;
    // in 万元 (the unit Chinese reports count money in) the range covers 10 trillion yuan.
    set('maxMoneyWan', String(Math.round((money / 10_000) * 100) / 100));
  }
  return attributes;
}

function matchKeywords(title: string): string[] {
  const normalized = title.normalize('NFKC');
  return KEYWORD_LEXICON.filter((word) => normalized.includes(word));
}

function maxMoneyCny(metrics: readonly Metric[]): number | null {
  let max: number | null = null;
  for (const metric of metrics) {
    if (metric.normalized.unit !== 'CNY' || !Number.isFinite(metric.normalized.value)) continue;
    const value = metric.normalized.upper ?? metric.normalized.value;
    if (max === null || value > max) max = value;
  }
  return max;
}

/** Keeps the complete JSON when it fits; otherwise drops paragraphs, then text, then metrics, flagged. */
function fitJson(report: StoredReport, text: string): AlertJson {
  let json: AlertJson = { article: report.article, metrics: report.metrics };
  const fits = (candidate: AlertJson) =>
    Buffer.byteLength(snsMessage({ text, json: candidate })) <= MESSAGE_MAX_BYTES;
  if (fits(json)) return json;
  json = {
    article: { ...report.article, paragraphs: [] },
    metrics: report.metrics,
    truncated: { paragraphs: true },
  };
  if (fits(json)) return json;
  json = {
    article: { ...json.article, text: '' },
    metrics: report.metrics,
    truncated: { paragraphs: true, text: true },
  };
  let metrics = [...report.metrics];
  while (!fits({ ...json, metrics }) && metrics.length > 0) {
    metrics = metrics.slice(0, Math.floor(metrics.length / 2));
  }
  const omitted = report.metrics.length - metrics.length;
  return omitted > 0
    ? { ...json, metrics, truncated: { ...json.truncated, metricsOmitted: omitted } }
    : { ...json, metrics };
}

/** Removes line breaks and control characters (forbidden in SNS subjects) and squeezes spaces. */
function clean(value: string): string {
  return value
    .replace(/[\p{Cc}\u2028\u2029]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}
