import { describe, expect, it } from 'vitest';
import { nearestSubjects } from '../../../cli/commands/query-series.js';
import { actionClassOf, actionClassOfWord, kindOf } from '../../../functions/metrics/identity.js';
import { extractMetrics } from '../../../functions/metrics/index.js';
import { normalizePeriod } from '../../../functions/metrics/period.js';

const PUB = '2021-08-26T10:00:00+08:00';

describe('normalizePeriod', () => {
  it.each([
    ['2021年', '2021'],
    ['2021年8月', '2021-08'],
    ['2021年1至8月', '2021-01/2021-08'],
    ['今年1-6月', '2021-01/2021-06'],
    ['前8个月', '2021-01/2021-08'],
    ['2021年第三季度', '2021-Q3'],
    ['前三季度', '2021-01/2021-09'],
    ['上半年', '2021-H1'],
    ['2016年至2020年', '2016/2020'],
    ['今年以来', '2021-01-01/2021-08-26'],
    ['一年来', '2020-08-26/2021-08-26'],
    ['截至8月底', '../2021-08-31'],
    ['8月25日', '2021-08-25'],
    ['去年', '2020'],
    ['二〇二〇年', '2020'],
  ])('normalises %s to %s against a publication day', (phrase, expected) => {
    expect(normalizePeriod(phrase, PUB)).toBe(expected);
  });

  it('resolves relative phrases only with a publication date, and names no holiday', () => {
    expect(normalizePeriod('今年以来')).toBeNull();
    expect(normalizePeriod('2021年上半年')).toBe('2021-H1');
    expect(normalizePeriod('春节期间', PUB)).toBeNull();
    expect(normalizePeriod('连续三年', PUB)).toBeNull();
    expect(normalizePeriod(null, PUB)).toBeNull();
  });

  it('reads the publication day in Asia/Shanghai', () => {
    expect(normalizePeriod('当天', '2021-12-31T17:00:00Z')).toBe('2022-01-01');
  });
});

describe('action classes and kinds', () => {
  it('maps every verb of a class to the class, and leaves linking verbs out', () => {
    expect(['破', '破获', '侦破'].map((v) => actionClassOf([v]))).toEqual(['破获', '破获', '破获']);
    expect(actionClassOf(['发生'])).toBe('发生');
    expect(actionClassOf(['立案'])).toBe('发生');
    expect(actionClassOf(['查扣', '冻结'])).toBe('查扣');
    expect(actionClassOf(['达'])).toBeNull();
    expect(actionClassOf([])).toBeNull();
    expect(actionClassOf(['接听'])).toBe('接听');
    expect(actionClassOfWord('侦破')).toBe('破获');
  });

  it('tells a level, a change, a share and a rank apart', () => {
    const at = (text: string, sentence: string) => ({
      text,
      sentence,
      normalized: { value: 1, unit: text.endsWith('%') ? '%' : 'rank' },
      change: null,
    });
    expect(kindOf(at('95%', '破案率达95%'))).toBe('level');
    expect(kindOf(at('45%', '进出口额占全省的45%'))).toBe('share');
    expect(kindOf(at('30%', '占比达30%'))).toBe('share');
    expect(kindOf(at('30%', '占地面积扩大，利用率30%'))).toBe('level');
    expect(kindOf(at('第一', '排名全省第一'))).toBe('rank');
  });

  it('writes kind, action class and normalised period on extracted metrics', () => {
    const ms = extractMetrics(
      '今年1至8月，全市发生刑事案件1200起，同比下降12.5%；破获刑事案件800起。',
      {
        publishedAt: PUB,
      },
    );
    expect(ms.map((m) => [m.text, m.actionClass, m.kind, m.periodNormalized])).toEqual([
      ['1200起', '发生', 'level', '2021-01/2021-08'],
      ['12.5%', '发生', 'change', '2021-01/2021-08'],
      ['800起', '破获', 'level', '2021-01/2021-08'],
    ]);
  });
});

describe('nearestSubjects', () => {
  it('prefers subjects containing what was typed, then the closest spellings', () => {
    const stored = ['刑事案件', '电诈案件', '治安案件', '游客', '旅游收入'];
    expect(nearestSubjects('案件', stored)).toEqual(['刑事案件', '治安案件', '电诈案件']);
    expect(nearestSubjects('刑事按件', stored)[0]).toBe('刑事案件');
    expect(nearestSubjects('完全无关的词语', stored)).toEqual([]);
  });
});

describe('rank forms', () => {
  it('reads a top group (前三甲, 前十强) as a rank with an upper bound', () => {
    const [m] = extractMetrics('综合实力跻身全省前三甲。');
    expect(m).toMatchObject({
      text: '全省前三甲',
      subject: '综合实力',
      bound: 'upper',
      kind: 'rank',
    });
    expect(m?.normalized).toEqual({ value: 3, unit: 'rank' });
    expect(extractMetrics('该县经济实力进入全国前十强。')[0]?.normalized).toEqual({
      value: 10,
      unit: 'rank',
    });
  });

  it('reads a scoped ordinal of who did something (全国第七个…) as a rank, not a batch', () => {
    const [m] = extractMetrics('该市成为全国第七个获此殊荣的城市。');
    expect(m).toMatchObject({ text: '全国第七个', normalized: { value: 7, unit: 'rank' } });
    expect(extractMetrics('全市第三批试点名单公布。')).toEqual([]);
    expect(extractMetrics('第二个阶段开始。')).toEqual([]);
  });
});
