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
    ['规划总投资650多亿元。', '650多亿元', 650, '亿元', 65000000000, 'CNY', 'lower'],
    ['共出动警力近900万台次。', '近900万台次', 900, '万台次', 9000000, '台次', 'upper'],
    ['引资约650亿元。', '约650亿元', 650, '亿元', 65000000000, 'CNY', 'approx'],
    ['海外总订单额超20亿美元。', '超20亿美元', 20, '亿美元', 2000000000, 'USD', 'lower'],
    ['亩均产量达到600公斤以上。', '600公斤以上', 600, '公斤', 600, 'kg', 'lower'],
    ['城镇登记失业率控制在4.5%以内。', '4.5%以内', 4.5, '%', 4.5, '%', 'upper'],
    ['共接待游客183.5611万人次。', '183.5611万人次', 183.5611, '万人次', 1835611, '人次', 'exact'],
    ['设置执勤点位1,326个。', '1,326个', 1326, '个', 1326, '个', 'exact'],
    ['亩产达到1300斤。', '1300斤', 1300, '斤', 650, 'kg', 'exact'],
    ['总产量10.8万吨。', '10.8万吨', 10.8, '万吨', 108000000, 'kg', 'exact'],
    ['总面积2906平方公里。', '2906平方公里', 2906, '平方公里', 2906000000, 'm2', 'exact'],
    ['帮助贫困户建房2100多平米。', '2100多平米', 2100, '平米', 2100, 'm2', 'lower'],
    ['种植面积24.67万亩。', '24.67万亩', 24.67, '万亩', 246700, '亩', 'exact'],
    ['硬化村组公路36公里。', '36公里', 36, '公里', 36, 'km', 'exact'],
    ['饲养畜禽15000多头羽。', '15000多头羽', 15000, '头羽', 15000, '头羽', 'lower'],
    ['酒精含量为127mg/100ml。', '127mg/100ml', 127, 'mg/100ml', 127, 'mg/100ml', 'exact'],
    ['进出口额增长近五成。', '近五成', 5, '成', 50, '%', 'upper'],
    ['订单量增长3倍。', '3倍', 3, '倍', 3, 'x', 'exact'],
    ['派出百余名警力。', '百余名', 100, '名', 100, '名', 'lower'],
    ['抽调三百余名警力。', '三百余名', 300, '名', 300, '名', 'lower'],
    ['奖励5万元及以上。', '5万元及以上', 5, '万元', 50000, 'CNY', 'lower'],
    ['总面积约为200平方米。', '约为200平方米', 200, '平方米', 200, 'm2', 'approx'],
    ['降雨量达120毫米。', '120毫米', 120, '毫米', 0.00012, 'km', 'exact'],
    ['接种新冠疫苗6781.7万剂次。', '6781.7万剂次', 6781.7, '万剂次', 67817000, '剂次', 'exact'],
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
    const ms = extractMetrics('居民消费价格同比上涨2.5%，涨幅比上月回落0.1个百分点。');
    expect(ms.map((m) => m.normalized)).toEqual([
      { value: 2.5, unit: '%' },
      { value: 0.1, unit: 'pp' },
    ]);
  });

  it('reads ranges with an upper end', () => {
    expect(only('分成2-4组开展巡查。').normalized).toEqual({ value: 2, unit: '组', upper: 4 });
    expect(only('分成2至4组开展巡查。').bound).toBe('range');
    const band = only('引进50亿~100亿元重大项目。');
    expect(band).toMatchObject({ text: '50亿~100亿元', value: 50, unit: '亿元', bound: 'range' });
    expect(band.normalized).toEqual({ value: 5000000000, unit: 'CNY', upper: 10000000000 });
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
    expect(only('位列中国工业百强县（市）第14位。')).toMatchObject({ text: '第14位', unit: '位' });
    expect(only('先进县10强之NO.3 宁乡市').normalized).toEqual({ value: 3, unit: 'rank' });
    expect(only('衡阳市绩效考核总分第二。').normalized).toEqual({ value: 2, unit: 'rank' });
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
    expect(only('指数得分为225.60，位次靠前。')).toMatchObject({
      text: '225.60',
      value: 225.6,
      unit: null,
      normalized: { value: 225.6, unit: null },
    });
  });

  it('reads full-width digits and keeps the surface as written', () => {
    const m = only('共破刑事案件４５６９起。');
    expect(m.text).toBe('４５６９起');
    expect(m.normalized.value).toBe(4569);
  });

  it('reads a figure right after a full-width colon but not the digits of a time', () => {
    expect(texts('其中：394万元用于建设；主要成果：新建学校12所。')).toEqual(['394万元', '12所']);
    expect(texts('23:50分许，5.8:44.8:49.4。')).toEqual([]);
  });

  it('reads compound counts as two figures', () => {
    expect(texts('三年来，审结涉黑恶案件3855件1.3万人。')).toEqual(['3855件', '1.3万人']);
    expect(texts('共有15个代表团的5914名运动员报名参赛。')).toEqual(['15个', '5914名']);
  });
});
