import { describe, expect, it } from 'vitest';
import { parseArticlePage } from '../../../functions/rednet/article-page.js';
import { parseArticleUrl } from '../../../functions/rednet/article-url.js';
import { parsePage } from '../../../functions/rednet/dom.js';
import {
  MAX_BODY_CHARS,
  MAX_CONTENT_ID_DIGITS,
  MAX_IMAGES,
  MAX_LIST_LINKS,
  MAX_NESTING_DEPTH,
  MAX_TITLE_CHARS,
} from '../../../functions/rednet/limits.js';
import { parseListPage } from '../../../functions/rednet/list-page.js';
import type { Article } from '../../../functions/rednet/types.js';
import {
  ADVERSARIAL_ARTICLE_URL,
  ADVERSARIAL_LIST_URL,
  articlePage,
  generators,
} from '../../support/adversarial.js';

function mustParse(html: string, url = ADVERSARIAL_ARTICLE_URL): Article {
  const result = parseArticlePage(html, url);
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.article;
}

function depthOf(html: string): number {
  const { document } = parsePage(html);
  let deepest = 0;
  const stack: Array<{ node: (typeof document.children)[number]; depth: number }> =
    document.children.map((node) => ({ node, depth: 1 }));
  for (let frame = stack.pop(); frame; frame = stack.pop()) {
    deepest = Math.max(deepest, frame.depth);
    if ('children' in frame.node) {
      for (const child of frame.node.children) stack.push({ node: child, depth: frame.depth + 1 });
    }
  }
  return deepest;
}

describe('parsePage nesting cap', () => {
  it('leaves a normal page exactly as the parser builds it', () => {
    const html = articlePage('<p>一段<b>正文</b>。</p>');
    expect(parsePage(html).warnings).toEqual([]);
  });

  it('flattens tags nested past the cap and keeps their text', () => {
    const html = `<div id="articlecontent">${'<div>'.repeat(20_000)}深处的字</div>`;
    const page = parsePage(html);
    expect(page.warnings.join()).toMatch(/flattened/);
    expect(depthOf(html)).toBeLessThanOrEqual(MAX_NESTING_DEPTH + 3);
    expect(page.document.children.length).toBeGreaterThan(0);
  });

  it('caps `<div/>` nesting too, which HTML parses as an open tag', () => {
    expect(depthOf('<div/>'.repeat(5_000))).toBeLessThanOrEqual(MAX_NESTING_DEPTH + 3);
  });

  it('does not count unclosed paragraphs and list items as nesting', () => {
    const html = `<ul>${'<li>条目'.repeat(2_000)}</ul>${'<p>段落'.repeat(2_000)}`;
    expect(parsePage(html).warnings).toEqual([]);
  });
});

describe('parseArticlePage on hostile pages', () => {
  it('reads a body behind 10,000 nested divs without overflowing the stack, flagged partial', () => {
    const article = mustParse(generators.deepNesting(50_000));
    expect(article.paragraphs).toContain('深处的一段正文。');
    expect(article.partial).toBe(true);
    expect(article.warnings.join()).toMatch(/nested deeper/);
  });

  it('reads the time of a meta line padded with 200,000 spaces', () => {
    const article = mustParse(generators.whitespaceTime(200_000));
    expect(article.publishedAt).toBe('2021-08-26T10:05:12+08:00');
  });

  it('cuts a 200,000-character title, with a warning', () => {
    const html = articlePage('<p>正文。</p>').replace(
      '衡阳公安一年来成效显著',
      '长'.repeat(200_000),
    );
    const article = mustParse(html);
    expect(article.title).toHaveLength(MAX_TITLE_CHARS);
    expect(article.partial).toBe(true);
    expect(article.warnings.join()).toMatch(/title characters cut/);
  });

  it('keeps the first images of a page with 5,000 of them', () => {
    const imgs = Array.from({ length: 5_000 }, (_, i) => `<img src="/i/${i}.jpg">`).join('');
    const article = mustParse(articlePage(`<p>${imgs}正文。</p>`));
    expect(article.images).toHaveLength(MAX_IMAGES);
    expect(article.warnings.join()).toMatch(/images cut/);
  });

  it('cuts the body at the body cap', () => {
    const article = mustParse(articlePage(`<p>${'字'.repeat(MAX_BODY_CHARS + 10)}</p>`));
    expect(article.text.length).toBeLessThanOrEqual(MAX_BODY_CHARS);
    expect(article.partial).toBe(true);
  });

  it('never copies user:password@ of the page URL into the article', () => {
    const article = mustParse(
      articlePage('<p><img src="/a.jpg">正文。</p>'),
      'https://user:secret@hn.rednet.cn/content/2021/08/26/9850796.html',
    );
    expect(article.url).toBe('https://hn.rednet.cn/content/2021/08/26/9850796.html');
    expect(article.images).toEqual(['https://hn.rednet.cn/a.jpg']);
  });
});

describe('parseListPage on hostile pages', () => {
  it('reads at most the link cap from a page of 2,000 links, with a warning', () => {
    const page = parseListPage(generators.longList(2_000 * 90), ADVERSARIAL_LIST_URL);
    expect(page.articles).toHaveLength(MAX_LIST_LINKS);
    expect(page.partial).toBe(true);
    expect(page.warnings?.join()).toMatch(/not read/);
  });

  it('drops a link whose content number is longer than the site ever uses, with a warning', () => {
    const page = parseListPage(generators.digitRunLinks(1_100), ADVERSARIAL_LIST_URL);
    expect(page.articles.map((a) => a.id)).toEqual(['9850796']);
    expect(page.warnings?.join()).toMatch(/content number/);
    const long = `https://hn.rednet.cn/content/2021/08/26/${'1'.repeat(MAX_CONTENT_ID_DIGITS + 1)}.html`;
    expect(parseArticleUrl(long)).toBeNull();
  });

  it('strips user:password@ of the list URL from the article URLs it resolves', () => {
    const page = parseListPage(
      '<div id="div_newsList"><ul class="news_list"><li><a href="/content/2021/08/26/9850796.html">新闻</a></li></ul></div>',
      'https://user:secret@hn.rednet.cn/channel/7417.html',
    );
    expect(page.articles[0]?.url).toBe('https://hn.rednet.cn/content/2021/08/26/9850796.html');
  });

  it('reports a page of another site as not-rednet, and a 红网 page without links as unknown', () => {
    const other = parseListPage(
      '<html><head><title>Example News</title></head><body><a href="/about">About</a></body></html>',
      'https://news.example.com/',
    );
    expect(other.template).toBe('not-rednet');
    const changed = parseListPage(
      '<html><head><title>衡阳_红网</title></head><body><p>改版了</p></body></html>',
      'https://hy.rednet.cn/channel/1.html',
    );
    expect(changed.template).toBe('unknown');
  });
});
