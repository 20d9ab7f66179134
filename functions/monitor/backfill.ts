import { FetchError } from '../http/errors.js';
import { nextListPageUrl } from '../rednet/list-page.js';
import type { ArticleRef } from '../rednet/types.js';
import type { AlertMode } from './alert-window.js';
import { errorReason } from './errors.js';
import type { BackfillProgress, BackfillStateStore, SourceConfig } from './ports.js';
import {
  CycleClock,
  type FailedItem,
  failedItem,
  type IngestOptions,
  type IngestResult,
  ingestArticles,
  listedRefs,
  type MonitorDeps,
  readListPage,
  withoutUserinfo,
} from './run-monitor.js';

export interface BackfillDeps extends MonitorDeps {
  state: BackfillStateStore;
}

export interface BackfillOptions {
  sources: readonly SourceConfig[];
  /** List pages to walk per source, counting the first; more than last time goes deeper. */
  pages: number;
  /** `none` stores without alerting; `all` and `window` alert as a cycle does. */
  alert: AlertMode;
  alertWindowMs: number | 'all';
  /** Articles fetched at once, as in a cycle (default: ingestArticles'). */
  articleConcurrency?: number;
  /** As in a cycle: past it nothing new starts and fetches in flight are aborted. */
  deadline?: number;
  /** Aborts like the deadline. */
  signal?: AbortSignal;
  /**
   * A request to stop (Ctrl-C): the list page in progress is finished and saved, no other is
   * started. Nothing in flight is cut off, so a stopped backfill resumes on the next page.
   */
  stop?: AbortSignal;
  onProgress?: (event: BackfillEvent) => void;
}

/** What a backfill reports while it works, for a progress bar or a log. */
export type BackfillEvent =
  | { type: 'source-started'; source: SourceConfig; completedPages: number; ended: boolean }
  | { type: 'page-started'; source: SourceConfig; page: number }
  /** The page was listed, its new articles ingested and the progress saved. */
  | { type: 'page-read'; source: SourceConfig; page: number; listed: number; fresh: number }
  | { type: 'article-stored'; source: SourceConfig; url: string; metrics: number }
  /** An article (or its alert) failed; it is retried by the next backfill. */
  | { type: 'article-failed'; source: SourceConfig; failure: FailedItem }
  /** A list page could not be read; the source stops there and the next backfill resumes there. */
  | { type: 'list-failed'; source: SourceConfig; failure: FailedItem }
  /** The store or the progress state failed; the other sources carry on. */
  | { type: 'source-failed'; source: SourceConfig; failure: FailedItem }
  | { type: 'column-ended'; source: SourceConfig; completedPages: number }
  | { type: 'source-finished'; source: SourceConfig; completedPages: number; ended: boolean };

export interface BackfillSummary {
  /** List pages read by this run. */
  pages: number;
  /** Usable article links on them. */
  listed: number;
  /** Of those, not stored before. */
  fresh: number;
  stored: number;
  metrics: number;
  alerted: number;
  /** Links refused before any request (an id or URL no article of the site has). */
  invalidLinks: number;
  /** Every list page, article and alert that failed, once each. */
  failed: FailedItem[];
  /** Stopped before the end: a stop request, an abort or the deadline. */
  stopped: boolean;
}

/**
 * `newsmon backfill`: walks each source's column back to page `pages` from where the last run
 * stopped, storing (and optionally alerting) every article not stored yet, with the cycle's own
 * list reading and article ingestion. Progress is saved after every page. Articles that failed
 * are retried first by the next run; a list page that failed is where the next run resumes; a
 * made-up page URL answering 404 means the column ended. One failing source never stops the others.
 */
export async function runBackfill(
  deps: BackfillDeps,
  options: BackfillOptions,
): Promise<BackfillSummary> {
  const clock = new CycleClock(options.deadline, options.signal);
  const summary: BackfillSummary = {
    pages: 0,
    listed: 0,
    fresh: 0,
    stored: 0,
    metrics: 0,
    alerted: 0,
    invalidLinks: 0,
    failed: [],
    stopped: false,
  };
  try {
    for (const listed of options.sources) {
      if (stopping(options, clock)) break;
      const source = withoutUserinfo(deps, listed);
      try {
        const progress = (await deps.state.load(source.url)) ?? {
          completedPages: 0,
          nextUrl: source.url,
          exhausted: false,
          failed: [],
        };
        await new SourceWalk(deps, options, source, clock, summary, progress).run();
      } catch (error) {
        const failure = failedItem(source.url, errorReason(error), 'source');
        summary.failed.push(failure);
        options.onProgress?.({ type: 'source-failed', source, failure });
      }
    }
    summary.stopped = stopping(options, clock);
    return summary;
  } finally {
    clock.dispose();
  }
}

