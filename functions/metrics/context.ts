import { charTable, hasChar } from './chars.js';
import {
  CHANGE_CUES,
  CHANGE_NOUN_SUFFIXES,
  CHANGE_VETO_PREFIXES,
  COMPARED_BASIS_OPEN,
  COMPARED_NOUN_MAX,
  MOM_CUES,
  OTHER_BASIS_CUES,
  SHORT_CHANGE_CUES,
  YEAR_BASIS_PATTERN,
  YOY_CUES,
  YOY_PATTERN,
} from './lexicon/change.js';
import {
  ADVERBS_BEFORE_VERB,
  CHINESE_DIGITS,
  KEEP_ENDINGS,
  LEADING_NOISE,
  PREDICATE_ADVERBS,
  PREDICATE_WORDS,
  RATE_TAIL,
  RIGHT_STOPS,
  TRAILING_NOISE,
} from './lexicon/phrase.js';
import { matchVerb } from './lexicon/verbs.js';
import type { MetricChange } from './types.js';

/** Clause punctuation: a figure's subject, verb and change cue are looked for inside its clause. */
const CLAUSE_BREAKS: ReadonlySet<string> = new Set([
  '，',
  '。',
  '；',
  '！',
  '？',
  '\n',
  '：',
  ':',
  ';',
]);
/** Bounded look-back keeps every context search linear in the text length. */
const MAX_CLAUSE = 80;

const CLAUSE_BREAK_TABLE = charTable(CLAUSE_BREAKS);

export function clauseStartOf(n: string, at: number, floor: number): number {
  const stop = Math.max(floor, at - MAX_CLAUSE);
  for (let k = at - 1; k >= stop; k--) if (CLAUSE_BREAK_TABLE[n.charCodeAt(k)]) return k + 1;
  return stop;
}

export function clauseEndOf(n: string, at: number, ceiling: number): number {
  const stop = Math.min(ceiling, at + MAX_CLAUSE);
  for (let k = at; k < stop; k++) if (CLAUSE_BREAK_TABLE[n.charCodeAt(k)]) return k;
  return stop;
}

export interface VerbHit {
  verb: string;
  start: number;
  end: number;
}

/** Every action verb in [from, to) outside quoted names, left to right, skipping over each match. */
export function findVerbs(n: string, from: number, to: number, mask: Uint8Array): VerbHit[] {
  const out: VerbHit[] = [];
  let k = from;
  while (k < to) {
    const v = mask[k] ? undefined : matchVerb(n, k, to);
    if (v && v.length === 1 && insideWord(n, k, from, to)) {
      k++;
      continue;
    }
    if (v) {
      out.push({ verb: v, start: k, end: k + v.length });
      k += v.length;
    } else k++;
  }
  return out;
}

/**
 * ICU word segmentation (built into Node) vetoes a one-character verb that sits inside a longer word
 * (`破` in 破坏, `建` in 建档立卡). Multi-character verbs are trusted: the segmenter splits some of
 * them (侦|破) while the lexicon already knows them. Without Intl.Segmenter nothing is vetoed.
 */
let segmenter: Intl.Segmenter | undefined;
const SEGMENT_WINDOW = 6;

/** Built on first use: loading ICU's Chinese word data takes a cold start about 16 ms. */
function wordSegmenter(): Intl.Segmenter | undefined {
  if (typeof Intl.Segmenter !== 'function') return undefined;
  segmenter ??= new Intl.Segmenter('zh', { granularity: 'word' });
  return segmenter;
}

function insideWord(n: string, at: number, from: number, to: number): boolean {
  const words = wordSegmenter();
  if (!words) return false;
  const start = Math.max(from, at - SEGMENT_WINDOW);
  const window = n.slice(start, Math.min(to, at + SEGMENT_WINDOW));
  // The segment holding `at`, without walking the segments before it.
  const seg = words.segment(window).containing(at - start);
  return seg !== undefined && seg.segment.length > 1;
}

/** The last verb before the figure, with any verbs coordinated to it by `、`/`和` (`查扣、冻结`). */
export function actionOf(all: readonly VerbHit[], n: string): VerbHit[] {
  // 建成后, 投产后: a time clause, not the action.
  const verbs = all.filter((v) => n[v.end] !== '后');
  const last = verbs[verbs.length - 1];
  if (!last) return [];
  const group = [last];
  for (let k = verbs.length - 2; k >= 0; k--) {
    const v = verbs[k] as VerbHit;
    const head = group[0] as VerbHit;
    const gap = n.slice(v.end, head.start);
    if (gap === '、' || gap === '和' || gap === '及' || gap === '并') group.unshift(v);
    else break;
  }
  return group;
}

export interface ChangeHit {
  direction: 'up' | 'down';
  start: number;
}

/** CHANGE_CUES by the code of their first character, in lexicon order: one map lookup per position. */
const CUES_BY_FIRST_CODE: ReadonlyMap<number, readonly (readonly [string, 'up' | 'down'])[]> =
  (() => {
    const map = new Map<number, (readonly [string, 'up' | 'down'])[]>();
    for (const entry of CHANGE_CUES) {
      const code = entry[0].charCodeAt(0);
      const list = map.get(code) ?? [];
      list.push(entry);
      map.set(code, list);
    }
    return map;
  })();

