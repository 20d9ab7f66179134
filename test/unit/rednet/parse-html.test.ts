import { describe, expect, it } from 'vitest';
import { parseArticlePage } from '../../../functions/rednet/article-page.js';
import { parseHtml } from '../../../functions/rednet/dom.js';

describe('parseHtml', () => {
  it('links every node to its parent and siblings as a DOM walk expects', () => {
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

  it('breaks lines at every <br>, however deep', () => {
    expect(paragraphs('<span>a<br><b>b<br>c</b></span>d')).toEqual(['a', 'b', 'cd']);
    expect(paragraphs('a<BR/>b<br />c')).toEqual(['a', 'b', 'c']);
  });

  it('keeps script text and drops comments', () => {
    expect(paragraphs('x<script>var s="1<br>2";</script>y<br>z')).toEqual([
      'xvar s="1<br>2";y',
      'z',
    ]);
    expect(paragraphs('p<!-- c<br>d -->q<br>r')).toEqual(['pq', 'r']);
  });
});
