import { charTable, hasChar } from './chars.js';
import { type Decimal, exactIfUnsafe, parseDecimal, shift, toNumber } from './decimal.js';
import {
  INFIX_QUALIFIERS,
  LEXICAL_ZEROS,
  MAX_RANK_GROUP,
  PREFIX_QUALIFIERS,
  RANGE_SEPARATORS,
  RANK_CUES,
  RANK_GROUP_BREAKS,
  RANK_GROUP_NOUNS,
  RANK_GROUP_SUFFIXES,
  RANK_LIST_JOINS,
  RANK_ORDINAL_CLASSIFIERS,
  RANK_SCOPES,
  SCORE_CUES,
  SUFFIX_QUALIFIERS,
} from './lexicon/qualifiers.js';
import {
  CALL_CLASSIFIER,
  CALL_NOUNS,
  COUNT_INTRODUCERS,
  COUNTED_TIME_UNITS,
  DURATION_FOLLOWERS,
  matchUnit,
  SCORE_POINTS,
  SCORE_POINTS_VETO_NEXT,
  SCORE_WORDS,
  TIME_SUFFIXES,
  TOOL_CLASSIFIER,
  TOOL_CLASSIFIER_VETO_NEXT,
  type UnitEntry,
} from './lexicon/units.js';
import { matchVerb } from './lexicon/verbs.js';
import {
  CN_DIGITS as CN_DIGIT_VALUES,
  isCnDigit,
  isCnNumeralChar,
  parseArabicNumeral,
  parseChineseNumeral,
} from './numerals.js';
import type { MetricBound } from './types.js';

/** A figure found in the text, before any context (subject, verb, change) is attached. */
export interface Mention {
  /** Offsets in the article text of the whole surface (qualifiers and scope included). */
  start: number;
  end: number;
  /** Offset where the numeral itself starts (after any prefix qualifier or scope). */
  numStart: number;
  value: number;
  unit: string | null;
  normValue: number;
  normUnit: string | null;
  upper?: number;
  bound: MetricBound;
  kind: 'quantity' | 'rank' | 'zero' | 'score';
  /** Exact decimal strings of the numbers beyond 2^53 (see `NormalizedValue.exact`). */
  exact?: { value?: string; norm?: string; upper?: string };
}

/** Longest numeral we read as a quantity; longer digit runs are identifiers (and keep BigInt cheap). */
const MAX_NUMERAL_LENGTH = 24;
/** How far back a rank cue or clause start is looked for: keeps the scan linear. */
const LOOKBACK = 60;

const CLAUSE_BREAK = charTable(['，', '。', '；', '！', '？', '\n', '：', ':']);
/** Characters that may follow a complete figure: a clause or list boundary. */
const FIGURE_END = new Set([
  '，',
  '。',
  '；',
  '、',
  '！',
  '？',
  '\n',
  '）',
  ')',
  '：',
  '”',
  '"',
  ' ',
  '和',
  '与',
  '及',
]);

const MULTIPLIERS: readonly (readonly [string, number])[] = [
  ['万亿', 12],
  ['千万', 7],
  ['百万', 6],
  ['十万', 5],
  ['万', 4],
  ['亿', 8],
];

const MULTIPLIER_WORDS: readonly string[] = MULTIPLIERS.map(([m]) => m);

/** Time suffixes by first character: one map lookup per numeral instead of a scan of the list. */
const TIME_BY_FIRST: ReadonlyMap<string, readonly string[]> = (() => {
  const map = new Map<string, string[]>();
  for (const w of TIME_SUFFIXES) {
    const list = map.get(w[0] as string) ?? [];
    list.push(w);
    map.set(w[0] as string, list);
  }
  return map;
})();

/** After a length these still leave it a quantity (`10公里长的绿道`, `5公里内` is handled apart). */
const LENGTH_FOLLOWERS = '的长宽高深以左上内和及与、，。；';

function isIdeograph(c: number): boolean {
  return c >= 0x4e00 && c <= 0x9fff;
}

