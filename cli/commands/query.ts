import type { ArticleFailure, StoredReport } from '../../functions/monitor/ports.js';
import { expectPositionals, parseCommandArgs, parseCount, parseNumber } from '../args.js';
import { commandContext } from '../context.js';
import { parseSince } from '../duration.js';
import { CliError, EXIT_OK, UsageError } from '../errors.js';
import { type CliIo, writeLine } from '../io.js';
import {
  type Column,
  type OutputFormat,
  parseOutputFormat,
  renderCsv,
  renderTable,
} from '../output-format.js';
import {
  METRIC_ROW_COLUMNS,
  METRIC_ROW_CSV_COLUMNS,
  type MetricRow,
  REPORT_COLUMNS,
  REPORT_CSV_COLUMNS,
  renderArticleWithMetrics,
} from '../printers.js';
import { parseSiteOption } from '../sites.js';
import { type OpenedStore, openStore } from '../store-context.js';
import { terminalColumns } from '../terminal-size.js';
import { planSeries, planSubjects } from './query-series.js';

export const HELP = `Usage: newsmon query <what> [options]

Reads what 'newsmon run' and 'newsmon backfill' stored (the embedded database by default).

What:
  reports [--since DATE] [--site hy] [--limit N]       newest articles first
  report <id>                                          one article and all its figures
  series <subject> [--action 破获] [--kind level|change|share|rank] [--unit 起] [--since DATE] [--limit N]
                                                       the subject's series, one per action class, kind
                                                       and unit, each point with its period, oldest first
                                                       (--limit: the latest N points of each series)
  subjects [--like X]                                  stored subjects with their actions, kinds, units
  metrics [--subject S] [--min-value N] [--change up|down] [--unit U] [--since DATE] [--limit N]
                                                       figures across articles, newest first
  failures [--limit N]                                 articles failing cycle after cycle, and those
                                                       quarantined (retry one: newsmon retry <id>)

Options:
  --format table|json|csv   output format (default table; json for scripts, csv for spreadsheets)
  --db DIR                  embedded database directory (default: the config file's db,
                            $NEWSMON_HOME/db or ~/.newsmon/db)
  --table NAME              read a DynamoDB table in AWS instead (default credential chain)
  -h, --help                show this help

DATE is 2024-08-20 (midnight Asia/Shanghai), an ISO time, or a duration ago (7d, 48h).
The series subject is matched after normalising it (全市刑事案件 = 刑事案件, full-width = half-width);
--action takes a class or any of its verbs (侦破 = 破获). An unknown subject lists the nearest stored ones.

Examples:
  newsmon query reports --since 7d --site hy
  newsmon query report 9850796 --format json
  newsmon query series 刑事案件 --action 破获 --unit 起 --format csv > cases.csv
  newsmon query subjects --like 案件
  newsmon query metrics --subject 案件 --min-value 100 --change down`;

const COMMON_OPTIONS = {
  format: { type: 'string' },
  db: { type: 'string' },
  table: { type: 'string' },
  since: { type: 'string' },
  site: { type: 'string' },
  limit: { type: 'string' },
  unit: { type: 'string' },
  subject: { type: 'string' },
  'min-value': { type: 'string' },
  change: { type: 'string' },
  action: { type: 'string' },
  kind: { type: 'string' },
  like: { type: 'string' },
} as const;

/** `query failures`: articles that failed in one or more cycles in a row (quarantine records). */
const FAILURE_COLUMNS: Column<ArticleFailure>[] = [
  { header: 'id', value: (f) => f.articleId },
  { header: 'attempts', value: (f) => f.attempts, align: 'right' },
  { header: 'quarantinedUntil', value: (f) => f.quarantinedUntil ?? '' },
  { header: 'lastFailedAt', value: (f) => f.lastFailedAt },
  { header: 'reason', value: (f) => f.reason, maxWidth: 60 },
  { header: 'url', value: (f) => f.ref.url },
];

type Values = ReturnType<typeof parseCommandArgs<typeof COMMON_OPTIONS>>['values'];

