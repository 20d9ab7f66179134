import { describe, expect, it } from 'vitest';
import { seriesKey, subjectKey, unitKey } from '../../../functions/store/series-key.js';

const metric = (subject: string | null, unit: string | null) => ({
  subject,
  normalized: { value: 1, unit },
});

describe('seriesKey', () => {
  it('joins the normalised subject and the normalised unit', () => {
    expect(seriesKey(metric('刑事案件', '起'))).toBe('刑事案件/起');
    expect(seriesKey(metric('涉案资产', 'CNY'))).toBe('涉案资产/CNY');
  });

  it('treats 全市/全省 scope words, quotes and spaces as noise', () => {
    expect(seriesKey(metric('全市刑事案件', '起'))).toBe('刑事案件/起');
    expect(seriesKey(metric('全省 刑事案件', '起'))).toBe('刑事案件/起');
    expect(seriesKey(metric('“雪亮工程” 摄像头', '个'))).toBe('雪亮工程摄像头/个');
    expect(seriesKey(metric('各类交通违法行为', '起'))).toBe('交通违法行为/起');
  });

  it('normalises full-width characters', () => {
    expect(subjectKey('ＧＤＰ')).toBe('GDP');
  });

  it('keeps words that merely start like a scope word', () => {
    expect(subjectKey('共享单车')).toBe('共享单车');
  });

  it('gives no series for a metric without a subject', () => {
    expect(seriesKey(metric(null, '人'))).toBeNull();
    expect(seriesKey(metric('全市', '人'))).toBeNull();
  });

  it('marks unit-less scores with -', () => {
    expect(unitKey(null)).toBe('-');
    expect(seriesKey(metric('满意度', null))).toBe('满意度/-');
  });
});
