import { access } from 'node:fs/promises';
import {
  type BackfillDeps,
  type BackfillEvent,
  type BackfillSummary,
  runBackfill,
} from '../../functions/monitor/backfill.js';
import type { LogPort } from '../../functions/monitor/ports.js';
import { expectPositionals, parseCommandArgs, parseCount } from '../args.js';
import { BackfillStateFile } from '../backfill-state.js';
import { commandContext } from '../context.js';
import { fetchTuning, resolveSources } from '../cycle-settings.js';
import { parseAlertWindowOption } from '../duration.js';
import { EXIT_FAILURE, EXIT_OK, UsageError } from '../errors.js';
import { extractMetrics } from '../extractor.js';
import { type CliIo, count, isDebug, writeLine } from '../io.js';
import { createAlertPublisher, createFetching } from '../monitor-setup.js';
import { Progress } from '../progress.js';
import { checkStoreSelection, displayPath, openStore } from '../store-context.js';
import { groupFailures } from '../summary.js';
import { ignoredMetrics, terminalLog } from '../terminal.js';

export const HELP = `Usage: newsmon backfill --pages N [options]

Walks each source's column back N list pages, politely (the same per-host rate limits as a
cycle), and stores every article it has not stored yet, with its figures. Nothing is alerted
unless --alert is given.

Resumable: progress (the last completed page of each source) is saved after every page, in
the database directory (or $NEWSMON_HOME, default ~/.newsmon, for --table). Run the same command again after Ctrl-C or
a failure and it continues where it stopped; a larger --pages goes deeper. Articles that failed
to fetch are retried on the next run.

Options:
  --pages N            how many list pages per source, counting the first (required)
  --source URL         a column page (repeatable); default: the configuration
                       file's sources, else the built-in 红网 channels
  --alert              alert the backfilled articles too (printed, --json, or --topic)
  --alert-window W     with --alert: only articles published within W (default all)
  --json               alerts as JSON lines on stdout (with --alert)
  --topic ARN          publish alerts to this SNS topic (with --alert)
  --restart            forget saved progress and start again from page 1
  --db DIR             embedded database directory (default: the config file's db,
                       $NEWSMON_HOME/db or ~/.newsmon/db)
  --table NAME         use a DynamoDB table in AWS instead
  --verbose            also print each failure's warning and the monitor's info logs
  -h, --help           show this help

Examples:
  newsmon backfill --pages 10
  newsmon backfill --pages 50 --source https://hy.rednet.cn/channel/7417.html
  newsmon backfill --pages 5 --alert --json > alerts.jsonl

Exit codes: 0 done (or stopped by Ctrl-C with progress saved), 1 a list page or article could not
be read (progress up to there is saved), 2 bad usage.`;

const OPTIONS = {
  pages: { type: 'string' },
  source: { type: 'string', multiple: true },
  alert: { type: 'boolean' },
  'alert-window': { type: 'string' },
  json: { type: 'boolean' },
  topic: { type: 'string' },
  restart: { type: 'boolean' },
  db: { type: 'string' },
  table: { type: 'string' },
  verbose: { type: 'boolean' },
} as const;

/** Grouped failure lines printed at most; the rest are counted on one line. */
const MAX_FAILURE_LINES = 20;

