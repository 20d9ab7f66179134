import { SnsAlertPublisher } from '../functions/alerts/sns-alert-publisher.js';
import { makeHostPolicy } from '../functions/http/address-policy.js';
import { HttpClient } from '../functions/http/http-client.js';
import { HttpSourceFetcher } from '../functions/monitor/adapters/http-source-fetcher.js';
import type { AlertPublisher, SourceConfig } from '../functions/monitor/ports.js';
import { HttpNotificationSender } from '../functions/notify/adapters/http-notification-sender.js';
import { senderOptionsFromEnv } from '../functions/notify/destinations.js';
import { DestinationConfigError } from '../functions/notify/errors.js';
import { localDestination, NotifySpecError, parseNotifySpec } from '../functions/notify/index.js';
import type { NotificationSender } from '../functions/notify/ports.js';
import { createSnsClient } from '../functions/shared/sns-client.js';
import { SNS_TOPIC_ARN } from '../functions/shared/tunables.js';
import type { FetchSettings } from './config-file.js';
import { FETCH_DEFAULTS } from './cycle-settings.js';
import { CliError, errorMessage, UsageError } from './errors.js';
import type { CliIo } from './io.js';
import { JsonLinesAlertPublisher, TerminalAlertPublisher } from './terminal.js';

/**
 * The same HttpClient + site-module adapter the Lambda uses, limited to the configured source
 * hosts plus *.rednet.cn (a local mirror works because its host is a source host).
 */
export function createFetching(
  sources: readonly SourceConfig[],
  tuning: Pick<FetchSettings, 'minIntervalMs' | 'maxConcurrencyPerHost'>,
) {
  const http = new HttpClient({
    allowedHosts: makeHostPolicy(sources.map((source) => source.url)),
    minIntervalMsPerHost: tuning.minIntervalMs ?? FETCH_DEFAULTS.minIntervalMs,
    maxConcurrentPerHost: tuning.maxConcurrencyPerHost ?? FETCH_DEFAULTS.maxConcurrencyPerHost,
  });
  const fetcher = new HttpSourceFetcher(http);
  return { http, fetcher };
}

/** `--topic ARN`: SNS in AWS; `--json`: JSON lines; default: readable text on stdout. */
export function createAlertPublisher(
  { topic, json }: { topic?: string | undefined; json?: boolean | undefined },
  io: CliIo,
): { publisher: AlertPublisher; close: () => void; verify: () => Promise<void> } {
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
    return {
      publisher: new SnsAlertPublisher(client, topic),
      close: () => client.destroy(),
      // Before any fetch: a missing credential is one clear line, not a stored-but-unsent batch.
      verify: async () => {
        try {
          await client.config.credentials();
        } catch (error) {
          throw new CliError(
            `no AWS credentials for --topic (configure a profile or AWS_* variables, or drop --topic to print alerts): ${errorMessage(error).split('\n')[0]}`,
            1,
            { cause: error },
          );
        }
      },
    };
  }
  const publisher = json
    ? new JsonLinesAlertPublisher(io.stdout)
    : new TerminalAlertPublisher(io.stdout);
  return { publisher, close: () => {}, verify: async () => {} };
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
