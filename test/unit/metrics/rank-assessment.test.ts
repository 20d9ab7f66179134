import { describe, expect, it } from 'vitest';
import { extractMetrics } from '../../../functions/metrics/index.js';

const pick = (s: string) =>
  extractMetrics(s).map((m) => ({
    text: m.text,
    unit: m.normalized.unit,
    value: m.normalized.value,
    subject: m.subject,
    change: m.change,
  }));

describe('Function: extractMetrics ranks name what is ranked, rank moves are changes', () => {
  it('gives a rank of a place the assessment named before it in the sentence', () => {
    expect(pick('在全市营商环境满意度测评中，该县排名全市第三、全省第九。')).toMatchObject([
      { text: '全市第三', subject: '营商环境满意度测评' },
      { text: '全省第九', subject: '营商环境满意度测评' },
    ]);
    expect(pick('在年度绩效考评中，市水利局位列全市第一。')).toMatchObject([
      { text: '全市第一', subject: '年度绩效考评' },
    ]);
  });

  it('reads an assessment whose result is announced in the clause before', () => {
    expect(pick('2024年度全省平安建设考核结果公布，长沙县位列全省第一。')).toMatchObject([
      { text: '全省第一', subject: '平安建设考核' },
    ]);
  });

  it('takes the nearest assessment when a sentence names two', () => {
    expect(
      pick('在全市文明创建考核中，该区排名第二；在全省平安建设考评中，该区位列前十。'),
    ).toMatchObject([
      { text: '第二', subject: '文明创建考核' },
      { text: '前十', subject: '平安建设考评' },
    ]);
  });

  it('keeps an indicator written before the ranking verb, and the place when no assessment is named', () => {
    expect(pick('在全省年度考评中，该县粮食单产位居全省第二。')).toMatchObject([
      { text: '全省第二', subject: '粮食单产' },
    ]);
    expect(pick('今年以来，长沙县位列全市第一。')).toMatchObject([
      { text: '全市第一', subject: '长沙县' },
    ]);
  });

  it('reads places gained or lost as a change of the rank', () => {
    expect(pick('在全省县域经济考核中，该县排名第12位，较上年前移5位。')).toMatchObject([
      { text: '第12位', unit: 'rank', value: 12 },
      {
        text: '5位',
        unit: '位',
        value: 5,
        subject: '县域经济考核',
        change: { direction: 'up', basis: 'yoy' },
      },
    ]);
    expect(pick('全市综合排名后退了3名。')).toMatchObject([
      { text: '3名', value: 3, change: { direction: 'down', basis: null } },
    ]);
  });

  it('gives a clause of only a verb and a count the object of the count before it', () => {
    expect(pick('全年共受理消费投诉1200件，办结1150件。')).toMatchObject([
      { text: '1200件', subject: '消费投诉' },
      { text: '1150件', subject: '消费投诉' },
    ]);
    expect(pick('全省法院立案30万件、结案26万件。')[1]?.subject).not.toBe('法院');
  });
});

describe('Function: extractMetrics lists, net changes, compared peaks and bare ratios', () => {
  it('carries 个百分点 written once after a list back to the items in 个', () => {
    expect(pick('两项指标较上年分别提高0.6个、1个和2.4个百分点。')).toMatchObject([
      { text: '0.6个', unit: 'pp', value: 0.6 },
      { text: '1个', unit: 'pp', value: 1 },
      { text: '2.4个百分点', unit: 'pp', value: 2.4 },
    ]);
    expect(pick('新建学校3个、医院2个。').map((f) => f.unit)).toEqual(['个', '个']);
  });

  it('gives a net change and a change against a past peak the subject of the figure before', () => {
    expect(pick('全市志愿者总数8.6万人，较年初净增3100人。')[1]).toMatchObject({
      text: '3100人',
      subject: '志愿者总数',
      change: { direction: 'up', basis: null },
    });
    expect(pick('全县森林火灾受害面积120亩，较2019年峰值下降六成。')[1]).toMatchObject({
      text: '六成',
      subject: '森林火灾受害面积',
      change: { direction: 'down' },
    });
  });

  it('ends the subject at a compared phrase opened by 较 before the cue', () => {
    expect(pick('湖区水体总磷浓度较整治前下降35%。')).toMatchObject([
      { text: '35%', subject: '湖区水体总磷浓度', change: { direction: 'down' } },
    ]);
  });

  it('keeps a ranking noun followed by a verb of entering in what is ranked', () => {
    expect(pick('该县综合排名进入全国百强县前五十。')[0]?.subject).toBe('综合排名');
  });

  it('names a bare 占比 after a figure as the share of what that figure counted', () => {
    expect(pick('全县新登记企业820户，其中科技型企业96户，占比11.7%。')[2]).toMatchObject({
      text: '11.7%',
      subject: '科技型企业占比',
    });
  });
});
