import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { packagePath } from '../cli/paths.js';
import type { SourceConfig, StoredReport } from '../functions/monitor/ports.js';
import { renderAtomFeed } from './atom.js';
import { FEED_SIZE, MAX_URL_LENGTH, SUGGESTION_CACHE_MS } from './limits.js';
import { SERVER_LINKS, type SiteLinks } from './links.js';
import { renderErrorPage } from './pages/error-page.js';
import { renderReportPage } from './pages/report-page.js';
import { renderReportsPage } from './pages/reports-page.js';
import { renderSeriesPage } from './pages/series-page.js';
import { renderSourcesPage } from './pages/sources-page.js';
import {
  BadRequestError,
  filterQuery,
  parseReportFilter,
  parseSubjects,
  type ReportFilter,
  textParam,
} from './params.js';
import {
  filterSuggestions,
  findReports,
  loadSeries,
  loadSources,
  type ReportsResult,
  type SubjectSuggestion,
  suggestSubjects,
  type WebStore,
} from './read-model.js';

/** A response of the web view, independent of node:http (the export writes the same bodies). */
export interface WebResponse {
  status: number;
  headers: Record<string, string>;
  body: string | Buffer;
}

/**
 * No inline script anywhere: scripts are static files, data reaches them in JSON blocks.
 * Styles come from style.css; the chart library sets element styles through the CSSOM only.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** Headers every response carries. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
};

const TYPES = {
  html: 'text/html; charset=utf-8',
  json: 'application/json; charset=utf-8',
  atom: 'application/atom+xml; charset=utf-8',
  css: 'text/css; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  text: 'text/plain; charset=utf-8',
} as const;

// Found from the package root, not from this module: the CLI runs compiled from cli/.build/.
const STATIC_DIR = packagePath('web', 'static');
const require = createRequire(packagePath('package.json'));

/** Files under /static/: our own (web/static) and the chart library from its package. */
export const STATIC_FILES: Readonly<Record<string, { path: string; type: string }>> = {
  'style.css': { path: join(STATIC_DIR, 'style.css'), type: TYPES.css },
  'series-chart.js': { path: join(STATIC_DIR, 'series-chart.js'), type: TYPES.js },
  'echarts.min.js': {
    path: require.resolve('echarts/dist/echarts.common.min.js'),
    type: TYPES.js,
  },
};

export interface SiteOptions {
  store: WebStore;
  sources: readonly SourceConfig[];
}

function respond(status: number, type: string, body: string | Buffer): WebResponse {
  return { status, headers: { 'content-type': type, ...SECURITY_HEADERS }, body };
}

function json(data: unknown): WebResponse {
  return respond(200, TYPES.json, `${JSON.stringify(data, null, 2)}\n`);
}

/** A report as the Reports API lists it: the article without its text, and its leading figures. */
function reportSummary(report: StoredReport) {
  const { article } = report;
  return {
    id: article.id,
    title: article.title,
    publishedAt: article.publishedAt,
    site: article.site,
    channel: article.channel,
    source: article.source,
    url: article.url,
    discoveredAt: report.discoveredAt,
    figureCount: report.metrics.length,
    figures: report.metrics.slice(0, 5),
  };
}

export function reportsJson(result: ReportsResult, filter: ReportFilter) {
  return {
    filter,
    reports: result.reports.map(reportSummary),
    next: result.next,
    scanned: result.scanned,
    scanCapped: result.scanCapped,
  };
}

/** Feed links for a server at `origin` (`http://127.0.0.1:8080`). */
function feedLinks(origin: string, links: SiteLinks, query: string) {
  return {
    self: `${origin}${links.feed(query)}`,
    page: `${origin}${links.reports(query)}`,
    report: (id: string) => `${origin}${links.report(id)}`,
  };
}

/**
 * The whole read-only web view as one function of (method, request target): pages, JSON under
 * /api, the Atom feed and the static files. Anything but GET/HEAD is 405.
 */
