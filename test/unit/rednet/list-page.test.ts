import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  hrefKind,
  nextListPageUrl,
  parseListApi,
  parseListPage,
  parseListResponse,
} from '../../../functions/rednet/list-page.js';

const fixtures = join(import.meta.dirname, '..', '..', 'fixtures');
const read = (...parts: string[]) => readFileSync(join(fixtures, ...parts), 'utf8');

interface GoldListArticle {
  url: string;
  href: string;
  contentId: string;
  title: string;
  time: string;
  listedAt: string;
  urlDate: string;
  urlEra: string;
  hrefKind: string;
}

interface ListManifestEntry {
  file: string;
  kind: string;
  url: string;
  template: string;
  contentType?: string;
  channelId?: string;
  articleIds: string[];
  articleUrls?: string[];
  listedAt?: string[];
  nextPage: string | null;
}

describe('parseListPage on the dev list page (test/fixtures/dev)', () => {
  const gold = JSON.parse(read('dev', 'list-page.gold.json')) as {
    page: { url: string; channelId: string; template: string; nextPage: string };
    articles: GoldListArticle[];
    notArticles: Array<{ url: string }>;
  };
  const page = parseListPage(read('dev', 'list-page.html'), gold.page.url);

  it('reproduces every gold article, in order, field by field', () => {
    const got = page.articles.map((a) => ({
      url: a.url,
      href: a.href,
      contentId: a.id,
      title: a.title,
      time: a.listedText,
      listedAt: a.listedAt,
      urlDate: a.urlDate,
      urlEra: a.urlEra,
      hrefKind: a.href === undefined ? undefined : hrefKind(a.href),
    }));
    expect(got).toEqual(gold.articles);
  });

  it('reproduces the page fields: template, channel and next page', () => {
    expect(page.template).toBe(gold.page.template);
    expect(page.channelId).toBe(gold.page.channelId);
    expect(page.nextPage).toBe(gold.page.nextPage);
  });

  it('leaves out the external link and the pager links', () => {
    const urls = new Set(page.articles.map((a) => a.url));
    for (const not of gold.notArticles) expect(urls.has(not.url)).toBe(false);
  });

  it('labels each article with its sub-site', () => {
    expect(page.articles.map((a) => a.site)).toEqual(['hn', 'hn', 'hn', 'hy', 'hn', 'hn']);
  });
});

describe('list fixtures of every template (test/fixtures/pages/manifest.json)', () => {
  const manifest = JSON.parse(read('pages', 'manifest.json')) as { fixtures: ListManifestEntry[] };
  const lists = manifest.fixtures.filter((f) => f.kind === 'list');

  it('covers the old, new, county, js-blocks and json templates', () => {
    expect(lists.map((f) => f.template).sort()).toEqual([
      'county',
      'js-blocks',
      'json',
      'new',
      'old',
    ]);
  });

  for (const fixture of lists) {
    it(`parses ${fixture.file} as the ${fixture.template} template`, () => {
      const result = parseListResponse(
        read('pages', fixture.file),
        fixture.url,
        fixture.contentType ?? 'text/html',
      );
      if (!result.ok) throw new Error(`${fixture.file}: ${result.error.code}`);
      const { page } = result;
      expect(page.template).toBe(fixture.template);
      expect(page.articles.map((a) => a.id)).toEqual(fixture.articleIds);
      expect(page.nextPage).toBe(fixture.nextPage);
      if (fixture.articleUrls) expect(page.articles.map((a) => a.url)).toEqual(fixture.articleUrls);
      if (fixture.listedAt) expect(page.articles.map((a) => a.listedAt)).toEqual(fixture.listedAt);
      if (fixture.channelId) expect(page.channelId).toBe(fixture.channelId);
    });
  }

  it('drops a mobile duplicate of an article already listed', () => {
    const page = parseListPage(
      read('pages', 'list-old.html'),
      'https://hy.rednet.cn/channel/9561.html',
    );
    expect(page.articles.filter((a) => a.id === '15301234')).toHaveLength(1);
    expect(page.articles[0]?.url).toBe('https://hy.rednet.cn/content/646943/58/15301234.html');
  });
});

