import { describe, expect, it, vi } from 'vitest';
import { MonitorError } from '../../../functions/monitor/errors.js';
import type {
  AlertPublisher,
  ArticleFailure,
  ArticleStore,
  FetchOptions,
  ListFetchResult,
  QuarantinePolicy,
  SourceFetcher,
  SourceState,
  StoredReport,
} from '../../../functions/monitor/ports.js';
import {
  AllSourcesFailedError,
  ingestArticles,
  type MonitorDeps,
  type RunOptions,
  runMonitor,
} from '../../../functions/monitor/run-monitor.js';
import type { Article, ArticleRef, ListPage } from '../../../functions/rednet/types.js';
import { silentLog } from '../../../functions/shared/observability.js';
import { abortableDelay } from '../../support/abortable-delay.js';
import { articleOf, articleRef, CASES_SOLVED } from '../../support/article-builders.js';

const NOW = new Date('2026-11-27T12:00:00Z');

function ref(id: string): ArticleRef {
  return articleRef(id, {
    site: 'hn',
    contentPath: '646056/83',
    listedAt: '2026-11-27T18:00:00+08:00',
  });
}

function article(r: ArticleRef): Article {
  return articleOf(r, `全市共破刑事案件${r.id}起。`);
}

const metric = CASES_SOLVED;

/** In-memory store with the same semantics as the DynamoDB adapter (conditional writes). */
class MemoryStore implements ArticleStore {
  reports = new Map<string, StoredReport>();
  claims = new Map<string, { claimant: string; expires: number }>();
  states = new Map<string, SourceState>();
  stateWrites = 0;
  failMarkAlerted = false;

  async findStoredIds(ids: readonly string[]) {
    return new Set(ids.filter((id) => this.reports.has(id)));
  }
  async saveReport(report: StoredReport) {
    if (this.reports.has(report.article.id)) return false;
    this.reports.set(report.article.id, structuredClone(report));
    return true;
  }
  async listPendingAlerts() {
    return [...this.reports.values()].filter((r) => r.alertState === 'pending');
  }
  async claimAlert(id: string, claimant: string, now: Date) {
    const claim = this.claims.get(id);
    if (this.reports.get(id)?.alertState !== 'pending') return false;
    if (claim && claim.expires > now.getTime()) return false;
    this.claims.set(id, { claimant, expires: now.getTime() + 900_000 });
    return true;
  }
  async markAlerted(id: string, claimant: string, at: Date) {
    if (this.failMarkAlerted) throw new Error('DynamoDB unavailable');
    if (this.claims.get(id)?.claimant !== claimant) throw new Error('claim lost');
    const report = this.reports.get(id);
    if (report) Object.assign(report, { alertState: 'sent', alertedAt: at.toISOString() });
    this.claims.delete(id);
  }
  async releaseClaim(id: string, claimant: string) {
    if (this.claims.get(id)?.claimant === claimant) this.claims.delete(id);
  }
  async getSourceState(url: string) {
    return this.states.get(url) ?? null;
  }
  async putSourceState(state: SourceState) {
    this.stateWrites++;
    this.states.set(state.url, { ...state });
  }
  failures = new Map<string, ArticleFailure>();
  async getFailures(ids: readonly string[]) {
    const found = new Map<string, ArticleFailure>();
    for (const id of ids) {
      const failure = this.failures.get(id);
      if (failure) found.set(id, { ...failure });
    }
    return found;
  }
  async recordFailure(
    previous: ArticleFailure | null,
    failure: { ref: ArticleRef; sourceUrl: string; reason: string; at: Date },
    policy: QuarantinePolicy,
  ) {
    const consecutiveFailures = (previous?.consecutiveFailures ?? 0) + 1;
    const at = failure.at.toISOString();
    const record: ArticleFailure = {
      articleId: failure.ref.id,
      ref: failure.ref,
      sourceUrl: failure.sourceUrl,
      consecutiveFailures,
      attempts: (previous?.attempts ?? 0) + 1,
      reason: failure.reason,
      firstFailedAt: previous?.firstFailedAt ?? at,
      lastFailedAt: at,
      quarantinedUntil:
        consecutiveFailures >= policy.afterFailures
          ? new Date(failure.at.getTime() + policy.backoffMs).toISOString()
          : null,
    };
    this.failures.set(record.articleId, record);
    return record;
  }
  async clearFailure(id: string) {
    this.failures.delete(id);
  }
  async listFailures(limit: number) {
    return [...this.failures.values()]
      .sort((a, b) => b.lastFailedAt.localeCompare(a.lastFailedAt))
      .slice(0, limit);
  }
}

