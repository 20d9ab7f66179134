import type { RunSummary } from '../functions/monitor/run-monitor.js';
import { formatDuration } from '../functions/shared/duration.js';
import { safeTerminalText } from '../functions/shared/safe-text.js';
import { count } from './io.js';

export interface SummaryContext {
  /** The window the cycle alerted with, to explain stored articles that were not alerted. */
  alertWindowMs?: number | 'all';
}

/** How many example URLs a grouped failure line names before `… N more`. */
const EXAMPLES = 2;

/**
 * The cause of a failure without what differs from one URL to the next (the URL, its host, the
 * attempt count), so fifteen hosts failing the same way read as one cause.
 */
function failureCause(url: string, reason: string): string {
  let host = '';
  try {
    host = new URL(url).hostname;
  } catch {
    // Not a URL: nothing host-specific to remove.
  }
  let cause = reason
    .replace(/GET \S+ failed after \d+ attempts?: /, '')
    .split(url)
    .join('<url>');
  if (host) cause = cause.split(host).join('<host>');
  return safeTerminalText(cause.replace(/\s+/g, ' ').trim()).slice(0, 200);
}

/** Failures grouped by cause, largest group first: `✗ 15 × network: getaddrinfo ENOTFOUND <host> (…)`. */
export function groupFailures(items: ReadonlyArray<{ url: string; reason: string }>): string[] {
  const groups = new Map<string, string[]>();
  for (const item of items) {
    const cause = failureCause(item.url, item.reason);
    const urls = groups.get(cause) ?? [];
    urls.push(item.url);
    groups.set(cause, urls);
  }
  return [...groups]
    .sort((a, b) => b[1].length - a[1].length)
    .map(([cause, urls]) => {
      const shown = urls.slice(0, EXAMPLES).map((url) => safeTerminalText(url));
      const more = urls.length > EXAMPLES ? `, … ${urls.length - EXAMPLES} more` : '';
      return `✗ ${urls.length} × ${cause} (${shown.join(', ')}${more})`;
    });
}

/**
 * The cycle summary as a few readable lines (stderr): counts; why stored articles were not
 * alerted and which flag changes it; failures grouped by cause with counts, so a machine without
 * internet shows one line for fifteen sources, not fifteen.
 */
export function renderRunSummary(summary: RunSummary, context: SummaryContext = {}): string {
  const tookMs = Date.parse(summary.finishedAt) - Date.parse(summary.startedAt);
  const byStatus = new Map<string, number>();
  for (const source of summary.sources)
    byStatus.set(source.status, (byStatus.get(source.status) ?? 0) + 1);
  const statusText = [...byStatus].map(([status, n]) => `${n} ${status}`).join(', ');
  const lines = [
    `newsmon: cycle done in ${formatDuration(tookMs)}: ${count(summary.sources.length, 'source')} (${statusText || 'none'}), ` +
      `${count(summary.discovered, 'article')} listed, ${summary.new} new, ${summary.stored} stored, ` +
      `${count(summary.metrics, 'figure')}, ${summary.alerted} alerted${summary.alertsFailed ? `, ${summary.alertsFailed} alerts FAILED` : ''}`,
  ];
  const notAlerted = summary.stored - summary.alerted - summary.alertsFailed;
  if (notAlerted > 0 && context.alertWindowMs !== undefined && context.alertWindowMs !== 'all') {
    const window = formatDuration(context.alertWindowMs);
    lines.push(
      `newsmon:   ${count(notAlerted, 'stored article')} not alerted: published more than ${window} ago or undated ` +
        `(the alert window; --alert-window all alerts every new article, --alert-window 7d a week)`,
    );
  }
  if (summary.discovered > 0 && summary.new === 0 && summary.failed.length === 0) {
    lines.push('newsmon:   nothing new: every listed article was stored by an earlier cycle');
  }
  const failedSources = summary.sources
    .filter((source) => source.status !== 'ok' && source.status !== 'not-modified')
    .map((source) => ({
      url: source.url,
      reason: `[${source.status}]${source.error ? ` ${source.error}` : ''}`,
    }));
  const sourceUrls = new Set(summary.sources.map((source) => source.url));
  const otherFailures = summary.failed.filter((failure) => !sourceUrls.has(failure.url));
  for (const line of groupFailures([...failedSources, ...otherFailures])) {
    lines.push(`newsmon:   ${line}`);
  }
  const reachable = summary.sources.filter(
    (source) => source.status === 'ok' || source.status === 'not-modified',
  ).length;
  if (summary.sources.length > 1 && reachable === 0) {
    lines.push(
      "newsmon: no source could be read: check the internet connection ('newsmon doctor' checks each source), or pass --source URLs that answer",
    );
  }
  return lines.join('\n');
}

/**
 * Exit status of a cycle: a failure when no source could be read at all (offline, every host
 * wrong) or an alert could not be delivered. One unreachable source among many is reported in
 * the summary but does not fail the run, or a single dead sub-site would fail every cron job.
 */
export function cycleFailed(summary: RunSummary): boolean {
  const reachable = summary.sources.filter(
    (source) => source.status === 'ok' || source.status === 'not-modified',
  ).length;
  return (summary.sources.length > 0 && reachable === 0) || summary.alertsFailed > 0;
}
