import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AlertPublisher, ArticleStore } from '../../functions/monitor/ports.js';
import { AllSourcesFailedError, runMonitor } from '../../functions/monitor/run-monitor.js';
import { type FixtureSite, startFixtureSite } from '../support/fixture-site.js';
import { type LocalDynamoDb, startLocalDynamoDb } from '../support/local-dynamodb.js';
import { type LocalSns, startLocalSns } from '../support/local-sns.js';
import {
  deliveredIds,
  FIRST_PAGE_IDS,
  realDeps,
  runOptions,
  settleDeliveries,
  storedArticles,
} from './real-deps.js';

let site: FixtureSite;
let db: LocalDynamoDb;
let sns: LocalSns;

beforeEach(async () => {
  [site, db, sns] = await Promise.all([startFixtureSite(), startLocalDynamoDb(), startLocalSns()]);
});

afterEach(async () => {
  await Promise.all([site.close(), db.close(), sns.close()]);
});

/** Alerts lost 0, duplicated 0, items lost 0: every listed article stored and alerted once. */
async function expectExactlyOnce(ids: readonly string[]): Promise<void> {
  await settleDeliveries(sns);
  expect([...deliveredIds(sns)].sort()).toEqual([...ids].sort());
  const articles = await storedArticles(db);
  expect([...articles.keys()].sort()).toEqual([...ids].sort());
  const items = await db.scan();
  for (const [id, article] of articles) {
    expect(article.alertState).toBe('sent');
    expect(items.filter((i) => i.type === 'metric' && i.articleId === id)).toHaveLength(
      article.metricCount as number,
    );
  }
}

describe('fault injection: no alert lost or repeated, no item lost', () => {
  it('alerts exactly once on the next cycle when the process stops between store and publish', async () => {
    const crashing: (alerts: AlertPublisher) => AlertPublisher = () => ({
      publish: async () => {
        throw new Error('crash: process stopped before publishing');
      },
    });
    const first = await runMonitor(
      realDeps({ site, db, sns }, { wrapAlerts: crashing }),
      runOptions(site),
    );
    expect(first.stored).toBe(FIRST_PAGE_IDS.length);
    expect(first.alerted).toBe(0);
    expect(first.alertsFailed).toBe(FIRST_PAGE_IDS.length);
    expect(first.failed.every((f) => f.kind === 'alert' && f.reason.includes('crash'))).toBe(true);

    const second = await runMonitor(realDeps({ site, db, sns }), runOptions(site));
    expect(second.alertsRetried).toBe(FIRST_PAGE_IDS.length);
    const third = await runMonitor(realDeps({ site, db, sns }), runOptions(site));
    expect(third.alerted).toBe(0);
    await expectExactlyOnce(FIRST_PAGE_IDS);
  });

  it('takes over a dead claimant’s claims only after they expire', async () => {
    const start = new Date('2026-11-27T10:00:00Z');
    // The process dies after claiming: it neither publishes nor gives the claim back.
    const dies = (store: ArticleStore): ArticleStore =>
      Object.assign(Object.create(Object.getPrototypeOf(store)) as ArticleStore, store, {
        releaseClaim: async () => {},
      });
    const crashing: (alerts: AlertPublisher) => AlertPublisher = () => ({
      publish: async () => {
        throw new Error('crash');
      },
    });
    await runMonitor(
      realDeps({ site, db, sns }, { now: () => start, wrapStore: dies, wrapAlerts: crashing }),
      runOptions(site),
    );
    const soon = await runMonitor(
      realDeps({ site, db, sns }, { now: () => new Date(start.getTime() + 60_000) }),
      runOptions(site),
    );
    expect(soon.alerted).toBe(0);
    const later = await runMonitor(
      realDeps({ site, db, sns }, { now: () => new Date(start.getTime() + 16 * 60_000) }),
      runOptions(site),
    );
    expect(later.alertsRetried).toBe(FIRST_PAGE_IDS.length);
    await expectExactlyOnce(FIRST_PAGE_IDS);
  });

  it('alerts exactly once when two invocations overlap on the same table and topic', async () => {
    const [a, b] = await Promise.all([
      runMonitor(realDeps({ site, db, sns }), runOptions(site, { invocationId: 'overlap-a' })),
      runMonitor(realDeps({ site, db, sns }), runOptions(site, { invocationId: 'overlap-b' })),
    ]);
    expect(a.alerted + b.alerted).toBe(FIRST_PAGE_IDS.length);
    expect(a.stored + b.stored).toBe(FIRST_PAGE_IDS.length);
    await expectExactlyOnce(FIRST_PAGE_IDS);
  });

  it('lets the SDK retry SNS 500s, and keeps alerts pending when SNS stays down', async () => {
    sns.failPublishes(2);
    const first = await runMonitor(realDeps({ site, db, sns }), runOptions(site));
    expect(first.alerted).toBe(FIRST_PAGE_IDS.length);
    expect(sns.publishes.filter((p) => p.failed)).toHaveLength(2);
    await expectExactlyOnce(FIRST_PAGE_IDS);
  });

  it('retries alerts on the next cycle after SNS failed every attempt', async () => {
    sns.failPublishes(1_000);
    const first = await runMonitor(realDeps({ site, db, sns }), runOptions(site));
    expect(first.alerted).toBe(0);
    expect(first.alertsFailed).toBe(FIRST_PAGE_IDS.length);
    sns.failPublishes(0);
    const second = await runMonitor(realDeps({ site, db, sns }), runOptions(site));
    expect(second.alerted).toBe(FIRST_PAGE_IDS.length);
    await expectExactlyOnce(FIRST_PAGE_IDS);
  });

  it('survives DynamoDB throttling: the SDK retries and the next cycle finishes the rest', async () => {
    // Every third request throttled, six in all: enough to hit reads, conditional puts and
    // claim updates, few enough that the SDK's throttling backoff (base 500 ms) keeps this fast.
    let throttled = 0;
    db.throttle((_operation, index) => index % 3 === 1 && throttled++ < 6);
    await runMonitor(realDeps({ site, db, sns }), runOptions(site));
    expect(db.requests.filter((r) => r.throttled)).toHaveLength(6);
    db.throttle(null);
    await runMonitor(realDeps({ site, db, sns }), runOptions(site));
    await expectExactlyOnce(FIRST_PAGE_IDS);
  });

  it('stores and alerts the other articles when one page times out and one is malformed', async () => {
    const slow = '/content/2021/12/28/10671893.html';
    const broken = '/content/2021/04/19/9187452.html';
    site.delay(slow, 5_000);
    site.serve(broken, '<!DOCTYPE html><html><head><title>x</title></head><body></body></html>');
    const first = await runMonitor(realDeps({ site, db, sns }), runOptions(site));

    expect(first.stored).toBe(FIRST_PAGE_IDS.length - 2);
    const reasons = Object.fromEntries(first.failed.map((f) => [new URL(f.url).pathname, f]));
    expect(reasons[slow]).toMatchObject({ kind: 'article' });
    expect(reasons[slow]?.reason).toMatch(/^timeout-/);
    expect(reasons[broken]).toMatchObject({ kind: 'article' });
    expect(reasons[broken]?.reason).toMatch(/^article-/);
    expect(first.sources.map((s) => s.status)).toEqual(['ok', 'ok']);

    site.reset();
    const second = await runMonitor(realDeps({ site, db, sns }), runOptions(site));
    expect(second.stored).toBe(2);
    await expectExactlyOnce(FIRST_PAGE_IDS);
  });
});

