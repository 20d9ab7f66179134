import type { Element } from 'domhandler';
import { hasOverlongContentNumber, isRednetHost, parseArticleUrl } from './article-url.js';
import { hasClass, isElement, parseInto, textUnder, walk } from './dom.js';
import { MAX_FIELD_CHARS, MAX_LIST_LINKS, MAX_TITLE_CHARS, MAX_URL_CHARS } from './limits.js';
import { type ItemContext, ListScanHandler, type ListVisitor } from './list-page-scan.js';
import { parseShanghaiTime } from './time.js';
import type { ArticleRef, ListPage } from './types.js';

/** Why a list response could not be read. */
type ListParseErrorCode = 'empty' | 'invalid-json' | 'unexpected-shape';

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

/** A list template: where its items sit (ItemContext), and `read` turns one into a link. */
interface TemplateRule extends ItemContext {
  template: Exclude<Template, 'json' | 'unknown' | 'links'>;
  read: (item: Element) => RawItem | null;
}

/** Tried in order; the first that finds items wins (docs/site.md, list pages). */
const TEMPLATES: readonly TemplateRule[] = [
  {
    template: 'old',
    // #div_newsList ul.news_list li
    item: 'li',
    near: (el) => el.name === 'ul' && hasClass(el, 'news_list'),
    far: (el) => el.attribs.id === 'div_newsList',
    read: (li) => {
      const a = first(li, isTag('a'));
      const href = a?.attribs.href;
      if (!a || !href) return null;
      const title = text(first(a, (el) => el.name === 'span' && hasClass(el, 'f_left'))) || text(a);
      const time = text(first(li, (el) => hasClass(el, 'time'))) || null;
      return { href, title: title || null, time };
    },
  },
  {
    template: 'new',
    // ul.main995.list-all li
    item: 'li',
    near: (el) => el.name === 'ul' && hasClass(el, 'main995') && hasClass(el, 'list-all'),
    read: (li) => {
      const a = firstInside(li, 'h1', 'a') ?? first(li, isTag('a'));
      const href = a?.attribs.href;
      if (!a || !href) return null;
      const title = (a.attribs.title ?? '').trim() || text(a);
      const time = text(first(li, (el) => el.name === 'span' && hasClass(el, 'shijian')));
      return { href, title: title || null, time: time || null };
    },
  },
  {
    template: 'js-blocks',
    // #div_newsListBychannel .news-list li
    item: 'li',
    near: (el) => hasClass(el, 'news-list'),
    far: (el) => el.attribs.id === 'div_newsListBychannel',
    read: (li) => {
      const a = firstInside(li, 'h3', 'a');
      const href = a?.attribs.href;
      if (!a || !href) return null;
      // The time is the text of the <p> after the site-name span.
      const source = first(li, (el) => el.name === 'span' && hasClass(el, 'source'));
      const p = source?.parent;
      const time =
        source && p && p.type !== 'root'
          ? text(p as Element)
              .replace(text(source), '')
              .trim()
          : '';
      return { href, title: text(a) || null, time: time || null };
    },
  },
  {
    template: 'county',
    item: 'h3',
    read: (h3) => {
      const a = first(h3, isTag('a'));
      const href = a?.attribs.href;
      if (!a || !href) return null;
      const title = (a.attribs.title ?? '').trim() || text(a);
      return { href, title: title || null, time: null };
    },
  },
];

const NEXT_LABELS = new Set(['下一页', '下页', '下一页>', '下一页>>', '下一页 >', '>', '>>']);

/**
 * Parse a column (list) page. Links are resolved against `pageUrl`; links that are not article
 * URLs (pager, channel, external sites) are dropped, and so are repeats of the same article id.
 * A page no template matches falls back to every article link on it (`template: 'links'`); a page
 * without any gives `template: 'unknown'` and no articles, never an exception. The page is read as
 * a stream (list-page-scan.ts): memory follows the links kept, not the links on the page.
 */
export function parseListPage(page: string, pageUrl: string): ListPage {
  const pageHost = hostOf(pageUrl);
  const { handler, html, warnings } = parseInto(
    page,
    (maxDepth) => new ListScanHandler(maxDepth, TEMPLATES, new ListReader(pageUrl, pageHost)),
  );
  const reader = handler.visitor;
  let template: Template = 'unknown';
  let found: RefCollector | undefined;
  for (const [t, rule] of TEMPLATES.entries()) {
    const collector = reader.templates[t];
    if (collector?.matched) {
      template = rule.template;
      found = collector;
      break;
    }
  }
  // Home pages and unfamiliar columns: any article link on the page (headline blocks, lists
  // rendered server-side). Better a broad watch than "layout changed" on a page full of news.
  if (found === undefined && reader.links.matched) {
    template = 'links';
    found = reader.links;
  }
  const articles = found?.refs ?? [];
  if (found) warnings.push(...found.warnings());
  if (articles.length === 0 && !looksLikeRednet(html, pageHost)) template = 'not-rednet';
  return {
    url: pageUrl,
    template,
    articles,
    nextPage: reader.nextPage,
    channelId: channelIdFromUrl(pageUrl) ?? inlineChannelId(html),
    partial: warnings.length > 0,
    warnings,
  };
}

/** The items of every template and the page's links, read as the scan hands them over. */
class ListReader implements ListVisitor {
  readonly templates: RefCollector[];
  /** Every article link of the page, for the `links` fallback. */
  readonly links: RefCollector;
  nextPage: string | null = null;

  constructor(
    private readonly pageUrl: string,
    pageHost: string | null,
  ) {
    this.templates = TEMPLATES.map(() => new RefCollector(pageUrl, pageHost));
    this.links = new RefCollector(pageUrl, pageHost);
  }