function vetoedCue(n: string, k: number): boolean {
  for (const p of CHANGE_VETO_PREFIXES) if (n.startsWith(p, k - 1)) return true;
  return false;
}

/** The change cue nearest before `to` in [from, to). */
export function findChange(
  n: string,
  from: number,
  to: number,
  figureStart: number,
): ChangeHit | undefined {
  let best: ChangeHit | undefined;
  for (let k = from; k < to; k++) {
    const cues = CUES_BY_FIRST_CODE.get(n.charCodeAt(k));
    if (cues === undefined) continue;
    for (const [cue, direction] of cues) {
      if (!n.startsWith(cue, k) || k + cue.length > to) continue;
      if (vetoedCue(n, k)) continue;
      if (CHANGE_NOUN_SUFFIXES.has(n[k + cue.length] ?? '')) continue;
      // 负增长: a negative growth is a fall.
      const negative = n[k - 1] === '负' && direction === 'up';
      best = { direction: negative ? 'down' : direction, start: negative ? k - 1 : k };
    }
  }
  // 同比增5%, 降3.2%: a single character right before the figure.
  const short = SHORT_CHANGE_CUES.get(n[figureStart - 1] ?? '');
  if (short && n[figureStart - 2] !== '新') return { direction: short, start: figureStart - 1 };
  return best;
}

export function findBasis(n: string, from: number, to: number): MetricChange['basis'] {
  const clause = n.slice(from, to);
  if (includesAny(clause, MOM_CUES)) return 'mom';
  if (includesAny(clause, YOY_CUES) || YOY_PATTERN.test(clause)) return 'yoy';
  return null;
}

function includesAny(s: string, words: readonly string[]): boolean {
  for (const w of words) if (s.includes(w)) return true;
  return false;
}

const BASIS_CUT_CUES = [...YOY_CUES, ...MOM_CUES, ...OTHER_BASIS_CUES];
/** Change cues that cut a subject: 涨幅/增幅 name the rate itself, they are the subject. */
const CUT_CHANGE_CUES = CHANGE_CUES.map(([cue]) => cue).filter((cue) => !cue.endsWith('幅'));
/** YOY_PATTERN and YEAR_BASIS_PATTERN, tried at one position (both start with 与, 较 or 比). */
const YOY_AT = new RegExp(YOY_PATTERN.source, 'y');
const YEAR_BASIS_AT = new RegExp(YEAR_BASIS_PATTERN.source, 'y');
/** `较治理前下降`, `较峰值减少`: 较 and a short compared phrase right before a change cue. */
const COMPARED_BASIS_AT = new RegExp(
  `${COMPARED_BASIS_OPEN}[^，。；、：\\d较比]{1,${COMPARED_NOUN_MAX}}?(?:${CUT_CHANGE_CUES.join('|')})`,
  'y',
);
/** First characters of every cut point below. */
const CUT_FIRST = charTable([
  ...[...BASIS_CUT_CUES, ...CUT_CHANGE_CUES].map((w) => w[0] as string),
  '与',
  '较',
  '比',
]);

/**
 * Earliest change or basis cue in [from, to): the subject of a change is written before it. The
 * earliest of several searches is the first position where any of them matches, so one left-to-right
 * pass tries them all at each position that starts one of them.
 */
export function firstChangeCue(n: string, from: number, to: number): number {
  const clause = n.slice(from, to);
  for (let k = 0; k < clause.length; k++) {
    if (CUT_FIRST[clause.charCodeAt(k)] && cutsAt(clause, k)) return from + k;
  }
  return -1;
}

function cutsAt(clause: string, k: number): boolean {
  for (const c of BASIS_CUT_CUES) if (clause.startsWith(c, k)) return true;
  YOY_AT.lastIndex = k;
  if (YOY_AT.test(clause)) return true;
  YEAR_BASIS_AT.lastIndex = k;
  if (YEAR_BASIS_AT.test(clause)) return true;
  COMPARED_BASIS_AT.lastIndex = k;
  if (COMPARED_BASIS_AT.test(clause)) return true;
  for (const cue of CUT_CHANGE_CUES) {
    if (!clause.startsWith(cue, k)) continue;
    if (k > 0 && clause[k - 1] === '新') continue;
    if (CHANGE_NOUN_SUFFIXES.has(clause[k + cue.length] ?? '')) continue;
    return true;
  }
  return false;
}

/** Trims connectors, scopes and copulas around a subject phrase (`全市共破` → ``, `总收入达` → `总收入`). */
export function cleanSubject(s: string): string {
  let out = s;
  for (let changed = true; changed && out.length > 0; ) {
    changed = false;
    // One pass over LEADING_NOISE in order, stripping each word that starts the phrase. Only words
    // starting with the phrase's current first character can match, so jump between those.
    for (let k = 0; ; ) {
      const hit = nextNoise(LEADING_BY_FIRST.get(out.charCodeAt(0)), k, out, true);
      if (hit < 0) break;
      out = out.slice((LEADING_NOISE[hit] as string).length);
      changed = true;
      k = hit + 1;
    }
    // The same over TRAILING_NOISE at the end of the phrase.
    for (let k = 0; ; ) {
      const hit = nextNoise(TRAILING_BY_LAST.get(out.charCodeAt(out.length - 1)), k, out, false);
      if (hit < 0) break;
      out = out.slice(0, out.length - (TRAILING_NOISE[hit] as string).length);
      changed = true;
      k = hit + 1;
    }
  }
  return out;
}

