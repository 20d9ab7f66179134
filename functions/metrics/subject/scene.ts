import { hasChar } from '../chars.js';
import {
  clauseStartOf,
  cleanSubject,
  firstChangeCue,
  rightSubject,
  type VerbHit,
} from '../context.js';
import {
  BASIS_OPENERS,
  BASIS_WORDS,
  CHANGE_CUES,
  COMPARED_NOUN_MAX,
  NET,
  SHORT_CHANGE_CUES,
  YEAR_BASIS_PATTERN,
  YOY_PATTERN,
} from '../lexicon/change.js';
import { BENEFICIARY, LONE_COMPARATIVES, PLACE_END, UNCOUNTED_ITEM } from '../lexicon/subject.js';
import { COPULAS, GENERIC_OBJECTS } from '../lexicon/verbs.js';
import type { Mention } from '../mentions.js';
import { cleanSpan, type PeriodHit, type Resolved, type Span } from '../resolved.js';
import type { MetricChange } from '../types.js';

/** What `subjectOf` is given about one figure, besides the text and the figure itself. */
export interface SubjectContext {
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

/** The phrase before the figure, read around its verbs (the rules from `doubled-verb-right-noun` on). */
export interface VerbPhrase {
  /** Where the subject phrase ends: the figure, or the first change or basis cue before it. */
  end: number;
  /** That change or basis cue, or -1. */
  cueAt: number;
  /** The verbs between the clause start and `end` that govern the figure. */
  segVerbs: readonly VerbHit[];
  /** The phrase before the first verb. */
  before: string;
  /** The phrase after the first verb group (all of it when there is no verb). */
  afterVerbs: string;
}

const MAX_SUBJECT = 24;
const CLAUSE_END = '，。；：、！？\n';

/**
 * What the subject rules read about one figure. The phrase analysis is computed on first use and
 * kept, so a rule that decides early costs no more than the reading it needed.
 */
export class SubjectScene {
  /** The figure before this one, if it is in the same sentence. */
  readonly prevInSentence: Resolved | undefined;
  /** The text between the previous figure (or the clause start) and this figure. */
  readonly rawSeg: string;
  private verbPhraseRead: VerbPhrase | undefined;
  private objectRead: string | undefined;
  private leftRead: string | undefined;

  constructor(
    readonly n: string,
    readonly m: Mention,
    readonly ctx: SubjectContext,
  ) {
    const { prev, sentence } = ctx;
    this.prevInSentence = prev && prev.sentence.start === sentence.start ? prev : undefined;
    this.rawSeg = n.slice(ctx.segStart, ctx.segEnd).trimEnd();
  }

  /** The subject phrase in [from, to): periods stripped, noise trimmed. */
  span(from: number, to: number): string {
    return cleanSpan(this.n, this.ctx.periods, from, to);
  }

  get verbPhrase(): VerbPhrase {
    this.verbPhraseRead ??= readVerbPhrase(this);
    return this.verbPhraseRead;
  }

  /** `afterVerbs` with a generic object or a beneficiary resolved (`接待游客` after a place). */
  get object(): string {
    this.objectRead ??= readObject(this);
    return this.objectRead;
  }

  /** `object` without an uncounted list item before it or a lone comparative. */
  get left(): string {
    this.leftRead ??= readLeft(this.object);
    return this.leftRead;
  }

  /** The raw text from the clause start to the end of the subject phrase. */
  get rawLeft(): string {
    return this.n.slice(this.ctx.segStart, this.verbPhrase.end).trimEnd();
  }

