import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';

/**
 * Notifier entry point: one SQS queue per destination, subscribed to the alert topic with raw
 * message delivery. Placeholder until the delivery use case lands: it acknowledges nothing, so
 * every record stays on its queue (and reaches the dead-letter queue) rather than being dropped.
 */
export const handler = async (event: SQSEvent): Promise<SQSBatchResponse> => ({
  batchItemFailures: event.Records.map((record) => ({ itemIdentifier: record.messageId })),
});
