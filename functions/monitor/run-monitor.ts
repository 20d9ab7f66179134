import { randomUUID } from 'node:crypto';
import type { Metric } from '../metrics/types.js';
import type { ArticleRef } from '../rednet/types.js';
import { mapSettled } from '../shared/concurrency.js';
import { type AlertMode, initialAlertState } from './alert-window.js';
import { ClaimLostError, errorReason } from './errors.js';
import type {
  AlertPublisher,
  ArticleStore,
  LogPort,
  MetricsPort,
  SourceConfig,
  SourceFetcher,
  SourceState,
  StoredReport,
} from './ports.js';

export interface MonitorDeps {
  fetcher: SourceFetcher;
  store: ArticleStore;
  alerts: AlertPublisher;
  extract: (text: string) => Metric[];
  log: LogPort;
  metrics: MetricsPort;
  now: () => Date;
}

export interface RunOptions {
  sources: readonly SourceConfig[];
  alertWindowMs: number | 'all';
  maxPagesPerSource: number;
  articleConcurrency: number;
  invocationId: string;
}

export type SourceStatus = 'ok' | 'not-modified' | 'layout-changed' | 'failed';

export interface SourceSummary {
  url: string;
  name: string;
  status: SourceStatus;
  listPages: number;
  discovered: number;
  new: number;
  error?: string;
}

export interface FailedItem {
  url: string;
  reason: string;
  /** What failed: a list page, an article (fetch/parse/store), an alert, or a list layout. */
  kind: 'source' | 'article' | 'alert' | 'layout';
}

export interface RunSummary {
  invocationId: string;
  startedAt: string;
  finishedAt: string;
  sources: SourceSummary[];
  discovered: number;
  new: number;
  stored: number;
  metrics: number;
  alerted: number;
  alertsFailed: number;
  /** Earlier cycles' alerts (stored, not yet sent) published by this cycle. */
  alertsRetried: number;
  failed: FailedItem[];
}

export interface IngestOptions {
  sourceUrl: string;
  alert: AlertMode;
  alertWindowMs: number | 'all';
  /** Articles fetched at once (default 4). */
  concurrency?: number;
  /** Who claims the alerts (default: a random id). */
  claimant?: string;
}

export interface IngestResult {
  stored: number;
  metrics: number;
  alerted: number;
  alertsFailed: number;
  /** Already stored by someone else (overlapping invocation) when we tried. */
  alreadyStored: number;
  failed: FailedItem[];
}

function emptyIngestResult(): IngestResult {
  return { stored: 0, metrics: 0, alerted: 0, alertsFailed: 0, alreadyStored: 0, failed: [] };
}

/** Thrown when no source produced anything usable, so Lambda's Errors alarm fires. */
export class AllSourcesFailedError extends Error {
  constructor(readonly summary: RunSummary) {
    super(`every source failed: ${summary.failed.map((f) => `${f.url} (${f.reason})`).join('; ')}`);
    this.name = 'AllSourcesFailedError';
  }
}

/** Concurrent sources; the HTTP client also limits requests per host. */
const SOURCE_CONCURRENCY = 4;
const PENDING_BATCH = 100;

/**
 * One monitor cycle: retry owed alerts, then for each source read the list (conditionally),
 * store what is new with its metrics and alert it once. One failing source or article never stops
 * the others; everything is reported in the summary.
 */
