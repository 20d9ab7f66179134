import { hasChar } from './chars.js';
import {
  actionOf,
  clauseEndOf,
  clauseStartOf,
  cleanSubject,
  findBasis,
  findChange,
  findVerbs,
  firstChangeCue,
  rightSubject,
  type VerbHit,
} from './context.js';
import { actionClassOf, kindOf } from './identity.js';
import {
  CHANGE_CUES,
  DIRECTIONAL_VERBS,
  MOM_CUES,
  OTHER_BASIS_CUES,
  YEAR_BASIS_PATTERN,
  YOY_CUES,
  YOY_PATTERN,
} from './lexicon/change.js';
import { COPULAS, GENERIC_OBJECTS, matchVerb } from './lexicon/verbs.js';
import { DEFAULT_LIMITS, type ExtractLimits } from './limits.js';
import { buildMask } from './mask.js';
import { findMentions, type Mention } from './mentions.js';
import { normalizeText } from './normalize.js';
import { normalizePeriod } from './period.js';
import { periodMatches } from './period-scan.js';
import type { ChangeRuleId, SubjectRuleId } from './subject/rules.js';
import type { Metric, MetricChange } from './types.js';

export type { Metric } from './types.js';

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
  /** The subject rule (subject/rules.ts) that chose `subject`. */
  subjectRule: SubjectRuleId;
  /** The change rule (subject/rules.ts) that decided `change`. */
  changeRule: ChangeRuleId;
}

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
    if (hasChar('较比与于', n[start - 1]) || n.startsWith('同期', start + m.text.length)) continue;
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
  const listGap = samePrev ? /^[、和及与]?$/.test(n.slice(samePrev.m.end, m.start)) : false;
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
  } = changeOf(n, m, segStart, verbs, samePrev, listGap, previousClause);
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

function changeOf(
  n: string,
  m: Mention,
  segStart: number,
  verbs: readonly VerbHit[],
  samePrev: Resolved | undefined,
  listGap: boolean,
  previousClause: Span | undefined,
): {
  change: MetricChange | null;
  fromPreviousClause: boolean;
  rule: ChangeRuleId;
  /** Where a directional verb that made the change starts (it ends the subject). */
  cueStart?: number;
} {
  const none = (rule: ChangeRuleId) => ({ change: null, fromPreviousClause: false, rule });
  if (m.kind !== 'quantity') return none('not-a-quantity');
  const directional = directionalVerbBefore(n, m);
  if (directional) {
    const change = { direction: directional.direction, basis: findBasis(n, segStart, m.numStart) };
    return {
      change,
      fromPreviousClause: false,
      rule: 'directional-verb',
      cueStart: directional.start,
    };
  }
  const hit = findChange(n, segStart, m.numStart, m.numStart);
  if (hit) {
    // A cue followed by another verb governs that verb's clause, not this figure
    // (`增幅最大的景区接待游客8万人次`); copulas such as 达 may stand in between.
    const blocked = verbs.some(
      (v) =>
        v.start > hit.start + 1 &&
        v.start < m.start &&
        !COPULAS.has(v.verb) &&
        !isChangeVerb(v.verb),
    );
    if (blocked) return none('cue-governs-later-verb');
    const change = { direction: hit.direction, basis: findBasis(n, segStart, m.numStart) };
    return { change, fromPreviousClause: false, rule: 'cue-before-figure' };
  }
  if (samePrev && listGap)
    return { change: samePrev.change, fromPreviousClause: false, rule: 'list-shares-change' };
  const rest = cleanSubject(n.slice(segStart, m.start));
  const onlyCopula = rest.length === 0 || COPULAS.has(rest);
  if (previousClause && onlyCopula) {
    const h2 = findChange(n, previousClause.start, previousClause.end, -1);
    if (h2) {
      const basis = findBasis(n, previousClause.start, previousClause.end);
      return {
        change: { direction: h2.direction, basis },
        fromPreviousClause: true,
        rule: 'cue-in-previous-clause',
      };
    }
  }
  return none('no-cue');
}

