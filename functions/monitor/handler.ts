import { randomUUID } from 'node:crypto';
import type { Context } from 'aws-lambda';
import { LazyAlertPublisher } from '../alerts/lazy-alert-publisher.js';
import { HttpClient, makeHostPolicy } from '../http/http-client.js';
import { extractMetrics } from '../metrics/index.js';
import { createDynamoDbDocumentClient } from '../shared/aws-clients.js';
import { createLogger, createMetrics, logPort, metricsPort } from '../shared/observability.js';
import { DynamoDbArticleStore } from '../store/dynamodb-article-store.js';
import { HttpSourceFetcher } from './adapters/http-source-fetcher.js';
import { loadConfig } from './config.js';
import { deadlineMarginMs } from './limits.js';
import { type MonitorDeps, type RunSummary, runMonitor } from './run-monitor.js';

// Cold start: a bad configuration fails here, once, with every problem in one message.
const config = loadConfig(process.env);
const logger = createLogger();
const metrics = createMetrics();
const http = new HttpClient({
  maxConcurrentPerHost: config.fetchMaxConcurrencyPerHost,
  minIntervalMsPerHost: config.fetchMinIntervalMs,
  allowedHosts: makeHostPolicy(config.sources.map((source) => source.url)),
  logger,
});
const deps: MonitorDeps = {
  fetcher: new HttpSourceFetcher(http),
  store: new DynamoDbArticleStore(createDynamoDbDocumentClient(), config.tableName),
  alerts: new LazyAlertPublisher(async () => {
    const [{ SnsAlertPublisher }, { createSnsClient }] = await Promise.all([
      import('../alerts/sns-alert-publisher.js'),
      import('../shared/sns-client.js'),
    ]);
    return new SnsAlertPublisher(createSnsClient(), config.alertTopicArn);
  }),
  extract: extractMetrics,
  log: logPort(logger),
  metrics: metricsPort(metrics),
  now: () => new Date(),
};

/** Scheduled entry point: one monitor cycle. Throws only when every source failed. */
export const handler = async (_event: unknown, context?: Context): Promise<RunSummary> => {
  const invocationId = context?.awsRequestId ?? randomUUID();
  if (context) logger.addContext(context);
  logger.appendKeys({ invocationId });
  try {
    return await runMonitor(deps, {
      sources: config.sources,
      alertWindowMs: config.alertWindowMs,
      maxPagesPerSource: config.maxPagesPerSource,
      articleConcurrency: config.articleConcurrency,
      sourceFailingAfterMs: config.sourceFailingAfterHours * 3_600_000,
      invocationId,
      ...(context ? { deadline: cycleDeadline(context.getRemainingTimeInMillis()) } : {}),
    });
  } finally {
    metrics.publishStoredMetrics();
    logger.removeKeys(['invocationId']);
  }
};

/** Remaining time minus the margin the writes in flight at the deadline need. */
function cycleDeadline(remainingMs: number): number {
  return Date.now() + remainingMs - deadlineMarginMs(remainingMs);
}
