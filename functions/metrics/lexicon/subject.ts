/**
 * Words and word shapes the subject rules (../subject/) read: which phrases lead into the noun after
 * a figure, which verbs total, compare or name what is counted, and how lists are written.
 */

/** A phrase ending with a place (`沙洲村`, `长沙县`): a scope, the counted noun is elsewhere. */
export const PLACE_END = /[省市县区镇乡村州]$/;
/** A phrase ending like this leads into the noun written after the figure. */
export const PREFERS_RIGHT = /[的等以和及与、”》将把对向给内有]$/;
/** Verbs that also name what is counted when nothing else is written (`其中出口148.9亿元`). */
export const NOMINAL_VERBS: ReadonlySet<string> = new Set(['出口', '进口']);
/** Predicates that only rate or rank the topic before them. */
export const TOPIC_PREDICATE = /最为|较为|更为|尤为|十分|位居|位列|居首|排名|排在|名列/;
/** 为 in 最为/较为 is part of an adverb, not a copula. */
export const TOPIC_SPLIT = /有|是|(?<![最较更尤极])为|包括/;
/** A phrase ending with a beneficiary (`为农户`, `帮企业`): what follows the change verb is counted. */
export const BENEFICIARY = /(?:为|帮|替|给|向)[^，。；为帮替给向]{1,8}$/;
/** 被 starting a noun (被执行人, 被告), not a passive. */
export const PASSIVE_NOUN = /^被(?:执行|告|害|保险|侵害|申请)/;
/** Adverbs between the counted noun and 被 (`粮食已被…`). */
export const PASSIVE_ADVERB = /(?:已经|已|均|都|也|将|全部)$/;
/** An item with a figure the extractor does not count (`手机45部`): digits then a classifier. */
export const UNCOUNTED_ITEM = /\d[\u4e00-\u9fff]{1,2}$/;
/** Verbs that total what is written before them (`…合计出口`). */
export const TOTALIZERS: ReadonlySet<string> = new Set(['合计', '累计', '共计', '总计']);
/** Verbs whose object is a benchmark, not what is counted (`高于全国平均水平`). */
export const COMPARISON_VERBS: ReadonlySet<string> = new Set([
  '高于',
  '低于',
  '高出',
  '快于',
  '慢于',
  '优于',
]);
/** `较前一周`, `比国家标准低`: a basis phrase left where a subject was looked for (not 比例, 比重). */
export const BASIS_PHRASE = /^(?:较|比)(?!例|重|率|值|较|如)/;
/** `在全省20个县中排名`: the phrase before the ranking verb ends like a field ranked in. */
export const RANK_FIELD_END = /[中里内]$/;
/**
 * An assessment or indicator noun closing a `在…考核中` phrase (or followed by 结果: `…考核结果公布`):
 * what a rank of a place ranks (`在全省污染防治攻坚战成效考核中，某市排名第21位` ranks the 考核, not
 * the 市). The match ends before 中/结果. Global: the last one before the rank is wanted.
 */
export const ASSESSMENT_FIELD =
  /(?:考核|考评|评估|评比|评价|评议|测评|排名|排行榜|榜单|满意度|安全感|成效|质效|指数|绩效)(?:工作)?(?=中(?!心)|结果)/g;
/** A phrase ending like this names who or where is ranked (a place or an agency), not what. */
export const ENTITY_END = /[省市县区镇乡村州局院厅委办所队站]$/;
/** `综合排名进入全省前二十`: what stands between a ranking noun and the rank when the noun is no verb. */
export const RANK_ENTRY = /^(?:进入|迈入|跨入|挤进|挤入|升入|升至|晋升至?)$/;
/** How far back before the ranking verb an assessment phrase is looked for (keeps the rule linear). */
export const ASSESSMENT_WINDOW = 80;
/** A share named by nothing but its ratio word (`…，占比78.7%`): the previous figure is its part. */
export const BARE_RATIO = /^(?:占比|所占比重|占比重)$/;
/** A lone comparative before a figure is its bound (`投资过10亿元的项目`), not a subject. */
export const LONE_COMPARATIVES = '过超逾近';
/** What may stand between 以 and a figure that is a measure (`以每斤1.6元的价格`). */
export const PER_MEASURE = /^(?:每[^\d，、]{1,3})?$/;
/** Characters before a period phrase that make it the basis of a change (`较去年`, `与2021年…相比`). */
export const PERIOD_BASIS_BEFORE = '较比与于';
/** A period phrase followed by this is the basis of a change too (`去年同期`). */
export const PERIOD_BASIS_AFTER = '同期';
/** What may stand between two figures of one list (`1246件2.7万人`, `第二、第五`). */
export const FIGURE_LIST_GAP = /^[、和及与]?$/;
/** A list mark starting the gap after the previous rank (`全省第二、全国第五`). */
export const RANK_LIST_MARK = /^[、和及与]/;

/** 均 as “each”, not inside 人均, 年均, 亩均, 平均, 日均, 月均, 户均. */
export const JUN_RE = /(?:^|[^人年亩平日月户])均/;
/** The size of a list written after it (`长沙、株洲、湘潭三市`). */
export const LIST_SIZE_RE = /[两二三四五六七八九十]+[市县区省地家个项类]$/;
/** Marks between the items of a list of subjects. */
export const LIST_SEPARATORS = /、|和|及|与|以及/;
/** A list written with such a mark (`鲜果、水产品和食用油`). */
export const LIST_MARKS = /、|和|及|与/;
/** What may stand between two values of a distributive list (`分别增长7.1%、8.3%`). */
export const VALUE_LIST_GAP = /^(、|和|及|与|，)$/;
/** Words after which a list of subjects starts (`涨幅居前的还有鲜果、水产品和食用油`). */
export const LIST_INTRODUCERS = /有|是|为|包括|：/;