/**
 * `时限压缩40%`, `利率下调0.5个百分点`: a verb of DIRECTIONAL_VERBS written right before a percentage
 * or 个百分点 (`了` may stand between), with its direction and where it starts.
 */
function directionalVerbBefore(
  n: string,
  m: Mention,
): { direction: 'up' | 'down'; start: number } | undefined {
  if (m.normUnit !== '%' && m.normUnit !== 'pp') return undefined;
  const end = n[m.start - 1] === '了' ? m.start - 1 : m.start;
  for (const [verb, direction] of DIRECTIONAL_VERBS) {
    if (n.startsWith(verb, end - verb.length)) return { direction, start: end - verb.length };
  }
  return undefined;
}

function isChangeVerb(v: string): boolean {
  return v === '增加' || v === '减少' || v === '增产' || v === '减产';
}

const PLACE_END = /[省市县区镇乡村州]$/;
/** A phrase ending like this leads into the noun written after the figure. */
const PREFERS_RIGHT = /[的等以和及与、”》将把对向给内有]$/;
const MAX_SUBJECT = 24;

interface SubjectContext {
  segStart: number;
  segEnd: number;
  clauseEnd: number;
  verbs: readonly VerbHit[];
  samePrev: Resolved | undefined;
  listGap: boolean;
  periods: readonly PeriodHit[];
  change: MetricChange | null;
  /** Where the directional verb that made `change` starts (`时限压缩40%`), if one did. */
  directionalCue: number | undefined;
  /** Set only when the change was read from the figure-less clause before (`…柑橘价格上涨幅度居首，达到17.3%`). */
  previousClause: Span | undefined;
  /** The figure-less clause right before this one in the sentence, if any (`猪肉价格最为坚挺，达到…`). */
  topicClause: Span | undefined;
  prev: Resolved | undefined;
  sentence: Span;
}

/** Verbs that also name what is counted when nothing else is written (`其中出口148.9亿元`). */
const NOMINAL_VERBS: ReadonlySet<string> = new Set(['出口', '进口']);

/** The subject chosen for a figure and the rule (subject/rules.ts) that chose it. */
interface SubjectPick {
  subject: string;
  rule: SubjectRuleId;
}

function pick(rule: SubjectRuleId, subject: string): SubjectPick {
  return { subject, rule };
}

/**
 * What is counted: after the verb, else the noun after the figure, else before the verb. Every
 * decision is one named rule of the ordered registry in subject/rules.ts, tried in that order.
 */
