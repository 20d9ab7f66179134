/**
 * Monthly cost model for a deployed newsmon at the default configuration, from measured cycle
 * figures and AWS's published on-demand prices (us-east-1, arm64, as listed on the AWS pricing pages
 * in 2026). Two parts:
 * - usage: what the cycles, alerts and digests consume; free tiers are NOT subtracted, so it is what
 *   an account that already uses its free tiers pays;
 * - fixed: what the deployed resources cost per month whether anything happens or not. The default
 *   stack has no customer-managed key and no Secrets Manager secret; its only fixed items are
 *   CloudWatch alarms and custom metrics, which CloudWatch's always-free tier (10 alarm metrics and
 *   10 custom metrics per account, not limited to 12 months) covers. Both the list price and the
 *   price inside that tier are reported.
 */
export interface CycleFigures {
  wallMs: number;
  requests: number;
  readUnits: number;
  writeUnits: number;
}

export interface CostInputs {
  sources: number;
  scheduleMinutes: number;
  memoryMb: number;
  idleCycle: CycleFigures;
  /** A cycle that finds new reports: its per-article share is scaled by `newArticlesPerDay`. */
  firstCycle: CycleFigures & { articles: number };
  /** Where `firstCycle.writeUnits` comes from (printed with the estimate). */
  writeUnitsBasis: string;
  newArticlesPerDay: number;
  metricsPerArticle: number;
  alertSubscribers: { email: number; http: number };
  logBytesPerCycle: number;
}

export const PRICES_USD = {
  lambdaGbSecondArm: 0.0000133334,
  lambdaPerRequest: 0.2 / 1e6,
  dynamoWriteRequestUnit: 0.625 / 1e6,
  dynamoReadRequestUnit: 0.125 / 1e6,
  dynamoStorageGbMonth: 0.25,
  dynamoPitrGbMonth: 0.2,
  snsPublish: 0.5 / 1e6,
  snsEmailDelivery: 2 / 1e5,
  snsHttpDelivery: 0.6 / 1e6,
  schedulerInvocation: 1 / 1e6,
  logsIngestGb: 0.5,
  logsStorageGbMonth: 0.03,
  /** Per alarm metric (a metric-math alarm counts each metric it reads). */
  cloudWatchAlarmMetric: 0.1,
  cloudWatchCustomMetric: 0.3,
  /** AWS-managed keys (aws/dynamodb, aws/sns, aws/ssm) have no monthly fee, only requests. */
  kmsRequest: 0.03 / 1e4,
  kmsCustomerKeyMonth: 1,
  secretsManagerSecretMonth: 0.4,
} as const;

/**
 * What the default stack deploys that costs per month: alarm metrics (monitor errors, schedule
 * dead letters, no stored articles, and quarantine/failing sources reading two metrics) and the
 * custom metrics the monitor publishes (functions/shared/metric-names.ts CLOUDWATCH_METRICS,
 * without the two notifier ones).
 */
export const DEFAULT_STACK = {
  alarmMetrics: 5,
  customMetrics: 8,
  customerManagedKeys: 0,
  secretsManagerSecrets: 0,
} as const;

/** CloudWatch's always-free tier per account and month. */
export const CLOUDWATCH_ALWAYS_FREE = { alarmMetrics: 10, customMetrics: 10 } as const;

const DAYS_PER_MONTH = 30;
const ARTICLE_ITEM_BYTES = 12_000;
/** KMS requests per cycle through the AWS-managed keys (DynamoDB table key, SNS data key). */
const KMS_REQUESTS_PER_CYCLE = 3;
/** The daily digest: one 2-second run of a 256 MB function. */
const DIGEST_GB_SECONDS_PER_RUN = 2 * 0.25;

export interface CostLine {
  item: string;
  usd: number;
  basis: string;
}

