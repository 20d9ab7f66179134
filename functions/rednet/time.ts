import { isCalendarDate } from './article-url.js';

/**
 * 红网 times are wall-clock Asia/Shanghai (UTC+8, no DST since 1991), written without a zone.
 * We keep them as written and add `+08:00` instead of going through `Date`, so no host time zone
 * can shift them.
 */

export interface ParsedTime {
  /** `YYYY-MM-DDTHH:MM:SS+08:00`. */
  iso: string;
  /** False when the text had no year (`08-06 10:07`) and the year came from elsewhere. */
  hadYear: boolean;
}

// No two whitespace runs may meet around an optional part (`\s*日?\s*`): on a failed match the
// engine would try every split of a long run between them, quadratic in the run's length.
const FULL =
  /(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*(?:日\s*)?(\d{1,2})\s*[:：时]\s*(\d{2})(?:\s*[:：分]\s*(\d{2}))?/;
const NO_YEAR =
  /(?<!\d)(\d{1,2})\s*[-/月]\s*(\d{1,2})(?:\s*日)?\s+(\d{1,2})\s*[:：]\s*(\d{2})(?:\s*[:：]\s*(\d{2}))?/;

/**
 * The first date-time in `text`. A time without a year takes `yearHint` (`YYYY-MM-DD` of the URL
 * or a meta tag); across New Year (hint in December, time in January) the year moves on.
 * Returns null when there is no date with a time: a bare date is not a publication time.
 */
export function parseShanghaiTime(text: string, yearHint?: string | null): ParsedTime | null {
  const full = FULL.exec(text);
  if (full) {
    const iso = build(full[1], full[2], full[3], full[4], full[5], full[6]);
    return iso ? { iso, hadYear: true } : null;
  }
  const short = NO_YEAR.exec(text);
  if (short && yearHint) {
    const hint = /^(\d{4})-(\d{2})/.exec(yearHint);
    if (!hint) return null;
    let year = Number(hint[1]);
    const month = Number(short[1]);
    if (Number(hint[2]) === 12 && month === 1) year += 1;
    const iso = build(String(year), short[1], short[2], short[3], short[4], short[5]);
    return iso ? { iso, hadYear: false } : null;
  }
  return null;
}

function build(
  y: string | undefined,
  mo: string | undefined,
  d: string | undefined,
  h: string | undefined,
  mi: string | undefined,
  s: string | undefined,
): string | null {
  const [year, month, day, hour, minute, second] = [y, mo, d, h, mi, s ?? '0'].map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  if (!isCalendarDate(year, month, day)) return null;
  if (hour > 23 || minute > 59 || second > 59) return null;
  return `${pad(year, 4)}-${pad(month)}-${pad(day)}T${pad(hour)}:${pad(minute)}:${pad(second)}+08:00`;
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}