function subjectOf(n: string, m: Mention, ctx: SubjectContext): SubjectPick {
  const { segStart, segEnd, clauseEnd, samePrev, listGap, periods, change, previousClause } = ctx;
  const { prev, sentence } = ctx;
  const prevInSentence = prev && prev.sentence.start === sentence.start ? prev : undefined;
  const rawSeg = n.slice(segStart, segEnd).trimEnd();
  if (samePrev && listGap && cleanSubject(rawSeg).length === 0 && m.kind === samePrev.m.kind) {
    // `1246件2.7万人`: a second figure for the same thing.
    const r = m.kind === 'quantity' ? rightSubject(n, m.end, clauseEnd, false) : '';
    return pick('same-figure-again', r || (samePrev.subject ?? ''));
  }
  // A share: `进出口额占…的45%`; `…，占…的34%` shares the previous figure's subject.
  const share = rawSeg.lastIndexOf('占');
  if (share >= 0 && rawSeg.endsWith('的')) {
    const s = cleanSpan(n, periods, segStart, segStart + share);
    if (s) return pick('share-part', s);
    if (prevInSentence?.subject) return pick('share-previous', prevInSentence.subject);
  }
  // From → to: `出口总额从2016年的128.6亿元攀升至2020年的203.9亿元` (also 由…增加到).
  const from = Math.max(rawSeg.lastIndexOf('从'), rawSeg.lastIndexOf('由'));
  if (from > 0 && rawSeg.endsWith('的')) {
    const s = cleanSpan(n, periods, segStart, segStart + from);
    if (s) return pick('from-to', s);
  }
  let end = segEnd;
  // A cue that does not govern this figure (no change found) is part of the subject phrase.
  let cueAt = change ? firstChangeCue(n, segStart, segEnd) : -1;
  const directional = ctx.directionalCue;
  if (directional !== undefined && (cueAt < 0 || directional < cueAt)) cueAt = directional;
  if (cueAt >= 0) end = cueAt;
  // A verb right before a change cue is a noun (`固定资产投资同比增长`).
  // `建成后预计年产值…`: a verb followed by 后 opens a time clause, it does not govern the figure.
  const segVerbs = ctx.verbs.filter(
    (v) =>
      v.start >= segStart && v.end <= end && !(cueAt >= 0 && v.end === cueAt) && n[v.end] !== '后',
  );
  let left = '';
  let before = '';
  if (segVerbs.length > 0) {
    const first = segVerbs[0] as VerbHit;
    const last = segVerbs[segVerbs.length - 1] as VerbHit;
    before = cleanSpan(n, periods, segStart, first.start);
    let groupEnd = first.end;
    for (const v of segVerbs.slice(1)) {
      const gap = n.slice(groupEnd, v.start);
      if (gap === '、' || gap === '和' || gap === '及') groupEnd = v.end;
      else break;
    }
    left = cleanSpan(n, periods, groupEnd, end);
    if (left.length > MAX_SUBJECT) left = cleanSpan(n, periods, last.end, end);
    // Two verbs written together with nothing after the second: `引进投资5亿元重大项目` counts the
    // noun after the figure; `…产品合计出口186亿元` totals what was written before the verbs.
    // (`处以罚款3000元` keeps the second verb as its object.)
    const beforeLast = segVerbs[segVerbs.length - 2];
    if (beforeLast && beforeLast.end === last.start && left === last.verb && last.end === end) {
      const r = m.kind === 'quantity' ? rightSubject(n, m.end, clauseEnd, true) : '';
      if (r) return pick('doubled-verb-right-noun', r);
      if (before && TOTALIZERS.has(beforeLast.verb)) return pick('totalized-before-verbs', before);
    }
    if (m.kind === 'rank') {
      // The ranking verb (居, 排名, 位居) is the last group; what is ranked is written before it.
      let groupStart = last.start;
      for (let k = segVerbs.length - 2; k >= 0; k--) {
        const v = segVerbs[k] as VerbHit;
        const gap = n.slice(v.end, groupStart);
        if (gap === '、' || gap === '和' || gap === '及') groupStart = v.start;
        else break;
      }
      const ranked = cleanSpan(n, periods, segStart, groupStart);
      // `综合得分在全省20个县中排名第4`: 在…中 is the field ranked in; what is ranked precedes 在.
      if (/[中里内]$/.test(n.slice(segStart, groupStart).trimEnd())) {
        const cs = clauseStartOf(n, m.start, sentence.start);
        const scope = lastIndexAfter(n, '在', cs, groupStart);
        const r = scope > cs ? cleanSpan(n, periods, cs, scope) : '';
        if (r) return pick('rank-field-scope', r);
      }
      if (ranked) return pick('rank-before-verb', ranked);
      // `满意度达97.2%，排名全省第三`: a clause that opens with the ranking verb ranks what the
      // figure before it measured.
      if (!samePrev && prevInSentence?.subject && prevInSentence.m.kind !== 'rank')
        return pick('rank-previous-figure', prevInSentence.subject);
    }
    if (GENERIC_OBJECTS.has(left)) {
      if (before) left = cleanSpan(n, periods, segStart, end);
      else {
        // `…红色旅游示范村的沙洲村，当天接待游客1.2万人次`: the place was named in the clause before.
        const pcs = clauseStartOf(n, segStart - 1, sentence.start);
        const pc = segStart > sentence.start ? n.slice(pcs, segStart - 1) : '';
        const place = cleanSubject(pc.slice(pc.lastIndexOf('的') + 1));
        if (place && place.length <= 12 && PLACE_END.test(place)) left = place;
      }
    }
  } else {
    left = cleanSpan(n, periods, segStart, end);
  }
  if (cueAt >= 0) {
    // `增加旱涝保收农田面积近800亩`: the change verb is the action, the subject follows it; also
    // after a beneficiary (`可为农户减少粮食损耗约300吨`).
    const cueEnd = skipCue(n, cueAt);
    if (cueEnd < segEnd && cueEnd > cueAt) {
      const object = cleanSpan(n, periods, cueEnd, segEnd);
      if (!left || (object.length >= 2 && BENEFICIARY.test(left) && !COPULAS.has(object)))
        left = object || left;
    }
  }
  // `以每斤1.6元的价格收购`: a figure introduced by 以 is the measure named after its 的.
  if (m.kind === 'quantity' && n[m.end] === '的') {
    const yi = rawSeg.lastIndexOf('以');
    if (yi >= 0 && /^(?:每[^\d，、]{1,3})?$/.test(cleanSubject(rawSeg.slice(yi + 1)))) {
      const r = rightSubject(n, m.end, clauseEnd, true);
      if (r) return pick('measure-after-yi', r);
    }
  }
  // `较前一周上升0.8个百分点`, `比国家标准低2个百分点`: the phrase is the basis of a comparison, what
  // is compared is the previous figure's subject (or the topic of the clause before).
  if (m.kind === 'quantity' && n[m.end] !== '的' && isBasisPhrase(left)) {
    const s =
      prevInSentence?.subject || (ctx.topicClause ? topicOf(n, periods, ctx.topicClause) : '');
    if (s) return pick('comparison-basis', s);
  }
  // `增速高于全国平均水平0.3个百分点`: the benchmark follows the comparison verb, what is compared is
  // written before it. (With nothing written before it, the benchmark stays the subject.)
  const lastSegVerb = segVerbs[segVerbs.length - 1];
  if (
    m.kind === 'quantity' &&
    n[m.end] !== '的' &&
    left &&
    lastSegVerb &&
    COMPARISON_VERBS.has(lastSegVerb.verb)
  ) {
    const compared = cleanSpan(n, periods, segStart, lastSegVerb.start);
    if (compared) return pick('comparison-benchmark', compared);
  }
  // `收缴手机45部、电脑9台`: an uncounted figure before 、 belongs to the item before it.
  const listMark = left.lastIndexOf('、');
  if (listMark > 0 && UNCOUNTED_ITEM.test(left.slice(0, listMark)) && listMark < left.length - 1)
    left = left.slice(listMark + 1);
  // `投资过10亿元的项目`: a lone comparative before the figure is a bound, not a subject.
  if (left.length === 1 && hasChar('过超逾近', left)) left = '';
  if (
    m.kind === 'rank' &&
    samePrev?.m.kind === 'rank' &&
    left.length <= 4 &&
    /^[、和及与]/.test(n.slice(samePrev.m.end, m.start))
  )
    return pick('rank-list-shared', samePrev.subject ?? left);
  const rawLeft = n.slice(segStart, end).trimEnd();
  const wantsRight =
    m.kind === 'quantity' && m.normUnit !== '%' && m.normUnit !== 'pp' && m.normUnit !== 'x';
  // `低于5.5%的控制目标`: a rate right after a comparison verb names its benchmark after 的.
  if (
    !wantsRight &&
    left.length <= 2 &&
    segVerbs.length > 0 &&
    n[m.end] === '的' &&
    m.kind === 'quantity'
  ) {
    const r = rightSubject(n, m.end, clauseEnd, true);
    if (r) return pick('benchmark-after-de', r);
  }
  // `近3成受访者`, `80%的群众`: a share of the people or things named after it (not after a change).
  if (!wantsRight && !left && !change && m.kind === 'quantity') {
    const r = rightSubject(n, m.end, clauseEnd, true);
    if (r) return pick('share-of-people', r);
  }
  if (wantsRight && (!left || PREFERS_RIGHT.test(rawLeft) || PLACE_END.test(left))) {
    const directAfterVerb = segVerbs.length > 0 && !left;
    const r = rightSubject(n, m.end, clauseEnd, directAfterVerb);
    if (r) return pick('right-noun', r);
    // `86.4万人完成了加强免疫`: the figure is the agent; what was done names it.
    if (!left) {
      const v = matchVerb(n, m.end, clauseEnd);
      if (v && n[m.end + v.length] === '了') {
        const o = rightSubject(n, m.end + v.length + 1, clauseEnd, false);
        if (o) return pick('agent-did', o);
      }
    }
  }
  if (left) return pick(segVerbs.length > 0 ? 'verb-object' : 'phrase-before-figure', left);
  // `粮食已被企业以…订购了300吨`: in a passive clause what is counted is written before 被.
  const passiveVerb = segVerbs[segVerbs.length - 1];
  if (passiveVerb && m.kind === 'quantity') {
    const cs = clauseStartOf(n, m.start, sentence.start);
    const bei = lastIndexAfter(n, '被', cs, passiveVerb.start);
    if (bei > cs && !PASSIVE_NOUN.test(n.slice(bei, bei + 3))) {
      const s = cleanSubject(cleanSpan(n, periods, cs, bei).replace(PASSIVE_ADVERB, ''));
      if (s) return pick('passive-before-bei', s);
    }
  }
  if (before) return pick('before-verb', before);
  const lastVerb = segVerbs[segVerbs.length - 1];
  if (lastVerb && NOMINAL_VERBS.has(lastVerb.verb)) return pick('nominal-verb', lastVerb.verb);
  if (change && previousClause) {
    const s = topicOf(n, periods, previousClause);
    if (s) return pick('change-topic', s);
  }
  // `鸡蛋产量最为突出，达到3万吨`: a bare copula takes the topic of a clause that only rated it.
  const topic = ctx.topicClause;
  if (!change && topic && TOPIC_PREDICATE.test(n.slice(topic.start, topic.end))) {
    const rest = cleanSubject(rawSeg);
    if (rest.length === 0 || COPULAS.has(rest)) {
      const s = topicOf(n, periods, topic);
      if (s) return pick('rated-topic', s);
    }
  }
  if (change && prevInSentence) return pick('change-previous-figure', prevInSentence.subject ?? '');
  // `综合排名全省第二，连续三年位列全省前五`: consecutive rankings share what is ranked.
  if (m.kind !== 'quantity' && (samePrev ?? prevInSentence)?.m.kind === m.kind)
    return pick('consecutive-rank', (samePrev ?? prevInSentence)?.subject ?? '');
  return pick('none', '');
}

