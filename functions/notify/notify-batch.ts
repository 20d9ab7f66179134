import type { LogPort, MetricsPort } from '../monitor/ports.js';
import { METRIC_NAMES } from '../shared/metric-names.js';
import { type DeliveryDeps, deliverOnce } from './deliver.js';
import type { DestinationConfig } from './destinations.js';
import { reportNotification } from './message.js';
import type { DeliveryLedger, NotificationSender } from './ports.js';
import type { ReportJson } from './types.js';

/** The parts of an SQS record the notifier reads. */
export interface QueueRecord {
  messageId: string;
  eventSourceARN: string;
  body: string;
}

export interface NotifierDeps {
  destinations: readonly DestinationConfig[];
  senders: { sender(config: DestinationConfig): Promise<NotificationSender> };
  ledger: DeliveryLedger;
  log: LogPort;
  metrics: MetricsPort;
  now: () => Date;
}

export interface BatchSummary {
  /** Message ids to leave on the queue (retried, then the dead-letter queue). */
  failures: string[];
  delivered: number;
  duplicates: number;
  permanent: number;
}

/**
 * The alert JSON of a queue message: raw delivery gives `{ article, metrics }` directly; a
 * subscription without raw delivery wraps it in an SNS envelope, accepted too.
 */
function parseAlertBody(body: string): ReportJson | null {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    return null;
  }
  if (isRecord(value) && value.Type === 'Notification' && typeof value.Message === 'string') {
    return parseAlertBody(value.Message);
  }
  if (!isRecord(value) || !isRecord(value.article) || !Array.isArray(value.metrics)) return null;
  const { article } = value;
  if (
    typeof article.id !== 'string' ||
    typeof article.url !== 'string' ||
    typeof article.site !== 'string'
  ) {
    return null;
  }
  return value as unknown as ReportJson;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * One SQS batch: each record is an alert for the destination its queue belongs to. Delivered,
 * duplicate and permanently failed records are done; retryable ones are returned as failures so
 * SQS redelivers them (and, after the receive limit, moves them to the dead-letter queue). Once
 * a destination answers "retry later", its remaining records in the batch are not tried.
 */
export async function notifyBatch(
  deps: NotifierDeps,
  records: readonly QueueRecord[],
  claimant: string,
): Promise<BatchSummary> {
  const byQueue = new Map(deps.destinations.map((config) => [config.queueArn, config]));
  const summary: BatchSummary = { failures: [], delivered: 0, duplicates: 0, permanent: 0 };
  const backedOff = new Set<string>();
  const delivery: DeliveryDeps = {
    ledger: deps.ledger,
    log: deps.log,
    metrics: deps.metrics,
    now: deps.now,
    claimant,
  };
  for (const record of records) {
    const config = byQueue.get(record.eventSourceARN);
    if (!config) {
      deps.log.error('queue of no configured destination', {
        queue: record.eventSourceARN,
        messageId: record.messageId,
      });
      summary.failures.push(record.messageId);
      continue;
    }
    if (backedOff.has(config.id)) {
      summary.failures.push(record.messageId);
      continue;
    }
    const report = parseAlertBody(record.body);
    if (!report) {
      // Retrying cannot make it readable: counted, logged, dropped.
      deps.log.error('alert message not readable', {
        destination: config.id,
        messageId: record.messageId,
      });
      deps.metrics.count(METRIC_NAMES.notifyPermanentFailures, 1);
      summary.permanent += 1;
      continue;
    }
    let sender: NotificationSender;
    try {
      sender = await deps.senders.sender(config);
    } catch (error) {
      deps.log.error('destination not usable', {
        destination: config.id,
        reason: error instanceof Error ? error.message : String(error),
      });
      backedOff.add(config.id);
      summary.failures.push(record.messageId);
      continue;
    }
    const outcome = await deliverOnce(delivery, sender, reportNotification(report));
    if (outcome.status === 'delivered') summary.delivered += 1;
    else if (outcome.status === 'duplicate') summary.duplicates += 1;
    else if (outcome.status === 'permanent') summary.permanent += 1;
    else {
      backedOff.add(config.id);
      summary.failures.push(record.messageId);
    }
  }
  return summary;
}
