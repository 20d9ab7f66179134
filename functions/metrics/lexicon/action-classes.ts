/**
 * Action classes: verbs that report the same act, so their figures form one series
 * (`破获刑事案件800起`, `侦破刑事案件750起` and `破刑事案件700起` are one indicator; `发生刑事案件1200起` is
 * another). Each class names its verbs; a verb listed in no class is its own class. Verbs that only
 * link a subject to its figure (达, 实现, 合计 …) have no class: the figure is the level itself.
 * Grow this table, not the code (identity.ts reads it).
 */
export interface ActionClass {
  /** The class name written in series keys and `--action` (one of its verbs, the usual one). */
  readonly id: string;
  readonly verbs: readonly string[];
}

export const ACTION_CLASSES: readonly ActionClass[] = [
  // police and courts
  { id: '破获', verbs: ['破', '破获', '侦破', '破案', '告破'] },
  { id: '发生', verbs: ['发生', '立', '立案', '网上立案', '发案', '接报', '受理报警'] },
  { id: '查处', verbs: ['查处', '查办', '查处了', '处理'] },
  { id: '抓获', verbs: ['抓获', '抓捕', '抓', '缉拿', '捕获'] },
  { id: '刑拘', verbs: ['刑拘', '刑事拘留'] },
  { id: '逮捕', verbs: ['逮捕', '批捕', '批准逮捕'] },
  { id: '拘留', verbs: ['拘留', '行政拘留', '司法拘留'] },
  { id: '起诉', verbs: ['起诉', '移诉', '移送起诉', '提起公诉', '公诉'] },
  { id: '打掉', verbs: ['打掉', '打掉了', '摧毁', '捣毁', '端掉', '铲除', '打击处理'] },
  { id: '查扣', verbs: ['查扣', '扣押', '冻结', '查封', '扣留'] },
  { id: '缴获', verbs: ['缴获', '收缴', '查获', '没收'] },
  { id: '挽损', verbs: ['追赃挽损', '挽回', '追回', '追缴', '返还'] },
  { id: '审结', verbs: ['审结', '审执结', '执结', '结案', '办结', '审理'] },
  { id: '受理', verbs: ['受理', '收案', '新收'] },
  { id: '处罚', verbs: ['处罚', '处以', '罚款', '罚没', '纠正', '查纠'] },
  { id: '检查', verbs: ['检查', '排查', '核查', '抽检', '检验', '检测', '筛查', '巡查', '督查'] },
  { id: '解救', verbs: ['解救', '营救', '救出', '救助', '救援'] },
  { id: '出动', verbs: ['出动', '派出', '抽调', '投入警力'] },
  // economy and building
  { id: '接待', verbs: ['接待'] },
  { id: '新建', verbs: ['新建', '建成', '建设', '建', '修建', '新修', '改扩建', '扩建', '改建'] },
  { id: '投资', verbs: ['投入', '投资', '完成投资', '拨付'] },
  { id: '引进', verbs: ['引进', '引资', '签约', '签订', '招引'] },
  { id: '销售', verbs: ['销售', '售出', '出售', '成交', '卖出'] },
  { id: '发放', verbs: ['发放', '补贴', '资助', '捐赠', '捐款'] },
  { id: '新增', verbs: ['新增', '增加'] },
  { id: '减少', verbs: ['减少', '削减'] },
  { id: '种植', verbs: ['种植', '播种', '栽种'] },
  { id: '接种', verbs: ['接种', '完成接种'] },
  { id: '培训', verbs: ['培训', '培育'] },
  {
    id: '排名',
    verbs: ['排名', '位居', '居', '居于', '位列', '名列', '跃居', '排', '跻身', '挺进', '晋级'],
  },
];

/**
 * Verbs that link a figure to what it measures without naming an act (`破案率达95%`, `实现营收…`,
 * `合计出口…`): a figure whose only verbs are these has no action class.
 */
export const LINKING_VERBS: readonly string[] = [
  '达',
  '达到',
  '实现',
  '完成',
  '合计',
  '共计',
  '累计',
  '总计',
  '保持',
  '稳定在',
  '发展到',
  '控制',
  '超额完成',
  '产生',
];
