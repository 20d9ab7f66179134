import type { AlertPublisher, StoredReport } from '../monitor/ports.js';

/**
 * An alert publisher built on first use. Most cycles find nothing new and publish nothing, so
 * a cold start need not load the SNS client for them. A failed load is tried again next time.
 */
export class LazyAlertPublisher implements AlertPublisher {
  private loading: Promise<AlertPublisher> | undefined;

  constructor(private readonly load: () => Promise<AlertPublisher>) {}

  async publish(report: StoredReport): Promise<void> {
    this.loading ??= this.load();
    let publisher: AlertPublisher;
    try {
      publisher = await this.loading;
    } catch (error) {
      this.loading = undefined;
      throw error;
    }
    await publisher.publish(report);
  }
}