/** Indexes into `words`, ascending, by the code of each word's first (or last) character. */
function indexBy(words: readonly string[], last: boolean): ReadonlyMap<number, readonly number[]> {
  const map = new Map<number, number[]>();
  words.forEach((w, k) => {
    const code = w.charCodeAt(last ? w.length - 1 : 0);
    const list = map.get(code) ?? [];
    list.push(k);
    map.set(code, list);
  });
  return map;
}

const LEADING_BY_FIRST = indexBy(LEADING_NOISE, false);
const TRAILING_BY_LAST = indexBy(TRAILING_NOISE, true);

/** The first noise word at or after index `from` that starts (or ends) `out` and may be trimmed. */
function nextNoise(
  candidates: readonly number[] | undefined,
  from: number,
  out: string,
  leading: boolean,
): number {
  if (candidates === undefined) return -1;
  for (const k of candidates) {
    if (k < from) continue;
    if (leading) {
      if (out.startsWith(LEADING_NOISE[k] as string)) return k;
    } else if (out.endsWith(TRAILING_NOISE[k] as string) && !keepsEnding(out)) return k;
  }
  return -1;
}

function keepsEnding(s: string): boolean {
  for (const k of KEEP_ENDINGS) if (s.endsWith(k)) return true;
  return false;
}

const MAX_RIGHT_SUBJECT = 24;

/** The noun phrase written right after a figure (`5万余个“雪亮工程” 摄像头`), or ''. */
export function rightSubject(n: string, start: number, ceiling: number, allowDe: boolean): string {
  let from = start;
  if (n[from] === '的') {
    if (!allowDe) return '';
    from++;
  }
  const c = n.charCodeAt(from);
  if ((c >= 48 && c <= 57) || hasChar(CHINESE_DIGITS, n[from])) return '';
  // 已追回, 将用于, 被评为: an adverb starts a predicate, not a noun.
  if (hasChar(PREDICATE_ADVERBS, n[from])) return '';
  const stop = Math.min(ceiling, from + MAX_RIGHT_SUBJECT);
  let k = from;
  let changeStop = false;
  for (;;) {
    if (k >= stop) break;
    if (n[k] === '（' || n[k] === '(') {
      // A short parenthesis belongs to the noun: 直报旅游区（点）, 百强县（市）.
      const close = n.slice(k + 1, k + 6).indexOf(n[k] === '（' ? '）' : ')') + k + 1;
      if (close > k && close < ceiling) {
        k = close + 1;
        continue;
      }
      break;
    }
    if (RIGHT_STOPS.has(n[k] as string)) break;
    const d = n.charCodeAt(k);
    if (d >= 48 && d <= 57) break;
    if (k > from && matchVerb(n, k, stop)) break;
    // `46家重点酒店入住率上升`: a change cue starts the predicate of a new clause.
    if (k > from && CUT_FIRST[n.charCodeAt(k)] && startsChange(n, k)) {
      changeStop = true;
      break;
    }
    // `8万亩晚稻陆续进入…`, `300家企业参展`: an adverb or intransitive verb starts the predicate.
    if (k > from && PREDICATE_FIRST[n.charCodeAt(k)] && startsPredicate(n, k)) break;
    // 共接待, 已完成: an adverb before a verb ends the noun.
    if (k > from && ADVERBS_BEFORE_VERB.includes(n[k] as string) && matchVerb(n, k + 1, stop))
      break;
    if (k === from && matchVerb(n, k, stop)) return '';
    k++;
  }
  if (k >= stop && k < ceiling && !RIGHT_STOPS.has(n[k] as string)) return '';
  const phrase = cleanSubject(n.slice(from, k).trim());
  // What changes there is a rate of the things counted (`入住率上升`): they are the noun before it.
  const rate = changeStop ? RATE_TAIL.exec(phrase) : null;
  return rate && rate.index >= 2 ? phrase.slice(0, rate.index) : phrase;
}

const PREDICATE_FIRST = charTable(PREDICATE_WORDS.map((w) => w[0] as string));

function startsPredicate(n: string, k: number): boolean {
  for (const w of PREDICATE_WORDS) if (n.startsWith(w, k)) return true;
  return false;
}

/** A change cue (not a 幅 noun, not 新增长) starts at `k`. */
function startsChange(n: string, k: number): boolean {
  for (const cue of CUT_CHANGE_CUES) {
    if (!n.startsWith(cue, k)) continue;
    if (CHANGE_NOUN_SUFFIXES.has(n[k + cue.length] ?? '')) continue;
    return true;
  }
  return false;
}
