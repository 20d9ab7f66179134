/**
 * The DOM helpers both page parsers share: one htmlparser2 parse, and walks that keep their own
 * stack instead of recursing, so a page nested thousands of levels deep cannot overflow the call
 * stack.
 */
import {
  type AnyNode,
  type Document,
  DomHandler,
  type Element,
  type ParentNode,
  type Text,
} from 'domhandler';
import { Parser, parseDocument } from 'htmlparser2';
import { MAX_NESTING_DEPTH, MAX_PAGE_CHARS } from './limits.js';

/** The page as a DOM (htmlparser2 with its HTML defaults, entities decoded). */
export function parseHtml(html: string): Document {
  return parseDocument(html);
}

export interface ParsedPage {
  document: Document;
  /** The text that was parsed: `html`, cut to MAX_PAGE_CHARS when longer. */
  html: string;
  /** What was cut (page length, nesting); empty for a normal page. */
  warnings: string[];
}

/**
 * Parse a fetched page within the caps of limits.ts: at most MAX_PAGE_CHARS characters, and no
 * element nested deeper than MAX_NESTING_DEPTH. The parser's open-element stack costs time in
 * proportion to its depth on every tag, so a page of 100,000 nested `<div>`s is quadratic to
 * parse; tags past the cap are removed from the text before parsing, their content kept.
 */
export function parsePage(
  page: string,
  limits: { maxChars?: number; maxDepth?: number } = {},
): ParsedPage {
  const parsed = parseInto(page, (maxDepth) => new DepthLimitedHandler(maxDepth), limits);
  return { document: parsed.handler.root, html: parsed.html, warnings: parsed.warnings };
}

/**
 * {@link parsePage} into a handler of the caller's (one that keeps only what it needs of the tree,
 * say). `create` is called again, with no depth limit, for the flattened text when the page
 * turns out deeper than the cap: what the first handler collected is discarded.
 */
export function parseInto<H extends DomHandler>(
  page: string,
  create: (maxDepth: number) => H,
  limits: { maxChars?: number; maxDepth?: number } = {},
): { handler: H; html: string; warnings: string[] } {
  const warnings: string[] = [];
  const maxChars = limits.maxChars ?? MAX_PAGE_CHARS;
  let html = page;
  if (html.length > maxChars) {
    html = html.slice(0, maxChars);
    warnings.push(`page cut to its first ${maxChars} characters (it has ${page.length})`);
  }
  const maxDepth = limits.maxDepth ?? MAX_NESTING_DEPTH;
  // Parse as is; only a page that turns out deeper than the cap pays for the rewriting scan.
  const handler = create(maxDepth);
  try {
    new Parser(handler).end(html);
    return { handler, html, warnings };
  } catch (error) {
    if (!(error instanceof TooDeepError)) throw error;
  }
  const capped = capNesting(html, maxDepth);
  if (capped.dropped > 0) {
    warnings.push(`${capped.dropped} tags nested deeper than ${maxDepth} levels were flattened`);
  }
  const flat = create(Number.POSITIVE_INFINITY);
  new Parser(flat).end(capped.html);
  return { handler: flat, html, warnings };
}

class TooDeepError extends Error {}

/** The parser's DOM builder, stopping the parse once elements nest deeper than `maxDepth`. */
export class DepthLimitedHandler extends DomHandler {
  private depth = 0;

  constructor(private readonly maxDepth: number) {
    super();
  }

  override onopentag(name: string, attribs: Record<string, string>): void {
    this.depth++;
    if (this.depth > this.maxDepth) throw new TooDeepError();
    super.onopentag(name, attribs);
  }

  override onclosetag(): void {
    this.depth--;
    super.onclosetag();
  }
}

/** Elements with no content and no end tag. */
const VOID = new Set([
  'area',
  'base',
  'basefont',
  'br',
  'col',
  'command',
  'embed',
  'frame',
  'hr',
  'image',
  'img',
  'input',
  'isindex',
  'keygen',
  'link',
  'meta',
  'param',
  'source',
  'track',
  'wbr',
]);

