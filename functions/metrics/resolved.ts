import { cleanSubject } from './context.js';
import type { Mention } from './mentions.js';
import type { ChangeRuleId, SubjectRuleId } from './subject/rules.js';
import type { MetricChange } from './types.js';

/** A stretch [start, end) of the normalised text. */
export interface Span {
  start: number;
  end: number;
}

/** A period phrase found in a paragraph (`今年1至8月`). */
export interface PeriodHit extends Span {
  text: string;
}

/** A mention with its context resolved, before distributive lists are expanded. */
export interface Resolved {
  m: Mention;
  sentence: Span;
  clauseStart: number;
  clauseEnd: number;
  subject: string | null;
  action: string[];
  change: MetricChange | null;
  period: string | null;
  /** The subject rule (subject/rules.ts) that chose `subject`. */
  subjectRule: SubjectRuleId;
  /** The change rule (subject/rules.ts) that decided `change`. */
  changeRule: ChangeRuleId;
}

/** Index of the first period ending after `at` (periods are sorted and do not overlap). */
export function firstPeriodAfter(periods: readonly PeriodHit[], at: number): number {
  let lo = 0;
  let hi = periods.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((periods[mid] as PeriodHit).end <= at) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function stripPeriods(s: string, offset: number, periods: readonly PeriodHit[]): string {
  let out = s;
  for (let k = firstPeriodAfter(periods, offset); k < periods.length; k++) {
    const p = periods[k] as PeriodHit;
    if (p.start >= offset + s.length) break;
    const rel = p.start - offset;
    if (rel <= 2) {
      // A leading period phrase (`2021年1至8月全市…`) is not part of the subject.
      const cut = p.end - offset;
      out = ' '.repeat(Math.max(0, cut)) + s.slice(Math.max(0, cut));
    }
  }
  return out.trim();
}

/** The subject phrase in [from, to): periods stripped, noise trimmed. */
export function cleanSpan(
  n: string,
  periods: readonly PeriodHit[],
  from: number,
  to: number,
): string {
  return to > from ? cleanSubject(stripPeriods(n.slice(from, to), from, periods)) : '';
}

/**
 * The last index of `ch` in (floor, from], or -1: `lastIndexOf` bounded below, so a search that finds
 * nothing costs the clause, not the text before it.
 */
export function lastIndexAfter(n: string, ch: string, floor: number, from: number): number {
  const c = ch.charCodeAt(0);
  for (let k = Math.min(from, n.length - 1); k > floor; k--) if (n.charCodeAt(k) === c) return k;
  return -1;
}
