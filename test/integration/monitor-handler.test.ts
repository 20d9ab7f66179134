import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { RunSummary } from '../../functions/monitor/run-monitor.js';
import { CLOUDWATCH_METRICS } from '../../functions/shared/metric-names.js';
import { type FixtureSite, startFixtureSite } from '../support/fixture-site.js';
import { type LocalDynamoDb, startLocalDynamoDb } from '../support/local-dynamodb.js';
import { type LocalSns, startLocalSns } from '../support/local-sns.js';
import { applyEnv, fixtureColumns, lambdaContext, monitorEnv } from './handler-env.js';

type Handler = (event: unknown, context: unknown) => Promise<RunSummary>;

const ARTICLE_IDS = ['15279344', '10391527', '9850796', '10671893', '9187452', '9078236'];

async function loadHandler(): Promise<Handler> {
  vi.resetModules();
  const module = await import('../../functions/monitor/handler.js');
  return module.handler as Handler;
}

describe('monitor handler against a local site, dynalite and a local SNS', () => {
  let site: FixtureSite;
  let db: LocalDynamoDb;
  let sns: LocalSns;
  let restoreEnv: () => void;
  let handler: Handler;
  let first: RunSummary;
  let emf: Record<string, unknown>[];

  beforeAll(async () => {
    [site, db, sns] = await Promise.all([
      startFixtureSite(),
      startLocalDynamoDb(),
      startLocalSns(),
    ]);
    restoreEnv = applyEnv(
      monitorEnv({
        tableName: db.tableName,
        topicArn: sns.topicArn,
        dynamoEndpoint: db.endpoint,
        snsEndpoint: sns.endpoint,
        sources: fixtureColumns(site),
      }),
    );
    handler = await loadHandler();
    // Powertools Metrics writes its EMF blob straight to stdout.
    const write = vi.spyOn(process.stdout, 'write');
    try {
      first = await handler({}, lambdaContext('cycle-1'));
    } finally {
      emf = write.mock.calls
        .map(([chunk]) => String(chunk))
        .filter((line) => line.includes('"_aws"'))
        .map((line) => JSON.parse(line) as Record<string, unknown>);
      write.mockRestore();
    }
    await sns.waitForDeliveries(ARTICLE_IDS.length);
  });

  afterAll(async () => {
    restoreEnv?.();
    await Promise.all([site?.close(), db?.close(), sns?.close()]);
  });

  it('stores every listed article once, with its metrics, on the first cycle', async () => {
    const items = await db.scan();
    const articles = items.filter((item) => item.type === 'article');
    expect(articles.map((a) => (a.article as { id: string }).id).sort()).toEqual(
      [...ARTICLE_IDS].sort(),
    );
    for (const article of articles) {
      const id = (article.article as { id: string }).id;
      const metricItems = items.filter((i) => i.type === 'metric' && i.articleId === id);
      expect(metricItems).toHaveLength(article.metricCount as number);
      expect(article.alertState).toBe('sent');
      expect(article.pendingPk).toBeUndefined();
    }
    const seed = articles.find((a) => (a.article as { id: string }).id === '9850796');
    expect(seed?.metricCount).toBeGreaterThanOrEqual(20);
    // 9078236 has no figures at all: stored and alerted all the same, with no metric items.
    const noFigures = articles.find((a) => (a.article as { id: string }).id === '9078236');
    expect(noFigures?.metricCount).toBe(0);
    expect(first.stored).toBe(ARTICLE_IDS.length);
    // 9850796 is listed by both columns: counted new once.
    expect(first.new).toBe(ARTICLE_IDS.length);
    expect(first.discovered).toBe(ARTICLE_IDS.length + 1);
    expect(first.failed).toEqual([]);
  });

  it('publishes exactly one alert per new article, with its figures and filter attributes', () => {
    expect(first.alerted).toBe(ARTICLE_IDS.length);
    const published = sns.publishes.filter((p) => !p.failed);
    expect(published).toHaveLength(ARTICLE_IDS.length);
    const links = sns.deliveries.map(
      (d) => (JSON.parse(d.message) as { article: { id: string } }).article.id,
    );
    expect(links.sort()).toEqual([...ARTICLE_IDS].sort());

    const seed = published.find((p) => p.subject?.includes('衡阳公安一年来'));
    expect(seed?.messageStructure).toBe('json');
    expect(seed?.attributes.metricCount?.DataType).toBe('Number');
    expect(seed?.attributes.keywords?.StringValue).toContain('公安');
    expect(seed?.attributes.maxMoneyWan?.StringValue).toBe('261000');
    const text = (JSON.parse(seed?.message ?? '{}') as { default: string }).default;
    expect(text).toContain('破 刑事案件 4569起');
  });

  it('emits the agreed EMF counters in the Newsmon namespace', () => {
    expect(emf).toHaveLength(1);
    const blob = emf[0] as Record<string, unknown> & {
      _aws: { CloudWatchMetrics: { Namespace: string; Metrics: { Name: string }[] }[] };
    };
    expect(blob._aws.CloudWatchMetrics[0]?.Namespace).toBe('Newsmon');
    // Only the alarmed/charted counters are CloudWatch metrics; the rest are fields of the line.
    const names = blob._aws.CloudWatchMetrics[0]?.Metrics.map((m) => m.Name) ?? [];
    expect(names.sort()).toEqual(
      [
        'AlertsFailed',
        'AlertsPublished',
        'ArticlesNew',
        'ArticlesStored',
        'ArticlesFailed',
        'ArticlesQuarantined',
        'CycleDeadlineHit',
        'SourcesFailing',
      ].sort(),
    );
    for (const name of names) expect(CLOUDWATCH_METRICS.has(name), name).toBe(true);
    expect(names).not.toContain('MetricsExtracted');
    expect(blob.service).toBe('newsmon');
    expect(blob.AlertsPublished).toBe(ARTICLE_IDS.length);
    expect(blob.MetricsExtracted).toBe(String(first.metrics));
  });

  it('publishes nothing and writes nothing on the second cycle', async () => {
    const writesBefore = db.writes().length;
    const publishesBefore = sns.publishes.length;
    const requestsBefore = site.requests.length;

    const second = await handler({}, lambdaContext('cycle-2'));

    expect(second.alerted).toBe(0);
    expect(second.stored).toBe(0);
    expect(sns.publishes).toHaveLength(publishesBefore);
    expect(db.writes()).toHaveLength(writesBefore);
    // Conditional GETs: both list pages answer 304 and no article page is fetched again.
    const secondRequests = site.requests.slice(requestsBefore);
    expect(secondRequests.map((r) => r.status)).toEqual([304, 304]);
    expect(second.sources.map((s) => s.status)).toEqual(['not-modified', 'not-modified']);
  });

  it('still writes nothing after a cold start (a new module instance reads the stored state)', async () => {
    const writesBefore = db.writes().length;
    const publishesBefore = sns.publishes.length;
    const cold = await loadHandler();
    const third = await cold({}, lambdaContext('cycle-3'));
    expect(third.stored).toBe(0);
    expect(sns.publishes).toHaveLength(publishesBefore);
    expect(db.writes()).toHaveLength(writesBefore);
  });
});
