import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeHtml } from '../../../functions/http/decode.js';
import { articleFromPlainText, parseArticlePage } from '../../../functions/rednet/article-page.js';
import type { Article } from '../../../functions/rednet/types.js';

const fixtures = join(import.meta.dirname, '..', '..', 'fixtures');
const readText = (...parts: string[]) => readFileSync(join(fixtures, ...parts), 'utf8');

interface ArticleManifestEntry {
  file: string;
  kind: 'article';
  url: string;
  template: string | null;
  encoding: string;
  title?: string;
  publishedAt?: string | null;
  source?: string | null;
  author?: string | null;
  editor?: string | null;
  bodyStartsWith?: string;
  bodyEndsWith?: string;
  bodyLines?: number;
  id?: string;
  channel?: string;
  images?: number;
  urlDate?: string;
  warning?: string;
  expectedError?: string;
}

function parseFixture(entry: ArticleManifestEntry) {
  const decoded = decodeHtml(readFileSync(join(fixtures, 'pages', entry.file)));
  return {
    decoded,
    result: parseArticlePage(decoded.text, entry.url, { encoding: decoded.encoding }),
  };
}

function mustParse(html: string, url: string): Article {
  const result = parseArticlePage(html, url);
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.article;
}

describe('parseArticlePage on the seed article (test/fixtures/dev)', () => {
  const gold = JSON.parse(readText('dev', 'seed-article.gold.json')).page as Record<string, string>;
  const article = mustParse(readText('dev', 'seed-article.html'), gold.url ?? '');

  it('extracts exactly the gold page fields', () => {
    expect({
      id: article.id,
      title: article.title,
      publishedAt: article.publishedAt,
      source: article.source,
      author: article.author,
      editor: article.editor,
    }).toEqual({
      id: gold.url_id,
      title: gold.title,
      publishedAt: gold.publishedAt,
      source: gold.source,
      author: gold.author,
      editor: gold.editor,
    });
  });

  it('keeps 31 body lines between the gold anchors, trailing block excluded', () => {
    expect(article.paragraphs).toHaveLength(31);
    expect(article.text.startsWith(gold.bodyStartsWith ?? '')).toBe(true);
    expect(article.text.endsWith(gold.bodyEndsWith ?? '')).toBe(true);
    expect(article.text).toBe(article.paragraphs.join('\n'));
    expect(article.text).not.toMatch(/来源：|作者：|编辑：|原创文章/);
  });

  it('keeps the six bold section headings as lines of their own', () => {
    expect(article.paragraphs).toContain('政治安全持续稳固');
    expect(article.paragraphs).toContain('队伍建设持续向好');
  });

  it('records template, site, channel, images and no warnings', () => {
    expect(article).toMatchObject({
      template: 'pc-detail',
      site: 'hn',
      channel: '7417',
      partial: false,
      warnings: [],
    });
    expect(article.images).toHaveLength(6);
    expect(article.images.every((src) => src.startsWith('https://img.rednet.cn/2021/08-26/'))).toBe(
      true,
    );
  });
});

describe('article fixtures of every template (test/fixtures/pages/manifest.json)', () => {
  const manifest = JSON.parse(readText('pages', 'manifest.json')) as {
    fixtures: ArticleManifestEntry[];
  };
  const articles = manifest.fixtures.filter((f) => f.kind === 'article');

  it('covers every article template and a GBK page', () => {
    const templates = new Set(articles.map((f) => f.template));
    for (const t of ['pc-detail', 'mobile', 'moment-2015', 'city-2018', 'legacy-c'])
      expect(templates).toContain(t);
    expect(articles.some((f) => f.encoding === 'gbk')).toBe(true);
  });

  for (const entry of articles) {
    if (entry.expectedError) {
      it(`rejects ${entry.file} with ${entry.expectedError}`, () => {
        const { result } = parseFixture(entry);
        expect(result).toMatchObject({ ok: false, error: { code: entry.expectedError } });
      });
      continue;
    }
    it(`parses ${entry.file} to its manifest fields`, () => {
      const { decoded, result } = parseFixture(entry);
      if (!result.ok)
        throw new Error(`${entry.file}: ${result.error.code} ${result.error.message}`);
      const a = result.article;
      expect(decoded.encoding).toBe(entry.encoding);
      expect({
        template: a.template,
        title: a.title,
        publishedAt: a.publishedAt,
        source: a.source,
        author: a.author,
        editor: a.editor,
        encoding: a.encoding,
        lines: a.paragraphs.length,
      }).toEqual({
        template: entry.template,
        title: entry.title,
        publishedAt: entry.publishedAt,
        source: entry.source,
        author: entry.author,
        editor: entry.editor,
        encoding: entry.encoding,
        lines: entry.bodyLines,
      });
      expect(a.text.slice(0, 12)).toBe(entry.bodyStartsWith);
      expect(a.text.slice(-12)).toBe(entry.bodyEndsWith);
      if (entry.id) expect(a.id).toBe(entry.id);
      if (entry.channel) expect(a.channel).toBe(entry.channel);
      if (entry.images !== undefined) expect(a.images).toHaveLength(entry.images);
      if (entry.warning) expect(a.warnings).toContain(entry.warning);
    });
  }
});

