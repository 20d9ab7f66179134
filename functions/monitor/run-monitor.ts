import { randomUUID } from 'node:crypto';
import { FetchError } from '../http/errors.js';
import type { Metric } from '../metrics/types.js';
import { MAX_LIST_LINKS } from '../rednet/limits.js';
import type { ArticleRef, ListPage } from '../rednet/types.js';
import { mapSettled } from '../shared/concurrency.js';
import { METRIC_NAMES } from '../shared/metric-names.js';
import { hasUrlUserinfo, safeTerminalText, stripUrlUserinfo } from '../shared/safe-text.js';
import { MAX_ARTICLE_ID_BYTES, MAX_URL_BYTES, utf8Bytes } from '../store/item-budget.js';
import { type AlertMode, initialAlertState } from './alert-window.js';
import {
  ClaimLostError,
  CycleDeadlineError,
  errorReason,
  InvalidLinkError,
  PageParseError,
} from './errors.js';
import {
  MAX_ARTICLES_PER_SOURCE_PER_CYCLE,
  QUARANTINE_AFTER_FAILURES,
  QUARANTINE_BACKOFF_MS,
  SOURCE_FAILING_AFTER_MS,
  SUCCESS_MARK_INTERVAL_MS,
} from './limits.js';
import type {
  AlertPublisher,
  ArticleFailure,
  ArticleStore,
  ListFetchResult,
  LogPort,
  MetricsPort,
  QuarantinePolicy,
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
  /**
   * Wall-clock instant (ms since the epoch) after which the cycle starts nothing new; what is in
   * flight is aborted through the signal given to fetches. The Lambda handler derives it from the
   * remaining time minus a margin for the writes that follow; `newsmon run --budget` from its flag.
   */
  deadline?: number;
  /** Aborts the cycle like a deadline (Ctrl-C locally, the Lambda's own budget). */
  signal?: AbortSignal;
  /** New articles fetched per source and cycle (default MAX_ARTICLES_PER_SOURCE_PER_CYCLE). */
  maxArticlesPerSource?: number;
  /** When failing articles are quarantined (default 3 cycles, 24 h). */
  quarantine?: QuarantinePolicy;
  /** A source unread for longer counts in `SourcesFailing` (default SOURCE_FAILING_AFTER_MS). */
  sourceFailingAfterMs?: number;
}

/** `deadline`: the cycle's budget ran out before this source was (fully) read. */
type SourceStatus = 'ok' | 'not-modified' | 'layout-changed' | 'not-rednet' | 'failed' | 'deadline';

interface SourceSummary {
  url: string;
  name: string;
  status: SourceStatus;
  listPages: number;
  discovered: number;
  new: number;
  /** New articles left for later cycles: over the per-cycle cap, or past the deadline. */
  deferred?: number;
  /** Listed links refused before any request (an id or URL no article of the site has). */
  invalidLinks?: number;
  /** New articles not fetched because they are quarantined. */
  quarantined?: number;
  error?: string;
}

/** One failure of a cycle or a backfill, as it is printed, logged and grouped by cause. */
export interface FailedItem {
  /** Safe to print: no userinfo, control or bidi characters (see shared/safe-text.ts). */
  url: string;
  reason: string;
  /**
   * What failed: a source's first list page, a later list page (`list`: the source carries on
   * with what it read), an article (fetch/parse/store), an alert, or a list layout.
   */
  kind: 'source' | 'list' | 'article' | 'alert' | 'layout';
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
  /** Articles that failed this cycle (they count towards quarantine). */
  articlesFailed: number;
  /** Articles quarantined by this cycle. */
  quarantined: number;
  /** Sources whose last successful read is older than SOURCE_FAILING_AFTER_MS. */
  sourcesFailing: number;
  /** True when the cycle stopped starting work because its deadline passed (or it was aborted). */
  deadline: boolean;
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
  /** The cycle's clock: nothing new starts once it expired, fetches in flight are aborted. */
  clock?: CycleClock;
  /** Told of each article this call stored (not of those found already stored). */
  onStored?: (report: StoredReport) => void;
}

