import {
  actionOf,
  CLAUSE_BREAKS,
  clauseEndOf,
  clauseStartOf,
  cleanSubject,
  findBasis,
  findChange,
  findVerbs,
  firstChangeCue,
  rightSubject,
} from './context.js';
import { PERIOD_RE } from './lexicon/periods.js';
import { buildMask } from './mask.js';
import { findMentions, type Mention } from './mentions.js';
import { normalizeText } from './normalize.js';
import type { Metric, MetricChange } from './types.js';

export type { Metric, MetricBound, MetricChange, NormalizedValue } from './types.js';

interface Span {
  start: number;
  end: number;
}

interface PeriodHit extends Span {
  text: string;
}

/** A mention with its context resolved, before distributive lists are expanded. */
interface Resolved {
  m: Mention;
  sentence: Span;
  clauseStart: number;
  clauseEnd: number;
  subject: string | null;
  action: string[];
  change: MetricChange | null;
  period: string | null;
}

const SENTENCE_END = new Set(['。', '！', '？']);

/** Sentence spans: cut after 。！？ and at newlines; surrounding whitespace trimmed. */
function sentenceSpans(n: string): Span[] {
  const out: Span[] = [];
  let start = 0;
  const push = (s: number, e: number) => {
    let a = s;
    let b = e;
    while (a < b && /\s/.test(n[a] as string)) a++;
    while (b > a && /\s/.test(n[b - 1] as string)) b--;
    if (b > a) out.push({ start: a, end: b });
  };
  for (let i = 0; i < n.length; i++) {
    const ch = n[i] as string;
    if (ch === '\n') {
      push(start, i);
      start = i + 1;
    } else if (SENTENCE_END.has(ch)) {
      // Keep a closing quote with its sentence (`…。”`).
      let e = i + 1;
      while (e < n.length && (n[e] === '”' || n[e] === '’' || n[e] === '」')) e++;
      push(start, e);
      start = e;
      i = e - 1;
    }
  }
  push(start, n.length);
  return out;
}

function paragraphOf(n: string, at: number): Span {
  const s = n.lastIndexOf('\n', at - 1) + 1;
  const e = n.indexOf('\n', at);
  return { start: s, end: e < 0 ? n.length : e };
}

function periodsIn(n: string, p: Span, mask: Uint8Array): PeriodHit[] {
  const text = n.slice(p.start, p.end);
  const out: PeriodHit[] = [];
  PERIOD_RE.lastIndex = 0;
  for (let m = PERIOD_RE.exec(text); m !== null; m = PERIOD_RE.exec(text)) {
    if (m[0].length === 0) {
      PERIOD_RE.lastIndex++;
      continue;
    }
    const start = p.start + m.index;
    // A quoted period such as “十三五”期间 is allowed; other masked text is a name.
    if (mask[start] && n[start] !== '“') continue;
    out.push({ start, end: start + m[0].length, text: m[0] });
  }
  return out;
}

