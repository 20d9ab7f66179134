import type { MetricKind } from '../functions/metrics/types.js';
import type {
  ArticleFailure,
  ReportQueries,
  SeriesPoint,
  SourceConfig,
  SourceState,
  StoredReport,
} from '../functions/monitor/ports.js';
import { TUNABLES } from '../functions/shared/tunables.js';
import type { SubjectSummary } from '../functions/store/dynamodb-article-store.js';
import { reportCursor } from '../functions/store/items.js';
import { seriesIdentity, subjectKey } from '../functions/store/series-key.js';
import {
  MAX_FAILURE_RECORDS,
  MAX_SCAN_REPORTS,
  MAX_SUGGESTIONS,
  SCAN_BATCH,
  SUGGESTION_SCAN_REPORTS,
} from './limits.js';
import { type ReportFilter, shanghaiDayEnd, shanghaiDayStart } from './params.js';

/** What the web view reads: the report queries and the fetch state of each source. */
export interface WebStore extends ReportQueries {
  getSourceState(url: string): Promise<SourceState | null>;
  /** Failing and quarantined articles, most recent failure first. */
  listFailures(limit: number): Promise<ArticleFailure[]>;
  /** Every stored subject with its units and figure count (the `query subjects` read). */
  listSubjects(): Promise<SubjectSummary[]>;
}

export interface ReportsResult {
  reports: StoredReport[];
  /** Cursor for the next (older) page, or null when nothing older matches. */
  next: string | null;
  /** Stored reports read to answer (more than shown when filtering by text or figures). */
  scanned: number;
  /** True when the scan stopped at MAX_SCAN_REPORTS before filling the page. */
  scanCapped: boolean;
}

function fold(text: string): string {
  return text.normalize('NFKC').toLowerCase();
}

/** The filters the store cannot apply (text and figures), checked on each report. */
function matcher(filter: ReportFilter): ((report: StoredReport) => boolean) | null {
  const keyword = filter.keyword === null ? null : fold(filter.keyword);
  const title = filter.title === null ? null : fold(filter.title);
  if (keyword === null && title === null && !filter.hasFigures) return null;
  return (report) => {
    if (filter.hasFigures && report.metrics.length === 0) return false;
    const folded = fold(report.article.title ?? '');
    if (title !== null && !folded.includes(title)) return false;
    if (
      keyword !== null &&
      !folded.includes(keyword) &&
      !fold(report.article.text).includes(keyword)
    )
      return false;
    return true;
  };
}

/**
 * Newest reports first matching the filter. Site and dates go to the store's indexes; keyword,
 * title and "has figures" are checked here while reading back in time, at most MAX_SCAN_REPORTS
 * per request (the page then offers to continue from where the scan stopped).
 */
export async function findReports(
  queries: ReportQueries,
  filter: ReportFilter,
): Promise<ReportsResult> {
  const base = {
    ...(filter.site === null ? {} : { site: filter.site }),
    ...(filter.from === null ? {} : { since: shanghaiDayStart(filter.from) }),
  };
  let until = filter.before ?? (filter.to === null ? undefined : shanghaiDayEnd(filter.to));
  const matches = matcher(filter);
  if (matches === null) {
    const reports = await queries.listReports({
      ...base,
      ...(until === undefined ? {} : { until }),
      limit: filter.limit + 1,
    });
    const page = reports.slice(0, filter.limit);
    const last = page.at(-1);
    return {
      reports: page,
      next: reports.length > filter.limit && last ? reportCursor(last) : null,
      scanned: reports.length,
      scanCapped: false,
    };
  }
  const found: StoredReport[] = [];
  let scanned = 0;
  let exhausted = false;
  let lastScanned: StoredReport | undefined;
  while (found.length <= filter.limit && scanned < MAX_SCAN_REPORTS) {
    const batchSize = Math.min(SCAN_BATCH, MAX_SCAN_REPORTS - scanned);
    const batch = await queries.listReports({
      ...base,
      ...(until === undefined ? {} : { until }),
      limit: batchSize,
    });
    scanned += batch.length;
    for (const report of batch) {
      lastScanned = report;
      if (matches(report)) {
        found.push(report);
        if (found.length > filter.limit) break;
      }
    }
    if (batch.length < batchSize) {
      exhausted = true;
      break;
    }
    if (lastScanned) until = reportCursor(lastScanned);
  }
  const page = found.slice(0, filter.limit);
  const last = page.at(-1);
  if (found.length > filter.limit && last) {
    return { reports: page, next: reportCursor(last), scanned, scanCapped: false };
  }
  const capped = !exhausted && lastScanned !== undefined;
  return {
    reports: page,
    next: capped && lastScanned ? reportCursor(lastScanned) : null,
    scanned,
    scanCapped: capped,
  };
}

