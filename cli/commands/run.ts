import { randomUUID } from 'node:crypto';
import type { AlertPublisher, LogPort, MetricsPort } from '../../functions/monitor/ports.js';
import {
  AllSourcesFailedError,
  type MonitorDeps,
  type RunOptions,
  type RunSummary,
  runMonitor,
} from '../../functions/monitor/run-monitor.js';
import { DynamoDbDeliveryLedger } from '../../functions/notify/adapters/dynamodb-delivery-ledger.js';
import { NotifyingAlertPublisher } from '../../functions/notify/notifying-publisher.js';
import type { NotificationSender } from '../../functions/notify/ports.js';
import { METRIC_NAMES } from '../../functions/shared/metric-names.js';
import { expectPositionals, parseCommandArgs, parseCount } from '../args.js';
import { commandContext } from '../context.js';
import { fetchTuning, resolveAlertWindow, resolveSources } from '../cycle-settings.js';
import { parseDuration } from '../duration.js';
import { EXIT_FAILURE, EXIT_OK, errorMessage } from '../errors.js';
import { extractMetrics } from '../extractor.js';
import { type CliIo, isDebug, writeLine } from '../io.js';
import { createAlertPublisher, createFetching, createNotifiers } from '../monitor-setup.js';
import { checkStoreSelection, type OpenedStore, openStore } from '../store-context.js';
import { cycleFailed, renderRunSummary } from '../summary.js';
import { CountingMetrics, ignoredMetrics, sleepUnlessAborted, terminalLog } from '../terminal.js';

export const HELP = `Usage: newsmon run [options]

Runs one monitor cycle with the same code as the Lambda: reads each source's list pages, stores
every article not seen before with its figures, and alerts the new ones.

Options:
  --source URL          a column page to watch (repeatable); default: the configuration
                        file's sources, else the built-in 红网 channels.
                        Any URL works (a mirror, a local server); fetching is limited to the
                        source hosts and *.rednet.cn
  --watch INTERVAL      keep cycling every INTERVAL (30s, 15m, 1h); Ctrl-C stops between cycles
  --alert-window W      alert only articles published within W (6h, 48h, 7d) or 'all'
                        (default 48h: a first run does not alert a whole back catalogue)
  --max-pages N         list pages read per source and cycle (default 3)
  --budget DURATION     time budget of each cycle (e.g. 2m): past it nothing new starts, what is
                        stored stays stored and the next cycle carries on (like the Lambda's deadline)
  --json                alerts as JSON lines on stdout ({ "article", "metrics" }); summary on stderr
  --topic ARN           publish alerts to this SNS topic instead of printing them
  --notify KIND:URL     also deliver each new report to a chat robot (repeatable): wecom,
                        dingtalk, feishu, slack or webhook; a secret=… URL parameter is the
                        signing secret; the kind may be left out on the vendors' own hosts
  --db DIR              embedded database directory (default: the config file's db,
                        $NEWSMON_HOME/db or ~/.newsmon/db)
  --table NAME          use a DynamoDB table in AWS instead (default credential chain)
  --verbose             also print the monitor's info logs (stderr)
  -h, --help            show this help

Environment: FETCH_MIN_INTERVAL_MS (default 500) and FETCH_MAX_CONCURRENCY_PER_HOST (default 2)
tune politeness per host, as in the Lambda; ARTICLE_CONCURRENCY (default 4);
NOTIFY_MESSAGES_PER_MINUTE (default 20), NOTIFY_MAX_ATTEMPTS (4), NOTIFY_RETRY_BASE_MS (2000)
pace and retry --notify deliveries.

Examples:
  newsmon run
  newsmon run --watch 15m --alert-window 6h
  newsmon run --source https://hy.rednet.cn/channel/7417.html --json | jq .article.title
  newsmon run --notify 'dingtalk:https://oapi.dingtalk.com/robot/send?access_token=T&secret=SEC…'
  newsmon run --table newsmon-prod --topic arn:aws:sns:ap-east-1:123456789012:newsmon-alerts

Exit codes: 0 when at least one source was read and every alert was delivered; 1 when no source
could be read (e.g. no internet: each source's reason is printed) or an alert failed; 2 bad usage.`;

const OPTIONS = {
  source: { type: 'string', multiple: true },
  watch: { type: 'string' },
  'alert-window': { type: 'string' },
  'max-pages': { type: 'string' },
  budget: { type: 'string' },
  json: { type: 'boolean' },
  topic: { type: 'string' },
  notify: { type: 'string', multiple: true },
  db: { type: 'string' },
  table: { type: 'string' },
  verbose: { type: 'boolean' },
} as const;

