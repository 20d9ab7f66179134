import type { LogPort, MetricsPort, ReportQueries } from '../monitor/ports.js';
import { type DeliveryDeps, type DeliveryOutcome, deliverOnce } from './deliver.js';
import { DIGEST_MAX_REPORTS } from './limits.js';
import { buildDigest, type Digest, digestNotification, docText } from './message.js';
import type { ClaimResult, DeliveryLedger, DigestPublisher, NotificationSender } from './ports.js';

export interface DigestDeps {
  reports: Pick<ReportQueries, 'listReports'>;
  senders: readonly NotificationSender[];
  /** Idempotency for a scheduled digest (one per day and destination); null sends every time. */
  ledger: DeliveryLedger | null;
  /** The e-mail digest topic, or null. */
  publisher: DigestPublisher | null;
  log: LogPort;
  metrics: MetricsPort;
  now: () => Date;
  claimant: string;
}

export interface DigestResult {
  digest: Digest;
  /** The digest as plain text (the e-mail body, the CLI's output). */
  text: string;
  outcomes: { destinationId: string; outcome: DeliveryOutcome }[];
  /** True when the digest topic got it (now or before), false when it failed, null without a topic. */
  published: boolean | null;
}

/** Id of the digest topic in the idempotency records. */
const DIGEST_TOPIC_DESTINATION = 'digest-topic';

/** Lets everything through: a manual `newsmon digest` sends whenever asked. */
const NO_LEDGER: DeliveryLedger = {
  claim: async (): Promise<ClaimResult> => 'claimed',
  markDelivered: async () => {},
  release: async () => {},
};

/**
 * The digest of `window`: reports grouped by site with their figure counts and leading figures
 * (changes first), one message per destination and one to the digest topic. Destinations are
 * independent: one failing does not stop the others.
 */
export async function runDigest(
  deps: DigestDeps,
  window: { since: Date; until: Date },
): Promise<DigestResult> {
  const listed = await deps.reports.listReports({
    since: window.since.toISOString(),
    limit: DIGEST_MAX_REPORTS + 1,
  });
  const inWindow = listed.filter((report) => {
    const at = Date.parse(report.article.publishedAt ?? report.discoveredAt);
    return Number.isNaN(at) || at <= window.until.getTime();
  });
  const kept = inWindow.slice(0, DIGEST_MAX_REPORTS);
  const digest = buildDigest(kept, window, inWindow.length - kept.length);
  const notification = digestNotification(digest);
  const text = docText(notification.doc);
  const delivery: DeliveryDeps = {
    ledger: deps.ledger ?? NO_LEDGER,
    log: deps.log,
    metrics: deps.metrics,
    now: deps.now,
    claimant: deps.claimant,
  };
  const outcomes = await Promise.all(
    deps.senders.map(async (sender) => ({
      destinationId: sender.destinationId,
      outcome: await deliverOnce(delivery, sender, notification),
    })),
  );
  const published = deps.publisher
    ? await publishOnce(deps, delivery, notification.itemId, digest, text)
    : null;
  deps.log.info('digest done', {
    date: digest.date,
    reports: digest.reportCount,
    destinations: outcomes.length,
    published,
  });
  return { digest, text, outcomes, published };
}

async function publishOnce(
  deps: DigestDeps,
  delivery: DeliveryDeps,
  itemId: string,
  digest: Digest,
  text: string,
): Promise<boolean> {
  const publisher = deps.publisher;
  if (!publisher) return false;
  const claim = await delivery.ledger.claim(
    DIGEST_TOPIC_DESTINATION,
    itemId,
    delivery.claimant,
    deps.now(),
  );
  if (claim === 'delivered') return true;
  if (claim === 'busy') return false;
  try {
    await publisher.publish(
      `红网日报 newsmon digest ${digest.date}: ${digest.reportCount} reports`,
      text,
    );
  } catch (error) {
    await delivery.ledger.release(DIGEST_TOPIC_DESTINATION, itemId, delivery.claimant);
    deps.log.error('digest not published to the topic', {
      reason: error instanceof Error ? error.message : String(error),
    });
    return false;
  }
  await delivery.ledger.markDelivered(
    DIGEST_TOPIC_DESTINATION,
    itemId,
    delivery.claimant,
    deps.now(),
  );
  return true;
}