/** One line of a series: an indicator (subject + action + kind + unit) and its points, oldest first. */
export interface SeriesLine {
  key: string;
  subject: string;
  /** Action class (`破获`, `发生`) or `-`. */
  action: string;
  kind: MetricKind;
  unit: string;
  points: SeriesPoint[];
  /** Points without any date: listed, not drawn. */
  undated: number;
}

/** Series with the same unit share a chart. */
interface SeriesChart {
  unit: string;
  lines: SeriesLine[];
}

export interface SeriesResult {
  subjects: string[];
  charts: SeriesChart[];
  /** Subjects asked for that have no stored figure. */
  missing: string[];
}

function pointTime(point: SeriesPoint): number {
  const ms = Date.parse(point.publishedAt ?? '');
  return Number.isNaN(ms) ? Number.POSITIVE_INFINITY : ms;
}

/**
 * The series of each subject, one line per series identity (subject + action class + kind + unit,
 * see functions/store/series-key.ts), grouped into one chart per unit.
 */
export async function loadSeries(
  queries: ReportQueries,
  subjects: readonly string[],
): Promise<SeriesResult> {
  const lines = new Map<string, SeriesLine>();
  const missing: string[] = [];
  for (const subject of subjects) {
    if (subjectKey(subject) === null) {
      missing.push(subject);
      continue;
    }
    const points = await queries.series({ subject });
    if (points.length === 0) missing.push(subject);
    for (const point of points) {
      const identity = seriesIdentity(point.metric);
      if (identity === null) continue;
      let line = lines.get(identity.key);
      if (!line) {
        line = {
          key: identity.key,
          subject: identity.subject,
          action: identity.action,
          kind: identity.kind,
          unit: identity.unit,
          points: [],
          undated: 0,
        };
        lines.set(identity.key, line);
      }
      line.points.push(point);
    }
  }
  const charts = new Map<string, SeriesChart>();
  for (const line of lines.values()) {
    line.points = line.points
      .map((point, index) => ({ point, index, at: pointTime(point) }))
      .sort((a, b) => (a.at === b.at ? a.index - b.index : a.at - b.at))
      .map(({ point }) => point);
    line.undated = line.points.filter((point) => !Number.isFinite(pointTime(point))).length;
    const chart = charts.get(line.unit) ?? { unit: line.unit, lines: [] };
    chart.lines.push(line);
    charts.set(line.unit, chart);
  }
  return { subjects: [...subjects], charts: [...charts.values()], missing };
}

export interface SubjectSuggestion {
  subject: string;
  figures: number;
  units: string[];
}

/**
 * Stored subjects, most figures first, optionally those containing `like`: search suggestions.
 * From the store's subjects read when it has one, else from the figures of the recent reports.
 */
export async function suggestSubjects(
  store: ReportQueries & Partial<Pick<WebStore, 'listSubjects'>>,
  like: string | null = null,
  limit = MAX_SUGGESTIONS,
): Promise<SubjectSuggestion[]> {
  let all: SubjectSuggestion[];
  if (store.listSubjects) {
    all = (await store.listSubjects()).map((s) => ({
      subject: s.subject,
      figures: s.points,
      units: s.units,
    }));
  } else {
    const reports = await store.listReports({ limit: SUGGESTION_SCAN_REPORTS });
    all = subjectsOf(reports);
  }
  return filterSuggestions(all, like, limit);
}

/** Suggestions among `all` (most figures first) whose subject contains `like`. */
export function filterSuggestions(
  all: readonly SubjectSuggestion[],
  like: string | null,
  limit = MAX_SUGGESTIONS,
): SubjectSuggestion[] {
  const needle = like === null ? null : subjectKey(like);
  return all.filter((s) => needle === null || s.subject.includes(needle)).slice(0, limit);
}

