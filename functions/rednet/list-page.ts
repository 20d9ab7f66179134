import type { Cheerio, CheerioAPI } from 'cheerio/slim';
import { load } from 'cheerio/slim';
import type { AnyNode } from 'domhandler';
import { isRednetHost, parseArticleUrl } from './article-url.js';
import { parseShanghaiTime } from './time.js';
import type { ArticleRef, ListPage } from './types.js';

/** Why a list response could not be read. */
export type ListParseErrorCode = 'empty' | 'invalid-json' | 'unexpected-shape';

export type ListParseResult =
  | { ok: true; page: ListPage }
  | { ok: false; error: { code: ListParseErrorCode; message: string } };

/** How a link was written: decides nothing, but the gold and the tests record it. */
export type HrefKind = 'absolute' | 'protocol-relative' | 'root-relative' | 'relative';

interface RawItem {
  href: string;
  title: string | null;
  time: string | null;
}

type Template = ListPage['template'];

interface TemplateRule {
  template: Exclude<Template, 'json' | 'unknown' | 'links'>;
  items: string;
  read: ($: CheerioAPI, li: Cheerio<AnyNode>) => RawItem | null;
}

/** Tried in order; the first that finds items wins (rednet-site.md §4). */
const TEMPLATES: readonly TemplateRule[] = [
  {
    template: 'old',
    items: '#div_newsList ul.news_list li',
    read: (_$, li) => {
      const a = li.find('a').first();
      const href = a.attr('href');
      if (!href) return null;
      const title = text(a.find('span.f_left').first()) || text(a);
      const time = text(li.find('.time').first()) || null;
      return { href, title: title || null, time };
    },
  },
  {
    template: 'new',
    items: 'ul.main995.list-all li',
    read: (_$, li) => {
      const a = li.find('h1 a').first().length ? li.find('h1 a').first() : li.find('a').first();
      const href = a.attr('href');
      if (!href) return null;
      const title = (a.attr('title') ?? '').trim() || text(a);
      return { href, title: title || null, time: text(li.find('span.shijian').first()) || null };
    },
  },
  {
    template: 'js-blocks',
    items: '#div_newsListBychannel .news-list li',
    read: (_$, li) => {
      const a = li.find('h3 a').first();
      const href = a.attr('href');
      if (!href) return null;
      // The time is the text of the <p> after the site-name span.
      const p = li.find('span.source').first().parent();
      const time = p.length
        ? text(p)
            .replace(text(li.find('span.source').first()), '')
            .trim()
        : '';
      return { href, title: text(a) || null, time: time || null };
    },
  },
  {
    template: 'county',
    items: 'h3',
    read: (_$, h3) => {
      const a = h3.find('a').first();
      const href = a.attr('href');
      if (!href) return null;
      const title = (a.attr('title') ?? '').trim() || text(a);
      return { href, title: title || null, time: null };
    },
  },
];

const NEXT_LABELS = new Set(['下一页', '下页', '下一页>', '下一页>>', '下一页 >', '>', '>>']);

/**
 * Parse a column (list) page. Links are resolved against `pageUrl`; links that are not article
 * URLs (pager, channel, external sites) are dropped, and so are repeats of the same article id.
 * A page no template matches falls back to every article link on it (`template: 'links'`); a page
 * without any gives `template: 'unknown'` and no articles, never an exception.
 */
export function parseListPage(html: string, pageUrl: string): ListPage {
  const $ = load(html);
  const pageHost = hostOf(pageUrl);
  let template: Template = 'unknown';
  let raw: RawItem[] = [];
  for (const rule of TEMPLATES) {
    const found: RawItem[] = [];
    $(rule.items).each((_, el) => {
      const item = rule.read($, $(el));
      if (item) found.push(item);
    });
    const articles = found.filter((item) => parseArticleUrl(item.href, pageUrl) !== null);
    if (articles.length > 0) {
      template = rule.template;
      raw = found;
      break;
    }
  }
  if (template === 'unknown') {
    // Home pages and unfamiliar columns: any article link on the page (headline blocks, lists
    // rendered server-side). Better a broad watch than "layout changed" on a page full of news.
    const links = $('a[href]')
      .toArray()
      .map((el) => {
        const a = $(el);
        return {
          href: a.attr('href') ?? '',
          title: (a.attr('title') ?? '').trim() || text(a) || null,
          time: null,
        };
      })
      .filter((item) => parseArticleUrl(item.href, pageUrl) !== null);
    if (links.length > 0) {
      template = 'links';
      raw = links;
    }
  }
  return {
    url: pageUrl,
    template,
    articles: toRefs(raw, pageUrl, pageHost),
    nextPage: findNextLink($, pageUrl),
    channelId: channelIdFromUrl(pageUrl) ?? inlineChannelId(html),
  };
}

/**
 * Parse the JSON list API (`front-web.rednet.cn/content/list/channel?channelId=…`): an array of
 * `{title, contentUrl, publishTimeStr, …}`. A `{data: [...]}` wrapper is accepted too.
 */
