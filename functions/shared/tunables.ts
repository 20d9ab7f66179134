/**
 * Every numeric knob of newsmon in one table: the Lambda's `loadConfig`, the CDK context schema and
 * the CLI all read their default and bounds from here, so the three can never disagree.
 *
 * - `env`: the environment variable the function (and `newsmon run`) reads; absent for knobs that
 *   only shape the AWS resources (memory, timeout, alarms).
 * - `contextKey`: the CDK context key (`cdk deploy -c key=value`); absent for knobs that are not
 *   deploy-time settings. A row with both is passed by the stack to the function's environment.
 *
 * Pure data: no AWS or Node imports, so every layer may depend on it. Add a row for a new knob
 * instead of a literal next to the code that uses it.
 */
export interface Tunable {
  /** Stable identifier; also the key of the row in {@link TUNABLES}. */
  readonly name: string;
  readonly env?: string;
  readonly contextKey?: string;
  readonly default: number;
  readonly min: number;
  readonly max: number;
  /**
   * The function that reads `env` when it is not the monitor: `notify` rows are read by the
   * notifier and digest functions and `newsmon run/digest --notify` (functions/notify/destinations.ts).
   */
  readonly readBy?: 'notify';
  /** One sentence for docs and error messages: what it does and why the bounds are what they are. */
  readonly doc: string;
}

export const TUNABLES = {
  maxPagesPerSource: {
    name: 'maxPagesPerSource',
    env: 'MAX_PAGES_PER_SOURCE',
    contextKey: 'maxPagesPerSource',
    default: 3,
    min: 1,
    max: 50,
    doc: 'List pages read per source and cycle; older pages only matter for a first run or a long outage.',
  },
  articleConcurrency: {
    name: 'articleConcurrency',
    env: 'ARTICLE_CONCURRENCY',
    contextKey: 'articleConcurrency',
    default: 4,
    min: 1,
    // Twice the per-host cap: more workers only help when sources span several hosts, and each
    // holds a page of up to 10 MiB while it is parsed, so 16 stays far inside 512 MB of memory.
    max: 16,
    doc: 'Articles fetched and extracted at the same time across all sources (politeness per host is fetchMaxConcurrencyPerHost).',
  },
  fetchMaxConcurrencyPerHost: {
    name: 'fetchMaxConcurrencyPerHost',
    env: 'FETCH_MAX_CONCURRENCY_PER_HOST',
    contextKey: 'fetchMaxConcurrencyPerHost',
    default: 2,
    min: 1,
    // Politeness towards one news site: browsers open at most 6 connections per host; more than 8
    // parallel requests from one crawler is what gets an address blocked.
    max: 8,
    doc: 'Requests in flight to one host at a time.',
  },
  fetchMinIntervalMs: {
    name: 'fetchMinIntervalMs',
    env: 'FETCH_MIN_INTERVAL_MS',
    contextKey: 'fetchMinIntervalMs',
    default: 500,
    min: 0,
    max: 60_000,
    doc: 'Milliseconds between two request starts to one host (0 only for a local mirror).',
  },
  sourceFailingAfterHours: {
    name: 'sourceFailingAfterHours',
    env: 'SOURCE_FAILING_AFTER_HOURS',
    contextKey: 'sourceFailingAfterHours',
    default: 6,
    min: 1,
    max: 168,
    doc: 'A source whose last successful read is older than this many hours counts in the SourcesFailing metric (and alarm).',
  },
  staleAfterHours: {
    name: 'staleAfterHours',
    contextKey: 'staleAfterHours',
    default: 24,
    min: 1,
    // The alarm evaluates hourly periods; CloudWatch allows at most 7 days of evaluation.
    max: 168,
    doc: 'Hours without a single stored article before the "no new articles" alarm fires.',
  },
  functionTimeoutSeconds: {
    name: 'functionTimeoutSeconds',
    contextKey: 'functionTimeoutSeconds',
    default: 300,
    min: 30,
    max: 900,
    doc: 'Lambda timeout of one monitor cycle (Lambda allows at most 900 s).',
  },
  functionMemoryMb: {
    name: 'functionMemoryMb',
    contextKey: 'functionMemoryMb',
    default: 512,
    min: 128,
    max: 10_240,
    doc: 'Lambda memory of the monitor function in MB (Lambda allows 128–10,240).',
  },
  reservedConcurrency: {
    name: 'reservedConcurrency',
    contextKey: 'reservedConcurrency',
    default: 0,
    min: 0,
    max: 1000,
    doc: 'Concurrent executions reserved for the monitor; 0 = none. Lambda keeps 100 unreserved per account, so reserving N needs an account quota above 100 + N.',
  },
  scheduleRetryAttempts: {
    name: 'scheduleRetryAttempts',
    contextKey: 'scheduleRetryAttempts',
    default: 2,
    min: 0,
    max: 185,
    doc: 'Times EventBridge Scheduler retries a start Lambda refused (EventBridge Scheduler allows 0–185).',
  },
  scheduleMaxEventAgeSeconds: {
    name: 'scheduleMaxEventAgeSeconds',
    contextKey: 'scheduleMaxEventAgeSeconds',
    default: 900,
    min: 60,
    // The value is also the function's asynchronous maximumEventAge, which Lambda caps at 6 hours
    // (Scheduler itself would allow 24 hours).
    max: 21_600,
    doc: 'Seconds a cycle start may wait (Scheduler retries, Lambda async queue) before it is dropped.',
  },
  notifyMessagesPerMinute: {
    name: 'notifyMessagesPerMinute',
    readBy: 'notify',
    env: 'NOTIFY_MESSAGES_PER_MINUTE',
    default: 20,
    min: 1,
    // WeCom and DingTalk document 20 a minute per robot (DingTalk then blocks it for 10 minutes);
    // higher values are for generic webhooks and local tests.
    max: 6000,
    doc: 'Messages sent to one notification destination per sliding minute (robots allow about 20).',
  },
  notifyMaxAttempts: {
    name: 'notifyMaxAttempts',
    readBy: 'notify',
    env: 'NOTIFY_MAX_ATTEMPTS',
    default: 4,
    min: 1,
    max: 10,
    doc: 'Attempts per message and destination (first try included) before it is handed back for a later retry.',
  },
  notifyRetryBaseMs: {
    name: 'notifyRetryBaseMs',
    readBy: 'notify',
    env: 'NOTIFY_RETRY_BASE_MS',
    default: 2000,
    min: 0,
    max: 60_000,
    doc: 'First backoff after a rate-limit or 5xx answer, doubling per attempt (a longer Retry-After wins).',
  },
  digestWindowHours: {
    name: 'digestWindowHours',
    readBy: 'notify',
    env: 'DIGEST_WINDOW_HOURS',
    default: 24,
    min: 1,
    max: 168,
    doc: 'Hours of reports the scheduled digest covers, ending when it runs.',
  },
} as const satisfies Record<string, Tunable>;

/** The rows in table order. */
export const TUNABLE_LIST: readonly Tunable[] = Object.values(TUNABLES);

/**
 * SNS topic ARNs as the function and the CLI accept them: partition, region, 12-digit account and a
 * standard topic name (letters, digits, `-`, `_`, at most 256).
 */
export const SNS_TOPIC_ARN = /^arn:[\w-]+:sns:[a-z0-9-]+:\d{12}:[\w-]{1,256}$/;