export interface IngestResult {
  stored: number;
  metrics: number;
  alerted: number;
  alertsFailed: number;
  /** Already stored by someone else (overlapping invocation) when we tried. */
  alreadyStored: number;
  failed: FailedItem[];
  /** Ids stored (or found stored) by this call. */
  storedIds: string[];
  /** Articles that could not be fetched, parsed or stored, with the error. */
  failedRefs: Array<{ ref: ArticleRef; error: unknown }>;
  /** Articles not started (or aborted) because the deadline passed; they are still new. */
  notStarted: ArticleRef[];
}

function emptyIngestResult(): IngestResult {
  return {
    stored: 0,
    metrics: 0,
    alerted: 0,
    alertsFailed: 0,
    alreadyStored: 0,
    failed: [],
    storedIds: [],
    failedRefs: [],
    notStarted: [],
  };
}

/**
 * The cycle's time budget: one signal that aborts at the deadline or when the caller's signal
 * aborts, and a check the queues ask before starting each piece of work. A backfill runs on the
 * same clock.
 */
export class CycleClock {
  readonly signal: AbortSignal;
  private readonly controller = new AbortController();
  private readonly timer: ReturnType<typeof setTimeout> | undefined;
  private readonly onAbort = () => this.controller.abort(new CycleDeadlineError('the end'));

  constructor(
    private readonly deadline?: number,
    private readonly outer?: AbortSignal,
  ) {
    this.signal = this.controller.signal;
    if (outer?.aborted) this.controller.abort(outer.reason);
    outer?.addEventListener('abort', this.onAbort, { once: true });
    if (deadline !== undefined) {
      this.timer = setTimeout(this.onAbort, Math.max(0, deadline - Date.now()));
      this.timer.unref?.();
    }
  }

  /** True once the deadline passed or the cycle was aborted. */
  expired(): boolean {
    return this.signal.aborted || (this.deadline !== undefined && Date.now() >= this.deadline);
  }

  dispose(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.outer?.removeEventListener('abort', this.onAbort);
  }
}

/** An error that only means the cycle ran out of time (not the article's or the source's fault). */
function isDeadline(error: unknown, clock: CycleClock | undefined): boolean {
  if (error instanceof CycleDeadlineError) return true;
  return clock?.expired() === true && error instanceof FetchError && error.reason === 'aborted';
}

