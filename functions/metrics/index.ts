import { hasChar } from './chars.js';
import { actionOf, clauseEndOf, clauseStartOf, findVerbs } from './context.js';
import { actionClassOf, kindOf } from './identity.js';
import { FIGURE_LIST_GAP, PERIOD_BASIS_AFTER, PERIOD_BASIS_BEFORE } from './lexicon/subject.js';
import { DEFAULT_LIMITS, type ExtractLimits } from './limits.js';
import { buildMask } from './mask.js';
import { findMentions, type Mention } from './mentions.js';
import { normalizeText } from './normalize.js';
import { normalizePeriod } from './period.js';
import { periodMatches } from './period-scan.js';
import { firstPeriodAfter, type PeriodHit, type Resolved, type Span } from './resolved.js';
import { changeOf } from './subject/change-of.js';
import { expandDistributive } from './subject/lists.js';
import type { ChangeRuleId, SubjectRuleId } from './subject/rules.js';
import { subjectOf } from './subject/subject-of.js';
import type { Metric } from './types.js';

export type { Metric } from './types.js';

/** A sentence ends after 。！？ (with any closing quotes) or at a newline. */
const SENTENCE_BREAK_RE = /[。！？]+[”’」]*|\n/g;

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 13 || c === 10 || c === 0x3000 || c === 0xa0;
}

/** Sentence spans: cut after 。！？ and at newlines; surrounding whitespace trimmed. */
function sentenceSpans(n: string): Span[] {
  const out: Span[] = [];
  const re = new RegExp(SENTENCE_BREAK_RE.source, 'g');
  let start = 0;
  for (let m = re.exec(n); m !== null; m = re.exec(n)) {
    const end = m[0] === '\n' ? m.index : m.index + m[0].length;
    pushTrimmed(out, n, start, end);
    start = m.index + m[0].length;
  }
  pushTrimmed(out, n, start, n.length);
  return out;
}

function pushTrimmed(out: Span[], n: string, s: number, e: number): void {
  let a = s;
  let b = e;
  while (a < b && isSpace(n.charCodeAt(a))) a++;
  while (b > a && isSpace(n.charCodeAt(b - 1))) b--;
  if (b > a) out.push({ start: a, end: b });
}

function paragraphOf(n: string, at: number): Span {
  const s = n.lastIndexOf('\n', at - 1) + 1;
  const e = n.indexOf('\n', at);
  return { start: s, end: e < 0 ? n.length : e };
}

function periodsIn(n: string, p: Span, mask: Uint8Array): PeriodHit[] {
  const out: PeriodHit[] = [];
  for (const m of periodMatches(n.slice(p.start, p.end))) {
    const start = p.start + m.index;
    // A quoted period such as “十三五”期间 is allowed; other masked text is a name.
    if (mask[start] && n[start] !== '“') continue;
    // 较去年, 比上年同期, 与2021年…相比: the basis of a change, not the period of the figure.
    if (
      hasChar(PERIOD_BASIS_BEFORE, n[start - 1]) ||
      n.startsWith(PERIOD_BASIS_AFTER, start + m.text.length)
    )
      continue;
    out.push({ start, end: start + m.text.length, text: m.text });
  }
  return out;
}

function resolve(
  n: string,
  text: string,
  mask: Uint8Array,
  m: Mention,
  sentence: Span,
  earlier: readonly Resolved[],
  periods: readonly PeriodHit[],
): Resolved {
  const prev = earlier[earlier.length - 1];
  const cs = clauseStartOf(n, m.start, sentence.start);
  const ce = clauseEndOf(n, m.end, sentence.end);
  const samePrev =
    prev && prev.sentence.start === sentence.start && prev.m.end > cs ? prev : undefined;
  const segStart = samePrev ? samePrev.m.end : cs;
  const segEnd = m.start;
  const listGap = samePrev ? FIGURE_LIST_GAP.test(n.slice(samePrev.m.end, m.start)) : false;
  // Action: the last verb group in the clause before the figure; a verb shared along a 、 list
  // carries on to every item.
  const verbs = findVerbs(n, cs, m.start, mask);
  const action = actionOf(verbs, n);
  let previousClause: Span | undefined;
  if (cs > sentence.start) {
    const pcs = clauseStartOf(n, cs - 1, sentence.start);
    let hasFigure = false;
    for (let k = earlier.length - 1; k >= 0; k--) {
      const e = earlier[k] as Resolved;
      if (e.m.end <= pcs) break;
      if (e.m.start < cs) hasFigure = true;
    }
    if (!hasFigure) previousClause = { start: pcs, end: cs - 1 };
  }
  const {
    change,
    fromPreviousClause,
    rule: changeRule,
    cueStart,
  } = changeOf(n, m, { segStart, verbs, samePrev, listGap, previousClause });
  const { subject, rule: subjectRule } = subjectOf(n, m, {
    segStart,
    segEnd,
    clauseEnd: ce,
    verbs,
    samePrev,
    listGap,
    periods,
    change,
    directionalCue: cueStart,
    previousClause: fromPreviousClause ? previousClause : undefined,
    topicClause: previousClause,
    prev,
    sentence,
  });
  // Period: the nearest phrase before the figure in its paragraph.
  const before = periods[firstPeriodAfter(periods, m.start) - 1];
  const period = before ? text.slice(before.start, before.end) : null;
  return {
    m,
    sentence,
    clauseStart: cs,
    clauseEnd: ce,
    subject: subject ? originalSlice(n, text, subject, segStart, m.end) : null,
    action: action.map((v) => text.slice(v.start, v.end)),
    change,
    period,
    subjectRule,
    changeRule,
  };
}

