import { describe, expect, it } from 'vitest';
import { extractMetrics } from '../../../functions/metrics/index.js';
import { normalizeText } from '../../../functions/metrics/normalize.js';

/** These tests read every figure of huge texts: the per-article caps (limits.ts) are lifted. */
const UNCAPPED = { limits: { maxFigures: 1e9, maxMentions: 1e9 } };

describe('Function: normalizeText', () => {
  it('maps full-width digits, letters and signs one to one so offsets hold', () => {
    const text = '增长１２．５％，ＮＯ．３，共４，５６９起　（含）';
    const n = normalizeText(text);
    expect(n).toHaveLength(text.length);
    expect(n).toBe('增长12.5%，NO.3，共4，569起 （含）');
  });

  it('keeps the clause comma distinct from a thousands separator', () => {
    expect(normalizeText('4569起，刑拘')).toBe('4569起，刑拘');
    expect(extractMetrics('共破案件4569起，刑拘7460人。').map((m) => m.normalized.value)).toEqual([
      4569, 7460,
    ]);
  });
});

describe('Function: extractMetrics on bad input', () => {
  it('returns [] for empty text, text without numbers and non-string input', () => {
    expect(extractMetrics('')).toEqual([]);
    expect(extractMetrics('衡阳公安扎实开展党史学习教育。')).toEqual([]);
    expect(extractMetrics(undefined as unknown as string)).toEqual([]);
    expect(extractMetrics(42 as unknown as string)).toEqual([]);
  });

  it('survives stray markup and mixed scripts', () => {
    const ms = extractMetrics(
      '<p>全市共破<b>刑事案件</b>4569起</p>&nbsp;Total 12 cases; Итого 5 случаев. 查处1000余起。',
    );
    expect(ms.map((m) => m.text)).toEqual(['4569起', '1000余起']);
  });

  it('finishes on 1 MB of digits without reading an identifier as a figure', () => {
    expect(extractMetrics('7'.repeat(1_000_000))).toEqual([]);
    const ms = extractMetrics(`${'1'.repeat(100_000)}余人`);
    expect(ms).toEqual([]);
  });

  it('finishes on long alternating lists and keeps every figure', () => {
    const list = Array.from({ length: 20_000 }, (_, i) => `${i + 1}、`).join('');
    expect(extractMetrics(list)).toEqual([]);
    const counts = Array.from({ length: 5_000 }, (_, i) => `${i + 1}起`).join('、');
    const ms = extractMetrics(`破获案件${counts}。`, UNCAPPED);
    expect(ms).toHaveLength(5_000);
    expect(ms[4_999]?.normalized).toEqual({ value: 5000, unit: '起' });
  });

  it('finishes on 300 kB of prose and returns figures in document order', () => {
    const para = (i: number) =>
      `一年来，全市共破刑事案件${i + 1}起，刑拘${i + 2}人，外流贩毒人数同比下降79.9%。\n`;
    const count = Math.ceil(300_000 / para(0).length);
    const big = Array.from({ length: count }, (_, i) => para(i)).join('');
    const ms = extractMetrics(big, UNCAPPED);
    // The repeated 79.9% with the same subject is a restatement: reported once.
    expect(ms.length).toBe(2 * count + 1);
    const offsets = ms.map((m) => m.offset ?? 0);
    expect(offsets.every((o, i) => i === 0 || o > (offsets[i - 1] ?? 0))).toBe(true);
  });

  it('reports a restated figure once but keeps equal figures about different things', () => {
    const ms = extractMetrics(
      '纳入统计的46家星级酒店（民宿）共接待住客。当天，纳入统计的46家星级酒店（民宿）接待住客人数增加。查处酒驾2起、醉驾2起。',
    );
    expect(ms.map((m) => [m.text, m.subject])).toEqual([
      ['46家', '星级酒店（民宿）'],
      ['2起', '酒驾'],
      ['2起', '醉驾'],
    ]);
  });

  it('finishes on unbalanced quotes, brackets and punctuation runs', () => {
    const junk = `${'“《（'.repeat(50_000)}破获案件12起${'，、；'.repeat(50_000)}`;
    const ms = extractMetrics(junk);
    expect(ms.map((m) => m.text)).toEqual(['12起']);
  });

  it('finishes on one long paragraph full of period phrases and figures', () => {
    const text = Array.from({ length: 15_000 }, (_, i) => `今年破案${i + 1}起，`).join('');
    const ms = extractMetrics(text, UNCAPPED);
    expect(ms).toHaveLength(15_000);
    expect(ms[14_999]).toMatchObject({ text: '15000起', period: '今年' });
  });

  it('finishes on a long run of figures with no punctuation at all', () => {
    const text = Array.from({ length: 15_000 }, (_, i) => `破获案件${i + 1}起`).join('');
    const ms = extractMetrics(text, UNCAPPED);
    expect(ms).toHaveLength(15_000);
    expect(ms[0]?.subject).toBe('案件');
  });

  it('is deterministic', () => {
    const text = '共查处黄赌案件1000余起，破获侵财案件2600余起、电诈案件500余起。';
    expect(extractMetrics(text)).toEqual(extractMetrics(text));
  });
});
