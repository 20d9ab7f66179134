/**
 * Period phrases as written (`2021年1至8月`, `今年以来`, `一年来`) → one normalised string, so that points
 * of a series can be told apart by the time they cover:
 *
 * | written                          | normalised                     |
 * |----------------------------------|--------------------------------|
 * | `2021年`, `2021年度`, `今年`        | `2021`                         |
 * | `2021年8月`, `8月份`               | `2021-08`                      |
 * | `2021年1至8月`, `前8个月`          | `2021-01/2021-08`              |
 * | `2021年第三季度`, `三季度`          | `2021-Q3`                      |
 * | `前三季度`                          | `2021-01/2021-09`              |
 * | `上半年` / `下半年`                 | `2021-H1` / `2021-H2`          |
 * | `2016年至2020年`                   | `2016/2020`                    |
 * | `今年以来`, `2021年以来`            | `2021-01-01/<publication day>` |
 * | `一年来`, `近三年`, `三年来`        | `<day N years before>/<publication day>` |
 * | `截至8月底`, `截至目前`             | `../2021-08-31`, `../<publication day>` |
 * | `8月25日`, `当天`, `昨日`           | `2021-08-25`                   |
 *
 * A phrase without a year takes the year of the publication date (Asia/Shanghai); without a
 * publication date it is `null`, as are phrases that name no calendar time (`春节期间`, `连续三年`).
 * Pure and total: never throws.
 */

import { toNumber } from './decimal.js';
import { parseChineseNumeral } from './numerals.js';

interface Day {
  y: number;
  m: number;
  d: number;
}

const SHANGHAI_OFFSET_MS = 8 * 3600 * 1000;

/** The calendar day of an ISO instant in Asia/Shanghai, or undefined. */
function publicationDay(publishedAt: string | null | undefined): Day | undefined {
  if (!publishedAt) return undefined;
  const ms = Date.parse(publishedAt);
  if (Number.isNaN(ms)) return undefined;
  const t = new Date(ms + SHANGHAI_OFFSET_MS);
  return { y: t.getUTCFullYear(), m: t.getUTCMonth() + 1, d: t.getUTCDate() };
}

const pad = (n: number): string => String(n).padStart(2, '0');
const month = (y: number, m: number): string => `${y}-${pad(m)}`;
const day = (x: Day): string => `${x.y}-${pad(x.m)}-${pad(x.d)}`;