export function createSite(options: SiteOptions) {
  const links = SERVER_LINKS;
  const { store } = options;

  const page = (body: { value: string }): WebResponse => respond(200, TYPES.html, body.value);
  // The subjects read scans every stored figure: kept for a while, not read on every chart view.
  let suggestions: { at: number; value: Promise<SubjectSuggestion[]> } | null = null;
  const cachedSuggestions = (): Promise<SubjectSuggestion[]> => {
    const now = Date.now();
    if (!suggestions || now - suggestions.at > SUGGESTION_CACHE_MS) {
      const value = suggestSubjects(store, null, Number.POSITIVE_INFINITY);
      suggestions = { at: now, value };
      value.catch(() => {
        suggestions = null;
      });
    }
    return suggestions.value;
  };

  async function route(
    path: string,
    params: URLSearchParams,
    origin: string,
  ): Promise<WebResponse> {
    if (path === '/' || path === '/index.html') {
      const filter = parseReportFilter(params);
      return page(renderReportsPage(await findReports(store, filter), filter, links));
    }
    if (path === '/api/reports') {
      const filter = parseReportFilter(params);
      return json(reportsJson(await findReports(store, filter), filter));
    }
    const reportMatch = /^\/(api\/)?reports\/([^/]{1,100})$/.exec(path);
    if (reportMatch) {
      const id = decodeURIComponent(reportMatch[2] ?? '');
      const report = await store.getReport(id);
      if (!report) return notFound(`No stored report with id ${id}.`);
      return reportMatch[1] ? json(report) : page(renderReportPage(report, links));
    }
    if (path === '/series' || path === '/api/series') {
      const subjects = parseSubjects(params);
      const result = await loadSeries(store, subjects);
      if (path === '/api/series') return json(result);
      const suggestions = filterSuggestions(await cachedSuggestions(), null);
      return page(renderSeriesPage(result, suggestions, links));
    }
    if (path === '/api/subjects') {
      return json(filterSuggestions(await cachedSuggestions(), textParam(params, 'like')));
    }
    if (path === '/sources' || path === '/api/sources') {
      const rows = await loadSources(store, options.sources);
      return path === '/api/sources' ? json(rows) : page(renderSourcesPage(rows, links));
    }
    if (path === '/feed.atom') {
      const filter = parseReportFilter(params);
      const feedFilter = params.has('limit') ? filter : { ...filter, limit: FEED_SIZE };
      const result = await findReports(store, feedFilter);
      const query = filterQuery(feedFilter, { before: null, limit: filter.limit });
      return respond(
        200,
        TYPES.atom,
        renderAtomFeed(result.reports, query, feedLinks(origin, links, query)),
      );
    }
    if (path === '/favicon.ico') {
      // No icon: browsers ask for one on the feed and JSON views, which have no <link rel=icon>.
      return respond(204, TYPES.text, '');
    }
    const asset = /^\/static\/([a-z0-9.-]+)$/.exec(path)?.[1];
    const file = asset === undefined ? undefined : STATIC_FILES[asset];
    if (file) {
      const response = respond(200, file.type, await readFile(file.path));
      response.headers['cache-control'] = 'public, max-age=3600';
      return response;
    }
    return notFound('No such page.');
  }

  function notFound(message: string): WebResponse {
    return respond(404, TYPES.html, renderErrorPage(404, message, links).value);
  }

  return {
    /** Answers one request; a store failure is thrown for the server to answer 500. */
    async handle(method: string, target: string, origin: string): Promise<WebResponse> {
      if (method !== 'GET' && method !== 'HEAD') {
        const response = respond(405, TYPES.text, 'read-only: only GET and HEAD are allowed\n');
        response.headers.allow = 'GET, HEAD';
        return response;
      }
      if (target.length > MAX_URL_LENGTH) {
        return respond(414, TYPES.text, 'request target too long\n');
      }
      let url: URL;
      try {
        url = new URL(target, 'http://localhost');
      } catch {
        return respond(400, TYPES.text, 'bad request target\n');
      }
      try {
        return await route(url.pathname, url.searchParams, origin);
      } catch (error) {
        if (error instanceof BadRequestError || error instanceof URIError) {
          const message = error instanceof BadRequestError ? error.message : 'malformed escape';
          return url.pathname.startsWith('/api/')
            ? { ...json({ error: message }), status: 400 }
            : respond(400, TYPES.html, renderErrorPage(400, message, links).value);
        }
        throw error;
      }
    },
  };
}

export type Site = ReturnType<typeof createSite>;
