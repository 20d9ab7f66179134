import type { HttpClient } from '../../http/http-client.js';
import { parseArticlePage } from '../../rednet/article-page.js';
import { parseListResponse } from '../../rednet/list-page.js';
import type { Article, ArticleRef } from '../../rednet/types.js';
import { PageParseError } from '../errors.js';
import type { FetchOptions, ListFetchResult, SourceFetcher } from '../ports.js';

/** SourceFetcher over the shared HttpClient (politeness, retries, decoding) and the site module. */
export class HttpSourceFetcher implements SourceFetcher {
  constructor(private readonly http: HttpClient) {}

  async fetchList(
    url: string,
    conditional: { etag: string | null; lastModified: string | null },
    options: FetchOptions = {},
  ): Promise<ListFetchResult> {
    const response = await this.http.get(url, { ...conditional, signal: options.signal });
    if (response.status === 304) return { status: 'not-modified' };
    // Relative links resolve against where the page really is, after any redirect.
    const parsed = parseListResponse(
      response.text,
      response.url || url,
      response.headers.get('content-type'),
    );
    if (!parsed.ok) {
      throw new PageParseError(url, `list-${parsed.error.code}`, parsed.error.message);
    }
    return {
      status: 'ok',
      page: parsed.page,
      etag: response.etag,
      lastModified: response.lastModified,
    };
  }

  async fetchArticle(ref: ArticleRef, options: FetchOptions = {}): Promise<Article> {
    const response = await this.http.get(ref.url, { signal: options.signal });
    // Parse against the listed URL: the id the monitor deduplicates on comes from it.
    const parsed = parseArticlePage(response.text, ref.url, {
      encoding: response.encoding,
      decodeWarnings: response.decodeWarnings,
    });
    if (!parsed.ok) {
      throw new PageParseError(ref.url, `article-${parsed.error.code}`, parsed.error.message);
    }
    const article = parsed.article;
    if (article.id !== ref.id) {
      // Storing under another id than the list's would make the article look new every cycle.
      return {
        ...article,
        id: ref.id,
        warnings: [
          ...article.warnings,
          `page id ${article.id} differs from the listed id ${ref.id}`,
        ],
      };
    }
    return article;
  }
}
