import Recognizers from '@microsoft/recognizers-text-number';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Decimal, parseDecimal, toNumber } from '../../../functions/metrics/decimal.js';
import { parseChineseNumeral, parseNumeral } from '../../../functions/metrics/numerals.js';

const DIGITS = '零一二三四五六七八九';
const SMALL = ['', '十', '百', '千'];

/** Renders 0..9999 inside one 万-group, with 零 for inner gaps (一千零五). */
function renderSection(n: number): string {
  let out = '';
  let zero = false;
  for (let pos = 3; pos >= 0; pos--) {
    const d = Math.floor(n / 10 ** pos) % 10;
    if (d === 0) {
      if (out) zero = true;
      continue;
    }
    if (zero) out += '零';
    zero = false;
    out += DIGITS[d] + (SMALL[pos] as string);
  }
  return out;
}

/** Standard Chinese numeral for a non-negative integer below 10^12 (十二万五千, 三亿零五十万). */
function renderChinese(value: number): string {
  if (value === 0) return '零';
  const groups = [Math.floor(value / 1e8), Math.floor(value / 1e4) % 1e4, value % 1e4];
  const names = ['亿', '万', ''];
  let out = '';
  let gap = false;
  groups.forEach((g, i) => {
    if (g === 0) {
      if (out) gap = true;
      return;
    }
    if (out && (gap || g < 1000)) out += '零';
    gap = false;
    out += renderSection(g) + names[i];
  });
  // 一十二 is written 十二 at the start.
  return out.startsWith('一十') ? out.slice(1) : out;
}

function oracle(text: string): number | undefined {
  const found = Recognizers.recognizeNumber(text, Recognizers.Culture.Chinese);
  const whole = found.find((r) => r.text === text);
  const v = whole?.resolution?.value;
  return typeof v === 'string' ? Number(v) : undefined;
}

describe('Function: parseChineseNumeral', () => {
  it.each([
    ['三', 3],
    ['两千', 2000],
    ['十', 10],
    ['十二', 12],
    ['七十九点九', 79.9],
    ['一千零五', 1005],
    ['十二万五千', 125000],
    ['三亿零五十万', 300500000],
    ['二〇二一', 2021],
    ['一九九八', 1998],
    ['零点五', 0.5],
    ['百', 100],
  ])('reads %s as %d', (text, value) => {
    const d = parseChineseNumeral(text);
    expect(d && toNumber(d)).toBe(value);
  });

  it('rejects text that is not a numeral', () => {
    expect(parseChineseNumeral('万')).toBeUndefined();
    expect(parseChineseNumeral('三点')).toBeUndefined();
    expect(parseChineseNumeral('')).toBeUndefined();
  });

  it('agrees with the generating value and the Microsoft recognizer on generated numerals', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 999_999_999_999 }), (value) => {
        const text = renderChinese(value);
        const ours = parseChineseNumeral(text);
        expect(ours && toNumber(ours)).toBe(value);
        expect(oracle(text)).toBe(value);
      }),
      { numRuns: 300 },
    );
  });

  it('reads Chinese decimals (点) exactly', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 9999 }),
        fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 1, maxLength: 3 }),
        (whole, fracDigits) => {
          const text = `${renderChinese(whole)}点${fracDigits.map((d) => DIGITS[d]).join('')}`;
          const expected = Number(`${whole}.${fracDigits.join('')}`);
          const ours = parseChineseNumeral(text);
          expect(ours && toNumber(ours)).toBe(expected);
          expect(oracle(text)).toBe(expected);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('Function: parseNumeral', () => {
  it.each([
    ['4.52万', 45200],
    ['96.2847万', 962847],
    ['26.1亿', 2610000000],
    ['1.3万', 13000],
    ['5万', 50000],
    ['4,569', 4569],
    ['1,234,567.5', 1234567.5],
    ['0.07万', 700],
  ])('scales %s exactly to %d', (text, value) => {
    const d = parseNumeral(text);
    expect(d && toNumber(d)).toBe(value);
  });

  it('applies 万 and 亿 with exact decimal arithmetic, never float multiplication', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 99_999 }),
        fc.integer({ min: 0, max: 9999 }),
        fc.integer({ min: 1, max: 4 }),
        fc.constantFrom(['万', 4] as const, ['亿', 8] as const),
        (whole, frac, fracLen, [mult, power]) => {
          const fracText = String(frac).padStart(4, '0').slice(0, fracLen);
          const text = `${whole}.${fracText}${mult}`;
          // The exact value, built from integers only.
          const scaled = BigInt(`${whole}${fracText}`) * 10n ** BigInt(power - fracLen);
          const expected = Number(scaled);
          const ours = parseNumeral(text);
          expect(ours && toNumber(ours)).toBe(expected);
          expect(oracle(text)).toBe(expected);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('Function: parseDecimal', () => {
  /** The definition parseDecimal implements without a regex. */
  function reference(text: string): Decimal | undefined {
    const m = /^(\d+)(?:\.(\d+))?$/.exec(text);
    if (!m) return undefined;
    const frac = m[2] ?? '';
    return { mantissa: BigInt((m[1] ?? '0') + frac), exponent: -frac.length };
  }

  it('reads digits with at most one inner dot, exactly, and nothing else', () => {
    const samples = [
      '0',
      '007',
      '4569',
      '96.2847',
      '0.05',
      '12.',
      '.5',
      '1..2',
      '1.2.3',
      '',
      '1,000',
    ];
    samples.push('9'.repeat(15), '9'.repeat(16), `${'1'.repeat(20)}.${'3'.repeat(9)}`, '1e5', '-3');
    let seed = 11;
    for (let k = 0; k < 3000; k++) {
      let s = '';
      const len = 1 + (k % 22);
      for (let c = 0; c < len; c++) {
        seed = (seed * 1103515245 + 12345) & 0x7fffffff;
        s += '0123456789012345678.'[seed % 20];
      }
      samples.push(s);
    }
    for (const s of samples) expect(parseDecimal(s)).toEqual(reference(s));
  });

  it('converts to the nearest double like a string conversion', () => {
    for (const [m, e] of [
      [45200n, 0],
      [452n, 2],
      [1835611n, -4],
      [3n, -1],
      [123456789012345n, -22],
      [9007199254740993n, -3],
      [7n, 25],
    ] as const) {
      expect(toNumber({ mantissa: m, exponent: e })).toBe(Number(`${m}e${e}`));
    }
    fc.assert(
      fc.property(
        fc.bigInt({ min: 1n, max: 2n ** 60n }),
        fc.integer({ min: -30, max: 30 }),
        (m, e) => {
          expect(toNumber({ mantissa: m, exponent: e })).toBe(Number(`${m}e${e}`));
        },
      ),
      { numRuns: 20000 },
    );
  });
});
