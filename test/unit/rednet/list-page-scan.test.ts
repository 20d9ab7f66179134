import type { Element } from 'domhandler';
import { describe, expect, it } from 'vitest';
import { hasClass, parseInto } from '../../../functions/rednet/dom.js';
import { parseListPage } from '../../../functions/rednet/list-page.js';
import { ListScanHandler, type ListVisitor } from '../../../functions/rednet/list-page-scan.js';

/** Records what the scan hands over: `ul.list li` items and every link. */
class Recorder implements ListVisitor {
  readonly seen: string[] = [];

  item(_index: number, el: Element): void {
    this.seen.push(`item ${describeElement(el)}`);
  }

  link(a: Element): void {
    this.seen.push(`link ${describeElement(a)}`);
  }
}

function describeElement(el: Element): string {
  return `${el.name}${el.attribs.id ? `#${el.attribs.id}` : ''}:${el.children.length}`;
}

function scan(html: string, maxDepth?: number) {
  const { handler, warnings } = parseInto(
    html,
    (depth) =>
      new ListScanHandler(
        depth,
        [{ item: 'li', near: (el) => el.name === 'ul' && hasClass(el, 'list') }],
        new Recorder(),
      ),
    maxDepth === undefined ? {} : { maxDepth },
  );
  return { seen: handler.visitor.seen, handler, warnings };
}

describe('the streaming list scan', () => {
  it('hands over items and links in document order, nested ones too, each with its content', () => {
    const { seen } = scan(
      '<ul class="list"><li id="a"><a href="/1">一</a><ul><li id="b"><a href="/2">二</a></li></ul></li><li id="c">三</li></ul><p><li id="d">外</li></p>',
    );
    expect(seen).toEqual(['item li#a:2', 'link a:1', 'item li#b:1', 'link a:1', 'item li#c:1']);
  });

  it('keeps no tree once the page is read: memory follows the largest item, not the page', () => {
    const links = Array.from(
      { length: 20_000 },
      (_, i) => `<li><a href="/t/${i}">专题${i}</a></li>`,
    );
    const { seen, handler } = scan(
      `<html><body><ul class="list">${links.join('\n')}</ul></body></html>`,
    );
    expect(seen).toHaveLength(40_000);
    expect(handler.root.children).toEqual([]);
  });

  it('hands over items left open at the end of the page', () => {
    const { seen } = scan('<ul class="list"><li id="a"><a href="/1">一');
    expect(seen).toEqual(['item li#a:1', 'link a:1']);
  });

  it('reads a page nested past the depth cap again, flattened, without counting anything twice', () => {
    const deep = `<ul class="list"><li id="x"><a href="/1">一</a></li></ul>${'<div>'.repeat(40)}深${'</div>'.repeat(40)}`;
    const { seen, warnings } = scan(deep, 20);
    expect(seen).toEqual(['item li#x:1', 'link a:1']);
    expect(warnings.join()).toContain('flattened');
  });

  it('finds the next-page link after 60,000 other links on a list page', () => {
    const items = Array.from(
      { length: 60_000 },
      (_, i) => `<li><a href="/topic/${i}.html">专题${i}</a></li>`,
    );
    const html = `<html><body><div id="div_newsList"><ul class="news_list"><li><a href="/content/2026/11/27/20261101.html"><span class="f_left">新闻</span></a></li>${items.join('')}</ul><div class="page"><a href="/channel/9999_2.html">下一页</a></div></div></body></html>`;
    const page = parseListPage(html, 'https://hn.rednet.cn/channel/9999.html');
    expect(page.template).toBe('old');
    expect(page.articles.map((a) => a.id)).toEqual(['20261101']);
    expect(page.nextPage).toBe('https://hn.rednet.cn/channel/9999_2.html');
  });
});
