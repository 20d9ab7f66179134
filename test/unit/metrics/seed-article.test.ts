import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluate, loadFixtures } from '../../../bench/eval.js';
import { extractMetrics } from '../../../functions/metrics/index.js';

const FIXTURES = join(import.meta.dirname, '../../fixtures');
const seedBody = readFileSync(join(FIXTURES, 'dev/seed-article.body.txt'), 'utf8').trimEnd();
const nonMetrics = JSON.parse(
  readFileSync(join(FIXTURES, 'dev/seed-article.nonmetrics.json'), 'utf8'),
) as { text: string; reason: string }[];

describe('Function: extractMetrics on the seed article', () => {
  const metrics = extractMetrics(seedBody);

  it('scores F1 ≥ 0.97 and subject accuracy ≥ 0.9 against the seed gold', () => {
    const seed = loadFixtures().filter((a) => a.name === 'dev/seed-article');
    expect(seed).toHaveLength(1);
    const { overall } = evaluate(seed);
    expect(overall.f1).toBeGreaterThanOrEqual(0.97);
    expect(overall.subject).toBeGreaterThanOrEqual(0.9);
    expect(overall.change).toBe(1);
  });

  it('emits no metric overlapping any listed non-metric', () => {
    const offenders: string[] = [];
    for (const nm of nonMetrics) {
      for (let at = seedBody.indexOf(nm.text); at >= 0; at = seedBody.indexOf(nm.text, at + 1)) {
        for (const m of metrics) {
          const start = m.offset ?? -1;
          if (start < at + nm.text.length && start + m.text.length > at)
            offenders.push(`${m.text} overlaps ${nm.text}`);
        }
      }
    }
    expect(nonMetrics).toHaveLength(44);
    expect(offenders).toEqual([]);
  });

  it('keeps every metric in document order, at its offset, inside its sentence', () => {
    const offsets = metrics.map((m) => m.offset ?? -1);
    expect(offsets).toEqual([...offsets].sort((a, b) => a - b));
    for (const m of metrics) {
      expect(m.sentence).toContain(m.text);
      expect(seedBody.slice(m.offset, (m.offset ?? 0) + m.text.length)).toBe(m.text);
      if (m.subject) expect(seedBody).toContain(m.subject);
    }
  });

  it('keeps offsets and surfaces exact when digits and letters are full-width', () => {
    const wide = seedBody.replace(/[0-9A-Za-z%.]/g, (c) =>
      String.fromCharCode(c.charCodeAt(0) + 0xfee0),
    );
    const wideMetrics = extractMetrics(wide);
    expect(wideMetrics.map((m) => m.normalized)).toEqual(metrics.map((m) => m.normalized));
    for (const m of wideMetrics)
      expect(wide.slice(m.offset, (m.offset ?? 0) + m.text.length)).toBe(m.text);
  });
});

describe('Script: npm run eval fixtures', () => {
  it('scores F1 ≥ 0.95 over every fixture article', () => {
    const { overall } = evaluate(loadFixtures());
    expect(overall.f1).toBeGreaterThanOrEqual(0.95);
  });
});
