import type { Element } from 'domhandler';
import { DepthLimitedHandler } from './dom.js';

/**
 * Where a list template's items sit: `item` elements inside a `near` element that is itself inside
 * a `far` one (the CSS selector `far near item`; without `far`, `near item`; without either, every
 * `item`).
 */
export interface ItemContext {
  item: string;
  near?: (el: Element) => boolean;
  far?: (el: Element) => boolean;
}

/** What the scan hands over, in document order, each element complete with its content. */
export interface ListVisitor {
  /** An item element of context `index` (an element can be an item of several contexts). */
  item(index: number, el: Element): void;
  /** An `a` element with an `href`. */
  link(a: Element): void;
}

/** How far an element's ancestors go towards a context's `far near`. */
const OUTSIDE = 0;
const IN_FAR = 1;
const IN_NEAR = 2;

interface OpenElement {
  /** The states this element's children start in, one per context. */
  childStates: readonly number[];
  /** Contexts this element is an item of. */
  itemOf: readonly number[];
  link: boolean;
  /** Position in document order (opening tags counted). */
  order: number;
}

interface Captured {
  el: Element;
  open: OpenElement;
}

/**
 * A list page's items and links as the parser streams them, without the page's tree: only the
 * elements still open and the content of items and links are kept, so memory follows the largest
 * item, not the page (a list page of 100,000 links built as a DOM held ~125 MB). Each item and link
 * is handed to the visitor once its end tag is parsed, then dropped; nested ones are handed over in
 * document order when their outermost one ends.
 */
export class ListScanHandler<V extends ListVisitor> extends DepthLimitedHandler {
  private readonly open: OpenElement[] = [];
  private readonly topStates: readonly number[];
  /** Items and links open now; while there are any, content is kept. */
  private capturing = 0;
  private pending: Captured[] = [];
  private order = 0;

  constructor(
    maxDepth: number,
    private readonly contexts: readonly ItemContext[],
    readonly visitor: V,
  ) {
    super(maxDepth);
    this.topStates = contexts.map(startState);
  }

  override onopentag(name: string, attribs: Record<string, string>): void {
    const states = this.open[this.open.length - 1]?.childStates ?? this.topStates;
    super.onopentag(name, attribs);
    const el = this.tagStack[this.tagStack.length - 1] as Element;
    const itemOf: number[] = [];
    let childStates: number[] | undefined;
    for (const [index, context] of this.contexts.entries()) {
      const state = states[index] as number;
      if (name === context.item && state === IN_NEAR) itemOf.push(index);
      const next = nextState(context, state, el);
      if (next !== state) {
        childStates ??= [...states];
        childStates[index] = next;
      }
    }
    const link = name === 'a' && attribs.href !== undefined;
    this.open.push({ childStates: childStates ?? states, itemOf, link, order: this.order++ });
    if (itemOf.length > 0 || link) this.capturing++;
  }

  override onclosetag(): void {
    const el = this.tagStack[this.tagStack.length - 1] as Element;
    const open = this.open.pop();
    super.onclosetag();
    if (open === undefined) return;
    if (open.itemOf.length > 0 || open.link) {
      this.capturing--;
      this.pending.push({ el, open });
    }
    if (this.capturing > 0) return;
    if (this.pending.length > 0) this.handOver();
    // Nothing outside an open item or link is read again: the element leaves the tree.
    const parent = el.parent;
    if (parent !== null && parent.children[parent.children.length - 1] === el) {
      parent.children.pop();
      if (el.prev !== null) el.prev.next = null;
      el.parent = null;
      el.prev = null;
    }
  }

  override ontext(data: string): void {
    if (this.capturing > 0) super.ontext(data);
  }

  override oncomment(data: string): void {
    if (this.capturing > 0) super.oncomment(data);
  }

  override oncdatastart(): void {
    if (this.capturing > 0) super.oncdatastart();
  }

  override onprocessinginstruction(name: string, data: string): void {
    if (this.capturing > 0) super.onprocessinginstruction(name, data);
  }

  private handOver(): void {
    const done = this.pending;
    this.pending = [];
    if (done.length > 1) done.sort((a, b) => a.open.order - b.open.order);
    for (const { el, open } of done) {
      for (const index of open.itemOf) this.visitor.item(index, el);
      if (open.link) this.visitor.link(el);
    }
  }
}

function startState(context: ItemContext): number {
  if (context.near === undefined) return IN_NEAR;
  return context.far === undefined ? IN_FAR : OUTSIDE;
}

function nextState(context: ItemContext, state: number, el: Element): number {
  if (state === OUTSIDE && context.far?.(el)) return IN_FAR;
  if (state === IN_FAR && context.near?.(el)) return IN_NEAR;
  return state;
}
