import { describe, expect, it } from 'vitest';
import { extractMetrics, type Metric } from '../../../functions/metrics/index.js';

const texts = (s: string): string[] => extractMetrics(s).map((m) => m.text);
const pick = (m: Metric) => ({
  text: m.text,
  value: m.value,
  unit: m.unit,
  normalized: m.normalized,
  bound: m.bound,
});

describe('Function: extractMetrics with 次-compound classifiers', () => {
  it.each([
    ['市场监管部门检查门店1200余家次。', '1200余家次', 1200, '家次', 'lower'],
    ['海事部门出动巡逻船46艘次。', '46艘次', 46, '艘次', 'exact'],
    ['机场保障航班起降430架次。', '430架次', 430, '架次', 'exact'],
    ['铁路部门加开临时旅客列车26车次。', '26车次', 26, '车次', 'exact'],
    ['公交公司增开夜间线路150班次。', '150班次', 150, '班次', 'exact'],
  ])('reads %s', (sentence, text, value, unit, bound) => {
    expect(extractMetrics(sentence).map(pick)).toEqual([
      { text, value, unit, normalized: { value, unit }, bound },
    ]);
  });
});

describe('Function: extractMetrics with slash units', () => {
  it.each([
    ['监测点PM10平均浓度为45微克/立方米。', '45微克/立方米', 45, '微克/立方米'],
    ['二氧化氮日均浓度为0.03毫克/立方米。', '0.03毫克/立方米', 0.03, '毫克/立方米'],
    ['鲜鸡蛋零售均价为5.6元/斤。', '5.6元/斤', 5.6, '元/斤'],
    ['生猪出栏均价为15.8元/公斤。', '15.8元/公斤', 15.8, '元/公斤'],
    ['试验田单产达到1150斤/亩。', '1150斤/亩', 1150, '斤/亩'],
  ])('keeps the unit as written in %s', (sentence, text, value, unit) => {
    expect(extractMetrics(sentence).map(pick)).toEqual([
      { text, value, unit, normalized: { value, unit }, bound: 'exact' },
    ]);
  });

  it('applies a multiplier and reads a full-width slash', () => {
    expect(extractMetrics('钢材价格涨至0.45万元/吨。').map(pick)).toEqual([
      {
        text: '0.45万元/吨',
        value: 0.45,
        unit: '万元/吨',
        normalized: { value: 4500, unit: '元/吨' },
        bound: 'exact',
      },
    ]);
    expect(extractMetrics('细颗粒物浓度为28微克／立方米。')[0]?.normalized).toEqual({
      value: 28,
      unit: '微克/立方米',
    });
  });

  it('still reads a plain unit when the slash unit is not a known one', () => {
    expect(texts('门票价格为60元/人次。')).toEqual(['60元']);
  });
});

describe('Function: extractMetrics with counted days', () => {
  it.each([
    ['全年空气质量达标天数为318天。', '318天', 318, 'exact'],
    ['上半年全县共有48天出现强降雨。', '48天', 48, 'exact'],
    ['水质优良天数累计157天。', '157天', 157, 'exact'],
    ['今年以来无事故天数达到近200天。', '近200天', 200, 'upper'],
  ])(
    'reads a count of days introduced by a copula or total: %s',
    (sentence, text, value, bound) => {
      expect(extractMetrics(sentence).map(pick)).toEqual([
        { text, value, unit: '天', normalized: { value, unit: '天' }, bound },
      ]);
    },
  );

  it.each([
    '三天来，救援队员一直坚守在堤坝上。',
    '暴雨已连续三天，部分路段积水。',
    '连续15天高温，用电负荷创新高。',
    '经过1个多月的整治，河道面貌一新。',
    '为期3天的培训班结束。',
    '项目建成5天后投入使用。',
    '申请材料须在30天内提交。',
    '堵塞持续达12天之久。',
  ])('leaves durations alone: %s', (sentence) => {
    expect(texts(sentence)).toEqual([]);
  });
});

describe('Function: extractMetrics with a ranked group after the scope', () => {
  it('keeps the scope and the group in the rank text', () => {
    expect(extractMetrics('该校毕业生就业率居全省高职院校前三。').map(pick)).toEqual([
      {
        text: '全省高职院校前三',
        value: 3,
        unit: null,
        normalized: { value: 3, unit: 'rank' },
        bound: 'upper',
      },
    ]);
    expect(extractMetrics('县域经济综合实力位列全国百强县第37位。').map(pick)).toEqual([
      {
        text: '全国百强县第37位',
        value: 37,
        unit: '位',
        normalized: { value: 37, unit: 'rank' },
        bound: 'exact',
      },
    ]);
  });

  it('does not reach over a verb, a digit or a particle for the scope', () => {
    expect(texts('综合指数在全省14个市州中排名第6位。')).toEqual(['14个', '第6位']);
    expect(texts('在全市各区县中排名第一。')).toEqual(['第一']);
    expect(texts('连续三年位列全省前五。')).toEqual(['全省前五']);
  });
});