/** Subjects are found on the normalised text; return the same characters from the original text. */
function originalSlice(n: string, text: string, subject: string, from: number, to: number): string {
  const windowStart = Math.max(0, from - MAX_BACK);
  // The first occurrence inside [windowStart, to + MAX_BACK): searched in that window only, so a
  // subject that is not there costs the window, not the rest of the text.
  const rel = n.slice(windowStart, to + MAX_BACK).indexOf(subject);
  if (rel >= 0) return text.slice(windowStart + rel, windowStart + rel + subject.length);
  return subject;
}
const MAX_BACK = 200;

/**
 * A figure restated later with the same surface and subject (`纳入统计的46家星级酒店（民宿）` twice)
 * refers back to the first mention; only the first is reported.
 */
function dropRestatements(text: string, items: Resolved[]): Resolved[] {
  // One hashed key per quantity: subject, surface, normalized value and unit as written out. A
  // restatement has an equal key, found in constant time whatever came before (no pairwise scan).
  const seen = new Set<string>();
  return items.filter((r) => {
    if (!r.subject || r.m.kind !== 'quantity') return true;
    const key = `${r.subject}\u0000${text.slice(r.m.start, r.m.end)}\u0000${r.m.normValue}\u0000${r.m.normUnit}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * The sentence kept on a metric: the whole sentence, or a window of `max` characters around the
 * figure with `…` on each cut side. `at` is the figure's offset in what is returned.
 */
function sentenceOf(
  text: string,
  s: Span,
  m: Mention,
  max: number,
): { sentence: string; at: number; cut: boolean } {
  if (s.end - s.start <= max)
    return { sentence: text.slice(s.start, s.end), at: m.start - s.start, cut: false };
  const room = Math.max(0, max - (m.end - m.start));
  let from = Math.max(s.start, m.start - Math.floor(room / 2));
  const to = Math.min(s.end, from + max);
  from = Math.max(s.start, to - max);
  const head = from > s.start ? '…' : '';
  const tail = to < s.end ? '…' : '';
  return {
    sentence: head + text.slice(from, to) + tail,
    at: m.start - from + head.length,
    cut: true,
  };
}

function toMetric(
  text: string,
  r: Resolved,
  periodOf: (period: string | null) => string | null,
  maxSentence: number,
): { metric: Metric; cut: boolean } {
  const m = r.m;
  const normalized: Metric['normalized'] = { value: m.normValue, unit: m.normUnit };
  if (m.upper !== undefined) normalized.upper = m.upper;
  if (m.exact?.norm !== undefined) normalized.exact = m.exact.norm;
  if (m.exact?.upper !== undefined) normalized.upperExact = m.exact.upper;
  const { sentence, at, cut } = sentenceOf(text, r.sentence, m, maxSentence);
  const metric: Metric = {
    text: text.slice(m.start, m.end),
    value: m.value,
    unit: m.unit,
    normalized,
    bound: m.bound,
    subject: r.subject,
    action: r.action,
    change: r.change,
    period: r.period,
    sentence,
    offset: m.start,
    kind: 'level',
    actionClass: actionClassOf(r.action),
    periodNormalized: periodOf(r.period),
  };
  if (m.exact?.value !== undefined) metric.valueExact = m.exact.value;
  metric.kind = kindOf(metric, at);
  return { metric, cut };
}

/**
 * A change written without a verb of its own (`发生刑事案件1200起，同比下降12.5%`) changes the figure
 * before it with the same subject in its sentence: it takes that figure's action class, so the rate
 * joins the 发生 family of series, not a verb-less one.
 */
function inheritChangeActions(metrics: Metric[]): void {
  for (let k = 1; k < metrics.length; k++) {
    const m = metrics[k] as Metric;
    if (m.kind !== 'change' || m.actionClass !== null) continue;
    for (let j = k - 1; j >= 0 && k - j <= CHANGE_ACTION_LOOKBACK; j--) {
      const e = metrics[j] as Metric;
      if (e.sentence !== m.sentence) break;
      if (e.subject === m.subject && e.kind !== 'change' && e.actionClass) {
        m.actionClass = e.actionClass;
        break;
      }
    }
  }
}
/** Figures looked back over for `inheritChangeActions` (bounded: linear on any input). */
const CHANGE_ACTION_LOOKBACK = 8;

/** Options of one extraction. */
export interface ExtractOptions {
  /** Publication instant (ISO 8601): resolves relative periods (`今年以来`) in `periodNormalized`. */
  publishedAt?: string | null;
  /** Caps (limits.ts); tests raise them to measure the algorithm without its caps. */
  limits?: Partial<ExtractLimits>;
  /** Also report, per metric, the subject and change rules that decided it (`npm run eval`). */
  trace?: boolean;
}

/** Which rules (subject/rules.ts) decided one metric's subject and change. */
interface MetricTrace {
  subjectRule: SubjectRuleId;
  changeRule: ChangeRuleId;
}

/** The metrics of one article and whether a cap cut anything (limits.ts). */
export interface ExtractReport {
  metrics: Metric[];
  /** True when a cap cut figures or sentences; `warnings` says which. */
  partial: boolean;
  warnings: string[];
  /** With `trace: true`: one entry per metric, in the same order. */
  trace?: MetricTrace[];
}

function extract(text: string, options: ExtractOptions): ExtractReport {
  const none: ExtractReport = { metrics: [], partial: false, warnings: [] };
  if (typeof text !== 'string' || text.length === 0) return none;
  const limits: ExtractLimits = { ...DEFAULT_LIMITS, ...options.limits };
  const n = normalizeText(text);
  const mask = buildMask(n);
  const mentions = findMentions(n, mask, limits.maxMentions);
  if (mentions.length === 0) return none;
  const warnings: string[] = [];
  if (mentions.length >= limits.maxMentions)
    warnings.push(`figures read stopped at ${limits.maxMentions} (MAX_MENTIONS_PER_ARTICLE)`);
  const sentences = sentenceSpans(n);
  const resolved: Resolved[] = [];
  let si = 0;
  let paragraph: Span | undefined;
  let periods: PeriodHit[] = [];
  for (const m of mentions) {
    while (si < sentences.length - 1 && (sentences[si] as Span).end <= m.start) si++;
    const sentence = sentences[si] ?? { start: 0, end: n.length };
    if (!paragraph || m.start >= paragraph.end || m.start < paragraph.start) {
      paragraph = paragraphOf(n, m.start);
      periods = periodsIn(n, paragraph, mask);
    }
    resolved.push(resolve(n, text, mask, m, sentence, resolved, periods));
  }
  let kept = dropRestatements(text, expandDistributive(n, text, resolved));
  if (kept.length > limits.maxFigures) {
    warnings.push(
      `${kept.length - limits.maxFigures} figures beyond ${limits.maxFigures} dropped (MAX_FIGURES_PER_ARTICLE)`,
    );
    kept = kept.slice(0, limits.maxFigures);
  }
  let cutSentences = 0;
  // Period phrases repeat along an article: each is normalised once.
  const normalized = new Map<string, string | null>();
  const periodOf = (period: string | null): string | null => {
    if (period === null) return null;
    let out = normalized.get(period);
    if (out === undefined) {
      out = normalizePeriod(period, options.publishedAt);
      normalized.set(period, out);
    }
    return out;
  };
  const metrics = kept.map((r) => {
    const { metric, cut } = toMetric(text, r, periodOf, limits.maxSentenceChars);
    if (cut) cutSentences++;
    return metric;
  });
  inheritChangeActions(metrics);
  if (cutSentences > 0)
    warnings.push(
      `${cutSentences} sentences cut to ${limits.maxSentenceChars} characters (MAX_SENTENCE_CHARS)`,
    );
  const report: ExtractReport = { metrics, partial: warnings.length > 0, warnings };
  if (options.trace)
    report.trace = kept.map((r) => ({ subjectRule: r.subjectRule, changeRule: r.changeRule }));
  return report;
}

/**
 * Typed figures out of a Chinese news body (paragraphs joined by '\n'), in document order, with
 * whether a cap (limits.ts) cut anything. Pure and deterministic; never throws: input it cannot read
 * gives no metrics.
 */
export function extractMetricsReport(text: string, options: ExtractOptions = {}): ExtractReport {
  try {
    return extract(text, options);
  } catch {
    return { metrics: [], partial: true, warnings: ['extractor failed on this text'] };
  }
}

/**
 * Typed figures out of a Chinese news body (paragraphs joined by '\n'), in document order.
 * Pure and deterministic; never throws: input it cannot read gives []. Capped as `extractMetricsReport`
 * (which also says whether a cap cut anything).
 */
export function extractMetrics(text: string, options: ExtractOptions = {}): Metric[] {
  return extractMetricsReport(text, options).metrics;
}
