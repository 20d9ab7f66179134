import { describe, expect, it } from 'vitest';
import { extractMetricsReport } from '../../../functions/metrics/index.js';

function figure(sentence: string, text: string) {
  const report = extractMetricsReport(sentence, { trace: true });
  const k = report.metrics.findIndex((m) => m.text === text);
  return { metric: report.metrics[k], rule: report.trace?.[k]?.changeRule };
}

describe('Function: extractMetrics change direction from the verb', () => {
  it('reads a percentage right after a verb that means a fall as a fall', () => {
    const { metric, rule } = figure('全县政务服务事项审批时限压缩61%。', '61%');
    expect(metric?.change).toEqual({ direction: 'down', basis: null });
    expect(metric?.kind).toBe('change');
    expect(rule).toBe('directional-verb');
    expect(figure('报销单据精简了45%。', '45%').metric?.change?.direction).toBe('down');
    expect(figure('企业用能成本削减两成。', '两成').metric?.change?.direction).toBe('down');
  });

  it('reads 个百分点 right after a verb that means a rise or a fall', () => {
    expect(figure('首套房贷利率下调0.3个百分点。', '0.3个百分点').metric?.change?.direction).toBe(
      'down',
    );
    expect(figure('冷链运输时效提速18%。', '18%').metric?.change?.direction).toBe('up');
  });

  it('reads 提升, 提高, 增长 and 增加 right before a percentage or 个百分点 as a rise', () => {
    for (const s of [
      '群众满意度提升6个百分点。',
      '产能利用率提高4.5%。',
      '订单量增长37%。',
      '客流增加22%。',
    ]) {
      const text = s.match(/[\d.]+(?:个百分点|%)/)?.[0] ?? '';
      expect(figure(s, text).metric?.change?.direction, s).toBe('up');
    }
  });

  it('keeps the basis written before the verb', () => {
    expect(figure('办件平均用时较上年缩短27%。', '27%').metric?.change).toEqual({
      direction: 'down',
      basis: 'yoy',
    });
  });

  it('ends the subject at the verb', () => {
    expect(figure('窗口排队时间缩短42%。', '42%').metric?.subject).toBe('窗口排队时间');
  });

  it('reads the level reached after 至 or 到, and counts other figures after such a verb as levels', () => {
    expect(figure('群众办事时间压缩至2.5天。', '2.5天').metric?.change ?? null).toBeNull();
    expect(figure('不动产登记压缩到1个工作日。', '1个工作日').metric?.change ?? null).toBeNull();
    expect(figure('精简审批环节12个。', '12个').metric?.change ?? null).toBeNull();
  });
});
