/**
 * Article URL grammar of 红网 (rednet.cn), every era (docs/site.md, "Article URLs").
 *
 * Recognition is by path only, on any host: sources may be mirrors or a local test server, so
 * `127.0.0.1:8000/content/2021/08/26/9850796.html` is the same article as the `hn.` copy.
 *
 * Stable ids — one id per article, the same for PC, mobile and every host's copy:
 * - Current CMS (2019+, `/content/` plain or encoded date, `/m/`, `/pc/`): the bare content
 *   number (`"9850796"`). These numbers come from one site-wide sequence (≈5.8 M in 2019-08,
 *   16 M in 2026), so a number names one article whatever host shows it.
 * - `/c/…htm` (≤2018): `c-<n>`. The /c/ numbers are not one sequence: hn. used ≈0.88–1.04 M in
 *   2016–17 while zt. used 3.4–4.7 M in 2014–18, so a bare /c/ number could equal a number from
 *   another sequence. The prefix keeps them apart from /content/ numbers at the cost of never
 *   merging a /c/ copy with a /content/ copy (a duplicate is better than a lost article).
 * - 2018 city-site CMS (`/content/<n>/YYYY/MMDD/<id>.html`, ids in the thousands, per site):
 *   `<site>-<n>-<id>` (`cs-4-2703`). The same small number exists on every city site, so the
 *   site is part of the identity; on a non-rednet host the host name stands in for the site.
 * - 2018 per-site plain paths (`xx.`/`yz.` `/content/2018/08/06/316918.html`, ids < 5 M, years
 *   ≤ 2018): `<site>-<id>`, for the same reason.
 * - 2015–17 红网时刻 (`moment.rednet.cn/rednetcms/news/[<channel>/]YYYYMMDD/<id>.html`):
 *   `moment-<id>`. That CMS numbered from zero (ids 3e4–1e6) and only ever served 红网时刻.
 */

import { MAX_CONTENT_ID_DIGITS, MAX_URL_CHARS } from './limits.js';

type ArticleUrlEra =
  /** `/content/YYYY/MM/DD/<id>.html` (2019-10 → ≥2022-10). */
  | 'plain'
  /** `/content/<E(YYYYMM)>/<E(DD)>/<id>.html`, E = +4 mod 10 per digit (≤2023-04 → now). */
  | 'encoded'
  /** 2018 city-site CMS: `/content/<n>/YYYY/MMDD/<id>.html`. */
  | 'city-2018'
  /** 2018 per-site CMS on the plain path, small ids. */
  | 'site-2018'
  /** ≤2018 portal: `/c/YYYY/MM/DD/<id>.htm`. */
  | 'legacy-c'
  /** 2015–17 红网时刻 rednetcms. */
  | 'moment-2015';

/** `m` = mobile (`/m/content/…`), `pc` = 红网时刻 PC (`/pc/content/…`), `default` = no prefix. */
type ArticleUrlVariant = 'default' | 'm' | 'pc';

export interface ArticleUrlInfo {
  /** Stable id (see the module comment). */
  id: string;
  /** The number in the path, as written. */
  contentNumber: string;
  /** Sub-domain label when the host is `*.rednet.cn` (`hn`, `hy`, `moment`), else null. */
  site: string | null;
  /** Host as given, lower case, with the port when there is one. */
  host: string;
  /** Date the path encodes, `YYYY-MM-DD`, or null when the path holds no valid date. */
  urlDate: string | null;
  /** The digits of the date as decoded (`2024-03-49`), kept when they are not a valid date. */
  rawUrlDate: string | null;
  /** True when the path has date digits that do not form a calendar date (a mistyped URL). */
  urlDateInvalid: boolean;
  era: ArticleUrlEra;
  variant: ArticleUrlVariant;
  /** Channel folder of 2015 时刻 URLs (`localNews`, `govaffairs`), else null. */
  momentChannel: string | null;
}

/** The number before `.htm(l)` at the end of a path. */
const LAST_NUMBER = /\/(\d+)\.html?$/;