describe('parseArticlePage body rules', () => {
  const manifest = JSON.parse(readText('pages', 'manifest.json')) as {
    fixtures: ArticleManifestEntry[];
  };
  const byFile = (file: string) => {
    const entry = manifest.fixtures.find((f) => f.file === file);
    if (!entry) throw new Error(`no fixture ${file}`);
    const { result } = parseFixture(entry);
    if (!result.ok) throw new Error(result.error.message);
    return result.article;
  };

  it('keeps a 延伸阅读 link line but drops an in-body 相关新闻 list', () => {
    const a = byFile('pc-detail-encoded.html');
    expect(a.paragraphs).toContain('延伸阅读：《衡阳交警公布8月交通安全形势分析》');
    expect(a.text).not.toContain('相关新闻');
    expect(a.text).not.toContain('1500余起');
  });

  it('keeps a visible image file name and a bold heading as body lines', () => {
    const a = byFile('pc-detail-plain.html');
    expect(a.paragraphs).toContain('微信图片_20220315093012.jpg');
    expect(a.paragraphs).toContain('打防并举筑牢防线');
  });

  it('strips U+3000 indents and drops 本文为…原创 and 本文链接 lines', () => {
    const a = byFile('city-2018.html');
    expect(a.paragraphs.every((line) => !line.startsWith('\u3000'))).toBe(true);
    expect(a.text).not.toMatch(/本文链接|原创文章/);
  });

  it('takes the year of a yearless 2015 时刻 time from the URL and says so', () => {
    const a = byFile('moment-2015.html');
    expect(a.publishedAt).toBe('2015-09-12T15:20:00+08:00');
    expect(a.warnings.join(' ')).toMatch(/no year/);
  });

  it('falls back to <title> without the _<site>_红网 suffix', () => {
    const html = `<html><head><title>湖南新增A级旅游景区37家_湖南频道_红网</title></head><body>
      <div class="detail_article_content"><p>正文一段。</p></div></body></html>`;
    expect(mustParse(html, 'https://hn.rednet.cn/content/2021/08/26/9850796.html').title).toBe(
      '湖南新增A级旅游景区37家',
    );
  });

  it('splits a single-line meta block and stops a value at the time', () => {
    const html = `<html><body><div class="box_left"><h1 class="detail_title">题</h1>
      <div class="m_b_25">来源：湖南日报 作者：张三 李四 责任编辑：王五 2021-08-26 10:05</div>
      <div class="detail_article_content"><p>正文。</p></div></div>红网</body></html>`;
    const a = mustParse(html, 'https://hn.rednet.cn/content/2021/08/26/9850796.html');
    expect([a.source, a.author, a.editor, a.publishedAt]).toEqual([
      '湖南日报',
      '张三 李四',
      '王五',
      '2021-08-26T10:05:00+08:00',
    ]);
  });

  it('warns when the visible date and the URL date disagree', () => {
    const html = `<html><body><h1 class="detail_title">题</h1><span class="p_l_25">2021-09-30 08:00:00</span>
      <div class="detail_article_content"><p>红网正文。</p></div></body></html>`;
    const a = mustParse(html, 'https://hn.rednet.cn/content/2021/08/26/9850796.html');
    expect(a.publishedAt).toBe('2021-09-30T08:00:00+08:00');
    expect(a.warnings).toContain(
      'publication date 2021-09-30 differs from the URL date 2021-08-26',
    );
  });

  it('takes the id from the inline contentId when the URL is not an article URL', () => {
    const html = `<html><head><script>var contentId = "9850796";</script></head><body>
      <div class="detail_article_content"><p>红网正文。</p></div></body></html>`;
    expect(mustParse(html, 'http://127.0.0.1:8000/preview?id=1').id).toBe('9850796');
  });
});

