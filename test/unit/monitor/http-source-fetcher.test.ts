import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { HttpClient, HttpResponse } from '../../../functions/http/http-client.js';
import { HttpSourceFetcher } from '../../../functions/monitor/adapters/http-source-fetcher.js';
import { PageParseError } from '../../../functions/monitor/errors.js';
import type { ArticleRef } from '../../../functions/rednet/types.js';

const SEED_URL = 'https://hn.rednet.cn/content/2021/08/26/9850796.html';
const seed = readFileSync(new URL('../../fixtures/dev/seed-article.html', import.meta.url), 'utf8');
const list = readFileSync(new URL('../../fixtures/dev/list-page.html', import.meta.url), 'utf8');

/** Answers every GET with one canned response; records the conditional headers asked for. */
function httpReturning(response: Partial<HttpResponse>) {
  const calls: { url: string; options: unknown }[] = [];
  const http = {
    get: async (url: string, options?: unknown): Promise<HttpResponse> => {
      calls.push({ url, options });
      return {
        url,
        status: 200,
        headers: new Headers({ 'content-type': 'text/html; charset=utf-8' }),
        bytes: new Uint8Array(),
        text: '',
        encoding: 'utf-8',
        decodeWarnings: [],
        etag: null,
        lastModified: null,
        attempts: 1,
        ...response,
      };
    },
  };
  return { http: http as unknown as HttpClient, calls };
}

function ref(id: string, url = SEED_URL): ArticleRef {
  return { id, url, site: 'hn', title: null, listedAt: null, urlDate: null };
}

describe('HttpSourceFetcher', () => {
  it('passes the stored validators and reports a 304 as not modified', async () => {
    const { http, calls } = httpReturning({ status: 304 });
    const result = await new HttpSourceFetcher(http).fetchList(
      'https://hn.rednet.cn/channel/7417.html',
      {
        etag: '"abc"',
        lastModified: null,
      },
    );
    expect(result).toEqual({ status: 'not-modified' });
    expect(calls[0]?.options).toEqual({ etag: '"abc"', lastModified: null });
  });

  it('returns the parsed list with the new validators', async () => {
    const { http } = httpReturning({ text: list, etag: '"v2"' });
    const result = await new HttpSourceFetcher(http).fetchList(
      'https://hn.rednet.cn/channel/7417.html',
      {
        etag: null,
        lastModified: null,
      },
    );
    expect(result.status).toBe('ok');
    if (result.status !== 'ok') return;
    expect(result.etag).toBe('"v2"');
    expect(result.page.articles.length).toBeGreaterThan(3);
    expect(result.page.nextPage).toBe('https://hn.rednet.cn/channel/7417_2.html');
  });

  it('turns an unreadable article page into a PageParseError with a reason code', async () => {
    const { http } = httpReturning({ text: '   ' });
    const error = await new HttpSourceFetcher(http).fetchArticle(ref('9850796')).catch((e) => e);
    expect(error).toBeInstanceOf(PageParseError);
    expect((error as PageParseError).reason).toMatch(/^article-/);
  });

  it('keeps the listed id when the page names another, with a warning', async () => {
    const { http } = httpReturning({ text: seed });
    const article = await new HttpSourceFetcher(http).fetchArticle(ref('c-1'));
    expect(article.id).toBe('c-1');
    expect(article.warnings).toContain('page id 9850796 differs from the listed id c-1');
    expect(article.title).toContain('衡阳公安');
  });
});