describe('parseListPage edge cases', () => {
  it('keeps article links on a local mirror host but drops other non-rednet hosts', () => {
    const html = `<div id="div_newsList"><ul class="news_list">
      <li><a href="/content/2021/08/26/9850796.html"><span class="f_left">本机</span></a></li>
      <li><a href="https://other.example.com/content/2021/08/27/9850800.html"><span class="f_left">他站</span></a></li>
    </ul></div>`;
    const page = parseListPage(html, 'http://127.0.0.1:8123/channel/7417.html');
    expect(page.articles.map((a) => [a.id, a.site])).toEqual([['9850796', '127.0.0.1:8123']]);
  });

  it('gives template unknown and no articles for a page with no list', () => {
    const page = parseListPage(
      '<html><body><p>维护中</p></body></html>',
      'https://hn.rednet.cn/channel/7417.html',
    );
    expect(page).toMatchObject({
      template: 'unknown',
      articles: [],
      nextPage: null,
      channelId: '7417',
    });
  });

  it('leaves listedAt null for a list time without a clock time', () => {
    const html = `<ul class="main995 list-all"><li><h1><a href="/content/646040/68/16001111.html">题</a></h1>
      <span class="shijian">2026-06-24</span></li></ul>`;
    const page = parseListPage(html, 'https://hlj.rednet.cn/channel/8288.html');
    expect(page.articles[0]).toMatchObject({
      listedAt: null,
      listedText: '2026-06-24',
      urlDate: '2026-06-24',
    });
  });
});

describe('parseListApi', () => {
  const apiUrl = 'https://front-web.rednet.cn/content/list/channel?channelId=7417&pageSize=10';

  it('returns a typed invalid-json error for a broken response', () => {
    const result = parseListApi('[{"title": "x", ', apiUrl);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe('invalid-json');
  });

  it('returns unexpected-shape for JSON that is not a list', () => {
    const result = parseListApi('{"code": 500, "msg": "error"}', apiUrl);
    expect(result).toMatchObject({ ok: false, error: { code: 'unexpected-shape' } });
  });

  it('returns empty for an empty body', () => {
    expect(parseListApi('  ', apiUrl)).toMatchObject({ ok: false, error: { code: 'empty' } });
  });

  it('accepts a {data: [...]} wrapper and skips items without a usable URL', () => {
    const json = JSON.stringify({
      data: [
        {
          title: '甲',
          contentUrl: 'https://hn.rednet.cn/content/2021/08/26/9850796.html',
          publishTimeStr: '2021-08-26 10:05',
        },
        { title: '乙', contentUrl: 42 },
        null,
      ],
    });
    const result = parseListApi(json, apiUrl);
    if (!result.ok) throw new Error(result.error.message);
    expect(result.page.articles.map((a) => a.id)).toEqual(['9850796']);
    expect(result.page.channelId).toBe('7417');
  });
});

describe('parseListResponse picks the parser', () => {
  it('parses JSON by content type and HTML by content type', () => {
    const json = parseListResponse(
      '[]',
      'https://front-web.rednet.cn/content/list/channel?channelId=1',
      'application/json',
    );
    expect(json).toMatchObject({ ok: true, page: { template: 'json' } });
    const html = parseListResponse(
      '<html></html>',
      'https://hn.rednet.cn/channel/1.html',
      'text/html; charset=utf-8',
    );
    expect(html).toMatchObject({ ok: true, page: { template: 'unknown' } });
  });

  it('sniffs JSON when no content type is given', () => {
    expect(parseListResponse(' [] ', 'https://x.rednet.cn/api')).toMatchObject({
      ok: true,
      page: { template: 'json' },
    });
  });
});

describe('nextListPageUrl', () => {
  it('builds page N of a column from the first page or any other page', () => {
    expect(nextListPageUrl('https://hn.rednet.cn/channel/7417.html', 2)).toBe(
      'https://hn.rednet.cn/channel/7417_2.html',
    );
    expect(nextListPageUrl('https://hn.rednet.cn/channel/7417_2.html', 3)).toBe(
      'https://hn.rednet.cn/channel/7417_3.html',
    );
    expect(nextListPageUrl('https://hn.rednet.cn/channel/7417_5.html', 1)).toBe(
      'https://hn.rednet.cn/channel/7417.html',
    );
  });

  it('keeps the per-day archive form', () => {
    expect(nextListPageUrl('https://xiangxiang.rednet.cn/channel/2021/0101/8060.html', 2)).toBe(
      'https://xiangxiang.rednet.cn/channel/2021/0101/8060_2.html',
    );
  });

  it('sets pageNo on the JSON API', () => {
    const next = nextListPageUrl(
      'https://front-web.rednet.cn/content/list/channel?channelId=7417&pageSize=10',
      2,
    );
    expect(new URL(next ?? '').searchParams.get('pageNo')).toBe('2');
  });

  it('returns null for unknown URLs and bad page numbers', () => {
    expect(nextListPageUrl('https://hn.rednet.cn/', 2)).toBeNull();
    expect(nextListPageUrl('https://hn.rednet.cn/channel/7417.html', 0)).toBeNull();
    expect(nextListPageUrl('not a url', 2)).toBeNull();
  });
});
