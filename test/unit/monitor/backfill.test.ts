import { describe, expect, it } from 'vitest';
import { FetchError } from '../../../functions/http/errors.js';
import {
  type BackfillDeps,
  type BackfillEvent,
  type BackfillOptions,
  runBackfill,
} from '../../../functions/monitor/backfill.js';
import type {
  ArticleStore,
  BackfillProgress,
  BackfillStateStore,
  FetchOptions,
  ListFetchResult,
  SourceFetcher,
  StoredReport,
} from '../../../functions/monitor/ports.js';
import type { Article, ArticleRef, ListPage } from '../../../functions/rednet/types.js';
import { silentLog } from '../../../functions/shared/observability.js';
import { abortableDelay } from '../../support/abortable-delay.js';
import { articleOf, articleRef } from '../../support/article-builders.js';

const COLUMN = 'https://hy.rednet.cn/channel/7417.html';
const PAGE_2 = 'https://hy.rednet.cn/channel/7417_2.html';
const PAGE_3 = 'https://hy.rednet.cn/channel/7417_3.html';
const OTHER = 'https://hn.rednet.cn/channel/7399.html';

function ref(id: string): ArticleRef {
  return articleRef(id, {
    site: 'hy',
    contentPath: '646943/59',
    listedAt: '2025-09-15T16:20:35+08:00',
  });
}

function article(r: ArticleRef): Article {
  return articleOf(r, '全市共破刑事案件12起。');
}

function httpError(url: string, status: number): FetchError {
  return new FetchError({
    url,
    attempts: 1,
    reason: 'http-status',
    detail: `HTTP ${status}`,
    status,
  });
}

/** Pages and articles by URL; a missing list page answers 404, as the site does. */
class FakeFetcher implements SourceFetcher {
  lists = new Map<string, ListPage>();
  failing = new Map<string, number>();
  listCalls: string[] = [];
  articleCalls: string[] = [];
  articleDelayMs = 0;

  async fetchList(url: string): Promise<ListFetchResult> {
    this.listCalls.push(url);
    const status = this.failing.get(url);
    if (status !== undefined) throw httpError(url, status);
    const page = this.lists.get(url);
    if (!page) throw httpError(url, 404);
    return { status: 'ok', page, etag: null, lastModified: null };
  }

  async fetchArticle(r: ArticleRef, options: FetchOptions = {}): Promise<Article> {
    this.articleCalls.push(r.id);
    if (this.articleDelayMs > 0) await abortableDelay(this.articleDelayMs, r.url, options.signal);
    const status = this.failing.get(r.url);
    if (status !== undefined) throw httpError(r.url, status);
    return article(r);
  }
}

/** The part of the store a backfill without alerts uses; anything else is a test failure. */
class ReportStore implements ArticleStore {
  reports = new Map<string, StoredReport>();
  async findStoredIds(ids: readonly string[]) {
    return new Set(ids.filter((id) => this.reports.has(id)));
  }
  async saveReport(report: StoredReport) {
    if (this.reports.has(report.article.id)) return false;
    this.reports.set(report.article.id, report);
    return true;
  }
  private unused(): never {
    throw new Error('not used by a backfill without alerts');
  }
  listPendingAlerts = async () => this.unused();
  claimAlert = async () => this.unused();
  markAlerted = async () => this.unused();
  releaseClaim = async () => this.unused();
  getSourceState = async () => this.unused();
  putSourceState = async () => this.unused();
  getFailures = async () => this.unused();
  recordFailure = async () => this.unused();
  clearFailure = async () => this.unused();
  listFailures = async () => this.unused();
}

class MemoryState implements BackfillStateStore {
  saved = new Map<string, BackfillProgress>();
  saves = 0;
  async load(url: string) {
    const progress = this.saved.get(url);
    return progress ? structuredClone(progress) : null;
  }
  async save(url: string, progress: BackfillProgress) {
    this.saves++;
    this.saved.set(url, structuredClone(progress));
  }
}

function setup() {
  const fetcher = new FakeFetcher();
  const store = new ReportStore();
  const state = new MemoryState();
  const events: BackfillEvent[] = [];
  const deps: BackfillDeps = {
    fetcher,
    store,
    state,
    alerts: {
      publish: async () => {
        throw new Error('nothing is alerted');
      },
    },
    extract: () => [],
    log: silentLog,
    metrics: { count: () => {} },
    now: () => new Date('2026-12-01T00:00:00Z'),
  };
  const options: BackfillOptions = {
    sources: [{ url: COLUMN, name: '衡阳' }],
    pages: 3,
    alert: 'none',
    alertWindowMs: 'all',
    onProgress: (event) => events.push(event),
  };
  const list = (url: string, ids: string[], nextPage: string | null = null) =>
    fetcher.lists.set(url, { url, template: 'old', articles: ids.map(ref), nextPage });
  return { fetcher, store, state, events, deps, options, list };
}