// Which options each query accepts, so `query report 1 --since 7d` is flagged instead of ignored.
const ALLOWED: Record<string, ReadonlyArray<keyof typeof COMMON_OPTIONS>> = {
  reports: ['since', 'site', 'limit'],
  report: [],
  series: ['action', 'kind', 'unit', 'since', 'limit'],
  subjects: ['like'],
  metrics: ['subject', 'min-value', 'change', 'unit', 'since', 'limit'],
  failures: ['limit'],
};

/** Upper bound on articles a `metrics` query scans (it filters figures client-side). */
const METRICS_SCAN_LIMIT = 5_000;

/** `newsmon query`: validates everything, then opens the store once and prints the rows. */
export async function runCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs('query', args, COMMON_OPTIONS);
  if (values.help) {
    writeLine(io.stdout, HELP);
    return EXIT_OK;
  }
  const [what, ...rest] = positionals;
  if (what === undefined)
    throw new UsageError(
      "missing <what>: reports, report, series, subjects, metrics or failures (see 'newsmon query --help')",
      'query',
    );
  const allowed = ALLOWED[what];
  if (!allowed) {
    throw new UsageError(
      `unknown query '${what}' (reports, report, series, subjects, metrics or failures; see 'newsmon query --help')`,
      'query',
    );
  }
  for (const key of Object.keys(COMMON_OPTIONS) as Array<keyof typeof COMMON_OPTIONS>) {
    if (['format', 'db', 'table'].includes(key) || allowed.includes(key)) continue;
    if (values[key] !== undefined) {
      throw new UsageError(
        `'query ${what}' does not take --${key} (see 'newsmon query --help')`,
        'query',
      );
    }
  }
  const format = parseOutputFormat(values.format);
  const now = new Date();
  const since = values.since === undefined ? undefined : parseSince(values.since, now);
  // Validate everything before opening (and locking) the database.
  const plan = planQuery(what, rest, values, since);
  const context = commandContext(values, io);
  const opened = await openStore(context.store, io.cwd, { mustExist: true, home: context.home });
  try {
    return await plan(opened, format, io);
  } finally {
    await opened.close();
  }
}

type Plan = (opened: OpenedStore, format: OutputFormat, io: CliIo) => Promise<number>;

function planQuery(what: string, rest: string[], values: Values, since: string | undefined): Plan {
  switch (what) {
    case 'failures': {
      expectPositionals('query failures', rest, []);
      const limit = parseCount(values.limit, '--limit', 100, { max: 10_000 });
      return async ({ store }, format, io) => {
        const failures = await store.listFailures(limit);
        printRows(io, format, failures, FAILURE_COLUMNS, FAILURE_COLUMNS, {
          empty: 'no failing or quarantined articles',
        });
        return EXIT_OK;
      };
    }
    case 'reports': {
      expectPositionals('query reports', rest, []);
      const limit = parseCount(values.limit, '--limit', 20, { max: 10_000 });
      const site = values.site === undefined ? undefined : parseSiteOption(values.site);
      const empty = 'no stored reports match (`newsmon run` or `newsmon backfill` store them)';
      return async ({ store }, format, io) => {
        const filter = { since, site, limit };
        // JSON carries each report's figures; the table and CSV only count them, which the
        // article item stores, so they skip reading every article's figures.
        if (format === 'json') {
          printRows(io, format, await store.listReports(filter), [], [], { empty });
        } else {
          const summaries = await store.listReportSummaries(filter);
          printRows(io, format, summaries, REPORT_COLUMNS, REPORT_CSV_COLUMNS, { empty });
        }
        return EXIT_OK;
      };
    }
    case 'report': {
      const [id] = expectPositionals('query report', rest, ['id']);
      return async ({ store }, format, io) => {
        const report = await store.getReport(id ?? '');
        if (!report)
          throw new CliError(`no stored report with id '${id}' (see 'newsmon query reports')`);
        printReport(io, format, report);
        return EXIT_OK;
      };
    }
    case 'series': {
      const [subject = ''] = expectPositionals('query series', rest, ['subject']);
      const limit =
        values.limit === undefined
          ? undefined
          : parseCount(values.limit, '--limit', 0, { max: 100_000 });
      const { action, kind, unit } = values;
      return planSeries(subject, { action, kind, unit, since, limit });
    }
    case 'subjects': {
      expectPositionals('query subjects', rest, []);
      return planSubjects(values.like);
    }
    default: {
      expectPositionals('query metrics', rest, []);
      const minValue = parseNumber(values['min-value'], '--min-value');
      const change = values.change;
      if (change !== undefined && change !== 'up' && change !== 'down') {
        throw new UsageError(`--change expects up or down, got '${change}'`);
      }
      const limit = parseCount(values.limit, '--limit', 100, { max: 100_000 });
      const filter: MetricFilter = { subject: values.subject, unit: values.unit, minValue, change };
      return async ({ store }, format, io) => {
        const reports = await store.listReports({ since, limit: METRICS_SCAN_LIMIT });
        const rows = filterMetrics(reports, filter).slice(0, limit);
        printRows(io, format, rows, METRIC_ROW_COLUMNS, METRIC_ROW_CSV_COLUMNS, {
          empty: 'no stored figures match',
        });
        return EXIT_OK;
      };
    }
  }
}

