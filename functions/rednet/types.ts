/** A link to an article found on a list page or in the JSON list API. */
export interface ArticleRef {
  /** Stable article id: the content number as a string, prefixed only for legacy CMSs (see article-url.ts). */
  id: string;
  /** Absolute URL as found (resolved against the list page). */
  url: string;
  /** Sub-site host label, e.g. `hn`, `hy`, `moment`. */
  site: string;
  /** Title as listed, when the list shows one. */
  title: string | null;
  /** Time as listed, ISO 8601 with +08:00, or null. */
  listedAt: string | null;
  /** Date the URL path encodes (`YYYY-MM-DD`), or null. */
  urlDate: string | null;
  /** The link as written in the page or API (before resolving), when known. */
  href?: string;
  /** The listed time exactly as written, when the list shows one. */
  listedText?: string | null;
  /** URL era (`plain`, `encoded`, `legacy-c`, …; see article-url.ts). */
  urlEra?: string;
}

/** One parsed list page (HTML template or JSON API). */
export interface ListPage {
  url: string;
  /**
   * The list template recognised; `unknown` for a 红网 page without article links (its layout has
   * probably changed), `not-rednet` for a page without article links and without any sign of
   * 红网 (wrong URL, another site).
   */
  template: 'old' | 'new' | 'county' | 'js-blocks' | 'json' | 'links' | 'unknown' | 'not-rednet';
  articles: ArticleRef[];
  /** Absolute URL of the next page, or null. */
  nextPage: string | null;
  /** Column (channel) id from the URL, the API query or the page's inline `channelId`, when known. */
  channelId?: string | null;
  /** True when something was cut or skipped (see limits.ts); `warnings` says what. */
  partial?: boolean;
  warnings?: string[];
}

/** A parsed article page. Serialised as the `article` of `newsmon extract --json` (a public interface). */
export interface Article {
  id: string;
  url: string;
  site: string;
  channel: string | null;
  title: string | null;
  /** ISO 8601 with +08:00 (Asia/Shanghai), or null with a warning: never the current time. */
  publishedAt: string | null;
  source: string | null;
  author: string | null;
  editor: string | null;
  /** Body paragraphs joined by `\n`, chrome removed. */
  text: string;
  paragraphs: string[];
  images: string[];
  /** Encoding the bytes were decoded with (`utf-8`, `gb18030`, …). */
  encoding: string;
  /** Which page template was recognised. */
  template: string;
  /** True when the page lacked something essential (no body, truncated): still usable, flagged. */
  partial: boolean;
  warnings: string[];
}
