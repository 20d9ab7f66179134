/**
 * The DOM helpers both page parsers share: one htmlparser2 parse, and walks that keep their own
 * stack instead of recursing, so a page nested thousands of levels deep cannot overflow the call
 * stack.
 */
import type { AnyNode, Document, Element, ParentNode, Text } from 'domhandler';
import { parseDocument } from 'htmlparser2';

/** The page as a DOM (htmlparser2 with its HTML defaults, entities decoded). */
export function parseHtml(html: string): Document {
  return parseDocument(html);
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
