/**
 * Exact decimals as (bigint mantissa, power of ten). 万/亿 scaling and unit factors are applied here so that
 * `4.52万` becomes 45200 and never 45199.999…: floats only appear at the very end, through a single
 * correctly-rounded string-to-number conversion.
 */
export interface Decimal {
  readonly mantissa: bigint;
  /** The value is mantissa × 10^exponent. */
  readonly exponent: number;
}

/** Parses a plain ASCII decimal such as `96.2847` (`^\d+(\.\d+)?$`); returns undefined for anything else. */
export function parseDecimal(text: string): Decimal | undefined {
  const length = text.length;
  if (length === 0) return undefined;
  let dot = -1;
  for (let k = 0; k < length; k++) {
    const c = text.charCodeAt(k);
    if (c >= 48 && c <= 57) continue;
    // One dot, with digits on both sides.
    if (c === 46 && dot < 0 && k > 0 && k < length - 1) dot = k;
    else return undefined;
  }
  const digits = dot < 0 ? length : length - 1;
  // Negated fraction length, as the regex version wrote it (-0 for a whole number).
  const exponent = -(dot < 0 ? 0 : length - 1 - dot);
  if (digits <= 15) {
    // Up to 15 digits are exact as a double: skip the string-to-bigint conversion.
    let m = 0;
    for (let k = 0; k < length; k++) if (k !== dot) m = m * 10 + (text.charCodeAt(k) - 48);
    return { mantissa: BigInt(m), exponent };
  }
  const whole = dot < 0 ? text : text.slice(0, dot);
  const frac = dot < 0 ? '' : text.slice(dot + 1);
  return { mantissa: BigInt(whole + frac), exponent };
}

export function fromBigInt(n: bigint): Decimal {
  return { mantissa: n, exponent: 0 };
}

export function shift(a: Decimal, powerOfTen: number): Decimal {
  return { mantissa: a.mantissa, exponent: a.exponent + powerOfTen };
}

export function add(a: Decimal, b: Decimal): Decimal {
  const e = Math.min(a.exponent, b.exponent);
  const am = a.mantissa * 10n ** BigInt(a.exponent - e);
  const bm = b.mantissa * 10n ** BigInt(b.exponent - e);
  return { mantissa: am + bm, exponent: e };
}

/** The nearest double, via one string conversion (exact for every value the extractor meets). */
export function toNumber(d: Decimal): number {
  if (d.mantissa === 0n) return 0;
  // Exact operands give a correctly rounded product or quotient, the same double as the string
  // conversion below (the classic strtod fast path): mantissa below 2^53, power of ten at most 10^22.
  if (d.mantissa <= MAX_EXACT && d.mantissa >= -MAX_EXACT) {
    const m = Number(d.mantissa);
    if (d.exponent === 0) return m;
    if (d.exponent > 0 && d.exponent <= 22) return m * (POWERS_OF_TEN[d.exponent] as number);
    if (d.exponent < 0 && d.exponent >= -22) return m / (POWERS_OF_TEN[-d.exponent] as number);
  }
  return Number(`${d.mantissa}e${d.exponent}`);
}

const MAX_EXACT = 2n ** 53n;
/** 10^0 … 10^22, each exactly representable as a double. */
const POWERS_OF_TEN: readonly number[] = Array.from({ length: 23 }, (_, k) => 10 ** k);

/** The plain decimal string of d, no exponent, no trailing fractional zeros (`9999e12` → `9999000000000000`). */
function toExactString(d: Decimal): string {
  const negative = d.mantissa < 0n;
  const digits = (negative ? -d.mantissa : d.mantissa).toString();
  let out: string;
  if (d.exponent >= 0) out = digits === '0' ? '0' : digits + '0'.repeat(d.exponent);
  else {
    const point = digits.length + d.exponent;
    const whole = point > 0 ? digits.slice(0, point) : '0';
    const frac = (point < 0 ? '0'.repeat(-point) : '') + digits.slice(Math.max(0, point));
    const trimmed = frac.replace(/0+$/, '');
    out = trimmed.length > 0 ? `${whole}.${trimmed}` : whole;
  }
  return negative ? `-${out}` : out;
}

/**
 * The exact decimal string of d when its double is beyond the integers a double holds exactly
 * (|value| > 2^53 − 1), where stores and JSON readers would round it; undefined otherwise.
 */
export function exactIfUnsafe(d: Decimal): string | undefined {
  const v = toNumber(d);
  return Math.abs(v) > Number.MAX_SAFE_INTEGER ? toExactString(d) : undefined;
}