/** Global content numbers were already ≈5.8 M by 2019-08; the 2018 per-site CMS stayed far below. */
const GLOBAL_SEQUENCE_FLOOR = 5_000_000;

const CONTENT_PLAIN = /^\/(?:(m|pc)\/)?content\/(\d{4})\/(\d{2})\/(\d{2})\/(\d+)\.html?$/;
const CONTENT_ENCODED = /^\/(?:(m|pc)\/)?content\/(\d{6})\/(\d{2})\/(\d+)\.html?$/;
const CONTENT_CITY_2018 =
  /^\/(?:(m|pc)\/)?content\/(\d{1,3})\/(\d{4})\/(\d{2})(\d{2})\/(\d+)\.html?$/;
const LEGACY_C = /^\/(?:(m)\/)?c\/(\d{4})\/(\d{2})\/(\d{2})\/(\d+)\.html?$/;
const MOMENT_2015 =
  /^\/rednetcms\/news\/(?:([A-Za-z][\w-]*)\/)?(\d{4})(\d{2})(\d{2})\/(\d+)\.html?$/;

/**
 * True when `href` has the shape of an article link whose content number is longer than
 * MAX_CONTENT_ID_DIGITS: no article of this site, so `parseArticleUrl` rejects it and a list
 * page reports it instead of dropping it silently.
 */
export function hasOverlongContentNumber(href: string): boolean {
  const match = OVERLONG_NUMBER.exec(href);
  return match !== null && (match[1]?.length ?? 0) > MAX_CONTENT_ID_DIGITS;
}

