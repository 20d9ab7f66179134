import type { Metric } from '../metrics/types.js';
import type { Article, ArticleRef, ListPage } from '../rednet/types.js';

/** A column page (or JSON list endpoint) the monitor watches. */
export interface SourceConfig {
  /** Absolute URL of the first list page. */
  url: string;
  /** Human label, e.g. `衡阳`. */
  name: string;
}

/** What the store remembers about a source between cycles. */
export interface SourceState {
  url: string;
  etag: string | null;
  lastModified: string | null;
  lastSeenId: string | null;
  lastCheckedAt: string | null;
  /** Last time the source yielded an article not stored before. */
  lastNewArticleAt: string | null;
  /**
   * Last time the source's list was read (a 304 included), refreshed at most hourly so a quiet
   * cycle writes nothing; `SourcesFailing` counts sources where it is too old. Absent in states
   * written before it existed.
   */
  lastSuccessAt?: string | null;
}

/** Per-call options of the fetcher: the cycle's signal aborts what is in flight at the deadline. */
export interface FetchOptions {
  signal?: AbortSignal;
}

export type ListFetchResult =
  | { status: 'not-modified' }
  | { status: 'ok'; page: ListPage; etag: string | null; lastModified: string | null };

/** Port: reads 红网 pages. The adapter owns HTTP; the site module owns parsing. */
export interface SourceFetcher {
  fetchList(
    url: string,
    conditional: { etag: string | null; lastModified: string | null },
    options?: FetchOptions,
  ): Promise<ListFetchResult>;
  fetchArticle(ref: ArticleRef, options?: FetchOptions): Promise<Article>;
}

/** An article that failed in one or more cycles in a row (see `newsmon query failures`). */
export interface ArticleFailure {
  articleId: string;
  ref: ArticleRef;
  sourceUrl: string;
  /** Cycles in a row in which the article could not be fetched, parsed or stored. */
  consecutiveFailures: number;
  /** Failed attempts since the first failure. */
  attempts: number;
  /** The last failure's reason (`http-status: GET … HTTP 500`). */
  reason: string;
  firstFailedAt: string;
  lastFailedAt: string;
  /** Not fetched again before this instant; null while failing but not (yet) quarantined. */
  quarantinedUntil: string | null;
}

/** When a failing article is set aside, and for how long. */
export interface QuarantinePolicy {
  /** Consecutive failed cycles before quarantine. */
  afterFailures: number;
  backoffMs: number;
}

/** An article with its metrics and the bookkeeping the monitor keeps. */
export interface StoredReport {
  article: Article;
  metrics: Metric[];
  discoveredAt: string;
  /** Source list page the article was found on. */
  sourceUrl: string;
  alertState: 'pending' | 'sent' | 'suppressed';
  alertedAt: string | null;
}

/** Port: where reports live (DynamoDB in AWS, embedded DynamoDB locally). */
export interface ArticleStore {
  /** Ids among `ids` that are already stored (batched reads). */
  findStoredIds(ids: readonly string[]): Promise<Set<string>>;
  /** Conditional put of an article and its metrics; returns false when it was already stored. */
  saveReport(report: StoredReport): Promise<boolean>;
  /** Reports stored but not yet alerted (oldest first). */
  listPendingAlerts(limit: number): Promise<StoredReport[]>;
  /** Claim the alert for one article so that overlapping cycles cannot both publish it. */
  claimAlert(articleId: string, claimant: string, now: Date): Promise<boolean>;
  markAlerted(articleId: string, claimant: string, alertedAt: Date): Promise<void>;
  /** Give a claim back after a failed publish so the next cycle can retry without waiting for expiry. */
  releaseClaim(articleId: string, claimant: string): Promise<void>;
  getSourceState(url: string): Promise<SourceState | null>;
  putSourceState(state: SourceState): Promise<void>;
  /** Failure records of the given article ids (batched reads); ids without one are absent. */
  getFailures(ids: readonly string[]): Promise<Map<string, ArticleFailure>>;
  /** Counts one more failed cycle; quarantines the article once the policy says so. */
  recordFailure(
    previous: ArticleFailure | null,
    failure: { ref: ArticleRef; sourceUrl: string; reason: string; at: Date },
    policy: QuarantinePolicy,
  ): Promise<ArticleFailure>;
  /** Forgets an article's failures (it was stored, or the user asked for a retry). */
  clearFailure(articleId: string): Promise<void>;
  /** Failing and quarantined articles, most recent failure first. */
  listFailures(limit: number): Promise<ArticleFailure[]>;
}

/** Port: read side of the store, used by `newsmon query`. */
export interface ReportQueries {
  getReport(id: string): Promise<StoredReport | null>;
  listReports(filter: ReportFilter): Promise<StoredReport[]>;
  /** Newest articles with their stored figure count, without reading the figures. */
  listReportSummaries(filter: ReportFilter): Promise<ReportSummary[]>;
  series(filter: { subject: string; unit?: string; since?: string }): Promise<SeriesPoint[]>;
}

export interface ReportFilter {
  since?: string;
  /**
   * Exclusive upper bound, for paging back in time: an ISO instant, or the cursor
   * `<utc instant>#<id>` of the last report of the previous page (see `reportCursor`).
   */
  until?: string;
  site?: string;
  channel?: string;
  limit: number;
}

/** A stored article without its figures: what a listing needs. */
export interface ReportSummary extends Omit<StoredReport, 'metrics'> {
  metricCount: number;
}

export interface SeriesPoint {
  articleId: string;
  publishedAt: string | null;
  title: string | null;
  url: string;
  metric: Metric;
}

/** Port: tells subscribers about a new report. */
export interface AlertPublisher {
  publish(report: StoredReport): Promise<void>;
}

/** Structured log port used by the use cases: constant message, context in fields. */
export interface LogPort {
  info(message: string, fields?: object): void;
  warn(message: string, fields?: object): void;
  error(message: string, fields?: object): void;
}

/** Counter port used by the use cases; the handler backs it with CloudWatch EMF (Powertools Metrics). */
export interface MetricsPort {
  count(name: string, value: number): void;
}

/** How far a backfill walked one source's column; pages are 1-based, page 1 is the source URL. */
export interface BackfillProgress {
  /** Pages fully walked (listed, and every new article stored or recorded as failed). */
  completedPages: number;
  /** URL of page `completedPages + 1`, or null when the column has no further page. */
  nextUrl: string | null;
  /**
   * True when `nextUrl` was made up from the column's URL pattern (`_<n>.html`) because the page
   * showed no pager link: a 404 there means the column ended, not a failure.
   */
  nextUrlGuessed?: boolean;
  /** The column ended (an empty page or no next page): deeper walks find nothing more. */
  exhausted: boolean;
  /** Articles that could not be fetched, parsed or stored; retried first by the next backfill. */
  failed: ArticleRef[];
}

/** Port: where a backfill keeps its progress between runs (a JSON file for the CLI). */
export interface BackfillStateStore {
  /** The source's saved progress, or null for a source never backfilled (or restarted). */
  load(sourceUrl: string): Promise<BackfillProgress | null>;
  /** Saved after every page, so a stop or a crash loses at most the page in progress. */
  save(sourceUrl: string, progress: BackfillProgress): Promise<void>;
}
