import { describe, expect, it } from 'vitest';
import { extractMetrics } from '../../../functions/metrics/index.js';

const figures = (s: string) =>
  extractMetrics(s).map((m) => ({
    text: m.text,
    unit: m.normalized.unit,
    value: m.normalized.value,
    bound: m.bound,
    subject: m.subject,
  }));

describe('Function: extractMetrics ranks in lists and ranks among groups', () => {
  it('keeps a rank written before 和 or 及 when another rank follows', () => {
    expect(figures('该县综合考核分别位列全市第二和第五。')).toMatchObject([
      { text: '全市第二', unit: 'rank', value: 2, subject: '综合考核' },
      { text: '第五', unit: 'rank', value: 5 },
    ]);
    expect(figures('两项指标位居全省第二及全国第八位。').map((f) => f.text)).toEqual([
      '全省第二',
      '全国第八位',
    ]);
  });

  it('gives each rank of a 分别 list its own subject', () => {
    expect(figures('营收和利润分别位列全省第二和第五。')).toMatchObject([
      { text: '全省第二', subject: '营收' },
      { text: '第五', subject: '利润' },
    ]);
  });

  it('does not read an ordinal before 和 that names a category as a rank', () => {
    expect(figures('全县第二和第三产业增加值分别增长5%和7%。').map((f) => f.unit)).toEqual([
      '%',
      '%',
    ]);
    expect(figures('该县增速居全省第一和第二批次。')).toEqual([]);
  });

  it('reads 前N and 第N right after a group of places as a rank among them, scope included', () => {
    expect(figures('我县森林覆盖率多年保持市州第二。')).toMatchObject([
      { text: '市州第二', unit: 'rank', value: 2, bound: 'exact' },
    ]);
    expect(figures('今年该县人均GDP列市州前十。')).toMatchObject([
      { text: '市州前十', unit: 'rank', value: 10, bound: 'upper' },
    ]);
    expect(figures('各乡镇第一书记全部到岗。')).toEqual([]);
  });
});

describe('Function: extractMetrics rarer classifiers', () => {
  it('counts calls in 通', () => {
    expect(figures('热线全年接听群众来电1200余通。')).toMatchObject([
      { text: '1200余通', unit: '通', value: 1200, bound: 'lower', subject: '群众来电' },
    ]);
    expect(figures('回访员共拨打回访电话3.6万通，满意率98%。')[0]).toMatchObject({
      unit: '通',
      value: 36000,
    });
    expect(figures('今年共有300人通过考试。').map((f) => f.unit)).toEqual(['人']);
  });

  it('counts tools in 把', () => {
    expect(figures('民警收缴各类管制刀具85把。')).toMatchObject([
      { text: '85把', unit: '把', value: 85, subject: '各类管制刀具' },
    ]);
  });

  it('reads 分 after a score word as points, never minutes or a fraction', () => {
    expect(figures('该校学生体测平均得分87.5分。')).toMatchObject([
      { text: '87.5分', unit: '分', value: 87.5 },
    ]);
    expect(figures('群众满意度测评成绩为96分，排名全市第一。')[0]).toMatchObject({
      text: '96分',
      unit: '分',
    });
    expect(figures('民警于8时30分赶到现场，处置用时15分钟。')).toEqual([]);
    expect(figures('得分在三分之一以上的单位。')).toEqual([]);
  });
});