function resolve(
  n: string,
  text: string,
  m: Mention,
  sentence: Span,
  prev: Resolved | undefined,
  periods: readonly PeriodHit[],
): Resolved {
  const cs = clauseStartOf(n, m.start, sentence.start);
  const ce = clauseEndOf(n, m.end, sentence.end);
  const samePrev =
    prev && prev.sentence.start === sentence.start && prev.m.end > cs ? prev : undefined;
  const segStart = samePrev ? samePrev.m.end : cs;
  // Action: the last verb in the clause before the figure; a verb shared along a 、 list carries on.
  const verbs = findVerbs(n, cs, m.start);
  const action = actionOf(verbs, n);
  const lastVerb = action[action.length - 1];
  // Change: the nearest cue in the clause, else in a figure-less clause just before.
  let change: MetricChange | null = null;
  const hit = findChange(n, cs, m.numStart, m.numStart);
  let changeClauseStart = cs;
  let previousClause: Span | undefined;
  if (cs > sentence.start) {
    const pcs = clauseStartOf(n, cs - 1, sentence.start);
    const hasFigure = prev && prev.m.end > pcs && prev.m.start < cs;
    if (!hasFigure) previousClause = { start: pcs, end: cs - 1 };
  }
  if (hit) change = { direction: hit.direction, basis: findBasis(n, cs, m.numStart) };
  else if (previousClause && m.kind === 'quantity') {
    const h2 = findChange(n, previousClause.start, previousClause.end, -1);
    if (h2) {
      change = {
        direction: h2.direction,
        basis: findBasis(n, previousClause.start, previousClause.end),
      };
      changeClauseStart = previousClause.start;
    }
  }
  // Subject: after the verb, else the noun after the figure, else before the verb.
  const segEnd = m.start;
  const cueAt = firstChangeCue(n, segStart, segEnd);
  let subject = '';
  const verbInSeg = lastVerb && lastVerb.start >= segStart ? lastVerb : undefined;
  let left = n.slice(segStart, cueAt >= 0 ? cueAt : segEnd);
  let before = '';
  if (verbInSeg && (cueAt < 0 || verbInSeg.start < cueAt)) {
    const firstVerb = action[0] ?? verbInSeg;
    before = n.slice(segStart, Math.max(segStart, firstVerb.start));
    left = n.slice(verbInSeg.end, cueAt >= 0 ? cueAt : segEnd);
  }
  left = stripPeriods(left, segStart, periods, n);
  subject = cleanSubject(left);
  // `…和70个平台`, `代表团的5914名运动员`: what precedes belongs elsewhere; the noun follows the figure.
  if (/[的和及与、]$/.test(n.slice(segStart, segEnd).trimEnd())) subject = '';
  if (!subject) {
    const r = rightSubject(n, m.end, ce);
    if (r && m.kind === 'quantity') subject = r;
  }
  if (!subject && samePrev && segEnd - segStart <= 1) subject = samePrev.subject ?? '';
  if (!subject && before) subject = cleanSubject(stripPeriods(before, segStart, periods, n));
  if (
    !subject &&
    samePrev &&
    m.kind === samePrev.m.kind &&
    cleanSubject(n.slice(segStart, segEnd)).length <= 3
  )
    subject = samePrev.subject ?? '';
  if (!subject && change && previousClause) {
    const pc = previousClause;
    const cut = firstChangeCue(n, pc.start, pc.end);
    const raw = n.slice(pc.start, cut >= 0 ? cut : pc.end);
    const tail = raw.split(/有|是|为|包括/).pop() ?? raw;
    subject = cleanSubject(stripPeriods(tail, pc.start + raw.length - tail.length, periods, n));
  }
  if (!subject && change && prev && prev.sentence.start === sentence.start)
    subject = prev.subject ?? '';
  void changeClauseStart;
  // Period: the nearest phrase before the figure in its paragraph.
  let period: string | null = null;
  for (const p of periods) {
    if (p.end <= m.start) period = text.slice(p.start, p.end);
    else break;
  }
  return {
    m,
    sentence,
    clauseStart: cs,
    clauseEnd: ce,
    subject: subject ? text.slice(0, 0) + originalSlice(n, text, subject, segStart, m.end) : null,
    action: action.map((v) => text.slice(v.start, v.end)),
    change,
    period,
  };
}

/** Subjects are found on the normalised text; return the same characters from the original text. */
function originalSlice(n: string, text: string, subject: string, from: number, to: number): string {
  const windowStart = Math.max(0, from - MAX_BACK);
  const at = n.indexOf(subject, windowStart);
  if (at >= 0 && at < to + MAX_BACK) return text.slice(at, at + subject.length);
  return subject;
}
const MAX_BACK = 200;

function stripPeriods(s: string, offset: number, periods: readonly PeriodHit[], n: string): string {
  let out = s;
  for (const p of periods) {
    if (p.end <= offset || p.start >= offset + s.length) continue;
    const rel = p.start - offset;
    if (rel <= 2) {
      // A leading period phrase (`2021年1至8月全市…`) is not part of the subject.
      const cut = p.end - offset;
      out = ' '.repeat(Math.max(0, cut)) + s.slice(Math.max(0, cut));
    }
  }
  void n;
  return out.trim();
}

const LIST_SEPARATORS = /、|和|及|与|以及/;

