import { SnsAlertPublisher } from '../../functions/alerts/sns-alert-publisher.js';
import { HttpClient } from '../../functions/http/http-client.js';
import { extractMetrics } from '../../functions/metrics/index.js';
import { HttpSourceFetcher } from '../../functions/monitor/adapters/http-source-fetcher.js';
import type { AlertPublisher, ArticleStore } from '../../functions/monitor/ports.js';
import type { MonitorDeps, RunOptions } from '../../functions/monitor/run-monitor.js';
import { createDynamoDbDocumentClient } from '../../functions/shared/aws-clients.js';
import { noMetrics, silentLog } from '../../functions/shared/observability.js';
import { createSnsClient } from '../../functions/shared/sns-client.js';
import { DynamoDbArticleStore } from '../../functions/store/dynamodb-article-store.js';
import type { FixtureSite } from '../support/fixture-site.js';
import { LOCAL_CREDENTIALS, LOCAL_REGION, type LocalDynamoDb } from '../support/local-dynamodb.js';
import type { LocalSns } from '../support/local-sns.js';
import { fixtureColumns } from './handler-env.js';

/**
 * The handler's wiring with every real adapter, but test-sized timeouts and an injectable clock,
 * so fault tests (timeouts, crashes, claim expiry) run in seconds.
 */
export function realDeps(
  servers: { site: FixtureSite; db: LocalDynamoDb; sns: LocalSns },
  overrides: {
    now?: () => Date;
    wrapStore?: (store: DynamoDbArticleStore) => ArticleStore;
    wrapAlerts?: (alerts: AlertPublisher) => AlertPublisher;
  } = {},
): MonitorDeps & { store: ArticleStore; realStore: DynamoDbArticleStore } {
  const aws = { region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS };
  const http = new HttpClient({
    maxConcurrentPerHost: 4,
    minIntervalMsPerHost: 0,
    // Generous enough for a loaded CI machine, still well under the 5 s a 'slow' page waits.
    headersTimeoutMs: 2_000,
    bodyTimeoutMs: 3_000,
    maxAttempts: 2,
    retryBaseDelayMs: 10,
  });
  const realStore = new DynamoDbArticleStore(
    createDynamoDbDocumentClient({ ...aws, endpoint: servers.db.endpoint }),
    servers.db.tableName,
  );
  const alerts = new SnsAlertPublisher(
    createSnsClient({ ...aws, endpoint: servers.sns.endpoint }),
    servers.sns.topicArn,
  );
  return {
    fetcher: new HttpSourceFetcher(http),
    store: overrides.wrapStore?.(realStore) ?? realStore,
    realStore,
    alerts: overrides.wrapAlerts?.(alerts) ?? alerts,
    extract: extractMetrics,
    log: silentLog,
    metrics: noMetrics,
    now: overrides.now ?? (() => new Date()),
  };
}

export function runOptions(site: FixtureSite, overrides: Partial<RunOptions> = {}): RunOptions {
  return {
    sources: fixtureColumns(site),
    alertWindowMs: 'all',
    maxPagesPerSource: 3,
    articleConcurrency: 4,
    invocationId: `test-${Math.random().toString(36).slice(2)}`,
    ...overrides,
  };
}

/** The six articles the two fixture columns list on their first pages. */
export const FIRST_PAGE_IDS = ['15279344', '10391527', '9850796', '10671893', '9187452', '9078236'];

/** Article ids per delivered alert (what an HTTP subscriber received). */
export function deliveredIds(sns: LocalSns): string[] {
  return sns.deliveries.map(
    (d) => (JSON.parse(d.message) as { article: { id: string } }).article.id,
  );
}

/** Stored article items keyed by id. */
export async function storedArticles(
  db: LocalDynamoDb,
): Promise<Map<string, Record<string, unknown>>> {
  const items = await db.scan();
  const articles = new Map<string, Record<string, unknown>>();
  for (const item of items) {
    if (item.type === 'article') articles.set((item.article as { id: string }).id, item);
  }
  return articles;
}

/** Waits until the asynchronous SNS → HTTP deliveries caught up with the successful publishes. */
export async function settleDeliveries(sns: LocalSns): Promise<void> {
  const expected = sns.publishes.filter((p) => !p.failed).length;
  await sns.waitForDeliveries(expected);
  // Give a stray duplicate the chance to arrive before counting.
  await new Promise((resolve) => setTimeout(resolve, 50));
}
