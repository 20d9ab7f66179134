import { createHash } from 'node:crypto';
import type { AnyNode, Document, Element, ParentNode } from 'domhandler';
import { type ArticleUrlInfo, isRednetHost, parseArticleUrl } from './article-url.js';
import { hasClass, hasToken, isElement, parsePage, textUnder, walk } from './dom.js';
import {
  MAX_BODY_CHARS,
  MAX_CONTENT_ID_DIGITS,
  MAX_FIELD_CHARS,
  MAX_IMAGES,
  MAX_TITLE_CHARS,
  MAX_URL_CHARS,
} from './limits.js';
import { parseShanghaiTime } from './time.js';
import type { Article } from './types.js';

/** Why a page gave no article. */
type ParseErrorCode =
  /** Nothing but whitespace. */
  | 'empty'
  /** NUL or control bytes: an image, archive or other non-text response. */
  | 'binary'
  /** Mostly U+FFFD: decoded with the wrong charset. */
  | 'undecodable'
  /** Text without markup: use `articleFromPlainText`. */
  | 'not-html'
  /** Neither the URL nor the page belongs to 红网. */
  | 'not-rednet'
  /** A 红网 page that is not an article (no article URL, no inline `contentId`). */
  | 'not-article'
  /** No body paragraphs were found. */
  | 'no-body';

interface ParseError {
  code: ParseErrorCode;
  message: string;
}

export type ParseResult = { ok: true; article: Article } | { ok: false; error: ParseError };

export interface ParseOptions {
  /** Encoding the bytes were decoded with (from the HTTP client's decoding); recorded on the article. */
  encoding?: string;
  /** Warnings from decoding the bytes (invalid sequences replaced), carried into the article's. */
  decodeWarnings?: readonly string[];
}

type Field = 'source' | 'author' | 'editor';
type Labels = Partial<Record<Field, string>>;

/**
 * What an element must be for a rule: its tag, an id, class tokens it must all carry, and
 * optionally a place (`within`: some ancestor carries one of these class tokens).
 */
interface ElementRule {
  tag?: string;
  id?: string;
  classes?: readonly string[];
  within?: readonly string[];
}

interface BodyRule extends ElementRule {
  template: string;
}

/** Body containers in priority order (docs/site.md, article templates). */
const BODY_RULES: readonly BodyRule[] = [
  { classes: ['detail_article_content'], template: 'pc-detail' },
  { tag: 'article', classes: ['detail-article'], template: 'city-2018' },
  { classes: ['detail_article'], template: 'moment-pc' },
  { tag: 'div', classes: ['description'], template: 'mobile' },
  { id: 'articlecontent', template: 'legacy-c' },
];

/** Title elements in priority order; `<title>` is the last resort (see findTitle). */
const TITLE_RULES: readonly ElementRule[] = [
  { tag: 'h1', classes: ['detail_title'] },
  { tag: 'h1', within: ['box_left', 'box-left1'] },
  { tag: 'h1', classes: ['p_t_30', 'f36', 'p_b_40', 'h36'] },
  { tag: 'div', classes: ['title'] },
];