  item(index: number, el: Element): void {
    const rule = TEMPLATES[index];
    const item = rule?.read(el);
    if (item) this.templates[index]?.add(item);
  }

  link(a: Element): void {
    const href = a.attribs.href ?? '';
    this.nextPage ??= nextLinkOf(a, href, this.pageUrl);
    // The fallback is only read when no template found articles.
    if (this.templates.some((collector) => collector.matched)) return;
    if (parseArticleUrl(href, this.pageUrl) === null) return;
    this.links.add({ href, title: (a.attribs.title ?? '').trim() || text(a) || null, time: null });
  }
}

/** Any sign the page belongs to 红网: its host, a rednet.cn link or the site's name. */
function looksLikeRednet(html: string, pageHost: string | null): boolean {
  return (
    (pageHost !== null && isRednetHost(pageHost)) ||
    html.includes('rednet.cn') ||
    html.includes('红网')
  );
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
  const refs = new RefCollector(apiUrl, null);
  for (const item of raw) refs.add(item);
  const warnings = refs.warnings();
  return {
    ok: true,
    page: {
      url: apiUrl,
      template: 'json',
      articles: refs.refs,
      nextPage: null,
      channelId: channelIdFromUrl(apiUrl),
      partial: warnings.length > 0,
      warnings,
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
 * `pageNo` (the parameter name is a guess: docs/site.md, "JSON list API", says why).
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

/**
 * Article refs from raw links fed in document order, within the caps of limits.ts. What is
 * skipped for a cap is counted for `warnings()`; links that are simply not article links are not.
 */
class RefCollector {
  readonly refs: ArticleRef[] = [];
  /** True once any link fed is an article URL (whatever its host, or whether it was kept). */
  matched = false;
  private readonly seen = new Set<string>();
  private longUrls = 0;
  private longNumbers = 0;
  private unread = 0;
  private cutTexts = 0;

  constructor(
    private readonly baseUrl: string,
    private readonly pageHost: string | null,
  ) {}

  add(item: RawItem): void {
    const href = item.href.trim();
    if (this.refs.length >= MAX_LIST_LINKS) {
      this.unread++;
      return;
    }
    if (href.length > MAX_URL_CHARS) {
      this.longUrls++;
      return;
    }
    const info = parseArticleUrl(href, this.baseUrl);
    if (!info) {
      if (hasOverlongContentNumber(href)) this.longNumbers++;
      return;
    }
    this.matched = true;
    // Mirrors and local servers are allowed, but only for links on the page's own host.
    if (!isRednetHost(info.host) && info.host !== this.pageHost) return;
    if (this.seen.has(info.id)) return;
    this.seen.add(info.id);
    const url = new URL(href, this.baseUrl);
    url.hash = '';
    // Credentials of the list page's URL (or written into a link) never go into an article URL.
    url.username = '';
    url.password = '';
    const time = item.time === null ? null : item.time.slice(0, MAX_FIELD_CHARS);
    const title = item.title === null ? null : item.title.slice(0, MAX_TITLE_CHARS);
    if (time !== item.time || title !== item.title) this.cutTexts++;
    this.refs.push({
      id: info.id,
      url: url.toString(),
      site: info.site ?? info.host,
      title,
      listedAt: time ? (parseShanghaiTime(time, info.urlDate)?.iso ?? null) : null,
      urlDate: info.urlDate,
      href,
      listedText: time,
      urlEra: info.era,
    });
  }

  warnings(): string[] {
    const warnings: string[] = [];
    if (this.longUrls > 0)
      warnings.push(`${this.longUrls} links longer than ${MAX_URL_CHARS} characters skipped`);
    if (this.longNumbers > 0) {
      warnings.push(
        `${this.longNumbers} links with a content number over the digit cap skipped: not articles of this site`,
      );
    }
    if (this.cutTexts > 0) {
      warnings.push(
        `${this.cutTexts} listed titles or times cut to ${MAX_TITLE_CHARS} or ${MAX_FIELD_CHARS} characters`,
      );
    }
    if (this.unread > 0)
      warnings.push(`${this.unread} links after the first ${MAX_LIST_LINKS} articles not read`);
    return warnings;
  }
}

/** The URL of `a` when it is a next-page link ("下一页" and its variants), else null. */
function nextLinkOf(a: Element, href: string, pageUrl: string): string | null {
  if (href === '' || /^javascript:/i.test(href) || href === '#') return null;
  if (!NEXT_LABELS.has(text(a).replace(/\s+/g, ''))) return null;
  try {
    return new URL(href, pageUrl).toString();
  } catch {
    return null;
  }
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

function isTag(name: string): (el: Element) => boolean {
  return (el) => el.name === name;
}

/** The first descendant of `root` (document order) that passes `test`. */
function first(root: Element, test: (el: Element) => boolean): Element | undefined {
  let found: Element | undefined;
  walk(root.children, (node) => {
    if (found || !isElement(node)) return false;
    if (test(node)) {
      found = node;
      return false;
    }
    return true;
  });
  return found;
}

/** The first `inner` element that sits inside an `outer` element inside `root`. */
function firstInside(root: Element, outer: string, inner: string): Element | undefined {
  let found: Element | undefined;
  walk(root.children, (node) => {
    if (found || !isElement(node)) return false;
    if (node.name === outer) {
      const hit = first(node, isTag(inner));
      if (hit) found = hit;
      return false;
    }
    return true;
  });
  return found;
}

/** Text of an element and everything inside it (script and style text too), whitespace collapsed. */
function text(el: Element | undefined): string {
  if (!el) return '';
  return textUnder(el, (child) => child.type !== 'comment')
    .replace(/\s+/g, ' ')
    .trim();
}
