import type { AlertPublisher, StoredReport } from '../monitor/ports.js';
import { type DeliveryDeps, deliverOnce } from './deliver.js';
import { RetryableDeliveryError } from './errors.js';
import { reportNotification } from './message.js';
import type { NotificationSender } from './ports.js';

/**
 * An alert publisher that also delivers each report to chat destinations (`newsmon run
 * --notify`), once per report and destination. When a destination should be retried the
 * publish fails, so the monitor keeps the alert owed and the next cycle tries again; the
 * destinations that got it are skipped then by their idempotency records.
 */
export class NotifyingAlertPublisher implements AlertPublisher {
  constructor(
    private readonly inner: AlertPublisher,
    private readonly senders: readonly NotificationSender[],
    private readonly deps: DeliveryDeps,
  ) {}

  async publish(report: StoredReport): Promise<void> {
    await this.inner.publish(report);
    const notification = reportNotification({ article: report.article, metrics: report.metrics });
    const outcomes = await Promise.all(
      this.senders.map(async (sender) => ({
        sender,
        outcome: await deliverOnce(this.deps, sender, notification),
      })),
    );
    const retry = outcomes.filter(({ outcome }) => outcome.status === 'retryable');
    const first = retry[0];
    if (first && first.outcome.status === 'retryable') {
      throw new RetryableDeliveryError(
        `${retry.length} destination(s) to retry: ${first.sender.label}: ${first.outcome.reason}`,
        first.sender.destinationId,
        first.outcome.retryAfterMs,
      );
    }
  }
}