describe('runBackfill', () => {
  it('resumes from saved progress: retries the saved failed articles first, then the next page', async () => {
    const t = setup();
    t.state.saved.set(COLUMN, {
      completedPages: 1,
      nextUrl: PAGE_2,
      nextUrlGuessed: false,
      exhausted: false,
      failed: [ref('9')],
    });
    t.list(PAGE_2, ['8', '7'], PAGE_3);
    t.list(PAGE_3, ['6']);
    t.options.pages = 2;

    const summary = await runBackfill(t.deps, t.options);

    expect(t.fetcher.listCalls).toEqual([PAGE_2]);
    expect(t.fetcher.articleCalls).toEqual(['9', '8', '7']);
    expect(summary).toMatchObject({ pages: 1, listed: 2, fresh: 2, stored: 3, failed: [] });
    expect(t.state.saved.get(COLUMN)).toEqual({
      completedPages: 2,
      nextUrl: PAGE_3,
      nextUrlGuessed: false,
      exhausted: false,
      failed: [],
    });

    t.options.pages = 3;
    await runBackfill(t.deps, t.options);
    expect(t.fetcher.listCalls).toEqual([PAGE_2, PAGE_3]);
    expect([...t.store.reports.keys()].sort()).toEqual(['6', '7', '8', '9']);
  });

  it('ends the column at a 404 on a page URL made up from the pattern, without a failure', async () => {
    const t = setup();
    // No pager link: page 2 is guessed from the URL pattern, and the site has no such page.
    t.list(COLUMN, ['3', '2']);

    const summary = await runBackfill(t.deps, t.options);

    expect(t.fetcher.listCalls).toEqual([COLUMN, PAGE_2]);
    expect(summary.failed).toEqual([]);
    expect(t.state.saved.get(COLUMN)).toMatchObject({ completedPages: 1, exhausted: true });
    expect(t.events.filter((event) => event.type === 'column-ended')).toHaveLength(1);

    t.fetcher.listCalls.length = 0;
    await runBackfill(t.deps, t.options);
    expect(t.fetcher.listCalls).toEqual([]);
  });

  it('reports a 404 on a linked page as a failure and resumes there next time', async () => {
    const t = setup();
    t.list(COLUMN, ['3', '2'], PAGE_2);

    const summary = await runBackfill(t.deps, t.options);

    expect(summary.failed).toEqual([
      expect.objectContaining({ url: PAGE_2, kind: 'list', reason: expect.stringMatching(/404/) }),
    ]);
    expect(t.state.saved.get(COLUMN)).toMatchObject({
      completedPages: 1,
      nextUrl: PAGE_2,
      exhausted: false,
    });
  });

  it('keeps failed articles for the next run and reports each once, with the page completed', async () => {
    const t = setup();
    t.list(COLUMN, ['3', '2', '1'], PAGE_2);
    t.list(PAGE_2, []);
    t.fetcher.failing.set(ref('2').url, 500);
    t.fetcher.failing.set(ref('1').url, 500);

    const summary = await runBackfill(t.deps, t.options);

    expect(summary.stored).toBe(1);
    expect(summary.failed.map((failure) => [failure.url, failure.kind])).toEqual([
      [ref('2').url, 'article'],
      [ref('1').url, 'article'],
    ]);
    expect(t.events.filter((event) => event.type === 'article-failed')).toHaveLength(2);
    expect(t.state.saved.get(COLUMN)).toMatchObject({
      completedPages: 2,
      exhausted: true,
      failed: [ref('2'), ref('1')],
    });
  });

  it('stops at the deadline: aborts the articles in flight, starts no other source, and reads the page again next time', async () => {
    const t = setup();
    t.options.sources = [
      { url: COLUMN, name: '衡阳' },
      { url: OTHER, name: '湖南' },
    ];
    t.list(COLUMN, ['3', '2'], PAGE_2);
    t.list(OTHER, ['5']);
    t.fetcher.articleDelayMs = 5_000;
    const started = Date.now();

    const summary = await runBackfill(t.deps, { ...t.options, deadline: Date.now() + 100 });

    expect(Date.now() - started).toBeLessThan(2_000);
    expect(summary).toMatchObject({ stopped: true, stored: 0, failed: [] });
    expect(t.fetcher.listCalls).toEqual([COLUMN]);
    // Nothing about the cut-off page is saved: it is read again, from page 1.
    expect(t.state.saved.get(COLUMN)).toBeUndefined();

    t.fetcher.articleDelayMs = 0;
    t.fetcher.listCalls.length = 0;
    t.options.pages = 1;
    const next = await runBackfill(t.deps, t.options);
    expect(t.fetcher.listCalls).toEqual([COLUMN, OTHER]);
    expect(next).toMatchObject({ stored: 3, stopped: false });
  });

  it('finishes the page in progress on a stop request and starts nothing after it', async () => {
    const t = setup();
    t.list(COLUMN, ['3', '2'], PAGE_2);
    t.list(PAGE_2, ['1']);
    const stop = new AbortController();
    t.options.onProgress = (event) => {
      if (event.type === 'page-started') stop.abort();
    };

    const summary = await runBackfill(t.deps, { ...t.options, stop: stop.signal });

    expect(summary).toMatchObject({ stopped: true, pages: 1, stored: 2 });
    expect(t.fetcher.listCalls).toEqual([COLUMN]);
    expect(t.state.saved.get(COLUMN)).toMatchObject({ completedPages: 1, nextUrl: PAGE_2 });
  });

  it('isolates a source whose progress cannot be saved from the others', async () => {
    const t = setup();
    t.options.sources = [
      { url: COLUMN, name: '衡阳' },
      { url: OTHER, name: '湖南' },
    ];
    t.options.pages = 1;
    t.list(COLUMN, ['3'], PAGE_2);
    t.list(OTHER, ['5'], null);
    const save = t.state.save.bind(t.state);
    t.state.save = async (url, progress) => {
      if (url === COLUMN) throw new Error('disk full');
      await save(url, progress);
    };

    const summary = await runBackfill(t.deps, t.options);

    expect(summary.failed).toEqual([
      expect.objectContaining({ url: COLUMN, kind: 'source', reason: 'disk full' }),
    ]);
    expect(t.state.saved.get(OTHER)).toMatchObject({ completedPages: 1 });
    expect(summary.stored).toBe(2);
  });
});
