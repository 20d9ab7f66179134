import { describe, expect, it } from 'vitest';
import { extractMetrics, type Metric } from '../../../functions/metrics/index.js';

const texts = (s: string): string[] => extractMetrics(s).map((m) => m.text);
function only(s: string): Metric {
  const ms = extractMetrics(s);
  expect(ms.map((m) => m.text)).toHaveLength(1);
  return ms[0] as Metric;
}

describe('Function: extractMetrics mentions', () => {
  it.each([
    ['全市共破刑事案件4569起。', '4569起', 4569, '起', 4569, '起', 'exact'],
    ['查处各类交通违法行为230万余起。', '230万余起', 230, '万起', 2300000, '起', 'lower'],
    ['追赃挽损非法集资资金13亿余元。', '13亿余元', 13, '亿元', 1300000000, 'CNY', 'lower'],
    ['计划总投资480多亿元。', '480多亿元', 480, '亿元', 48000000000, 'CNY', 'lower'],
    ['共出动警力近900万台次。', '近900万台次', 900, '万台次', 9000000, '台次', 'upper'],
    ['引资约320亿元。', '约320亿元', 320, '亿元', 32000000000, 'CNY', 'approx'],
    ['境外签约合同额超35亿美元。', '超35亿美元', 35, '亿美元', 3500000000, 'USD', 'lower'],
    ['平均单产达到480公斤以上。', '480公斤以上', 480, '公斤', 480, 'kg', 'lower'],
    ['商品房空置率控制在6.5%以内。', '6.5%以内', 6.5, '%', 6.5, '%', 'upper'],
    ['累计服务旅客96.2847万人次。', '96.2847万人次', 96.2847, '万人次', 962847, '人次', 'exact'],
    ['设置执勤点位1,326个。', '1,326个', 1326, '个', 1326, '个', 'exact'],
    ['亩产达到1160斤。', '1160斤', 1160, '斤', 580, 'kg', 'exact'],
    ['全年总产量7.6万吨。', '7.6万吨', 7.6, '万吨', 76000000, 'kg', 'exact'],
    ['辖区总面积1854平方公里。', '1854平方公里', 1854, '平方公里', 1854000000, 'm2', 'exact'],
    ['新建村级活动中心1300多平米。', '1300多平米', 1300, '平米', 1300, 'm2', 'lower'],
    ['油菜种植面积13.58万亩。', '13.58万亩', 13.58, '万亩', 135800, '亩', 'exact'],
    ['新修产业路18公里。', '18公里', 18, '公里', 18, 'km', 'exact'],
    ['全村出栏畜禽8600多头羽。', '8600多头羽', 8600, '头羽', 8600, '头羽', 'lower'],
    ['血液酒精含量为96mg/100ml。', '96mg/100ml', 96, 'mg/100ml', 96, 'mg/100ml', 'exact'],
    ['网络零售额增长近四成。', '近四成', 4, '成', 40, '%', 'upper'],
    ['订单量增长3倍。', '3倍', 3, '倍', 3, 'x', 'exact'],
    ['派出百余名警力。', '百余名', 100, '名', 100, '名', 'lower'],
    ['抽调三百余名警力。', '三百余名', 300, '名', 300, '名', 'lower'],
    ['奖励5万元及以上。', '5万元及以上', 5, '万元', 50000, 'CNY', 'lower'],
    ['总面积约为200平方米。', '约为200平方米', 200, '平方米', 200, 'm2', 'approx'],
    ['降雨量达120毫米。', '120毫米', 120, '毫米', 0.00012, 'km', 'exact'],
    ['接种流感疫苗52.4万剂次。', '52.4万剂次', 52.4, '万剂次', 524000, '剂次', 'exact'],
  ])('reads %s', (sentence, text, value, unit, normValue, normUnit, bound) => {
    const m = only(sentence);
    expect(m).toMatchObject({ text, value, unit, bound });
    expect(m.normalized).toEqual({ value: normValue, unit: normUnit });
  });

  it('reads figures at the very start and the very end of the text', () => {
    expect(texts('百余名民警参加')).toEqual(['百余名']);
    expect(texts('近百名志愿者')).toEqual(['近百名']);
    expect(texts('受访者中近3成')).toEqual(['近3成']);
  });

  it('does not read 近 inside 附近 or 最近 as a bound', () => {
    expect(only('附近3家商户受损。').bound).toBe('exact');
    expect(only('将近3000人参加。').bound).toBe('upper');
  });

  it('reads percentages written in words', () => {
    expect(only('参保率达到百分之九十五。')).toMatchObject({
      text: '百分之九十五',
      value: 95,
      normalized: { value: 95, unit: '%' },
    });
  });

  it('reads Chinese counts with a qualifier or a multiplier but not bare small ones', () => {
    expect(texts('近百名志愿者，两千多人，一万多名群众，两个团伙。')).toEqual([
      '近百名',
      '两千多人',
      '一万多名',
    ]);
  });

  it('keeps percentages and percentage points apart', () => {
    const ms = extractMetrics('商品零售价格同比上涨3.7%，涨幅较上月回落0.6个百分点。');
    expect(ms.map((m) => m.normalized)).toEqual([
      { value: 3.7, unit: '%' },
      { value: 0.6, unit: 'pp' },
    ]);
  });

  it('reads ranges with an upper end', () => {
    expect(only('分成2-4组开展巡查。').normalized).toEqual({ value: 2, unit: '组', upper: 4 });
    expect(only('分成2至4组开展巡查。').bound).toBe('range');
    const band = only('签约10亿~30亿元产业项目。');
    expect(band).toMatchObject({ text: '10亿~30亿元', value: 10, unit: '亿元', bound: 'range' });
    expect(band.normalized).toEqual({ value: 1000000000, unit: 'CNY', upper: 3000000000 });
    expect(only('一天收六七十亩。').normalized).toEqual({ value: 60, unit: '亩', upper: 70 });
  });

  it('reads ranks with their scope', () => {
    expect(only('命案积案侦破数量居全省第一。')).toMatchObject({
      text: '全省第一',
      value: 1,
      unit: null,
      normalized: { value: 1, unit: 'rank' },
      bound: 'exact',
    });
    expect(only('工作排名全省前三。')).toMatchObject({ text: '全省前三', bound: 'upper' });
    expect(only('位列全国绿色发展百强区（县）第27位。')).toMatchObject({
      text: '第27位',
      unit: '位',
    });
    expect(only('创新县10强之NO.5 浏阳市').normalized).toEqual({ value: 5, unit: 'rank' });
    expect(only('益阳市年度考核总分第二。').normalized).toEqual({ value: 2, unit: 'rank' });
  });

  it('reads lexical zeros with the implied classifier', () => {
    expect(only('全市实现暴恐案事件零发生。')).toMatchObject({
      text: '零发生',
      value: 0,
      unit: null,
      normalized: { value: 0, unit: '起' },
    });
    expect(only('5人以下派出所全部清零。').normalized).toEqual({ value: 0, unit: '个' });
  });

  it('reads an index score without a unit', () => {
    expect(only('评价指数得分为118.40，位次稳定。')).toMatchObject({
      text: '118.40',
      value: 118.4,
      unit: null,
      normalized: { value: 118.4, unit: null },
    });
  });

  it('reads full-width digits and keeps the surface as written', () => {
    const m = only('共破刑事案件４５６９起。');
    expect(m.text).toBe('４５６９起');
    expect(m.normalized.value).toBe(4569);
  });

  it('reads a figure right after a full-width colon but not the digits of a time', () => {
    expect(texts('其中：394万元用于建设；主要成果：新建学校12所。')).toEqual(['394万元', '12所']);
    expect(texts('21:40分许，7.2:41.6:51.2。')).toEqual([]);
  });

  it('reads compound counts as two figures', () => {
    expect(texts('两年来，办结非法集资案件1246件2.7万人。')).toEqual(['1246件', '2.7万人']);
    expect(texts('共有23个县市区代表队的2187名选手报名参赛。')).toEqual(['23个', '2187名']);
  });
});