const LABEL = /(来源|作者|责任编辑|责编|编辑)\s*[:：]\s*/g;
const LABEL_FIELD: Record<string, Field> = {
  来源: 'source',
  作者: 'author',
  编辑: 'editor',
  责任编辑: 'editor',
  责编: 'editor',
};
/** A 来源/作者/编辑 line: metadata, never body text. */
const LABEL_LINE = /^(?:来源|作者|编辑|责任编辑|责编|审核|校对)\s*[:：]/;
/** Statements about the article, not part of it. */
const STATEMENT_LINES: readonly RegExp[] = [
  /^[（(]?本(?:站|文)(?:为.{0,30})?原创/,
  /^本文链接\s*[:：]/,
  /^(?:版权所有|版权声明|copyright\b)/i,
  /^当前位置\s*[:：]/,
  /^时刻新闻\s*—分享—$/,
];
/** Short lines that only say "reprint with a link"/"rights reserved" are chrome too. */
const SHORT_STATEMENT = /转载请(?:附上|注明)|版权所有|未经授权禁止转载/;
/** A heading that opens a related-links list inside the body; link-only lines after it go too. */
const RELATED_HEADING =
  /^(?:相关新闻|相关阅读|相关链接|相关报道|推荐阅读|延伸阅读|阅读下一篇|更多阅读)\s*[:：]?$/;
/** A date with a time, or a lone time, ends a meta-line value (`编辑：蒋楠 2022-02-21 12:09:02`). */
const VALUE_END = /\s+(?:\d{4}[-/年]\d{1,2}|\d{1,2}-\d{1,2}\s+\d{1,2}:\d{2}|阅读|点赞)/;

/**
 * Parse one article page (already decoded to text). Never throws: bad input gives
 * `{ ok: false, error }`; a page that lacks something but still has a body gives an article with
 * `partial: true` and warnings.
 *
 * `id` comes from the URL (see article-url.ts), else from the page's inline `contentId`.
 * `site` is the rednet sub-domain label (`hn`), or the host itself (`127.0.0.1:8000`) for a page
 * served from elsewhere: Article.site is never null, so the host stands in for the unknown site.
 */
export function parseArticlePage(
  html: string,
  pageUrl: string,
  options: ParseOptions = {},
): ParseResult {
  // Credentials in the URL a page was fetched from never reach the article.
  const url = withoutUserinfo(pageUrl);
  const early = checkInput(html);
  if (early) return { ok: false, error: early };

  const urlInfo = parseArticleUrl(url);
  const hasRednetMarker = html.includes('rednet.cn') || html.includes('红网');
  const urlHost = urlInfo?.host ?? hostOf(url);
  if (!hasRednetMarker && !(urlHost && isRednetHost(urlHost))) {
    return fail('not-rednet', `page at ${url} has no 红网 markers and is not on a rednet.cn host`);
  }
  const inlineId = inlineVar(html, 'contentId');
  const id = urlInfo?.id ?? inlineId;
  if (!id) {
    return fail('not-article', `${url} is not a 红网 article URL and the page has no contentId`);
  }

  let document: Document;
  const warnings: string[] = [...(options.decodeWarnings ?? [])];
  let partial = false;
  try {
    const parsed = parsePage(html);
    document = parsed.document;
    if (parsed.warnings.length > 0) {
      warnings.push(...parsed.warnings);
      partial = true;
    }
  } catch (err) {
    return fail(
      'not-html',
      `page could not be parsed: ${err instanceof Error ? err.message : String(err)}`,
    );
  }

  const tail = html.slice(-4096);
  if (!/<\/html\s*>/i.test(tail) && !/<\/body\s*>/i.test(tail)) {
    warnings.push('html is truncated: no </body> or </html>');
    partial = true;
  }

  const index = indexPage(document);
  const body = findBody(index, urlInfo);
  const title = findTitle(index);
  if (!body || body.paragraphs.length === 0) {
    return fail(
      'no-body',
      `no article body found in ${url}${title ? ` (title: ${title.slice(0, MAX_TITLE_CHARS)})` : ''}`,
    );
  }
  if (!title) {
    warnings.push('no title found');
    partial = true;
  }

  const cut = (what: string, limit: number, had: number) => {
    warnings.push(`${what} cut to ${limit} (it had ${had})`);
    partial = true;
  };
  const capText = (value: string | null | undefined, what: string, limit: number) => {
    if (value === null || value === undefined) return null;
    if (value.length <= limit) return value;
    cut(`${what} characters`, limit, value.length);
    return value.slice(0, limit);
  };
  const labels = findLabels(index, body.droppedLabelLines);
  const publishedAt = findPublishedAt(index, urlInfo, warnings);
  if (publishedAt && urlInfo?.urlDate && daysApart(publishedAt.slice(0, 10), urlInfo.urlDate) > 1) {
    warnings.push(
      `publication date ${publishedAt.slice(0, 10)} differs from the URL date ${urlInfo.urlDate}`,
    );
  }
  if (urlInfo?.urlDateInvalid)
    warnings.push(`URL date ${urlInfo.rawUrlDate} is not a calendar date`);

  const paragraphs = capParagraphs(body.paragraphs, MAX_BODY_CHARS);
  if (paragraphs !== body.paragraphs) {
    cut('body characters', MAX_BODY_CHARS, charCount(body.paragraphs));
  }
  let images = body.images.flatMap((src) => resolveUrl(src, url) ?? []);
  const longImages = images.filter((src) => src.length > MAX_URL_CHARS).length;
  if (longImages > 0) {
    warnings.push(`${longImages} image URLs longer than ${MAX_URL_CHARS} characters dropped`);
    partial = true;
    images = images.filter((src) => src.length <= MAX_URL_CHARS);
  }
  if (images.length > MAX_IMAGES) {
    cut('images', MAX_IMAGES, images.length);
    images = images.slice(0, MAX_IMAGES);
  }

  const article: Article = {
    id,
    url,
    site: urlInfo?.site ?? urlHost ?? '',
    channel: inlineVar(html, 'channelId'),
    title: capText(title, 'title', MAX_TITLE_CHARS),
    publishedAt,
    source: capText(labels.source, 'source', MAX_FIELD_CHARS),
    author: capText(labels.author, 'author', MAX_FIELD_CHARS),
    editor: capText(labels.editor, 'editor', MAX_FIELD_CHARS),
    text: paragraphs.join('\n'),
    paragraphs,
    images,
    encoding: options.encoding ?? 'utf-8',
    template: body.template,
    partial,
    warnings,
  };
  return { ok: true, article };
}

/**
 * Build an article from a saved plain-text body (one paragraph per line). A first line
 * `# <path or URL>` (the corpus `bodies/*.txt` form) names the page when `url` is not given.
 * Title and time are unknown: both null, with a warning; nothing is invented.
 */
export function articleFromPlainText(
  text: string,
  url?: string,
  options: ParseOptions = {},
): ParseResult {
  if (text.trim() === '') return fail('empty', 'text is empty');
  if (text.includes('\u0000')) return fail('binary', 'text contains NUL characters');
  const lines = text.split(/\r?\n/);
  let pageUrl = url ?? null;
  const header = /^#\s+(\S+)\s*$/.exec(lines[0] ?? '');
  if (header) {
    lines.shift();
    pageUrl ??= header[1] ?? null;
  }
  const body = cleanLines(lines.map((line) => ({ text: normalizeLine(line), p: null })));
  if (body.paragraphs.length === 0) return fail('no-body', 'text has no body lines');

  const warnings = [
    ...(options.decodeWarnings ?? []),
    'plain text: no title',
    'plain text: no publication time',
  ];
  const urlInfo = pageUrl
    ? (parseArticleUrl(pageUrl) ?? parseArticleUrl(pageUrl, 'http://localhost/'))
    : null;
  const labels: Labels = {};
  for (const line of body.droppedLabelLines) fillLabels(labels, line);
  let id = urlInfo?.id;
  if (!id) {
    // No URL: a content hash is the only stable name that invents nothing.
    id = `text-${createHash('sha256').update(body.paragraphs.join('\n')).digest('hex').slice(0, 16)}`;
    warnings.push('no article URL: id is a hash of the text');
  }
  return {
    ok: true,
    article: {
      id,
      url: pageUrl ?? '',
      site: urlInfo ? (urlInfo.site ?? (urlInfo.host === 'localhost' ? '' : urlInfo.host)) : '',
      channel: null,
      title: null,
      publishedAt: null,
      source: labels.source ?? null,
      author: labels.author ?? null,
      editor: labels.editor ?? null,
      text: body.paragraphs.join('\n'),
      paragraphs: body.paragraphs,
      images: [],
      encoding: options.encoding ?? 'utf-8',
      template: 'plain-text',
      partial: true,
      warnings,
    },
  };
}

function checkInput(html: string): ParseError | null {
  if (!/\S/.test(html)) return { code: 'empty', message: 'page is empty' };
  const sample = html.slice(0, 8192);
  // Text pages have none of the characters counted below: one regex scan settles those.
  if (!SUSPECT_CHAR.test(sample)) return hasMarkup(sample);
  let control = 0;
  let replacement = 0;
  for (let i = 0; i < sample.length; i++) {
    const c = sample.charCodeAt(i);
    if (c === 0) return { code: 'binary', message: 'page contains NUL characters: not text' };
    if (c < 32 && c !== 9 && c !== 10 && c !== 13 && c !== 12) control++;
    else if (c === 0xfffd) replacement++;
  }
  if (control > sample.length * 0.01) {
    return {
      code: 'binary',
      message: `page has ${control} control characters in its first ${sample.length}`,
    };
  }
  if (replacement > 16 && replacement > sample.length * 0.02) {
    return {
      code: 'undecodable',
      message: `page has ${replacement} U+FFFD characters: decoded with the wrong charset`,
    };
  }
  return hasMarkup(sample);
}

/** NUL, the control characters `checkInput` counts (tab, LF, FF, CR excepted) and U+FFFD. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const SUSPECT_CHAR = /[\u0000-\u0008\u000b\u000e-\u001f\ufffd]/;

function hasMarkup(sample: string): ParseError | null {
  if (!/<[a-zA-Z!/]/.test(sample)) {
    return { code: 'not-html', message: 'input has no HTML markup (use articleFromPlainText)' };
  }
  return null;
}

interface Body {
  template: string;
  paragraphs: string[];
  images: string[];
  droppedLabelLines: string[];
}

interface Line {
  text: string;
  /**
   * The `<p>` the line came from, or null. Inside a related-links list a `<p>` line whose text
   * all sits inside links is dropped (asked only there: see `cleanLines`).
   */
  p: Element | null;
}