/**
 * The topic of a figure-less clause (`牛肉价格涨幅最为突出，达到…` → 牛肉价格涨幅): the phrase before its
 * change cue or before a predicate that only rates or ranks it (最为…, 位居…), after any 有/是/为.
 */
function topicOf(n: string, periods: readonly PeriodHit[], pc: Span): string {
  const cut = firstChangeCue(n, pc.start, pc.end);
  let raw = n.slice(pc.start, cut >= 0 ? cut : pc.end);
  const pred = TOPIC_PREDICATE.exec(raw);
  if (pred && pred.index > 0) raw = raw.slice(0, pred.index);
  const tail = raw.split(TOPIC_SPLIT).pop() ?? raw;
  return cleanSpan(n, periods, pc.start + raw.length - tail.length, pc.start + raw.length);
}

/** Predicates that only rate or rank the topic before them. */
const TOPIC_PREDICATE = /最为|较为|更为|尤为|十分|位居|位列|居首|排名|排在|名列/;
/** 为 in 最为/较为 is part of an adverb, not a copula. */
const TOPIC_SPLIT = /有|是|(?<![最较更尤极])为|包括/;

/** A phrase ending with a beneficiary (`为农户`, `帮企业`): what follows the change verb is counted. */
const BENEFICIARY = /(?:为|帮|替|给|向)[^，。；为帮替给向]{1,8}$/;
/** 被 starting a noun (被执行人, 被告), not a passive. */
const PASSIVE_NOUN = /^被(?:执行|告|害|保险|侵害|申请)/;
const PASSIVE_ADVERB = /(?:已经|已|均|都|也|将|全部)$/;
/** An item with a figure the extractor does not count (`手机45部`): digits then a classifier. */
const UNCOUNTED_ITEM = /\d[\u4e00-\u9fff]{1,2}$/;
/** Verbs that total what is written before them (`…合计出口`). */
const TOTALIZERS: ReadonlySet<string> = new Set(['合计', '累计', '共计', '总计']);
/** Verbs whose object is a benchmark, not what is counted (`高于全国平均水平`). */
const COMPARISON_VERBS: ReadonlySet<string> = new Set([
  '高于',
  '低于',
  '高出',
  '快于',
  '慢于',
  '优于',
]);
/** `较前一周`, `比国家标准低`: a basis phrase left where a subject was looked for (not 比例, 比重). */
const BASIS_PHRASE = /^(?:较|比)(?!例|重|率|值|较|如)/;

