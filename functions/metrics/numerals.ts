import { charTable } from './chars.js';
import { add, type Decimal, fromBigInt, parseDecimal, shift } from './decimal.js';

/** Digits of Chinese numerals, including the financial-free everyday forms and 〇 used in years. */
export const CN_DIGITS: Readonly<Record<string, number>> = {
  零: 0,
  〇: 0,
  一: 1,
  二: 2,
  两: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
};

const SMALL_UNITS: Readonly<Record<string, bigint>> = { 十: 10n, 百: 100n, 千: 1000n };
const BIG_UNITS: Readonly<Record<string, number>> = { 万: 4, 亿: 8 };

const CN_DIGIT_TABLE = charTable(Object.keys(CN_DIGITS));
const CN_NUMERAL_TABLE = charTable([
  ...Object.keys(CN_DIGITS),
  ...Object.keys(SMALL_UNITS),
  ...Object.keys(BIG_UNITS),
  '点',
]);

export function isCnDigit(ch: string): boolean {
  return ch?.length === 1 && CN_DIGIT_TABLE[ch.charCodeAt(0)] === 1;
}

export function isCnNumeralChar(ch: string): boolean {
  return ch?.length === 1 && CN_NUMERAL_TABLE[ch.charCodeAt(0)] === 1;
}

/** Power of ten of a multiplier character (万 → 4, 亿 → 8, 千 → 3, 百 → 2), or undefined. */
function multiplierPower(ch: string): number | undefined {
  if (ch === '万') return 4;
  if (ch === '亿') return 8;
  if (ch === '千') return 3;
  if (ch === '百') return 2;
  return undefined;
}

function parseCnInteger(text: string): bigint | undefined {
  if (text.length === 0) return undefined;
  // A run of bare digits (二〇二一, 一九九八) reads digit by digit.
  let allDigits = true;
  for (const ch of text) {
    if (!(ch in CN_DIGITS)) {
      allDigits = false;
      break;
    }
  }
  if (allDigits) {
    if (text.length === 1) return BigInt(CN_DIGITS[text] ?? 0);
    let out = 0n;
    for (const ch of text) out = out * 10n + BigInt(CN_DIGITS[ch] ?? 0);
    return out;
  }
  let total = 0n;
  let section = 0n;
  let num = 0n;
  let seenDigit = false;
  for (const ch of text) {
    const d = CN_DIGITS[ch];
    if (d !== undefined) {
      num = BigInt(d);
      seenDigit = true;
      continue;
    }
    const small = SMALL_UNITS[ch];
    if (small !== undefined) {
      section += (num === 0n ? 1n : num) * small;
      num = 0n;
      seenDigit = true;
      continue;
    }
    const big = BIG_UNITS[ch];
    if (big !== undefined) {
      if (!seenDigit) return undefined;
      if (big === 4) {
        total += (section + num) * 10000n;
      } else {
        total = (total + section + num) * 100000000n;
      }
      section = 0n;
      num = 0n;
      continue;
    }
    return undefined;
  }
  return total + section + num;
}

/**
 * Parses a Chinese numeral (`三`, `两千`, `七十九点九`, `二〇二一`, `一万二千五百`) exactly.
 * Returns undefined when the text is not a well-formed numeral.
 */
export function parseChineseNumeral(text: string): Decimal | undefined {
  const dot = text.indexOf('点');
  if (dot < 0) {
    const n = parseCnInteger(text);
    return n === undefined ? undefined : fromBigInt(n);
  }
  const whole = parseCnInteger(text.slice(0, dot));
  const fracText = text.slice(dot + 1);
  if (whole === undefined || fracText.length === 0) return undefined;
  let frac = '';
  for (const ch of fracText) {
    const d = CN_DIGITS[ch];
    if (d === undefined) return undefined;
    frac += String(d);
  }
  return add(fromBigInt(whole), { mantissa: BigInt(frac), exponent: -frac.length });
}

/** Parses an Arabic numeral with optional thousands separators (`4,569`, `96.2847`). */
export function parseArabicNumeral(text: string): Decimal | undefined {
  return parseDecimal(text.includes(',') ? text.replace(/,/g, '') : text);
}

/**
 * Parses any numeral the extractor meets: Arabic, Chinese, or mixed with a trailing multiplier
 * (`26.1亿`, `1.3万`, `5万`, `两千万`). Multipliers are applied exactly.
 */
export function parseNumeral(text: string): Decimal | undefined {
  if (text.length === 0) return undefined;
  const first = text.charCodeAt(0);
  if (first >= 48 && first <= 57) {
    let i = 0;
    while (i < text.length) {
      const c = text.charCodeAt(i);
      if ((c >= 48 && c <= 57) || c === 44 || c === 46) i++;
      else break;
    }
    const base = parseArabicNumeral(text.slice(0, i));
    if (!base) return undefined;
    let out = base;
    for (const ch of text.slice(i)) {
      const p = multiplierPower(ch);
      if (p === undefined) return undefined;
      out = shift(out, p);
    }
    return out;
  }
  return parseChineseNumeral(text);
}