export async function runMonitor(deps: MonitorDeps, options: RunOptions): Promise<RunSummary> {
  const startedAt = deps.now().toISOString();
  const claimant = options.invocationId;
  const totals = { stored: 0, metrics: 0, alerted: 0, alertsFailed: 0, alertsRetried: 0 };
  const failed: FailedItem[] = [];

  const retried = await retryPendingAlerts(deps, claimant);
  totals.alerted += retried.alerted;
  totals.alertsRetried = retried.alerted;
  totals.alertsFailed += retried.failed.length;
  failed.push(...retried.failed);

  // An article listed by two columns is ingested once per cycle, by whichever source saw it first.
  const takenThisCycle = new Set<string>();
  const results = await mapSettled(options.sources, SOURCE_CONCURRENCY, (source) =>
    processSource(deps, options, source, takenThisCycle),
  );
  const sources: SourceSummary[] = results.map((result) => {
    if (result.ok) {
      const { summary, ingest } = result.value;
      totals.stored += ingest.stored;
      totals.metrics += ingest.metrics;
      totals.alerted += ingest.alerted;
      totals.alertsFailed += ingest.alertsFailed;
      failed.push(...ingest.failed);
      if (summary.status === 'layout-changed') {
        failed.push({
          url: summary.url,
          reason: summary.error ?? 'layout changed',
          kind: 'layout',
        });
      }
      return summary;
    }
    const error = errorReason(result.error);
    failed.push({ url: result.item.url, reason: error, kind: 'source' });
    return {
      url: result.item.url,
      name: result.item.name,
      status: 'failed',
      listPages: 0,
      discovered: 0,
      new: 0,
      error,
    };
  });

  const summary: RunSummary = {
    invocationId: options.invocationId,
    startedAt,
    finishedAt: deps.now().toISOString(),
    sources,
    discovered: sum(sources, (s) => s.discovered),
    new: sum(sources, (s) => s.new),
    ...totals,
    failed,
  };
  const unusable = sources.filter((s) => s.status === 'failed' || s.status === 'layout-changed');
  const fetchErrors = failed.filter((f) => f.kind === 'source' || f.kind === 'article').length;
  emitMetrics(deps.metrics, summary, unusable.length, fetchErrors);
  deps.log.info('monitor cycle finished', { summary });
  if (sources.length > 0 && unusable.length === sources.length) {
    throw new AllSourcesFailedError(summary);
  }
  return summary;
}

function emitMetrics(
  metrics: MetricsPort,
  summary: RunSummary,
  sourcesFailed: number,
  fetchErrors: number,
): void {
  // Zeros are emitted too: the "no new articles" alarm needs data points, not gaps.
  metrics.count('ArticlesDiscovered', summary.discovered);
  metrics.count('ArticlesNew', summary.new);
  metrics.count('MetricsExtracted', summary.metrics);
  metrics.count('FetchErrors', fetchErrors);
  metrics.count('AlertsPublished', summary.alerted);
  metrics.count('AlertsFailed', summary.alertsFailed);
  metrics.count('SourcesFailed', sourcesFailed);
}

async function processSource(
  deps: MonitorDeps,
  options: RunOptions,
  source: SourceConfig,
  takenThisCycle: Set<string>,
): Promise<{ summary: SourceSummary; ingest: IngestResult }> {
  const state = await deps.store.getSourceState(source.url);
  const firstSeen = state === null;
  // A new source is read one page deep: enough to start from, no crawl of the back catalogue.
  const maxPages = firstSeen ? 1 : Math.max(1, options.maxPagesPerSource);
  const summary: SourceSummary = {
    url: source.url,
    name: source.name,
    status: 'ok',
    listPages: 0,
    discovered: 0,
    new: 0,
  };
  const emptyIngest = emptyIngestResult();

  const first = await deps.fetcher.fetchList(source.url, {
    etag: state?.etag ?? null,
    lastModified: state?.lastModified ?? null,
  });
  if (first.status === 'not-modified') {
    summary.status = 'not-modified';
    return { summary, ingest: emptyIngest };
  }
  summary.listPages = 1;
  if (first.page.articles.length === 0) {
    // Zero links is not "nothing new": the template has probably changed. Keep the old
    // validators so the next cycle reads the page again.
    summary.status = 'layout-changed';
    summary.error = `list page ${first.page.url} has no article links (template ${first.page.template})`;
    deps.log.warn('list page has no article links', {
      source: source.url,
      template: first.page.template,
    });
    return { summary, ingest: emptyIngest };
  }

  const seen = new Set<string>();
  const fresh: ArticleRef[] = [];
  let page = first.page;
  for (;;) {
    const refs = page.articles.filter((ref) => !seen.has(ref.id));
    for (const ref of refs) seen.add(ref.id);
    summary.discovered += refs.length;
    const stored = await deps.store.findStoredIds(refs.map((ref) => ref.id));
    const pageFresh = refs.filter((ref) => !stored.has(ref.id));
    for (const ref of pageFresh) {
      if (takenThisCycle.has(ref.id)) continue;
      takenThisCycle.add(ref.id);
      fresh.push(ref);
    }
    const allNew = pageFresh.length === refs.length && refs.length > 0;
    if (!allNew || !page.nextPage || summary.listPages >= maxPages) break;
    const next = await deps.fetcher.fetchList(page.nextPage, { etag: null, lastModified: null });
    if (next.status !== 'ok') break;
    summary.listPages++;
    page = next.page;
  }
  summary.new = fresh.length;

  // Oldest first, so subscribers receive alerts in publication order.
  const ingest = await ingestArticles(deps, [...fresh].reverse(), {
    sourceUrl: source.url,
    alert: firstSeen ? 'window' : 'all',
    alertWindowMs: options.alertWindowMs,
    concurrency: options.articleConcurrency,
    claimant: options.invocationId,
  });

  const complete = ingest.failed.every((f) => f.kind === 'alert');
  // A new source stays "new" until its first page is fully stored: otherwise an old article that
  // failed now would be retried as a known source's article, and alerted outside the window.
  if (firstSeen && !complete) return { summary, ingest };
  await saveSourceState(deps, source, state, {
    etag: first.etag,
    lastModified: first.lastModified,
    firstPageIds: first.page.articles.map((ref) => ref.id),
    storedAny: ingest.stored > 0,
    complete,
  });
  return { summary, ingest };
}