/**
 * The elements the extractors need, gathered in one walk over the DOM (document order). One
 * walk costs less than a dozen selector queries, each of which would visit every node again.
 */
interface PageIndex {
  /** First element matching each BODY_RULES entry, by rule index. */
  bodies: Array<Element | undefined>;
  /**
   * First match of each title rule, in priority order: `h1.detail_title`, an `h1` inside
   * `.box_left`/`.box-left1`, `h1.p_t_30.f36.p_b_40.h36`, `div.title`.
   */
  titles: Array<Element | undefined>;
  titleTag: Element | undefined;
  metas: Map<string, string>;
  authorBaidu: Element | undefined;
  /** `span.p_l_10` / `span.p_l_25`: the PC and city-site meta line. */
  metaSpans: Element[];
  /** First `div.m_b_25`: the meta line when it is written without spans. */
  metaBlock: Element | undefined;
  timeSpans: Element[];
  divTime: Element | undefined;
  /** Trailing-block and mobile lines that may hold 来源/作者/编辑, in priority order. */
  trailing: Element[];
  articleInfo: Element[];
  contentInfoSpans: Element[];
  bareSource: Element | undefined;
}

/** Where an element sits: the ancestors the index rules care about. */
interface Scope {
  /** Class tokens of TITLE_RULES `within` lists carried by some ancestor. */
  within: ReadonlySet<string>;
  /** Inside `div.article_info`. */
  articleInfo: boolean;
  /** Inside a `<section>` of `article.detail-article` other than the body (the trailing block). */
  trailingSection: boolean;
  /** Inside `div.content_info` (video pages). */
  contentInfo: boolean;
  /** Inside `.news_detail` / `.info` (2015 时刻 pages). */
  sourceBox: boolean;
}

