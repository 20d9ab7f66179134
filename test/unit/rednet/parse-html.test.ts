import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { load } from 'cheerio/slim';
import type { AnyNode } from 'domhandler';
import { describe, expect, it } from 'vitest';
import { decodeHtml } from '../../../functions/http/decode.js';
import { parseArticlePage, parseHtml } from '../../../functions/rednet/article-page.js';

const fixtures = join(import.meta.dirname, '..', '..', 'fixtures');

function htmlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? htmlFiles(join(dir, entry.name))
      : entry.name.endsWith('.html')
        ? [join(dir, entry.name)]
        : [],
  );
}

/** Everything the extractors read from a node, recursively. */
function shape(node: AnyNode): unknown {
  return {
    type: node.type,
    name: 'name' in node ? node.name : undefined,
    attribs: 'attribs' in node ? node.attribs : undefined,
    data: 'data' in node ? node.data : undefined,
    children: 'children' in node ? node.children.map(shape) : undefined,
  };
}

describe('parseHtml', () => {
  const pages = [
    ...htmlFiles(join(fixtures, 'pages')),
    ...htmlFiles(join(fixtures, 'dev')),
    ...htmlFiles(join(fixtures, 'site')),
  ].map((file) => decodeHtml(readFileSync(file), null).text);
  const odd = [
    '',
    'no markup',
    '<div id="articlecontent">a<br>b<!-- c --><script>x<br></script></div>',
    '<p>unclosed <b>bold',
    '<html><body><p>x</p></body></html><p>after</p>',
  ];

  it('builds the same document as cheerio load()', () => {
    expect(pages.length).toBeGreaterThan(10);
    for (const html of [...pages, ...odd]) {
      expect(shape(parseHtml(html))).toEqual(shape(load(html)._root));
    }
  });

  it('links every node to its parent and siblings as load() does', () => {
    const doc = parseHtml('<div><p>a</p>b<br><span>c</span></div>');
    const div = doc.children[0];
    if (!div || !('children' in div)) throw new Error('no div');
    expect(div.parent).toBe(doc);
    for (const [i, child] of div.children.entries()) {
      expect(child.parent).toBe(div);
      expect(child.prev).toBe(div.children[i - 1] ?? null);
      expect(child.next).toBe(div.children[i + 1] ?? null);
    }
  });
});

describe('bodies without <p>', () => {
  const url = 'https://hn.rednet.cn/content/2022/03/15/11012345.html';
  const page = (body: string) =>
    `<html><head><title>标题_湖南_红网</title></head><body><div id="articlecontent">${body}</div></body></html>`;
  const paragraphs = (body: string) => {
    const result = parseArticlePage(page(body), url);
    if (!result.ok) throw new Error(result.error.message);
    return result.article.paragraphs;
  };

  // Expected values are what the former clone + replaceWith('\n') + .text() gave.
  it('breaks lines at every <br>, however deep', () => {
    expect(paragraphs('<span>a<br><b>b<br>c</b></span>d')).toEqual(['a', 'b', 'cd']);
    expect(paragraphs('a<BR/>b<br />c')).toEqual(['a', 'b', 'c']);
  });

  it('keeps script text and drops comments, as cheerio .text() does', () => {
    expect(paragraphs('x<script>var s="1<br>2";</script>y<br>z')).toEqual([
      'xvar s="1<br>2";y',
      'z',
    ]);
    expect(paragraphs('p<!-- c<br>d -->q<br>r')).toEqual(['pq', 'r']);
  });
});