describe('parseArticlePage bad input', () => {
  const url = 'https://hn.rednet.cn/content/2021/08/26/9850796.html';
  const seed = readText('dev', 'seed-article.html');

  it('returns empty for an empty or blank page', () => {
    expect(parseArticlePage('', url)).toMatchObject({ ok: false, error: { code: 'empty' } });
    expect(parseArticlePage(' \n\t ', url)).toMatchObject({ ok: false, error: { code: 'empty' } });
  });

  it('returns binary for bytes that are not text', () => {
    const png = '\u0089PNG\r\n\u001a\n\u0000\u0000\u0000\rIHDR';
    expect(parseArticlePage(png, url)).toMatchObject({ ok: false, error: { code: 'binary' } });
  });

  it('returns undecodable for a GBK page decoded as UTF-8', () => {
    const gbk = readFileSync(join(fixtures, 'pages', 'legacy-c-gbk.html'));
    const wrong = new TextDecoder('utf-8').decode(gbk);
    expect(parseArticlePage(wrong, 'http://zt.rednet.cn/c/2015/04/22/3654321.htm')).toMatchObject({
      ok: false,
      error: { code: 'undecodable' },
    });
  });

  it('returns not-html for plain text', () => {
    expect(parseArticlePage('红网时刻讯 这是一段纯文本。', url)).toMatchObject({
      ok: false,
      error: { code: 'not-html' },
    });
  });

  it('returns not-rednet for another site page', () => {
    const html = `<html><head><title>新华网</title></head><body><div class="detail_article_content">
      <p>正文。</p></div></body></html>`;
    expect(
      parseArticlePage(html, 'http://www.xinhuanet.com/politics/2021-08/25/c_1127794213.htm'),
    ).toMatchObject({
      ok: false,
      error: { code: 'not-rednet' },
    });
  });

  it('returns not-article for a rednet page that is not an article', () => {
    const result = parseArticlePage(
      '<html><body>红网首页</body></html>',
      'https://hn.rednet.cn/channel/7417.html',
    );
    expect(result).toMatchObject({ ok: false, error: { code: 'not-article' } });
  });

  it('gives a partial article with a warning for HTML cut off inside the body', () => {
    const cut = seed.slice(0, seed.indexOf('<p><strong>风险系数持续降低'));
    const result = parseArticlePage(cut, url);
    if (!result.ok) throw new Error(result.error.message);
    expect(result.article.partial).toBe(true);
    expect(result.article.warnings.join(' ')).toMatch(/truncated/);
    expect(result.article.title).toBe('衡阳公安一年来“牢记重要训词 履行职责使命”成效显著');
    expect(result.article.paragraphs.length).toBeGreaterThan(5);
    expect(result.article.paragraphs.length).toBeLessThan(31);
  });

  it('returns no-body for HTML cut off before the body', () => {
    const cut = seed.slice(0, seed.indexOf('<article'));
    expect(parseArticlePage(cut, url)).toMatchObject({ ok: false, error: { code: 'no-body' } });
  });

  it('never uses the current time for a page with no date', () => {
    const html = `<html><body><h1 class="detail_title">题</h1><div class="detail_article_content">
      <p>红网正文。</p></div></body></html>`;
    const a = mustParse(html, url);
    expect(a.publishedAt).toBeNull();
    expect(a.warnings).toContain('no publication time found');
  });
});

describe('articleFromPlainText', () => {
  it('reads a saved body with a "# <path>" header into an article without title or time', () => {
    const text =
      '# /content/2021/08/26/9850796.html\n晚稻\n红网醴陵站讯10月9日，收储秋粮3200吨。\n来源：红网\n';
    const result = articleFromPlainText(text);
    if (!result.ok) throw new Error(result.error.message);
    expect(result.article).toMatchObject({
      id: '9850796',
      title: null,
      publishedAt: null,
      source: '红网',
      paragraphs: ['晚稻', '红网醴陵站讯10月9日，收储秋粮3200吨。'],
      template: 'plain-text',
    });
    expect(result.article.warnings).toContain('plain text: no publication time');
  });

  it('uses the given URL and, without one, a content-hash id', () => {
    const withUrl = articleFromPlainText(
      '正文一行。',
      'https://hy.rednet.cn/content/646943/58/15301234.html',
    );
    expect(withUrl).toMatchObject({ ok: true, article: { id: '15301234', site: 'hy' } });
    const a = articleFromPlainText('正文一行。');
    const b = articleFromPlainText('正文一行。');
    expect(a.ok && b.ok && a.article.id === b.article.id && a.article.id.startsWith('text-')).toBe(
      true,
    );
  });

  it('rejects empty text', () => {
    expect(articleFromPlainText('\n\n')).toMatchObject({ ok: false, error: { code: 'empty' } });
  });
});