const TOP_SCOPE: Scope = {
  within: new Set(),
  articleInfo: false,
  trailingSection: false,
  contentInfo: false,
  sourceBox: false,
};

/** Every class token some rule's `within` names. */
const WITHIN_TOKENS: readonly string[] = [
  ...new Set([...BODY_RULES, ...TITLE_RULES].flatMap((rule) => rule.within ?? [])),
];

function matches(rule: ElementRule, el: Element, scope: Scope): boolean {
  if (rule.tag !== undefined && el.name !== rule.tag) return false;
  if (rule.id !== undefined && el.attribs.id !== rule.id) return false;
  const cls = el.attribs.class;
  if (rule.classes !== undefined) {
    for (const token of rule.classes) if (!hasToken(cls, token)) return false;
  }
  if (rule.within !== undefined && !rule.within.some((token) => scope.within.has(token))) {
    return false;
  }
  return true;
}

function indexPage(document: Document): PageIndex {
  const index: PageIndex = {
    bodies: [],
    titles: [],
    titleTag: undefined,
    metas: new Map(),
    authorBaidu: undefined,
    metaSpans: [],
    metaBlock: undefined,
    timeSpans: [],
    divTime: undefined,
    trailing: [],
    articleInfo: [],
    contentInfoSpans: [],
    bareSource: undefined,
  };
  const mobileLines: Element[] = [];
  const trailingLines: Element[] = [];
  const infoLines: Element[] = [];
  // Depth-first in document order with an explicit stack: no recursion on document depth.
  // Only elements are pushed: text and comments, about half of all nodes, decide nothing here.
  const stack: Array<{ el: Element; parent: Element | undefined; scope: Scope }> = [];
  const pushChildren = (nodes: readonly AnyNode[], parent: Element | undefined, scope: Scope) => {
    for (let i = nodes.length - 1; i >= 0; i--) {
      const node = nodes[i] as AnyNode;
      if (isElement(node)) stack.push({ el: node, parent, scope });
    }
  };
  pushChildren(document.children, undefined, TOP_SCOPE);
  for (let frame = stack.pop(); frame !== undefined; frame = stack.pop()) {
    const { el, parent, scope } = frame;
    const name = el.name;
    const cls = el.attribs.class;
    const classed = cls !== undefined;
    for (let i = 0; i < BODY_RULES.length; i++) {
      if (!index.bodies[i] && matches(BODY_RULES[i] as BodyRule, el, scope)) index.bodies[i] = el;
    }
    for (let i = 0; i < TITLE_RULES.length; i++) {
      if (!index.titles[i] && matches(TITLE_RULES[i] as ElementRule, el, scope)) {
        index.titles[i] = el;
      }
    }
    if (name === 'title') {
      if (!index.titleTag) index.titleTag = el;
    } else if (name === 'meta') {
      const key = el.attribs.name?.toLowerCase();
      if (key && !index.metas.has(key)) index.metas.set(key, el.attribs.content ?? '');
    } else if (name === 'span') {
      if (classed && (hasClass(el, 'p_l_10') || hasClass(el, 'p_l_25'))) index.metaSpans.push(el);
      if (classed && hasClass(el, 'p_l_25')) index.timeSpans.push(el);
      if (scope.contentInfo) index.contentInfoSpans.push(el);
      if (scope.sourceBox && !index.bareSource && hasClass(el, 'source')) index.bareSource = el;
    } else if (name === 'div' && classed) {
      if (!index.divTime && hasClass(el, 'time')) index.divTime = el;
      if (!index.metaBlock && hasClass(el, 'm_b_25')) index.metaBlock = el;
    } else if (name === 'p') {
      if (scope.trailingSection) trailingLines.push(el);
      if (scope.articleInfo) infoLines.push(el);
      if (parent?.name === 'section' && hasClass(parent, 'content')) mobileLines.push(el);
    }
    if (el.attribs.id === 'author_baidu' && !index.authorBaidu) index.authorBaidu = el;
    const isArticleInfo = classed && name === 'div' && hasClass(el, 'article_info');
    if (isArticleInfo) index.articleInfo.push(el);
    if (el.children.length === 0) continue;
    pushChildren(el.children, el, childScope(el, parent, scope, isArticleInfo));
  }
  index.trailing = [...trailingLines, ...infoLines, ...mobileLines];
  return index;
}

