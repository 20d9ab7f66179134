import { describe, expect, it } from 'vitest';
import { parseListPage } from '../../../functions/rednet/list-page.js';

const homePage = `<!DOCTYPE html><html><head><meta charset="utf-8"><title>红网衡阳站</title></head><body>
<div class="headline"><a href="https://hy.rednet.cn/content/646943/61/15290001.html" title="衡阳市召开安全生产工作会议">衡阳市召开安全生产工作会议</a></div>
<ul class="focus">
  <li><a href="/content/646943/60/15288888.html">衡阳交警查处酒驾醉驾违法行为120起</a></li>
  <li><a href="/content/646943/60/15288888.html#comments">评论</a></li>
  <li><a href="/channel/9560.html">更多</a></li>
  <li><a href="https://www.xinhuanet.com/politics/2025-09/17/c_1.htm">新华网</a></li>
</ul>
<div id="div_newsListBychannel"><ul class="news-list"></ul></div>
</body></html>`;

describe('parseListPage on a page no list template matches', () => {
  it('falls back to the article links anywhere on the page, once each, on 红网 or the page host', () => {
    const page = parseListPage(homePage, 'https://hy.rednet.cn/');
    expect(page.template).toBe('links');
    expect(page.articles.map((article) => article.id)).toEqual(['15290001', '15288888']);
    expect(page.articles[0]?.title).toBe('衡阳市召开安全生产工作会议');
    expect(page.articles[1]?.url).toBe('https://hy.rednet.cn/content/646943/60/15288888.html');
  });

  it('still reports an unknown layout when the page has no article link at all', () => {
    const page = parseListPage(
      '<html><body><a href="/channel/1.html">栏目</a></body></html>',
      'https://hy.rednet.cn/',
    );
    expect(page.template).toBe('unknown');
    expect(page.articles).toEqual([]);
  });
});
