/** Change verbs and nouns: the figure after them is a change, whatever its unit. */
export const CHANGE_CUES: readonly (readonly [string, 'up' | 'down'])[] = [
  ['增长', 'up'],
  ['上涨', 'up'],
  ['上升', 'up'],
  ['提高', 'up'],
  ['提升', 'up'],
  ['增加', 'up'],
  ['增产', 'up'],
  ['攀升', 'up'],
  ['增幅', 'up'],
  ['涨幅', 'up'],
  ['升幅', 'up'],
  ['增收', 'up'],
  ['扩大', 'up'],
  ['下降', 'down'],
  ['减少', 'down'],
  ['回落', 'down'],
  ['降低', 'down'],
  ['下跌', 'down'],
  ['下滑', 'down'],
  ['减产', 'down'],
  ['降幅', 'down'],
  ['跌幅', 'down'],
  ['缩小', 'down'],
  ['缩减', 'down'],
  ['压降', 'down'],
  ['减收', 'down'],
];

/**
 * Verbs whose meaning is a direction but that are not change cues everywhere: `压缩审批环节12个` counts
 * steps, `时限压缩40%` is a fall. Written right before a percentage or 个百分点 (`了` may stand between)
 * they make it a change; before 至/到 (`压缩至3天`) the figure is the level reached, so they do not.
 * The general cues above (提高, 增长, 减少 …) already make any figure after them a change.
 */
export const DIRECTIONAL_VERBS: readonly (readonly [string, 'up' | 'down'])[] = [
  ['上调', 'up'],
  ['上浮', 'up'],
  ['上扬', 'up'],
  ['走高', 'up'],
  ['提速', 'up'],
  ['提效', 'up'],
  ['增效', 'up'],
  ['扩容', 'up'],
  ['压缩', 'down'],
  ['缩短', 'down'],
  ['精简', 'down'],
  ['削减', 'down'],
  ['压减', 'down'],
  ['节约', 'down'],
  ['节省', 'down'],
  ['减轻', 'down'],
  ['减低', 'down'],
  ['减排', 'down'],
  ['降耗', 'down'],
  ['下调', 'down'],
  ['下浮', 'down'],
  ['下挫', 'down'],
  ['走低', 'down'],
  ['缩水', 'down'],
  ['萎缩', 'down'],
];

/**
 * Verbs that move a rank, right before a count of places (位, 位次): a better place is `up`
 * (`较上年前移6位`), a worse one `down`.
 */
export const RANK_MOVES: readonly (readonly [string, 'up' | 'down'])[] = [
  ['前移', 'up'],
  ['前进', 'up'],
  ['上升', 'up'],
  ['提升', 'up'],
  ['提高', 'up'],
  ['上移', 'up'],
  ['跃升', 'up'],
  ['攀升', 'up'],
  ['后移', 'down'],
  ['后退', 'down'],
  ['下降', 'down'],
  ['下滑', 'down'],
  ['下移', 'down'],
  ['回落', 'down'],
  ['倒退', 'down'],
];
/** Units of a count of places in a ranking. */
export const PLACE_UNITS: ReadonlySet<string> = new Set(['位', '位次', '个位次', '名']);

/** Single characters that are a change only right before the figure (`同比增5%`, `降3.2%`). */
export const SHORT_CHANGE_CUES: ReadonlyMap<string, 'up' | 'down'> = new Map([
  ['增', 'up'],
  ['涨', 'up'],
  ['升', 'up'],
  ['降', 'down'],
  ['跌', 'down'],
  ['减', 'down'],
]);

/** Words where a change cue is not a change (`新增` counts a level; `增速` names a rate). */
export const CHANGE_VETO_PREFIXES: readonly string[] = ['新增'];

/** A cue followed by one of these is a noun (增加值, 增长率, 增长点), not a change. */
export const CHANGE_NOUN_SUFFIXES: ReadonlySet<string> = new Set([
  '值',
  '率',
  '点',
  '额',
  '量',
  '极',
]);

/** Basis cues, checked in the clause before the figure. */
export const YOY_CUES: readonly string[] = [
  '同比',
  '较上年',
  '比上年',
  '比去年',
  '较去年',
  '与上年同期相比',
  '与去年同期相比',
  '去年同期',
  '上年同期',
];
/** Comparisons with no yoy/mom basis; like basis cues they end the subject (`余额比年初增加`). */
export const OTHER_BASIS_CUES: readonly string[] = [
  '比年初',
  '较年初',
  '比上年末',
  '较上年末',
  '比上季度',
  '较上季度',
];
export const MOM_CUES: readonly string[] = ['环比', '比上月', '较上月', '与上月相比'];
/** `与2019年端午假期相比`: the same period a year earlier. */
/** `较2020年提升`, `比2019年底增加`: a comparison with a named year; it ends the subject, basis unknown. */
export const YEAR_BASIS_PATTERN = /(?:与|较|比)\d{4}年(?:底|末|同期)?/;
export const YOY_PATTERN = /(?:与|较|比)(?:\d{4}|上|去)年[^，。；]{0,12}?(?:相比|同期)/;

/** 净 before a cue makes a net change (`较年初净增2140户`), still a change in the cue's direction. */
export const NET = '净';
/** Characters that open a comparison basis (`较2020年峰值`, `比上年同期`). */
export const BASIS_OPENERS = '较比与';
/** 较 opening a compared phrase before a change cue (`较治理前下降62%`); not 较为, 较大, 较快 … */
export const COMPARED_BASIS_OPEN = '较(?![为大快高低好多少强弱小慢早晚长短])';
/** How far a compared noun after a basis (`较2020年峰值减少`) may run before its change cue. */
export const COMPARED_NOUN_MAX = 8;

/** Change cues that are also action verbs: they may stand between a cue and its figure. */
export const CHANGE_ACTION_VERBS: ReadonlySet<string> = new Set(['增加', '减少', '增产', '减产']);

/** Basis words skipped with a change cue when looking for the object after it (`同比增长`, `分别增加`). */
export const BASIS_WORDS: readonly string[] = [
  ...YOY_CUES,
  ...MOM_CUES,
  ...OTHER_BASIS_CUES,
  '同期',
  '相比',
  '比',
  '均',
  '分别',
];
