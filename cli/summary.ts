import type { RunSummary } from '../functions/monitor/run-monitor.js';
import { formatDuration } from '../functions/shared/duration.js';
import { count } from './io.js';

/**
 * The cycle summary as a few readable lines (stderr): counts, then one line per source that did
 * not answer normally, so a machine without internet shows 15 clear reasons, not a stack trace.
 */
export function renderRunSummary(summary: RunSummary): string {
  const tookMs = Date.parse(summary.finishedAt) - Date.parse(summary.startedAt);
  const byStatus = new Map<string, number>();
  for (const source of summary.sources)
    byStatus.set(source.status, (byStatus.get(source.status) ?? 0) + 1);
  const statusText = [...byStatus].map(([status, count]) => `${count} ${status}`).join(', ');
  const lines = [
    `newsmon: cycle done in ${formatDuration(tookMs)}: ${count(summary.sources.length, 'source')} (${statusText || 'none'}), ` +
      `${count(summary.discovered, 'article')} listed, ${summary.new} new, ${summary.stored} stored, ` +
      `${count(summary.metrics, 'figure')}, ${summary.alerted} alerted${summary.alertsFailed ? `, ${summary.alertsFailed} alerts FAILED` : ''}`,
  ];
  for (const source of summary.sources) {
    if (source.status === 'ok' || source.status === 'not-modified') continue;
    lines.push(
      `newsmon:   ✗ ${source.url} [${source.status}]${source.error ? ` ${source.error}` : ''}`,
    );
  }
  const sourceUrls = new Set(summary.sources.map((source) => source.url));
  for (const failure of summary.failed) {
    if (sourceUrls.has(failure.url)) continue;
    lines.push(`newsmon:   ✗ ${failure.url}: ${failure.reason}`);
  }
  const reachable = summary.sources.filter(
    (source) => source.status === 'ok' || source.status === 'not-modified',
  ).length;
  if (summary.sources.length > 1 && reachable === 0) {
    lines.push(
      'newsmon: no source could be read: check the internet connection, or pass --source URLs that answer',
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
