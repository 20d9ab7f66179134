/**
 * `newsmon query series` and `newsmon query subjects`: figures grouped by series identity
 * (subject + action class + kind + unit; functions/store/series-key.ts), each point with its
 * normalised period. Kept apart from query.ts, which dispatches here.
 */
import { actionClassOfWord } from '../../functions/metrics/identity.js';
import type { MetricKind } from '../../functions/metrics/types.js';
import type {
  StoredSeriesPoint,
  SubjectSummary,
} from '../../functions/store/dynamodb-article-store.js';
import { SERIES_KINDS, subjectKey } from '../../functions/store/series-key.js';
import { CliError, EXIT_OK, UsageError } from '../errors.js';
import { type CliIo, writeLine } from '../io.js';
import { type Column, type OutputFormat, renderCsv, renderTable } from '../output-format.js';
import type { OpenedStore } from '../store-context.js';

export type SeriesPlan = (opened: OpenedStore, format: OutputFormat, io: CliIo) => Promise<number>;

/** One point of a series as `--format json` prints it. */
interface SeriesJsonPoint {
  value: number;
  /** Exact decimal string when the value is beyond 2^53 (see NormalizedValue.exact). */
  exact?: string;
  /** Normalised period (`2021-01/2021-08`), or null. */
  period: string | null;
  /** The period as written (`1至8月`), or null. */
  periodText: string | null;
  publishedAt: string | null;
  articleId: string;
  /** The figure as written (`800余起`). */
  text: string;
}

/** One series as `--format json` prints it. */
export interface SeriesGroup {
  key: string;
  subject: string;
  action: string;
  kind: MetricKind;
  unit: string;
  points: SeriesJsonPoint[];
}

export interface SeriesOptions {
  action?: string | undefined;
  kind?: string | undefined;
  unit?: string | undefined;
  since?: string | undefined;
  limit?: number | undefined;
}

/** `--kind`: one of the four kinds. */
function parseKind(value: string | undefined): MetricKind | undefined {
  if (value === undefined) return undefined;
  const kind = SERIES_KINDS.find((k) => k === value);
  if (!kind) throw new UsageError(`--kind expects ${SERIES_KINDS.join(', ')}, got '${value}'`);
  return kind;
}

