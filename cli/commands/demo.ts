import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AlertPublisher, SourceConfig, StoredReport } from '../../functions/monitor/ports.js';
import {
  AllSourcesFailedError,
  type MonitorDeps,
  type RunSummary,
  runMonitor,
} from '../../functions/monitor/run-monitor.js';
import { expectPositionals, parseCommandArgs } from '../args.js';
import { DEMO_COLUMN_PATH, startDemoServer } from '../demo-server.js';
import { EXIT_OK } from '../errors.js';
import { extractMetrics } from '../extractor.js';
import { type CliIo, count, writeLine } from '../io.js';
import { createFetching } from '../monitor-setup.js';
import { renderTable } from '../output-format.js';
import { REPORT_COLUMNS, shortTime } from '../printers.js';
import { openStore } from '../store-context.js';
import { renderRunSummary } from '../summary.js';
import { ignoredMetrics, terminalLog } from '../terminal.js';
import { terminalColumns } from '../terminal-size.js';
import { truncateToWidth, wrapToWidth } from '../text-width.js';

export const HELP = `Usage: newsmon demo

A complete tour that needs no network and no flags: serves a built-in mirror of 红网 pages on
127.0.0.1, runs a monitor cycle into a temporary database (new reports are stored with their
figures and alerted), runs a second cycle that finds nothing new, prints a query, and removes the
temporary database. Nothing is written anywhere else.`;

const ALERT_WINDOW_MS = 48 * 3_600_000;

/** Alerts as one line each: the demo shows that they happen, 'newsmon run' shows them in full. */
class DemoAlertPublisher implements AlertPublisher {
  constructor(
    private readonly io: CliIo,
    private readonly width: number,
  ) {}

  async publish(report: StoredReport): Promise<void> {
    const line = `  alert → ${shortTime(report.article.publishedAt)}  ${report.article.title ?? ''} (${count(report.metrics.length, 'figure')})`;
    writeLine(this.io.stdout, truncateToWidth(line, this.width));
  }
}

/** `newsmon demo`: resolves to the exit code. */
export async function runCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs('demo', args, {});
  if (values.help) {
    writeLine(io.stdout, HELP);
    return EXIT_OK;
  }
  expectPositionals('demo', positionals, []);
  // A terminal gets lines that fit it; a pipe or file gets them whole.
  const width = terminalColumns(io.stdout) ?? Number.POSITIVE_INFINITY;
  // Prose is wrapped to the terminal; continuation lines are indented by `indent`.
  const out = (text = '', indent = '   '): void => {
    for (const line of text.split('\n')) {
      for (const part of wrapToWidth(line, width, indent)) writeLine(io.stdout, part);
    }
  };
  const next = (command: string, what: string): void =>
    out(`  ${command.padEnd(34)}${what}`, ' '.repeat(34));
  const site = await startDemoServer();
  const dbDir = await mkdtemp(join(tmpdir(), 'newsmon-demo-'));
  const source: SourceConfig = { url: `${site.origin}${DEMO_COLUMN_PATH}`, name: '演示新闻' };
  const { http, fetcher } = createFetching([source], {
    minIntervalMs: 0,
    maxConcurrencyPerHost: 4,
  });
  const opened = await openStore({ db: dbDir }, io.cwd, { home: dbDir });
  try {
    out(
      'newsmon demo: a built-in mirror of 红网 pages, served offline on this machine, and a temporary database. The same code runs in AWS Lambda on a schedule.',
      '',
    );
    out(`  source    ${source.url}`);
    out(`  database  ${dbDir} (removed at the end)`);
    const deps: MonitorDeps = {
      fetcher,
      store: opened.store,
      alerts: new DemoAlertPublisher(io, width),
      extract: extractMetrics,
      log: terminalLog((line) => writeLine(io.stderr, line), { verbose: false }),
      metrics: ignoredMetrics,
      now: () => new Date(),
    };
    const cycle = async (): Promise<RunSummary> => {
      try {
        return await runMonitor(deps, {
          sources: [source],
          alertWindowMs: ALERT_WINDOW_MS,
          maxPagesPerSource: 3,
          articleConcurrency: 4,
          invocationId: `demo-${randomUUID()}`,
        });
      } catch (error) {
        if (error instanceof AllSourcesFailedError) return error.summary;
        throw error;
      }
    };
    out();
    out(
      '1. First cycle (newsmon run): every article on the column is new. Each is stored with the figures found in it; those published in the last 48 hours are alerted:',
    );
    const first = await cycle();
    out(renderRunSummary(first, { alertWindowMs: ALERT_WINDOW_MS }));
    out();
    out(
      '2. Second cycle: the column answers 304 Not Modified, so nothing is fetched or alerted again:',
    );
    out(renderRunSummary(await cycle(), { alertWindowMs: ALERT_WINDOW_MS }));
    out();
    out('3. newsmon query reports: what is stored, newest first (times in Asia/Shanghai):');
    const reports = await opened.store.listReportSummaries({ limit: 10 });
    // The mirror's host stands where a sub-site label would be: leave that column out.
    const columns = REPORT_COLUMNS.filter((column) => column.header !== 'site');
    writeLine(
      io.stdout,
      renderTable(columns, reports, { width: Number.isFinite(width) ? width : undefined }),
    );
    out();
    out('Try next:');
    next('newsmon init', 'write newsmon.config.json with the built-in 红网 sources');
    next('newsmon sources check', 'which sources answer, and what they list');
    next('newsmon run', 'one cycle against the real site (database: ~/.newsmon/db)');
    next('newsmon query reports --since 7d', 'what the last week stored');
    next('newsmon doctor', 'check this machine, the configuration and each source');
    next('newsmon --help', "every command; 'newsmon <command> --help' for its options");
    return EXIT_OK;
  } finally {
    http.close();
    await opened.close();
    await site.close();
    await rm(dbDir, { recursive: true, force: true });
  }
}