/** The scope of `el`'s children: `scope` itself unless `el` opens something. */
function childScope(
  el: Element,
  parent: Element | undefined,
  scope: Scope,
  isArticleInfo: boolean,
): Scope {
  const name = el.name;
  let within: Set<string> | undefined;
  let articleInfo = scope.articleInfo;
  let contentInfo = scope.contentInfo;
  let sourceBox = scope.sourceBox;
  if (el.attribs.class !== undefined) {
    for (const token of WITHIN_TOKENS) {
      if (!scope.within.has(token) && hasClass(el, token)) {
        within ??= new Set(scope.within);
        within.add(token);
      }
    }
    if (isArticleInfo) articleInfo = true;
    if (name === 'div' && hasClass(el, 'content_info')) contentInfo = true;
    if (hasClass(el, 'news_detail') || hasClass(el, 'info')) sourceBox = true;
  }
  const trailingSection =
    scope.trailingSection ||
    (name === 'section' &&
      !hasClass(el, 'detail_article_content') &&
      parent?.name === 'article' &&
      hasClass(parent, 'detail-article'));
  if (
    within === undefined &&
    articleInfo === scope.articleInfo &&
    contentInfo === scope.contentInfo &&
    sourceBox === scope.sourceBox &&
    trailingSection === scope.trailingSection
  ) {
    return scope;
  }
  return { within: within ?? scope.within, articleInfo, trailingSection, contentInfo, sourceBox };
}