/**
 * Writes the source state only when it changed, so a quiet cycle writes nothing. The list
 * validators (ETag/Last-Modified) only advance when every new article was stored: otherwise a
 * 304 next cycle would hide the article that failed.
 */
async function saveSourceState(
  deps: MonitorDeps,
  source: SourceConfig,
  previous: SourceState | null,
  seen: {
    etag: string | null;
    lastModified: string | null;
    firstPageIds: string[];
    storedAny: boolean;
    complete: boolean;
  },
): Promise<void> {
  const now = deps.now().toISOString();
  const lastSeenId = newestId([previous?.lastSeenId ?? null, ...seen.firstPageIds]);
  const next: SourceState = {
    url: source.url,
    etag: seen.complete ? seen.etag : (previous?.etag ?? null),
    lastModified: seen.complete ? seen.lastModified : (previous?.lastModified ?? null),
    lastSeenId,
    lastCheckedAt: now,
    lastNewArticleAt: seen.storedAny ? now : (previous?.lastNewArticleAt ?? null),
  };
  const unchanged =
    previous !== null &&
    previous.etag === next.etag &&
    previous.lastModified === next.lastModified &&
    previous.lastSeenId === next.lastSeenId &&
    previous.lastNewArticleAt === next.lastNewArticleAt;
  if (unchanged) return;
  try {
    await deps.store.putSourceState(next);
  } catch (error) {
    // State only saves work next cycle; the articles themselves are already safe.
    deps.log.warn('source state not saved', { source: source.url, reason: errorReason(error) });
  }
}

/** Largest id: numeric ids compare as numbers, prefixed legacy ids as strings. */
function newestId(ids: Array<string | null>): string | null {
  let best: string | null = null;
  for (const id of ids) {
    if (id === null) continue;
    if (best === null) best = id;
    else if (/^\d+$/.test(id) && /^\d+$/.test(best)) {
      if (BigInt(id) > BigInt(best)) best = id;
    } else if (id > best) best = id;
  }
  return best;
}

/**
 * Fetch, parse, extract, store and alert the given article refs. Reused by `newsmon backfill`.
 * Metrics are stored before the article item, the alert is claimed before it is published.
 */
export async function ingestArticles(
  deps: MonitorDeps,
  refs: readonly ArticleRef[],
  options: IngestOptions,
): Promise<IngestResult> {
  const claimant = options.claimant ?? `ingest-${randomUUID()}`;
  const result = emptyIngestResult();
  const outcomes = await mapSettled(refs, options.concurrency ?? 4, async (ref) => {
    const article = await deps.fetcher.fetchArticle(ref);
    const metrics = extractSafely(deps, article.text, article.url, article.warnings);
    const now = deps.now();
    const report: StoredReport = {
      article,
      metrics,
      discoveredAt: now.toISOString(),
      sourceUrl: options.sourceUrl,
      alertState: initialAlertState(options.alert, article, ref, now, options.alertWindowMs),
      alertedAt: null,
    };
    const saved = await deps.store.saveReport(report);
    if (!saved) {
      // An overlapping invocation stored it first; its alert is that invocation's job.
      result.alreadyStored++;
      return;
    }
    result.stored++;
    result.metrics += metrics.length;
    if (report.alertState !== 'pending') return;
    const delivery = await deliver(deps, report, claimant);
    if (delivery.outcome === 'sent') result.alerted++;
    if (delivery.outcome === 'failed') {
      result.alertsFailed++;
      result.failed.push({ url: article.url, reason: delivery.reason, kind: 'alert' });
    }
  });
  for (const outcome of outcomes) {
    if (outcome.ok) continue;
    const reason = errorReason(outcome.error);
    deps.log.warn('article not stored', { url: outcome.item.url, reason });
    result.failed.push({ url: outcome.item.url, reason, kind: 'article' });
  }
  return result;
}

