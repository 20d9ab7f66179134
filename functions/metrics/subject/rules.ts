/**
 * The subject and change rules of the extractor, in the order they are tried. Each decision the
 * extractor takes about what a figure counts (`subjectOf` in ../index.ts) or whether it is a change
 * (`changeOf`) is one of these named rules; `extractMetricsReport(text, { trace: true })` says which
 * rule decided each metric, and `npm run eval` prints it next to every wrong subject or change.
 *
 * Every rule carries an example written for this table (not taken from any evaluation text) with the
 * figure it decides and the subject or direction expected; test/unit/metrics/subject-registry.test.ts
 * checks each example against the extractor, rule id included. Word lists live in ../lexicon/.
 */
interface RuleExample {
  /** A sentence that this rule decides. */
  sentence: string;
  /** The figure of `sentence` the rule decides, as written. */
  figure: string;
}

export interface SubjectRule extends RuleExample {
  readonly id: string;
  /** What the rule does, in one line. */
  readonly description: string;
  /** The subject the rule gives `figure` (null: none). */
  readonly subject: string | null;
}

export interface ChangeRule extends RuleExample {
  readonly id: string;
  readonly description: string;
  /** The direction the rule gives `figure` (null: not a change). */
  readonly direction: 'up' | 'down' | null;
}