function isBasisPhrase(s: string): boolean {
  return s.length > 1 && BASIS_PHRASE.test(s);
}

/** The subject phrase in [from, to): periods stripped, noise trimmed. */
function cleanSpan(n: string, periods: readonly PeriodHit[], from: number, to: number): string {
  return to > from ? cleanSubject(stripPeriods(n.slice(from, to), from, periods)) : '';
}

const BASIS_WORDS = [
  ...YOY_CUES,
  ...MOM_CUES,
  ...OTHER_BASIS_CUES,
  '同期',
  '相比',
  '比',
  '均',
  '分别',
];

/** End of the basis words and change cue starting at `at` (`与2019年端午假期相比增长` → after 增长). */
function skipCue(n: string, at: number): number {
  let k = at;
  for (let moved = true; moved; ) {
    moved = false;
    const window = n.slice(k, k + 24);
    const y = YOY_PATTERN.exec(window) ?? YEAR_BASIS_PATTERN.exec(window);
    if (y && y.index === 0) {
      k += y[0].length;
      moved = true;
    }
    for (const w of BASIS_WORDS) {
      if (n.startsWith(w, k)) {
        k += w.length;
        moved = true;
      }
    }
  }
  for (const [cue] of CHANGE_CUES) if (n.startsWith(cue, k)) return k + cue.length;
  return k;
}