function lastDayOf(y: number, m: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

function addDays(x: Day, delta: number): Day {
  const t = new Date(Date.UTC(x.y, x.m - 1, x.d + delta));
  return { y: t.getUTCFullYear(), m: t.getUTCMonth() + 1, d: t.getUTCDate() };
}

/** `8`, `八`, `十二` → the number, or undefined. */
function num(s: string | undefined): number | undefined {
  if (s === undefined || s.length === 0) return undefined;
  if (/^\d+$/.test(s)) return Number(s);
  const d = parseChineseNumeral(s);
  return d ? toNumber(d) : undefined;
}

function chineseYear(s: string): number | undefined {
  const digits = '〇零一二三四五六七八九';
  if (s.length !== 4) return undefined;
  let out = 0;
  for (const ch of s) {
    const v = digits.indexOf(ch);
    if (v < 0) return undefined;
    out = out * 10 + (v === 1 ? 0 : v > 1 ? v - 1 : 0);
  }
  return out;
}

const CN = '[〇零一二两三四五六七八九十]';
const N = `(\\d{1,2}|${CN}{1,3})`;
const RANGE = '(?:至|-|—|到|~)';
const MONTH_RANGE_RE = new RegExp(`^${N}${RANGE}${N}月份?$`);
const FIRST_MONTHS_RE = new RegExp(`^前${N}个?月$`);
const MONTH_RE = new RegExp(`^${N}月份?$`);
const YEAR_RANGE_RE = new RegExp(`^(\\d{4})年?${RANGE}(\\d{4})年$`);
const YEARS_BACK_RE = new RegExp(`^(?:近)?${N}年(?:来|以来)?$`);

/** The year a phrase names at its start (`2021年`, `今年`, `去年`), and the rest of the phrase. */
function yearPrefix(p: string, pub: Day | undefined): { year: number | undefined; rest: string } {
  const arabic = /^(\d{4})年度?/.exec(p);
  if (arabic) return { year: Number(arabic[1]), rest: p.slice(arabic[0].length) };
  const cn = /^([〇零一二三四五六七八九]{4})年度?/.exec(p);
  if (cn) return { year: chineseYear(cn[1] as string), rest: p.slice(cn[0].length) };
  const rel = /^(今年|本年|当年|年内|全年|去年|上年|明年)/.exec(p);
  if (rel) {
    const word = rel[1] as string;
    const shift = word === '去年' || word === '上年' ? -1 : word === '明年' ? 1 : 0;
    return { year: pub ? pub.y + shift : undefined, rest: p.slice(word.length) };
  }
  return { year: pub?.y, rest: p };
}

/** The months part of a phrase (after its year), for a known year; undefined when it is not one. */
function monthsPart(rest: string, y: number, pub: Day | undefined): string | null | undefined {
  const r = rest.replace(/以来$/, '');
  if (r === '' || r === '全年') {
    if (rest.endsWith('以来'))
      return pub && pub.y === y ? `${y}-01-01/${day(pub)}` : `${y}-01-01/..`;
    return String(y);
  }
  let m = MONTH_RANGE_RE.exec(r);
  if (m) {
    const a = num(m[1]);
    const b = num(m[2]);
    if (a && b && a >= 1 && b <= 12 && a <= b) return `${month(y, a)}/${month(y, b)}`;
    return null;
  }
  m = FIRST_MONTHS_RE.exec(r);
  if (m) {
    const b = num(m[1]);
    return b && b <= 12 ? `${month(y, 1)}/${month(y, b)}` : null;
  }
  m = MONTH_RE.exec(r);
  if (m) {
    const a = num(m[1]);
    if (!a || a > 12) return null;
    if (rest.endsWith('以来'))
      return pub ? `${y}-${pad(a)}-01/${day(pub)}` : `${y}-${pad(a)}-01/..`;
    return month(y, a);
  }
  if (r === '上半年') return `${y}-H1`;
  if (r === '下半年') return `${y}-H2`;
  m = /^(前)?(?:第)?([一二三四1-4])季度$/.exec(r);
  if (m) {
    const q = num(m[2]);
    if (!q) return null;
    return m[1] ? `${month(y, 1)}/${month(y, q * 3)}` : `${y}-Q${q}`;
  }
  if (r === '底' || r === '末') return `../${y}-12-31`;
  return undefined;
}

/**
 * The normalised period of a phrase as the extractor writes it (`Metric.period`), resolved against the
 * publication date (an ISO instant) where the phrase is relative. Null when it cannot be placed.
 */
export function normalizePeriod(
  phrase: string | null | undefined,
  publishedAt?: string | null,
): string | null {
  if (!phrase) return null;
  const p = phrase.normalize('NFKC').replace(/\s+/g, '');
  const pub = publicationDay(publishedAt);
  // 2016年至2020年, 2016-2020年
  let m = YEAR_RANGE_RE.exec(p);
  if (m) return `${m[1]}/${m[2]}`;
  // 截至…: open start, ends at the day named.
  m = /^(?:截至|截止到?)(.*?)(?:底|末|止|为止)?$/.exec(p);
  if (m) return untilPhrase(p, pub);
  // 一年来, 三年来, 近三年, 近年来
  m = YEARS_BACK_RE.exec(p);
  if (m && (p.startsWith('近') || /来$/.test(p))) {
    const years = num(m[1]);
    if (!years || !pub) return null;
    return `${day({ ...pub, y: pub.y - years })}/${day(pub)}`;
  }
  // 8月25日, 8月25日晚
  m = /^(\d{1,2})月(\d{1,2})日/.exec(p);
  if (m) {
    if (!pub) return null;
    const mo = Number(m[1]);
    const d = Number(m[2]);
    if (mo < 1 || mo > 12 || d < 1 || d > lastDayOf(pub.y, mo)) return null;
    // A day after the publication day is last year's.
    const y = mo > pub.m || (mo === pub.m && d > pub.d) ? pub.y - 1 : pub.y;
    return `${y}-${pad(mo)}-${pad(d)}`;
  }
  if (/^(?:当晚|当天|当日|今天|今日|日前)$/.test(p)) return pub ? day(pub) : null;
  if (/^(?:昨天|昨日)$/.test(p)) return pub ? day(addDays(pub, -1)) : null;
  if (p === '目前') return pub ? `../${day(pub)}` : null;
  const { year, rest } = yearPrefix(p, pub);
  if (year === undefined) return null;
  const months = monthsPart(rest, year, pub);
  return months ?? null;
}

function untilPhrase(p: string, pub: Day | undefined): string | null {
  const body = p.replace(/^(?:截至|截止到?)/, '').replace(/(?:止|为止)$/, '');
  if (body === '' || body === '目前') return pub ? `../${day(pub)}` : null;
  const { year, rest } = yearPrefix(body, pub);
  if (year === undefined) return null;
  const end = /^(?:(\d{1,2})月)?(?:(\d{1,2})日)?(底|末)?$/.exec(rest);
  if (!end) return null;
  const mo = end[1] ? Number(end[1]) : undefined;
  if (mo === undefined) return end[2] ? null : `../${year}-12-31`;
  if (mo < 1 || mo > 12) return null;
  const d = end[2] ? Number(end[2]) : lastDayOf(year, mo);
  if (d < 1 || d > lastDayOf(year, mo)) return null;
  return `../${year}-${pad(mo)}-${pad(d)}`;
}