function stopping(options: BackfillOptions, clock: CycleClock): boolean {
  return options.stop?.aborted === true || clock.expired();
}

function hasEnded(progress: BackfillProgress): boolean {
  return progress.exhausted || progress.nextUrl === null;
}

/** The server says the page does not exist: for a made-up page URL, the column's end. */
function isMissingPage(error: unknown): boolean {
  return (
    error instanceof FetchError &&
    error.reason === 'http-status' &&
    (error.status === 404 || error.status === 410)
  );
}

/** One source's walk: its saved progress, the links seen so far, and what it adds to the summary. */
class SourceWalk {
  private readonly seen = new Set<string>();
  private readonly ingestOptions: IngestOptions;

  constructor(
    private readonly deps: BackfillDeps,
    private readonly options: BackfillOptions,
    private readonly source: SourceConfig,
    private readonly clock: CycleClock,
    private readonly summary: BackfillSummary,
    private readonly progress: BackfillProgress,
  ) {
    this.ingestOptions = {
      sourceUrl: source.url,
      alert: options.alert,
      alertWindowMs: options.alertWindowMs,
      concurrency: options.articleConcurrency,
      clock,
      onStored: (report) =>
        this.emit({
          type: 'article-stored',
          source,
          url: report.article.url,
          metrics: report.metrics.length,
        }),
    };
  }

  async run(): Promise<void> {
    const { source, progress } = this;
    const { completedPages } = progress;
    this.emit({ type: 'source-started', source, completedPages, ended: hasEnded(progress) });
    if (progress.failed.length > 0) await this.retryFailed();
    for (let page = progress.completedPages + 1; page <= this.options.pages; page += 1) {
      const url = progress.nextUrl;
      if (url === null || progress.exhausted || stopping(this.options, this.clock)) break;
      if (!(await this.walkPage(page, url))) break;
    }
    this.emit({
      type: 'source-finished',
      source,
      completedPages: progress.completedPages,
      ended: hasEnded(progress),
    });
  }

  private emit(event: BackfillEvent): void {
    this.options.onProgress?.(event);
  }

  private async ingest(refs: readonly ArticleRef[]): Promise<IngestResult> {
    const result = await ingestArticles(this.deps, refs, this.ingestOptions);
    this.summary.stored += result.stored;
    this.summary.metrics += result.metrics;
    this.summary.alerted += result.alerted;
    for (const failure of result.failed) {
      this.summary.failed.push(failure);
      this.emit({ type: 'article-failed', source: this.source, failure });
    }
    return result;
  }

  private async save(): Promise<void> {
    await this.deps.state.save(this.source.url, this.progress);
  }

  /** The articles that failed last time; those failing again (or cut off) stay for next time. */
  private async retryFailed(): Promise<void> {
    const result = await this.ingest(this.progress.failed);
    this.progress.failed = [...result.failedRefs.map((failed) => failed.ref), ...result.notStarted];
    await this.save();
  }

  /** Reads page `page` at `url` and ingests its new articles; false when the walk stops here. */
  private async walkPage(page: number, url: string): Promise<boolean> {
    const { deps, source, progress, summary } = this;
    this.emit({ type: 'page-started', source, page });
    const read = await readListPage(deps, url, this.clock);
    if (read.status === 'deadline') return false;
    if (read.status === 'failed') {
      if (progress.nextUrlGuessed && isMissingPage(read.error)) {
        progress.exhausted = true;
        await this.save();
        this.emit({ type: 'column-ended', source, completedPages: progress.completedPages });
      } else {
        summary.failed.push(read.failure);
        this.emit({ type: 'list-failed', source, failure: read.failure });
      }
      return false;
    }
    const listed = await listedRefs(deps, read.page, this.seen);
    summary.pages += 1;
    summary.listed += listed.refs.length;
    summary.fresh += listed.fresh.length;
    summary.invalidLinks += listed.invalid;
    const result = await this.ingest(listed.fresh);
    // Cut off by the deadline: the page is read again next time (what it stored is skipped then).
    if (result.notStarted.length > 0) return false;

    progress.failed.push(...result.failedRefs.map((failed) => failed.ref));
    progress.completedPages = page;
    const linked = read.page.nextPage;
    const empty = read.page.articles.length === 0;
    const next = linked ?? (empty ? null : nextListPageUrl(source.url, page + 1));
    progress.nextUrl = next;
    progress.nextUrlGuessed = linked === null && next !== null;
    progress.exhausted = empty || next === null;
    await this.save();
    const { refs, fresh } = listed;
    this.emit({ type: 'page-read', source, page, listed: refs.length, fresh: fresh.length });
    if (progress.exhausted) this.emit({ type: 'column-ended', source, completedPages: page });
    return true;
  }
}