class FakeFetcher implements SourceFetcher {
  lists = new Map<string, ListPage>();
  etags = new Map<string, string>();
  failing = new Set<string>();
  listCalls: string[] = [];
  articleCalls: string[] = [];

  articleDelayMs = 0;
  async fetchList(url: string, conditional: { etag: string | null }): Promise<ListFetchResult> {
    this.listCalls.push(url);
    if (this.failing.has(url)) throw new MonitorError('http-status', 'HTTP 503');
    const page = this.lists.get(url);
    if (!page) throw new Error(`no such list ${url}`);
    const etag = this.etags.get(url) ?? null;
    if (etag && conditional.etag === etag) return { status: 'not-modified' };
    return { status: 'ok', page, etag, lastModified: null };
  }
  async fetchArticle(r: ArticleRef, options: FetchOptions = {}): Promise<Article> {
    this.articleCalls.push(r.id);
    if (this.articleDelayMs > 0) await abortableDelay(this.articleDelayMs, r.url, options.signal);
    if (this.failing.has(r.url)) throw new MonitorError('article-no-body', 'no body');
    return article(r);
  }
}

function setup() {
  const store = new MemoryStore();
  const fetcher = new FakeFetcher();
  const published: string[] = [];
  const counters: Record<string, number> = {};
  let alertsDown = false;
  const alerts: AlertPublisher = {
    publish: async (report) => {
      if (alertsDown) throw new Error('SNS down');
      published.push(report.article.id);
    },
  };
  const deps: MonitorDeps = {
    fetcher,
    store,
    alerts,
    extract: () => [metric],
    log: silentLog,
    metrics: { count: (name, value) => (counters[name] = (counters[name] ?? 0) + value) },
    now: () => NOW,
  };
  const options: RunOptions = {
    sources: [{ url: 'https://hn.rednet.cn/channel/7417.html', name: '衡阳' }],
    alertWindowMs: 48 * 3_600_000,
    maxPagesPerSource: 3,
    articleConcurrency: 2,
    invocationId: 'test',
  };
  const list = (url: string, ids: string[], nextPage: string | null = null) =>
    fetcher.lists.set(url, { url, template: 'old', articles: ids.map(ref), nextPage });
  return {
    store,
    fetcher,
    published,
    counters,
    deps,
    options,
    list,
    setAlertsDown: (down: boolean) => {
      alertsDown = down;
    },
  };
}

