/**
 * Every CloudWatch metric newsmon emits, by the code that emits it (through the MetricsPort) and by
 * the alarms that read it (lib/). A metric is identified by namespace + name + the `service`
 * dimension; the stack sets namespace and service per stack through POWERTOOLS_METRICS_NAMESPACE and
 * POWERTOOLS_SERVICE_NAME, so two stacks in one account never feed each other's alarms.
 *
 * Pure data: no AWS imports.
 */
export const METRIC_NAMES = {
  /** Article links found on list pages this cycle (new or not). */
  articlesDiscovered: 'ArticlesDiscovered',
  /** Articles not seen before this cycle (whether or not they could be stored). */
  articlesNew: 'ArticlesNew',
  /** Articles written to the table this cycle; the "no new articles" alarm watches this one. */
  articlesStored: 'ArticlesStored',
  /** Articles that failed this cycle (fetch, parse or store) and will be tried again. */
  articlesFailed: 'ArticlesFailed',
  /** Articles that failed too many cycles in a row and were set aside (quarantine). */
  articlesQuarantined: 'ArticlesQuarantined',
  /** 1 when a cycle stopped starting work because its time budget ran out, else 0. */
  cycleDeadlineHit: 'CycleDeadlineHit',
  /** Sources whose last successful read is older than `sourceFailingAfterHours`. */
  sourcesFailing: 'SourcesFailing',
  /** Sources that could not be read this cycle. */
  sourcesFailed: 'SourcesFailed',
  /** Figures extracted from this cycle's stored articles. */
  metricsExtracted: 'MetricsExtracted',
  /** Fetches that failed this cycle (list and article pages). */
  fetchErrors: 'FetchErrors',
  /** Alerts published to the alert topic. */
  alertsPublished: 'AlertsPublished',
  /** Alerts that could not be published (retried next cycle). */
  alertsFailed: 'AlertsFailed',
  /** Chat/webhook messages delivered by the notifier. */
  notifySent: 'NotifySent',
  /** Chat/webhook messages given up on for good (invalid token or signature, rejected payload). */
  notifyPermanentFailures: 'NotifyPermanentFailures',
  /** Chat/webhook messages handed back after the last in-process attempt (rate limit, 5xx, network). */
  notifyRetryableFailures: 'NotifyRetryableFailures',
  /** Chat/webhook messages skipped because their idempotency record says they were sent before. */
  notifyDuplicatesSkipped: 'NotifyDuplicatesSkipped',
} as const;

type MetricName = (typeof METRIC_NAMES)[keyof typeof METRIC_NAMES];

/**
 * The counters published as CloudWatch metrics; every other counter is written as a field of the
 * same EMF log line (free, and queryable with CloudWatch Logs Insights). A custom metric costs
 * US$0.30 a month outside CloudWatch's always-free 10: these ten (at most, with notifications on)
 * keep a default deployment inside it. Alarms may only read metrics from this set.
 */
export const CLOUDWATCH_METRICS: ReadonlySet<string> = new Set<MetricName>([
  METRIC_NAMES.articlesNew,
  METRIC_NAMES.articlesStored,
  METRIC_NAMES.articlesFailed,
  METRIC_NAMES.articlesQuarantined,
  METRIC_NAMES.cycleDeadlineHit,
  METRIC_NAMES.sourcesFailing,
  METRIC_NAMES.alertsPublished,
  METRIC_NAMES.alertsFailed,
  METRIC_NAMES.notifySent,
  METRIC_NAMES.notifyPermanentFailures,
]);

/** Namespace used when POWERTOOLS_METRICS_NAMESPACE is not set (local runs, tests). */
export const DEFAULT_METRICS_NAMESPACE = 'Newsmon';
/** Service name used when POWERTOOLS_SERVICE_NAME is not set (local runs, tests). */
export const DEFAULT_SERVICE_NAME = 'newsmon';
/** The dimension Powertools Metrics adds to every metric: the service name. */
export const SERVICE_DIMENSION = 'service';
