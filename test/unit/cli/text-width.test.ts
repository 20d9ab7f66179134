import stringWidthOf from 'string-width';
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

  it('gives every character it measures without Unicode tables the width string-width gives', () => {
    // The characters of the table-free path in text-width.ts (ASCII, CJK, Chinese punctuation).
    const ranges: Array<[number, number]> = [
      [0x20, 0x7e],
      [0x3001, 0x3003],
      [0x3008, 0x3011],
      [0x3400, 0x4dbf],
      [0x4e00, 0x9fff],
      [0xff01, 0xff5e],
      [0xb7, 0xb7],
      [0x2014, 0x2014],
      [0x2018, 0x2019],
      [0x201c, 0x201d],
      [0x2026, 0x2026],
      [0x2500, 0x2500],
    ];
    const mismatches: string[] = [];
    try {
      for (const ambiguousWide of [false, true]) {
        configureWidth({ ambiguousWide });
        for (const [first, last] of ranges) {
          let all = '';
          for (let codePoint = first; codePoint <= last; codePoint += 1) {
            const character = String.fromCodePoint(codePoint);
            all += character;
            const expected = stringWidthOf(character, { ambiguousIsNarrow: !ambiguousWide });
            if (stringWidth(character) !== expected) mismatches.push(character);
          }
          // Side by side they never form a cluster: the width of a run is the sum.
          expect(stringWidth(all)).toBe(stringWidthOf(all, { ambiguousIsNarrow: !ambiguousWide }));
        }
      }
    } finally {
      configureWidth({ ambiguousWide: false });
    }
    expect(mismatches).toEqual([]);
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