/** Points grouped by series key, groups in key order, points oldest first (undated last). */
export function groupSeries(points: readonly StoredSeriesPoint[], limit?: number): SeriesGroup[] {
  const groups = new Map<string, SeriesGroup>();
  const time = (p: SeriesJsonPoint): number => {
    const ms = Date.parse(p.publishedAt ?? '');
    return Number.isNaN(ms) ? Number.POSITIVE_INFINITY : ms;
  };
  for (const p of points) {
    const [subject = '', action = '-', kind = 'level', unit = '-'] = p.seriesKey.split('|');
    let group = groups.get(p.seriesKey);
    if (!group) {
      group = { key: p.seriesKey, subject, action, kind: kind as MetricKind, unit, points: [] };
      groups.set(p.seriesKey, group);
    }
    const point: SeriesJsonPoint = {
      value: p.metric.normalized.value,
      period: p.period,
      periodText: p.metric.period,
      publishedAt: p.publishedAt,
      articleId: p.articleId,
      text: p.metric.text,
    };
    if (p.metric.normalized.exact !== undefined) point.exact = p.metric.normalized.exact;
    group.points.push(point);
  }
  const out = [...groups.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  for (const g of out) {
    const sorted = g.points
      .map((point, index) => ({ point, index, at: time(point) }))
      .sort((a, b) => (a.at === b.at ? a.index - b.index : a.at - b.at))
      .map(({ point }) => point);
    g.points = limit === undefined ? sorted : sorted.slice(-limit);
  }
  return out;
}

interface SeriesRow {
  group: SeriesGroup;
  point: SeriesJsonPoint;
}

const SERIES_COLUMNS: Column<SeriesRow>[] = [
  {
    header: 'series',
    value: (r) => `${r.group.action} ${r.group.kind} ${r.group.unit}`,
    maxWidth: 24,
  },
  { header: 'period', value: (r) => r.point.period ?? r.point.periodText ?? '', maxWidth: 24 },
  { header: 'value', value: (r) => r.point.exact ?? r.point.value, align: 'right' },
  { header: 'figure', value: (r) => r.point.text, maxWidth: 16 },
  { header: 'published', value: (r) => (r.point.publishedAt ?? '').slice(0, 16) },
  { header: 'id', value: (r) => r.point.articleId },
];

const SERIES_CSV_COLUMNS: Column<SeriesRow>[] = [
  { header: 'key', value: (r) => r.group.key },
  { header: 'subject', value: (r) => r.group.subject },
  { header: 'action', value: (r) => r.group.action },
  { header: 'kind', value: (r) => r.group.kind },
  { header: 'unit', value: (r) => r.group.unit },
  { header: 'value', value: (r) => r.point.exact ?? r.point.value },
  { header: 'period', value: (r) => r.point.period },
  { header: 'periodText', value: (r) => r.point.periodText },
  { header: 'publishedAt', value: (r) => r.point.publishedAt },
  { header: 'articleId', value: (r) => r.point.articleId },
  { header: 'text', value: (r) => r.point.text },
];

/** `newsmon query series <subject>`: validates, then returns what runs once the store is open. */
export function planSeries(subject: string, options: SeriesOptions): SeriesPlan {
  if (subjectKey(subject) === null) {
    throw new UsageError(`'${subject}' names no indicator (a subject such as 刑事案件 is needed)`);
  }
  const kind = parseKind(options.kind);
  const action = options.action === undefined ? undefined : actionClassOfWord(options.action);
  return async ({ store }, format, io) => {
    const points = await store.series({
      subject,
      action,
      kind,
      unit: options.unit,
      since: options.since,
    });
    const groups = groupSeries(points, options.limit);
    if (groups.length === 0) {
      const subjects = await store.listSubjects();
      const known = subjects.some((s) => s.subject === subjectKey(subject));
      if (!known) {
        const near = nearestSubjects(
          subject,
          subjects.map((s) => s.subject),
        );
        const message = `no series for '${subject}'${near.length > 0 ? `; nearest subjects: ${near.join(', ')}` : ''} (see 'newsmon query subjects')`;
        if (format === 'table') throw new CliError(message);
        // JSON and CSV stay valid output (empty); the suggestion goes to stderr.
        writeLine(io.stderr, `newsmon: ${message}`);
      }
    }
    if (format === 'json') writeLine(io.stdout, JSON.stringify(groups, null, 2));
    else {
      const rows = groups.flatMap((group) => group.points.map((point) => ({ group, point })));
      if (format === 'csv') io.stdout.write(renderCsv(SERIES_CSV_COLUMNS, rows));
      else if (rows.length > 0) {
        const blocks = groups.map(
          (g) =>
            `${g.key}  (${g.points.length} point${g.points.length === 1 ? '' : 's'})\n${renderTable(
              SERIES_COLUMNS,
              g.points.map((point) => ({ group: g, point })),
            )}`,
        );
        writeLine(io.stdout, blocks.join('\n\n'));
      } else writeLine(io.stderr, `newsmon: no figures stored for '${subject}' with these options`);
    }
    return EXIT_OK;
  };
}

const SUBJECT_COLUMNS: Column<SubjectSummary>[] = [
  { header: 'subject', value: (s) => s.subject, maxWidth: 24 },
  { header: 'points', value: (s) => s.points, align: 'right' },
  { header: 'series', value: (s) => s.series, align: 'right' },
  { header: 'actions', value: (s) => s.actions.join(' '), maxWidth: 30 },
  { header: 'kinds', value: (s) => s.kinds.join(' ') },
  { header: 'units', value: (s) => s.units.join(' '), maxWidth: 24 },
];

const SUBJECT_CSV_COLUMNS: Column<SubjectSummary>[] = [
  { header: 'subject', value: (s) => s.subject },
  { header: 'points', value: (s) => s.points },
  { header: 'series', value: (s) => s.series },
  { header: 'actions', value: (s) => s.actions.join(' ') },
  { header: 'kinds', value: (s) => s.kinds.join(' ') },
  { header: 'units', value: (s) => s.units.join(' ') },
];

/** `newsmon query subjects [--like X]`: subjects by number of points, most first. */
export function planSubjects(like: string | undefined): SeriesPlan {
  const needle = like === undefined ? undefined : (subjectKey(like) ?? like.normalize('NFKC'));
  return async ({ store }, format, io) => {
    const all = await store.listSubjects();
    const rows = needle === undefined ? all : all.filter((s) => s.subject.includes(needle));
    if (format === 'json') writeLine(io.stdout, JSON.stringify(rows, null, 2));
    else if (format === 'csv') io.stdout.write(renderCsv(SUBJECT_CSV_COLUMNS, rows));
    else if (rows.length > 0) writeLine(io.stdout, renderTable(SUBJECT_COLUMNS, rows));
    else {
      const near = needle
        ? nearestSubjects(
            needle,
            all.map((s) => s.subject),
          )
        : [];
      writeLine(
        io.stderr,
        `newsmon: no stored subjects${needle ? ` like '${like}'` : ''}${near.length > 0 ? `; nearest: ${near.join(', ')}` : ''}`,
      );
    }
    return EXIT_OK;
  };
}

/**
 * Up to `count` stored subjects nearest to what was typed: those containing it or contained in it
 * first, then by edit distance (characters), ties by subject.
 */
export function nearestSubjects(typed: string, subjects: readonly string[], count = 5): string[] {
  const q = subjectKey(typed) ?? typed;
  const scored = subjects.map((s) => {
    const contains = s.includes(q) || q.includes(s);
    return { s, score: (contains ? 0 : 1000) + editDistance(q, s) };
  });
  return scored
    .filter((x) => x.score < 1000 || x.score - 1000 <= Math.max(1, Math.floor(q.length / 3)))
    .sort((a, b) => a.score - b.score || (a.s < b.s ? -1 : 1))
    .slice(0, count)
    .map((x) => x.s);
}

/** Levenshtein distance over code points, rows of the shorter string (subjects are short). */
function editDistance(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  let prev = Array.from({ length: y.length + 1 }, (_, k) => k);
  for (let i = 1; i <= x.length; i++) {
    const row = [i];
    for (let j = 1; j <= y.length; j++) {
      const cost = x[i - 1] === y[j - 1] ? 0 : 1;
      row.push(
        Math.min(
          (prev[j] as number) + 1,
          (row[j - 1] as number) + 1,
          (prev[j - 1] as number) + cost,
        ),
      );
    }
    prev = row;
  }
  return prev[y.length] as number;
}
