import type { MetricBound } from '../types.js';

/** Qualifiers written before a numeral, longest first (`至少有1个`, `近900万台次`, `超42万人`). */
export const PREFIX_QUALIFIERS: readonly (readonly [string, MetricBound])[] = [
  ['不少于', 'lower'],
  ['至少有', 'lower'],
  ['至少', 'lower'],
  ['超过', 'lower'],
  ['不低于', 'lower'],
  ['逾', 'lower'],
  ['超', 'lower'],
  ['将近', 'upper'],
  ['接近', 'upper'],
  ['不足', 'upper'],
  ['不到', 'upper'],
  ['不超过', 'upper'],
  ['近', 'upper'],
  ['约为', 'approx'],
  ['大约', 'approx'],
  ['约', 'approx'],
];

/** Qualifiers written between the numeral and the unit or multiplier (`1000余起`, `480多亿元`). */
export const INFIX_QUALIFIERS: ReadonlyMap<string, MetricBound> = new Map([
  ['余', 'lower'],
  ['多', 'lower'],
]);

/** Qualifiers written after the unit (`480公斤以上`, `6.5%以内`, `50人左右`). */
export const SUFFIX_QUALIFIERS: readonly (readonly [string, MetricBound])[] = [
  ['及以上', 'lower'],
  ['及以下', 'upper'],
  ['以上', 'lower'],
  ['之上', 'lower'],
  ['以下', 'upper'],
  ['以内', 'upper'],
  ['之内', 'upper'],
  ['左右', 'approx'],
  ['上下', 'approx'],
];

/** Range separators between two numerals (`2-4组`, `2至4组`, `10亿~30亿元`). */
export const RANGE_SEPARATORS: ReadonlySet<string> = new Set([
  '-',
  '~',
  '至',
  '到',
  '—',
  '–',
  '〜',
  '－',
]);

/** Words just before a numeral whose unit-less figure is an index score (`指数得分为118.40`). */
export const SCORE_CUES: readonly string[] = ['得分为', '得分', '指数为', '综合得分', '分值为'];

/**
 * Words earlier in the clause that make `第N`/`前N` a ranking (`排名全省前三`, `居全省第一`,
 * `总分第二`), as opposed to an enumeration (`第一，…`) or an ordinal name.
 */
export const RANK_CUES: readonly string[] = [
  '排名',
  '排行',
  '排位',
  '排序',
  '位居',
  '位列',
  '位于',
  '名列',
  '居于',
  '跃居',
  '跃升',
  '升至',
  '居',
  '列',
  '总分',
  '综合',
  '考核',
  '评估',
  '榜',
  '全省',
  '全市',
  '全国',
  '全县',
  '全区',
  '全州',
  '地区',
  '保持',
  '进入',
  '排',
  '获',
  '夺得',
  '取得',
];

/**
 * Groups of places ranked among, written right before 第N/前N (`市州前十`, `乡镇第一`): a scope like
 * `全省`, kept in the rank's text, and a ranking even without a verb. (Groups ending in 省/市/区/县
 * are already read as ranked among.)
 */
export const RANK_GROUP_NOUNS: readonly string[] = ['市州', '地州', '州市', '乡镇', '街道', '省份'];

/** Marks that join two ranks of one list (`第二和第五`, `全省第二、全国第五`). */
export const RANK_LIST_JOINS = '和及与、';

/** Scopes kept in a rank's text when written right before it (`全省第一`). */
export const RANK_SCOPES: readonly string[] = [
  '全省',
  '全市',
  '全国',
  '全县',
  '全区',
  '全州',
  '全球',
];

/**
 * A scope may name the group ranked in (`全省基层法院前五`, `全国百强县第20位`): up to this many
 * characters between the scope and 第/前, none of them RANK_GROUP_BREAKS, digits or the start of a verb.
 */
export const MAX_RANK_GROUP = 6;
export const RANK_GROUP_BREAKS = '的中里内和及与、，。；：！？（）()“”《》 ';

/** After 前N, a top group (`前三甲`, `前十强`): still a rank with an upper bound. */
export const RANK_GROUP_SUFFIXES = '甲强';

/**
 * After 第N with a scope before it (`全国第七个获评的城市`, `全省第二家`): an ordinal of who did something
 * first, a rank even when the clause goes on.
 */
export const RANK_ORDINAL_CLASSIFIERS = '个家座';

/** Lexical zeros: no digit, the value is 0 and the classifier is implied. */
export const LEXICAL_ZEROS: readonly { readonly surface: string; readonly unit: string }[] = [
  { surface: '零发生', unit: '起' },
  { surface: '零事故', unit: '起' },
  { surface: '零发案', unit: '起' },
  { surface: '零伤亡', unit: '人' },
  { surface: '零死亡', unit: '人' },
  { surface: '零感染', unit: '人' },
  { surface: '零投诉', unit: '件' },
  { surface: '全部清零', unit: '个' },
  { surface: '全面清零', unit: '个' },
];