describe('list pages', () => {
  it('reports a list page without article links as layout-changed, not as nothing new', async () => {
    site.serve(
      '/channel/7399.html',
      '<html><head><title>红网</title></head><body><div id="main">改版了</div></body></html>',
    );
    const summary = await runMonitor(realDeps({ site, db, sns }), runOptions(site));
    expect(summary.sources.map((s) => s.status)).toEqual(['ok', 'layout-changed']);
    expect(summary.failed).toContainEqual(expect.objectContaining({ kind: 'layout' }));
  });

  it('reports a list page of another site as not-rednet', async () => {
    site.serve('/channel/7399.html', '<html><body><div id="main">another site</div></body></html>');
    const summary = await runMonitor(realDeps({ site, db, sns }), runOptions(site));
    expect(summary.sources.map((s) => s.status)).toEqual(['ok', 'not-rednet']);
    expect(summary.failed).toContainEqual(expect.objectContaining({ kind: 'layout' }));
  });

  it('throws when every source failed, after storing nothing', async () => {
    site.fail('/channel/7417.html', 500);
    site.fail('/channel/7399.html', 500);
    await expect(runMonitor(realDeps({ site, db, sns }), runOptions(site))).rejects.toBeInstanceOf(
      AllSourcesFailedError,
    );
    expect(await storedArticles(db)).toHaveProperty('size', 0);
  });

  it('follows the next page of a known source while every article on the page is new', async () => {
    const deps = realDeps({ site, db, sns });
    const source = site.url('/channel/7417.html');
    await deps.store.putSourceState({
      url: source,
      etag: null,
      lastModified: null,
      lastSeenId: '1',
      lastCheckedAt: '2026-01-01T00:00:00.000Z',
      lastNewArticleAt: null,
    });
    const summary = await runMonitor(
      deps,
      runOptions(site, { sources: [{ url: source, name: '衡阳' }] }),
    );
    expect(summary.sources[0]).toMatchObject({ status: 'ok', listPages: 2, new: 4 });
    expect([...(await storedArticles(db)).keys()]).toContain('7251630');
  });

  it('reads a newly seen source one page deep and alerts only inside the alert window', async () => {
    const now = new Date('2025-09-17T12:00:00+08:00');
    const summary = await runMonitor(
      realDeps({ site, db, sns }, { now: () => now }),
      runOptions(site, {
        sources: [{ url: site.url('/channel/7417.html'), name: '衡阳' }],
        alertWindowMs: 48 * 3_600_000,
      }),
    );
    expect(summary.sources[0]?.listPages).toBe(1);
    const articles = await storedArticles(db);
    expect(Object.fromEntries([...articles].map(([id, a]) => [id, a.alertState]))).toEqual({
      '15279344': 'sent',
      '10391527': 'suppressed',
      '9850796': 'suppressed',
    });
    await settleDeliveries(sns);
    expect(deliveredIds(sns)).toEqual(['15279344']);
  });

  it('re-reads lists without validators and still writes nothing when nothing is new', async () => {
    await site.close();
    site = await startFixtureSite({ validators: false });
    await runMonitor(realDeps({ site, db, sns }), runOptions(site));
    const writes = db.writes().length;
    const second = await runMonitor(realDeps({ site, db, sns }), runOptions(site));
    expect(second.sources.map((s) => s.status)).toEqual(['ok', 'ok']);
    expect(second.new).toBe(0);
    expect(db.writes()).toHaveLength(writes);
  });
});