export interface MetricFilter {
  subject?: string | undefined;
  unit?: string | undefined;
  minValue?: number | undefined;
  change?: 'up' | 'down' | undefined;
}

/**
 * Figures across articles matching every given criterion: `subject` is a substring match
 * (案件 finds 刑事案件 and 电诈案件), `unit` matches the unit as written or the normalised one,
 * `minValue` compares the normalised value. Reports come newest first and so do the rows.
 */
export function filterMetrics(reports: readonly StoredReport[], filter: MetricFilter): MetricRow[] {
  const subject = filter.subject?.normalize('NFKC');
  const rows: MetricRow[] = [];
  for (const report of reports) {
    for (const metric of report.metrics) {
      if (subject && !(metric.subject ?? '').normalize('NFKC').includes(subject)) continue;
      if (filter.unit && metric.unit !== filter.unit && metric.normalized.unit !== filter.unit)
        continue;
      if (filter.minValue !== undefined && !(metric.normalized.value >= filter.minValue)) continue;
      if (filter.change && metric.change?.direction !== filter.change) continue;
      rows.push({
        articleId: report.article.id,
        publishedAt: report.article.publishedAt,
        title: report.article.title,
        url: report.article.url,
        metric,
      });
    }
  }
  return rows;
}

/**
 * JSON (an array), CSV (header + rows) or an aligned table. An empty table prints nothing on
 * stdout and says why on stderr; empty JSON and CSV stay valid (`[]`, a header line).
 */
function printRows<Row>(
  io: CliIo,
  format: OutputFormat,
  rows: readonly Row[],
  tableColumns: readonly Column<Row>[],
  csvColumns: readonly Column<Row>[],
  { empty }: { empty: string },
): void {
  if (format === 'json') writeLine(io.stdout, JSON.stringify(rows, null, 2));
  else if (format === 'csv') io.stdout.write(renderCsv(csvColumns, rows));
  else if (rows.length > 0) {
    writeLine(io.stdout, renderTable(tableColumns, rows, { width: terminalColumns(io.stdout) }));
  } else writeLine(io.stderr, `newsmon: ${empty}`);
}

function printReport(io: CliIo, format: OutputFormat, report: StoredReport): void {
  if (format === 'json') {
    writeLine(io.stdout, JSON.stringify(report, null, 2));
  } else if (format === 'csv') {
    const rows: MetricRow[] = report.metrics.map((metric) => ({
      articleId: report.article.id,
      publishedAt: report.article.publishedAt,
      title: report.article.title,
      url: report.article.url,
      metric,
    }));
    io.stdout.write(renderCsv(METRIC_ROW_CSV_COLUMNS, rows));
  } else {
    writeLine(io.stdout, renderArticleWithMetrics(report.article, report.metrics));
    writeLine(
      io.stdout,
      `\nstored ${report.discoveredAt} from ${report.sourceUrl}, alert ${report.alertState}`,
    );
  }
}
