import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runMonitor } from '../../functions/monitor/run-monitor.js';
import { type FixtureSite, startFixtureSite } from '../support/fixture-site.js';
import { type LocalDynamoDb, startLocalDynamoDb } from '../support/local-dynamodb.js';
import { type LocalSns, startLocalSns } from '../support/local-sns.js';
import { realDeps, runOptions } from './real-deps.js';

describe('report queries on dynalite after a cycle', () => {
  let site: FixtureSite;
  let db: LocalDynamoDb;
  let sns: LocalSns;
  let deps: ReturnType<typeof realDeps>;

  beforeAll(async () => {
    [site, db, sns] = await Promise.all([
      startFixtureSite(),
      startLocalDynamoDb(),
      startLocalSns(),
    ]);
    deps = realDeps({ site, db, sns });
    await runMonitor(deps, runOptions(site));
  });

  afterAll(async () => {
    await Promise.all([site.close(), db.close(), sns.close()]);
  });

  it('lists reports newest first, with their metrics', async () => {
    const reports = await deps.realStore.listReports({ limit: 3 });
    expect(reports.map((r) => r.article.id)).toEqual(['15279344', '10671893', '10391527']);
    expect(reports[0]?.metrics.length).toBeGreaterThan(0);
  });

  it('filters by publication time', async () => {
    const reports = await deps.realStore.listReports({
      since: '2021-11-01T00:00:00+08:00',
      limit: 50,
    });
    expect(reports.map((r) => r.article.id)).toEqual(['15279344', '10671893', '10391527']);
  });

  it('reads one report by id, metrics in article order', async () => {
    const report = await deps.realStore.getReport('9850796');
    expect(report?.article.title).toContain('衡阳公安');
    const texts = report?.metrics.map((m) => m.text) ?? [];
    expect(texts).toContain('4569起');
    expect(await deps.realStore.getReport('1')).toBeNull();
  });

  it('returns the time series of one indicator across articles', async () => {
    const points = await deps.realStore.series({ subject: '全市刑事案件', unit: '起' });
    expect(points.length).toBeGreaterThan(0);
    expect(points.every((p) => p.metric.normalized.unit === '起')).toBe(true);
    expect(points.map((p) => p.articleId)).toContain('9850796');
  });
});