function findBody(index: PageIndex, urlInfo: ArticleUrlInfo | null): Body | null {
  for (const [i, rule] of BODY_RULES.entries()) {
    const container = index.bodies[i];
    if (!container) continue;
    const ps: Element[] = [];
    const imgs: Element[] = [];
    collect(container.children, ps, imgs);
    const lines: Line[] = [];
    if (ps.length > 0) {
      for (const p of ps) {
        const text = normalizeLine(textOf(p));
        lines.push({ text, p });
      }
    } else {
      // Bodies without <p>: one line per <br> or source line.
      for (const t of textWithBreaks(container).split('\n'))
        lines.push({ text: normalizeLine(t), p: null });
    }
    const cleaned = cleanLines(lines);
    if (cleaned.paragraphs.length === 0) continue;
    const images: string[] = [];
    for (const img of imgs) {
      const src = img.attribs.src ?? img.attribs['data-src'];
      if (src && !src.startsWith('data:') && !images.includes(src)) images.push(src);
    }
    return {
      paragraphs: cleaned.paragraphs,
      droppedLabelLines: cleaned.droppedLabelLines,
      template: templateName(rule, container, urlInfo),
      images,
    };
  }
  return null;
}

function templateName(rule: BodyRule, container: Element, urlInfo: ArticleUrlInfo | null): string {
  if (rule.template !== 'mobile') return rule.template;
  if (urlInfo?.era === 'moment-2015') return 'moment-2015';
  for (let p = container.parent; p && p.type === 'tag'; p = p.parent) {
    if (hasClass(p as Element, 'news_detail')) return 'moment-2015';
  }
  return 'mobile';
}

/** Drop chrome lines (docs/site.md, "Article pages"); keep everything else in order. */
function cleanLines(lines: readonly Line[]): { paragraphs: string[]; droppedLabelLines: string[] } {
  const paragraphs: string[] = [];
  const droppedLabelLines: string[] = [];
  let inRelated = false;
  for (const { text, p } of lines) {
    if (text === '') continue;
    if (inRelated && p !== null && normalizeLine(linkTextOf(p)) === text) continue;
    inRelated = false;
    if (RELATED_HEADING.test(text)) {
      inRelated = true;
      continue;
    }
    if (LABEL_LINE.test(text) && text.length <= 80) {
      droppedLabelLines.push(text);
      continue;
    }
    if (STATEMENT_LINES.some((re) => re.test(text))) continue;
    if (text.length <= 80 && SHORT_STATEMENT.test(text)) continue;
    paragraphs.push(text);
  }
  return { paragraphs, droppedLabelLines };
}

function findTitle(index: PageIndex): string | null {
  for (const el of index.titles) {
    const t = el ? collapse(textOf(el)) : '';
    if (t) return t;
  }
  const raw = index.titleTag ? collapse(textOf(index.titleTag)) : '';
  if (!raw) return null;
  // `<title>` is `title_<site>_红网` (PC), `title_红网时刻` (2015 时刻), or bare (mobile).
  const stripped = raw
    .replace(/_红网时刻$/, '')
    .replace(/_[^_]*_红网$/, '')
    .replace(/_红网$/, '');
  return stripped || null;
}

