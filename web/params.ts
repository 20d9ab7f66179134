import {
  DEFAULT_PAGE_SIZE,
  MAX_PAGE_SIZE,
  MAX_PARAM_LENGTH,
  MAX_SERIES_SUBJECTS,
} from './limits.js';

/** A query parameter the web view cannot use: answered 400 with this message. */
export class BadRequestError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BadRequestError';
  }
}

/** What the Reports page, its API and its Atom feed filter on. */
export interface ReportFilter {
  /** Sub-site label (`hy`, `hn`). */
  site: string | null;
  /** Matches title or article text (case- and width-insensitive). */
  keyword: string | null;
  /** Title search only. */
  title: string | null;
  /** First day (`YYYY-MM-DD`, Asia/Shanghai), inclusive. */
  from: string | null;
  /** Last day (`YYYY-MM-DD`, Asia/Shanghai), inclusive. */
  to: string | null;
  hasFigures: boolean;
  limit: number;
  /** Cursor of the last report of the previous page (`<utc instant>#<id>`): show older ones. */
  before: string | null;
}

/** The query parameters of each filter field, in the canonical order links and feed ids use. */
const FILTER_PARAMS = ['site', 'keyword', 'title', 'from', 'to', 'hasFigures', 'limit', 'before'];

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const SITE = /^[a-z0-9-]{1,30}$/;
const CURSOR = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,3})?Z#[A-Za-z0-9._:-]{1,80}$/;

/** One text parameter, trimmed, NFKC-normalised and bounded; null when absent or empty. */
export function textParam(params: URLSearchParams, name: string): string | null {
  const values = params.getAll(name);
  if (values.length > 1) throw new BadRequestError(`${name} may be given once`);
  const value = values[0]?.normalize('NFKC').trim();
  if (!value) return null;
  if ([...value].length > MAX_PARAM_LENGTH) {
    throw new BadRequestError(`${name} is longer than ${MAX_PARAM_LENGTH} characters`);
  }
  return value;
}

function dayParam(params: URLSearchParams, name: string): string | null {
  const value = textParam(params, name);
  if (value === null) return null;
  const match = DAY.exec(value);
  const date = match ? new Date(`${value}T00:00:00Z`) : null;
  if (!date || Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== value) {
    throw new BadRequestError(`${name} expects a date such as 2024-08-20`);
  }
  return value;
}

function flagParam(params: URLSearchParams, name: string): boolean {
  const value = textParam(params, name);
  if (value === null || value === '0' || value === 'false') return false;
  if (value === '1' || value === 'true' || value === 'on') return true;
  throw new BadRequestError(`${name} expects 1 or 0`);
}

function countParam(params: URLSearchParams, name: string, fallback: number, max: number): number {
  const value = textParam(params, name);
  if (value === null) return fallback;
  const number = Number(value);
  if (!/^\d+$/.test(value) || number < 1 || number > max) {
    throw new BadRequestError(`${name} expects a whole number 1–${max}`);
  }
  return number;
}

/** Reads and bounds the Reports filter; throws BadRequestError naming the parameter at fault. */
export function parseReportFilter(params: URLSearchParams): ReportFilter {
  const site = textParam(params, 'site')?.toLowerCase() ?? null;
  if (site !== null && !SITE.test(site)) {
    throw new BadRequestError('site expects a sub-site label such as hy or hn');
  }
  const from = dayParam(params, 'from');
  const to = dayParam(params, 'to');
  if (from !== null && to !== null && from > to) {
    throw new BadRequestError('from is after to');
  }
  const before = textParam(params, 'before');
  if (before !== null && !CURSOR.test(before)) {
    throw new BadRequestError('before is not a cursor from a previous page');
  }
  return {
    site,
    keyword: textParam(params, 'keyword'),
    title: textParam(params, 'title'),
    from,
    to,
    hasFigures: flagParam(params, 'hasFigures'),
    limit: countParam(params, 'limit', DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE),
    before,
  };
}

/** The filter as query parameters in canonical order, defaults left out (`site=hy&hasFigures=1`). */
export function filterQuery(filter: ReportFilter, overrides: Partial<ReportFilter> = {}): string {
  const merged = { ...filter, ...overrides };
  const params = new URLSearchParams();
  for (const name of FILTER_PARAMS) {
    const value = merged[name as keyof ReportFilter];
    if (value === null || value === false) continue;
    if (name === 'limit' && value === DEFAULT_PAGE_SIZE) continue;
    params.set(name, value === true ? '1' : String(value));
  }
  return params.toString();
}

/** The default filter: newest reports, nothing filtered. */
export const NO_FILTER: ReportFilter = parseReportFilter(new URLSearchParams());

/** `subject` parameters of the Series page (one or more, bounded), NFKC-normalised. */
export function parseSubjects(params: URLSearchParams): string[] {
  const subjects: string[] = [];
  for (const raw of params.getAll('subject')) {
    const value = raw.normalize('NFKC').trim();
    if (!value) continue;
    if ([...value].length > MAX_PARAM_LENGTH) {
      throw new BadRequestError(`subject is longer than ${MAX_PARAM_LENGTH} characters`);
    }
    if (!subjects.includes(value)) subjects.push(value);
  }
  if (subjects.length > MAX_SERIES_SUBJECTS) {
    throw new BadRequestError(`at most ${MAX_SERIES_SUBJECTS} subjects on one chart`);
  }
  return subjects;
}

/** Instant (UTC ISO) where a Shanghai calendar day starts. */
export function shanghaiDayStart(day: string): string {
  return new Date(`${day}T00:00:00+08:00`).toISOString();
}

/** Instant (UTC ISO) where the Shanghai calendar day after `day` starts. */
export function shanghaiDayEnd(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00+08:00`) + 86_400_000).toISOString();
}