  /** A count in a unit of its own (not %, 个百分点 or 倍) names its noun after the figure. */
  get wantsRight(): boolean {
    const { m } = this;
    return m.kind === 'quantity' && m.normUnit !== '%' && m.normUnit !== 'pp' && m.normUnit !== 'x';
  }
}

function readVerbPhrase(s: SubjectScene): VerbPhrase {
  const { n, ctx } = s;
  const { segStart, segEnd, change } = ctx;
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
  if (segVerbs.length === 0)
    return { end, cueAt, segVerbs, before: '', afterVerbs: s.span(segStart, end) };
  const first = segVerbs[0] as VerbHit;
  const last = segVerbs[segVerbs.length - 1] as VerbHit;
  const before = s.span(segStart, first.start);
  let groupEnd = first.end;
  for (const v of segVerbs.slice(1)) {
    const gap = n.slice(groupEnd, v.start);
    if (gap === '、' || gap === '和' || gap === '及') groupEnd = v.end;
    else break;
  }
  let afterVerbs = s.span(groupEnd, end);
  if (afterVerbs.length > MAX_SUBJECT) afterVerbs = s.span(last.end, end);
  return { end, cueAt, segVerbs, before, afterVerbs };
}

function readObject(s: SubjectScene): string {
  const { n, ctx } = s;
  const { segStart, segEnd, sentence } = ctx;
  const { end, cueAt, segVerbs, before } = s.verbPhrase;
  let left = s.verbPhrase.afterVerbs;
  if (segVerbs.length > 0 && GENERIC_OBJECTS.has(left)) {
    if (before) left = s.span(segStart, end);
    else {
      // `…红色旅游示范村的沙洲村，当天接待游客1.2万人次`: the place was named in the clause before.
      const pcs = clauseStartOf(n, segStart - 1, sentence.start);
      const pc = segStart > sentence.start ? n.slice(pcs, segStart - 1) : '';
      const place = cleanSubject(pc.slice(pc.lastIndexOf('的') + 1));
      if (place && place.length <= 12 && PLACE_END.test(place)) left = place;
    }
  }
  if (cueAt >= 0) {
    // `增加旱涝保收农田面积近800亩`: the change verb is the action, the subject follows it; also
    // after a beneficiary (`可为农户减少粮食损耗约300吨`).
    const cueEnd = skipCue(n, cueAt);
    // A directional or rank-moving verb after the basis (`较上年前移6位`) is the change, not an object.
    const moved = ctx.directionalCue !== undefined && ctx.directionalCue >= cueEnd;
    if (cueEnd < segEnd && cueEnd > cueAt && !moved) {
      const object = s.span(cueEnd, segEnd);
      if (!left || (object.length >= 2 && BENEFICIARY.test(left) && !COPULAS.has(object)))
        left = object || left;
    }
  }
  return left;
}

function readLeft(object: string): string {
  let left = object;
  // `收缴手机45部、电脑9台`: an uncounted figure before 、 belongs to the item before it.
  const listMark = left.lastIndexOf('、');
  if (listMark > 0 && UNCOUNTED_ITEM.test(left.slice(0, listMark)) && listMark < left.length - 1)
    left = left.slice(listMark + 1);
  // `投资过10亿元的项目`: a lone comparative before the figure is a bound, not a subject.
  if (left.length === 1 && hasChar(LONE_COMPARATIVES, left)) left = '';
  return left;
}

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
  const cueEnd = cueEndAt(n, k);
  if (cueEnd > k || k === at || !BASIS_OPENERS.includes(n[at] ?? '')) return cueEnd;
  // `较2020年峰值减少`: after a basis opened by 较/比/与, the compared noun runs up to the cue.
  for (let j = k + 1; j < k + COMPARED_NOUN_MAX && j < n.length; j++) {
    if (CLAUSE_END.includes(n[j] ?? '')) break;
    const end = cueEndAt(n, j);
    if (end > j) return end;
  }
  return k;
}

/** The end of a change cue at `k` (`增长`, `净增`, `净减少`), or `k` when none starts there. */
function cueEndAt(n: string, k: number): number {
  const from = n[k] === NET ? k + 1 : k;
  for (const [cue] of CHANGE_CUES) if (n.startsWith(cue, from)) return from + cue.length;
  return from > k && SHORT_CHANGE_CUES.has(n[from] ?? '') ? from + 1 : k;
}

/** The noun phrase after the figure (`rightSubject` in ../context.ts), inside the figure's clause. */
export function nounAfter(s: SubjectScene, from: number, allowDe: boolean): string {
  return rightSubject(s.n, from, s.ctx.clauseEnd, allowDe);
}