/** 来源/作者/编辑 from the meta line, the trailing block, mobile `<p>`s, body lines, then meta tags. */
function findLabels(index: PageIndex, bodyLabelLines: readonly string[]): Labels {
  const labels: Labels = {};
  const baidu = index.authorBaidu
    ? collapse(textOf(index.authorBaidu)).replace(/^作者\s*[:：]\s*/, '')
    : '';
  if (baidu) labels.author = baidu;

  const lineParent = metaLine(index);
  if (lineParent) {
    const spans = lineParent.children.filter(
      (c): c is Element => c.type === 'tag' && (c as Element).name === 'span',
    );
    if (spans.length) for (const span of spans) fillLabels(labels, textOf(span));
    else fillLabels(labels, textOf(lineParent));
  }
  // Once all three are found, later fragments could fill nothing: skip reading their text.
  const done = () => !!labels.source && !!labels.author && !!labels.editor;
  for (const el of index.trailing) if (!done()) fillLabels(labels, textOf(el));
  for (const el of index.contentInfoSpans) if (!done()) fillLabels(labels, textOf(el));
  for (const info of index.articleInfo) if (!done()) fillLabels(labels, textOf(info));
  for (const line of bodyLabelLines) fillLabels(labels, line);

  // 2015 时刻 pages show the source as a bare label.
  if (!labels.source && index.bareSource) {
    const bare = collapse(textOf(index.bareSource));
    if (bare) labels.source = bare;
  }
  if (!labels.source) labels.source = metaContent(index, 'source') ?? undefined;
  if (!labels.author) labels.author = metaContent(index, 'author') ?? undefined;
  return labels;
}

/** Fill the fields still missing from one `来源：X 作者：Y 编辑：Z …` fragment. */
function fillLabels(labels: Labels, fragment: string): void {
  // Every LABEL keyword holds 来源, 作者 or 编辑/责编 (no whitespace, so collapsing cannot make one).
  if (
    !fragment.includes('来源') &&
    !fragment.includes('作者') &&
    !fragment.includes('编辑') &&
    !fragment.includes('责编')
  ) {
    return;
  }
  const text = collapse(fragment);
  const found = [...text.matchAll(LABEL)];
  for (let i = 0; i < found.length; i++) {
    const match = found[i];
    if (!match || match.index === undefined) continue;
    const field = LABEL_FIELD[match[1] ?? ''];
    const start = match.index + match[0].length;
    const end = found[i + 1]?.index ?? text.length;
    let value = text.slice(start, end);
    const cut = VALUE_END.exec(value);
    if (cut) value = value.slice(0, cut.index);
    value = value.trim();
    if (field && value && !labels[field]) labels[field] = value;
  }
}

function findPublishedAt(
  index: PageIndex,
  urlInfo: ArticleUrlInfo | null,
  warnings: string[],
): string | null {
  const metaDate = metaContent(index, 'publishdate');
  const metaParsed = metaDate ? parseShanghaiTime(metaDate) : null;
  const yearHint = urlInfo?.urlDate ?? metaParsed?.iso.slice(0, 10) ?? null;
  // Candidate elements in order; each one's text is read only if the ones before gave no time.
  const candidates: Element[] = [...index.timeSpans];
  if (index.divTime) candidates.push(index.divTime);
  const lineParent = metaLine(index);
  if (lineParent) candidates.push(lineParent);
  for (const candidate of candidates) {
    const parsed = parseShanghaiTime(textOf(candidate), yearHint);
    if (!parsed) continue;
    if (!parsed.hadYear) {
      warnings.push(
        `publication time has no year: year taken from ${urlInfo?.urlDate ? 'the URL date' : 'meta publishdate'}`,
      );
    }
    return parsed.iso;
  }
  if (metaParsed) return metaParsed.iso;
  warnings.push('no publication time found');
  return null;
}

/** The PC meta line: the parent of the first `span.p_l_*`, else the first `div.m_b_25`. */
function metaLine(index: PageIndex): Element | undefined {
  const parent = index.metaSpans[0]?.parent;
  if (parent && parent.type === 'tag') return parent as Element;
  return index.metaBlock;
}