/** `A、B和C，分别上涨x、y和z` / `A、B分别下降x、y`: one subject per listed value. */
function expandDistributive(n: string, text: string, items: Resolved[]): Resolved[] {
  const out: Resolved[] = [];
  let i = 0;
  while (i < items.length) {
    const first = items[i] as Resolved;
    const fenbie = n.lastIndexOf('分别', first.m.start);
    const junAt = n[first.m.start - 1] === '均' || n.startsWith('均为', first.m.start - 2);
    if (
      fenbie >= first.sentence.start &&
      fenbie >= first.clauseStart - 1 &&
      fenbie < first.m.start
    ) {
      // The run of values after 分别, separated only by list marks.
      let j = i + 1;
      while (j < items.length) {
        const a = items[j - 1] as Resolved;
        const b = items[j] as Resolved;
        const gap = n.slice(a.m.end, b.m.start);
        if (b.sentence.start !== first.sentence.start || !/^(、|和|及|与|，)$/.test(gap)) break;
        j++;
      }
      const run = items.slice(i, j);
      const subjects = listSubjects(n, text, first, fenbie, run.length);
      if (run.length > 1 && subjects) {
        run.forEach((r, k) => {
          out.push({ ...r, subject: subjects[k] ?? r.subject });
        });
        i = j;
        continue;
      }
    } else if (junAt) {
      const subjects = first.subject?.split('、').filter((s) => s.length > 0);
      if (subjects && subjects.length > 1) {
        for (const s of subjects) out.push({ ...first, subject: s });
        i++;
        continue;
      }
    }
    out.push(first);
    i++;
  }
  return out;
}

function splitList(s: string, count: number): string[] | undefined {
  const byComma = s
    .split('、')
    .map((x) => x.trim())
    .filter((x) => x.length > 0);
  if (byComma.length === count) return byComma;
  const all = s
    .split(LIST_SEPARATORS)
    .map((x) => x.trim())
    .filter((x) => x.length > 0);
  if (all.length === count) return all;
  if (byComma.length === count - 1) {
    const last = byComma.pop() as string;
    const parts = last.split(LIST_SEPARATORS).filter((x) => x.length > 0);
    if (parts.length === 2) return [...byComma, ...parts];
  }
  return undefined;
}

function listSubjects(
  n: string,
  text: string,
  first: Resolved,
  fenbie: number,
  count: number,
): string[] | undefined {
  let from = first.clauseStart;
  let raw = n.slice(from, fenbie);
  const cut = firstChangeCue(n, from, fenbie);
  if (cut >= 0) raw = n.slice(from, cut);
  if (!/、|和|及|与/.test(raw) && from > first.sentence.start) {
    // The list is in the clause before: `其他涨幅较大的有蛋类、禽肉类和薯类，分别上涨…`
    const pcs = clauseStartOf(n, from - 1, first.sentence.start);
    from = pcs;
    raw = n.slice(pcs, first.clauseStart - 1);
    const tail = raw.split(/有|是|为|包括|：/).pop() ?? raw;
    from = pcs + raw.length - tail.length;
    raw = tail;
  }
  const items = splitList(cleanSubject(raw), count);
  if (!items) return undefined;
  return items.map((s) => {
    const at = n.indexOf(s, from);
    return at >= 0 ? text.slice(at, at + s.length) : s;
  });
}

function toMetric(text: string, r: Resolved): Metric {
  const m = r.m;
  const normalized: Metric['normalized'] = { value: m.normValue, unit: m.normUnit };
  if (m.upper !== undefined) normalized.upper = m.upper;
  return {
    text: text.slice(m.start, m.end),
    value: m.value,
    unit: m.unit,
    normalized,
    bound: m.bound,
    subject: r.subject,
    action: r.action,
    change: r.change,
    period: r.period,
    sentence: text.slice(r.sentence.start, r.sentence.end),
    offset: m.start,
  };
}

function extract(text: string): Metric[] {
  if (typeof text !== 'string' || text.length === 0) return [];
  const n = normalizeText(text);
  const mask = buildMask(n);
  const mentions = findMentions(n, mask);
  if (mentions.length === 0) return [];
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
    resolved.push(resolve(n, text, m, sentence, resolved[resolved.length - 1], periods));
  }
  return expandDistributive(n, text, resolved).map((r) => toMetric(text, r));
}

/**
 * Typed figures out of a Chinese news body (paragraphs joined by '\n'), in document order.
 * Pure and deterministic; never throws: input it cannot read gives [] (or the figures found so far).
 */
export function extractMetrics(text: string): Metric[] {
  try {
    return extract(text);
  } catch {
    return [];
  }
}

export { CLAUSE_BREAKS };
