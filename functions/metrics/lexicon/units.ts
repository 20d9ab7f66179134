/**
 * Units and classifiers that may follow a numeral. `norm` is the contract's normalized unit (a physical
 * or money unit, or the classifier itself); `factor` converts one written unit into it, as an exact
 * decimal string. Longer surfaces win (人次 before 人), so order does not matter here.
 */
export interface UnitEntry {
  readonly surface: string;
  readonly norm: string;
  readonly factor: string;
  /** Counting classifiers after a bare small Chinese numeral (`两个`, `三道`) are narrative, not figures. */
  readonly kind: 'money' | 'percent' | 'measure' | 'classifier';
}

const money = (surface: string, norm: string): UnitEntry => ({
  surface,
  norm,
  factor: '1',
  kind: 'money',
});
const measure = (surface: string, norm: string, factor: string): UnitEntry => ({
  surface,
  norm,
  factor,
  kind: 'measure',
});
/** A compound unit written with a slash (`微克/立方米`, `元/斤`): kept as written, never converted. */
const perUnit = (surface: string): UnitEntry => ({
  surface,
  norm: surface,
  factor: '1',
  kind: 'measure',
});
const cls = (surface: string): UnitEntry => ({
  surface,
  norm: surface,
  factor: '1',
  kind: 'classifier',
});

const UNITS: readonly UnitEntry[] = [
  money('元', 'CNY'),
  money('块钱', 'CNY'),
  money('元人民币', 'CNY'),
  money('美元', 'USD'),
  money('欧元', 'EUR'),
  money('港元', 'HKD'),
  money('港币', 'HKD'),
  money('日元', 'JPY'),
  { surface: '%', norm: '%', factor: '1', kind: 'percent' },
  { surface: '个百分点', norm: 'pp', factor: '1', kind: 'percent' },
  { surface: '百分点', norm: 'pp', factor: '1', kind: 'percent' },
  { surface: '倍', norm: 'x', factor: '1', kind: 'percent' },
  { surface: '成', norm: '%', factor: '10', kind: 'percent' },
  measure('吨', 'kg', '1000'),
  measure('公斤', 'kg', '1'),
  measure('千克', 'kg', '1'),
  measure('斤', 'kg', '0.5'),
  measure('克', 'kg', '0.001'),
  measure('公里', 'km', '1'),
  measure('千米', 'km', '1'),
  measure('米', 'km', '0.001'),
  measure('毫米', 'km', '0.000001'),
  measure('厘米', 'km', '0.00001'),
  measure('平方公里', 'm2', '1000000'),
  measure('平方千米', 'm2', '1000000'),
  measure('平方米', 'm2', '1'),
  measure('平米', 'm2', '1'),
  measure('㎡', 'm2', '1'),
  measure('公顷', 'm2', '10000'),
  measure('亩', '亩', '1'),
  measure('立方米', '立方米', '1'),
  measure('千瓦时', '千瓦时', '1'),
  measure('千瓦', '千瓦', '1'),
  measure('兆瓦', '兆瓦', '1'),
  measure('mg/100ml', 'mg/100ml', '1'),
  measure('μg/m3', 'μg/m3', '1'),
  perUnit('微克/立方米'),
  perUnit('毫克/立方米'),
  perUnit('毫克/升'),
  perUnit('元/斤'),
  perUnit('元/公斤'),
  perUnit('元/千克'),
  perUnit('元/吨'),
  perUnit('元/亩'),
  perUnit('元/平方米'),
  perUnit('公斤/亩'),
  perUnit('斤/亩'),
  measure('标箱', '标箱', '1'),
  cls('人次'),
  cls('人'),
  cls('名'),
  // Places moved in a ranking (`排名提升2个位次`); before 位 and 个 so the longer surface wins.
  { surface: '个位次', norm: '位次', factor: '1', kind: 'classifier' },
  cls('位次'),
  cls('位'),
  cls('户次'),
  cls('户'),
  cls('起'),
  cls('宗'),
  cls('件'),
  cls('个'),
  cls('家次'),
  cls('家'),
  cls('所'),
  cls('支'),
  cls('台次'),
  cls('台'),
  cls('辆次'),
  cls('辆'),
  cls('架次'),
  cls('艘次'),
  cls('艘'),
  cls('车次'),
  cls('班次'),
  cls('批次'),
  cls('场次'),
  cls('场'),
  cls('剂次'),
  cls('剂'),
  cls('例'),
  cls('头羽'),
  cls('头'),
  cls('只'),
  cls('羽'),
  cls('份'),
  cls('处'),
  cls('座'),
  cls('口'),
  cls('项'),
  cls('套'),
  cls('条'),
  cls('批'),
  cls('张'),
  cls('篇'),
  cls('本'),
  cls('株'),
  cls('棵'),
  cls('枚'),
  cls('块'),
  cls('间'),
  cls('栋'),
  cls('幢'),
  cls('单'),
  cls('笔'),
  cls('次'),
  cls('条次'),
  cls('组'),
  cls('台套'),
  cls('尾'),
  cls('匹'),
  cls('首'),
  cls('册'),
  cls('幅'),
  cls('根'),
  cls('盏'),
];