/** `<p>` and `<img>` descendants, in document order (through elements only, as written). */
function collect(nodes: readonly AnyNode[], ps: Element[], imgs: Element[]): void {
  walk(nodes, (node) => {
    if (node.type !== 'tag') return false;
    const el = node as Element;
    if (el.name === 'p') ps.push(el);
    else if (el.name === 'img') imgs.push(el);
    return true;
  });
}

/**
 * The container's text with every descendant `<br>` read as a line break: text inside
 * `<script>`, `<style>` and CDATA included, comments not.
 */
function textWithBreaks(node: ParentNode): string {
  let out = '';
  walk(node.children, (child) => {
    if (child.type === 'text') out += child.data;
    else if (child.type === 'tag' && child.name === 'br') out += '\n';
    else return child.type !== 'comment';
    return false;
  });
  return out;
}

/** Concatenated text of the descendant text nodes reached through elements (not script/style). */
function textOf(el: Element): string {
  return textUnder(el, (child) => child.type === 'tag');
}

/** The text of the links inside `el` (reached through elements). */
function linkTextOf(el: Element): string {
  let out = '';
  walk(el.children, (child) => {
    if (child.type !== 'tag') return false;
    if (child.name !== 'a') return true;
    out += textOf(child);
    return false;
  });
  return out;
}

function metaContent(index: PageIndex, name: string): string | null {
  const value = collapse(index.metas.get(name) ?? '');
  return value || null;
}

function inlineVar(html: string, name: 'contentId' | 'channelId'): string | null {
  // indexOf first: a plain substring search is far cheaper than a regex over the whole page.
  for (let at = html.indexOf(name); at !== -1; at = html.indexOf(name, at + name.length)) {
    const before = html.charCodeAt(at - 1);
    if (at > 0 && isWordChar(before)) continue; // `myContentId` is another variable
    const value = /^\s*=\s*["']?(\d+)/.exec(html.slice(at + name.length, at + name.length + 40));
    // A longer number is no content or channel id of this site (limits.ts).
    if (value?.[1] && value[1].length <= MAX_CONTENT_ID_DIGITS) return value[1];
  }
  return null;
}

function isWordChar(code: number): boolean {
  return (
    (code >= 48 && code <= 57) ||
    (code >= 65 && code <= 90) ||
    (code >= 97 && code <= 122) ||
    code === 95
  );
}

/** Trim (U+3000 and NBSP included) and collapse runs of markup whitespace to one space. */
function normalizeLine(text: string): string {
  return text.replace(/[ \t\n\r\f]+/g, ' ').trim();
}

function collapse(text: string): string {
  return text.replace(/[\s\u3000]+/g, ' ').trim();
}

function resolveUrl(src: string, base: string): string | null {
  try {
    return new URL(src, base).toString();
  } catch {
    return null;
  }
}

/** `url` without `user:password@`; unparseable input as given. */
function withoutUserinfo(url: string): string {
  if (!url.includes('@')) return url;
  try {
    const parsed = new URL(url);
    if (parsed.username === '' && parsed.password === '') return url;
    parsed.username = '';
    parsed.password = '';
    return parsed.toString();
  } catch {
    return url;
  }
}

/** `paragraphs` itself when within `limit` characters in all, else the leading part that fits. */
function capParagraphs(paragraphs: string[], limit: number): string[] {
  let used = 0;
  for (let i = 0; i < paragraphs.length; i++) {
    const p = paragraphs[i] as string;
    if (used + p.length > limit) {
      const kept = paragraphs.slice(0, i);
      const room = limit - used;
      if (room > 0) kept.push(p.slice(0, room));
      return kept;
    }
    used += p.length + 1; // and the line break that joins it to the next in `text`
  }
  return paragraphs;
}

function charCount(paragraphs: readonly string[]): number {
  return paragraphs.reduce((sum, p) => sum + p.length, 0);
}

function hostOf(url: string): string | null {
  try {
    return new URL(url).host.toLowerCase();
  } catch {
    return null;
  }
}

function daysApart(a: string, b: string): number {
  return Math.abs(Date.parse(`${a}T00:00:00Z`) - Date.parse(`${b}T00:00:00Z`)) / 86_400_000;
}

function fail(code: ParseErrorCode, message: string): ParseResult {
  return { ok: false, error: { code, message } };
}
