import { randomUUID } from 'node:crypto';
import type { Context } from 'aws-lambda';
import { createDynamoDbDocumentClient } from '../shared/aws-clients.js';
import { createLogger, createMetrics, logPort, metricsPort } from '../shared/observability.js';
import { createSnsClient } from '../shared/sns-client.js';
import { TUNABLES } from '../shared/tunables.js';
import { DynamoDbArticleStore } from '../store/dynamodb-article-store.js';
import { AwsSecretReader } from './adapters/aws-secret-reader.js';
import { DynamoDbDeliveryLedger } from './adapters/dynamodb-delivery-ledger.js';
import { SnsDigestPublisher } from './adapters/sns-digest-publisher.js';
import { DestinationSenders, parseDestinationsEnv, senderOptionsFromEnv } from './destinations.js';
import { runDigest } from './digest.js';
import { RetryableDeliveryError } from './errors.js';
import type { NotificationSender } from './ports.js';

const HOUR_MS = 3_600_000;

// Cold start: configuration checked once; secrets read on first use and cached.
const tableName = process.env.TABLE_NAME ?? '';
if (!tableName) throw new Error('TABLE_NAME is required');
const WINDOW = TUNABLES.digestWindowHours;
const windowHours = Number(process.env[WINDOW.env]?.trim() || WINDOW.default);
if (!Number.isInteger(windowHours) || windowHours < WINDOW.min || windowHours > WINDOW.max) {
  throw new Error(`${WINDOW.env} must be a whole number from ${WINDOW.min} to ${WINDOW.max}`);
}
const destinations = parseDestinationsEnv(process.env.NOTIFY_DESTINATIONS);
const topicArn = process.env.DIGEST_TOPIC_ARN?.trim() || null;
const documentClient = createDynamoDbDocumentClient();
const senders = new DestinationSenders(new AwsSecretReader(), senderOptionsFromEnv(process.env));
const logger = createLogger();
const metrics = createMetrics();

/**
 * Daily digest (scheduled): the last DIGEST_WINDOW_HOURS (default 24) of reports to every
 * destination and to the digest topic, once per day each. Throws when a destination should be
 * retried, so the schedule's retry sends to it (the others are recorded as sent).
 */
export const handler = async (_event?: unknown, context?: Context) => {
  const invocationId = context?.awsRequestId ?? randomUUID();
  if (context) logger.addContext(context);
  logger.appendKeys({ invocationId });
  try {
    const log = logPort(logger);
    const usable: NotificationSender[] = [];
    let unusable = 0;
    for (const config of destinations) {
      try {
        usable.push(await senders.sender(config));
      } catch (error) {
        unusable += 1;
        log.error('destination not usable', {
          destination: config.id,
          reason: error instanceof Error ? error.message : String(error),
        });
      }
    }
    const until = new Date();
    const result = await runDigest(
      {
        reports: new DynamoDbArticleStore(documentClient, tableName),
        senders: usable,
        ledger: new DynamoDbDeliveryLedger(documentClient, tableName),
        publisher: topicArn ? new SnsDigestPublisher(createSnsClient(), topicArn) : null,
        log,
        metrics: metricsPort(metrics),
        now: () => new Date(),
        claimant: invocationId,
      },
      { since: new Date(until.getTime() - windowHours * HOUR_MS), until },
    );
    const retry = result.outcomes.filter((entry) => entry.outcome.status === 'retryable');
    if (retry.length > 0 || unusable > 0 || result.published === false) {
      throw new RetryableDeliveryError(
        `digest ${result.digest.date}: ${retry.length + unusable} destination(s) to retry${result.published === false ? ', topic not published' : ''}`,
        retry.map((entry) => entry.destinationId).join(','),
        null,
      );
    }
    return {
      date: result.digest.date,
      reports: result.digest.reportCount,
      destinations: result.outcomes.length,
    };
  } finally {
    metrics.publishStoredMetrics();
    logger.removeKeys(['invocationId']);
  }
};