export interface CostEstimate {
  monthlyUsageUsd: number;
  /** Fixed part inside CloudWatch's always-free tier (the default stack stays within it). */
  monthlyFixedUsd: number;
  /** Fixed part at list price, for an account whose free tier other workloads already use. */
  monthlyFixedListPriceUsd: number;
  /** Usage + fixed (always-free tier applied): the figure the US$1 budget is checked against. */
  monthlyTotalUsd: number;
  /** Usage + fixed at list price. */
  monthlyTotalListPriceUsd: number;
  lines: CostLine[];
  assumptions: string[];
}

export function estimateMonthlyCost(inputs: CostInputs): CostEstimate {
  const cyclesPerMonth = (DAYS_PER_MONTH * 24 * 60) / inputs.scheduleMinutes;
  const articlesPerMonth = inputs.newArticlesPerDay * DAYS_PER_MONTH;
  const perArticle = (value: number) => value / Math.max(1, inputs.firstCycle.articles);
  const gb = inputs.memoryMb / 1024;

  const idleSeconds = inputs.idleCycle.wallMs / 1000;
  const articleSeconds = perArticle(inputs.firstCycle.wallMs - inputs.idleCycle.wallMs) / 1000;
  const gbSeconds =
    gb * (cyclesPerMonth * idleSeconds + articlesPerMonth * Math.max(0, articleSeconds)) +
    DAYS_PER_MONTH * DIGEST_GB_SECONDS_PER_RUN;
  const invocations = cyclesPerMonth + DAYS_PER_MONTH;
  const readUnits =
    cyclesPerMonth * inputs.idleCycle.readUnits +
    articlesPerMonth * perArticle(inputs.firstCycle.readUnits);
  const writeUnits =
    cyclesPerMonth * inputs.idleCycle.writeUnits +
    articlesPerMonth * perArticle(inputs.firstCycle.writeUnits);
  const storageGb = (articlesPerMonth * 12 * ARTICLE_ITEM_BYTES) / 1e9; // after a year of history
  const logGb = (cyclesPerMonth * inputs.logBytesPerCycle) / 1e9;
  const kmsRequests = cyclesPerMonth * KMS_REQUESTS_PER_CYCLE;

  const usage: CostLine[] = [
    {
      item: 'Lambda compute',
      usd: gbSeconds * PRICES_USD.lambdaGbSecondArm,
      basis: `${gbSeconds.toFixed(0)} GB-s (cycles and digests)`,
    },
    {
      item: 'Lambda requests',
      usd: invocations * PRICES_USD.lambdaPerRequest,
      basis: `${invocations} invocations`,
    },
    {
      item: 'Scheduler',
      usd: invocations * PRICES_USD.schedulerInvocation,
      basis: `${invocations} invocations`,
    },
    {
      item: 'DynamoDB reads',
      usd: readUnits * PRICES_USD.dynamoReadRequestUnit,
      basis: `${readUnits.toFixed(0)} RRU`,
    },
    {
      item: 'DynamoDB writes',
      usd: writeUnits * PRICES_USD.dynamoWriteRequestUnit,
      basis: `${writeUnits.toFixed(0)} WRU (${inputs.writeUnitsBasis})`,
    },
    {
      item: 'DynamoDB storage + PITR',
      usd: storageGb * (PRICES_USD.dynamoStorageGbMonth + PRICES_USD.dynamoPitrGbMonth),
      basis: `${storageGb.toFixed(3)} GB after a year`,
    },
    {
      item: 'SNS publish + deliveries',
      usd:
        articlesPerMonth *
          (PRICES_USD.snsPublish +
            inputs.alertSubscribers.email * PRICES_USD.snsEmailDelivery +
            inputs.alertSubscribers.http * PRICES_USD.snsHttpDelivery) +
        DAYS_PER_MONTH * PRICES_USD.snsPublish,
      basis: `${articlesPerMonth} alerts, ${inputs.alertSubscribers.email} email subscriber(s), ${DAYS_PER_MONTH} digests`,
    },
    {
      item: 'KMS requests (AWS-managed keys)',
      usd: kmsRequests * PRICES_USD.kmsRequest,
      basis: `about ${kmsRequests} requests; aws/dynamodb and aws/sns have no monthly fee`,
    },
    {
      item: 'CloudWatch Logs',
      usd: logGb * (PRICES_USD.logsIngestGb + PRICES_USD.logsStorageGbMonth),
      basis: `${(logGb * 1000).toFixed(1)} MB ingested`,
    },
  ].map((line) => ({ ...line, usd: round(line.usd) }));

  const withinFree = (count: number, free: number) => Math.max(0, count - free);
  const fixed = [
    {
      item: `CloudWatch alarms (${DEFAULT_STACK.alarmMetrics} alarm metrics)`,
      list: DEFAULT_STACK.alarmMetrics * PRICES_USD.cloudWatchAlarmMetric,
      free:
        withinFree(DEFAULT_STACK.alarmMetrics, CLOUDWATCH_ALWAYS_FREE.alarmMetrics) *
        PRICES_USD.cloudWatchAlarmMetric,
    },
    {
      item: `CloudWatch custom metrics (${DEFAULT_STACK.customMetrics})`,
      list: DEFAULT_STACK.customMetrics * PRICES_USD.cloudWatchCustomMetric,
      free:
        withinFree(DEFAULT_STACK.customMetrics, CLOUDWATCH_ALWAYS_FREE.customMetrics) *
        PRICES_USD.cloudWatchCustomMetric,
    },
    {
      item: `KMS customer-managed keys (${DEFAULT_STACK.customerManagedKeys})`,
      list: DEFAULT_STACK.customerManagedKeys * PRICES_USD.kmsCustomerKeyMonth,
      free: DEFAULT_STACK.customerManagedKeys * PRICES_USD.kmsCustomerKeyMonth,
    },
    {
      item: `Secrets Manager secrets (${DEFAULT_STACK.secretsManagerSecrets})`,
      list: DEFAULT_STACK.secretsManagerSecrets * PRICES_USD.secretsManagerSecretMonth,
      free: DEFAULT_STACK.secretsManagerSecrets * PRICES_USD.secretsManagerSecretMonth,
    },
  ];
  const monthlyUsageUsd = round(usage.reduce((sum, line) => sum + line.usd, 0));
  const monthlyFixedUsd = round(fixed.reduce((sum, line) => sum + line.free, 0));
  const monthlyFixedListPriceUsd = round(fixed.reduce((sum, line) => sum + line.list, 0));
  return {
    monthlyUsageUsd,
    monthlyFixedUsd,
    monthlyFixedListPriceUsd,
    monthlyTotalUsd: round(monthlyUsageUsd + monthlyFixedUsd),
    monthlyTotalListPriceUsd: round(monthlyUsageUsd + monthlyFixedListPriceUsd),
    lines: [
      ...usage,
      ...fixed.map((line) => ({
        item: `fixed: ${line.item}`,
        usd: round(line.free),
        basis: `US$${line.list.toFixed(2)} at list price`,
      })),
    ],
    assumptions: [
      `${inputs.sources} sources polled every ${inputs.scheduleMinutes} minutes (${cyclesPerMonth} cycles/month), one digest a day`,
      `${inputs.memoryMb} MB arm64 Lambda; idle cycle ${inputs.idleCycle.wallMs.toFixed(0)} ms`,
      `${inputs.newArticlesPerDay} new articles/day, ${inputs.metricsPerArticle.toFixed(1)} metrics each`,
      `write units: ${inputs.writeUnitsBasis}`,
      'us-east-1 on-demand list prices; free tiers not subtracted from usage',
      `fixed: no customer-managed key (opsTopicEncryption=cmk adds US$1), no secret (each notify destination in Secrets Manager adds US$0.40; SSM standard parameters are free); ${DEFAULT_STACK.alarmMetrics} alarm metrics and ${DEFAULT_STACK.customMetrics} custom metrics, inside CloudWatch's always-free tier of 10 each (US$${monthlyFixedListPriceUsd.toFixed(2)} at list price if other workloads use that tier)`,
    ],
  };
}

function round(usd: number): number {
  return Math.round(usd * 10_000) / 10_000;
}
