import { describeMetric, orderForReading, truncateChars } from '../alerts/format-alert.js';
import type { Metric } from '../metrics/types.js';
import type { Article } from '../rednet/types.js';
import { shanghaiMinute, toShanghaiIso } from '../shared/shanghai-time.js';
import {
  DIGEST_FIGURES_PER_REPORT,
  MESSAGE_LINE_MAX_CHARS,
  MESSAGE_MAX_FIGURES,
  MESSAGE_TITLE_MAX_CHARS,
} from './limits.js';
import { cleanLine } from './text.js';
import type { MessageDoc, MessageLine, Notification, ReportJson } from './types.js';

/** `2021-08-26 10:05 北京时间` for an ISO instant (any offset), or null when it does not parse. */
export function shanghaiTime(iso: string | null | undefined): string | null {
  const minute = shanghaiMinute(iso);
  return minute === null ? null : `${minute} 北京时间`;
}

/** `2026-12-02`: the Asia/Shanghai calendar date of an instant (digest names and keys). */
function shanghaiDate(date: Date): string {
  return toShanghaiIso(date).slice(0, 10);
}

function title(article: Pick<Article, 'id' | 'title'>): string {
  return truncateChars(
    cleanLine(article.title ?? '') || `article ${article.id}`,
    MESSAGE_TITLE_MAX_CHARS,
  );
}

function figureLine(metric: Metric): string {
  return truncateChars(cleanLine(describeMetric(metric)), MESSAGE_LINE_MAX_CHARS);
}

function origin(article: Article): string {
  return [
    cleanLine(article.source ?? ''),
    article.site,
    article.channel ? `channel ${article.channel}` : '',
  ]
    .filter((part) => part.length > 0)
    .join(' · ');
}

/** One report's chat message: title, Shanghai time, source and site, link, leading figures. */
export function reportNotification(report: ReportJson): Notification {
  const { article, metrics } = report;
  const ordered = orderForReading(metrics);
  const shown = ordered.slice(0, MESSAGE_MAX_FIGURES);
  const doc: MessageDoc = {
    title: title(article),
    link: article.url,
    meta: [
      `时间 Time: ${shanghaiTime(article.publishedAt) ?? 'unknown'}`,
      `来源 Source: ${origin(article)}`,
    ],
    sections: [
      {
        heading:
          metrics.length === 0
            ? '未提取到数据 No figures extracted'
            : `主要数据 Figures (${metrics.length})`,
        lines: shown.map((metric) => ({ text: figureLine(metric), link: null })),
      },
    ],
    omitted: ordered.length - shown.length,
    more: (n) => `… 另有 ${n} 项数据 (${n} more figure${n === 1 ? '' : 's'})`,
  };
  return { itemId: `ART#${article.id}`, doc, json: report };
}

/** One report of a digest: what it is and its leading figures, changes first. */
interface DigestReport {
  id: string;
  title: string;
  url: string;
  site: string;
  publishedAt: string | null;
  figureCount: number;
  figures: string[];
}

interface DigestSite {
  site: string;
  reports: DigestReport[];
  figureCount: number;
}

export interface Digest {
  /** Asia/Shanghai date the digest is named after. */
  date: string;
  since: string;
  until: string;
  reportCount: number;
  figureCount: number;
  /** Reports not read because the digest cap was reached. */
  reportsOmitted: number;
  sites: DigestSite[];
}

/** Figures with a change (同比/环比, up/down) first, then the reading order; at most `max`. */
export function digestFigures(
  metrics: readonly Metric[],
  max = DIGEST_FIGURES_PER_REPORT,
): string[] {
  const ordered = orderForReading(metrics);
  const changed = ordered.filter((metric) => metric.change !== null);
  const rest = ordered.filter((metric) => metric.change === null);
  return [...changed, ...rest].slice(0, max).map(figureLine);
}

/** Groups reports by site (most reports first, then site code), newest report first within a site. */
export function buildDigest(
  reports: readonly ReportJson[],
  window: { since: Date; until: Date },
  reportsOmitted = 0,
): Digest {
  const bySite = new Map<string, DigestReport[]>();
  let figureCount = 0;
  for (const { article, metrics } of reports) {
    figureCount += metrics.length;
    const entry: DigestReport = {
      id: article.id,
      title: title(article),
      url: article.url,
      site: article.site,
      publishedAt: article.publishedAt,
      figureCount: metrics.length,
      figures: digestFigures(metrics),
    };
    const list = bySite.get(article.site) ?? [];
    list.push(entry);
    bySite.set(article.site, list);
  }
  const sites = [...bySite.entries()]
    .map(([site, list]) => ({
      site,
      reports: list.sort(
        (a, b) => (Date.parse(b.publishedAt ?? '') || 0) - (Date.parse(a.publishedAt ?? '') || 0),
      ),
      figureCount: list.reduce((sum, report) => sum + report.figureCount, 0),
    }))
    .sort((a, b) => b.reports.length - a.reports.length || a.site.localeCompare(b.site));
  return {
    date: shanghaiDate(window.until),
    since: window.since.toISOString(),
    until: window.until.toISOString(),
    reportCount: reports.length,
    figureCount,
    reportsOmitted,
    sites,
  };
}

/** The digest as one chat message: a section per site, a line per report with its figures. */
export function digestNotification(digest: Digest): Notification {
  const siteCount = digest.sites.length;
  const doc: MessageDoc = {
    title: `红网日报 Daily digest ${digest.date}: ${digest.reportCount} report${digest.reportCount === 1 ? '' : 's'}`,
    link: null,
    meta: [
      `时段 Period: ${shanghaiTime(digest.since)} – ${shanghaiTime(digest.until)}`,
      `${digest.reportCount} reports · ${digest.figureCount} figures · ${siteCount} site${siteCount === 1 ? '' : 's'}`,
      ...(digest.reportsOmitted > 0
        ? [`(first ${digest.reportCount} reports; ${digest.reportsOmitted} more not read)`]
        : []),
    ],
    sections:
      siteCount === 0
        ? [{ heading: '今日无新报道 No new reports', lines: [] }]
        : digest.sites.map((site) => ({
            heading: `${site.site}: ${site.reports.length} report${site.reports.length === 1 ? '' : 's'}, ${site.figureCount} figure${site.figureCount === 1 ? '' : 's'}`,
            lines: site.reports.map(digestLine),
          })),
    omitted: 0,
    more: (n) => `… 另有 ${n} 篇 (${n} more report${n === 1 ? '' : 's'})`,
  };
  return { itemId: `DIGEST#${digest.date}`, doc, json: { digest } };
}

function digestLine(report: DigestReport): MessageLine {
  const figures = report.figures.length > 0 ? `: ${report.figures.join('; ')}` : '';
  return {
    text: truncateChars(
      `${report.title} (${report.figureCount} figures)${figures}`,
      MESSAGE_LINE_MAX_CHARS * 2,
    ),
    link: report.url,
  };
}

/** Plain text of a document (terminal, SNS email digest). */
export function docText(doc: MessageDoc): string {
  const lines = [doc.title];
  if (doc.link) lines.push(doc.link);
  lines.push(...doc.meta, '');
  for (const section of doc.sections) {
    if (section.heading) lines.push(section.heading);
    for (const line of section.lines)
      lines.push(`• ${line.text}${line.link ? `\n  ${line.link}` : ''}`);
    lines.push('');
  }
  if (doc.omitted > 0) lines.push(doc.more(doc.omitted));
  return lines.join('\n').trimEnd();
}
