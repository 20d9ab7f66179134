import { describe, expect, it } from 'vitest';
import { extractMetrics } from '../../../functions/metrics/index.js';

const subjectOf = (s: string, text: string): string | null | undefined =>
  extractMetrics(s).find((m) => m.text === text)?.subject;

describe('Function: extractMetrics subject rules', () => {
  it('gives a copula figure the topic of a clause that only rates it', () => {
    expect(subjectOf('茶叶出口额涨幅最为突出，达到21.4%。', '21.4%')).toBe('茶叶出口额涨幅');
    expect(subjectOf('柑橘价格上涨幅度位居首位，达到9.6%。', '9.6%')).toBe('柑橘价格');
    expect(subjectOf('全县油菜籽产量最为突出，达到4.2万吨。', '4.2万吨')).toBe('油菜籽产量');
  });

  it('does not take a plain clause before a copula figure as its topic', () => {
    expect(subjectOf('全市大力推进项目建设，达到42个。', '42个')).not.toBe('项目建设');
  });

  it('reads 较…/比… before a figure as the basis of a comparison', () => {
    expect(subjectOf('门诊量占比为7.1%，较上一周上升0.6个百分点。', '0.6个百分点')).toContain(
      '门诊量占比',
    );
    expect(subjectOf('全县蔬菜损耗率控制在3%以内，比行业标准低1.5个百分点。', '1.5个百分点')).toBe(
      '蔬菜损耗率',
    );
  });

  it('takes what is written before a comparison verb, not its benchmark', () => {
    expect(
      subjectOf('社零总额同比增长6.1%，增幅高于全省平均水平0.7个百分点。', '0.7个百分点'),
    ).toBe('增幅');
    // The figure that is itself the benchmark keeps it.
    expect(subjectOf('全市空置率保持在3.9%，低于行业5.2%的警戒线。', '5.2%')).toBe('警戒线');
  });

  it('ranks what the figure before a clause opening with the ranking verb measured', () => {
    expect(subjectOf('游客满意度达96.4%，排名全省第3位。', '全省第3位')).toBe('游客满意度');
    // A ranked noun written before the verb still wins.
    expect(subjectOf('营收达12亿元，利润总额位居全市第二。', '全市第二')).toBe('利润总额');
  });

  it('ends the noun after a figure where a change or a predicate starts', () => {
    expect(subjectOf('参与调查的52家连锁超市客流量下降。', '52家')).toBe('连锁超市客流量');
    expect(subjectOf('参与调查的52家连锁超市出租率下降。', '52家')).toBe('连锁超市');
    expect(subjectOf('全县27家农机合作社产值增长。', '27家')).toBe('农机合作社');
    expect(subjectOf('全区5.6万亩油菜陆续进入花期。', '5.6万亩')).toBe('油菜');
    expect(subjectOf('本届博览会共吸引180家茶企参展。', '180家')).toBe('茶企');
    expect(subjectOf('抽调二十余名民警前往邻县协助。', '二十余名')).toBe('民警');
    expect(subjectOf('派出40余名农技人员深入村组。', '40余名')).toBe('农技人员');
    expect(subjectOf('对35家小作坊采取停业整顿措施。', '35家')).toBe('小作坊');
    expect(subjectOf('对18个矿山实行封闭管理。', '18个')).toBe('矿山');
  });

  it('reads 组成, 分成, 履行, 处以 and 司法拘留 as verbs', () => {
    expect(subjectOf('抽调民警30人，组成6个巡逻小组。', '6个')).toBe('巡逻小组');
    expect(subjectOf('警力分成4个行动组。', '4个')).toBe('行动组');
    expect(subjectOf('被执行人张某当场履行货款共计15万元。', '15万元')).toBe('货款');
    expect(subjectOf('法院对其处以罚款3000元。', '3000元')).toBe('罚款');
    expect(subjectOf('专项行动期间，共司法拘留5人。', '5人')).toBeNull();
  });

  it('reads two verbs written together as one group (合计出口, 引进投资)', () => {
    expect(subjectOf('陶瓷制品合计出口58.3亿元。', '58.3亿元')).toBe('陶瓷制品');
    expect(subjectOf('全年引进投资20亿元以上产业项目6个。', '6个')).toContain('产业项目');
  });

  it('counts what follows 有 + figure, not the owner', () => {
    expect(subjectOf('市卫健委有4个科室获评先进。', '4个')).toBe('科室');
    expect(subjectOf('全县有9名教师受到表彰。', '9名')).toBe('教师');
  });

  it('reads 落实 as a verb', () => {
    expect(subjectOf('该区落实稻谷生产补贴2300万元。', '2300万元')).toBe('稻谷生产补贴');
  });

  it('counts the object of a change verb written after a beneficiary', () => {
    expect(subjectOf('此举可为果农减少鲜果损耗约150吨。', '约150吨')).toBe('鲜果损耗');
    // Without a beneficiary the phrase before the cue stays the subject.
    expect(subjectOf('全县生猪出栏同比增加3.1万头。', '3.1万头')).toBe('生猪出栏');
  });

  it('ranks what is written before 在…中, not the field ranked in', () => {
    expect(subjectOf('全县综合得分在全省县市区中排名第4位。', '第4位')).toBe('综合得分');
    expect(subjectOf('营商环境评价在全市11个区县中排名第2位。', '第2位')).toBe('营商环境评价');
  });

  it('gives 分别 changes the subjects of the figures just given, an elided object included', () => {
    const ms = extractMetrics(
      '全市法院共审结各类案件3.2万件，执结1.1万件，同比分别上升4.5%、2.3%。',
    );
    expect(ms.find((m) => m.text === '4.5%')?.subject).toBe('各类案件');
    expect(ms.find((m) => m.text === '1.1万件')?.subject).toBe('各类案件');
    expect(ms.find((m) => m.text === '2.3%')?.subject).toBe('各类案件');
  });

  it('reads 均 between a basis and its cue as part of the cue', () => {
    const ms = extractMetrics(
      '甲镇、乙镇PM10浓度均为41微克/立方米，较上年同期均下降5微克/立方米。',
    );
    expect(ms.filter((m) => m.text === '5微克/立方米').map((m) => m.subject)).toEqual([
      '甲镇',
      '乙镇PM10浓度',
    ]);
  });

  it('ranks the figure before a ranking verb whose object is a list or region', () => {
    expect(subjectOf('全县营商环境指数得分为88.6，位居全市营商环境排行榜第2位。', '第2位')).toBe(
      '营商环境指数得分',
    );
  });

  it('names a figure after 以 by the measure after its 的', () => {
    expect(subjectOf('合作社以每斤2.4元的价格收购。', '2.4元')).toBe('价格');
    expect(subjectOf('按户以每公斤3元的标准发放补贴。', '3元')).toBe('标准');
  });

  it('counts what is written before 被 in a passive clause', () => {
    expect(subjectOf('这批脐橙已被外地客商收购了80吨。', '80吨')).toBe('这批脐橙');
  });

  it('drops a leading 的 and a lone comparative from a subject', () => {
    const ms = extractMetrics('其中投资过5亿元的产业项目8个。');
    expect(ms.find((m) => m.text === '5亿元')?.subject).toBe('产业项目');
    expect(ms.find((m) => m.text === '8个')?.subject).toBe('产业项目');
  });

  it('keeps only the last item of a list whose earlier item carried its own figure', () => {
    expect(subjectOf('现场收缴对讲机12部、平板电脑7台。', '7台')).toBe('平板电脑');
    const ms = extractMetrics('PM2.5、PM10浓度均下降8%。');
    expect(ms.map((m) => m.subject)).toEqual(['PM2.5', 'PM10浓度']);
  });
});
