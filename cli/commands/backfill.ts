import { isFetchError } from '../../functions/http/errors.js';
import type { ListFetchResult, SourceConfig } from '../../functions/monitor/ports.js';
import {
  type IngestOptions,
  type IngestResult,
  ingestArticles,
  type MonitorDeps,
} from '../../functions/monitor/run-monitor.js';
import { nextListPageUrl } from '../../functions/rednet/list-page.js';
import type { ArticleRef } from '../../functions/rednet/types.js';
import { expectPositionals, parseCommandArgs, parseCount } from '../args.js';
import {
  type BackfillState,
  BackfillStateFile,
  type SourceBackfillState,
} from '../backfill-state.js';
import { commandContext } from '../context.js';
import { fetchTuning, resolveSources } from '../cycle-settings.js';
import { parseAlertWindowOption } from '../duration.js';
import { EXIT_FAILURE, EXIT_OK, errorMessage, UsageError } from '../errors.js';
import { extractMetrics } from '../extractor.js';
import { type CliIo, count, isDebug, writeLine } from '../io.js';
import { createAlertPublisher, createFetching } from '../monitor-setup.js';
import { Progress } from '../progress.js';
import { checkStoreSelection, displayPath, openStore } from '../store-context.js';
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

interface BackfillRun {
  deps: MonitorDeps;
  state: BackfillState;
  stateFile: BackfillStateFile;
  /** Pages to walk per source (`--pages`). */
  pages: number;
  /** Alert options for `ingestArticles`; `sourceUrl` is set per source. */
  alert: IngestOptions;
  progress: Progress;
  signal: AbortSignal;
  totals: Totals;
  /** One line per list page or article that could not be read. */
  problems: string[];
  bar: { done: number; total: number };
}