const OVERLONG_NUMBER = /\/(\d+)\.html?(?:[?#]|$)/;

/** True for `rednet.cn` and any `*.rednet.cn` host (a port is ignored). */
export function isRednetHost(host: string): boolean {
  const name = stripPort(host.trim().toLowerCase()).replace(/\.$/, '');
  return name === 'rednet.cn' || name.endsWith('.rednet.cn');
}

/** The sub-domain label of a rednet host (`hn.rednet.cn` → `hn`), `www` for the bare domain, else null. */
export function rednetSiteLabel(host: string): string | null {
  if (!isRednetHost(host)) return null;
  const name = stripPort(host.trim().toLowerCase()).replace(/\.$/, '');
  return name === 'rednet.cn' ? 'www' : name.slice(0, -'.rednet.cn'.length);
}

/** Decode one encoded date path segment: each digit −4 mod 10 (`646842` → `202408`). */
export function decodeDateDigits(digits: string): string {
  return shiftDigits(digits, 6);
}

/** Encode date digits the way the CMS does: each digit +4 mod 10 (`202408` → `646842`). */
export function encodeDateDigits(digits: string): string {
  return shiftDigits(digits, 4);
}

/**
 * Recognise a 红网 article URL of any era. Returns null for anything else (list pages, images,
 * other sites' article paths, unparseable input). `base` resolves relative URLs.
 */
export function parseArticleUrl(url: string, base?: string): ArticleUrlInfo | null {
  // No article URL of this site is that long; not parsing it keeps hostile links cheap.
  if (url.length > MAX_URL_CHARS) return null;
  let parsed: URL;
  try {
    parsed = base === undefined ? new URL(url) : new URL(url, base);
  } catch {
    return null;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return null;
  const host = parsed.host.toLowerCase();
  const site = rednetSiteLabel(host);
  const path = collapseSlashes(parsed.pathname);
  const number = LAST_NUMBER.exec(path);
  if (number?.[1] && number[1].length > MAX_CONTENT_ID_DIGITS) return null;
  let m = CONTENT_PLAIN.exec(path);
  if (m) {
    const [variant, y, mo, d, n] = groups(m);
    const date = checkDate(y, mo, d);
    const perSite = Number(y) <= 2018 && Number(n) < GLOBAL_SEQUENCE_FLOOR;
    return urlInfo(
      site,
      host,
      date,
      perSite ? `${site ?? host}-${n}` : n,
      n,
      perSite ? 'site-2018' : 'plain',
      toVariant(variant),
      null,
    );
  }
  m = CONTENT_ENCODED.exec(path);
  if (m) {
    const [variant, ym, dd, n] = groups(m);
    const decoded = decodeDateDigits(ym) + decodeDateDigits(dd);
    const date = checkDate(decoded.slice(0, 4), decoded.slice(4, 6), decoded.slice(6, 8));
    return urlInfo(site, host, date, n, n, 'encoded', toVariant(variant), null);
  }
  m = CONTENT_CITY_2018.exec(path);
  if (m) {
    const [variant, folder, y, mo, d, n] = groups(m);
    const date = checkDate(y, mo, d);
    return urlInfo(
      site,
      host,
      date,
      `${site ?? host}-${folder}-${n}`,
      n,
      'city-2018',
      toVariant(variant),
      null,
    );
  }
  m = LEGACY_C.exec(path);
  if (m) {
    const [variant, y, mo, d, n] = groups(m);
    const date = checkDate(y, mo, d);
    return urlInfo(site, host, date, `c-${n}`, n, 'legacy-c', toVariant(variant), null);
  }
  m = MOMENT_2015.exec(path);
  if (m) {
    const [channel, y, mo, d, n] = groups(m);
    const date = checkDate(y, mo, d);
    return urlInfo(site, host, date, `moment-${n}`, n, 'moment-2015', 'default', channel || null);
  }
  return null;
}

/**
 * The result, its keys in the order the former `{ ...common, ...date, … }` literals gave them:
 * object spread cost more than the rest of `parseArticleUrl` together.
 */
function urlInfo(
  site: string | null,
  host: string,
  date: UrlDate,
  id: string,
  contentNumber: string,
  era: ArticleUrlEra,
  variant: ArticleUrlVariant,
  momentChannel: string | null,
): ArticleUrlInfo {
  return {
    site,
    host,
    urlDate: date.urlDate,
    rawUrlDate: date.rawUrlDate,
    urlDateInvalid: date.urlDateInvalid,
    id,
    contentNumber,
    era,
    variant,
    momentChannel,
  };
}

interface UrlDate {
  urlDate: string | null;
  rawUrlDate: string;
  urlDateInvalid: boolean;
}

function checkDate(y: string, mo: string, d: string): UrlDate {
  const raw = `${y}-${mo}-${d}`;
  const valid = isCalendarDate(Number(y), Number(mo), Number(d));
  return { urlDate: valid ? raw : null, rawUrlDate: raw, urlDateInvalid: !valid };
}

/** True when y-m-d is a real Gregorian date. */
export function isCalendarDate(y: number, m: number, d: number): boolean {
  if (!Number.isInteger(y) || !Number.isInteger(m) || !Number.isInteger(d)) return false;
  if (m < 1 || m > 12 || d < 1) return false;
  return d <= new Date(Date.UTC(y, m, 0)).getUTCDate();
}

type Groups = [string, string, string, string, string, string];

/** Capture groups 1..6; an unmatched optional group is ''. */
function groups(m: RegExpExecArray): Groups {
  return [m[1] ?? '', m[2] ?? '', m[3] ?? '', m[4] ?? '', m[5] ?? '', m[6] ?? ''];
}

function toVariant(prefix: string): ArticleUrlVariant {
  return prefix === 'm' || prefix === 'pc' ? prefix : 'default';
}

function shiftDigits(digits: string, by: number): string {
  let out = '';
  for (const c of digits) {
    const v = c.charCodeAt(0) - 48;
    out += v >= 0 && v <= 9 ? String((v + by) % 10) : c;
  }
  return out;
}

function stripPort(host: string): string {
  if (host.startsWith('[')) return host; // IPv6 literal: never a rednet host
  const colon = host.lastIndexOf(':');
  return colon === -1 ? host : host.slice(0, colon);
}

function collapseSlashes(path: string): string {
  return path.replace(/\/{2,}/g, '/');
}