/** After N成 these make 成 the start of a verb or noun (成为, 成立, 成本), not tenths. */
const NOT_TENTHS = '为立本果绩员交功型熟长都品效';

function isAsciiDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function isAsciiWordChar(ch: string | undefined): boolean {
  if (ch === undefined) return false;
  const c = ch.charCodeAt(0);
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}

function isAsciiLetter(ch: string | undefined): boolean {
  if (ch === undefined) return false;
  const c = ch.charCodeAt(0);
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

/** End of an Arabic numeral at i: digits, `,ddd` groups (ASCII comma only), one decimal part. */
function readArabic(n: string, i: number): number {
  let j = i;
  while (j < n.length && isAsciiDigit(n.charCodeAt(j))) j++;
  for (;;) {
    if (
      n[j] === ',' &&
      isAsciiDigit(n.charCodeAt(j + 1)) &&
      isAsciiDigit(n.charCodeAt(j + 2)) &&
      isAsciiDigit(n.charCodeAt(j + 3)) &&
      !isAsciiDigit(n.charCodeAt(j + 4))
    ) {
      j += 4;
      continue;
    }
    break;
  }
  if (n[j] === '.' && isAsciiDigit(n.charCodeAt(j + 1))) {
    j++;
    while (j < n.length && isAsciiDigit(n.charCodeAt(j))) j++;
  }
  return j;
}

/** End of a Chinese numeral run at i (`三百`, `七十九点九`, `二〇二一`). */
function readChinese(n: string, i: number): number {
  let j = i;
  while (j < n.length) {
    const ch = n[j] as string;
    if (ch === '点') {
      if (j > i && isCnDigit(n[j + 1] ?? '')) {
        j++;
        continue;
      }
      break;
    }
    if (!isCnNumeralChar(ch)) break;
    j++;
  }
  return j;
}

function startsWithAny(n: string, at: number, words: readonly string[]): string | undefined {
  for (const w of words) if (n.startsWith(w, at)) return w;
  return undefined;
}

function endsWithAny(n: string, at: number, words: readonly string[]): string | undefined {
  for (const w of words) if (at - w.length >= 0 && n.startsWith(w, at - w.length)) return w;
  return undefined;
}

function clauseStart(n: string, at: number): number {
  const stop = Math.max(0, at - LOOKBACK);
  for (let k = at - 1; k >= stop; k--) if (CLAUSE_BREAK[n.charCodeAt(k)]) return k + 1;
  return stop;
}

function isMasked(mask: Uint8Array, from: number, to: number): boolean {
  for (let k = from; k < to; k++) if (mask[k]) return true;
  return false;
}

interface NumeralToken {
  end: number;
  num: Decimal;
  numEnd: number;
  upperNum?: Decimal;
  multText: string;
  multPower: number;
  infixBound?: MetricBound;
  chinese: boolean;
}

/** Reads numeral [余|多] [multiplier] [余|多] at i. */
function readNumeralToken(n: string, i: number): NumeralToken | { fail: number } {
  const c = n.charCodeAt(i);
  let j: number;
  let num: Decimal | undefined;
  let upperNum: Decimal | undefined;
  let chinese = false;
  let multText = '';
  let multPower = 0;
  if (isAsciiDigit(c)) {
    j = readArabic(n, i);
    if (j - i > MAX_NUMERAL_LENGTH) return { fail: j };
    num = parseArabicNumeral(n.slice(i, j));
  } else {
    chinese = true;
    j = readChinese(n, i);
    if (j - i > MAX_NUMERAL_LENGTH) return { fail: j };
    let run = n.slice(i, j);
    // A trailing 万/亿 is the multiplier, as for Arabic numerals (`两千万元` → 2000 万元).
    const last = run[run.length - 1];
    if (run.length > 1 && (last === '万' || last === '亿')) {
      multText = last;
      multPower = last === '万' ? 4 : 8;
      run = run.slice(0, -1);
    }
    const d1 = run[0];
    const d2 = run[1];
    const rest = run.slice(2);
    if (
      d1 !== undefined &&
      d2 !== undefined &&
      isCnDigit(d1) &&
      isCnDigit(d2) &&
      rest.length > 0 &&
      '十百千'.includes(rest[0] as string)
    ) {
      // Adjacent digits before a unit character are a range: 六七十 = 60 to 70.
      const lo = parseChineseNumeral(d1 + rest);
      const hi = parseChineseNumeral(d2 + rest);
      if (lo && hi && toNumber(hi) > toNumber(lo)) {
        num = lo;
        upperNum = hi;
      }
    } else if (
      run.length === 2 &&
      d1 !== undefined &&
      d2 !== undefined &&
      isCnDigit(d1) &&
      isCnDigit(d2) &&
      (CN_DIGIT_VALUES[d2] ?? 0) === (CN_DIGIT_VALUES[d1] ?? 0) + 1
    ) {
      // 七八个, 三四家: two adjacent digits are a vague range (7 to 8), not 78.
      num = parseChineseNumeral(d1);
      upperNum = parseChineseNumeral(d2);
    } else {
      num = parseChineseNumeral(run);
    }
  }
  if (!num) return { fail: Math.max(j, i + 1) };
  const numEnd = chinese ? j - multText.length : j;
  let infixBound: MetricBound | undefined;
  const q1 = INFIX_FIRST[n.charCodeAt(j)] ? INFIX_QUALIFIERS.get(n[j] as string) : undefined;
  if (q1 && !multText) {
    const after = startsWithAny(n, j + 1, MULTIPLIER_WORDS);
    if (after || matchUnit(n, j + 1) || guardedUnit(n, j + 1)) {
      infixBound = q1;
      j++;
    }
  }
  if (!multText && MULTIPLIER_FIRST[n.charCodeAt(j)]) {
    for (const [m, p] of MULTIPLIERS) {
      if (n.startsWith(m, j)) {
        // 十万/百万/千万 only follow Arabic numerals (`5千万` is rare; `三百万` is one Chinese run).
        if (chinese && m.length > 1) break;
        multText = m;
        multPower = p;
        j += m.length;
        break;
      }
    }
  }
  const q2 = INFIX_FIRST[n.charCodeAt(j)] ? INFIX_QUALIFIERS.get(n[j] as string) : undefined;
  if (q2 && !infixBound && multText) {
    infixBound = q2;
    j++;
  }
  const token: NumeralToken = { end: j, num, numEnd, multText, multPower, chinese };
  if (upperNum) token.upperNum = upperNum;
  if (infixBound) token.infixBound = infixBound;
  return token;
}

const FIGURE_END_TABLE = charTable(FIGURE_END);
const RANGE_TABLE = charTable(RANGE_SEPARATORS);
const INFIX_FIRST = charTable(INFIX_QUALIFIERS.keys());
const MULTIPLIER_FIRST = charTable(MULTIPLIER_WORDS.map((w) => w[0] as string));
const TIME_FIRST = charTable(TIME_BY_FIRST.keys());
const SUFFIX_FIRST = charTable(SUFFIX_QUALIFIERS.map(([w]) => w[0] as string));
const PREFIX_LAST = charTable(PREFIX_QUALIFIERS.map(([w]) => w[w.length - 1] as string));

/** The first suffix qualifier (lexicon order) written at j. */
function suffixAt(n: string, j: number): (typeof SUFFIX_QUALIFIERS)[number] | undefined {
  for (const q of SUFFIX_QUALIFIERS) if (n.startsWith(q[0], j)) return q;
  return undefined;
}

/** The first prefix qualifier (lexicon order) written right before i. */
function prefixBefore(
  n: string,
  i: number,
  checkJin: boolean,
): (typeof PREFIX_QUALIFIERS)[number] | undefined {
  for (const q of PREFIX_QUALIFIERS) {
    const w = q[0];
    if (i - w.length < 0 || !n.startsWith(w, i - w.length)) continue;
    // 附近3家, 最近3起: 近 belongs to the word before it.
    if (checkJin && w === '近' && hasChar('附最', n[i - 2])) continue;
    return q;
  }
  return undefined;
}

/**
 * The unit of a counted time (`优良天数为262天`): the time word at j is one of COUNTED_TIME_UNITS, a
 * count introducer is written right before the numeral at i (or before its prefix qualifier), and no
 * duration follower comes after it.
 */
function countedTime(n: string, i: number, j: number, timeWord: string): UnitEntry | undefined {
  const unit = COUNTED_TIME_UNITS.find((u) => u.surface === timeWord);
  if (!unit) return undefined;
  if (startsWithAny(n, j + unit.surface.length, DURATION_FOLLOWERS)) return undefined;
  const prefix = prefixBefore(n, i, true);
  const before = prefix ? i - prefix[0].length : i;
  return endsWithAny(n, before, COUNT_INTRODUCERS) ? unit : undefined;
}

/** 通 and 把 at j as classifiers, where what follows them allows it (lexicon/units.ts). */
function guardedUnit(n: string, j: number): UnitEntry | undefined {
  const c = n[j];
  if (c === '通')
    return isFigureEnd(n, j + 1) || startsWithAny(n, j + 1, CALL_NOUNS)
      ? CALL_CLASSIFIER
      : undefined;
  if (c === '把') return hasChar(TOOL_CLASSIFIER_VETO_NEXT, n[j + 1]) ? undefined : TOOL_CLASSIFIER;
  return undefined;
}

/** `得分92.5分`: 分 at j is the points of a score (not minutes) after a score word in the clause. */
function scorePointsAt(n: string, i: number, j: number): UnitEntry | undefined {
  if (n[j] !== '分' || hasChar(SCORE_POINTS_VETO_NEXT, n[j + 1])) return undefined;
  const clause = n.slice(clauseStart(n, i), i);
  for (const w of SCORE_WORDS) if (clause.includes(w)) return SCORE_POINTS;
  return undefined;
}

function isFigureEnd(n: string, at: number): boolean {
  return at >= n.length || FIGURE_END_TABLE[n.charCodeAt(at)] === 1;
}

function unitText(multText: string, unit: UnitEntry | undefined): string | null {
  const u = multText + (unit?.surface ?? '');
  return u.length > 0 ? u : null;
}

function normalize(
  num: Decimal,
  multPower: number,
  unit: UnitEntry | undefined,
): { value: number; unit: string | null; exact: string | undefined } {
  let d = shift(num, multPower);
  if (unit) {
    const f = parseDecimal(unit.factor);
    if (f) d = { mantissa: d.mantissa * f.mantissa, exponent: d.exponent + f.exponent };
  }
  return { value: toNumber(d), unit: unit ? unit.norm : null, exact: exactIfUnsafe(d) };
}

/** The exact strings a mention needs, or undefined when every number is a safe double. */
function exactOf(
  value: Decimal,
  norm: string | undefined,
  upper: string | undefined,
): Mention['exact'] | undefined {
  const v = exactIfUnsafe(value);
  if (v === undefined && norm === undefined && upper === undefined) return undefined;
  const out: NonNullable<Mention['exact']> = {};
  if (v !== undefined) out.value = v;
  if (norm !== undefined) out.norm = norm;
  if (upper !== undefined) out.upper = upper;
  return out;
}

function tryQuantity(n: string, i: number, mask: Uint8Array): { mention?: Mention; next: number } {
  const tok = readNumeralToken(n, i);
  if ('fail' in tok) return { next: tok.fail };
  let j = tok.end;
  let upper: Decimal | undefined = tok.upperNum;
  let upperPower = tok.multPower;
  let multText = tok.multText;
  let multPower = tok.multPower;
  // An explicit range: 2-4组, 2至4组, 10亿~30亿元.
  if (!tok.infixBound && !upper && RANGE_TABLE[n.charCodeAt(j)]) {
    const k = j + 1;
    const c2 = n[k];
    if (
      c2 !== undefined &&
      (tok.chinese ? isCnDigit(c2) || c2 === '十' : isAsciiDigit(n.charCodeAt(k)))
    ) {
      const tok2 = readNumeralToken(n, k);
      if (!('fail' in tok2) && !tok2.infixBound) {
        upper = tok2.num;
        upperPower = tok2.multPower;
        if (!multText && tok2.multText) {
          multText = tok2.multText;
          multPower = tok2.multPower;
        }
        j = tok2.end;
      }
    }
  }
  const next = j;
  const timeWords = TIME_FIRST[n.charCodeAt(j)] ? TIME_BY_FIRST.get(n[j] as string) : undefined;
  const timeWord = timeWords ? startsWithAny(n, j, timeWords) : undefined;
  const counted = timeWord ? countedTime(n, i, j, timeWord) : undefined;
  const points = timeWord === '分' ? scorePointsAt(n, i, j) : undefined;
  if (timeWord && !counted && !points) return { next };
  // Identifiers: file names, codes, 5A级, times (21:40), ratios (7.2:41.6), 4·21.
  const prev = n[i - 1];
  // A colon or dot joins digits in times and ratios (21:40, 7.2:41.6); after a word it is punctuation.
  const joined = (prev === ':' || prev === '.' || prev === '/') && isAsciiWordChar(n[i - 2]);
  if (isAsciiWordChar(prev) || prev === '·' || joined) return { next };
  const follow = n[j];
  if (
    follow === '·' ||
    follow === '_' ||
    ((follow === ':' || follow === '.' || follow === '/') && isAsciiWordChar(n[j + 1]))
  )
    return { next };
  const unit = counted ?? points ?? matchUnit(n, j) ?? guardedUnit(n, j);
  if (!unit && isAsciiLetter(follow)) return { next };
  if (unit) j += unit.surface.length;
  let bound: MetricBound = upper ? 'range' : (tok.infixBound ?? 'exact');
  let qualifierEnd = j;
  const suffix = SUFFIX_FIRST[n.charCodeAt(j)] ? suffixAt(n, j) : undefined;
  if (suffix && (unit || multText)) {
    qualifierEnd = j + suffix[0].length;
    // `5人以下派出所`, `50亿元以上重大项目`, `80%以上的`: a threshold defining a category.
    if ((suffix[1] === 'lower' || suffix[1] === 'upper') && !isFigureEnd(n, qualifierEnd))
      return { next: qualifierEnd };
    if (bound === 'exact') bound = suffix[1];
  }
  let start = i;
  const prefix = PREFIX_LAST[n.charCodeAt(i - 1)] ? prefixBefore(n, i, true) : undefined;
  if (prefix && !upper) {
    start = i - prefix[0].length;
    if (bound === 'exact') bound = prefix[1];
  }
  // 每100人 is a rate base; 第3 an ordinal that was not a rank.
  if (n[start - 1] === '每' || n[i - 1] === '第') return { next };
  if (isMasked(mask, start, qualifierEnd)) return { next: qualifierEnd };
  const numText = n.slice(i, tok.numEnd);
  const value = toNumber(tok.num);
  if (!unit && !multText) {
    // A unit-less figure is only an index score (`指数得分为118.40`).
    if (tok.chinese || !endsWithAny(n, start, SCORE_CUES)) return { next };
    const m: Mention = {
      start,
      end: qualifierEnd,
      numStart: i,
      value,
      unit: null,
      normValue: value,
      normUnit: null,
      bound,
      kind: 'score',
    };
    const exact = exactOf(tok.num, exactIfUnsafe(tok.num), undefined);
    if (exact) m.exact = exact;
    return { mention: m, next: qualifierEnd };
  }
  if (!unit && multText && !isFigureEnd(n, j)) return { next };
  if (tok.chinese) {
    // 上千人, 数十家, 几百名, 成千上万: vague magnitudes, not figures.
    if ('十百千万'.includes(n[i] as string) && hasChar('上数几成', n[i - 1])) return { next };
    // 千家万户, 百家争鸣, “百场宣讲”: a bare round 十/百/千 is an idiom or a campaign name.
    if (numText.length === 1 && '十百千'.includes(numText) && bound === 'exact' && !multText)
      return { next };
    // Bare small Chinese counts are narrative (`两个团伙`, `三道防线`, `一辆摩托车`); idioms use 一.
    const small = value < 10 && !tok.upperNum && !multText;
    const vague = bound === 'exact';
    if (small && vague && unit?.kind !== 'percent') return { next };
    // 七八个, 三四家: a vague small range is narrative too.
    if (tok.upperNum && value < 10) return { next };
    if (numText === '一' && !multText) return { next };
    if (unit?.surface === '成' && value >= 10) return { next };
  } else if (unit?.surface === '成' && (value >= 10 || hasChar(NOT_TENTHS, n[j]))) {
    // 10人成立, 3成为: 成 starts a verb here, not tenths.
    return { next };
  }
  // 10米气步枪, 100米跑, 3000米障碍: metres naming an event, not a quantity. Kilometres followed by a
  // noun are usually built lengths (`新改建农村公路1200公里惠及…`), so they stay.
  if (
    unit?.surface === '米' &&
    !multText &&
    bound === 'exact' &&
    qualifierEnd === j &&
    isIdeograph(n.charCodeAt(j)) &&
    !LENGTH_FOLLOWERS.includes(n[j] as string)
  )
    return { next };
  // 京港澳高速1234公里处: a position along a road, not a length.
  if (unit?.norm === 'km' && n[qualifierEnd] === '处') return { next };
  // 10万吨级码头, 5000吨级泊位: a size class, not a quantity.
  if (unit && n[qualifierEnd] === '级') return { next };
  // 5栋302室: an address, not a count.
  if ((unit?.surface === '栋' || unit?.surface === '幢') && isAsciiDigit(n.charCodeAt(j)))
    return { next };
  // 5公里内 / 方圆5公里: a radius, not a quantity.
  if (
    unit?.kind === 'measure' &&
    (n[qualifierEnd] === '内' || endsWithAny(n, start, ['方圆', '半径']))
  )
    return { next };
  const norm = normalize(tok.num, multPower, unit);
  const m: Mention = {
    start,
    end: qualifierEnd,
    numStart: i,
    value,
    unit: unitText(multText, unit),
    normValue: norm.value,
    normUnit: norm.unit,
    bound,
    kind: 'quantity',
  };
  const up = upper ? normalize(upper, upperPower || multPower, unit) : undefined;
  if (up) m.upper = up.value;
  const exact = exactOf(tok.num, norm.exact, up?.exact);
  if (exact) m.exact = exact;
  return { mention: m, next: qualifierEnd };
}

function tryRank(n: string, i: number, mask: Uint8Array): Mention | undefined {
  const head = n[i];
  let k = i + 1;
  let numStart = k;
  if (head === 'N' || head === 'n') {
    if (!/^[Nn][Oo]\.\d/.test(n.slice(i, i + 4))) return undefined;
    k = i + 3;
    numStart = k;
  }
  const c = n.charCodeAt(k);
  let end: number;
  let num: Decimal | undefined;
  if (isAsciiDigit(c)) {
    end = k;
    while (end < n.length && end - k < 4 && isAsciiDigit(n.charCodeAt(end))) end++;
    num = parseArabicNumeral(n.slice(k, end));
  } else {
    end = k;
    while (end < n.length && end - k < 4 && (isCnDigit(n[end] as string) || n[end] === '十')) end++;
    num = end > k ? parseChineseNumeral(n.slice(k, end)) : undefined;
  }
  if (!num) return undefined;
  const value = toNumber(num);
  if (value <= 0) return undefined;
  let unit: string | null = null;
  const scopeAt = rankScopeStart(n, i, mask);
  // `全国第七个…的城市`, `全省第二家…`: an ordinal classifier after a scope ranks who did it first.
  const ordinalClassifier =
    head === '第' && scopeAt !== undefined && RANK_ORDINAL_CLASSIFIERS.includes(n[end] ?? '');
  if (head !== 'N' && head !== 'n' && (n[end] === '位' || n[end] === '名')) {
    unit = n[end] as string;
    end++;
  } else if (head === '前' && RANK_GROUP_SUFFIXES.includes(n[end] ?? '')) {
    // 前三甲, 前十强: the top group.
    unit = n[end] as string;
    end++;
  } else if (ordinalClassifier) {
    unit = n[end] as string;
    end++;
  }
  const listed = rankFollows(n, end);
  if (
    !ordinalClassifier &&
    !listed &&
    (!isFigureEnd(n, end) || n[end] === '和' || n[end] === ' ')
  ) {
    if (!(head === 'N' || head === 'n') || isAsciiWordChar(n[end])) return undefined;
  }
  if (isMasked(mask, i, end)) return undefined;
  let start = i;
  if (head !== 'N' && head !== 'n') {
    const cs = clauseStart(n, i);
    const before = n.slice(cs, i);
    const cued =
      scopeAt !== undefined ||
      RANK_CUES.some((w) => before.includes(w)) ||
      /[省市区县国内）)]$/.test(before);
    if (!cued) return undefined;
  }
  if (scopeAt !== undefined) start = scopeAt;
  return {
    start,
    end,
    numStart,
    value,
    unit,
    normValue: value,
    normUnit: 'rank',
    bound: head === '前' ? 'upper' : 'exact',
    kind: 'rank',
  };
}