describe('runMonitor', () => {
  it('keeps the list validators when an article failed, so the next cycle reads the page again', async () => {
    const t = setup();
    const url = t.options.sources[0]?.url ?? '';
    t.store.states.set(url, {
      url,
      etag: '"v0"',
      lastModified: null,
      lastSeenId: '0',
      lastCheckedAt: '2026-11-27T11:00:00.000Z',
      lastNewArticleAt: null,
    });
    t.list(url, ['3', '2', '1']);
    t.fetcher.etags.set(url, '"v1"');
    t.fetcher.failing.add(ref('2').url);
    const first = await runMonitor(t.deps, t.options);
    expect(first.stored).toBe(2);
    expect(first.failed).toEqual([
      { url: ref('2').url, reason: 'article-no-body: no body', kind: 'article' },
    ]);
    expect(t.store.states.get(url)?.etag).toBe('"v0"');

    t.fetcher.failing.clear();
    const second = await runMonitor(t.deps, t.options);
    expect(second.stored).toBe(1);
    expect(t.store.states.get(url)?.etag).toBe('"v1"');
    expect(t.published.sort()).toEqual(['1', '2', '3']);
  });

  it('keeps a new source new until its first page is fully stored, so old articles stay unalerted', async () => {
    const t = setup();
    const url = t.options.sources[0]?.url ?? '';
    t.list(url, ['2', '1']);
    const old = { ...ref('1'), listedAt: '2020-01-01T08:00:00+08:00' };
    t.fetcher.lists.set(url, { url, template: 'old', articles: [ref('2'), old], nextPage: null });
    t.fetcher.failing.add(old.url);
    await runMonitor(t.deps, t.options);
    expect(t.store.states.has(url)).toBe(false);

    t.fetcher.failing.clear();
    t.fetcher.articleCalls.length = 0;
    await runMonitor(t.deps, t.options);
    expect(t.fetcher.articleCalls).toEqual(['1']);
    expect(t.store.reports.get('1')?.alertState).toBe('suppressed');
    expect(t.store.states.has(url)).toBe(true);
    expect(t.published).toEqual(['2']);
  });

  it('reports a list page from another site as not-rednet, not as a changed layout', async () => {
    const t = setup();
    const url = t.options.sources[0]?.url ?? '';
    const other = 'https://example.com/news.html';
    t.list(url, ['1']);
    t.fetcher.lists.set(other, {
      url: other,
      template: 'not-rednet',
      articles: [],
      nextPage: null,
    });
    const summary = await runMonitor(t.deps, {
      ...t.options,
      sources: [...t.options.sources, { url: other, name: 'other' }],
    });
    expect(summary.sources.map((s) => s.status)).toEqual(['ok', 'not-rednet']);
    expect(summary.failed).toContainEqual(
      expect.objectContaining({
        url: other,
        kind: 'layout',
        reason: expect.stringContaining('not a 红网 page'),
      }),
    );
  });

  it('writes no source state when nothing changed', async () => {
    const t = setup();
    t.list(t.options.sources[0]?.url ?? '', ['2', '1']);
    await runMonitor(t.deps, t.options);
    const writes = t.store.stateWrites;
    await runMonitor(t.deps, t.options);
    expect(t.store.stateWrites).toBe(writes);
  });

  it('stores articles oldest first and alerts each once', async () => {
    const t = setup();
    t.list(t.options.sources[0]?.url ?? '', ['3', '2', '1']);
    await runMonitor(t.deps, t.options);
    await runMonitor(t.deps, t.options);
    expect(t.fetcher.articleCalls).toEqual(['1', '2', '3']);
    expect(t.published).toEqual(['1', '2', '3']);
  });

  it('isolates a failing source from the others', async () => {
    const t = setup();
    const other = 'https://hy.rednet.cn/channel/9560.html';
    t.options.sources = [...t.options.sources, { url: other, name: '衡阳站' }];
    t.list(other, ['5']);
    t.fetcher.failing.add(t.options.sources[0]?.url ?? '');
    const summary = await runMonitor(t.deps, t.options);
    expect(summary.sources.map((s) => s.status)).toEqual(['failed', 'ok']);
    expect(summary.sources[0]?.error).toBe('http-status: HTTP 503');
    expect(t.published).toEqual(['5']);
    expect(t.counters.SourcesFailed).toBe(1);
    expect(t.counters.FetchErrors).toBe(1);
  });

  it('throws with the summary when every source failed', async () => {
    const t = setup();
    t.fetcher.failing.add(t.options.sources[0]?.url ?? '');
    const error = await runMonitor(t.deps, t.options).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AllSourcesFailedError);
    expect((error as AllSourcesFailedError).summary.failed).toHaveLength(1);
    expect(t.counters.SourcesFailed).toBe(1);
  });

  it('keeps an article whose metric extraction crashed, flagged, with no metrics', async () => {
    const t = setup();
    t.list(t.options.sources[0]?.url ?? '', ['1']);
    t.deps.extract = () => {
      throw new Error('extractor bug');
    };
    const summary = await runMonitor(t.deps, t.options);
    expect(summary.stored).toBe(1);
    const stored = t.store.reports.get('1');
    expect(stored?.metrics).toEqual([]);
    expect(stored?.article.warnings).toContain('metric extraction failed: extractor bug');
  });

  it('retries pending alerts first and releases the claim when SNS fails', async () => {
    const t = setup();
    t.list(t.options.sources[0]?.url ?? '', ['1']);
    t.setAlertsDown(true);
    const first = await runMonitor(t.deps, t.options);
    expect(first).toMatchObject({ stored: 1, alerted: 0, alertsFailed: 1 });
    expect(t.store.claims.size).toBe(0);
    t.setAlertsDown(false);
    const second = await runMonitor(t.deps, t.options);
    expect(second).toMatchObject({ alerted: 1, alertsRetried: 1, stored: 0 });
    expect(t.counters.AlertsPublished).toBe(1);
    expect(t.counters.AlertsFailed).toBe(1);
  });

  it('retries a failed "sent" mark before giving up', async () => {
    const t = setup();
    t.list(t.options.sources[0]?.url ?? '', ['1']);
    let failures = 2;
    const mark = t.store.markAlerted.bind(t.store);
    t.store.markAlerted = async (...args) => {
      if (failures-- > 0) throw new Error('ProvisionedThroughputExceededException');
      return mark(...args);
    };
    await runMonitor(t.deps, t.options);
    expect(t.store.reports.get('1')?.alertState).toBe('sent');
  });

  it('counts a published alert as sent even when marking it fails', async () => {
    const t = setup();
    t.list(t.options.sources[0]?.url ?? '', ['1']);
    t.store.failMarkAlerted = true;
    const errors: string[] = [];
    t.deps.log = { ...silentLog, error: (message) => errors.push(message) };
    vi.useFakeTimers({ toFake: ['setTimeout'] });
    try {
      const running = runMonitor(t.deps, t.options);
      await vi.runAllTimersAsync();
      const summary = await running;
      expect(summary.alerted).toBe(1);
    } finally {
      vi.useRealTimers();
    }
    expect(t.published).toEqual(['1']);
    expect(errors).toEqual(['alert published but not marked sent']);
  });

  it('emits every agreed counter, zeros included', async () => {
    const t = setup();
    t.list(t.options.sources[0]?.url ?? '', ['1']);
    t.fetcher.etags.set(t.options.sources[0]?.url ?? '', '"v"');
    await runMonitor(t.deps, t.options);
    for (const key of Object.keys(t.counters)) t.counters[key] = 0;
    await runMonitor(t.deps, t.options);
    expect(t.counters).toEqual({
      ArticlesDiscovered: 0,
      ArticlesNew: 0,
      ArticlesStored: 0,
      ArticlesFailed: 0,
      ArticlesQuarantined: 0,
      CycleDeadlineHit: 0,
      SourcesFailing: 0,
      MetricsExtracted: 0,
      FetchErrors: 0,
      AlertsPublished: 0,
      AlertsFailed: 0,
      SourcesFailed: 0,
    });
  });

  it('stops paginating at maxPagesPerSource', async () => {
    const t = setup();
    const url = t.options.sources[0]?.url ?? '';
    t.store.states.set(url, {
      url,
      etag: null,
      lastModified: null,
      lastSeenId: '0',
      lastCheckedAt: null,
      lastNewArticleAt: null,
    });
    t.list(url, ['9'], `${url}?p=2`);
    t.list(`${url}?p=2`, ['8'], `${url}?p=3`);
    t.list(`${url}?p=3`, ['7'], `${url}?p=4`);
    t.list(`${url}?p=4`, ['6'], null);
    t.options.maxPagesPerSource = 3;
    const summary = await runMonitor(t.deps, t.options);
    expect(summary.sources[0]).toMatchObject({ listPages: 3, new: 3 });
    expect(t.fetcher.listCalls).not.toContain(`${url}?p=4`);
    expect(t.store.states.get(url)?.lastSeenId).toBe('9');
  });
});