export function parseListApi(json: string, apiUrl: string): ListParseResult {
  if (json.trim() === '') {
    return { ok: false, error: { code: 'empty', message: 'list API response is empty' } };
  }
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    return {
      ok: false,
      error: { code: 'invalid-json', message: `list API response is not JSON: ${reason}` },
    };
  }
  const items = listItems(data);
  if (!items) {
    return {
      ok: false,
      error: { code: 'unexpected-shape', message: 'list API response is not an array of items' },
    };
  }
  const raw: RawItem[] = [];
  for (const item of items) {
    if (typeof item !== 'object' || item === null) continue;
    const record = item as Record<string, unknown>;
    const href = stringField(record, 'contentUrl') ?? stringField(record, 'url');
    if (!href) continue;
    raw.push({
      href,
      title: stringField(record, 'title')?.trim() || null,
      time: stringField(record, 'publishTimeStr')?.trim() || null,
    });
  }
  return {
    ok: true,
    page: {
      url: apiUrl,
      template: 'json',
      articles: toRefs(raw, apiUrl, null),
      nextPage: null,
      channelId: channelIdFromUrl(apiUrl),
    },
  };
}

/** Pick the JSON or the HTML parser from the content type, falling back to the text itself. */
export function parseListResponse(
  text: string,
  url: string,
  contentType?: string | null,
): ListParseResult {
  if (text.trim() === '') {
    return { ok: false, error: { code: 'empty', message: 'list response is empty' } };
  }
  const type = (contentType ?? '').toLowerCase();
  const looksJson = /^\s*[[{]/.test(text);
  if (type.includes('json') || (!type.includes('html') && looksJson))
    return parseListApi(text, url);
  return { ok: true, page: parseListPage(text, url) };
}

/**
 * URL of page `n` (1-based) of a column, by the CMS's URL pattern, for backfill when a page shows
 * no pager link: `/channel/7417.html` → `/channel/7417_3.html`. For the JSON API it sets
 * `pageNo` (the parameter name is a guess: rednet-site.md §6 marks paging as unknown).
 * Returns null for URLs with no known pattern.
 */
export function nextListPageUrl(url: string, n: number): string | null {
  if (!Number.isInteger(n) || n < 1) return null;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  const column = /^(.*\/channel\/(?:\d{4}\/\d{4}\/)?\d+)(?:_\d+)?\.html$/.exec(parsed.pathname);
  if (column) {
    parsed.pathname = n === 1 ? `${column[1]}.html` : `${column[1]}_${n}.html`;
    return parsed.toString();
  }
  if (
    /\/content\/list\/channel\/?$/.test(parsed.pathname) &&
    parsed.searchParams.has('channelId')
  ) {
    parsed.searchParams.set('pageNo', String(n));
    return parsed.toString();
  }
  return null;
}

/** How an href is written. */
export function hrefKind(href: string): HrefKind {
  if (/^[a-z][a-z0-9+.-]*:/i.test(href)) return 'absolute';
  if (href.startsWith('//')) return 'protocol-relative';
  if (href.startsWith('/')) return 'root-relative';
  return 'relative';
}

function toRefs(raw: RawItem[], baseUrl: string, pageHost: string | null): ArticleRef[] {
  const seen = new Set<string>();
  const refs: ArticleRef[] = [];
  for (const item of raw) {
    const href = item.href.trim();
    const info = parseArticleUrl(href, baseUrl);
    if (!info) continue;
    // Mirrors and local servers are allowed, but only for links on the page's own host.
    if (!isRednetHost(info.host) && info.host !== pageHost) continue;
    if (seen.has(info.id)) continue;
    seen.add(info.id);
    const url = new URL(href, baseUrl);
    url.hash = '';
    refs.push({
      id: info.id,
      url: url.toString(),
      site: info.site ?? info.host,
      title: item.title,
      listedAt: item.time ? (parseShanghaiTime(item.time, info.urlDate)?.iso ?? null) : null,
      urlDate: info.urlDate,
      href,
      listedText: item.time,
      urlEra: info.era,
    });
  }
  return refs;
}

function findNextLink($: CheerioAPI, pageUrl: string): string | null {
  let next: string | null = null;
  $('a[href]').each((_, el) => {
    const a = $(el);
    const label = text(a).replace(/\s+/g, '');
    const href = a.attr('href') ?? '';
    if (!NEXT_LABELS.has(label) || href === '' || /^javascript:/i.test(href) || href === '#')
      return;
    try {
      next = new URL(href, pageUrl).toString();
    } catch {
      return;
    }
    return false;
  });
  return next;
}

function listItems(data: unknown): unknown[] | null {
  if (Array.isArray(data)) return data;
  if (typeof data !== 'object' || data === null) return null;
  const inner = (data as Record<string, unknown>).data;
  if (Array.isArray(inner)) return inner;
  if (typeof inner === 'object' && inner !== null) {
    const list = (inner as Record<string, unknown>).list;
    if (Array.isArray(list)) return list;
  }
  return null;
}

function stringField(record: Record<string, unknown>, key: string): string | undefined {
  const value = record[key];
  return typeof value === 'string' ? value : undefined;
}

function channelIdFromUrl(url: string): string | null {
  try {
    const parsed = new URL(url);
    const fromPath = /\/channel\/(?:\d{4}\/\d{4}\/)?(\d+)(?:_\d+)?\.html$/.exec(parsed.pathname);
    return fromPath?.[1] ?? parsed.searchParams.get('channelId');
  } catch {
    return null;
  }
}

function inlineChannelId(html: string): string | null {
  return /\bchannelId\s*=\s*["']?(\d+)/.exec(html)?.[1] ?? null;
}

function hostOf(url: string): string | null {
  try {
    return new URL(url).host.toLowerCase();
  } catch {
    return null;
  }
}

function text(node: Cheerio<AnyNode>): string {
  return node.text().replace(/\s+/g, ' ').trim();
}