/** A failure line as it may be printed, logged or alerted: no userinfo, no control characters. */
export function failedItem(url: string, reason: string, kind: FailedItem['kind']): FailedItem {
  return {
    url: safeTerminalText(stripUrlUserinfo(url.slice(0, 2048))),
    reason: safeTerminalText(reason.slice(0, 2048)),
    kind,
  };
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
 * store what is new with its metrics and alert it once. One failing source, list page or article
 * never stops the others; everything is reported in the summary. Past `options.deadline` nothing
 * new starts, what is done is kept and each source's state is saved as far as it is safe.
 */
export async function runMonitor(deps: MonitorDeps, options: RunOptions): Promise<RunSummary> {
  const clock = new CycleClock(options.deadline, options.signal);
  try {
    return await runCycle(deps, options, clock);
  } finally {
    clock.dispose();
  }
}

async function runCycle(
  deps: MonitorDeps,
  options: RunOptions,
  clock: CycleClock,
): Promise<RunSummary> {
  const startedAt = deps.now().toISOString();
  const claimant = options.invocationId;
  const totals = { stored: 0, metrics: 0, alerted: 0, alertsFailed: 0, alertsRetried: 0 };
  const counts = { articlesFailed: 0, quarantined: 0, sourcesFailing: 0 };
  const failed: FailedItem[] = [];

  const retried = await retryPendingAlerts(deps, claimant, clock);
  totals.alerted += retried.alerted;
  totals.alertsRetried = retried.alerted;
  totals.alertsFailed += retried.failed.length;
  failed.push(...retried.failed);

  const sourcesToRead = options.sources.map((source) => withoutUserinfo(deps, source));
  // An article listed by two columns is ingested once per cycle, by whichever source saw it first.
  const takenThisCycle = new Set<string>();
  const results = await mapSettled(sourcesToRead, SOURCE_CONCURRENCY, (source) =>
    processSource(deps, options, source, takenThisCycle, clock),
  );
  const due = await retryDueQuarantine(deps, options, takenThisCycle, clock);
  totals.stored += due.ingest.stored;
  totals.metrics += due.ingest.metrics;
  totals.alerted += due.ingest.alerted;
  totals.alertsFailed += due.ingest.alertsFailed;
  counts.articlesFailed += due.articlesFailed;
  counts.quarantined += due.quarantined;
  failed.push(...due.ingest.failed);

  const now = deps.now().getTime();
  const sources: SourceSummary[] = results.map((result) => {
    if (result.ok) {
      const { summary, ingest, lastSuccessAt, articlesFailed, quarantined, listFailures } =
        result.value;
      totals.stored += ingest.stored;
      totals.metrics += ingest.metrics;
      totals.alerted += ingest.alerted;
      totals.alertsFailed += ingest.alertsFailed;
      counts.articlesFailed += articlesFailed;
      counts.quarantined += quarantined;
      failed.push(...listFailures, ...ingest.failed);
      if (summary.status === 'layout-changed' || summary.status === 'not-rednet') {
        failed.push(failedItem(summary.url, summary.error ?? summary.status, 'layout'));
      }
      if (summary.status === 'failed') {
        failed.push(failedItem(summary.url, summary.error ?? 'failed', 'source'));
      }
      const last = lastSuccessAt === null ? Number.NaN : Date.parse(lastSuccessAt);
      const failing = Number.isNaN(last)
        ? summary.status === 'failed'
        : now - last > (options.sourceFailingAfterMs ?? SOURCE_FAILING_AFTER_MS);
      if (failing) counts.sourcesFailing++;
      return summary;
    }
    // processSource reports its own failures; this is a bug or a store outage: still isolated.
    const error = safeTerminalText(errorReason(result.error));
    failed.push(failedItem(result.item.url, error, 'source'));
    counts.sourcesFailing++;
    return {
      url: result.item.url,
      name: safeTerminalText(result.item.name),
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
    ...counts,
    deadline: clock.expired(),
    failed,
  };
  const unusable = sources.filter(
    (s) => s.status === 'failed' || s.status === 'layout-changed' || s.status === 'not-rednet',
  );
  const fetchErrors = failed.filter(
    (f) => f.kind === 'source' || f.kind === 'list' || f.kind === 'article',
  ).length;
  emitMetrics(deps.metrics, summary, unusable.length, fetchErrors);
  if (summary.deadline)
    deps.log.warn('monitor cycle hit its deadline', { deadline: options.deadline });
  deps.log.info('monitor cycle finished', { summary });
  if (sources.length > 0 && unusable.length === sources.length) {
    throw new AllSourcesFailedError(summary);
  }
  return summary;
}

/** Quarantined articles retried per cycle once their backoff passed. */
const DUE_RETRY_BATCH = 20;

/**
 * Quarantined articles whose backoff has passed are tried once more, whether or not a list still
 * shows them (the list may have moved on while they were set aside). A new failure quarantines
 * them again at once: their failure count is already past the threshold.
 */
async function retryDueQuarantine(
  deps: MonitorDeps,
  options: RunOptions,
  takenThisCycle: Set<string>,
  clock: CycleClock,
): Promise<{ ingest: IngestResult; articlesFailed: number; quarantined: number }> {
  const none = { ingest: emptyIngestResult(), articlesFailed: 0, quarantined: 0 };
  if (clock.expired()) return none;
  let due: ArticleFailure[];
  try {
    const now = deps.now().toISOString();
    due = (await deps.store.listFailures(200))
      .filter((f) => f.quarantinedUntil !== null && f.quarantinedUntil <= now)
      .filter((f) => !takenThisCycle.has(f.articleId))
      .slice(0, DUE_RETRY_BATCH);
    if (due.length === 0) return none;
    const stored = await deps.store.findStoredIds(due.map((f) => f.articleId));
    due = due.filter((f) => !stored.has(f.articleId));
  } catch (error) {
    deps.log.warn('quarantined articles not listed', { reason: errorReason(error) });
    return none;
  }
  const result = { ...none };
  const bySource = new Map<string, ArticleFailure[]>();
  for (const failure of due) {
    takenThisCycle.add(failure.articleId);
    bySource.set(failure.sourceUrl, [...(bySource.get(failure.sourceUrl) ?? []), failure]);
  }
  for (const [sourceUrl, failures] of bySource) {
    const ingest = await ingestArticles(
      deps,
      failures.map((f) => f.ref),
      {
        sourceUrl,
        alert: 'window',
        alertWindowMs: options.alertWindowMs,
        concurrency: options.articleConcurrency,
        claimant: options.invocationId,
        clock,
      },
    );
    const booked = await bookFailures(
      deps,
      options,
      { url: sourceUrl, name: sourceUrl },
      new Map(failures.map((f) => [f.articleId, f])),
      ingest,
    );
    mergeIngest(result.ingest, ingest);
    result.articlesFailed += booked.failed;
    result.quarantined += booked.quarantined;
  }
  return result;
}

function mergeIngest(into: IngestResult, from: IngestResult): void {
  into.stored += from.stored;
  into.metrics += from.metrics;
  into.alerted += from.alerted;
  into.alertsFailed += from.alertsFailed;
  into.alreadyStored += from.alreadyStored;
  into.failed.push(...from.failed);
  into.storedIds.push(...from.storedIds);
  into.failedRefs.push(...from.failedRefs);
  into.notStarted.push(...from.notStarted);
}

/** Userinfo in a source URL is never used, stored, logged or printed; the operator is warned. */
export function withoutUserinfo(deps: MonitorDeps, source: SourceConfig): SourceConfig {
  if (!hasUrlUserinfo(source.url)) return source;
  const url = stripUrlUserinfo(source.url);
  deps.log.warn('source URL carries user:password@; it is ignored', { source: url });
  return { ...source, url };
}

function emitMetrics(
  metrics: MetricsPort,
  summary: RunSummary,
  sourcesFailed: number,
  fetchErrors: number,
): void {
  // Zeros are emitted too: the "no new articles" alarm needs data points, not gaps.
  metrics.count(METRIC_NAMES.articlesDiscovered, summary.discovered);
  metrics.count(METRIC_NAMES.articlesNew, summary.new);
  metrics.count(METRIC_NAMES.articlesStored, summary.stored);
  metrics.count(METRIC_NAMES.articlesFailed, summary.articlesFailed);
  metrics.count(METRIC_NAMES.articlesQuarantined, summary.quarantined);
  metrics.count(METRIC_NAMES.cycleDeadlineHit, summary.deadline ? 1 : 0);
  metrics.count(METRIC_NAMES.sourcesFailing, summary.sourcesFailing);
  metrics.count(METRIC_NAMES.metricsExtracted, summary.metrics);
  metrics.count(METRIC_NAMES.fetchErrors, fetchErrors);
  metrics.count(METRIC_NAMES.alertsPublished, summary.alerted);
  metrics.count(METRIC_NAMES.alertsFailed, summary.alertsFailed);
  metrics.count(METRIC_NAMES.sourcesFailed, sourcesFailed);
}

interface SourceOutcome {
  summary: SourceSummary;
  ingest: IngestResult;
  /** Last successful read of the list, this cycle's when it was read. */
  lastSuccessAt: string | null;
  articlesFailed: number;
  quarantined: number;
  /** Later list pages that could not be read (the source carried on without them). */
  listFailures: FailedItem[];
}

async function processSource(
  deps: MonitorDeps,
  options: RunOptions,
  source: SourceConfig,
  takenThisCycle: Set<string>,
  clock: CycleClock,
): Promise<SourceOutcome> {
  const summary: SourceSummary = {
    url: safeTerminalText(source.url),
    name: safeTerminalText(source.name),
    status: 'ok',
    listPages: 0,
    discovered: 0,
    new: 0,
  };
  const outcome: SourceOutcome = {
    summary,
    ingest: emptyIngestResult(),
    lastSuccessAt: null,
    articlesFailed: 0,
    quarantined: 0,
    listFailures: [],
  };
  if (clock.expired()) {
    summary.status = 'deadline';
    return outcome;
  }
  const state = await deps.store.getSourceState(source.url);
  outcome.lastSuccessAt = state?.lastSuccessAt ?? state?.lastCheckedAt ?? null;
  const firstSeen = state === null;
  // A new source is read one page deep: enough to start from, no crawl of the back catalogue.
  const maxPages = firstSeen ? 1 : Math.max(1, options.maxPagesPerSource);

  let first: ListFetchResult;
  try {
    first = await deps.fetcher.fetchList(
      source.url,
      { etag: state?.etag ?? null, lastModified: state?.lastModified ?? null },
      { signal: clock.signal },
    );
  } catch (error) {
    if (isDeadline(error, clock)) {
      summary.status = 'deadline';
      return outcome;
    }
    summary.status = 'failed';
    summary.error = safeTerminalText(errorReason(error));
    deps.log.warn('source not read', { source: summary.url, reason: summary.error });
    return outcome;
  }
  outcome.lastSuccessAt = deps.now().toISOString();
  if (first.status === 'not-modified') {
    summary.status = 'not-modified';
    await saveSourceState(deps, source, state, {
      etag: state?.etag ?? null,
      lastModified: state?.lastModified ?? null,
      firstPageIds: [],
      storedAny: false,
      complete: true,
    });
    return outcome;
  }
  summary.listPages = 1;
  if (first.page.articles.length === 0) {
    // Zero links is not "nothing new": the template has probably changed. Keep the old
    // validators so the next cycle reads the page again.
    const page = safeTerminalText(stripUrlUserinfo(first.page.url));
    summary.status = first.page.template === 'not-rednet' ? 'not-rednet' : 'layout-changed';
    summary.error =
      summary.status === 'not-rednet'
        ? `list page ${page} is not a 红网 page (no article links, no sign of rednet.cn)`
        : `list page ${page} has no article links (template ${first.page.template})`;
    deps.log.warn('list page has no article links', {
      source: summary.url,
      template: first.page.template,
    });
    return outcome;
  }

  const seen = new Set<string>();
  const fresh: ArticleRef[] = [];
  let listComplete = true;
  let page = first.page;
  let firstPageIds: string[] = [];
  for (;;) {
    const listed = await listedRefs(deps, page, seen);
    if (page === first.page) firstPageIds = listed.valid.map((ref) => ref.id);
    if (listed.invalid > 0) summary.invalidLinks = (summary.invalidLinks ?? 0) + listed.invalid;
    const { refs, fresh: pageFresh } = listed;
    summary.discovered += refs.length;
    for (const ref of pageFresh) {
      if (takenThisCycle.has(ref.id)) continue;
      takenThisCycle.add(ref.id);
      fresh.push(ref);
    }
    const allNew = pageFresh.length === refs.length && refs.length > 0;
    if (!allNew || !page.nextPage || summary.listPages >= maxPages) break;
    if (clock.expired()) {
      listComplete = false;
      break;
    }
    const next = await readListPage(deps, page.nextPage, clock);
    if (next.status !== 'ok') {
      // A broken "下一页" costs the older articles behind it, never the new ones already listed.
      listComplete = false;
      if (next.status === 'failed') {
        deps.log.warn('next list page not read', {
          page: safeUrl(page.nextPage),
          reason: next.failure.reason,
        });
        outcome.listFailures.push(next.failure);
      }
      break;
    }
    summary.listPages++;
    page = next.page;
  }
  summary.new = fresh.length;

  const eligible = await notQuarantined(deps, fresh, summary);
  const cap = Math.max(1, options.maxArticlesPerSource ?? MAX_ARTICLES_PER_SOURCE_PER_CYCLE);
  // Newest first on the list: the newest are fetched now, the rest by the next cycles.
  const toFetch = eligible.refs.slice(0, cap);
  let deferred = eligible.refs.length - toFetch.length;

  // Oldest first, so subscribers receive alerts in publication order.
  const ingest = await ingestArticles(deps, [...toFetch].reverse(), {
    sourceUrl: source.url,
    alert: firstSeen ? 'window' : 'all',
    alertWindowMs: options.alertWindowMs,
    concurrency: options.articleConcurrency,
    claimant: options.invocationId,
    clock,
  });
  outcome.ingest = ingest;
  deferred += ingest.notStarted.length;
  if (deferred > 0) summary.deferred = deferred;
  if (ingest.notStarted.length > 0 || clock.expired()) summary.status = 'deadline';

  const failures = await bookFailures(deps, options, source, eligible.failures, ingest);
  outcome.articlesFailed = failures.failed;
  outcome.quarantined = failures.quarantined;

  // Complete: every new article of the pages read is stored or quarantined, every page was read.
  const complete = listComplete && deferred === 0 && failures.unresolved === 0;
  // A new source stays "new" until its first page is fully stored: otherwise an old article that
  // failed now would be retried as a known source's article, and alerted outside the window.
  if (firstSeen && !complete) return outcome;
  await saveSourceState(deps, source, state, {
    etag: first.etag,
    lastModified: first.lastModified,
    firstPageIds,
    storedAny: ingest.stored > 0,
    complete,
  });
  return outcome;
}

function safeUrl(url: string): string {
  return safeTerminalText(stripUrlUserinfo(url.slice(0, 2048)));
}

/**
 * The links of a list page the cycle may fetch: at most MAX_LIST_LINKS, each with an id
 * and URL an article of the site can have (a 2,000-digit "content number" is not one), userinfo
 * removed. Refused links are only counted: they are never fetched.
 */
function usableLinks(page: ListPage): { valid: ArticleRef[]; invalid: number } {
  const valid: ArticleRef[] = [];
  let invalid = Math.max(0, page.articles.length - MAX_LIST_LINKS);
  for (const ref of page.articles.slice(0, MAX_LIST_LINKS)) {
    const problem = linkProblem(ref);
    if (problem !== null) {
      invalid++;
      continue;
    }
    valid.push(hasUrlUserinfo(ref.url) ? { ...ref, url: stripUrlUserinfo(ref.url) } : ref);
  }
  return { valid, invalid };
}

function linkProblem(ref: ArticleRef): InvalidLinkError | null {
  if (ref.id.length === 0 || utf8Bytes(ref.id) > MAX_ARTICLE_ID_BYTES) {
    return new InvalidLinkError(ref.url, 'link-id', `article id of ${utf8Bytes(ref.id)} bytes`);
  }
  if (utf8Bytes(ref.url) > MAX_URL_BYTES) {
    return new InvalidLinkError(ref.url, 'link-url', 'article URL too long');
  }
  return null;
}

/** A list page read without validators, or why not: never thrown, the caller decides the cost. */
export type ListRead =
  | { status: 'ok'; page: ListPage }
  | { status: 'deadline' }
  | { status: 'failed'; error: unknown; failure: FailedItem };

/**
 * Reads a list page after the first: a cycle's "下一页", a backfill's page `n`. Past the clock's
 * deadline (or aborted in flight) it is `deadline`, which is nobody's failure.
 */
export async function readListPage(
  deps: MonitorDeps,
  url: string,
  clock: CycleClock,
): Promise<ListRead> {
  if (clock.expired()) return { status: 'deadline' };
  let error: unknown;
  try {
    const read = await deps.fetcher.fetchList(
      url,
      { etag: null, lastModified: null },
      { signal: clock.signal },
    );
    if (read.status === 'ok') return { status: 'ok', page: read.page };
    error = new PageParseError(
      url,
      'list-not-modified',
      'HTTP 304 to a request without validators',
    );
  } catch (thrown) {
    if (isDeadline(thrown, clock)) return { status: 'deadline' };
    error = thrown;
  }
  return { status: 'failed', error, failure: failedItem(url, errorReason(error), 'list') };
}

/** What one list page adds to a walk of its column (a cycle's pages, a backfill's pages). */
export interface ListedRefs {
  /** The page's usable links (see `usableLinks`). */
  valid: ArticleRef[];
  /** Links refused before any request. */
  invalid: number;
  /** Usable links not seen earlier in the walk. */
  refs: ArticleRef[];
  /** Those of `refs` not stored yet. */
  fresh: ArticleRef[];
}

export async function listedRefs(
  deps: MonitorDeps,
  page: ListPage,
  seen: Set<string>,
): Promise<ListedRefs> {
  const { valid, invalid } = usableLinks(page);
  if (invalid > 0) deps.log.warn('list links refused', { page: safeUrl(page.url), invalid });
  const refs = valid.filter((ref) => !seen.has(ref.id));
  for (const ref of refs) seen.add(ref.id);
  const stored = await deps.store.findStoredIds(refs.map((ref) => ref.id));
  return { valid, invalid, refs, fresh: refs.filter((ref) => !stored.has(ref.id)) };
}

/**
 * The new refs minus those quarantined until later, with the failure records of all of them
 * (needed to count the next failure). A store error here only costs the quarantine check.
 */
async function notQuarantined(
  deps: MonitorDeps,
  fresh: readonly ArticleRef[],
  summary: SourceSummary,
): Promise<{ refs: ArticleRef[]; failures: Map<string, ArticleFailure> }> {
  if (fresh.length === 0) return { refs: [], failures: new Map() };
  let failures: Map<string, ArticleFailure>;
  try {
    failures = await deps.store.getFailures(fresh.map((ref) => ref.id));
  } catch (error) {
    deps.log.warn('failure records not read', { reason: errorReason(error) });
    return { refs: [...fresh], failures: new Map() };
  }
  const now = deps.now().toISOString();
  const refs = fresh.filter((ref) => {
    const until = failures.get(ref.id)?.quarantinedUntil ?? null;
    return until === null || until <= now;
  });
  if (refs.length < fresh.length) summary.quarantined = fresh.length - refs.length;
  return { refs, failures };
}

/**
 * Records this cycle's article failures (quarantining those that failed too often) and forgets
 * the failures of articles now stored. `unresolved` counts failed articles not quarantined: the
 * source's list must be read again for them.
 */
async function bookFailures(
  deps: MonitorDeps,
  options: RunOptions,
  source: SourceConfig,
  previous: Map<string, ArticleFailure>,
  ingest: IngestResult,
): Promise<{ failed: number; quarantined: number; unresolved: number }> {
  const policy = options.quarantine ?? {
    afterFailures: QUARANTINE_AFTER_FAILURES,
    backoffMs: QUARANTINE_BACKOFF_MS,
  };
  let quarantined = 0;
  let unresolved = 0;
  for (const { ref, error } of ingest.failedRefs) {
    try {
      const record = await deps.store.recordFailure(
        previous.get(ref.id) ?? null,
        { ref, sourceUrl: source.url, reason: errorReason(error), at: deps.now() },
        policy,
      );
      if (record.quarantinedUntil !== null) {
        quarantined++;
        deps.log.warn('article quarantined', {
          articleId: ref.id,
          url: safeUrl(ref.url),
          attempts: record.attempts,
          until: record.quarantinedUntil,
          reason: safeTerminalText(record.reason),
        });
      } else {
        unresolved++;
      }
    } catch (recordError) {
      unresolved++;
      deps.log.warn('article failure not recorded', {
        articleId: ref.id,
        reason: errorReason(recordError),
      });
    }
  }
  for (const id of ingest.storedIds) {
    if (!previous.has(id)) continue;
    try {
      await deps.store.clearFailure(id);
    } catch (error) {
      deps.log.warn('failure record not cleared', { articleId: id, reason: errorReason(error) });
    }
  }
  return { failed: ingest.failedRefs.length, quarantined, unresolved };
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
  const lastSuccess = Date.parse(previous?.lastSuccessAt ?? '');
  const markSuccess =
    Number.isNaN(lastSuccess) || deps.now().getTime() - lastSuccess >= SUCCESS_MARK_INTERVAL_MS;
  const next: SourceState = {
    url: source.url,
    etag: seen.complete ? seen.etag : (previous?.etag ?? null),
    lastModified: seen.complete ? seen.lastModified : (previous?.lastModified ?? null),
    lastSeenId,
    lastCheckedAt: now,
    lastNewArticleAt: seen.storedAny ? now : (previous?.lastNewArticleAt ?? null),
    lastSuccessAt: markSuccess ? now : (previous?.lastSuccessAt ?? now),
  };
  const unchanged =
    previous !== null &&
    !markSuccess &&
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
 * Fetch, parse, extract, store and alert the given article refs: the one ingestion of the cycle,
 * the backfill and `newsmon retry`.
 * Metrics are stored before the article item, the alert is claimed before it is published.
 */
export async function ingestArticles(
  deps: MonitorDeps,
  refs: readonly ArticleRef[],
  options: IngestOptions,
): Promise<IngestResult> {
  const claimant = options.claimant ?? `ingest-${randomUUID()}`;
  const result = emptyIngestResult();
  const { clock } = options;
  const outcomes = await mapSettled(refs, options.concurrency ?? 4, async (ref) => {
    if (clock?.expired()) throw new CycleDeadlineError(`fetching ${ref.id}`);
    const article = await deps.fetcher.fetchArticle(ref, { signal: clock?.signal });
    const metrics = extractSafely(deps, article.text, article.url, article.warnings);
    const now = deps.now();
    const report: StoredReport = {
      article,
      metrics,
      discoveredAt: now.toISOString(),
      sourceUrl: stripUrlUserinfo(options.sourceUrl),
      alertState: initialAlertState(options.alert, article, ref, now, options.alertWindowMs),
      alertedAt: null,
    };
    // Past this point the article is stored whatever the clock says: items stay consistent.
    const saved = await deps.store.saveReport(report);
    result.storedIds.push(ref.id);
    if (!saved) {
      // An overlapping invocation stored it first; its alert is that invocation's job.
      result.alreadyStored++;
      return;
    }
    result.stored++;
    result.metrics += metrics.length;
    options.onStored?.(report);
    if (report.alertState !== 'pending') return;
    const delivery = await deliver(deps, report, claimant);
    if (delivery.outcome === 'sent') result.alerted++;
    if (delivery.outcome === 'failed') {
      result.alertsFailed++;
      result.failed.push(failedItem(article.url, delivery.reason, 'alert'));
    }
  });
  for (const outcome of outcomes) {
    if (outcome.ok) continue;
    if (isDeadline(outcome.error, clock)) {
      result.notStarted.push(outcome.item);
      continue;
    }
    const reason = errorReason(outcome.error);
    deps.log.warn('article not stored', {
      url: safeUrl(outcome.item.url),
      reason: safeTerminalText(reason),
    });
    result.failed.push(failedItem(outcome.item.url, reason, 'article'));
    result.failedRefs.push({ ref: outcome.item, error: outcome.error });
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
  clock: CycleClock,
): Promise<{ alerted: number; failed: FailedItem[] }> {
  if (clock.expired()) return { alerted: 0, failed: [] };
  let pending: StoredReport[];
  try {
    pending = await deps.store.listPendingAlerts(PENDING_BATCH);
  } catch (error) {
    const reason = errorReason(error);
    deps.log.warn('pending alerts not listed', { reason });
    return { alerted: 0, failed: [failedItem('pending-alerts', reason, 'alert')] };
  }
  let alerted = 0;
  const failed: FailedItem[] = [];
  for (const report of pending) {
    if (clock.expired()) break;
    const delivery = await deliver(deps, report, claimant);
    if (delivery.outcome === 'sent') alerted++;
    if (delivery.outcome === 'failed') {
      failed.push(failedItem(report.article.url, delivery.reason, 'alert'));
    }
  }
  if (pending.length > 0)
    deps.log.info('pending alerts retried', { pending: pending.length, alerted });
  return { alerted, failed };
}

function sum<T>(items: readonly T[], pick: (item: T) => number): number {
  return items.reduce((total, item) => total + pick(item), 0);
}
