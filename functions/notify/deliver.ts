import type { LogPort, MetricsPort } from '../monitor/ports.js';
import { METRIC_NAMES } from '../shared/metric-names.js';
import type { DeliveryLedger, NotificationSender } from './ports.js';
import type { Notification } from './types.js';

export interface DeliveryDeps {
  ledger: DeliveryLedger;
  log: LogPort;
  metrics: MetricsPort;
  now: () => Date;
  /** Who holds the idempotency claims (an invocation or CLI run id). */
  claimant: string;
}

export type DeliveryOutcome =
  | { status: 'delivered' }
  | { status: 'duplicate' }
  | { status: 'permanent'; reason: string }
  | { status: 'retryable'; reason: string; retryAfterMs: number | null };

/**
 * One notification to one destination, once: claim the idempotency record, send, record it
 * sent. A permanent failure (bad token or signature, rejected message) is logged and counted,
 * never retried; a retryable one gives the claim back for the next try.
 */
export async function deliverOnce(
  deps: DeliveryDeps,
  sender: NotificationSender,
  notification: Notification,
): Promise<DeliveryOutcome> {
  const fields = {
    destination: sender.destinationId,
    kind: sender.kind,
    item: notification.itemId,
  };
  const claim = await deps.ledger.claim(
    sender.destinationId,
    notification.itemId,
    deps.claimant,
    deps.now(),
  );
  if (claim === 'delivered') {
    deps.log.info('notification already delivered', fields);
    deps.metrics.count(METRIC_NAMES.notifyDuplicatesSkipped, 1);
    return { status: 'duplicate' };
  }
  if (claim === 'busy') {
    deps.log.warn('notification being delivered by another sender', fields);
    return { status: 'retryable', reason: 'claimed by another sender', retryAfterMs: null };
  }
  const result = await sender.send(notification);
  if (result.status === 'delivered') {
    try {
      await deps.ledger.markDelivered(
        sender.destinationId,
        notification.itemId,
        deps.claimant,
        deps.now(),
      );
    } catch (error) {
      // Sent: counted as delivered. Until the lease ends a retry is skipped; after it, a
      // repeat is possible, which is the price of not losing the message.
      deps.log.error('notification delivered but not recorded', {
        ...fields,
        reason: error instanceof Error ? error.message : String(error),
      });
    }
    deps.log.info('notification delivered', { ...fields, attempts: result.attempts });
    deps.metrics.count(METRIC_NAMES.notifySent, 1);
    return { status: 'delivered' };
  }
  await releaseQuietly(deps, sender, notification, fields);
  if (result.status === 'permanent') {
    deps.log.error('notification rejected permanently', {
      ...fields,
      target: sender.label,
      attempts: result.attempts,
      reason: result.reason,
    });
    deps.metrics.count(METRIC_NAMES.notifyPermanentFailures, 1);
    return { status: 'permanent', reason: result.reason };
  }
  deps.log.warn('notification not delivered, will retry', {
    ...fields,
    target: sender.label,
    attempts: result.attempts,
    reason: result.reason,
  });
  deps.metrics.count(METRIC_NAMES.notifyRetryableFailures, 1);
  return { status: 'retryable', reason: result.reason, retryAfterMs: result.retryAfterMs };
}

async function releaseQuietly(
  deps: DeliveryDeps,
  sender: NotificationSender,
  notification: Notification,
  fields: object,
): Promise<void> {
  try {
    await deps.ledger.release(sender.destinationId, notification.itemId, deps.claimant);
  } catch (error) {
    // The lease ends on its own; a retry after it sends.
    deps.log.warn('delivery claim not released', {
      ...fields,
      reason: error instanceof Error ? error.message : String(error),
    });
  }
}
