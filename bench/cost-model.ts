/**
 * Monthly cost model for a deployed newsmon, from measured cycle figures and AWS's published on-demand
 * prices (us-east-1, arm64, as listed on the AWS pricing pages in 2026). Free tiers are NOT subtracted
 * from the usage figure, so it is what an account that already uses its free tier pays.
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
  cloudWatchAlarm: 0.1,
  cloudWatchCustomMetric: 0.3,
  kmsCustomerKeyMonth: 1,
} as const;

const DAYS_PER_MONTH = 30;
const ARTICLE_ITEM_BYTES = 12_000;

export interface CostEstimate {
  monthlyUsageUsd: number;
  monthlyFixedUsd: number;
  lines: Array<{ item: string; usd: number; basis: string }>;
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
    gb * (cyclesPerMonth * idleSeconds + articlesPerMonth * Math.max(0, articleSeconds));
  const readUnits =
    cyclesPerMonth * inputs.idleCycle.readUnits +
    articlesPerMonth * perArticle(inputs.firstCycle.readUnits);
  const writeUnits =
    cyclesPerMonth * inputs.idleCycle.writeUnits +
    articlesPerMonth * perArticle(inputs.firstCycle.writeUnits);
  const storageGb = (articlesPerMonth * 12 * ARTICLE_ITEM_BYTES) / 1e9; // after a year of history
  const logGb = (cyclesPerMonth * inputs.logBytesPerCycle) / 1e9;

  const lines = [
    {
      item: 'Lambda compute',
      usd: gbSeconds * PRICES_USD.lambdaGbSecondArm,
      basis: `${gbSeconds.toFixed(0)} GB-s`,
    },
    {
      item: 'Lambda requests',
      usd: cyclesPerMonth * PRICES_USD.lambdaPerRequest,
      basis: `${cyclesPerMonth} invocations`,
    },
    {
      item: 'Scheduler',
      usd: cyclesPerMonth * PRICES_USD.schedulerInvocation,
      basis: `${cyclesPerMonth} invocations`,
    },
    {
      item: 'DynamoDB reads',
      usd: readUnits * PRICES_USD.dynamoReadRequestUnit,
      basis: `${readUnits.toFixed(0)} RRU`,
    },
    {
      item: 'DynamoDB writes',
      usd: writeUnits * PRICES_USD.dynamoWriteRequestUnit,
      basis: `${writeUnits.toFixed(0)} WRU`,
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
          inputs.alertSubscribers.http * PRICES_USD.snsHttpDelivery),
      basis: `${articlesPerMonth} alerts, ${inputs.alertSubscribers.email} email subscriber(s)`,
    },
    {
      item: 'CloudWatch Logs',
      usd: logGb * (PRICES_USD.logsIngestGb + PRICES_USD.logsStorageGbMonth),
      basis: `${(logGb * 1000).toFixed(1)} MB ingested`,
    },
  ].map((line) => ({ ...line, usd: round(line.usd) }));
  const monthlyUsageUsd = round(lines.reduce((sum, line) => sum + line.usd, 0));
  const fixed = [
    {
      item: 'KMS customer-managed key (topics)',
      usd: PRICES_USD.kmsCustomerKeyMonth,
      basis: 'needed so CloudWatch alarms can publish to the encrypted ops topic',
    },
    {
      item: 'CloudWatch alarms (3)',
      usd: 3 * PRICES_USD.cloudWatchAlarm,
      basis: 'US$0 within the always-free tier (10 alarms)',
    },
    {
      item: 'EMF custom metrics (7)',
      usd: 7 * PRICES_USD.cloudWatchCustomMetric,
      basis: 'US$0 within the always-free tier (10 metrics)',
    },
  ];
  return {
    monthlyUsageUsd,
    monthlyFixedUsd: round(fixed.reduce((sum, line) => sum + line.usd, 0)),
    lines: [...lines, ...fixed.map((line) => ({ ...line, usd: round(line.usd) }))],
    assumptions: [
      `${inputs.sources} sources polled every ${inputs.scheduleMinutes} minutes (${cyclesPerMonth} cycles/month)`,
      `${inputs.memoryMb} MB arm64 Lambda; idle cycle ${inputs.idleCycle.wallMs.toFixed(0)} ms as measured locally`,
      `${inputs.newArticlesPerDay} new articles/day, ${inputs.metricsPerArticle.toFixed(1)} metrics each`,
      'us-east-1 on-demand list prices; free tiers not subtracted from usage',
      'fixed items at list price; alarms and custom metrics cost nothing inside the always-free CloudWatch tier, leaving the KMS key (US$1)',
    ],
  };
}

function round(usd: number): number {
  return Math.round(usd * 10_000) / 10_000;
}