interface Totals {
  pages: number;
  listed: number;
  fresh: number;
  stored: number;
  metrics: number;
  alerted: number;
  failed: number;
}

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
  const { http, fetcher } = createFetching(sources, fetchTuning(io.env, context.config));
  const progress = new Progress(io.stderr);
  let opened: Awaited<ReturnType<typeof openStore>> | undefined;
  try {
    opened = await openStore(context.store, io.cwd, { home: context.home });
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
    const run: BackfillRun = {
      deps,
      state,
      stateFile,
      pages,
      alert: {
        sourceUrl: '',
        alert: values.alert ? (alertWindowMs === 'all' ? 'all' : 'window') : 'none',
        alertWindowMs,
      },
      progress,
      signal: io.signal,
      totals: { pages: 0, listed: 0, fresh: 0, stored: 0, metrics: 0, alerted: 0, failed: 0 },
      problems: [],
      bar: { done: 0, total: sources.length * pages },
    };
    for (const source of sources) {
      if (io.signal.aborted) break;
      await backfillSource(run, source);
    }
    const { totals, problems } = run;
    progress.finish();
    const stopped = io.signal.aborted ? ' (stopped by Ctrl-C; run the same command to resume)' : '';
    writeLine(
      io.stderr,
      `newsmon: backfill ${stopped ? 'stopped' : 'done'}: ${count(totals.pages, 'list page')} read, ${count(totals.listed, 'article')} listed, ` +
        `${totals.fresh} new, ${totals.stored} stored, ${count(totals.metrics, 'figure')}, ${totals.alerted} alerted, ${totals.failed} failed${stopped}`,
    );
    writeLine(io.stderr, `newsmon: progress saved in ${displayPath(stateFile.path, io.cwd)}`);
    for (const problem of problems.slice(0, 20)) writeLine(io.stderr, `newsmon:   ✗ ${problem}`);
    if (problems.length > 20) writeLine(io.stderr, `newsmon:   … and ${problems.length - 20} more`);
    if (problems.length > 0) {
      writeLine(io.stderr, 'newsmon: run the same command again to resume and retry what failed');
    }
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

async function save(run: BackfillRun, source: SourceBackfillState): Promise<void> {
  source.updatedAt = new Date().toISOString();
  await run.stateFile.save(run.state);
}

function addIngest(totals: Totals, result: IngestResult): void {
  totals.stored += result.stored;
  totals.metrics += result.metrics;
  totals.alerted += result.alerted;
  totals.failed += result.failed.length;
}

function detailOf(totals: Totals): string {
  return `${totals.stored} stored, ${count(totals.metrics, 'figure')}${totals.failed ? `, ${totals.failed} failed` : ''}`;
}

/**
 * Walks one source from its saved position: first retries articles that failed last time, then
 * reads list pages up to `run.pages`, ingesting what is not stored yet and saving the position
 * after every page. Stops early on Ctrl-C (between pages), at the column's end, or when a list
 * page cannot be read (reported; the next run resumes there).
 */
async function backfillSource(run: BackfillRun, source: SourceConfig): Promise<void> {
  const { deps, pages, progress, totals } = run;
  const sourceState = run.state.sources[source.url] ?? freshState(source);
  run.state.sources[source.url] = sourceState;
  const ingestOptions: IngestOptions = { ...run.alert, sourceUrl: source.url };
  const barStart = run.bar.done;
  run.bar.done += Math.min(sourceState.completedPages, pages);

  if (sourceState.failed.length > 0) {
    const retry = sourceState.failed;
    const result = await ingestArticles(deps, retry, ingestOptions);
    addIngest(totals, result);
    sourceState.failed = failedRefs(retry, result);
    for (const failure of result.failed) run.problems.push(`${failure.url}: ${failure.reason}`);
    await save(run, sourceState);
  }
  const ended = sourceState.exhausted || sourceState.nextUrl === null;
  if (ended || sourceState.completedPages >= pages) {
    progress.note(
      `newsmon: ${source.name}: ${sourceState.completedPages} pages already backfilled${ended ? ', the column has no more pages' : ''}`,
    );
  }

  for (let page = sourceState.completedPages + 1; page <= pages; page += 1) {
    const url = sourceState.nextUrl;
    if (run.signal.aborted || sourceState.exhausted || url === null) break;
    progress.update({
      done: run.bar.done,
      total: run.bar.total,
      label: `${source.name} page ${page}`,
      detail: detailOf(totals),
    });
    let listed: ListFetchResult;
    try {
      listed = await deps.fetcher.fetchList(url, { etag: null, lastModified: null });
    } catch (error) {
      // A page number made up from the URL pattern that does not exist: the column ended.
      const missing = isFetchError(error) && (error.status === 404 || error.status === 410);
      if (sourceState.nextUrlGuessed && missing) {
        sourceState.exhausted = true;
        await save(run, sourceState);
      } else {
        run.problems.push(`${url}: ${errorMessage(error)}`);
      }
      break;
    }
    const refs = listed.status === 'ok' ? listed.page.articles : [];
    const storedIds = await deps.store.findStoredIds(refs.map((ref) => ref.id));
    const fresh = refs.filter((ref) => !storedIds.has(ref.id));
    const result = await ingestArticles(deps, fresh, ingestOptions);
    totals.pages += 1;
    totals.listed += refs.length;
    totals.fresh += fresh.length;
    addIngest(totals, result);
    for (const failure of result.failed) run.problems.push(`${failure.url}: ${failure.reason}`);
    sourceState.failed.push(...failedRefs(fresh, result));
    sourceState.completedPages = page;
    const linked = listed.status === 'ok' ? listed.page.nextPage : null;
    const next = linked ?? (refs.length > 0 ? nextListPageUrl(source.url, page + 1) : null);
    sourceState.nextUrl = next;
    sourceState.nextUrlGuessed = linked === null && next !== null;
    sourceState.exhausted = refs.length === 0 || next === null;
    await save(run, sourceState);
    run.bar.done += 1;
  }
  // A column that ended early counts as fully walked for the bar.
  if (sourceState.exhausted) run.bar.done = barStart + pages;
  progress.update({
    done: run.bar.done,
    total: run.bar.total,
    label: source.name,
    detail: detailOf(totals),
  });
}

/** The refs whose article could not be fetched, parsed or stored (alert failures are retried by `run`). */
function failedRefs(refs: readonly ArticleRef[], result: IngestResult): ArticleRef[] {
  const failed = new Set(
    result.failed.filter((failure) => failure.kind === 'article').map((failure) => failure.url),
  );
  return refs.filter((ref) => failed.has(ref.url));
}