/**
 * `第二和第五`, `第三及全国第八`: a list mark at `at` followed by another rank (a scope, 第/前, a numeral,
 * 位/名) that ends where a figure ends. Reads a few characters only, so a long list stays linear.
 */
function rankFollows(n: string, at: number): boolean {
  if (!hasChar(RANK_LIST_JOINS, n[at])) return false;
  let k = at + 1;
  const scope = startsWithAny(n, k, RANK_SCOPES);
  if (scope) k += scope.length;
  if (n[k] !== '第' && n[k] !== '前') return false;
  const digits = ++k;
  while (
    k - digits < 4 &&
    (isAsciiDigit(n.charCodeAt(k)) || isCnDigit(n[k] ?? '') || n[k] === '十')
  )
    k++;
  if (k === digits) return false;
  if (n[k] === '位' || n[k] === '名') k++;
  return (isFigureEnd(n, k) && n[k] !== ' ') || hasChar(RANK_LIST_JOINS, n[k]);
}

/**
 * Start of the scope written before a rank at i: `全省` in `全省第一`, or `全省` with the group ranked
 * in (`全省基层法院前五`): a few ideographs, no break, digit or verb between the scope and i.
 */
function rankScopeStart(n: string, i: number, mask: Uint8Array): number | undefined {
  const direct = endsWithAny(n, i, RANK_SCOPES) ?? endsWithAny(n, i, RANK_GROUP_NOUNS);
  if (direct) return i - direct.length;
  for (let p = i - 1; p >= 0 && i - p <= MAX_RANK_GROUP; p--) {
    const ch = n[p] as string;
    if (mask[p] || !isIdeograph(n.charCodeAt(p)) || RANK_GROUP_BREAKS.includes(ch))
      return undefined;
    if (matchVerb(n, p, i)) return undefined;
    const scope = endsWithAny(n, p, RANK_SCOPES);
    if (scope) return p - scope.length;
  }
  return undefined;
}

