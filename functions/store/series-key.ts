import type { Metric } from '../metrics/types.js';

// Scope words that name where, not what: 全市刑事案件 and 刑事案件 are the same indicator.
const LEADING_SCOPE = /^(?:全省|全市|全州|全县|全区|全国|全年|全部|累计|共计|各类|各项)+/u;
const QUOTES_AND_SPACE = /[\s"'“”‘’「」『』《》〈〉【】()（）\u3000]/gu;

/**
 * Normalised subject of an indicator, the partition of its time series:
 * NFKC (full-width → half-width), quotes/brackets/spaces removed, leading scope words removed.
 * `“雪亮工程” 摄像头` → `雪亮工程摄像头`, `全市刑事案件` → `刑事案件`. Null when nothing is left.
 */
export function subjectKey(subject: string | null | undefined): string | null {
  if (!subject) return null;
  const cleaned = subject.normalize('NFKC').replace(QUOTES_AND_SPACE, '');
  const stripped = cleaned.replace(LEADING_SCOPE, '');
  // A subject made only of scope words (`全市`) says nothing about what is counted.
  return stripped.length > 0 ? stripped : null;
}

/** The unit part of a series: the normalised unit (`CNY`, `%`, `起`), `-` for unit-less scores. */
export function unitKey(unit: string | null | undefined): string {
  const cleaned = unit?.normalize('NFKC').trim();
  return cleaned && cleaned.length > 0 ? cleaned : '-';
}

/**
 * Identity of one indicator across articles and dates: `<subject>/<normalized unit>`,
 * e.g. `刑事案件/起`, `涉案资产/CNY`. Null when the metric names no subject (it joins no series).
 */
export function seriesKey(metric: Pick<Metric, 'subject' | 'normalized'>): string | null {
  const subject = subjectKey(metric.subject);
  return subject === null ? null : `${subject}/${unitKey(metric.normalized.unit)}`;
}
