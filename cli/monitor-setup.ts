import { SnsAlertPublisher } from '../functions/alerts/sns-alert-publisher.js';
import { makeHostPolicy } from '../functions/http/address-policy.js';
import { HttpClient } from '../functions/http/http-client.js';
import { HttpSourceFetcher } from '../functions/monitor/adapters/http-source-fetcher.js';
import { DEFAULT_SOURCES } from '../functions/monitor/default-sources.js';
import type { AlertPublisher, SourceConfig } from '../functions/monitor/ports.js';
import { HttpNotificationSender } from '../functions/notify/adapters/http-notification-sender.js';
import { senderOptionsFromEnv } from '../functions/notify/destinations.js';
import { DestinationConfigError } from '../functions/notify/errors.js';
import { localDestination, NotifySpecError, parseNotifySpec } from '../functions/notify/index.js';
import type { NotificationSender } from '../functions/notify/ports.js';
import { createSnsClient } from '../functions/shared/aws-clients.js';
import { SNS_TOPIC_ARN, TUNABLES } from '../functions/shared/tunables.js';
import { parseCount, parseHttpUrl } from './args.js';
import { UsageError } from './errors.js';
import type { CliIo } from './io.js';
import { JsonLinesAlertPublisher, TerminalAlertPublisher } from './terminal.js';

/** `--source URL` (repeatable) or the built-in 红网 channels. */
export function resolveSources(urls: readonly string[] | undefined): SourceConfig[] {
  if (!urls || urls.length === 0) return [...DEFAULT_SOURCES];
  const seen = new Set<string>();
  const sources: SourceConfig[] = [];
  for (const raw of urls) {
    const url = parseHttpUrl(raw, '--source');
    if (seen.has(url)) continue;
    seen.add(url);
    const parsed = new URL(url);
    sources.push({ url, name: `${parsed.host}${parsed.pathname === '/' ? '' : parsed.pathname}` });
  }
  return sources;
}

/**
 * Fetch tuning, shared with the Lambda's variables so one vocabulary works everywhere:
 * FETCH_MIN_INTERVAL_MS (default 500) and FETCH_MAX_CONCURRENCY_PER_HOST (default 2).
 * Keep the defaults against rednet.cn; tests against a local server set the interval to 0.
 */
export function fetchTuning(env: NodeJS.ProcessEnv): { minIntervalMs: number; maxPerHost: number } {
  const { fetchMinIntervalMs: interval, fetchMaxConcurrencyPerHost: perHost } = TUNABLES;
  return {
    minIntervalMs: parseCount(env[interval.env], interval.env, interval.default, interval),
    maxPerHost: parseCount(env[perHost.env], perHost.env, perHost.default, perHost),
  };
}

/**
 * The same HttpClient + site-module adapter the Lambda uses, limited to the configured source
 * hosts plus *.rednet.cn (a local mirror works because its host is a source host).
 */
export function createFetching(sources: readonly SourceConfig[], env: NodeJS.ProcessEnv) {
  const tuning = fetchTuning(env);
  const http = new HttpClient({
    allowedHosts: makeHostPolicy(sources.map((source) => source.url)),
    minIntervalMsPerHost: tuning.minIntervalMs,
    maxConcurrentPerHost: tuning.maxPerHost,
  });
  const fetcher = new HttpSourceFetcher(http);
  return { http, fetcher };
}

/** `--topic ARN`: SNS in AWS; `--json`: JSON lines; default: readable text on stdout. */
export function createAlertPublisher(
  { topic, json }: { topic?: string | undefined; json?: boolean | undefined },
  io: CliIo,
): { publisher: AlertPublisher; close: () => void } {
  if (topic !== undefined && json) {
    throw new UsageError('--json and --topic are exclusive: alerts go to stdout or to SNS');
  }
  if (topic !== undefined) {
    if (!SNS_TOPIC_ARN.test(topic)) {
      throw new UsageError(
        `--topic expects an SNS topic ARN (arn:aws:sns:<region>:<account>:<name>), got '${topic}'`,
      );
    }
    // The topic's region is in its ARN: publish there whatever the default region says.
    const region = topic.split(':')[3];
    const client = createSnsClient(region ? { region, maxAttempts: 3 } : { maxAttempts: 3 });
    return { publisher: new SnsAlertPublisher(client, topic), close: () => client.destroy() };
  }
  const publisher = json
    ? new JsonLinesAlertPublisher(io.stdout)
    : new TerminalAlertPublisher(io.stdout);
  return { publisher, close: () => {} };
}

/**
 * `--notify <kind>:<url>` (repeatable): one paced sender per destination, kept for the whole
 * run so pacing holds across `--watch` cycles. Pacing and retries follow NOTIFY_* variables.
 */
export function createNotifiers(
  specs: readonly string[] | undefined,
  env: NodeJS.ProcessEnv,
): NotificationSender[] {
  if (!specs || specs.length === 0) return [];
  let options: ReturnType<typeof senderOptionsFromEnv>;
  try {
    options = senderOptionsFromEnv(env);
  } catch (error) {
    if (error instanceof DestinationConfigError) throw new UsageError(error.message);
    throw error;
  }
  const seen = new Set<string>();
  const senders: NotificationSender[] = [];
  for (const spec of specs) {
    let destination: ReturnType<typeof localDestination>;
    try {
      destination = localDestination(parseNotifySpec(spec));
    } catch (error) {
      if (error instanceof NotifySpecError) throw new UsageError(`--notify: ${error.message}`);
      throw error;
    }
    if (seen.has(destination.id)) continue;
    seen.add(destination.id);
    senders.push(new HttpNotificationSender(destination, options));
  }
  return senders;
}
