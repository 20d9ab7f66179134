/**
 * Verbs that produce a figure (`破`, `查扣`, `建成`, `接待`). Grow this list freely: lookups are by
 * first character, longest match first. Change verbs that are not actions (增长, 下降) live in
 * change.ts instead; 增加/减少/增产 are both.
 */
export const ACTION_VERBS: readonly string[] = [
  // police and courts
  '破',
  '破获',
  '侦破',
  '刑拘',
  '逮捕',
  '移诉',
  '移送起诉',
  '起诉',
  '摧毁',
  '打掉',
  '打掉了',
  '打击处理',
  '查扣',
  '冻结',
  '扣押',
  '查处',
  '查获',
  '抓获',
  '缴获',
  '收缴',
  '追赃挽损',
  '挽回',
  '追回',
  '追缴',
  '捣毁',
  '铲除',
  '端掉',
  '侦办',
  '办理',
  '受理',
  '立案',
  '网上立案',
  '结案',
  '审结',
  '审执结',
  '执结',
  '审理',
  '判处',
  '调解',
  '化解',
  '处置',
  '在线开庭',
  '拘留',
  '行政拘留',
  '处罚',
  '罚款',
  '劝导',
  '纠正',
  '检查',
  '排查',
  '整治',
  '出动',
  '抽调',
  '出击',
  '解救',
  '遣返',
  '劝返',
  '销毁',
  '关闭',
  '取缔',
  '清理',
  '拆除',
  '发生',
  '清零',
  '派出',
  '组建',
  '办',
  '帮助解决',
  '帮助',
  // ranking
  '排名',
  '位居',
  '居',
  '居于',
  '位列',
  '名列',
  '跃居',
  // building and investment
  '新建',
  '改扩建',
  '改建',
  '扩建',
  '建成',
  '建设',
  '建',
  '设立',
  '设置',
  '新增',
  '投入',
  '投资',
  '完成投资',
  '引进',
  '引资',
  '签约',
  '签订',
  '调度',
  '列入',
  '推介',
  '实施',
  '规划',
  '开工建设',
  '开工',
  '竣工',
  '改造',
  '硬化',
  '新修',
  '修建',
  '整修',
  '维修',
  '安装',
  '配备',
  '购置',
  '拥有',
  '下辖',
  '覆盖',
  '惠及',
  '带动',
  '创造',
  '吸纳',
  '提供',
  '发放',
  '补贴',
  '拨付',
  '筹集',
  '募集',
  '捐赠',
  '捐款',
  '扶持',
  '培训',
  '组织开展',
  '开展',
  '举办',
  '召开',
  '配套进行',
  '印发',
  '出台',
  '制定',
  '发布',
  '推出',
  // economy, tourism, agriculture, health
  '接待',
  '实现',
  '完成',
  '达到',
  '达',
  '合计',
  '共计',
  '种植',
  '播种',
  '收割',
  '收获',
  '产出',
  '生产',
  '销售',
  '出口',
  '进口',
  '接种',
  '完成接种',
  '安排',
  '饲养',
  '出栏',
  '养殖',
  '增加',
  '减少',
  '增产',
  '减产',
  '控制',
  '保持',
  '超额完成',
  '影响',
  '产生',
  '报名参赛',
  '参赛',
  '参加',
  '参与',
  '吸引',
  '招聘',
  '安置',
  '救治',
  '救助',
  '检测',
  '走访',
  '服务',
  '解决',
  '办结',
  '回复',
  '接听',
  '上线',
  '注册',
  '登记',
  '认定',
  '评定',
  '造林',
  '植树',
  '治理',
  '修复',
  '疏散',
  '转运',
  '救出',
  '营救',
  '挽救',
  '脱贫',
  '减贫',
];

/**
 * Words in which a short verb is not a verb (`居` in 居民, `破` in 破案率, `收` in 收入). A verb found at
 * the start or inside one of these is ignored.
 */
/** Objects too generic to be the subject alone (`景区接待游客N人次`: the place is what is counted). */
export const GENERIC_OBJECTS: ReadonlySet<string> = new Set([
  '游客',
  '旅客',
  '游人',
  '观众',
  '群众',
  '市民',
  '人员',
  '人',
  '人次',
  '资金',
]);

/** Copulas and light verbs that may stand between a change cue and its figure (`同比增幅达415.46%`). */
export const COPULAS: ReadonlySet<string> = new Set([
  '达',
  '达到',
  '为',
  '是',
  '约为',
  '实现',
  '保持',
]);

export const VERB_VETO_WORDS: readonly string[] = [
  '居民',
  '居住',
  '居委',
  '居家',
  '破案率',
  '破产',
  '办法',
  '办公',
  '办事处',
  '办案',
  '收入',
  '收益',
  '收费',
  '收官',
  '建设者',
  '建筑',
  '建议',
  '建立',
  '达标',
  '达成',
  '到达',
  '出台',
  '出现',
  '出行',
  '出租',
  '出发',
  '出口额',
  '进口额',
  '发生率',
  '控制目标',
  '服务项目',
  '服务中心',
  '服务平台',
  '影响力',
  '安排部署',
  '生产总值',
  '生产力',
  '实现程度',
  '完成率',
  '就业率',
  '就业准备率',
  '转移就业',
  '新增就业',
  '收缴率',
  '覆盖率',
  '增加值',
  '增长率',
  '进出口',
  '进出口额',
  '接种点',
  '接种率',
  '检测点',
  '保持在',
];

/** Characters that turn a preceding verb into a noun (派出所, 调解室, 接种点, 破案率, 投资额). */
const NOUN_SUFFIXES: ReadonlySet<string> = new Set([
  '所',
  '室',
  '站',
  '点',
  '率',
  '员',
  '费',
  '额',
  '量',
  '者',
  '方',
]);

export const VERBS_BY_FIRST_CHAR: ReadonlyMap<string, readonly string[]> = (() => {
  const map = new Map<string, string[]>();
  for (const v of ACTION_VERBS) {
    const list = map.get(v[0] as string) ?? [];
    if (!list.includes(v)) list.push(v);
    map.set(v[0] as string, list);
  }
  for (const list of map.values()) list.sort((a, b) => b.length - a.length);
  return map;
})();

/** For each verb, the veto words that contain it and where: `出口` sits at offset 1 of `进出口`. */
const VETOES_BY_VERB: ReadonlyMap<string, readonly (readonly [string, number])[]> = (() => {
  const map = new Map<string, [string, number][]>();
  for (const v of ACTION_VERBS) {
    for (const w of VERB_VETO_WORDS) {
      if (w.length <= v.length) continue;
      for (let k = w.indexOf(v); k >= 0; k = w.indexOf(v, k + 1)) {
        const list = map.get(v) ?? [];
        list.push([w, k]);
        map.set(v, list);
      }
    }
  }
  return map;
})();

/** The verb starting at `at`, unless a veto word (a noun containing it) starts there. */
export function matchVerb(text: string, at: number, limit: number): string | undefined {
  const ch = text[at] as string;
  const verbs = VERBS_BY_FIRST_CHAR.get(ch);
  if (!verbs) return undefined;
  for (const v of verbs) {
    if (at + v.length > limit || !text.startsWith(v, at)) continue;
    const vetoes = VETOES_BY_VERB.get(v);
    if (vetoes?.some(([w, k]) => at - k >= 0 && text.startsWith(w, at - k))) continue;
    // 派出所, 调解室, 接种点, 破案率: a verb followed by a place or rate suffix is part of a noun.
    if (NOUN_SUFFIXES.has(text[at + v.length] ?? '')) continue;
    return v;
  }
  return undefined;
}
