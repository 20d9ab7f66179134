import { describe, expect, it } from 'vitest';
import { renderCsv, renderTable } from '../../../cli/output-format.js';
import {
  codePointWidth,
  configureWidth,
  padToWidth,
  ruleChar,
  stringWidth,
  truncateToWidth,
} from '../../../cli/text-width.js';

describe('stringWidth', () => {
  it('counts ASCII as one column per character', () => {
    expect(stringWidth('hn 2024-08-20')).toBe(13);
  });

  it('counts CJK ideographs and full-width punctuation as two columns', () => {
    expect(stringWidth('衡阳')).toBe(4);
    expect(stringWidth('刑事案件4569起')).toBe(4 * 2 + 4 + 2);
    expect(stringWidth('（全省第一）')).toBe(12);
    expect(stringWidth('，：；')).toBe(6);
  });

  it('counts kana, hangul and emoji as wide', () => {
    expect(stringWidth('かな')).toBe(4);
    expect(stringWidth('한국')).toBe(4);
    expect(stringWidth('🚓')).toBe(2);
  });

  it('gives combining marks, zero-width joiners and variation selectors no width', () => {
    expect(stringWidth('e\u0301')).toBe(1);
    expect(stringWidth('a\u200bb')).toBe(2);
    expect(stringWidth('\ufe0f')).toBe(0);
  });

  it('treats East Asian ambiguous quotes as narrow, like most terminals', () => {
    expect(stringWidth('“牢记”')).toBe(6);
    expect(codePointWidth(0x201c)).toBe(1);
  });

  it('counts a supplementary-plane ideograph (Extension B) as one wide character', () => {
    expect(stringWidth('𠀋')).toBe(2);
  });
});

describe('padToWidth and truncateToWidth', () => {
  it('pads mixed text to the requested column count', () => {
    expect(padToWidth('衡阳a', 8)).toBe('衡阳a   ');
    expect(padToWidth('12', 5, 'right')).toBe('   12');
  });

  it('cuts text at a column budget and marks the cut with an ellipsis', () => {
    expect(truncateToWidth('衡阳公安一年来', 9)).toBe('衡阳公安…');
    expect(stringWidth(truncateToWidth('衡阳公安一年来', 9))).toBeLessThanOrEqual(9);
    expect(truncateToWidth('short', 9)).toBe('short');
  });
});

describe('renderTable', () => {
  it('aligns columns holding CJK text by display width', () => {
    const rows = [
      { subject: '刑事案件', value: 4569 },
      { subject: 'GDP', value: 12 },
    ];
    const lines = renderTable(
      [
        { header: 'subject', value: (row: (typeof rows)[number]) => row.subject },
        { header: 'value', value: (row: (typeof rows)[number]) => row.value, align: 'right' },
      ],
      rows,
    ).split('\n');
    expect(lines).toEqual([
      'subject   value',
      '────────  ─────',
      '刑事案件   4569',
      'GDP          12',
    ]);
    const widths = lines.map(stringWidth);
    expect(new Set(widths).size).toBe(1);
  });
});

describe('renderCsv', () => {
  it('quotes fields holding commas, quotes or newlines', () => {
    const csv = renderCsv(
      [{ header: 'sentence', value: (row: { s: string }) => row.s }],
      [{ s: '破获"电诈"案件,共3起' }, { s: '全角，不加引号' }],
    );
    expect(csv).toBe('sentence\r\n"破获""电诈""案件,共3起"\r\n全角，不加引号\r\n');
  });
});

describe('ambiguous-width and box-drawing characters', () => {
  it('count one column by default and two with NEWSMON_AMBIGUOUS_WIDE', () => {
    expect(stringWidth('─┼│')).toBe(3);
    expect(stringWidth('…≥·')).toBe(3);
    configureWidth({ ambiguousWide: true });
    try {
      expect(stringWidth('─┼│')).toBe(6);
      expect(stringWidth('…')).toBe(2);
      expect(ruleChar()).toBe('-');
      expect(stringWidth(truncateToWidth('衡阳公安一年来', 9))).toBeLessThanOrEqual(9);
    } finally {
      configureWidth({ ambiguousWide: false });
    }
    expect(ruleChar()).toBe('─');
  });

  it('never splits an emoji sequence or a letter from its combining mark when cutting', () => {
    expect(truncateToWidth('👨‍👩‍👧 family', 3)).toBe('👨‍👩‍👧…');
    expect(truncateToWidth('e\u0301e\u0301e\u0301e\u0301', 3)).toBe('e\u0301e\u0301…');
  });
});