/**
 * Classifiers that also start common words (通过, 把握, 分钟): read as units only in the company
 * `guardedUnit` (../mentions.ts) checks. 通 counts calls (`来电1200通`, `1200通电话`), 把 tools
 * (`管制刀具300余把`), 分 the points of a score after a score word (`考核得分92.5分`).
 */
export const CALL_CLASSIFIER: UnitEntry = cls('通');
/** What 通 may count when a noun follows it (`1200通电话`); otherwise a figure end must follow. */
export const CALL_NOUNS: readonly string[] = ['电话', '来电', '热线', '短信', '视频'];
export const TOOL_CLASSIFIER: UnitEntry = cls('把');
/** 把 followed by one of these is a word (把握, 把关, 把持, 把控, 把脉), not a classifier. */
export const TOOL_CLASSIFIER_VETO_NEXT = '握关持控脉';
export const SCORE_POINTS: UnitEntry = cls('分');
/** 分 followed by one of these is a time or a fraction (`15分钟`, `三分之一`), not points. */
export const SCORE_POINTS_VETO_NEXT = '钟之';
/** A score word earlier in the clause makes `N分` points (`综合得分92.5分`, `平均分为85分`). */
export const SCORE_WORDS: readonly string[] = [
  '得分',
  '评分',
  '分数',
  '总分',
  '打分',
  '均分',
  '平均分',
  '考分',
  '成绩',
];

/** Entries keyed by first character, longest surface first: one short scan per numeral. */
const UNITS_BY_FIRST_CHAR: ReadonlyMap<string, readonly UnitEntry[]> = (() => {
  const map = new Map<string, UnitEntry[]>();
  for (const u of UNITS) {
    const key = u.surface[0] as string;
    const list = map.get(key) ?? [];
    list.push(u);
    map.set(key, list);
  }
  for (const list of map.values()) list.sort((a, b) => b.surface.length - a.surface.length);
  return map;
})();

export function matchUnit(text: string, at: number): UnitEntry | undefined {
  const list = UNITS_BY_FIRST_CHAR.get(text[at] ?? '');
  if (!list) return undefined;
  for (const u of list) if (text.startsWith(u.surface, at)) return u;
  return undefined;
}

/**
 * Time words that are counted, not a duration, when a copula or total introduces the figure
 * (`优良天数为262天`, `累计达120天`); elsewhere (`三天来`, `连续三天`, `1个多月`) they stay times.
 */
export const COUNTED_TIME_UNITS: readonly UnitEntry[] = [cls('天')];
/** Words right before a figure (or before its prefix qualifier) that introduce a count. */
export const COUNT_INTRODUCERS: readonly string[] = [
  '达到',
  '达',
  '为',
  '有',
  '累计',
  '共计',
  '合计',
  '总计',
];
/** After a counted time word these make it a duration again (`达3天之久`, `为期`, `30天内`). */
export const DURATION_FOLLOWERS: readonly string[] = [
  '来',
  '以来',
  '内',
  '之内',
  '以内',
  '后',
  '前',
  '之久',
  '里',
  '时间',
  '的时间',
];

/**
 * After a numeral these start a time, date, age or duration (`8月`, `2021年`, `1个多月`, `12岁`), never a
 * metric. Checked before units so `个月` and `个小时` are not read as the classifier 个.
 */
export const TIME_SUFFIXES: readonly string[] = [
  '年',
  '月',
  '日',
  '号',
  '时',
  '分钟',
  '分',
  '秒',
  '天',
  '周',
  '星期',
  '小时',
  '个月',
  '个多月',
  '个半月',
  '个小时',
  '个多小时',
  '个工作日',
  '个星期',
  '个年度',
  '个季度',
  '季度',
  '世纪',
  '岁',
  '届',
  '代',
  '旬',
  '夜',
  '晚',
  '后',
  '点',
  '载',
  '周年',
  '多年',
  '余年',
  '多天',
  '余天',
  '多月',
  '多小时',
  '余小时',
];