/** Subject rules, in the order `subjectOf` tries them (the first that yields a subject decides). */
export const SUBJECT_RULES = [
  {
    id: 'same-figure-again',
    description:
      'a second figure right after the first, nothing between (`1246件2.7万人`), counts the same thing, or the noun after it',
    sentence: '共化解矛盾纠纷812件1.9万人。',
    figure: '1.9万人',
    subject: '矛盾纠纷',
  },
  {
    id: 'share-part',
    description: 'a share `A占B的x%`: the part A',
    sentence: '民营企业纳税额占全县税收的61%。',
    figure: '61%',
    subject: '民营企业纳税额',
  },
  {
    id: 'share-previous',
    description: '`…，占B的x%` with nothing before 占: the previous figure’s subject',
    sentence: '全县培训农民工3200人，占全市的18%。',
    figure: '18%',
    subject: '农民工',
  },
  {
    id: 'named-ratio-previous',
    description:
      'a bare `占比x%` right after a figure: the share of what that figure counted, named `…占比`',
    sentence: '全县新登记企业820户，其中科技型企业96户，占比11.7%。',
    figure: '11.7%',
    subject: '科技型企业占比',
  },
  {
    id: 'from-to',
    description: '`A从…的x增至…的y`: A, written before 从/由',
    sentence: '快递业务量从去年的860万件增至今年的1020万件。',
    figure: '860万件',
    subject: '快递业务量',
  },
  {
    id: 'doubled-verb-right-noun',
    description:
      'two verbs written together and nothing after the second: the noun after the figure',
    sentence: '该县引进投资12亿元重点项目。',
    figure: '12亿元',
    subject: '重点项目',
  },
  {
    id: 'totalized-before-verbs',
    description: 'a totalling verb before the verb (`…合计出口`): what is written before them',
    sentence: '茶叶和竹制品合计出口9.6亿元。',
    figure: '9.6亿元',
    subject: '茶叶和竹制品',
  },
  {
    id: 'rank-field-scope',
    description: 'a rank `A在…中排名第N`: A, before 在 (the field ranked in follows it)',
    sentence: '营商环境评价在全省各县中排名第三。',
    figure: '第三',
    subject: '营商环境评价',
  },
  {
    id: 'rank-assessment',
    description:
      'a rank of a place or agency: the assessment named before it (`在…考评中，某县位列第N`)',
    sentence: '在全市营商环境满意度测评中，该县排名全市第三。',
    figure: '全市第三',
    subject: '营商环境满意度测评',
  },
  {
    id: 'rank-before-verb',
    description: 'a rank: what is written before the ranking verb',
    sentence: '该区数字经济增速位居全市第一。',
    figure: '全市第一',
    subject: '数字经济增速',
  },
  {
    id: 'rank-previous-figure',
    description: 'a clause opening with the ranking verb ranks what the figure before it measured',
    sentence: '群众安全感达98.1%，位列全省第二。',
    figure: '全省第二',
    subject: '群众安全感',
  },
  {
    id: 'measure-after-yi',
    description: '`以每斤x元的价格`: the measure named after 的',
    sentence: '合作社以每公斤6元的收购价收购鲜桃。',
    figure: '6元',
    subject: '收购价',
  },
  {
    id: 'comparison-basis',
    description:
      'a `较…`/`比…` basis phrase where a subject was looked for: what the figure before it measured',
    sentence: '全市空气优良率为91.2%，比全省平均水平高2.3个百分点。',
    figure: '2.3个百分点',
    subject: '空气优良率',
  },
  {
    id: 'comparison-benchmark',
    description: '`A高于B x个百分点`: A, before the comparison verb (B is the benchmark)',
    sentence: '农村居民收入增速高于城镇居民1.8个百分点。',
    figure: '1.8个百分点',
    subject: '农村居民收入增速',
  },
  {
    id: 'rank-list-shared',
    description: 'a rank listed right after another rank shares its subject',
    sentence: '该市经济增速位居全省第二、中部地区第五。',
    figure: '第五',
    subject: '经济增速',
  },
  {
    id: 'benchmark-after-de',
    description:
      'a rate right after a comparison verb names its benchmark after 的 (`低于5%的控制线`)',
    sentence: '物价涨幅低于3%的调控目标。',
    figure: '3%',
    subject: '调控目标',
  },
  {
    id: 'share-of-people',
    description:
      'a share with nothing before it names the people or things after it (`近3成受访者`)',
    sentence: '超六成受访市民表示满意。',
    figure: '超六成',
    subject: '受访市民',
  },
  {
    id: 'right-noun',
    description: 'a count with nothing usable before it: the noun written after the figure',
    sentence: '景区新建了420个停车位。',
    figure: '420个',
    subject: '停车位',
  },
  {
    id: 'agent-did',
    description: '`x人完成了…`: the figure is the agent, what was done names it',
    sentence: '12.6万人完成了体检。',
    figure: '12.6万人',
    subject: '体检',
  },
  {
    id: 'verb-object',
    description: 'the phrase between the action verb and the figure (`破获电诈案件x起`)',
    sentence: '警方破获电信诈骗案件86起。',
    figure: '86起',
    subject: '电信诈骗案件',
  },
  {
    id: 'phrase-before-figure',
    description: 'no verb: the phrase before the figure in its clause (`游客总数x人次`)',
    sentence: '节日期间，游客总数38.5万人次。',
    figure: '38.5万人次',
    subject: '游客总数',
  },
  {
    id: 'passive-before-bei',
    description: 'a passive clause counts what is written before 被',
    sentence: '这批柑橘已被客商订购了200吨。',
    figure: '200吨',
    subject: '这批柑橘',
  },
  {
    id: 'before-verb',
    description: 'nothing after the verb: the phrase before it (`案件破获x起`)',
    sentence: '盗窃案件共破获37起。',
    figure: '37起',
    subject: '盗窃案件',
  },
  {
    id: 'nominal-verb',
    description: 'a verb that also names what is counted (`其中出口x元`)',
    sentence: '全年外贸总额180亿元，其中出口112亿元。',
    figure: '112亿元',
    subject: '出口',
  },
  {
    id: 'change-topic',
    description: 'a change read from the figure-less clause before: that clause’s topic',
    sentence: '猪肉价格下降最为明显，达到9.4%。',
    figure: '9.4%',
    subject: '猪肉价格',
  },
  {
    id: 'rated-topic',
    description: 'a bare copula after a clause that only rates its topic (`…最为突出，达到x`)',
    sentence: '其中蔬菜产量最为突出，达到4.2万吨。',
    figure: '4.2万吨',
    subject: '蔬菜产量',
  },
  {
    id: 'change-previous-figure',
    description:
      'a change with no subject of its own (`同比增长x%`): the figure before it in the sentence',
    sentence: '实现地区生产总值312亿元，同比增长6.1%。',
    figure: '6.1%',
    subject: '地区生产总值',
  },
  {
    id: 'consecutive-rank',
    description: 'consecutive rankings share what is ranked',
    sentence: '综合考核居全市第二，连续两年位列全市前三。',
    figure: '全市前三',
    subject: '综合考核',
  },
  {
    id: 'elided-object',
    description:
      'a clause of only a verb and a count (`审结x件`) counts what the figure before it counted (same unit)',
    sentence: '全年共受理群众投诉860件，办结720件。',
    figure: '720件',
    subject: '群众投诉',
  },
  {
    id: 'none',
    description: 'the sentence names nothing counted (`刑拘x人`)',
    sentence: '刑拘犯罪嫌疑人后，又刑拘56人。',
    figure: '56人',
    subject: null,
  },
  {
    id: 'distributive-list',
    description: '`A、B分别x、y`: one listed subject per value',
    sentence: '水稻、玉米种植面积分别为12万亩、3万亩。',
    figure: '3万亩',
    subject: '玉米种植面积',
  },
  {
    id: 'distributive-given',
    description: '`…x，…y，分别增长a、b`: each change takes the subject of the figure just given',
    sentence: '接待游客52万人次，实现旅游收入4.3亿元，分别增长11.2%和14.6%。',
    figure: '14.6%',
    subject: '旅游收入',
  },
  {
    id: 'jun-each',
    description: '`A和B均x`: the value copied to each listed subject',
    sentence: '小学和初中入学率均达100%。',
    figure: '100%',
    subject: '小学',
  },
] as const satisfies readonly SubjectRule[];