/** Subjects of the figures of some reports, most figures first. */
export function subjectsOf(reports: readonly StoredReport[]): SubjectSuggestion[] {
  const counts = new Map<string, { figures: number; units: Set<string> }>();
  for (const report of reports) {
    for (const metric of report.metrics) {
      const identity = seriesIdentity(metric);
      if (identity === null) continue;
      const entry = counts.get(identity.subject) ?? { figures: 0, units: new Set<string>() };
      entry.figures += 1;
      entry.units.add(identity.unit);
      counts.set(identity.subject, entry);
    }
  }
  return [...counts.entries()]
    .sort((a, b) => b[1].figures - a[1].figures || (a[0] < b[0] ? -1 : 1))
    .map(([subject, entry]) => ({ subject, figures: entry.figures, units: [...entry.units] }));
}

export interface SourceRow {
  name: string;
  url: string;
  lastCheckedAt: string | null;
  /** Last time the list was read successfully (a 304 included). */
  lastSuccessAt: string | null;
  lastNewArticleAt: string | null;
  /**
   * `failing`: no successful read for SOURCE_FAILING_AFTER_HOURS (the SourcesFailing alarm's rule);
   * `articles-failing`: the list reads, but some of its articles keep failing.
   */
  status: 'never-checked' | 'ok' | 'articles-failing' | 'failing';
  /** Articles of this source that failed in their last cycles (quarantined ones included). */
  failingArticles: number;
  quarantinedArticles: number;
  /** The most recent article failure's reason. */
  lastFailure: string | null;
  newest: { id: string; title: string | null; publishedAt: string | null } | null;
}

/** The index partition a source's articles land in: its column, else its sub-site. */
function sourceScope(url: string): { channel: string } | { site: string } | null {
  try {
    const parsed = new URL(url);
    const channel = /\/channel\/(\d+)(?:_\d+)?\.html$/.exec(parsed.pathname)?.[1];
    if (channel) return { channel };
    const label = /^([a-z0-9-]+)\.rednet\.cn$/.exec(parsed.hostname)?.[1];
    return label ? { site: label } : null;
  } catch {
    return null;
  }
}

/**
 * Each configured source with its stored fetch state, its failing articles (the store's failure
 * records, at most MAX_FAILURE_RECORDS read) and the newest stored article of its column or sub-site.
 */
export async function loadSources(
  store: WebStore,
  sources: readonly SourceConfig[],
  now: Date = new Date(),
): Promise<SourceRow[]> {
  const failures = await store.listFailures(MAX_FAILURE_RECORDS);
  const failingAfterMs = TUNABLES.sourceFailingAfterHours.default * 3_600_000;
  return Promise.all(
    sources.map(async (source) => {
      const state = await store.getSourceState(source.url);
      const scope = sourceScope(source.url);
      const [newest] = scope ? await store.listReports({ ...scope, limit: 1 }) : [];
      const own = failures.filter((failure) => failure.sourceUrl === source.url);
      const quarantined = own.filter(
        (failure) =>
          failure.quarantinedUntil !== null && Date.parse(failure.quarantinedUntil) > now.getTime(),
      ).length;
      const lastSuccessAt = state?.lastSuccessAt ?? null;
      const lastRead = Date.parse(lastSuccessAt ?? state?.lastCheckedAt ?? '');
      const status: SourceRow['status'] =
        state === null || state.lastCheckedAt === null
          ? 'never-checked'
          : !Number.isNaN(lastRead) && now.getTime() - lastRead > failingAfterMs
            ? 'failing'
            : own.length > 0
              ? 'articles-failing'
              : 'ok';
      return {
        name: source.name,
        url: source.url,
        lastCheckedAt: state?.lastCheckedAt ?? null,
        lastSuccessAt,
        lastNewArticleAt: state?.lastNewArticleAt ?? null,
        status,
        failingArticles: own.length,
        quarantinedArticles: quarantined,
        lastFailure: own[0]?.reason ?? null,
        newest: newest
          ? {
              id: newest.article.id,
              title: newest.article.title,
              publishedAt: newest.article.publishedAt,
            }
          : null,
      };
    }),
  );
}
