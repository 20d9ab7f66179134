import { shortHash } from './slug.js';

/**
 * Where each page lives. The server answers clean paths (`/reports/123`); a static export writes
 * files (`reports/123.html`) linked relatively, so it works from any directory of any static host.
 */
export interface SiteLinks {
  /** Forms and filtered queries need the server; a static export has only the default views. */
  readonly dynamic: boolean;
  reports(query?: string): string;
  report(id: string): string;
  /** A series page, or null when the export did not write one for these subjects. */
  series(subjects: readonly string[]): string | null;
  sources(): string;
  feed(query?: string): string;
  asset(name: string): string;
  apiReports(query?: string): string;
  apiReport(id: string): string;
  apiSeries(subjects: readonly string[]): string | null;
  apiSources(): string;
}

function withQuery(path: string, query: string | undefined): string {
  return query ? `${path}?${query}` : path;
}

function subjectQuery(subjects: readonly string[]): string {
  const params = new URLSearchParams();
  for (const subject of subjects) params.append('subject', subject);
  return params.toString();
}

/** Links of `newsmon serve`. */
export const SERVER_LINKS: SiteLinks = {
  dynamic: true,
  reports: (query) => withQuery('/', query),
  report: (id) => `/reports/${encodeURIComponent(id)}`,
  series: (subjects) => withQuery('/series', subjectQuery(subjects)),
  sources: () => '/sources',
  feed: (query) => withQuery('/feed.atom', query),
  asset: (name) => `/static/${name}`,
  apiReports: (query) => withQuery('/api/reports', query),
  apiReport: (id) => `/api/reports/${encodeURIComponent(id)}`,
  apiSeries: (subjects) => withQuery('/api/series', subjectQuery(subjects)),
  apiSources: () => '/api/sources',
};

/** File name of an exported series page (subjects hashed: any text, fixed length). */
export function seriesFileName(subjects: readonly string[]): string {
  return `${shortHash(subjects.join('\n'))}`;
}

/** File name of an exported report page: the id as a safe file name. */
export function reportFileName(id: string): string {
  return /^[A-Za-z0-9._-]{1,80}$/.test(id) && !id.startsWith('.') ? id : shortHash(id);
}

/**
 * Links of a static export, relative to a page `depth` folders below the export root.
 * `exported` tells which series were written (by their file name).
 */
export function staticLinks(depth: number, exported: ReadonlySet<string>): SiteLinks {
  const root = '../'.repeat(depth);
  return {
    dynamic: false,
    reports: () => `${root}index.html`,
    report: (id) => `${root}reports/${reportFileName(id)}.html`,
    series: (subjects) => {
      if (subjects.length === 0) return `${root}series/index.html`;
      const name = seriesFileName(subjects);
      return exported.has(name) ? `${root}series/${name}.html` : null;
    },
    sources: () => `${root}sources.html`,
    feed: () => `${root}feed.atom`,
    asset: (name) => `${root}static/${name}`,
    apiReports: () => `${root}api/reports.json`,
    apiReport: (id) => `${root}api/reports/${reportFileName(id)}.json`,
    apiSeries: (subjects) => {
      if (subjects.length === 0) return `${root}api/subjects.json`;
      const name = seriesFileName(subjects);
      return exported.has(name) ? `${root}api/series/${name}.json` : null;
    },
    apiSources: () => `${root}api/sources.json`,
  };
}
