import { randomUUID } from 'node:crypto';
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { createDynamoDbDocumentClient } from '../shared/aws-clients.js';
import { createLogger, createMetrics, logPort, metricsPort } from '../shared/observability.js';
import { AwsSecretReader } from './adapters/aws-secret-reader.js';
import { DynamoDbDeliveryLedger } from './adapters/dynamodb-delivery-ledger.js';
import { DestinationSenders, parseDestinationsEnv, senderOptionsFromEnv } from './destinations.js';
import { NOTIFIER_BATCHES_IN_FLIGHT } from './limits.js';
import { type NotifierDeps, notifyBatch } from './notify-batch.js';

// Cold start: a bad configuration fails here, once. Secrets are read on first use, then cached.
const tableName = process.env.TABLE_NAME ?? '';
if (!tableName) throw new Error('TABLE_NAME is required');
const logger = createLogger();
const metrics = createMetrics();
const deps: NotifierDeps = {
  destinations: parseDestinationsEnv(process.env.NOTIFY_DESTINATIONS),
  senders: new DestinationSenders(
    new AwsSecretReader(),
    senderOptionsFromEnv(process.env, { sendersPerDestination: NOTIFIER_BATCHES_IN_FLIGHT }),
  ),
  ledger: new DynamoDbDeliveryLedger(createDynamoDbDocumentClient(), tableName),
  log: logPort(logger),
  metrics: metricsPort(metrics),
  now: () => new Date(),
};

/**
 * Notifier entry point: SQS batches from one queue per destination (raw delivery from the alert
 * topic). Retryable failures are reported per item; everything else is done.
 */
export const handler = async (event: SQSEvent, context?: Context): Promise<SQSBatchResponse> => {
  const invocationId = context?.awsRequestId ?? randomUUID();
  if (context) logger.addContext(context);
  logger.appendKeys({ invocationId });
  try {
    const summary = await notifyBatch(deps, event.Records, invocationId);
    logger.info('notifier batch done', {
      records: event.Records.length,
      ...summary,
      failures: summary.failures.length,
    });
    return { batchItemFailures: summary.failures.map((id) => ({ itemIdentifier: id })) };
  } finally {
    metrics.publishStoredMetrics();
    logger.removeKeys(['invocationId']);
  }
};
