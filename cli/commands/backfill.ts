import { isFetchError } from '../../functions/http/errors.js';
import { parseAlertWindow } from '../../functions/monitor/config.js';
import type { ListFetchResult, SourceConfig } from '../../functions/monitor/ports.js';
import type { MonitorDeps } from '../../functions/monitor/run-monitor.js';
import { ingestArticles } from '../../functions/monitor/run-monitor.js';
import { nextListPageUrl } from '../../functions/rednet/list-page.js';
import { expectPositionals, parseCommandArgs, parseCount } from '../args.js';
import {
  type BackfillState,
  BackfillStateFile,
  type SourceBackfillState,
} from '../backfill-state.js';
import { EXIT_FAILURE, EXIT_OK, errorMessage, UsageError } from '../errors.js';
import { extractMetrics } from '../extractor.js';
import { type CliIo, isDebug, writeLine } from '../io.js';
import { createAlertPublisher, createFetching, resolveSources } from '../monitor-setup.js';
import { Progress } from '../progress.js';
import { checkStoreSelection, displayPath, openStore } from '../store-context.js';
import { ignoredMetrics, terminalLog } from '../terminal.js';

export const HELP = `Usage: newsmon backfill --pages N [options]

Walks each source's column back N list pages, politely (the same per-host rate limits as a
cycle), and stores every article it has not stored yet, with its figures. Nothing is alerted
unless --alert is given.

Resumable: progress (the last completed page of each source) is saved after every page, in
the database directory (or .newsmon/ for --table). Run the same command again after Ctrl-C or
a failure and it continues where it stopped; a larger --pages goes deeper. Articles that failed
to fetch are retried on the next run.

Options:
  --pages N            how many list pages per source, counting the first (required)
  --source URL         a column page (repeatable); default: the built-in 红网 channels
  --alert              alert the backfilled articles too (printed, --json, or --topic)
  --alert-window W     with --alert: only articles published within W (default all)
  --json               alerts as JSON lines on stdout (with --alert)
  --topic ARN          publish alerts to this SNS topic (with --alert)
  --restart            forget saved progress and start again from page 1
  --db DIR             embedded database directory (default .newsmon/db)
  --table NAME         use a DynamoDB table in AWS instead
  --verbose            also print the monitor's info logs
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

interface Totals {
  pages: number;
  listed: number;
  fresh: number;
  stored: number;
  metrics: number;
  alerted: number;
  failed: number;
}

export async function runCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs('backfill', args, OPTIONS);
  if (values.help) {
    writeLine(io.stdout, HELP);
    return EXIT_OK;
  }
  expectPositionals('backfill', positionals, []);
  if (values.pages === undefined)
    throw new UsageError("missing --pages N (see 'newsmon backfill --help')", 'backfill');
  const pages = parseCount(values.pages, '--pages', 1, { max: 1_000 });
  checkStoreSelection(values);
  if (
    !values.alert &&
    (values.json || values.topic !== undefined || values['alert-window'] !== undefined)
  ) {
    throw new UsageError('--json, --topic and --alert-window only apply with --alert', 'backfill');
  }
  const alertWindowMs = parseAlertWindow(values['alert-window'] ?? 'all');
  if (alertWindowMs === null) {
    throw new UsageError(
      `--alert-window expects a duration such as 6h, 48h, 7d or 'all', got '${values['alert-window']}'`,
    );
  }
  const sources = resolveSources(values.source);
  const alerts = createAlertPublisher(values, io);
  const { http, fetcher } = createFetching(sources, io.env);
  const progress = new Progress(io.stderr);
  let opened: Awaited<ReturnType<typeof openStore>> | undefined;
  try {
    opened = await openStore(values, io.cwd);
    const stateFile = new BackfillStateFile(opened.stateDir, opened.storeKey);
    const state: BackfillState = values.restart
      ? { version: 1, store: opened.storeKey, sources: {} }
      : await stateFile.load();
    const deps: MonitorDeps = {
      fetcher,
      store: opened.store,
      alerts: alerts.publisher,
      extract: extractMetrics,
      log: terminalLog((line) => progress.note(line), {
        verbose: Boolean(values.verbose) || isDebug(io.env),
      }),
      metrics: ignoredMetrics,
      now: () => new Date(),
    };
    const totals: Totals = {
      pages: 0,
      listed: 0,
      fresh: 0,
      stored: 0,
      metrics: 0,
      alerted: 0,
      failed: 0,
    };
    const problems: string[] = [];
    const alertMode = values.alert ? (alertWindowMs === 'all' ? 'all' : 'window') : 'none';
    const totalPages = sources.length * pages;
    let donePages = 0;
    for (const source of sources) {
      if (io.signal.aborted) break;
      const sourceState = state.sources[source.url] ?? freshState(source);
      state.sources[source.url] = sourceState;
      donePages += Math.min(sourceState.completedPages, pages);
      // Retry what failed last time before going deeper.
      if (sourceState.failed.length > 0) {
        const retry = sourceState.failed;
        const result = await ingestArticles(deps, retry, {
          sourceUrl: source.url,
          alert: alertMode,
          alertWindowMs,
        });
        addIngest(totals, result);
        sourceState.failed = retry.filter((ref) =>
          result.failed.some((failure) => failure.url === ref.url),
        );
        await save(stateFile, state, sourceState);
      }
      if (
        sourceState.exhausted ||
        sourceState.nextUrl === null ||
        sourceState.completedPages >= pages
      ) {
        const ended =
          sourceState.exhausted || sourceState.nextUrl === null
            ? ', the column has no more pages'
            : '';
        progress.note(
          `newsmon: ${source.name}: ${sourceState.completedPages} pages already backfilled${ended}`,
        );
      }
      for (let page = sourceState.completedPages + 1; page <= pages; page += 1) {
        if (io.signal.aborted || sourceState.exhausted || sourceState.nextUrl === null) break;
        const url = sourceState.nextUrl;
        progress.update({
          done: donePages,
          total: totalPages,
          label: `${source.name} page ${page}`,
          detail: detailOf(totals),
        });
        let listed: ListFetchResult;
        try {
          listed = await fetcher.fetchList(url, { etag: null, lastModified: null });
        } catch (error) {
          if (
            sourceState.nextUrlGuessed &&
            isFetchError(error) &&
            (error.status === 404 || error.status === 410)
          ) {
            sourceState.exhausted = true;
            await save(stateFile, state, sourceState);
            break;
          }
          problems.push(`${url}: ${errorMessage(error)}`);
          progress.note(
            `newsmon: ✗ ${source.name} page ${page}: ${errorMessage(error)} (progress saved; run again to resume)`,
          );
          break;
        }
        const refs = listed.status === 'ok' ? listed.page.articles : [];
        const storedIds = await opened.store.findStoredIds(refs.map((ref) => ref.id));
        const fresh = refs.filter((ref) => !storedIds.has(ref.id));
        const result = await ingestArticles(deps, fresh, {
          sourceUrl: source.url,
          alert: alertMode,
          alertWindowMs,
        });
        totals.pages += 1;
        totals.listed += refs.length;
        totals.fresh += fresh.length;
        addIngest(totals, result);
        for (const failure of result.failed) problems.push(`${failure.url}: ${failure.reason}`);
        sourceState.failed.push(
          ...fresh.filter((ref) => result.failed.some((failure) => failure.url === ref.url)),
        );
        sourceState.completedPages = page;
        const linked = listed.status === 'ok' ? listed.page.nextPage : null;
        const next = linked ?? (refs.length > 0 ? nextListPageUrl(source.url, page + 1) : null);
        sourceState.nextUrl = next;
        sourceState.nextUrlGuessed = linked === null && next !== null;
        sourceState.exhausted = refs.length === 0 || next === null;
        await save(stateFile, state, sourceState);
        donePages += 1;
      }
      // A column that ended early counts as fully walked for the bar.
      donePages +=
        Math.max(0, pages - Math.max(sourceState.completedPages, 0)) *
        (sourceState.exhausted ? 1 : 0);
      progress.update({
        done: Math.min(donePages, totalPages),
        total: totalPages,
        label: source.name,
        detail: detailOf(totals),
      });
    }
    progress.finish();
    const stopped = io.signal.aborted ? ' (stopped by Ctrl-C; run the same command to resume)' : '';
    writeLine(
      io.stderr,
      `newsmon: backfill ${stopped ? 'stopped' : 'done'}: ${totals.pages} list pages read, ${totals.listed} articles listed, ` +
        `${totals.fresh} new, ${totals.stored} stored, ${totals.metrics} figures, ${totals.alerted} alerted, ${totals.failed} failed${stopped}`,
    );
    writeLine(io.stderr, `newsmon: progress saved in ${displayPath(stateFile.path, io.cwd)}`);
    for (const problem of problems.slice(0, 20)) writeLine(io.stderr, `newsmon:   ✗ ${problem}`);
    if (problems.length > 20) writeLine(io.stderr, `newsmon:   … and ${problems.length - 20} more`);
    return problems.length > 0 ? EXIT_FAILURE : EXIT_OK;
  } finally {
    progress.finish();
    http.close();
    alerts.close();
    await opened?.close();
  }
}

function freshState(source: SourceConfig): SourceBackfillState {
  return {
    completedPages: 0,
    nextUrl: source.url,
    exhausted: false,
    failed: [],
    updatedAt: new Date().toISOString(),
  };
}

async function save(
  file: BackfillStateFile,
  state: BackfillState,
  source: SourceBackfillState,
): Promise<void> {
  source.updatedAt = new Date().toISOString();
  await file.save(state);
}

type IngestResult = Awaited<ReturnType<typeof ingestArticles>>;

function addIngest(totals: Totals, result: IngestResult): void {
  totals.stored += result.stored;
  totals.metrics += result.metrics;
  totals.alerted += result.alerted;
  totals.failed += result.failed.length;
}

function detailOf(totals: Totals): string {
  return `${totals.stored} stored, ${totals.metrics} figures${totals.failed ? `, ${totals.failed} failed` : ''}`;
}
