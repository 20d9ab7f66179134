import { describe, expect, it } from 'vitest';
import { type ScoredMetric, scoreAll } from '../../../functions/metrics/scoring.js';

const g = (text: string, value: number, unit: string, extra: Partial<ScoredMetric> = {}) => ({
  text,
  normalized: { value, unit },
  bound: 'exact',
  subject: null,
  change: null,
  ...extra,
});

describe('Function: scoreAll (port of eval/score.mjs)', () => {
  it('pairs on value and unit, prefers the same text, and scores like score.mjs', () => {
    const gold = {
      a: [
        g('4569起', 4569, '起', { subject: '刑事案件' }),
        g('79.9%', 79.9, '%', { subject: '外流贩毒人数', change: { direction: 'down' } }),
        g('3个', 3, '个'),
        g('3个', 3, '个', { text: '全省前三' }),
        g('零发生', 0, '起', { optional: true }),
        g('1000余起', 1000, '起', { bound: 'lower' }),
      ],
    };
    const pred = {
      a: [
        g('4569起', 4569, '起', { subject: '全市共破刑事案件' }),
        g('79.9%', 79.9, '%', { subject: '贩毒', change: { direction: 'up' } }),
        g('3个', 3, '个'),
        g('零发生', 0, '起'),
        g('1000余起', 1000, '起', { bound: 'exact' }),
        g('8月', 8, '月'),
      ],
    };
    const s = scoreAll(gold, pred);
    // gold: 5 required; predicted: 6 minus 1 paired optional = 5; paired required: 4.
    expect(s.counts).toMatchObject({ gold: 5, pred: 5, paired: 4 });
    expect(s.precision).toBeCloseTo(0.8);
    expect(s.recall).toBeCloseTo(0.8);
    expect(s.f1).toBeCloseTo(0.8);
    // subjects: 刑事案件 ⊂ 全市共破刑事案件 (ok), 贩毒 ⊂ 外流贩毒人数 (ok).
    expect(s.subject).toBe(1);
    expect(s.change).toBe(0);
    // bounds: 4 exact pairs + optional exact ok, 1000余起 wrong → 4 of 5.
    expect(s.bound).toBeCloseTo(4 / 5);
    expect(s.misses).toEqual(['a: missed 全省前三 (3 个)', 'a: extra 8月 (8 月)']);
  });

  it('treats an empty prediction as recall 0 and empty gold as perfect', () => {
    expect(scoreAll({ a: [g('1起', 1, '起')] }, {}).recall).toBe(0);
    expect(scoreAll({ a: [] }, { a: [] }).f1).toBe(1);
  });

  it('maps unit aliases (元 → CNY, 个百分点 → pp, 倍 → x)', () => {
    const s = scoreAll(
      { a: [g('5元', 5, 'CNY'), g('1个百分点', 1, 'pp')] },
      {
        a: [g('5元', 5, '元'), g('1个百分点', 1, '个百分点')],
      },
    );
    expect(s.f1).toBe(1);
  });
});