/** `newsmon run`: one cycle, or one per `--watch` interval until Ctrl-C; resolves to the exit code. */
export async function runCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs('run', args, OPTIONS);
  if (values.help) {
    writeLine(io.stdout, HELP);
    return EXIT_OK;
  }
  expectPositionals('run', positionals, []);
  checkStoreSelection(values);
  const context = commandContext(values, io);
  const { config } = context;
  const sources = resolveSources(values.source, config);
  const watchMs = values.watch === undefined ? null : parseDuration(values.watch, '--watch');
  const budgetMs = values.budget === undefined ? null : parseDuration(values.budget, '--budget');
  const alertWindowMs = resolveAlertWindow(values['alert-window'], config);
  const tuning = fetchTuning(io.env, config);
  const maxPagesPerSource = parseCount(
    values['max-pages'],
    '--max-pages',
    tuning.maxPagesPerSource,
    { max: 50 },
  );
  const articleConcurrency = tuning.articleConcurrency;
  const alerts = createAlertPublisher(values, io);
  await alerts.verify();
  // --notify replaces the configuration file's "notify" list.
  const notifiers = createNotifiers(values.notify ?? config.file.notify, io.env);
  const { http, fetcher } = createFetching(sources, tuning);
  const verbose = Boolean(values.verbose) || isDebug(io.env);
  try {
    let exitCode = EXIT_OK;
    for (let cycle = 1; ; cycle += 1) {
      // Per cycle, so a watcher shows each kind of warning again in every cycle that has it.
      const log = terminalLog((line) => writeLine(io.stderr, line), { verbose });
      try {
        // The store is opened per cycle, so a watcher holds the embedded database (and its
        // lock) only while it works: `newsmon query` runs fine while it sleeps.
        const opened = await openStore(context.store, io.cwd, { home: context.home });
        try {
          if (watchMs !== null) {
            writeLine(
              io.stderr,
              `newsmon: cycle ${cycle}: ${sources.length} source${sources.length === 1 ? '' : 's'} → ${opened.label}`,
            );
          }
          const deliveries = new CountingMetrics();
          const deps: MonitorDeps = {
            fetcher,
            store: opened.store,
            alerts: withNotifiers(alerts.publisher, notifiers, opened, log, deliveries),
            extract: extractMetrics,
            log,
            metrics: ignoredMetrics,
            now: () => new Date(),
          };
          const summary = await runCycle(deps, {
            sources,
            alertWindowMs,
            maxPagesPerSource,
            articleConcurrency,
            invocationId: `cli-${randomUUID()}`,
            signal: io.signal,
            ...(budgetMs === null ? {} : { deadline: Date.now() + budgetMs }),
          });
          writeLine(io.stderr, renderRunSummary(summary, { alertWindowMs }));
          // A refused delivery (a wrong token, a deleted robot) is never retried: say so and fail.
          const refused = deliveries.total(METRIC_NAMES.notifyPermanentFailures);
          if (refused > 0) {
            writeLine(
              io.stderr,
              `✗ ${refused} --notify deliver${refused === 1 ? 'y was' : 'ies were'} refused by the destination and will not be retried (reasons above)`,
            );
          }
          exitCode = cycleFailed(summary) || refused > 0 ? EXIT_FAILURE : EXIT_OK;
        } finally {
          await opened.close();
        }
      } catch (error) {
        // A watcher outlives a bad cycle (a busy database, a throttled table): report, go on.
        // The first cycle still fails fast: a wrong --table or a locked --db is a setup mistake.
        if (watchMs === null || cycle === 1) throw error;
        writeLine(io.stderr, `newsmon: cycle ${cycle} failed: ${errorMessage(error)}`);
        exitCode = EXIT_FAILURE;
      }
      if (watchMs === null || io.signal.aborted) break;
      writeLine(io.stderr, `newsmon: next cycle in ${values.watch} (Ctrl-C to stop)`);
      await sleepUnlessAborted(watchMs, io.signal);
      if (io.signal.aborted) break;
    }
    return exitCode;
  } finally {
    http.close();
    alerts.close();
  }
}

/** The cycle's publisher, delivering to `--notify` destinations too (idempotency in the store's table). */
function withNotifiers(
  publisher: AlertPublisher,
  notifiers: readonly NotificationSender[],
  opened: OpenedStore,
  log: LogPort,
  metrics: MetricsPort,
): AlertPublisher {
  if (notifiers.length === 0) return publisher;
  return new NotifyingAlertPublisher(publisher, notifiers, {
    ledger: new DynamoDbDeliveryLedger(opened.documentClient, opened.tableName),
    log,
    metrics,
    now: () => new Date(),
    claimant: `cli-${randomUUID()}`,
  });
}

/**
 * One cycle. The use case throws when every source failed (so the Lambda's Errors alarm fires);
 * locally that is an ordinary outcome with a summary to print, e.g. on a machine offline.
 */
async function runCycle(deps: MonitorDeps, options: RunOptions): Promise<RunSummary> {
  try {
    return await runMonitor(deps, options);
  } catch (error) {
    if (error instanceof AllSourcesFailedError) return error.summary;
    throw error;
  }
}