/** `百分之九十五` / `千分之三`: a percentage written out in words. */
function tryPercentWords(n: string, i: number, mask: Uint8Array): Mention | undefined {
  const per = n.startsWith('百分之', i) ? 1 : n.startsWith('千分之', i) ? 0.1 : 0;
  if (per === 0) return undefined;
  const k = i + 3;
  const end = readChinese(n, k);
  if (end === k || isMasked(mask, i, end)) return undefined;
  const num = parseChineseNumeral(n.slice(k, end));
  if (!num) return undefined;
  const value = toNumber(num);
  const normValue =
    per === 1 ? value : toNumber({ mantissa: num.mantissa, exponent: num.exponent - 1 });
  let start = i;
  let bound: MetricBound = 'exact';
  const prefix = PREFIX_LAST[n.charCodeAt(i - 1)] ? prefixBefore(n, i, false) : undefined;
  if (prefix) {
    start = i - prefix[0].length;
    bound = prefix[1];
  }
  return {
    start,
    end,
    numStart: i,
    value,
    unit: per === 1 ? '%' : '‰',
    normValue,
    normUnit: '%',
    bound,
    kind: 'quantity',
  };
}

function tryZero(n: string, i: number, mask: Uint8Array): Mention | undefined {
  for (const z of LEXICAL_ZEROS) {
    if (n.startsWith(z.surface, i) && !isMasked(mask, i, i + z.surface.length)) {
      return {
        start: i,
        end: i + z.surface.length,
        numStart: i,
        value: 0,
        unit: null,
        normValue: 0,
        normUnit: z.unit,
        bound: 'exact',
        kind: 'zero',
      };
    }
  }
  return undefined;
}

