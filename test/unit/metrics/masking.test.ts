import { describe, expect, it } from 'vitest';
import { extractMetrics } from '../../../functions/metrics/index.js';

const texts = (s: string): string[] => extractMetrics(s).map((m) => m.text);

describe('Function: extractMetrics masks non-metrics', () => {
  it.each([
    [
      'dates and times',
      '8月25日，衡阳市公安局举行发布会；6月12日晚21:40分许，3时15分，29日凌晨，九月底，10月下旬。',
    ],
    [
      'years and periods',
      '2021年1至8月，2017年1-9月份，2015年至2019年，五年来，近两年，1个多月，1个小时，四天来，连续四年，连续两个年度。',
    ],
    ['anniversaries', '建党100周年，授旗一周年，提出5周年。'],
    [
      'quoted codes, names and slogans',
      '“302”专案，“683”战略，“7+1”措施，“五高三降”，“两抢”，“十三五”，“4·21”，“1+3+X”。',
    ],
    ['document titles', '出台《深化“放管服”改革20条举措》《便民惠企20项措施》《中国制造2025》。'],
    [
      'category sizes inside names',
      '八类恶性案件，四项指数，三大战略，七大类，十大重点领域，四张名片，两个组别，三道基础防线。',
    ],
    [
      'thresholds that define a category',
      '5人以下派出所，12—17岁青少年，18岁以上人群，招引投资50亿元以上重大项目，城区5公里内。',
    ],
    [
      'idioms and indefinite articles',
      '第一时间，一线，统一，进一步，一系列，下一步，一车车，一辆摩托车，一个圆满的句号，走出了一条新路。',
    ],
    [
      'identifiers',
      '配图4.jpg，微信图片_20220221100449.jpg，图片1.png，拨打12345热线，1号车，5A级景区，第十二届运动会，第四次会议。',
    ],
    ['ratios', '三次产业结构由7.2:41.6:51.2调整为6.5:38.9:54.6。'],
    [
      'tiers and ordinal names',
      '保持在全省第一方阵，集体二等功，第一产业增加值，山乡巨变第一村，黄金周第四天。',
    ],
    ['claims without a figure', '两位数的增长，11连增，千年古县，位居金牌榜榜首，首家。'],
    [
      'vague magnitudes and round-number idioms',
      '上千人参加活动，数十家企业参展，几百名志愿者，走进千家万户，开展百场宣讲。',
    ],
    ['addresses', '家住5栋302室，G4京港澳高速1234公里处。'],
    ['size classes', '建设10万吨级码头和5000吨级泊位。'],
    [
      'vague small ranges and set phrases',
      '来了七八个人，三四家企业，三五成群，五一假期，十一黄金周。',
    ],
    ['event names with a length', '在女子10米气步枪决赛中夺冠，参加100米跑和3000米障碍赛。'],
    [
      'times, ages, scores and plates',
      '22时许，刘某（男，32岁）驾驶湘A·12345小轿车，民警5分钟内赶到；湖南队以3:1获胜。',
    ],
    [
      'back-references and narrative counts',
      '两个团伙，两地警方，两家企业，全国两会，三湘都市报，东南亚11国。',
    ],
  ])('emits nothing for %s', (_family, sentence) => {
    expect(texts(sentence)).toEqual([]);
  });

  it('still reads a figure next to a masked name', () => {
    expect(texts('“302”专案组破获案件19起。')).toEqual(['19起']);
    expect(texts('建成5万余个“雪亮工程” 摄像头。')).toEqual(['5万余个']);
  });

  it('reads a figure inside a long quotation (speech), not a short quoted name', () => {
    expect(texts('她介绍：“去年合作社流转了450亩水田，单产达到1150斤。”')).toEqual([
      '450亩',
      '1150斤',
    ]);
  });

  it('does not read a clause comma as a thousands separator', () => {
    expect(texts('破获案件4569起，刑拘7460人。')).toEqual(['4569起', '7460人']);
    expect(extractMetrics('设置点位1,326个。')[0]?.normalized.value).toBe(1326);
  });
});