export type SubjectRuleId = (typeof SUBJECT_RULES)[number]['id'];

/** Change rules, in the order `changeOf` tries them. */
export const CHANGE_RULES = [
  {
    id: 'not-a-quantity',
    description: 'ranks, lexical zeros and scores are never changes',
    sentence: '增速排名全省第二。',
    figure: '全省第二',
    direction: null,
  },
  {
    id: 'directional-verb',
    description:
      'a verb that is a direction (`压缩`, `缩短`, `上调`) right before a percentage or 个百分点; not before 至/到',
    sentence: '窗口排队时间缩短42%。',
    figure: '42%',
    direction: 'down',
  },
  {
    id: 'rank-move',
    description:
      'places gained or lost (`前移6位`, `上升3位`, `后退2名`): a change up or down of the rank',
    sentence: '该县营商环境评价排名较上年前移4位。',
    figure: '4位',
    direction: 'up',
  },
  {
    id: 'cue-governs-later-verb',
    description: 'a cue followed by another action verb governs that verb’s clause, not the figure',
    sentence: '增幅最大的乡镇接待游客3万人次。',
    figure: '3万人次',
    direction: null,
  },
  {
    id: 'cue-before-figure',
    description: 'a change cue before the figure in its clause (`同比下降x%`)',
    sentence: '交通事故同比下降17.5%。',
    figure: '17.5%',
    direction: 'down',
  },
  {
    id: 'list-shares-change',
    description: 'a figure listed right after a change shares its direction (`分别增长x、y`)',
    sentence: '工业和服务业分别增长7.1%、8.3%。',
    figure: '8.3%',
    direction: 'up',
  },
  {
    id: 'cue-in-previous-clause',
    description: 'a bare copula after a figure-less clause with a cue (`…上涨幅度最大，达到x`)',
    sentence: '鲜菜价格上涨幅度最大，达到12.4%。',
    figure: '12.4%',
    direction: 'up',
  },
  {
    id: 'no-cue',
    description: 'no change cue: a level (`破案率达x%`)',
    sentence: '破案率达92.6%。',
    figure: '92.6%',
    direction: null,
  },
] as const satisfies readonly ChangeRule[];

export type ChangeRuleId = (typeof CHANGE_RULES)[number]['id'];
