import { actionClassOf, kindOf } from '../metrics/identity.js';
import { normalizePeriod } from '../metrics/period.js';
import type { Metric, MetricKind } from '../metrics/types.js';

// Scope words that name where, not what: 全市刑事案件 and 刑事案件 are the same indicator.
const LEADING_SCOPE = /^(?:全省|全市|全州|全县|全区|全国|全年|全部|累计|共计|各类|各项)+/u;
const QUOTES_AND_SPACE = /[\s"'“”‘’「」『』《》〈〉【】()（）\u3000]/gu;
/** Longest subject kept in a key (characters); the extractor's subjects are far shorter. */
const MAX_SUBJECT_KEY_CHARS = 64;

/**
 * Normalised subject of an indicator, the partition of its time series:
 * NFKC (full-width → half-width), quotes/brackets/spaces removed, leading scope words removed.
 * `“雪亮工程” 摄像头` → `雪亮工程摄像头`, `全市刑事案件` → `刑事案件`. Null when nothing is left.
 */
export function subjectKey(subject: string | null | undefined): string | null {
  if (!subject) return null;
  const cleaned = subject.normalize('NFKC').replace(QUOTES_AND_SPACE, '');
  const stripped = cleaned.replace(LEADING_SCOPE, '').slice(0, MAX_SUBJECT_KEY_CHARS);
  // A subject made only of scope words (`全市`) says nothing about what is counted.
  return stripped.length > 0 ? stripped : null;
}

/** The unit part of a series: the normalised unit (`CNY`, `%`, `起`), `-` for unit-less scores. */
export function unitKey(unit: string | null | undefined): string {
  const cleaned = unit?.normalize('NFKC').trim().replaceAll('#', '＃').replaceAll('|', '｜');
  return cleaned && cleaned.length > 0 ? cleaned : '-';
}

/** The action part of a series: the action class, `-` for figures without one. */
export function actionKey(actionClass: string | null | undefined): string {
  const cleaned = actionClass?.normalize('NFKC').trim().replaceAll('#', '＃').replaceAll('|', '｜');
  return cleaned && cleaned.length > 0 ? cleaned : '-';
}

/** One indicator across articles and dates. */
export interface SeriesIdentity {
  /** `subject|action|kind|unit`, e.g. `刑事案件|破获|level|起`. */
  key: string;
  subject: string;
  /** Action class (`破获`, `发生`) or `-`. */
  action: string;
  kind: MetricKind;
  /** Normalised unit or `-`. */
  unit: string;
}

export const SERIES_KINDS: readonly MetricKind[] = ['level', 'change', 'share', 'rank'];

type IdentityFields = Pick<Metric, 'subject' | 'normalized' | 'action' | 'change' | 'text'> &
  Partial<Pick<Metric, 'sentence' | 'kind' | 'actionClass'>>;

/**
 * Series identity = normalised subject + action class + kind + unit, so `破获刑事案件800起` and
 * `发生刑事案件1200起` are two series, and `同比下降12%` never shares one with `破案率95%`. Metrics stored
 * before the extractor wrote `kind`/`actionClass` get them from the same functions the extractor uses.
 * Null when the metric names no subject (it joins no series).
 */
export function seriesIdentity(metric: IdentityFields): SeriesIdentity | null {
  const subject = subjectKey(metric.subject);
  if (subject === null) return null;
  const action = actionKey(
    metric.actionClass !== undefined ? metric.actionClass : actionClassOf(metric.action),
  );
  const kind =
    metric.kind ??
    kindOf({
      normalized: metric.normalized,
      change: metric.change,
      text: metric.text,
      sentence: metric.sentence ?? '',
    });
  const unit = unitKey(metric.normalized.unit);
  return { key: `${subject}|${action}|${kind}|${unit}`, subject, action, kind, unit };
}

/** The series key of a metric (see `seriesIdentity`), or null. */
export function seriesKey(metric: IdentityFields): string | null {
  return seriesIdentity(metric)?.key ?? null;
}

/** The normalised period of a stored point: the metric's own, else resolved from its phrase. */
export function pointPeriod(
  metric: Pick<Metric, 'period'> & Partial<Pick<Metric, 'periodNormalized'>>,
  publishedAt: string | null | undefined,
): string | null {
  if (metric.periodNormalized) return metric.periodNormalized;
  return normalizePeriod(metric.period, publishedAt);
}

/**
 * Sort key of a point in the overloaded series index (partition `SERIES#<subject>`):
 * `<action>#<kind>#<unit>#<utc-time>#<article id>#<n>`, so one identity is one key range
 * (`begins_with` on the leading parts) in time order.
 */
export function seriesSortKey(
  identity: Pick<SeriesIdentity, 'action' | 'kind' | 'unit'>,
  sortAt: string,
  articleId: string,
  index: number,
): string {
  return `${seriesSortPrefix(identity)}${sortAt}#${articleId}#${String(index).padStart(4, '0')}`;
}

/** The sort-key prefix of the given leading identity parts (`破获#level#起#`, `破获#`, or ''). */
export function seriesSortPrefix(parts: {
  action?: string | undefined;
  kind?: string | undefined;
  unit?: string | undefined;
}): string {
  if (parts.action === undefined) return '';
  let out = `${parts.action}#`;
  if (parts.kind === undefined) return out;
  out += `${parts.kind}#`;
  if (parts.unit === undefined) return out;
  return `${out}${parts.unit}#`;
}

/** Version of the series index layout an item was written with (`newsmon migrate series` writes it). */
export const SERIES_LAYOUT_VERSION = 2;