function extractSafely(deps: MonitorDeps, text: string, url: string, warnings: string[]): Metric[] {
  try {
    return deps.extract(text);
  } catch (error) {
    // The article is still worth keeping; an extractor bug must not block it every cycle.
    const reason = errorReason(error);
    deps.log.error('metric extraction failed', { url, reason });
    warnings.push(`metric extraction failed: ${reason}`);
    return [];
  }
}

type Delivery =
  | { outcome: 'sent' }
  | { outcome: 'skipped' }
  | { outcome: 'failed'; reason: string };

/** Claim → publish → mark sent. Whoever loses the claim does nothing. */
async function deliver(
  deps: MonitorDeps,
  report: StoredReport,
  claimant: string,
): Promise<Delivery> {
  const id = report.article.id;
  try {
    if (!(await deps.store.claimAlert(id, claimant, deps.now()))) return { outcome: 'skipped' };
  } catch (error) {
    const reason = errorReason(error);
    deps.log.warn('alert claim failed', { articleId: id, reason });
    return { outcome: 'failed', reason };
  }
  try {
    await deps.alerts.publish(report);
  } catch (error) {
    const reason = errorReason(error);
    deps.log.warn('alert not published', { articleId: id, reason });
    try {
      await deps.store.releaseClaim(id, claimant);
    } catch (releaseError) {
      // The claim then simply expires; the alert stays pending either way.
      deps.log.warn('alert claim not released', {
        articleId: id,
        reason: errorReason(releaseError),
      });
    }
    return { outcome: 'failed', reason };
  }
  await markSent(deps, id, claimant);
  return { outcome: 'sent' };
}

/** Backoff between in-process retries of the "sent" mark, on top of the SDK's own retries. */
const MARK_RETRY_DELAYS_MS = [50, 200, 800];

/**
 * An unmarked alert is the one way to a duplicate (a later cycle re-publishes it once the claim
 * expires), so the mark gets more tries than an ordinary write before that risk is accepted.
 */
async function markSent(deps: MonitorDeps, id: string, claimant: string): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await deps.store.markAlerted(id, claimant, deps.now());
      return;
    } catch (error) {
      const delay = MARK_RETRY_DELAYS_MS[attempt];
      const lost = error instanceof ClaimLostError;
      if (lost || delay === undefined) {
        // Published: counted as sent. Until marked, a later cycle may publish it again once the
        // claim expires: the one at-least-once window, logged so it can be traced.
        deps.log.error('alert published but not marked sent', {
          articleId: id,
          reason: errorReason(error),
        });
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}

async function retryPendingAlerts(
  deps: MonitorDeps,
  claimant: string,
): Promise<{ alerted: number; failed: FailedItem[] }> {
  let pending: StoredReport[];
  try {
    pending = await deps.store.listPendingAlerts(PENDING_BATCH);
  } catch (error) {
    const reason = errorReason(error);
    deps.log.warn('pending alerts not listed', { reason });
    return { alerted: 0, failed: [{ url: 'pending-alerts', reason, kind: 'alert' }] };
  }
  let alerted = 0;
  const failed: FailedItem[] = [];
  for (const report of pending) {
    const delivery = await deliver(deps, report, claimant);
    if (delivery.outcome === 'sent') alerted++;
    if (delivery.outcome === 'failed') {
      failed.push({ url: report.article.url, reason: delivery.reason, kind: 'alert' });
    }
  }
  if (pending.length > 0)
    deps.log.info('pending alerts retried', { pending: pending.length, alerted });
  return { alerted, failed };
}

function sum<T>(items: readonly T[], pick: (item: T) => number): number {
  return items.reduce((total, item) => total + pick(item), 0);
}