/** Elements whose content is text up to their own end tag. */
const RAW_TEXT = new Set(['script', 'style', 'textarea', 'title', 'xmp', 'noembed', 'noframes']);

const P = new Set(['p']);
const HEADINGS = new Set(['h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'p']);
const FORM = new Set(['input', 'option', 'optgroup', 'select', 'button', 'datalist', 'textarea']);
const DD_DT = new Set(['dd', 'dt']);
const RT_RP = new Set(['rt', 'rp']);
const TABLE_SECTIONS = new Set(['thead', 'tbody']);

/** Open elements the parser closes when a tag opens: htmlparser2's own table, in HTML mode. */
const OPEN_IMPLIES_CLOSE: Record<string, ReadonlySet<string>> = {
  tr: new Set(['tr', 'th', 'td']),
  th: new Set(['th']),
  td: new Set(['thead', 'th', 'td']),
  body: new Set(['head', 'link', 'script']),
  a: new Set(['a']),
  li: new Set(['li']),
  p: P,
  h1: HEADINGS,
  h2: HEADINGS,
  h3: HEADINGS,
  h4: HEADINGS,
  h5: HEADINGS,
  h6: HEADINGS,
  select: FORM,
  input: FORM,
  output: FORM,
  button: FORM,
  datalist: FORM,
  textarea: FORM,
  option: new Set(['option']),
  optgroup: new Set(['optgroup', 'option']),
  dd: DD_DT,
  dt: DD_DT,
  address: P,
  article: P,
  aside: P,
  blockquote: P,
  details: P,
  div: P,
  dl: P,
  fieldset: P,
  figcaption: P,
  figure: P,
  footer: P,
  form: P,
  header: P,
  hr: P,
  main: P,
  nav: P,
  ol: P,
  pre: P,
  section: P,
  table: P,
  ul: P,
  rt: RT_RP,
  rp: RT_RP,
  tbody: TABLE_SECTIONS,
  tfoot: TABLE_SECTIONS,
};

/** How far down the open elements an end tag is looked for (bounded, so the scan stays linear). */
const END_TAG_REACH = 16;

/**
 * `html` rewritten so that no element nests deeper than `maxDepth`, in one linear scan that
 * follows the open elements the way the parser does (void and raw-text elements, the implied
 * ends of its table). At the cap, a new element becomes a sibling of the deepest open one, as in
 * browsers: an end tag for that one is written before it, and its own end tag, when it comes,
 * is left out. A page that stays under the cap is returned unchanged.
 */
function capNesting(html: string, maxDepth: number): { html: string; dropped: number } {
  const open: string[] = [];
  /** Elements closed early at the cap, outermost first: their own end tags are left out. */
  const owed: string[] = [];
  const pieces: string[] = [];
  /** Index in `open` of the outermost <svg> or <math>, or -1. */
  let foreignAt = -1;
  let kept = 0;
  let dropped = 0;
  const length = html.length;
  const closeTopBefore = (at: number) => {
    const top = open.pop() as string;
    pieces.push(html.slice(kept, at), `</${top}>`);
    kept = at;
    owed.push(top);
    dropped++;
    if (foreignAt >= open.length) foreignAt = -1;
  };
  for (let at = html.indexOf('<'); at !== -1 && at < length; ) {
    const next = html.charCodeAt(at + 1);
    if (next === 33 /* ! */ || next === 63 /* ? */) {
      const end = html.startsWith('!--', at + 1)
        ? html.indexOf('-->', at + 4)
        : html.indexOf('>', at + 2);
      if (end === -1) break;
      at = html.indexOf('<', end + 1);
      continue;
    }
    const closing = next === 47; /* / */
    const nameStart = closing ? at + 2 : at + 1;
    let nameEnd = nameStart;
    while (nameEnd < length && isNameChar(html.charCodeAt(nameEnd))) nameEnd++;
    if (nameEnd === nameStart || !isLetter(html.charCodeAt(nameStart))) {
      at = html.indexOf('<', at + 1);
      continue;
    }
    const tagEnd = html.indexOf('>', nameEnd);
    if (tagEnd === -1) break;
    const name = html.slice(nameStart, nameEnd).toLowerCase();
    let resume = tagEnd + 1;
    if (closing) {
      if (open[open.length - 1] !== name && owed[owed.length - 1] === name) {
        owed.pop();
        pieces.push(html.slice(kept, at));
        kept = tagEnd + 1;
      } else {
        const index = findFromTop(open, name);
        if (index !== -1) open.length = index;
        if (foreignAt >= open.length) foreignAt = -1;
      }
    } else if (RAW_TEXT.has(name)) {
      const close = new RegExp(`</${name}[\\s/>]`, 'gi');
      close.lastIndex = tagEnd + 1;
      const found = close.exec(html);
      const closeEnd = found ? html.indexOf('>', found.index) : -1;
      resume = closeEnd === -1 ? length : closeEnd + 1;
      if (open.length >= maxDepth) closeTopBefore(at);
    } else if (!VOID.has(name) && !(foreignAt !== -1 && html.charCodeAt(tagEnd - 1) === 47)) {
      // `<div/>` opens a div in HTML; only inside <svg>/<math> does `/>` close the element.
      const implied = OPEN_IMPLIES_CLOSE[name];
      while (implied && open.length > 0 && implied.has(open[open.length - 1] as string)) open.pop();
      if (open.length >= maxDepth) closeTopBefore(at);
      if (foreignAt === -1 && (name === 'svg' || name === 'math')) foreignAt = open.length;
      open.push(name);
    }
    at = html.indexOf('<', resume);
  }
  if (dropped === 0) return { html, dropped };
  pieces.push(html.slice(kept));
  return { html: pieces.join(''), dropped };
}

/** Index of the innermost `name` among the top END_TAG_REACH entries of `stack`, or -1. */
function findFromTop(stack: readonly string[], name: string): number {
  const floor = Math.max(0, stack.length - END_TAG_REACH);
  for (let i = stack.length - 1; i >= floor; i--) if (stack[i] === name) return i;
  return -1;
}

function isLetter(code: number): boolean {
  return (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
}

function isNameChar(code: number): boolean {
  return isLetter(code) || (code >= 48 && code <= 57) || code === 45 || code === 58 || code === 95;
}

/** True for element nodes, `<script>` and `<style>` included. */
export function isElement(node: AnyNode): node is Element {
  return node.type === 'tag' || node.type === 'script' || node.type === 'style';
}

/**
 * Every descendant of `roots` in document order (pre-order), without recursion.
 * `enter(node)` returning false skips that node's children.
 */
export function walk(
  roots: readonly AnyNode[],
  enter: (node: AnyNode) => boolean | undefined,
): void {
  const stack: AnyNode[] = [];
  for (let i = roots.length - 1; i >= 0; i--) stack.push(roots[i] as AnyNode);
  for (let node = stack.pop(); node !== undefined; node = stack.pop()) {
    if (enter(node) === false) continue;
    const children = (node as ParentNode).children;
    if (children === undefined) continue;
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i] as AnyNode);
  }
}

/**
 * Text of the descendants of `node` that `descend` accepts (text nodes always count; an element
 * or other parent is entered when `descend` says so).
 */
export function textUnder(node: ParentNode, descend: (child: AnyNode) => boolean): string {
  let out = '';
  walk(node.children, (child) => {
    if (child.type === 'text') {
      out += (child as Text).data;
      return false;
    }
    return descend(child);
  });
  return out;
}

/** Whole-token match in a class attribute: `detail_article` does not match `detail_article_content`. */
export function hasToken(cls: string | undefined, name: string): boolean {
  if (!cls) return false;
  // Tokens are separated by any JS whitespace (`\s`).
  for (let at = cls.indexOf(name); at !== -1; at = cls.indexOf(name, at + 1)) {
    const end = at + name.length;
    if (
      (at === 0 || SPACE.test(cls.charAt(at - 1))) &&
      (end === cls.length || SPACE.test(cls.charAt(end)))
    ) {
      return true;
    }
  }
  return false;
}

const SPACE = /\s/;

export function hasClass(el: Element, name: string): boolean {
  return hasToken(el.attribs.class, name);
}