describe('ingestArticles', () => {
  it('stores given refs without alerting in none mode and skips ones already stored', async () => {
    const t = setup();
    const options = {
      sourceUrl: 'backfill',
      alert: 'none' as const,
      alertWindowMs: 'all' as const,
    };
    const first = await ingestArticles(t.deps, [ref('1'), ref('2')], options);
    const again = await ingestArticles(t.deps, [ref('2')], options);
    expect(first).toMatchObject({ stored: 2, metrics: 2, alerted: 0, failed: [] });
    expect(again).toMatchObject({ stored: 0, alreadyStored: 1 });
    expect(t.store.reports.get('1')?.alertState).toBe('suppressed');
    expect(t.published).toEqual([]);
  });

  describe('failure isolation, caps and the deadline', () => {
    const knownSource = (t: ReturnType<typeof setup>, etag: string | null = '"v0"') => {
      const url = t.options.sources[0]?.url ?? '';
      t.store.states.set(url, {
        url,
        etag,
        lastModified: null,
        lastSeenId: '0',
        lastCheckedAt: '2026-11-27T11:00:00.000Z',
        lastNewArticleAt: null,
        lastSuccessAt: '2026-11-27T11:30:00.000Z',
      });
      return url;
    };

    it('stores and alerts the first page when the next-page link answers 404, and keeps the validators', async () => {
      const t = setup();
      const url = knownSource(t);
      const next = 'https://hn.rednet.cn/channel/7417_2.html';
      t.list(url, ['3', '2'], next);
      t.fetcher.etags.set(url, '"v1"');
      t.fetcher.failing.add(next);
      const summary = await runMonitor(t.deps, t.options);
      expect(summary.sources[0]?.status).toBe('ok');
      expect(summary.stored).toBe(2);
      expect(t.published.sort()).toEqual(['2', '3']);
      expect(summary.failed).toEqual([
        { url: next, reason: 'http-status: HTTP 503', kind: 'list' },
      ]);
      // The older articles behind the broken page are not lost: the first page is read again.
      expect(t.store.states.get(url)?.etag).toBe('"v0"');
    });

    it('quarantines an article that fails three cycles in a row and leaves it alone until the backoff passes', async () => {
      const t = setup();
      const url = knownSource(t);
      t.list(url, ['2', '1']);
      t.fetcher.etags.set(url, '"v1"');
      t.fetcher.failing.add(ref('1').url);
      for (let cycle = 1; cycle <= 3; cycle++) {
        const summary = await runMonitor(t.deps, t.options);
        expect(summary.articlesFailed).toBe(1);
        expect(summary.quarantined).toBe(cycle === 3 ? 1 : 0);
      }
      const record = t.store.failures.get('1');
      expect(record).toMatchObject({ consecutiveFailures: 3, attempts: 3 });
      expect(record?.reason).toBe('article-no-body: no body');
      expect(record?.quarantinedUntil).toBe('2026-11-28T12:00:00.000Z');
      expect(t.counters.ArticlesQuarantined).toBe(1);
      expect(t.counters.ArticlesFailed).toBe(3);
      expect(t.counters.ArticlesStored).toBe(1);
      // Quarantined counts as handled: the validators advance and the page is not re-read for it.
      expect(t.store.states.get(url)?.etag).toBe('"v1"');

      t.store.states.set(url, { ...(t.store.states.get(url) as SourceState), etag: null });
      t.fetcher.articleCalls.length = 0;
      const quiet = await runMonitor(t.deps, t.options);
      expect(t.fetcher.articleCalls).toEqual([]);
      expect(quiet.sources[0]?.quarantined).toBe(1);

      // After the backoff it is tried again even though the list no longer changes (304).
      t.fetcher.failing.clear();
      t.deps.now = () => new Date('2026-11-28T12:00:01Z');
      const later = await runMonitor(t.deps, t.options);
      expect(later.sources[0]?.status).toBe('not-modified');
      expect(t.fetcher.articleCalls).toEqual(['1']);
      expect(later.stored).toBe(1);
      expect(t.store.failures.has('1')).toBe(false);
    });

    it('fetches at most the per-source cap of new articles per cycle, newest first, and the rest next cycle', async () => {
      const t = setup();
      const url = knownSource(t, null);
      t.list(url, ['5', '4', '3', '2', '1']);
      const first = await runMonitor(t.deps, { ...t.options, maxArticlesPerSource: 2 });
      expect(t.fetcher.articleCalls.sort()).toEqual(['4', '5']);
      expect(first.sources[0]?.deferred).toBe(3);
      await runMonitor(t.deps, { ...t.options, maxArticlesPerSource: 2 });
      await runMonitor(t.deps, { ...t.options, maxArticlesPerSource: 2 });
      expect(t.fetcher.articleCalls.sort()).toEqual(['1', '2', '3', '4', '5']);
    });

    it('never fetches a link whose id no article of the site can have', async () => {
      const t = setup();
      const url = t.options.sources[0]?.url ?? '';
      const huge = ref('9'.repeat(2_100));
      t.fetcher.lists.set(url, {
        url,
        template: 'old',
        articles: [ref('2'), huge, ref('1')],
        nextPage: null,
      });
      const summary = await runMonitor(t.deps, t.options);
      expect(t.fetcher.articleCalls.sort()).toEqual(['1', '2']);
      expect(summary.sources[0]?.invalidLinks).toBe(1);
      expect(t.store.states.get(url)?.lastSeenId).toBe('2');
    });

    it('stops starting work at the deadline, keeps what was stored and saves the source state', async () => {
      const t = setup();
      const url = knownSource(t);
      t.list(url, ['6', '5', '4', '3', '2', '1']);
      t.fetcher.etags.set(url, '"v1"');
      t.fetcher.articleDelayMs = 40;
      const summary = await runMonitor(t.deps, {
        ...t.options,
        articleConcurrency: 1,
        deadline: Date.now() + 100,
      });
      expect(summary.deadline).toBe(true);
      expect(summary.sources[0]?.status).toBe('deadline');
      expect(summary.stored).toBeGreaterThan(0);
      expect(summary.stored).toBeLessThan(6);
      expect(summary.articlesFailed).toBe(0);
      expect(t.store.failures.size).toBe(0);
      expect(t.counters.CycleDeadlineHit).toBe(1);
      // Saved, but with the old validators: the next cycle reads the page and carries on.
      expect(t.store.states.get(url)?.etag).toBe('"v0"');
      expect(t.store.states.get(url)?.lastCheckedAt).toBe(NOW.toISOString());

      t.fetcher.articleDelayMs = 0;
      const next = await runMonitor(t.deps, t.options);
      expect(next.deadline).toBe(false);
      expect(summary.stored + next.stored).toBe(6);
    });

    it('never uses, stores or prints the userinfo of a source URL, and warns about it', async () => {
      const t = setup();
      const warnings: string[] = [];
      t.deps.log = { ...silentLog, warn: (message) => warnings.push(message) };
      const clean = t.options.sources[0]?.url ?? '';
      t.list(clean, ['1']);
      const summary = await runMonitor(t.deps, {
        ...t.options,
        sources: [{ url: clean.replace('https://', 'https://user:secret@'), name: '衡阳' }],
      });
      expect(summary.sources[0]?.url).toBe(clean);
      expect(t.fetcher.listCalls).toEqual([clean]);
      expect(JSON.stringify([...t.store.states.values()])).not.toContain('secret');
      expect(warnings).toContain('source URL carries user:password@; it is ignored');
    });

    it('makes terminal escapes and bidi overrides in failure reasons visible in the summary', async () => {
      const t = setup();
      const url = t.options.sources[0]?.url ?? '';
      t.list(url, ['1']);
      t.deps.fetcher = Object.assign(Object.create(t.fetcher) as FakeFetcher, {
        fetchArticle: async () => {
          throw new Error('bad \u001b[2J page \u202e');
        },
      });
      const summary = await runMonitor(t.deps, t.options);
      expect(summary.failed[0]?.reason).toBe('bad ␛[2J page <U+202E>');
    });
  });
});