/** `newsmon backfill`: resolves to the exit code; usage and setup errors are thrown as CliErrors. */
export async function runCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs('backfill', args, OPTIONS);
  if (values.help) {
    writeLine(io.stdout, HELP);
    return EXIT_OK;
  }
  expectPositionals('backfill', positionals, []);
  if (values.pages === undefined) {
    throw new UsageError("missing --pages N (see 'newsmon backfill --help')", 'backfill');
  }
  const pages = parseCount(values.pages, '--pages', 1, { max: 1_000 });
  checkStoreSelection(values);
  if (
    !values.alert &&
    (values.json || values.topic !== undefined || values['alert-window'] !== undefined)
  ) {
    throw new UsageError('--json, --topic and --alert-window only apply with --alert', 'backfill');
  }
  const alertWindowMs = parseAlertWindowOption(values['alert-window'] ?? 'all');
  const context = commandContext(values, io);
  const sources = resolveSources(values.source, context.config);
  const alerts = createAlertPublisher(values, io);
  await alerts.verify();
  const tuning = fetchTuning(io.env, context.config);
  const { http, fetcher } = createFetching(sources, tuning);
  const progress = new Progress(io.stderr);
  let opened: Awaited<ReturnType<typeof openStore>> | undefined;
  try {
    opened = await openStore(context.store, io.cwd, { home: context.home });
    const stateFile = await BackfillStateFile.open(opened.stateDir, opened.storeKey, {
      restart: Boolean(values.restart),
    });
    const verbose = Boolean(values.verbose) || isDebug(io.env);
    const deps: BackfillDeps = {
      fetcher,
      store: opened.store,
      alerts: alerts.publisher,
      extract: extractMetrics,
      // Failures are summarised by cause at the end; their warnings one by one only on request.
      log: quietLog(
        terminalLog((line) => progress.note(line), { verbose }),
        verbose,
      ),
      metrics: ignoredMetrics,
      now: () => new Date(),
      state: stateFile,
    };
    const summary = await runBackfill(deps, {
      sources,
      pages,
      alert: values.alert ? (alertWindowMs === 'all' ? 'all' : 'window') : 'none',
      alertWindowMs,
      articleConcurrency: tuning.articleConcurrency,
      stop: io.signal,
      onProgress: progressPrinter(progress, sources.length * pages, pages),
    });
    progress.finish();
    // Offline nothing is saved: no line then about a file that does not exist.
    const saved = (await exists(stateFile.path)) ? displayPath(stateFile.path, io.cwd) : null;
    for (const line of renderBackfillSummary(summary, saved)) writeLine(io.stderr, line);
    return summary.failed.length > 0 ? EXIT_FAILURE : EXIT_OK;
  } finally {
    progress.finish();
    http.close();
    alerts.close();
    await opened?.close();
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}

/** Warnings only when verbose: each one is a failure the summary already counts by cause. */
function quietLog(log: LogPort, verbose: boolean): LogPort {
  return verbose ? log : { ...log, warn: () => {} };
}

/**
 * The bar: `total` is every source's `pages`; pages walked by earlier runs count as done, and a
 * column that ended early counts as fully walked.
 */
function progressPrinter(
  progress: Progress,
  total: number,
  pages: number,
): (event: BackfillEvent) => void {
  const totals = { stored: 0, metrics: 0, failed: 0 };
  let done = 0;
  let sourceStart = 0;
  const detail = (): string =>
    `${totals.stored} stored, ${count(totals.metrics, 'figure')}${totals.failed ? `, ${totals.failed} failed` : ''}`;
  return (event) => {
    switch (event.type) {
      case 'source-started':
        sourceStart = done;
        done += Math.min(event.completedPages, pages);
        if (event.ended || event.completedPages >= pages) {
          progress.note(
            `newsmon: ${event.source.name}: ${event.completedPages} pages already backfilled${event.ended ? ', the column has no more pages' : ''}`,
          );
        }
        return;
      case 'page-started':
        progress.update({
          done,
          total,
          label: `${event.source.name} page ${event.page}`,
          detail: detail(),
        });
        return;
      case 'page-read':
        done += 1;
        return;
      case 'article-stored':
        totals.stored += 1;
        totals.metrics += event.metrics;
        return;
      case 'article-failed':
      case 'list-failed':
      case 'source-failed':
        totals.failed += 1;
        return;
      case 'column-ended':
        return;
      case 'source-finished':
        if (event.ended) done = sourceStart + pages;
        progress.update({ done, total, label: event.source.name, detail: detail() });
        return;
    }
  };
}

/**
 * The end of a backfill: counts, then failures grouped by cause as the run summary groups them,
 * so the failed count and the list always agree and an offline machine prints one line, not one
 * per source.
 */
function renderBackfillSummary(summary: BackfillSummary, savedIn: string | null): string[] {
  const stopped = summary.stopped ? ' (stopped by Ctrl-C; run the same command to resume)' : '';
  const refused =
    summary.invalidLinks > 0 ? `, ${count(summary.invalidLinks, 'link')} refused` : '';
  const lines = [
    `newsmon: backfill ${stopped ? 'stopped' : 'done'}: ${count(summary.pages, 'list page')} read, ${count(summary.listed, 'article')} listed, ` +
      `${summary.fresh} new, ${summary.stored} stored, ${count(summary.metrics, 'figure')}, ${summary.alerted} alerted, ${summary.failed.length} failed${refused}${stopped}`,
  ];
  if (savedIn !== null) lines.push(`newsmon: progress saved in ${savedIn}`);
  const groups = groupFailures(summary.failed);
  for (const group of groups.slice(0, MAX_FAILURE_LINES)) lines.push(`newsmon:   ${group}`);
  if (groups.length > MAX_FAILURE_LINES) {
    lines.push(`newsmon:   … and ${groups.length - MAX_FAILURE_LINES} more causes`);
  }
  if (summary.failed.length > 0) {
    lines.push('newsmon: run the same command again to resume and retry what failed');
  }
  return lines;
}
