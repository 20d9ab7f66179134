import { describe, expect, it } from 'vitest';
import { extractMetricsReport } from '../../../functions/metrics/index.js';
import { CHANGE_RULE_ORDER } from '../../../functions/metrics/subject/change-of.js';
import { CHANGE_RULES, SUBJECT_RULES } from '../../../functions/metrics/subject/rules.js';
import { SUBJECT_RULE_ORDER } from '../../../functions/metrics/subject/subject-of.js';

function decided(sentence: string, figure: string) {
  const report = extractMetricsReport(sentence, { trace: true });
  const k = report.metrics.findIndex((m) => m.text === figure);
  return { metric: report.metrics[k], trace: report.trace?.[k] };
}

describe('subject rules (functions/metrics/subject/rules.ts)', () => {
  it('has unique rule ids', () => {
    const ids = SUBJECT_RULES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('tries the rule functions in the order of the registry, `none` last', () => {
    const ids = SUBJECT_RULES.map((r) => r.id as string);
    const tried = SUBJECT_RULE_ORDER.map(([id]) => id as string);
    expect([...tried, 'none']).toEqual(ids.slice(0, ids.indexOf('none') + 1));
  });

  for (const rule of SUBJECT_RULES) {
    it(`${rule.id}: ${rule.description}`, () => {
      const { metric, trace } = decided(rule.sentence, rule.figure);
      expect(metric, `no figure ${rule.figure} in ${rule.sentence}`).toBeDefined();
      expect(trace?.subjectRule).toBe(rule.id);
      expect(metric?.subject ?? null).toBe(rule.subject);
    });
  }
});

describe('change rules (functions/metrics/subject/rules.ts)', () => {
  it('has unique rule ids', () => {
    const ids = CHANGE_RULES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('tries the rule functions in the order of the registry, `no-cue` last', () => {
    const tried = CHANGE_RULE_ORDER.map(([id]) => id as string);
    expect([...tried, 'no-cue']).toEqual(CHANGE_RULES.map((r) => r.id as string));
  });

  for (const rule of CHANGE_RULES) {
    it(`${rule.id}: ${rule.description}`, () => {
      const { metric, trace } = decided(rule.sentence, rule.figure);
      expect(metric, `no figure ${rule.figure} in ${rule.sentence}`).toBeDefined();
      expect(trace?.changeRule).toBe(rule.id);
      expect(metric?.change?.direction ?? null).toBe(rule.direction);
    });
  }

  it('traces every metric of a text, in order, only when asked', () => {
    const text = '破获刑事案件86起，同比上升12%。';
    expect(extractMetricsReport(text).trace).toBeUndefined();
    const report = extractMetricsReport(text, { trace: true });
    expect(report.trace).toHaveLength(report.metrics.length);
  });
});