const CN_START = charTable([
  '一',
  '二',
  '两',
  '三',
  '四',
  '五',
  '六',
  '七',
  '八',
  '九',
  '十',
  '百',
  '千',
  '〇',
  '零',
]);

/** Marks between two items of a list of figures. */
const LIST_MARK = charTable('、和及与');

/** Characters where a figure may start: digits, Chinese numerals, 第/前/NO. ranks, 零/全 zeros. */
const CANDIDATES = charTable('0123456789第前Nn零全一二两三四五六七八九十百千〇');

/**
 * Finds every figure in the normalised text, in document order, skipping masked spans; reading stops
 * once `max` figures are found (the caller sees `out.length === max` and flags the article partial).
 */
export function findMentions(
  n: string,
  mask: Uint8Array,
  max: number = Number.POSITIVE_INFINITY,
): Mention[] {
  const out: Mention[] = [];
  const length = n.length;
  let i = 0;
  while (i < length && out.length < max) {
    if (!CANDIDATES[n.charCodeAt(i)] || mask[i]) {
      i++;
      continue;
    }
    const ch = n[i] as string;
    let next = i + 1;
    if (ch === '第' || ch === '前' || ch === 'N' || ch === 'n') {
      const r = tryRank(n, i, mask);
      if (r) {
        out.push(r);
        i = r.end;
        continue;
      }
    }
    if (ch === '百' || ch === '千') {
      const p = tryPercentWords(n, i, mask);
      if (p) {
        out.push(p);
        i = p.end;
        continue;
      }
    }
    if (ch === '零' || ch === '全') {
      const z = tryZero(n, i, mask);
      if (z) {
        out.push(z);
        i = z.end;
        continue;
      }
    }
    if (isAsciiDigit(n.charCodeAt(i)) || CN_START[n.charCodeAt(i)]) {
      const q = tryQuantity(n, i, mask);
      if (q.mention) out.push(q.mention);
      next = Math.max(q.next, i + 1);
    }
    i = next;
  }
  carryListUnit(n, out);
  return out;
}

/**
 * `分别提升1.5个、2.3个百分点`: a list writes 百分点 once, after its last item, so an item in 个 right
 * before a listed item in 个百分点 is in 个百分点 too. Walks back so a longer list carries it all the way.
 */
function carryListUnit(n: string, out: Mention[]): void {
  for (let k = out.length - 2; k >= 0; k--) {
    const a = out[k] as Mention;
    const b = out[k + 1] as Mention;
    if (a.kind !== 'quantity' || a.unit !== '个' || b.normUnit !== 'pp') continue;
    if (b.start - a.end !== 1 || !LIST_MARK[n.charCodeAt(a.end)]) continue;
    a.unit = b.unit;
    a.normUnit = b.normUnit;
    a.normValue = a.value;
  }
}
