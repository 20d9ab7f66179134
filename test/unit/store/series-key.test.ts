import { describe, expect, it } from 'vitest';
import type { Metric } from '../../../functions/metrics/types.js';
import {
  seriesIdentity,
  seriesKey,
  seriesSortKey,
  seriesSortPrefix,
  subjectKey,
  unitKey,
} from '../../../functions/store/series-key.js';

const metric = (
  subject: string | null,
  unit: string | null,
  more: Partial<Metric> = {},
): Pick<Metric, 'subject' | 'normalized' | 'action' | 'change' | 'text'> & Partial<Metric> => ({
  subject,
  normalized: { value: 1, unit },
  action: [],
  change: null,
  text: '1',
  ...more,
});

describe('seriesKey', () => {
  it('joins the normalised subject, action class, kind and unit', () => {
    expect(seriesKey(metric('刑事案件', '起', { action: ['破'] }))).toBe('刑事案件|破获|level|起');
    expect(seriesKey(metric('刑事案件', '起', { action: ['发生'] }))).toBe(
      '刑事案件|发生|level|起',
    );
    expect(seriesKey(metric('涉案资产', 'CNY'))).toBe('涉案资产|-|level|CNY');
  });

  it('puts 破, 破获 and 侦破 in one series and 发生 in another', () => {
    const keys = ['破', '破获', '侦破', '发生', '立'].map((v) =>
      seriesKey(metric('刑事案件', '起', { action: [v] })),
    );
    expect(new Set(keys.slice(0, 3)).size).toBe(1);
    expect(keys[3]).toBe(keys[4]);
    expect(keys[0]).not.toBe(keys[3]);
  });

  it('keeps a change, a share and a level of the same subject and unit apart', () => {
    const level = seriesIdentity(metric('破案率', '%', { text: '95%', sentence: '破案率达95%' }));
    const change = seriesIdentity(
      metric('破案率', '%', { text: '12%', change: { direction: 'down', basis: 'yoy' } }),
    );
    const share = seriesIdentity(metric('破案率', '%', { text: '30%', sentence: '占全市的30%' }));
    expect([level?.kind, change?.kind, share?.kind]).toEqual(['level', 'change', 'share']);
  });

  it('treats 全市/全省 scope words, quotes and spaces as noise', () => {
    expect(seriesKey(metric('全市刑事案件', '起'))).toBe('刑事案件|-|level|起');
    expect(seriesKey(metric('“雪亮工程” 摄像头', '个'))).toBe('雪亮工程摄像头|-|level|个');
  });

  it('normalises full-width characters and keeps words that merely start like a scope word', () => {
    expect(subjectKey('ＧＤＰ')).toBe('GDP');
    expect(subjectKey('共享单车')).toBe('共享单车');
  });

  it('gives no series for a metric without a subject', () => {
    expect(seriesKey(metric(null, '人'))).toBeNull();
    expect(seriesKey(metric('全市', '人'))).toBeNull();
  });

  it('marks unit-less scores with -', () => {
    expect(unitKey(null)).toBe('-');
    expect(seriesKey(metric('满意度', null))).toBe('满意度|-|level|-');
  });

  it('builds index sort keys whose prefixes select one identity', () => {
    const id = { action: '破获', kind: 'level' as const, unit: '起' };
    const sk = seriesSortKey(id, '2021-08-26T02:00:00.000Z', '9850796', 3);
    expect(sk).toBe('破获#level#起#2021-08-26T02:00:00.000Z#9850796#0003');
    expect(sk.startsWith(seriesSortPrefix(id))).toBe(true);
    expect(seriesSortPrefix({ action: '破获' })).toBe('破获#');
    expect(seriesSortPrefix({ kind: 'level' })).toBe('');
  });
});