/**
 * The last index of `ch` in (floor, from], or -1: `lastIndexOf` bounded below, so a search that finds
 * nothing costs the clause, not the text before it.
 */
function lastIndexAfter(n: string, ch: string, floor: number, from: number): number {
  const c = ch.charCodeAt(0);
  for (let k = Math.min(from, n.length - 1); k > floor; k--) if (n.charCodeAt(k) === c) return k;
  return -1;
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

/** Index of the first period ending after `at` (periods are sorted and do not overlap). */
function firstPeriodAfter(periods: readonly PeriodHit[], at: number): number {
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

/** 均 as “each”, not inside 人均, 年均, 亩均, 平均, 日均, 月均, 户均. */
const JUN_RE = /(?:^|[^人年亩平日月户])均/;
const LIST_SIZE_RE = /[两二三四五六七八九十]+[市县区省地家个项类]$/;
const LIST_SEPARATORS = /、|和|及|与|以及/;

/** `A、B和C，分别上涨x、y和z` / `A、B分别下降x、y`: one subject per listed value. */
function expandDistributive(n: string, text: string, items: Resolved[]): Resolved[] {
  const out: Resolved[] = [];
  let i = 0;
  while (i < items.length) {
    const first = items[i] as Resolved;
    // `A、B分别为：10个、20个`: 分别 may end the clause before a colon.
    const scanFrom =
      n[first.clauseStart - 1] === '：' || n[first.clauseStart - 1] === ':'
        ? clauseStartOf(n, first.clauseStart - 1, first.sentence.start)
        : first.clauseStart;
    const inClause = n.slice(scanFrom, first.m.start).lastIndexOf('分别');
    const fenbie = inClause < 0 ? -1 : scanFrom + inClause;
    const junAt = JUN_RE.test(n.slice(first.clauseStart, first.m.start));
    if (fenbie >= first.sentence.start && fenbie >= scanFrom && fenbie < first.m.start) {
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
      let listRule: SubjectRuleId = 'distributive-list';
      let subjects: readonly (string | null)[] | undefined = listSubjects(
        n,
        text,
        first,
        scanFrom,
        fenbie,
        run.length,
      );
      if (!subjects) {
        // `接待游客126.8万人次，实现旅游收入12.6亿元，分别增长18.2%和21.5%`: the figures just given,
        // each change taking its figure's subject (none where that figure named none: `审结1.2万件`).
        const given = out.slice(-run.length);
        if (
          given.length === run.length &&
          given.every((g) => g.sentence.start === first.sentence.start) &&
          given.some((g) => g.subject)
        ) {
          subjects = given.map((g) => g.subject);
          listRule = 'distributive-given';
        }
      }
      if (run.length > 1 && subjects) {
        const listed = subjects;
        run.forEach((r, k) => {
          const s = listed[k];
          if (s === undefined) out.push(r);
          else out.push({ ...r, subject: s, subjectRule: listRule });
        });
        i = j;
        continue;
      }
    } else if (junAt) {
      const subjects = first.subject?.split(LIST_SEPARATORS).filter((s) => s.length > 0);
      if (subjects && subjects.length > 1) {
        for (const s of subjects) out.push({ ...first, subject: s, subjectRule: 'jun-each' });
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
  clauseStart: number,
  fenbie: number,
  count: number,
): string[] | undefined {
  let from = clauseStart;
  let raw = n.slice(from, fenbie);
  const cut = firstChangeCue(n, from, fenbie);
  if (cut >= 0) raw = n.slice(from, cut);
  if (!/、|和|及|与/.test(raw) && from > first.sentence.start) {
    // The list is in the clause before: `另外涨幅居前的还有鲜果、水产品和食用油，分别上涨…`
    const pcs = clauseStartOf(n, from - 1, first.sentence.start);
    from = pcs;
    raw = n.slice(pcs, clauseStart - 1);
    const tail = raw.split(/有|是|为|包括|：/).pop() ?? raw;
    from = pcs + raw.length - tail.length;
    raw = tail;
  }
  // A list that carries its own figures (`企业1.8万户、个体工商户3.7万户，分别增长…`) is better read
  // from those figures' subjects.
  if (/[0-9]/.test(raw)) return undefined;
  let listText = cleanSubject(raw);
  // `新建学校、医院分别为…`: a verb before the list is shared, not part of its first item.
  const lead = matchVerb(listText, 0, listText.length);
  if (lead && listText.length > lead.length) listText = listText.slice(lead.length);
  // `长沙、株洲、湘潭三市分别…`: the count of the list is not part of its last item.
  const items = splitList(listText.replace(LIST_SIZE_RE, ''), count);
  if (!items) return undefined;
  return items.map((s) => {
    const rel = n.slice(from, first.m.start).indexOf(s);
    return rel >= 0 ? text.slice(from + rel, from + rel + s.length) : s;
  });
}

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
